"""statusgen collect against a real Prometheus scraping a real blackbox exporter.

Both run on 127.0.0.1 with a 1 s scrape interval, probing a local HTTP server that this
test turns off and on again; the outage statusgen finds must start and end within two
scrape intervals of when the server really went down and came back. Everything started
here is stopped here. Needs the Debian packages prometheus and prometheus-blackbox-exporter
(.ci/run installs them).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import requests

from generator.commands.collect import CollectOptions, collect
from generator.site import load_site
from generator.store.probes import load_samples

pytestmark = pytest.mark.slow

SCRAPE = 1  # seconds
PROMETHEUS = shutil.which("prometheus")
BLACKBOX = shutil.which("prometheus-blackbox-exporter")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Target:
    """A local HTTP server that can be switched off and on, on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server: ThreadingHTTPServer | None = None

    def on(self) -> None:
        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Health)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def off(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Target, str]]:
    if not (PROMETHEUS and BLACKBOX):
        pytest.skip("needs the prometheus and prometheus-blackbox-exporter packages")
    target = Target()
    target.on()
    blackbox_port, prometheus_port = free_port(), free_port()
    (tmp_path / "blackbox.yml").write_text(
        "modules:\n  http_2xx:\n    prober: http\n    timeout: 1s\n"
        "    http:\n      preferred_ip_protocol: ip4\n"
    )
    (tmp_path / "prometheus.yml").write_text(
        f"global:\n  scrape_interval: {SCRAPE}s\n  scrape_timeout: {SCRAPE}s\n"
        "scrape_configs:\n"
        "  - job_name: blackbox\n"
        "    metrics_path: /probe\n"
        "    params: {module: [http_2xx]}\n"
        "    static_configs:\n"
        f"      - targets: ['http://127.0.0.1:{target.port}/health']\n"
        "    relabel_configs:\n"
        "      - {source_labels: [__address__], target_label: __param_target}\n"
        "      - {source_labels: [__param_target], target_label: instance}\n"
        f"      - {{target_label: __address__, replacement: '127.0.0.1:{blackbox_port}'}}\n"
    )
    processes = [
        start(
            [
                BLACKBOX,
                f"--config.file={tmp_path / 'blackbox.yml'}",
                f"--web.listen-address=127.0.0.1:{blackbox_port}",
            ],
            tmp_path / "blackbox.log",
        ),
        start(
            [
                PROMETHEUS,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{prometheus_port}",
            ],
            tmp_path / "prometheus.log",
        ),
    ]
    url = f"http://127.0.0.1:{prometheus_port}"
    try:
        wait_for(lambda: requests.get(f"{url}/-/ready", timeout=2).ok, "Prometheus to be ready")
        yield target, url
    finally:
        for process in processes:
            stop(process)
        target.off()


def current_success(url: str) -> float | None:
    body = requests.get(f"{url}/api/v1/query", params={"query": "probe_success"}, timeout=2).json()
    result = body["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def test_collect_finds_the_outage_within_two_scrape_intervals(
    stack: tuple[Target, str], site_dir: Path
) -> None:
    target, url = stack
    began = int(time.time())
    wait_for(lambda: current_success(url) == 1.0, "a successful probe")
    time.sleep(3 * SCRAPE)
    target.off()  # the port is closed when this returns
    went_down = time.time()
    wait_for(lambda: current_success(url) == 0.0, "a failed probe")
    time.sleep(4 * SCRAPE)
    came_back = time.time()
    target.on()
    wait_for(lambda: current_success(url) == 1.0, "a successful probe again")
    time.sleep(3 * SCRAPE)

    start = datetime.fromtimestamp(began - 5, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    (site_dir / "services.yml").write_text(
        "components:\n  - id: web\n    name: Web\n    monitors:\n"
        "      - id: web-health\n        interval: 1s\n        locations: [ci]\n"
        "sources:\n"
        f"  - id: blackbox\n    type: prometheus\n    url: {url}\n"
        "    query: probe_success{job='blackbox'}\n    step: 1s\n    chunk: 10s\n"
        f"    monitors: {{'http://127.0.0.1:{target.port}/health': web-health}}\n"
        f"    start: {start}\n"
    )
    report = collect(CollectOptions(site_dir))
    assert report.ok, [o.line() for o in report.outcomes]

    site = load_site(site_dir)
    samples = load_samples(
        site.data, site.services.monitors["web-health"], began - 10, int(time.time()) + 10
    )
    ts, ok = samples.timestamp, samples.ok
    failed = ts[~ok]
    assert len(failed), "no failed sample was collected"
    first_failure = int(failed.min())
    after = ts[(ts > first_failure) & ok]
    first_success = int(after.min())
    print(
        f"outage edges off by {first_failure - went_down:+.2f} s and {first_success - came_back:+.2f} s"
    )
    assert abs(first_failure - went_down) <= 2 * SCRAPE
    assert abs(first_success - came_back) <= 2 * SCRAPE
    # one outage only, and up on both sides of it
    assert not np.any(ok[(ts >= first_failure) & (ts < first_success)])
    assert ok[ts < first_failure].any() and ok[ts > first_success].all()
