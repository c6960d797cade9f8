"""The ticket store: support requests, one CSV partition per month of creation.

Layout::

    data/tickets/<YYYY-MM>.csv   id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes

The month is the UTC month of ``created_at`` when the ticket is first stored. A ticket's key
is its ``id``; importing it again appends its new version to the partition it already lives
in, and the last line wins (a ticket that has since been answered gets its
``first_response_at``). So every id lives in exactly one partition, and its history stays in
the file.

Ticket ids are private: they appear only in the internal audience's output.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.store.csvlog import Row, WriteSummary, append_partitions
from generator.store.layout import DataDir
from generator.store.probes import month_of
from generator.timeutil import format_utc, parse_instant

TICKET_COLUMNS = (
    "id",
    "channel",
    "impact",
    "plan",
    "created_at",
    "first_response_at",
    "resolved_at",
    "paused_minutes",
)
TICKET_KEY = (0,)


@dataclass(frozen=True)
class Ticket:
    """One support request, normalised to the SLA's channels and impacts."""

    id: str
    channel: str  # chat | email | other
    impact: str  # critical | high | medium | low | informational | feature
    created_at: int
    plan: str = ""
    first_response_at: int | None = None  # first response by a person; None: unanswered
    resolved_at: int | None = None
    paused_minutes: float = 0.0  # waiting on a third party: extends the deadline

    def row(self) -> Row:
        def t(value: int | None) -> str:
            return "" if value is None else format_utc(value)

        paused = f"{self.paused_minutes:g}" if self.paused_minutes else ""
        return (
            self.id,
            self.channel,
            self.impact,
            self.plan,
            format_utc(self.created_at),
            t(self.first_response_at),
            t(self.resolved_at),
            paused,
        )

    @staticmethod
    def from_row(row: Row) -> Ticket:
        record = dict(zip(TICKET_COLUMNS, row, strict=True))

        def t(value: str) -> int | None:
            return parse_instant(value) if value else None

        created = t(record["created_at"])
        assert created is not None
        return Ticket(
            id=record["id"],
            channel=record["channel"],
            impact=record["impact"],
            plan=record["plan"],
            created_at=created,
            first_response_at=t(record["first_response_at"]),
            resolved_at=t(record["resolved_at"]),
            paused_minutes=float(record["paused_minutes"] or 0),
        )


def _partitions(data: DataDir) -> list[Path]:
    return sorted(data.tickets_dir.glob("*.csv")) if data.tickets_dir.exists() else []


def _home_partitions(data: DataDir) -> dict[str, Path]:
    """Which partition each stored ticket id lives in."""
    homes: dict[str, Path] = {}
    for path in _partitions(data):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for row in reader:
                if row:
                    homes.setdefault(row[0], path)
    return homes


def write_tickets(data: DataDir, tickets: Iterable[Ticket]) -> WriteSummary:
    """Add or update tickets: added, updated (changed since stored) and unchanged."""
    homes = _home_partitions(data)
    partitions: dict[Path, list[Row]] = defaultdict(list)
    for ticket in tickets:
        path = homes.get(ticket.id) or data.tickets_dir / f"{month_of(ticket.created_at)}.csv"
        homes[ticket.id] = path
        partitions[path].append(ticket.row())
    return append_partitions(partitions, TICKET_COLUMNS, TICKET_KEY)


def load_tickets(data: DataDir) -> list[Ticket]:
    """Every stored ticket (latest version of each), ordered by creation time and id."""
    latest: dict[str, Row] = {}
    for path in _partitions(data):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for row in reader:
                if row:
                    latest[row[0]] = tuple(row)
    tickets = [Ticket.from_row(row) for row in latest.values()]
    return sorted(tickets, key=lambda t: (t.created_at, t.id))
