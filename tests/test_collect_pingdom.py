"""statusgen collect from Pingdom's API 3.1 results, against a local server.

The answers are shaped as API 3.1's ``GET /results/{checkid}`` (the OpenAPI specification
Pingdom publishes at https://docs.pingdom.com/api/, "Get Raw Check Results": ``from``, ``to``,
``limit`` at most 1000, ``offset``; ``results[]`` newest first with ``probeid``, ``time``,
``status`` up/down/unconfirmed/unknown, ``responsetime``, ``statusdesc``,
``statusdesclong``; a bearer token), written here. A 429 with Retry-After stands for its
rate limit.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.collect import pingdom
from generator.collect.state import load_state
from generator.site import load_site
from generator.store.layout import DataDir
from generator.store.probes import load_samples
from tests.test_collect import NOW, TOKEN, Recorder, json_response, run
from tests.vendor_helpers import add_sources

START = NOW - 3600  # 2026-08-12T11:00:00Z


def result(time: int, status: str, responsetime: int, probe: int = 64) -> dict[str, Any]:
    desc = "OK" if status == "up" else "HTTP Error 503" if responsetime else "Timeout (> 30s)"
    return {
        "probeid": probe,
        "time": time,
        "status": status,
        "responsetime": responsetime,
        "statusdesc": desc,
        "statusdesclong": desc,
    }


@pytest.fixture
def site(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PINGDOM_TOKEN", TOKEN)
    monkeypatch.setattr(pingdom, "LIMIT", 3)  # three results a page, so a short log pages
    add_sources(
        site_dir,
        f"  - id: pingdom\n    type: pingdom\n    url: {httpserver.url_for('/api/3.1')}\n"
        "    token_env: PINGDOM_TOKEN\n    monitors: {'85975': api-public}\n"
        "    start: 2026-08-12T11:00:00Z\n",
    )
    return site_dir


def test_pages_rate_limit_cursor_and_resume(
    site: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    log: list[tuple[dict[str, str], str | None]] = []
    # newest first, as Pingdom answers; 11:40 unconfirmed (one probe), then confirmed down
    history = [
        result(NOW - 600, "up", 187),
        result(NOW - 1140, "up", 201, probe=43),
        result(NOW - 1200, "down", 0, probe=43),
        result(NOW - 1260, "unconfirmed", 0, probe=33),
        result(NOW - 1800, "up", 190),
    ]
    limited = [True]

    def handler(request: Request) -> Response:
        log.append((request.args.to_dict(), request.headers.get("Authorization")))
        if limited.pop() if limited else False:
            return Response("", status=429, headers={"Retry-After": "3"})
        lo, hi = int(request.args["from"]), int(request.args["to"])
        offset, limit = int(request.args["offset"]), int(request.args["limit"])
        rows = [r for r in history if lo <= r["time"] <= hi]
        return json_response(
            {"activeprobes": [33, 43, 64], "results": rows[offset : offset + limit]}
        )

    httpserver.expect_request("/api/3.1/results/85975", method="GET").respond_with_handler(handler)
    sleep = Recorder()
    with caplog.at_level(logging.DEBUG):
        report = run(site, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [3.0]
    assert [(a["from"], a["to"], a["offset"], a["limit"]) for a, _ in log] == [
        (str(START), str(NOW), "0", "3"),  # 429
        (str(START), str(NOW), "0", "3"),
        (str(START), str(NOW), "3", "3"),
    ]
    assert {auth for _, auth in log} == {f"Bearer {TOKEN}"}
    assert TOKEN not in caplog.text and TOKEN not in report.outcomes[0].line()
    assert report.outcomes[0].line() == (
        "pingdom: 3 requests; samples 4 added, 0 updated, 0 already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )
    data = load_site(site)
    stored = load_samples(data.data, data.services.monitors["api-public"], 0, NOW + 3600)
    assert [(int(t), bool(ok)) for t, ok in zip(stored.timestamp, stored.ok, strict=True)] == [
        (NOW - 1800, True),
        (NOW - 1200, False),  # the unconfirmed result before it is not a verdict
        (NOW - 1140, True),
        (NOW - 600, True),
    ]
    assert load_state(DataDir(site), "pingdom") == {"checks": {"85975": NOW}}

    # the next run asks from the cursor (less 10 minutes for late results) and adds the new
    log.clear()
    history.insert(0, result(NOW + 300, "down", 480))
    later = run(site, now=NOW + 600)
    assert [(a["from"], a["to"]) for a, _ in log] == [(str(NOW - 600), str(NOW + 600))]
    assert later.outcomes[0].message == (
        "1 request; samples 1 added, 0 updated, 1 already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )


def test_a_redirect_elsewhere_gets_no_token(site: Path, httpserver: HTTPServer) -> None:
    elsewhere = HTTPServer(host="127.0.0.1")
    elsewhere.start()
    try:
        elsewhere.expect_request("/steal").respond_with_json({"results": []})
        httpserver.expect_request("/api/3.1/results/85975").respond_with_response(
            Response("", status=302, headers={"Location": elsewhere.url_for("/steal")})
        )
        report = run(site)
        assert not report.ok
        assert (
            "refused: requests with this source's credentials go only to its configured origin"
            in report.failed[0].message
        )
        assert elsewhere.log == []
    finally:
        elsewhere.clear()
        elsewhere.stop()


def test_a_check_id_must_be_a_number(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGDOM_TOKEN", TOKEN)
    add_sources(
        site_dir,
        "  - id: pingdom\n    type: pingdom\n    token_env: PINGDOM_TOKEN\n"
        "    monitors: {'../checks': api-public}\n",
    )
    report = run(site_dir)
    assert report.failed[0].line() == (
        f"pingdom: {site_dir / 'services.yml'}:56: monitors: '../checks' is not a Pingdom "
        "check id (a number)"
    )
