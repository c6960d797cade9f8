"""statusgen collect from Intercom's conversation search, against a local server.

The exchange is shaped as Intercom's ``POST https://api.intercom.io/conversations/search``
(REST API 2.15, "Search conversations": a JSON body with ``query`` {``field``,
``operator``, ``value``} and ``pagination`` {``per_page`` at most 150, ``starting_after``};
the answer a ``conversation.list`` with ``pages.next.starting_after`` while more follow),
and the pagination guide (https://developers.intercom.com/docs/build-an-integration/
learn-more/rest-apis/pagination/: search APIs page with ``starting_after`` in the body).
Conversations follow the shape of tests/fixtures/intercom/conversations.json (written here).
A 429 with Retry-After stands for the rate limit.
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
from generator.store.tickets import load_tickets
from tests.test_collect import NOW, TOKEN, Recorder, json_response, run
from tests.vendor_helpers import add_sources


def conversation(number: int, created: int, replied: int | None, updated: int) -> dict[str, Any]:
    return {
        "type": "conversation",
        "id": str(number),
        "created_at": created,
        "updated_at": updated,
        "source": {"type": "conversation", "delivered_as": "customer_initiated"},
        "open": True,
        "state": "open",
        "priority": "priority",
        "tags": {"type": "tag.list", "tags": []},
        "first_contact_reply": {"created_at": created, "type": "conversation", "url": None},
        "statistics": {
            "type": "conversation_statistics",
            "first_contact_reply_at": created,
            "first_admin_reply_at": replied,
            "last_close_at": None,
        },
    }


@pytest.fixture
def site(site_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERCOM_TOKEN", TOKEN)
    add_sources(
        site_dir,
        f"  - id: intercom\n    type: intercom\n    url: {httpserver.url_for('')}\n"
        "    token_env: INTERCOM_TOKEN\n    start: 2026-08-12T00:00:00Z\n",
        file="sla.yml",
    )
    return site_dir


def test_pages_rate_limit_cursor_and_resume(
    site: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    bodies: list[Any] = []
    conversations = [
        conversation(101, NOW - 7200, NOW - 7000, NOW - 7000),
        conversation(102, NOW - 5400, None, NOW - 5400),
        conversation(103, NOW - 3600, NOW - 3300, NOW - 3300),
    ]
    limited = [True]

    def handler(request: Request) -> Response:
        body = json.loads(request.get_data())
        bodies.append(
            (body, request.headers.get("Authorization"), request.headers.get("Intercom-Version"))
        )
        if limited.pop() if limited else False:
            return Response("", status=429, headers={"Retry-After": "4"})
        since = body["query"]["value"]
        found = [c for c in conversations if c["updated_at"] > since]
        start = (
            int(body["pagination"].get("starting_after", "WzA=")[2:-1])
            if "starting_after" in body["pagination"]
            else 0
        )
        page = found[start : start + 2]
        more = start + 2 < len(found)
        pages: dict[str, Any] = {
            "type": "pages",
            "page": start // 2 + 1,
            "per_page": 2,
            "total_pages": (len(found) + 1) // 2,
        }
        if more:
            pages["next"] = {"page": start // 2 + 2, "starting_after": f"Wz{start + 2}]"}
        return json_response(
            {
                "type": "conversation.list",
                "pages": pages,
                "total_count": len(found),
                "conversations": page,
            }
        )

    httpserver.expect_request("/conversations/search", method="POST").respond_with_handler(handler)
    sleep = Recorder()
    with caplog.at_level(logging.DEBUG):
        report = run(site, sleep=sleep)
    assert report.ok, report.outcomes
    assert sleep.sleeps == [4.0]
    query = {"field": "updated_at", "operator": ">", "value": 1786492799}
    assert [b for b, _, _ in bodies] == [
        {"query": query, "pagination": {"per_page": 150}},  # 429
        {"query": query, "pagination": {"per_page": 150}},
        {"query": query, "pagination": {"per_page": 150, "starting_after": "Wz2]"}},
    ]
    assert {(auth, version) for _, auth, version in bodies} == {(f"Bearer {TOKEN}", "2.15")}
    assert TOKEN not in caplog.text and TOKEN not in report.outcomes[0].line()
    assert report.outcomes[0].line() == (
        "intercom: 3 requests; tickets 3 added, 0 updated, 0 already stored"
    )
    tickets = load_tickets(DataDir(site))
    assert [(t.id, t.first_response_at) for t in tickets] == [
        ("intercom-101", NOW - 7000),
        ("intercom-102", None),
        ("intercom-103", NOW - 3300),
    ]
    assert load_state(DataDir(site), "intercom") == {"updated_since": NOW - 3300}

    bodies.clear()
    conversations[1] = conversation(102, NOW - 5400, NOW - 60, NOW - 60)
    again = run(site)
    assert [b["query"]["value"] for b, _, _ in bodies] == [NOW - 3301]
    assert again.outcomes[0].message == "1 request; tickets 0 added, 1 updated, 1 already stored"
    assert load_state(DataDir(site), "intercom") == {"updated_since": NOW - 60}


def test_a_redirect_elsewhere_gets_no_token(site: Path, httpserver: HTTPServer) -> None:
    elsewhere = HTTPServer(host="127.0.0.1")
    elsewhere.start()
    try:
        elsewhere.expect_request("/conversations/search").respond_with_json({"conversations": []})
        httpserver.expect_request("/conversations/search").respond_with_response(
            Response(
                "", status=307, headers={"Location": elsewhere.url_for("/conversations/search")}
            )
        )
        report = run(site)
        assert "redirect to http://127.0.0.1" in report.failed[0].message
        assert (
            "refused: requests with this source's credentials go only" in report.failed[0].message
        )
        assert elsewhere.log == []
    finally:
        elsewhere.clear()
        elsewhere.stop()
