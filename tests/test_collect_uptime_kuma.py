"""statusgen collect from a running Uptime Kuma's status page API, against a local server.

The answers reproduce Kuma's own, from louislam/uptime-kuma at commit
6398a9581d1c3c427a7536559f47ccf45dac08b4: ``GET /api/status-page/<slug>``
(server/routers/status-page-router.js, ``StatusPage.getStatusPageData``: ``config``,
``incident``, ``publicGroupList[]`` of ``Group.toPublicJSON`` with ``monitorList[]`` of
``Monitor.toPublicJSON``: ``id``, ``name``, ``sendUrl``, ``type``, ``maintenanceList``) and
``GET /api/status-page/heartbeat/<slug>`` (``heartbeatList``: per monitor id its newest 100
beats oldest first, each ``Heartbeat.toPublicJSON``: ``status``, ``time`` as stored,
``msg`` blank, ``ping``; and ``uptimeList``). Written here; a 429 with Retry-After stands
for a rate-limiting proxy in front of Kuma (Kuma itself answers the route from a one-minute
cache).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.collect.state import load_state
from generator.site import load_site
from generator.store.layout import DataDir
from generator.store.probes import load_samples
from tests.test_collect import NOW, TOKEN, Recorder, json_response, run
from tests.vendor_helpers import add_sources

CONFIG = {
    "config": {"slug": "sla", "title": "Lumentrack", "published": True, "showTags": False},
    "incident": None,
    "publicGroupList": [
        {
            "id": 1,
            "name": "Services",
            "weight": 1,
            "monitorList": [
                {"id": 3, "name": "Reporting API", "sendUrl": 0, "type": "http"},
                {"id": 4, "name": "Blog", "sendUrl": 0, "type": "http"},
            ],
        }
    ],
    "maintenanceList": [],
}


def beat(minutes_before_now: int, status: int, ping: int | None = None) -> dict[str, Any]:
    at = datetime.fromtimestamp(NOW - 60 * minutes_before_now, UTC)
    return {"status": status, "time": at.strftime("%Y-%m-%d %H:%M:%S.000"), "msg": "", "ping": ping}


@pytest.fixture
def site(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KUMA_PROXY_TOKEN", TOKEN)
    add_sources(
        site_dir,
        f"  - id: kuma\n    type: uptime-kuma\n    url: {httpserver.url_for('/kuma')}\n"
        "    status_page: SLA\n    token_env: KUMA_PROXY_TOKEN\n"
        "    monitors: {'Reporting API': api-public}\n",
    )
    return site_dir


def test_status_page_beats_rate_limit_cursor_and_resume(
    site: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    beats = {
        "3": [beat(6, 1, 88), beat(5, 1, 91), beat(4, 2), beat(3, 0), beat(2, 1, 95), beat(1, 2)],
        "4": [beat(1, 1, 40)],
    }
    auths: list[str | None] = []
    limited = [True]

    def heartbeats(request: Request) -> Response:
        auths.append(request.headers.get("Authorization"))
        if limited.pop() if limited else False:
            return Response("", status=429, headers={"Retry-After": "5"})
        return json_response({"heartbeatList": beats, "uptimeList": {"3_24": 0.9931, "4_24": 1}})

    def config(request: Request) -> Response:
        auths.append(request.headers.get("Authorization"))
        return json_response(CONFIG)

    httpserver.expect_request("/kuma/api/status-page/sla").respond_with_handler(config)
    httpserver.expect_request("/kuma/api/status-page/heartbeat/sla").respond_with_handler(
        heartbeats
    )
    sleep = Recorder()
    with caplog.at_level(logging.DEBUG):
        report = run(site, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [5.0]
    assert auths == [f"Bearer {TOKEN}"] * 3
    assert TOKEN not in caplog.text and TOKEN not in report.outcomes[0].line()
    assert "'Blog' (1)" in caplog.text  # not mapped: skipped with a warning
    assert report.outcomes[0].line() == (
        "kuma (uptime-kuma): 3 requests; samples 5 added, 0 updated, 0 already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )
    data = load_site(site)
    stored = load_samples(data.data, data.services.monitors["api-public"], 0, NOW + 3600)
    assert [
        ((NOW - int(t)) // 60, bool(ok)) for t, ok in zip(stored.timestamp, stored.ok, strict=True)
    ] == [
        (6, True),
        (5, True),
        (4, False),  # pending, then down: the outage's first failed check
        (3, False),
        (2, True),
        # 1 minute ago: pending, undecided, left for the next run
    ]
    # the cursor stops before the open pending run
    assert load_state(DataDir(site), "kuma") == {"monitors": {"3": NOW - 120}}

    # the next run: the newest beats again, of which only those after the cursor are read
    beats["3"] = [*beats["3"][1:], beat(0, 0)]
    again = run(site)
    assert again.outcomes[0].message == (
        "2 requests; samples 2 added, 0 updated, 0 already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )
    assert load_state(DataDir(site), "kuma") == {"monitors": {"3": NOW}}


def test_a_gap_beyond_the_newest_beats_is_reported(
    site: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    (site / "state").mkdir()
    (site / "state" / "kuma.json").write_text(json.dumps({"monitors": {"3": NOW - 36000}}))
    httpserver.expect_request("/kuma/api/status-page/sla").respond_with_json(CONFIG)
    httpserver.expect_request("/kuma/api/status-page/heartbeat/sla").respond_with_json(
        {"heartbeatList": {"3": [beat(2, 1, 80), beat(1, 1, 81)]}, "uptimeList": {}}
    )
    assert run(site).ok
    assert (
        "Kuma monitor 3: beats between 2026-08-12T02:00:00Z and 2026-08-12T11:58:00Z were not "
        "among the status page's newest 2; collect more often, or import kuma.db for the gap"
    ) in caplog.text


def test_an_unpublished_page_is_one_line(site: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/kuma/api/status-page/sla").respond_with_json(
        {"ok": False, "msg": "Status Page Not Found"}, status=404
    )
    report = run(site)
    assert report.failed[0].line() == (
        f"kuma (uptime-kuma): {httpserver.url_for('/kuma/api/status-page/sla')}: HTTP 404 "
        'NOT FOUND: { "ok": false, "msg": "Status Page Not Found" }'
    )


def test_the_first_run_starts_at_the_configured_start(site: Path, httpserver: HTTPServer) -> None:
    services = site / "services.yml"
    services.write_text(services.read_text() + "    start: 2026-08-12T11:57:00Z\n")
    httpserver.expect_request("/kuma/api/status-page/sla").respond_with_json(CONFIG)
    httpserver.expect_request("/kuma/api/status-page/heartbeat/sla").respond_with_json(
        {
            "heartbeatList": {"3": [beat(5, 1, 80), beat(4, 2), beat(3, 0), beat(2, 1, 81)]},
            "uptimeList": {},
        }
    )
    report = run(site)
    assert report.outcomes[0].message == (
        "2 requests; samples 2 added, 0 updated, 0 already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )
    assert load_state(DataDir(site), "kuma") == {"monitors": {"3": NOW - 120}}
