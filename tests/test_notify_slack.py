"""A Slack channel, as the README sets one up (``NOTIFY_..._URL`` = ``slack://T1/B2/XYZ``).

Apprise's ``slack://`` can only reach hooks.slack.com, and Apprise has no option to send
Slack's payload elsewhere: ``json://`` posts Apprise's own JSON, and its payload mapping
(``?:message=text``) can rename or drop keys but not build Slack's ``attachments``. So this
test keeps Apprise's own Slack plugin, which builds the request from the webhook tokens,
and points only its webhook base (``NotifySlack.webhook_url``, the plugin's constant for
``https://hooks.slack.com/services``) at a local HTTP server standing in for Slack.

Covered: the request Slack would receive (the path from the secret's three tokens, the
JSON body with each notice's title and text, each audience's words), Slack's ``ok`` reply
taken as delivered and anything else retried, and a re-run sending nothing new.
Not covered: TLS to hooks.slack.com, whether Slack accepts those tokens, and how Slack
draws the message (it renders ``attachments``; that is Apprise's choice and Slack's).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apprise.plugins.slack import NotifySlack
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.test_notify import (
    MAINT,
    MAINTENANCE,
    RUN,
    Mailbox,
    data,  # noqa: F401  (fixtures)
    run,
    smtp,  # noqa: F401
    write,
)

CLIENTS = "/services/T0CLIENTS/B0CLIENTS/clientsXYZsecret"
TEAM = "/services/T0TEAM/B0TEAM/teamXYZsecret"


class Slack:
    """Stands in for hooks.slack.com: answers ``ok`` as Slack does, or fails on demand."""

    def __init__(self, server: HTTPServer) -> None:
        self.received: dict[str, list[dict[str, Any]]] = {}
        self.fail: dict[str, int] = {}
        for path in (CLIENTS, TEAM):
            server.expect_request(path, method="POST").respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        if self.fail.get(request.path):
            self.fail[request.path] -= 1
            return Response("internal_error", status=500)
        assert request.headers["Content-Type"].startswith("application/json")
        self.received.setdefault(request.path, []).append(json.loads(request.get_data()))
        return Response("ok")

    def take(self, path: str) -> list[tuple[str, str]]:
        """(title, text) of each message, after checking it is Slack's attachment shape."""
        out = []
        for body in self.received.pop(path, []):
            (attachment,) = body["attachments"]
            out.append((attachment["title"], attachment["text"]))
        return out


@pytest.fixture
def slack(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Slack:
    monkeypatch.setattr(NotifySlack, "webhook_url", httpserver.url_for("/services"))
    return Slack(httpserver)


def environ(port: int) -> dict[str, str]:
    return {
        "CLIENTS_HOOK": "slack://" + CLIENTS.removeprefix("/services/"),
        # the webhook address exactly as Slack shows it works too
        "TEAM_HOOK": "https://hooks.slack.com" + TEAM,
        "MAIL_URL": f"mailto://127.0.0.1:{port}?from=status@example.com&to=list@example.com"
        "&mode=insecure",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/status",
        "GITHUB_RUN_ID": "42",
    }


def test_a_slack_webhook_receives_each_notice_once_in_slack_s_shape(
    data: Path,  # noqa: F811
    slack: Slack,
    smtp: tuple[Mailbox, int],  # noqa: F811
) -> None:
    mailbox, port = smtp
    env = environ(port)
    assert run(data, 30, env).baseline
    write(data, "maintenance/db-upgrade.md", MAINTENANCE)
    slack.fail[CLIENTS] = 2  # Slack fails twice, then takes it
    result = run(data, 40, env)
    assert result.ok
    announced = (
        "Maintenance scheduled: Database upgrade",
        "1 Aug 2026 13:00–14:00 UTC+03:00\nAffected: Website.\n" + MAINT,
    )
    assert slack.take(CLIENTS) == [announced]
    assert slack.take(TEAM) == [(announced[0], announced[1] + "\n" + RUN)]
    assert mailbox.take() == [announced]

    # 11:05: the website was down 10:45-11:00 between the two runs
    run(data, 65, env)
    outage = (
        "Website: Outage resolved",
        "Website was down 1 Aug 2026 10:45–11:00 UTC+03:00 (15 min).\n"
        "Status: https://status.example.com/",
    )
    assert slack.take(CLIENTS) == [outage]
    assert slack.take(TEAM) == [
        (
            outage[0],
            "Website was down 1 Aug 2026 10:45–11:00 UTC+03:00 (15 min).\n"
            "Monitors: Website check (web-check)\n"
            "Status: https://status.example.com/\n" + RUN,
        )
    ]

    again = run(data, 65, env)
    assert again.deliveries == ()
    assert (slack.take(CLIENTS), slack.take(TEAM), mailbox.take()) == ([], [], [])


def test_a_reply_other_than_ok_is_not_taken_as_delivered(
    data: Path,  # noqa: F811
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[Mailbox, int],  # noqa: F811
) -> None:
    # Slack answers a webhook whose channel is gone with 404 "channel_not_found"
    monkeypatch.setattr(NotifySlack, "webhook_url", httpserver.url_for("/services"))
    httpserver.expect_request(CLIENTS).respond_with_data("channel_not_found", status=404)
    httpserver.expect_request(TEAM).respond_with_data("ok")
    _mailbox, port = smtp
    env = environ(port)
    run(data, 30, env)
    write(data, "maintenance/db-upgrade.md", MAINTENANCE)
    result = run(data, 40, env)
    assert not result.ok
    assert result.pending == {"clients": 1, "team": 0, "mail": 0}
    assert [r.path for r, _ in httpserver.log] == [CLIENTS, CLIENTS, CLIENTS, TEAM]  # 3 tries
