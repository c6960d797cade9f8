"""Zendesk incremental export (JSON, with metrics and comment events) and the CSV export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import TICKET_FORMATS
from generator.store.tickets import Ticket
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, context


def rows(tickets: list[Ticket]) -> list[tuple[str, str, str, str, str | None, str | None]]:
    def t(value: int | None) -> str | None:
        return None if value is None else format_utc(value)

    return [
        (
            x.id,
            x.channel,
            x.impact,
            format_utc(x.created_at),
            t(x.first_response_at),
            t(x.resolved_at),
        )
        for x in sorted(tickets, key=lambda x: x.id)
    ]


def test_json_first_response_is_the_first_public_agent_comment(site_dir: Path) -> None:
    batch = TICKET_FORMATS["zendesk"](
        FIXTURES / "zendesk" / "incremental_tickets.json", context(site_dir)
    )
    assert rows(batch.tickets) == [
        # comment events: the trigger's auto-reply (07:00:05), the private note (07:03) and
        # the answer bot (07:04) do not count; the agent's public comment at 07:09:30 does
        (
            "zendesk-1201",
            "email",
            "critical",
            "2026-08-12T07:00:00Z",
            "2026-08-12T07:09:30Z",
            "2026-08-12T08:30:00Z",
        ),
        # no comment events: Zendesk's reply time metric (95 s); a feature-request tag
        ("zendesk-1202", "chat", "feature", "2026-08-12T07:20:00Z", "2026-08-12T07:21:35Z", None),
        # web -> email by the SLA's mappings; normal -> medium; not answered yet
        ("zendesk-1203", "email", "medium", "2026-08-12T07:40:00Z", None, None),
    ]  # the deleted ticket is skipped


def test_without_users_the_requester_is_not_an_agent(site_dir: Path, tmp_path: Path) -> None:
    pages = json.loads((FIXTURES / "zendesk" / "incremental_tickets.json").read_text())
    del pages[0]["users"]
    # the requester answering their own ticket publicly is no first response
    pages[1]["ticket_events"][3]["via"] = "Web form"
    pages[1]["ticket_events"][3]["child_events"][0].update(via="Web form", author_id=9001)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(pages))
    batch = TICKET_FORMATS["zendesk"](path, context(site_dir))
    assert rows(batch.tickets)[0][4] == "2026-08-12T07:09:30Z"


def test_csv_export(site_dir: Path) -> None:
    batch = TICKET_FORMATS["zendesk"](
        FIXTURES / "zendesk" / "tickets_export.csv", context(site_dir)
    )
    assert rows(batch.tickets) == [
        (
            "zendesk-1201",
            "email",
            "critical",
            "2026-08-12T07:00:00Z",
            "2026-08-12T07:10:00Z",
            "2026-08-12T08:30:00Z",
        ),
        ("zendesk-1202", "chat", "feature", "2026-08-12T07:20:00Z", "2026-08-12T07:22:00Z", None),
        ("zendesk-1203", "email", "medium", "2026-08-12T07:40:00Z", None, None),
    ]


def test_an_unmapped_priority_is_an_error_naming_the_fix(site_dir: Path, tmp_path: Path) -> None:
    pages = json.loads((FIXTURES / "zendesk" / "incremental_tickets.json").read_text())
    pages[0]["tickets"][2]["priority"] = "p1"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(pages))
    with pytest.raises(RecordError) as err:
        TICKET_FORMATS["zendesk"](path, context(site_dir))
    assert str(err.value).startswith(
        f"{path}: [0].tickets[2].priority: priority 'p1' maps to no impact; add it to "
        "support.mappings.impacts in the SLA file"
    )


def test_a_csv_time_without_offset_names_line_and_column(site_dir: Path, tmp_path: Path) -> None:
    text = (FIXTURES / "zendesk" / "tickets_export.csv").read_text()
    path = tmp_path / "export.csv"
    path.write_text(text.replace("2026-08-12 10:40:00 +0300,2026", "2026-08-12 10:40:00,2026"))
    with pytest.raises(RecordError) as err:
        TICKET_FORMATS["zendesk"](path, context(site_dir))
    assert str(err.value).startswith(
        f"{path}:4: Created at: '2026-08-12 10:40:00' has no UTC offset"
    )
