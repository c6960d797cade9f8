"""statusgen collect against hostile servers and broken cursor files (issue 10, items 5, 6, 11).

- credentials never leave the configured origin: a cross-origin redirect or paging link is
  refused, and the other server receives nothing;
- a server that drips its answer cannot stretch a request past its deadline;
- a cursor file of any wrong shape fails only its own source, with one line naming the file
  and how to reset it; the next source still collects.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.cli import main
from generator.collect.http import CollectError, RetryPolicy, SourceClient
from generator.collect.state import CursorError, load_state, save_state
from generator.commands.collect import CollectOptions, collect
from generator.config.sources import SourceConfig
from generator.store.layout import DataDir
from tests.vendor_helpers import add_sources

TOKEN = "s3cr3t-T0KEN+/="
NOW = 1786536000  # 2026-08-12T12:00:00Z


def no_sleep(seconds: float) -> None:
    pass


def run(data: Path, *sources: str, policy: RetryPolicy | None = None) -> Any:
    return collect(
        CollectOptions(data, sources, sleep=no_sleep, clock=lambda: float(NOW), policy=policy)
    )


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and directory under root, with file contents."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def other() -> Iterator[HTTPServer]:
    """A second server on another origin (127.0.0.1 and its own port; httpserver is localhost)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


class DripServer:
    """A raw HTTP server on 127.0.0.1 that answers, then drips one byte every ``interval``.

    ``mode="body"``: complete headers (a long Content-Length), then the body a byte at a
    time; ``mode="headers"``: the status line, then one header's value a byte at a time.
    Stopping closes every connection, so no client thread stays blocked on it.
    """

    def __init__(self, mode: str = "body", interval: float = 1.0) -> None:
        self.mode = mode
        self.interval = interval
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = int(self.listener.getsockname()[1])
        self.stopping = threading.Event()
        self.connections: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self.accepted = 0
        self.lock = threading.Lock()
        self.acceptor = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DripServer:
        self.acceptor.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.acceptor.join(5)
        with self.lock:
            for conn in self.connections:
                conn.close()
        for thread in self.threads:
            thread.join(5)
        self.listener.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.lock:
                self.accepted += 1
                self.connections.append(conn)
            thread = threading.Thread(target=self._drip, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            conn.recv(65536)
            if self.mode == "body":
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000000\r\n\r\n["
                )
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
            while not self.stopping.wait(self.interval):
                conn.sendall(b" " if self.mode == "body" else b"a")
        except OSError:
            pass


@pytest.fixture
def drip() -> Iterator[DripServer]:
    server = DripServer("body").start()
    yield server
    server.stop()


@pytest.fixture
def drip_headers() -> Iterator[DripServer]:
    server = DripServer("headers").start()
    yield server
    server.stop()


def uptimerobot_source(url: str) -> str:
    return (
        f"  - id: uptimerobot\n    type: uptimerobot\n    url: {url}\n"
        "    token_env: UPTIMEROBOT_API_KEY\n"
        "    monitors: {'778123456': api-public}\n"
        "    start: 2026-08-12T00:00:00Z\n"
    )


def freshdesk_source(url: str, timeout: str = "30s", source_id: str = "freshdesk") -> str:
    return (
        f"  - id: {source_id}\n    type: freshdesk\n    url: {url}\n"
        f"    token_env: FRESHDESK_API_KEY\n    start: 2026-08-01T00:00:00Z\n"
        f"    timeout: {timeout}\n"
    )


UPTIMEROBOT_PAGE = {
    "stat": "ok",
    "pagination": {"offset": 0, "limit": 50, "total": 1},
    "monitors": [
        {
            "id": 778123456,
            "friendly_name": "API",
            "status": 2,
            "logs": [{"id": 1, "type": 2, "datetime": 1786525200, "duration": 10800}],
        }
    ],
}

FRESHDESK_TICKET = {
    "id": 311,
    "created_at": "2026-08-12T07:00:00Z",
    "updated_at": "2026-08-12T07:00:00Z",
    "priority": 3,
    "source": 1,
    "status": 2,
    "stats": {"first_responded_at": "2026-08-12T07:10:00Z"},
}


@pytest.fixture
def tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPTIMEROBOT_API_KEY", TOKEN)
    monkeypatch.setenv("FRESHDESK_API_KEY", TOKEN)


# --- credentials stay with their origin -----------------------------------------------------


def test_a_cross_origin_redirect_never_replays_the_api_key(
    site_dir: Path, tokens: None, httpserver: HTTPServer, other: HTTPServer
) -> None:
    add_sources(site_dir, uptimerobot_source(httpserver.url_for("/v2")))
    away = other.url_for("/v2/getMonitors")
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_response(
        Response("", status=307, headers={"Location": away})
    )
    before = snapshot(site_dir)
    report = run(site_dir)
    assert other.log == []  # B never heard from us: no key in a body, a query or a header
    port = httpserver.port
    assert report.failed[0].line() == (
        f"uptimerobot: http://localhost:{port}/v2/getMonitors: HTTP 307 redirect "
        f"to http://127.0.0.1:{other.port}; refused: requests with this source's credentials "
        f"go only to its configured origin http://localhost:{port} (set url: to where the API "
        "now lives)"
    )
    assert snapshot(site_dir) == before


def test_a_same_origin_redirect_is_followed_with_the_body(
    site_dir: Path, tokens: None, httpserver: HTTPServer
) -> None:
    add_sources(site_dir, uptimerobot_source(httpserver.url_for("/v2")))
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_response(
        Response("", status=308, headers={"Location": "/v3/getMonitors"})
    )
    forms: list[dict[str, str]] = []

    def moved(request: Request) -> Response:
        forms.append(request.form.to_dict())
        return Response(json.dumps(UPTIMEROBOT_PAGE), content_type="application/json")

    httpserver.expect_request("/v3/getMonitors", method="POST").respond_with_handler(moved)
    report = run(site_dir)
    assert report.ok, report.outcomes
    assert forms[0]["api_key"] == TOKEN and forms[0]["offset"] == "0"
    assert report.outcomes[0].message.startswith("2 requests; ")


def test_redirect_loops_end(site_dir: Path, tokens: None, httpserver: HTTPServer) -> None:
    add_sources(site_dir, uptimerobot_source(httpserver.url_for("/v2")))
    httpserver.expect_request("/v2/getMonitors").respond_with_response(
        Response("", status=302, headers={"Location": "/v2/getMonitors"})
    )
    report = run(site_dir)
    assert report.failed[0].message.endswith("/v2/getMonitors: more than 5 redirects")


def test_a_paging_link_to_another_origin_gets_no_authorization(
    site_dir: Path, tokens: None, httpserver: HTTPServer, other: HTTPServer
) -> None:
    add_sources(site_dir, freshdesk_source(httpserver.url_for("")), file="sla.yml")
    away = other.url_for("/api/v2/tickets") + "?page=2"
    httpserver.expect_request("/api/v2/tickets").respond_with_json(
        [FRESHDESK_TICKET], headers={"Link": f'<{away}>; rel="next"'}
    )
    before = snapshot(site_dir)
    report = run(site_dir)
    assert other.log == []
    assert httpserver.log[0][0].authorization is not None  # A, the configured origin, had it
    assert report.failed[0].message == (
        f"http://127.0.0.1:{other.port}/api/v2/tickets: refused: requests with this source's "
        f"credentials go only to its configured origin http://localhost:{httpserver.port}"
    )
    assert snapshot(site_dir) == before  # the first page is not kept either


def test_zendesk_follows_its_cursor_not_the_after_url(
    site_dir: Path, httpserver: HTTPServer, other: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    add_sources(
        site_dir,
        f"  - id: zendesk\n    type: zendesk\n    url: {httpserver.url_for('')}\n"
        "    user: support@lumentrack.example\n    token_env: ZENDESK_API_TOKEN\n"
        "    start: 2026-08-01T00:00:00Z\n",
        file="sla.yml",
    )
    path = "/api/v2/incremental/tickets/cursor.json"
    page: dict[str, Any] = {"tickets": [], "metric_sets": [], "end_of_stream": False}
    away = other.url_for(path)
    httpserver.expect_ordered_request(path).respond_with_json(
        {**page, "after_cursor": "c1", "after_url": f"{away}?cursor=c1"}
    )
    httpserver.expect_ordered_request(
        path, query_string={"cursor": "c1", "include": "metric_sets,users"}
    ).respond_with_json(
        {**page, "after_cursor": "c2", "after_url": f"{away}?cursor=c2", "end_of_stream": True}
    )
    report = run(site_dir)
    assert report.ok, report.outcomes
    assert other.log == []
    assert load_state(DataDir(site_dir), "zendesk") == {"cursor": "c2"}


# --- deadlines ------------------------------------------------------------------------------


def test_a_slow_drip_cannot_stretch_collect(
    site_dir: Path, tokens: None, httpserver: HTTPServer, drip: DripServer
) -> None:
    """Headers, then a byte a second: the CLI ends near the 2 s timeout, with one line."""
    add_sources(site_dir, uptimerobot_source(httpserver.url_for("/v2")))
    add_sources(site_dir, freshdesk_source(drip.url, timeout="2s"), file="sla.yml")
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_json(UPTIMEROBOT_PAGE)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(site_dir), "collect"],
        capture_output=True,
        text=True,
        timeout=2 * 3 + 5,  # a bound on a hang, not a performance figure
        env={**os.environ, "STATUSGEN_LOCATION": ""},
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("uptimerobot: 1 request; ")
    assert done.stderr == (
        f"Error: source freshdesk: {drip.url}/api/v2/tickets: timed out after 2 s: "
        "the response did not finish within the source's 2 s timeout\n"
    )
    assert drip.accepted == 1  # a response that started and stalled is not retried
    assert elapsed < 2 * 3 + 5


def test_headers_that_never_finish_time_out_and_are_retried_a_bounded_number_of_times(
    site_dir: Path, tokens: None, drip_headers: DripServer
) -> None:
    add_sources(site_dir, freshdesk_source(drip_headers.url, timeout="1s"), file="sla.yml")
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(run(site_dir)), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(5 * 1 * 3 + 5)  # attempts x timeout, with room; a hang fails the test
    assert not worker.is_alive(), "collect did not end"
    assert time.monotonic() - started < 5 * 3 + 5
    assert result[0].failed[0].message == (
        f"{drip_headers.url}/api/v2/tickets: timed out after 1 s (5 attempts)"
    )
    assert drip_headers.accepted == 5


def test_a_source_deadline_bounds_pages_retries_and_waits(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data("busy", status=503)
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    source = SourceConfig("slow", "freshdesk", "tickets", "sla.yml", 1, url=httpserver.url_for(""))
    client = SourceClient(
        source,
        requests.Session(),
        sleep=sleep,
        monotonic=lambda: now[0],
        policy=RetryPolicy(attempts=50, backoff=10, source_deadline=100),
    )
    with pytest.raises(CollectError) as caught:
        client.get_json(httpserver.url_for("/api"))
    assert str(caught.value) == (
        f"{httpserver.url_for('/api')}: HTTP 503 ({4} attempts); no time left for another "
        "within the source's 100 s deadline"
    )
    assert now[0] == 10 + 20 + 40  # the next wait (80 s) would have passed the deadline


def test_a_body_past_the_size_cap_is_refused(
    site_dir: Path, tokens: None, httpserver: HTTPServer
) -> None:
    add_sources(site_dir, freshdesk_source(httpserver.url_for("")), file="sla.yml")
    httpserver.expect_request("/api/v2/tickets").respond_with_json([FRESHDESK_TICKET] * 100)
    report = run(site_dir, policy=RetryPolicy(max_body=1000))
    assert report.failed[0].message == (
        f"{httpserver.url_for('/api/v2/tickets')}: the response is larger than 1000 bytes"
    )


def test_deeply_nested_json_from_a_server_is_one_line(
    site_dir: Path, tokens: None, httpserver: HTTPServer
) -> None:
    add_sources(site_dir, freshdesk_source(httpserver.url_for("")), file="sla.yml")
    httpserver.expect_request("/api/v2/tickets").respond_with_data(
        "[" * 100_000, content_type="application/json"
    )
    report = run(site_dir)
    assert report.failed[0].message == (
        f"{httpserver.url_for('/api/v2/tickets')}: the response's JSON is nested too deeply"
    )


# --- cursor files ---------------------------------------------------------------------------

BAD_CURSORS: dict[str, tuple[bytes | None, str]] = {
    "a list": (b'["2026-08-01T00:00:00Z"]', "it holds a JSON array, not an object"),
    "a string": (b'"2026-08-01T00:00:00Z"', "it holds a JSON string, not an object"),
    "missing key": (b'{"since": "2026-08-01T00:00:00Z"}', "it has no 'updated_since'"),
    "wrong type": (
        b'{"updated_since": 1785542400}',
        "'updated_since' must be an ISO 8601 timestamp string, not a JSON number",
    ),
    "not a time": (
        b'{"updated_since": "yesterday"}',
        "'updated_since' must be an ISO 8601 timestamp string, not a JSON string",
    ),
    "invalid JSON": (b'{"updated_since": ', "invalid JSON at line 1, column 19: Expecting value"),
    "deeply nested": (b"[" * 100_000, "its JSON is nested too deeply"),
    "not UTF-8": (b'{"updated_since": "\xff"}', "it is not UTF-8 text"),
    "a directory": (None, "it is a directory"),
}


@pytest.mark.parametrize("case", list(BAD_CURSORS))
def test_a_bad_cursor_fails_its_source_only(
    case: str, site_dir: Path, tokens: None, httpserver: HTTPServer
) -> None:
    # the broken source comes first, so the next one proves the run went on
    add_sources(
        site_dir, freshdesk_source(httpserver.url_for(""), source_id="helpdesk"), file="sla.yml"
    )
    add_sources(site_dir, uptimerobot_source(httpserver.url_for("/v2")))
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_json(UPTIMEROBOT_PAGE)
    content, problem = BAD_CURSORS[case]
    cursor = site_dir / "state" / "helpdesk.json"
    cursor.parent.mkdir()
    if content is None:
        cursor.mkdir()
    else:
        cursor.write_bytes(content)
    before = snapshot(site_dir)
    result = CliRunner().invoke(
        main,
        ["--data", str(site_dir), "collect", "--source", "helpdesk", "--source", "uptimerobot"],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("uptimerobot: 1 request; ")
    assert lines[1] == (
        f"Error: source helpdesk (freshdesk): {cursor}: not a usable cursor: {problem}; "
        f"delete {cursor} to collect helpdesk from its configured start"
    )
    assert len(lines) == 2
    assert [r[0].path for r in httpserver.log] == ["/v2/getMonitors"]  # no request for helpdesk
    after = snapshot(site_dir)
    changed = {k for k in after.keys() | before.keys() if after.get(k) != before.get(k)}
    assert changed and all(
        k.startswith("probes") or k == "state/uptimerobot.json" for k in changed
    ), changed


def test_a_state_path_that_is_a_file_fails_each_source_on_one_line(
    site_dir: Path, tokens: None, httpserver: HTTPServer
) -> None:
    add_sources(site_dir, uptimerobot_source(httpserver.url_for("/v2")))
    (site_dir / "state").write_text("not a directory\n")
    before = snapshot(site_dir)
    report = run(site_dir)
    assert [o.line() for o in report.outcomes] == [
        f"uptimerobot: {site_dir / 'state'}: not a directory; move it away so "
        "that collectors can keep their cursors there"
    ]
    assert httpserver.log == []
    assert snapshot(site_dir) == before


def test_saving_a_cursor_is_atomic_and_leaves_nothing_behind(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = DataDir(site_dir)
    save_state(data, "blackbox", {"until": 1})
    assert load_state(data, "blackbox") == {"until": 1}

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(CursorError) as caught:
        save_state(data, "blackbox", {"until": 2})
    assert str(caught.value) == (
        f"{site_dir / 'state' / 'blackbox.json'}: cannot save the cursor of blackbox (No space "
        "left on device); its records are stored, and the next run fetches the same span again"
    )
    assert sorted(p.name for p in (site_dir / "state").iterdir()) == ["blackbox.json"]
    assert load_state(data, "blackbox") == {"until": 1}
