"""Intercom conversations."""

from __future__ import annotations

from pathlib import Path

from generator.sources import TICKET_FORMATS
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, context


def test_conversations_from_the_customers_first_message(site_dir: Path) -> None:
    batch = TICKET_FORMATS["intercom"](
        FIXTURES / "intercom" / "conversations.json", context(site_dir)
    )
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
        # Messenger ("conversation") -> chat, "priority" -> high by the SLA's mappings;
        # first_admin_reply_at is the first human teammate reply
        (
            "intercom-1911149811",
            "chat",
            "high",
            "2026-08-12T07:00:00Z",
            "2026-08-12T07:04:00Z",
            "2026-08-12T08:00:00Z",
        ),
        ("intercom-1911149812", "email", "feature", "2026-08-12T07:16:40Z", None, None),
    ]  # the outbound message nobody answered is no request
