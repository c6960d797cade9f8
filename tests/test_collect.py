"""statusgen collect against a local HTTP server speaking the vendors' documented shapes."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.collect.state import load_state
from generator.commands.collect import CollectOptions, collect
from generator.site import load_site
from generator.store.layout import DataDir
from generator.store.probes import IntervalArrays, load_intervals
from generator.store.tickets import load_tickets
from tests.vendor_helpers import FIXTURES, add_sources

TOKEN = "s3cr3t-T0KEN+/="
NOW = 1786536000  # 2026-08-12T12:00:00Z


class Recorder:
    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def run(data: Path, *sources: str, sleep: Recorder | None = None, now: int = NOW) -> Any:
    return collect(
        CollectOptions(data, sources, sleep=sleep or Recorder(), clock=lambda: float(now))
    )


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body), status=status, headers=headers, content_type="application/json"
    )


# --- UptimeRobot: pages, resume -----------------------------------------------------------


@pytest.fixture
def uptimerobot(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UPTIMEROBOT_API_KEY", TOKEN)
    add_sources(
        site_dir,
        f"  - id: uptimerobot\n    type: uptimerobot\n    url: {httpserver.url_for('/v2')}\n"
        "    token_env: UPTIMEROBOT_API_KEY\n"
        "    monitors: {'778123456': api-public, '778000002': insights-web}\n"
        "    start: 2026-08-12T00:00:00Z\n    plan: pro\n",
    )
    return site_dir


def uptimerobot_pages(requests: list[dict[str, str]]) -> Any:
    first = json.loads((FIXTURES / "uptimerobot" / "getMonitors.json").read_text())
    first["pagination"] = {"offset": 0, "limit": 50, "total": 51}
    second = {
        "stat": "ok",
        "pagination": {"offset": 50, "limit": 50, "total": 51},
        "monitors": [
            {
                "id": 778000002,
                "friendly_name": "Insights",
                "status": 2,
                "logs": [{"id": 1, "type": 2, "datetime": 1786525200, "duration": 10800}],
            }
        ],
    }

    def handler(request: Request) -> Response:
        form = request.form.to_dict()
        requests.append(form)
        if form.get("api_key") != TOKEN:
            return json_response({"stat": "fail", "error": {"message": "api_key not found."}})
        return json_response(first if form["offset"] == "0" else second)

    return handler


def test_uptimerobot_follows_pages_and_resumes(
    uptimerobot: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[dict[str, str]] = []
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_handler(
        uptimerobot_pages(seen)
    )
    with caplog.at_level(logging.DEBUG):
        report = run(uptimerobot)
    assert report.ok, report.outcomes
    assert "getMonitors" in caplog.text and TOKEN not in caplog.text  # logged, token never
    assert [r["offset"] for r in seen] == ["0", "50"]
    assert seen[0]["logs_start_date"] == "1786492800"  # the configured start
    assert report.outcomes[0].line() == (
        "uptimerobot: 2 requests; samples 0 added, 0 updated, 0 already stored; "
        "intervals 5 added, 0 updated, 0 already stored"
    )
    site = load_site(uptimerobot)
    stored = load_intervals(site.data, site.services.monitors["api-public"], NOW)
    assert isinstance(stored, IntervalArrays) and len(stored) == 4
    # resume: from the earliest current-state start, so each current state is extended
    assert load_state(site.data, "uptimerobot") == {
        "monitors": {"778000001": 1786528800, "778000002": 1786525200, "778123456": 1786529220}
    }
    seen.clear()
    again = run(uptimerobot)
    assert seen[0]["logs_start_date"] == "1786525200"
    assert again.outcomes[0].message.endswith("intervals 0 added, 0 updated, 5 already stored")


# --- Zendesk: cursor pages, 429, malformed body -------------------------------------------


@pytest.fixture
def zendesk(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    add_sources(
        site_dir,
        f"  - id: zendesk\n    type: zendesk\n    url: {httpserver.url_for('')}\n"
        "    user: support@lumentrack.example\n    token_env: ZENDESK_API_TOKEN\n"
        "    start: 2026-08-01T00:00:00Z\n",
        file="sla.yml",
    )
    return site_dir


def zendesk_page(ids: list[int], cursor: str, end: bool) -> dict[str, Any]:
    return {
        "tickets": [
            {
                "id": i,
                "created_at": "2026-08-12T07:00:00Z",
                "priority": "high",
                "via": {"channel": "email"},
                "tags": [],
                "status": "open",
            }
            for i in ids
        ],
        "metric_sets": [
            {"ticket_id": i, "reply_time_in_minutes": {"calendar": 5}, "solved_at": None}
            for i in ids
        ],
        "after_cursor": cursor,
        "after_url": f"https://x.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor={cursor}",
        "end_of_stream": end,
    }


PATH = "/api/v2/incremental/tickets/cursor.json"


def test_zendesk_waits_out_429_and_follows_the_cursor(
    zendesk: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_ordered_request(
        PATH, query_string={"start_time": "1785542400", "include": "metric_sets,users"}
    ).respond_with_response(Response("rate limited", status=429, headers={"Retry-After": "7"}))
    httpserver.expect_ordered_request(
        PATH, query_string={"start_time": "1785542400", "include": "metric_sets,users"}
    ).respond_with_json(zendesk_page([1, 2], "c1", end=False))
    httpserver.expect_ordered_request(
        PATH, query_string={"cursor": "c1", "include": "metric_sets,users"}
    ).respond_with_json(zendesk_page([3], "c2", end=True))
    sleep = Recorder()
    report = run(zendesk, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [7.0]
    tickets = load_tickets(DataDir(zendesk))
    assert [(t.id, t.impact, t.first_response_at - t.created_at) for t in tickets] == [  # type: ignore[operator]
        ("zendesk-1", "high", 300),
        ("zendesk-2", "high", 300),
        ("zendesk-3", "high", 300),
    ]
    assert load_state(DataDir(zendesk), "zendesk") == {"cursor": "c2"}
    # basic auth with {user}/token
    request = httpserver.log[-1][0]
    assert request.authorization.username == "support@lumentrack.example/token"
    # the next run resumes from the saved cursor
    httpserver.clear()
    httpserver.expect_request(
        PATH, query_string={"cursor": "c2", "include": "metric_sets,users"}
    ).respond_with_json(zendesk_page([], "c2", end=True))
    assert run(zendesk).ok


def test_a_malformed_page_writes_nothing(zendesk: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(PATH).respond_with_json(zendesk_page([1], "c1", end=False))
    broken = zendesk_page([2], "c2", end=True)
    broken["tickets"][0]["created_at"] = "yesterday"
    httpserver.expect_ordered_request(PATH).respond_with_json(broken)
    report = run(zendesk)
    assert not report.ok
    assert report.failed[0].line() == (
        "zendesk: incremental tickets: tickets[0].created_at: "
        "'yesterday' is not an ISO 8601 timestamp"
    )
    assert not (zendesk / "tickets").exists()
    assert not (zendesk / "state").exists()


def test_a_body_that_is_not_json_is_a_clear_error(zendesk: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(
        "<html>maintenance</html>", content_type="text/html"
    )
    report = run(zendesk)
    assert report.failed[0].message.startswith(
        f"{httpserver.url_for(PATH)}: the response is not JSON (HTTP 200, text/html"
    )
    assert not (zendesk / "tickets").exists()


# --- Freshdesk: 500 then success, Link pages, 401 -----------------------------------------


@pytest.fixture
def freshdesk(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRESHDESK_API_KEY", TOKEN)
    add_sources(
        site_dir,
        f"  - id: freshdesk\n    type: freshdesk\n    url: {httpserver.url_for('')}\n"
        "    token_env: FRESHDESK_API_KEY\n    start: 2026-08-01T00:00:00Z\n",
        file="sla.yml",
    )
    return site_dir


def test_freshdesk_retries_a_500_and_follows_link_pages(
    freshdesk: Path, httpserver: HTTPServer
) -> None:
    tickets = json.loads((FIXTURES / "freshdesk" / "tickets.json").read_text())
    for ticket in tickets:
        ticket["updated_at"] = ticket["created_at"]
    next_url = httpserver.url_for("/api/v2/tickets") + "?page=2&include=stats&per_page=100"
    httpserver.expect_ordered_request("/api/v2/tickets").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(
        "/api/v2/tickets",
        query_string={
            "include": "stats",
            "updated_since": "2026-08-01T00:00:00Z",
            "order_by": "updated_at",
            "order_type": "asc",
            "per_page": "100",
        },
    ).respond_with_json(tickets[:2], headers={"Link": f'<{next_url}>; rel="next"'})
    httpserver.expect_ordered_request(
        "/api/v2/tickets", query_string="page=2&include=stats&per_page=100"
    ).respond_with_json(tickets[2:])
    sleep = Recorder()
    report = run(freshdesk, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [1.0]
    assert [t.id for t in load_tickets(DataDir(freshdesk))] == [
        "freshdesk-311",
        "freshdesk-312",
        "freshdesk-313",
    ]
    assert load_state(DataDir(freshdesk), "freshdesk") == {
        "updated_since": "2026-08-12T08:05:00Z"  # the spam ticket counts for the mark
    }
    assert httpserver.log[1][0].authorization.username == TOKEN


def test_401_names_the_source_and_the_variable(freshdesk: Path, httpserver: HTTPServer) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    httpserver.expect_request("/api/v2/tickets").respond_with_json(
        {"code": "invalid_credentials", "message": f"You have to be logged in ({TOKEN})"},
        status=401,
    )
    result = CliRunner().invoke(main, ["--data", str(freshdesk), "collect"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: source freshdesk: HTTP 401 UNAUTHORIZED: freshdesk rejected the "
        "credentials; set FRESHDESK_API_KEY to a valid freshdesk API token\n"
    )


def test_one_failing_source_keeps_the_others(
    uptimerobot: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    add_sources(
        uptimerobot,
        f"  - id: helpdesk\n    type: freshdesk\n    url: {httpserver.url_for('')}\n"
        "    token_env: FRESHDESK_API_KEY\n",
        file="sla.yml",
    )
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_handler(
        uptimerobot_pages([])
    )
    result = CliRunner().invoke(main, ["--data", str(uptimerobot), "collect"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("uptimerobot: 2 requests; ")
    assert lines[1] == (
        "Error: source helpdesk (freshdesk): environment variable "
        "FRESHDESK_API_KEY is not set; set it to the freshdesk API token"
    )
    assert len(lines) == 2
    assert (uptimerobot / "probes" / "intervals" / "api-public").is_dir()


def test_tokens_are_redacted_from_errors(freshdesk: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v2/tickets").respond_with_json(
        {"description": "Validation failed", "errors": [{"message": f"bad key {TOKEN}"}]},
        status=400,
    )
    report = run(freshdesk)
    message = report.failed[0].message
    assert TOKEN not in message and "[redacted]" in message


def test_connection_errors_are_retried_with_backoff(
    freshdesk: Path, httpserver: HTTPServer
) -> None:
    url = httpserver.url_for("")
    httpserver.stop()  # nothing listens any more
    sleep = Recorder()
    report = run(freshdesk, sleep=sleep)
    assert sleep.sleeps == [1.0, 2.0, 4.0, 8.0]
    assert report.failed[0].message == f"{url}api/v2/tickets: could not connect (5 attempts)"
    httpserver.start()


# --- Prometheus: chunks -------------------------------------------------------------------


def test_prometheus_splits_a_long_range_into_chunks(site_dir: Path, httpserver: HTTPServer) -> None:
    add_sources(
        site_dir,
        f"  - id: blackbox\n    type: prometheus\n    url: {httpserver.url_for('')}\n"
        "    query: probe_success{job='blackbox'}\n    step: 60s\n    chunk: 1h\n"
        "    monitors: {'https://api.lumentrack.example/v1/health': api-public}\n"
        "    start: 2026-08-12T09:00:00Z\n",
    )
    asked: list[tuple[int, int]] = []

    def handler(request: Request) -> Response:
        lo, hi = int(request.args["start"]), int(request.args["end"])
        asked.append((lo, hi))
        values = [[t, "1"] for t in range(lo, hi + 1, 60)]
        metric = {"instance": "https://api.lumentrack.example/v1/health"}
        return json_response(
            {
                "status": "success",
                "data": {"resultType": "matrix", "result": [{"metric": metric, "values": values}]},
            }
        )

    httpserver.expect_request("/api/v1/query_range").respond_with_handler(handler)
    report = run(site_dir)
    assert report.ok, report.outcomes
    start = 1786525200
    assert asked == [(start, start + 3600), (start + 3600, start + 7200), (start + 7200, NOW)]
    assert load_state(DataDir(site_dir), "blackbox") == {"until": NOW}
    assert "samples 181 added" in report.outcomes[0].message
