"""statusgen probe against local HTTP and TCP servers: up, down, wrong status, keyword, timeout."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from generator.cli import main
from generator.commands.probe import ProbeOptions, probe
from generator.probe import location_from_environment

T0 = 1786528800.0


@pytest.fixture
def listening() -> Iterator[int]:
    """A TCP port that accepts connections (the kernel completes them) but never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return int(port)


def services(checks: dict[str, str], locations: str = "[ci]") -> str:
    monitors = "".join(
        f"      - id: {name}\n        interval: 1m\n        locations: {locations}\n"
        f"        check: {check}\n"
        for name, check in checks.items()
    )
    return f"components:\n  - id: web\n    name: Web\n    monitors:\n{monitors}"


@pytest.fixture
def site(site_dir: Path, httpserver: HTTPServer, listening: int, closed_port: int) -> Path:
    httpserver.expect_request("/health").respond_with_data("status: ok")
    httpserver.expect_request("/broken").respond_with_data("upstream error", status=503)
    httpserver.expect_request("/login").respond_with_data("<h1>Welcome</h1>")
    httpserver.expect_request("/created", method="POST").respond_with_data("ok", status=201)
    url = httpserver.url_for
    (site_dir / "services.yml").write_text(
        services(
            {
                "http-up": f'{{type: http, url: "{url("/health")}", keyword: ok}}',
                "http-post": f'{{type: http, method: POST, url: "{url("/created")}", expect_status: [200, 201]}}',
                "http-status": f'{{type: http, url: "{url("/broken")}"}}',
                "http-keyword": f'{{type: http, url: "{url("/login")}", keyword: Sign in}}',
                "http-timeout": f'{{type: http, url: "http://127.0.0.1:{listening}/", timeout: 1s}}',
                "http-down": f'{{type: http, url: "http://127.0.0.1:{closed_port}/"}}',
                "tcp-up": f"{{type: tcp, host: 127.0.0.1, port: {listening}, timeout: 2s}}",
                "tcp-down": f"{{type: tcp, host: 127.0.0.1, port: {closed_port}}}",
            }
        )
    )
    return site_dir


def test_every_check_once_concurrently(site: Path) -> None:
    run = probe(ProbeOptions(site, environ={}, clock=lambda: T0))
    got = {
        r.sample.monitor: (r.sample.ok, r.sample.status_code, r.sample.error) for r in run.results
    }
    assert got == {
        "http-up": (True, 200, ""),
        "http-post": (True, 201, ""),
        "http-status": (False, 503, "status 503, expected 200"),
        "http-keyword": (False, 200, "keyword 'Sign in' not found"),
        "http-timeout": (False, None, "timed out after 1 s"),
        "http-down": (False, None, "could not connect: connection refused"),
        "tcp-up": (True, None, ""),
        "tcp-down": (False, None, "connection refused"),
    }
    for result in run.results:
        assert result.sample.location == "ci"
        assert result.sample.timestamp == int(T0)
        if result.sample.monitor in ("http-up", "http-status", "tcp-up"):
            assert result.sample.latency_ms is not None and result.sample.latency_ms >= 0
    assert run.written.added == 8
    stored = (site / "probes" / "samples" / "http-status" / "2026-08.csv").read_text()
    assert stored.splitlines()[1].startswith("2026-08-12T10:00:00Z,ci,0,")
    assert stored.splitlines()[1].endswith(',503,"status 503, expected 200"')


def test_location_from_the_environment(site_dir: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/health").respond_with_data("ok")
    (site_dir / "services.yml").write_text(
        services({"both": f'{{type: http, url: "{httpserver.url_for("/health")}"}}'}, "[eu, us]")
        + f"      - id: eu-only\n        interval: 1m\n        locations: [eu]\n"
        f'        check: {{type: http, url: "{httpserver.url_for("/health")}"}}\n'
    )
    run = probe(ProbeOptions(site_dir, environ={"STATUSGEN_LOCATION": "us"}, clock=lambda: T0))
    assert [(r.sample.monitor, r.sample.location, r.sample.ok) for r in run.results] == [
        ("both", "us", True)
    ]
    assert run.skipped == ["eu-only (not checked from us)"]
    result = CliRunner().invoke(
        main, ["--data", str(site_dir), "probe"], env={"STATUSGEN_LOCATION": ""}
    )
    assert result.exit_code == 1
    assert "monitor both checks from eu, us: say which location this is" in result.output


def test_region_variables() -> None:
    assert location_from_environment({"STATUSGEN_LOCATION": "eu-central"}) == "eu-central"
    assert location_from_environment({"AWS_REGION": "EU-Central-1"}) == "eu-central-1"
    assert location_from_environment({"FLY_REGION": "ams", "AWS_REGION": "x"}) == "ams"
    assert location_from_environment({}) is None


def test_cli_prints_one_line_per_check_and_exits_0_when_checks_fail(site: Path) -> None:
    result = CliRunner().invoke(
        main, ["--data", str(site), "probe", "--monitor", "http-status", "--monitor", "tcp-down"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("http-status from ci: DOWN, HTTP 503, ")
    assert lines[0].endswith(" ms, status 503, expected 200")
    assert lines[1] == "tcp-down from ci: DOWN, connection refused"
    assert lines[2] == "samples 2 added, 0 updated, 0 already stored"


def test_a_location_no_monitor_checks_from_is_an_error_and_writes_nothing(site: Path) -> None:
    result = CliRunner().invoke(main, ["--data", str(site), "probe", "--location", "eu-centrl"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {site / 'services.yml'}: no monitor checks from location 'eu-centrl'; the "
        "services file's locations are ci\n"
    )
    assert not (site / "probes").exists()
