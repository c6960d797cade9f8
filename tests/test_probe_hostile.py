"""statusgen probe against servers that drip their answers or hang (issue 10, item 6).

Every check has a total deadline a slow server cannot stretch, every finished monitor's
sample is written even when another check hangs, and the run's wall time is bounded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from generator.commands import probe as probe_command
from generator.commands.probe import ProbeOptions, probe
from generator.config.services import Monitor
from generator.probe import CheckResult
from generator.probe import run_check as real
from tests.test_collect_hostile import DripServer
from tests.test_probe import services

T0 = 1786528800.0


@pytest.fixture
def drips() -> Iterator[tuple[DripServer, DripServer]]:
    body, headers = DripServer("body").start(), DripServer("headers").start()
    yield body, headers
    body.stop()
    headers.stop()


def samples(site: Path, monitor: str) -> list[str]:
    path = site / "probes" / "samples" / monitor
    return [line for f in sorted(path.glob("*.csv")) for line in f.read_text().splitlines()[1:]]


def test_a_slow_drip_cannot_stretch_probe_and_the_healthy_sample_is_written(
    site_dir: Path, httpserver: HTTPServer, drips: tuple[DripServer, DripServer]
) -> None:
    body, headers = drips
    httpserver.expect_request("/health").respond_with_data("status: ok")
    (site_dir / "services.yml").write_text(
        services(
            {
                "healthy": f'{{type: http, url: "{httpserver.url_for("/health")}", keyword: ok}}',
                "drip-body": f'{{type: http, url: "{body.url}/", keyword: ok, timeout: 2s}}',
                "drip-headers": f'{{type: http, url: "{headers.url}/", timeout: 2s}}',
            }
        )
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(site_dir), "probe"],
        capture_output=True,
        text=True,
        timeout=2 * 3 + 5,  # a bound on a hang, not a performance figure
        env={**os.environ, "STATUSGEN_LOCATION": ""},
    )
    assert time.monotonic() - started < 2 * 3 + 5
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("healthy from ci: up, HTTP 200, ")
    assert lines[1:] == [
        "drip-body from ci: DOWN, timed out after 2 s",
        "drip-headers from ci: DOWN, timed out after 2 s",
        "samples 3 added, 0 updated, 0 already stored",
    ]
    assert samples(site_dir, "healthy")[0].split(",")[1:3] == ["ci", "1"]
    assert samples(site_dir, "drip-body")[0].endswith(",0,,,timed out after 2 s")
    assert samples(site_dir, "drip-headers")[0].endswith(",0,,,timed out after 2 s")


def test_a_check_hung_past_every_deadline_is_a_failed_sample_written_with_the_others(
    site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no socket deadline reaches (a stuck DNS lookup, say), the run still ends."""
    httpserver.expect_request("/health").respond_with_data("ok")
    (site_dir / "services.yml").write_text(
        services(
            {
                "healthy": f'{{type: http, url: "{httpserver.url_for("/health")}", timeout: 1s}}',
                "stuck": '{type: http, url: "http://stuck.invalid/", timeout: 1s}',
            }
        )
    )
    release = threading.Event()

    def run_check(
        monitor: Monitor, location: str, clock: Callable[[], float] = time.time
    ) -> CheckResult:
        if monitor.id == "stuck":
            release.wait(30)
        return real(monitor, location, clock)

    monkeypatch.setattr(probe_command, "run_check", run_check)
    monkeypatch.setattr(probe_command, "GRACE", 1.0)
    started = time.monotonic()
    try:
        run = probe(ProbeOptions(site_dir, environ={}, clock=lambda: T0))
    finally:
        release.set()  # let the stuck worker finish, so no thread outlives the test
    assert time.monotonic() - started < 1 + 1 + 3
    got = {r.sample.monitor: (r.sample.ok, r.sample.error) for r in run.results}
    assert got == {"healthy": (True, ""), "stuck": (False, "timed out after 1 s")}
    assert run.written.added == 2
    assert samples(site_dir, "stuck") == ["2026-08-12T10:00:00Z,ci,0,,,timed out after 1 s"]
