"""statusgen collect from UptimeRobot on the Free plan (issue 15, item 6).

UptimeRobot's v2 documentation of getMonitors gives ``logs_start_date`` and
``logs_end_date`` as "optional (works only for the Pro Plan as 24 hour+ logs are kept only
in the Pro Plan, formatted as Unix time and must be used with logs_end_date)", and
``logs_limit`` as "the number of logs to be returned (descending order). If empty, all logs
are returned." (reproduced in the upytimerobot 0.2.2 client, gitlab.com/fboaventura/
upytimerobot, ``get_monitors``, and in the TypeScript and C# clients' PRO notes). So on
``plan: free`` (the default) collect sends neither date and keeps, of each monitor's whole
log, what reaches past its cursor. The answers reuse tests/fixtures/uptimerobot/
getMonitors.json (written here, in the documented shape), paged 50 monitors at a time.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.collect.state import load_state
from generator.store.layout import DataDir
from tests.test_collect import NOW, TOKEN, Recorder, json_response, run
from tests.vendor_helpers import FIXTURES, add_sources


@pytest.fixture
def free(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UPTIMEROBOT_API_KEY", TOKEN)
    add_sources(
        site_dir,
        f"  - id: uptimerobot\n    type: uptimerobot\n    url: {httpserver.url_for('/v2')}\n"
        "    token_env: UPTIMEROBOT_API_KEY\n"
        "    monitors: {'778123456': api-public, '778000002': insights-web}\n"
        "    start: 2026-08-12T00:00:00Z\n",
    )
    return site_dir


def answers(forms: list[dict[str, str]], newest: list[dict[str, Any]]) -> Any:
    first = json.loads((FIXTURES / "uptimerobot" / "getMonitors.json").read_text())
    first["pagination"] = {"offset": 0, "limit": 50, "total": 51}
    # a log older than the configured start: the Free plan's answer holds every log
    first["monitors"][0]["logs"].append(
        {"id": 898, "type": 1, "datetime": 1786400000, "duration": 600, "reason": {}}
    )
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
    limited = [True]

    def handler(request: Request) -> Response:
        form = request.form.to_dict()
        forms.append(form)
        if limited.pop() if limited else False:
            return Response("", status=429, headers={"Retry-After": "6"})
        page = json.loads(json.dumps(first if form["offset"] == "0" else second))
        if form["offset"] == "0":
            page["monitors"][0]["logs"][:0] = newest
        return json_response(page)

    return handler


def test_free_plan_sends_no_dates_and_keeps_what_is_new(
    free: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    forms: list[dict[str, str]] = []
    newest: list[dict[str, Any]] = []
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_handler(
        answers(forms, newest)
    )
    sleep = Recorder()
    with caplog.at_level(logging.DEBUG):
        report = run(free, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [6.0]
    assert [sorted(f) for f in forms] == [
        ["api_key", "format", "limit", "logs", "offset"],  # the 429
        ["api_key", "format", "limit", "logs", "offset"],
        ["api_key", "format", "limit", "logs", "offset"],
    ]
    assert all(f["api_key"] == TOKEN for f in forms)
    assert TOKEN not in caplog.text and TOKEN not in report.outcomes[0].line()
    # the log from before the configured start is not stored
    assert report.outcomes[0].line() == (
        "uptimerobot: 3 requests; samples 0 added, 0 updated, 0 already stored; "
        "intervals 5 added, 0 updated, 0 already stored"
    )
    assert load_state(DataDir(free), "uptimerobot") == {
        "monitors": {"778000001": 1786528800, "778000002": 1786525200, "778123456": 1786529220}
    }
    # the next run: the whole log again, of which only what reaches past the cursor is kept
    forms.clear()
    newest.append({"id": 905, "type": 1, "datetime": 1786532400, "duration": 3600, "reason": {}})
    again = run(free)
    assert "logs_start_date" not in forms[0]
    assert again.outcomes[0].message == (
        "2 requests; samples 0 added, 0 updated, 0 already stored; "
        "intervals 1 added, 0 updated, 5 already stored"
    )


def test_pro_plan_asks_for_the_range(free: Path, httpserver: HTTPServer) -> None:
    services = free / "services.yml"
    services.write_text(services.read_text() + "    plan: pro\n")
    forms: list[dict[str, str]] = []
    httpserver.expect_request("/v2/getMonitors", method="POST").respond_with_handler(
        answers(forms, [])
    )
    assert run(free).ok
    assert (forms[1]["logs_start_date"], forms[1]["logs_end_date"]) == ("1786492800", str(NOW))
