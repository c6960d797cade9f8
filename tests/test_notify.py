"""statusgen notify over a sequence of data states, against local stand-ins for the
channels: an HTTP server for JSON webhooks (what Slack, Teams and Discord hooks are) and an
SMTP server for an e-mail list. Every message is asserted literally, with its audience's
wording, and a repeated run sends nothing new."""

from __future__ import annotations

import email
import json
import shutil
import socket
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.cli import main
from generator.notify.run import NotifyOptions, notify
from generator.site import load_site
from generator.store.probes import Sample, write_samples
from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
T = parse_instant("2026-08-01T10:00:00+03:00")
MIN = 60

SERVICES = """\
components:
  - id: web
    name: Website
    monitors:
      - id: web-check
        name: Website check
        interval: 5m
        locations: [eu, us]
  - id: api
    name: API
    monitors:
      - id: api-check
        name: API check
        interval: 5m
        locations: [eu]
        degraded: {latency_ms: 500}
notifications:
  site_url: https://status.example.com/
  maintenance_lead: 1h
  channels:
    - {id: clients, audience: public, url_env: CLIENTS_HOOK}
    - {id: team, audience: internal, url_env: TEAM_HOOK}
    - {id: mail, audience: public, url_env: MAIL_URL, events: [incident, maintenance]}
"""

MAINTENANCE = """\
---
title: Database upgrade
components: [web]
start: 2026-08-01T13:00:00+03:00
end: 2026-08-01T14:00:00+03:00
---
Planned upgrade.
"""

INCIDENT_HEAD = """\
---
title: Website errors
components: [web]
impact: major
started: 2026-08-01T10:48:00+03:00
{resolved}updates:
  - {{at: "2026-08-01T10:48:00+03:00", status: investigating, message: We are looking into errors.}}
"""
UPDATES = """\
  - {at: "2026-08-01T10:55:00+03:00", status: identified, message: A bad deploy.}
  - {at: "2026-08-01T11:00:00+03:00", status: monitoring, message: Rolled back.}
"""
END = "---\nErrors on the website.\n"
RESOLVED = """\
  - {at: "2026-08-01T11:20:00+03:00", status: resolved, message: All fine.}
"""


def checks() -> list[Sample]:
    """Every check of the day: web fails at eu from 10:35 and at us from 10:45 (confirmed),
    both recover at 11:00; inside the window both are down 13:10-13:20 (an overrun)."""
    out = []
    for minute in range(0, 6 * 60, 5):
        at = T + minute * MIN
        eu_down = 35 <= minute < 60 or 190 <= minute < 200
        us_down = 45 <= minute < 60 or 190 <= minute < 200
        out.append(Sample(at, "web-check", "eu", not eu_down, 120.0))
        out.append(Sample(at, "web-check", "us", not us_down, 130.0))
        out.append(Sample(at, "api-check", "eu", True, 900.0 if 80 <= minute < 100 else 90.0))
    return out


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(REPO / "data" / "sla.yml", root / "sla.yml")
    (root / "services.yml").write_text(SERVICES, encoding="utf-8")
    write_samples(load_site(root).data, checks())
    return root


class Hooks:
    """An HTTP server standing in for webhook endpoints; ``fail`` answers 500 that often."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.received: dict[str, list[dict[str, Any]]] = {}
        self.fail: dict[str, int] = {}
        server.expect_request("/clients").respond_with_handler(self.handle)
        server.expect_request("/team").respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        name = request.path.strip("/")
        if self.fail.get(name):
            self.fail[name] -= 1
            return Response("down", status=500)
        body = json.loads(request.get_data())
        self.received.setdefault(name, []).append(body)
        return Response("ok")

    def url(self, name: str) -> str:
        return f"json://127.0.0.1:{self.server.port}/{name}"

    def take(self, name: str) -> list[tuple[str, str]]:
        got = [(m["title"], m["message"]) for m in self.received.pop(name, [])]
        return got


@pytest.fixture
def hooks(httpserver: HTTPServer) -> Hooks:
    return Hooks(httpserver)


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def take(self) -> list[tuple[str, str]]:
        out = []
        for message in self.messages:
            text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            payload = text.get_payload(decode=True)
            assert isinstance(payload, bytes)
            out.append((str(message["Subject"]), payload.decode().replace("\r\n", "\n").strip()))
        self.messages.clear()
        return out


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def env(hooks: Hooks, port: int) -> dict[str, str]:
    return {
        "CLIENTS_HOOK": hooks.url("clients"),
        "TEAM_HOOK": hooks.url("team"),
        "MAIL_URL": f"mailto://127.0.0.1:{port}?from=status@example.com&to=list@example.com"
        "&mode=insecure",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/status",
        "GITHUB_RUN_ID": "42",
    }


def run(data: Path, minutes: int, environ: dict[str, str]) -> Any:
    return notify(NotifyOptions(data, T + minutes * MIN, environ, sleep=lambda _s: None))


def write(data: Path, name: str, text: str) -> None:
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_text(text, encoding="utf-8")


STATUS = "Status: https://status.example.com/"
RUN = "Run: https://github.com/acme/status/actions/runs/42"
MAINT = "Status: https://status.example.com/maintenance/"
INCIDENT = "Status: https://status.example.com/incidents/website-errors/"


def test_a_sequence_of_states_is_announced_once_with_each_audience_s_words(
    data: Path, hooks: Hooks, smtp: tuple[Mailbox, int]
) -> None:
    mailbox, port = smtp
    environ = env(hooks, port)

    # 10:30, all up: the first run records the status as its baseline and sends nothing
    first = run(data, 30, environ)
    assert first.baseline and first.ok and first.deliveries == ()

    # 10:40: one location of two sees the website fail (no quorum: not down); a maintenance
    # window is announced
    write(data, "maintenance/db-upgrade.md", MAINTENANCE)
    run(data, 40, environ)
    announced = (
        "Maintenance scheduled: Database upgrade",
        "1 Aug 2026 13:00–14:00 UTC+03:00\nAffected: Website.\n" + MAINT,
    )
    assert hooks.take("clients") == [announced]
    assert hooks.take("team") == [(announced[0], announced[1] + "\n" + RUN)]
    assert mailbox.take() == [announced]

    # 10:50: the second location confirms; an incident is opened
    write(data, "incidents/website-errors.md", INCIDENT_HEAD.format(resolved="") + END)
    run(data, 50, environ)
    opened = (
        "Incident: Website errors",
        "Investigating (1 Aug 2026 10:48 UTC+03:00): We are looking into errors.\n"
        "Affected: Website.\n" + INCIDENT,
    )
    outage = (
        "Website: Major outage",
        "Major outage on Website since 1 Aug 2026 10:45 UTC+03:00.",
    )
    assert hooks.take("clients") == [opened, (outage[0], outage[1] + "\n" + STATUS)]
    assert hooks.take("team") == [
        (opened[0], opened[1].replace(INCIDENT, "Impact: major\n" + INCIDENT) + "\n" + RUN),
        (outage[0], outage[1] + "\nMonitors: Website check (web-check)\n" + STATUS + "\n" + RUN),
    ]
    assert mailbox.take() == [opened]  # the mail list takes incidents and maintenance only

    # the same data again: nothing new, for anyone
    again = run(data, 50, environ)
    assert again.events == () and again.deliveries == ()
    assert (hooks.take("clients"), hooks.take("team"), mailbox.take()) == ([], [], [])

    # 11:05: recovered; the incident gains two updates
    write(data, "incidents/website-errors.md", INCIDENT_HEAD.format(resolved="") + UPDATES + END)
    run(data, 65, environ)
    identified = (
        "Update: Website errors",
        "Identified (1 Aug 2026 10:55 UTC+03:00): A bad deploy.\n" + INCIDENT,
    )
    monitoring = (
        "Update: Website errors",
        "Monitoring (1 Aug 2026 11:00 UTC+03:00): Rolled back.\n" + INCIDENT,
    )
    # the monitors see it up, but the open incident (impact major) still says partial outage,
    # as the site does
    partial = (
        "Website: Partial outage",
        "Partial outage on Website since 1 Aug 2026 11:05 UTC+03:00.\n" + STATUS,
    )
    assert hooks.take("clients") == [identified, monitoring, partial]
    assert mailbox.take() == [identified, monitoring]
    team = hooks.take("team")
    assert [t for t, _ in team] == [identified[0], monitoring[0], partial[0]]
    assert all(body.endswith(RUN) for _, body in team)

    # 11:25: resolved; the API is slow (p95 of the last 15 minutes above 500 ms)
    write(
        data,
        "incidents/website-errors.md",
        INCIDENT_HEAD.format(resolved="resolved: 2026-08-01T11:20:00+03:00\n")
        + UPDATES
        + RESOLVED
        + END,
    )
    run(data, 85, environ)
    resolved = (
        "Resolved: Website errors",
        "Resolved (1 Aug 2026 11:20 UTC+03:00): All fine.\n" + INCIDENT,
    )
    slow = (
        "API: Degraded performance",
        "Degraded performance on API since 1 Aug 2026 11:25 UTC+03:00.\n" + STATUS,
    )
    recovered = (
        "Website: Operational",
        "Website is operational again after partial outage since 1 Aug 2026 11:05 UTC+03:00.\n"
        + STATUS,
    )
    assert hooks.take("clients") == [resolved, recovered, slow]
    assert mailbox.take() == [resolved]
    assert hooks.take("team")[2] == (
        slow[0],
        "Degraded performance on API since 1 Aug 2026 11:25 UTC+03:00.\n"
        "Monitors: API check (api-check)\n"
        "Slow: API check (p95 above 500 ms)\n" + STATUS + "\n" + RUN,
    )

    # 12:10: the window starts soon (1 h lead); the API is fast again
    run(data, 130, environ)
    soon = (
        "Maintenance starts soon: Database upgrade",
        "Starts 1 Aug 2026 13:00–14:00 UTC+03:00.\nAffected: Website.\n" + MAINT,
    )
    fast = (
        "API: Operational",
        "API is operational again after degraded performance since "
        "1 Aug 2026 11:25 UTC+03:00.\n" + STATUS,
    )
    assert hooks.take("clients") == [soon, fast]
    assert mailbox.take() == [soon]

    # 13:05: it starts; 14:05: it ended, having overrun its downtime commitment
    run(data, 185, environ)
    started = (
        "Maintenance started: Database upgrade",
        "1 Aug 2026 13:00–14:00 UTC+03:00\nAffected: Website.\n" + MAINT,
    )
    assert hooks.take("clients") == [started]
    assert mailbox.take() == [started]
    run(data, 245, environ)
    ended = (
        "Maintenance ended: Database upgrade",
        "Ended 1 Aug 2026 14:00 UTC+03:00.\n"
        "Downtime exceeded the commitment: 10 min observed, 10 s allowed.\n"
        "Affected: Website.\n" + MAINT,
    )
    assert hooks.take("clients") == [ended]
    assert mailbox.take() == [ended]
    hooks.take("team")

    # repeated once more: nothing new
    final = run(data, 245, environ)
    assert final.deliveries == () and final.ok
    assert (hooks.take("clients"), hooks.take("team"), mailbox.take()) == ([], [], [])


def test_a_channel_that_fails_twice_then_succeeds_delivers_once(
    data: Path, hooks: Hooks, smtp: tuple[Mailbox, int]
) -> None:
    _mailbox, port = smtp
    environ = env(hooks, port)
    run(data, 30, environ)
    write(data, "maintenance/db-upgrade.md", MAINTENANCE)
    hooks.fail["clients"] = 2
    result = run(data, 40, environ)
    assert result.ok
    assert [t for t, _ in hooks.take("clients")] == ["Maintenance scheduled: Database upgrade"]
    assert run(data, 40, environ).deliveries == ()
    assert hooks.take("clients") == []


def test_a_failing_channel_keeps_its_messages_and_loses_no_one_else_s(
    data: Path, hooks: Hooks, smtp: tuple[Mailbox, int]
) -> None:
    mailbox, port = smtp
    environ = env(hooks, port)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    secret = f"json://alice:PASSWORD99@127.0.0.1:{closed}/hook/TOKEN12345"
    run(data, 30, environ)
    write(data, "maintenance/db-upgrade.md", MAINTENANCE)
    result = CliRunner().invoke(
        main,
        ["--data", str(data), "-v", "notify", "--as-of", "2026-08-01T10:40:00+03:00"],
        env={**environ, "TEAM_HOOK": secret},
    )
    assert result.exit_code == 1
    for word in ("PASSWORD99", "TOKEN12345", "alice"):
        assert word not in result.output
    assert result.stdout.splitlines() == [
        "1 change since the last run",
        "clients: sent 1 message",
        "mail: sent 1 message",
    ]
    errors = result.stderr.splitlines()
    assert errors[-1].startswith("Error: channel team: ")
    assert errors[-1].endswith("(tried 3 times); 1 message kept for the next run")
    assert len(hooks.take("clients")) == 1 and len(mailbox.take()) == 1  # the others got theirs

    # the next run, with the channel mended, sends what was kept, once, and only there
    again = run(data, 40, environ)
    assert again.ok
    assert [t for t, _ in hooks.take("team")] == ["Maintenance scheduled: Database upgrade"]
    assert (hooks.take("clients"), mailbox.take()) == ([], [])


def test_a_missing_variable_is_one_line_naming_it_never_a_url(data: Path) -> None:
    run(data, 30, {})
    write(data, "maintenance/db-upgrade.md", MAINTENANCE)
    result = CliRunner().invoke(
        main, ["--data", str(data), "notify", "--as-of", "2026-08-01T10:40:00+03:00"], env={}
    )
    assert result.exit_code == 1
    assert result.stdout == "1 change since the last run\n"
    assert result.stderr.splitlines() == [
        "Error: channel clients: the environment variable CLIENTS_HOOK is not set; "
        "1 message kept for the next run",
        "Error: channel team: the environment variable TEAM_HOOK is not set; "
        "1 message kept for the next run",
        "Error: channel mail: the environment variable MAIL_URL is not set; "
        "1 message kept for the next run",
    ]


def test_the_error_budget_is_announced_when_it_crosses_a_threshold(
    data: Path, hooks: Hooks, smtp: tuple[Mailbox, int]
) -> None:
    _mailbox, port = smtp
    environ = env(hooks, port)
    run(data, 360, environ)  # 16:00: 15 min of counted downtime so far, below 50%
    # an hour of confirmed downtime from 16:00: with the 15 min outage and the window's
    # 10 min overrun, 85 min of the 132.48 min allowed in the quarter (92 days at 99.9%):
    # 64.16% used; uptime over the 1030 min to date 1 - 85/1030 = 91.747%
    extra = [
        Sample(T + minute * MIN, "web-check", location, not 360 <= minute < 420, 120.0)
        for minute in range(360, 440, 5)
        for location in ("eu", "us")
    ] + [Sample(T + minute * MIN, "api-check", "eu", True, 90.0) for minute in range(360, 440, 5)]
    write_samples(load_site(data).data, extra)
    run(data, 430, environ)
    # the outage began and ended between the two runs: announced as such, and the budget
    # it used
    assert hooks.take("clients") == [
        (
            "Website: Outage resolved",
            "Website was down 1 Aug 2026 16:00–17:00 UTC+03:00 (1 h 00 min).\n" + STATUS,
        ),
        (
            "Error budget 50% used: Aug–Oct 2026",
            "64.16% of the downtime allowed in Aug–Oct 2026 is used (1 h 25 min of 2 h 12 min); "
            "uptime to date 91.74% against the 99.9% objective.\n"
            "Status: https://status.example.com/sla/2026-08/",
        ),
    ]
