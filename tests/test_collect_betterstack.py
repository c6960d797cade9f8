"""statusgen collect from Better Stack Uptime's incidents list, against a local server.

The pages are shaped as ``GET https://uptime.betterstack.com/api/v3/incidents`` documents
(https://betterstack.com/docs/uptime/api/list-all-incidents: query ``from``, ``to`` (dates),
``per_page`` (10 by default, 50 at most); JSON:API ``data[]`` of ``type: incident`` with
``attributes`` ``name``, ``url``, ``http_method``, ``cause``, ``started_at``,
``resolved_at`` and ``relationships.monitor.data.id``) and its pagination object
(https://betterstack.com/docs/uptime/api/pagination: ``pagination.first``, ``last``,
``prev``, ``next``, full URLs, ``next`` null on the last page). Written here; a 429 with
Retry-After stands for the rate limit.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.collect.state import load_state
from generator.site import load_site
from generator.store.layout import DataDir
from generator.store.probes import load_intervals
from generator.timeutil import format_utc
from tests.test_collect import NOW, TOKEN, Recorder, json_response, run
from tests.vendor_helpers import add_sources

PATH = "/api/v3/incidents"


def incident(number: int, started: str, resolved: str | None, http: bool = True) -> dict[str, Any]:
    return {
        "id": str(number),
        "type": "incident",
        "attributes": {
            "name": "Reporting API" if http else "disk usage monitoring",
            "url": "https://api.lumentrack.example/v1/health" if http else None,
            "http_method": "get" if http else None,
            "cause": "Status 503" if http else "Disk space usage high",
            "incident_group_id": None,
            "started_at": started,
            "acknowledged_at": None,
            "acknowledged_by": None,
            "resolved_at": resolved,
            "resolved_by": None,
            "status": "Resolved" if resolved else "Started",
            "regions": ["us", "eu"],
        },
        "relationships": {"monitor": {"data": {"id": "2" if http else "7", "type": "monitor"}}},
    }


@pytest.fixture
def site(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BETTERSTACK_TOKEN", TOKEN)
    add_sources(
        site_dir,
        f"  - id: betterstack\n    type: betterstack\n    url: {httpserver.url_for('')}\n"
        "    token_env: BETTERSTACK_TOKEN\n    monitors: {'2': api-public}\n"
        "    start: 2026-08-11T00:00:00Z\n",
    )
    return site_dir


def serve(httpserver: HTTPServer, pages: list[list[dict[str, Any]]], asked: list[Any]) -> None:
    base = httpserver.url_for(PATH)
    limited = [True]

    def handler(request: Request) -> Response:
        asked.append((request.args.to_dict(), request.headers.get("Authorization")))
        if limited.pop() if limited else False:
            return Response("", status=429, headers={"Retry-After": "2"})
        page = int(request.args.get("page", "1"))
        query = f"from={request.args['from']}&to={request.args['to']}&per_page=2"
        return json_response(
            {
                "data": pages[page - 1],
                "pagination": {
                    "first": f"{base}?{query}&page=1",
                    "last": f"{base}?{query}&page={len(pages)}",
                    "prev": f"{base}?{query}&page={page - 1}" if page > 1 else None,
                    "next": f"{base}?{query}&page={page + 1}" if page < len(pages) else None,
                },
            }
        )

    httpserver.expect_request(PATH).respond_with_handler(handler)


def test_pages_rate_limit_cursor_and_resume(
    site: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    asked: list[Any] = []
    pages = [
        [
            incident(31, "2026-08-12T09:00:00.000Z", None),  # still open
            incident(30, "2026-08-11T10:00:00.000Z", "2026-08-11T10:20:00.000Z"),
        ],
        [incident(29, "2026-08-11T08:00:00.000Z", "2026-08-11T09:00:00.000Z", http=False)],
    ]
    serve(httpserver, pages, asked)
    sleep = Recorder()
    with caplog.at_level(logging.DEBUG):
        report = run(site, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [2.0]
    assert [a for a, _ in asked] == [
        {"from": "2026-08-11", "to": "2026-08-12", "per_page": "50"},  # 429
        {"from": "2026-08-11", "to": "2026-08-12", "per_page": "50"},
        {"from": "2026-08-11", "to": "2026-08-12", "per_page": "2", "page": "2"},
    ]
    assert {auth for _, auth in asked} == {f"Bearer {TOKEN}"}
    assert TOKEN not in caplog.text and TOKEN not in report.outcomes[0].line()
    # the disk alert (no HTTP check, monitor 7 not mapped) is not downtime
    assert "skipped 1 incident(s) of no HTTP check ('Disk space usage high')" in caplog.text
    assert report.outcomes[0].line() == (
        "betterstack: 3 requests; samples 0 added, 0 updated, 0 already stored; "
        "intervals 3 added, 0 updated, 0 already stored"
    )
    data = load_site(site)
    stored = load_intervals(data.data, data.services.monitors["api-public"], NOW)
    assert [
        (format_utc(int(s)), format_utc(int(e)) if e >= 0 else None, bool(up))
        for s, e, up in zip(stored.start, stored.end, stored.up, strict=True)
    ] == [
        ("2026-08-11T10:00:00Z", "2026-08-11T10:20:00Z", False),
        ("2026-08-11T10:20:00Z", "2026-08-12T09:00:00Z", True),
        ("2026-08-12T09:00:00Z", None, False),
    ]
    # from the day before the open incident began, which is fetched again until resolved
    assert load_state(DataDir(site), "betterstack") == {"since": "2026-08-11"}

    asked.clear()
    pages[:] = [
        [
            incident(32, "2026-08-12T11:00:00.000Z", "2026-08-12T11:05:00.000Z"),
            incident(31, "2026-08-12T09:00:00.000Z", "2026-08-12T09:30:00.000Z"),
        ]
    ]
    again = run(site)
    assert [a["from"] for a, _ in asked] == ["2026-08-11"]
    assert again.outcomes[0].message == (
        "1 request; samples 0 added, 0 updated, 0 already stored; "
        "intervals 3 added, 1 updated, 0 already stored"
    )
    assert load_state(DataDir(site), "betterstack") == {"since": "2026-08-11"}


def test_a_next_link_elsewhere_is_refused(site: Path, httpserver: HTTPServer) -> None:
    elsewhere = HTTPServer(host="127.0.0.1")
    elsewhere.start()
    try:
        elsewhere.expect_request(PATH).respond_with_json({"data": [], "pagination": {}})
        httpserver.expect_request(PATH).respond_with_json(
            {"data": [], "pagination": {"next": elsewhere.url_for(PATH) + "?page=2"}}
        )
        report = run(site)
        assert report.failed[0].message == (
            f"{elsewhere.url_for(PATH)}: refused: requests with this source's credentials go "
            f"only to its configured origin http://localhost:{httpserver.port}"
        )
        assert elsewhere.log == []
        assert not (site / "state").exists()
    finally:
        elsewhere.clear()
        elsewhere.stop()
