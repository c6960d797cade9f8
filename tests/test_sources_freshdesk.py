"""Freshdesk tickets with include=stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import TICKET_FORMATS
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, context

FIXTURE = FIXTURES / "freshdesk" / "tickets.json"


def test_tickets_with_stats(site_dir: Path) -> None:
    batch = TICKET_FORMATS["freshdesk"](FIXTURE, context(site_dir))
    got = [
        (
            t.id,
            t.channel,
            t.impact,
            format_utc(t.created_at),
            t.first_response_at and format_utc(t.first_response_at),
            t.resolved_at and format_utc(t.resolved_at),
        )
        for t in batch.tickets
    ]
    assert got == [
        # source 1 email, priority 4 urgent -> critical (SLA mapping)
        (
            "freshdesk-311",
            "email",
            "critical",
            "2026-08-12T07:00:00Z",
            "2026-08-12T07:12:00Z",
            "2026-08-12T08:00:00Z",
        ),
        # source 7 chat; the feature-request tag wins over priority 1 low
        ("freshdesk-312", "chat", "feature", "2026-08-12T07:30:00Z", None, None),
        # source 2 portal -> email (SLA mapping); priority 2 medium
        ("freshdesk-313", "email", "medium", "2026-08-12T08:00:00Z", "2026-08-12T09:10:00Z", None),
    ]  # spam is skipped


def test_tickets_fetched_without_stats_are_refused(site_dir: Path, tmp_path: Path) -> None:
    tickets = json.loads(FIXTURE.read_text())
    del tickets[1]["stats"]
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(tickets))
    with pytest.raises(RecordError) as err:
        TICKET_FORMATS["freshdesk"](path, context(site_dir))
    assert str(err.value) == f"{path}: [1].stats: is missing: fetch the tickets with include=stats"
