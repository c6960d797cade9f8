"""The ticket store: support requests, one CSV partition per month of creation.

Layout::

    data/tickets/<YYYY-MM>.csv   id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes,client

The month is the UTC month of ``created_at`` when the ticket is first stored. A ticket's key
is its ``id``; importing it again appends its new version to the partition it already lives
in, and the last line wins (a ticket that has since been answered gets its
``first_response_at``). So every id lives in exactly one partition, and its history stays in
the file.

Ticket ids are private: they appear only in the internal audience's output and in the
report of the ticket's own client. ``client`` is an opaque id (the helpdesk's organization
or company); who it is lives in the private clients file, never in the store.

Partitions written before tickets had a client column keep reading (as tickets of no
client); the first write into one rewrites it whole with the new header, under the lock.

Writing checks every ticket against the store's bounds (:mod:`generator.store.bounds`:
text length, time window, ``paused_minutes`` at most a year) before anything is touched, and
holds the data directory's write lock from finding each ticket's partition to replacing it.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import itertools
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator import timeutil
from generator.atomic import write_atomic
from generator.config.schema import CHANNELS, IMPACTS
from generator.errors import GeneratorError, RecordError
from generator.store import fields as f
from generator.store.bounds import (
    HARD_WINDOW,
    READ_FIELD_LIMIT,
    FieldError,
    TimeWindow,
    check_number,
    check_text,
)
from generator.store.csvlog import (
    Row,
    WriteSummary,
    append_partitions,
    checked_rows,
    open_partition,
    remove_temp_files,
    stored_rows,
    unreadable,
)
from generator.store.layout import DataDir
from generator.store.lock import write_lock
from generator.store.probes import month_of
from generator.timeutil import format_utc

if TYPE_CHECKING:
    import pyarrow as pa

TICKET_COLUMNS = (
    "id",
    "channel",
    "impact",
    "plan",
    "created_at",
    "first_response_at",
    "resolved_at",
    "paused_minutes",
    "client",
)
TICKET_KEY = (0,)
LEGACY_COLUMNS = TICKET_COLUMNS[:-1]  # partitions written before the client column
CLIENT_ID_LIMIT = f.OPAQUE_ID_LIMIT


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
    client: str = ""  # the client's opaque id (helpdesk organization/company); "": none

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
            self.client,
        )

    @staticmethod
    def from_row(row: Row) -> Ticket:
        """A stored row as a Ticket; raises FieldError naming the bad field."""
        return parse_stored(dict(zip(TICKET_COLUMNS[: len(row)], row, strict=True)))


# a Ticket's fields, in its order: a cached partition's columns (besides each line's
# number) and what a kept figure is keyed by (generator/reporting/kept_support.py)
TICKET_FIELDS = tuple(field.name for field in dataclasses.fields(Ticket))


def parse_stored(record: dict[str, object], *, text_limit: int | None = None) -> Ticket:
    """One stored ticket record, checked field by field (FieldError names the field).

    The store holds normalised values only: SLA channel and impact names, UTC timestamps.
    Text is held to the store's limits unless ``text_limit`` says otherwise (reading a
    partition an older version wrote with a longer value).
    """
    ticket_id = f.text(record, "id", limit=text_limit)
    channel = f.text(record, "channel")
    if channel not in CHANNELS:
        raise f.FieldError("channel", f"{channel!r} is not one of {', '.join(CHANNELS)}")
    impact = f.text(record, "impact")
    if impact not in IMPACTS:
        raise f.FieldError("impact", f"{impact!r} is not one of {', '.join(IMPACTS)}")
    created = f.instant(record, "created_at")
    assert created is not None
    first_response = f.instant(record, "first_response_at", optional=True)
    resolved = f.instant(record, "resolved_at", optional=True)
    for name, value in (("first_response_at", first_response), ("resolved_at", resolved)):
        if value is not None and value < created:
            raise f.FieldError(name, "is before created_at")
    return Ticket(
        id=ticket_id,
        channel=channel,
        impact=impact,
        plan=f.text(record, "plan", optional=True, limit=text_limit),
        created_at=created,
        first_response_at=first_response,
        resolved_at=resolved,
        paused_minutes=f.number(record, "paused_minutes") or 0.0,
        client=client_id(record),
    )


def client_id(record: dict[str, object]) -> str:
    """The optional ``client`` field: an opaque id of at most 64 characters, on one line."""
    return f.opaque_id(record.get("client"), "client", limit=CLIENT_ID_LIMIT)


def columns_of(path: Path, content: bytes | None = None) -> tuple[str, ...]:
    """The columns a stored partition (or its ``content``, read already) was written with:
    today's, or the legacy ones."""
    with open_partition(path, content) as handle:
        first = handle.readline().rstrip("\r\n")
    return LEGACY_COLUMNS if first == ",".join(LEGACY_COLUMNS) else TICKET_COLUMNS


def _upgrade(path: Path) -> None:
    """Rewrite a legacy partition with the client column (empty), line for line.

    Called under the write lock, before planning an append into it, so the rows it is
    compared with have today's width and an unchanged ticket is still unchanged.
    """
    rows = [(*row, "") for _, row in stored_rows(path, LEGACY_COLUMNS)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TICKET_COLUMNS)
    writer.writerows(rows)
    write_atomic(path, buffer.getvalue().encode(), durable=True, mode=path.stat().st_mode & 0o777)


def _partitions(data: DataDir) -> list[Path]:
    return sorted(data.tickets_dir.glob("*.csv")) if data.tickets_dir.exists() else []


def _home_partitions(data: DataDir) -> dict[str, Path]:
    """Which partition each stored ticket id lives in."""
    homes: dict[str, Path] = {}
    for path in _partitions(data):
        for _, row in stored_rows(path, columns_of(path)):
            homes.setdefault(row[0], path)
    return homes


def _check(ticket: Ticket, window: TimeWindow) -> None:
    check_text("id", ticket.id)
    check_text("plan", ticket.plan)
    check_text("client", ticket.client, CLIENT_ID_LIMIT)
    window.check("created_at", ticket.created_at)
    for name, value in (
        ("first_response_at", ticket.first_response_at),
        ("resolved_at", ticket.resolved_at),
    ):
        if value is not None:
            window.check(name, value)
    if ticket.paused_minutes < 0:
        raise FieldError("paused_minutes", f"{ticket.paused_minutes:g} is below 0")
    check_number("paused_minutes", ticket.paused_minutes)


def check_tickets(
    tickets: Iterable[Ticket], window: TimeWindow = HARD_WINDOW, origin: Path | None = None
) -> None:
    """Every ticket within bounds, or a RecordError naming the ticket (and ``origin``)."""
    for ticket in tickets:
        try:
            _check(ticket, window)
        except FieldError as exc:
            raise RecordError(
                f"{exc.message}, in ticket {ticket.id[:80]!r}", file=origin, field=exc.field
            ) from None


def write_tickets(
    data: DataDir,
    tickets: Iterable[Ticket],
    *,
    window: TimeWindow = HARD_WINDOW,
    origin: Path | None = None,
) -> WriteSummary:
    """Add or update tickets: added, updated (changed since stored) and unchanged.

    All or none: a ticket out of bounds (``window``) is a RecordError naming ``origin``.
    """
    tickets = list(tickets)
    check_tickets(tickets, window, origin)
    if not tickets:
        return WriteSummary()  # nothing to lock for (and a read-only store stays usable)
    with write_lock(data.root):
        remove_temp_files(data.record_dirs)
        homes = _home_partitions(data)
        partitions: dict[Path, list[Row]] = defaultdict(list)
        for ticket in tickets:
            path = homes.get(ticket.id) or data.tickets_dir / f"{month_of(ticket.created_at)}.csv"
            homes[ticket.id] = path
            partitions[path].append(ticket.row())
        for path in partitions:
            if path.exists() and columns_of(path) == LEGACY_COLUMNS:
                _upgrade(path)
        return append_partitions(partitions, TICKET_COLUMNS, TICKET_KEY)


def read_partition(path: Path, data: DataDir | None = None) -> Iterator[tuple[int, Ticket]]:
    """Every line of one partition as (line number, ticket), checked field by field.

    A bad line raises RecordError with the file, line and field, so a hand-edited or
    damaged partition is reported precisely instead of failing somewhere in a report.

    With ``data`` (the partition's data directory), through the derived cache
    (:mod:`generator.store.cache`): the lines of content checked before, by these rules,
    are taken as they were checked then. Checking a line is most of a ticket's cost in a
    build (100,000 tickets: about 1.5 s), and a scheduled build adds a few. The cache keeps
    whole partitions only: one with a bad line is read as it is checked, its lines before
    the bad one given first (``check`` counts them and looks for their ids elsewhere).
    """
    if data is None:
        return _checked(path)
    from generator.store import cache

    try:
        table = cache.read_through(
            data.root, path, _cached_shape(), lambda content: _table(_checked(path, content))
        )
    except OSError as exc:
        raise unreadable(path, exc) from None
    except RecordError:
        return _checked(path)
    return _from_table(table)


def _checked(path: Path, content: bytes | None = None) -> Iterator[tuple[int, Ticket]]:
    columns = columns_of(path, content)
    parse = partial(parse_stored, text_limit=READ_FIELD_LIMIT)
    return checked_rows(path, columns, parse, content)


@functools.cache
def _cached_shape() -> str:
    """Names the cached tables by the rules their lines were checked with: the source of
    the modules that hold them. A statusgen whose checks changed (an edited checkout, a
    new release) never takes lines an older one passed; it checks them again."""
    from generator.config import schema
    from generator.store import bounds, csvlog

    digest = hashlib.sha256()
    for module in (sys.modules[__name__], f, bounds, csvlog, schema, timeutil):
        digest.update(Path(str(module.__file__)).read_bytes())
    return f"tickets:{digest.hexdigest()[:32]}"


def _table(lines: Iterable[tuple[int, Ticket]]) -> pa.Table:
    import pyarrow as pa

    rows = list(lines)
    columns = {"line": pa.array([line for line, _ in rows], pa.int64())}
    for name in TICKET_FIELDS:
        columns[name] = pa.array([getattr(ticket, name) for _, ticket in rows])
    types = {"created_at": pa.int64(), "first_response_at": pa.int64(), "resolved_at": pa.int64()}
    return pa.table(
        {
            name: column.cast(types[name]) if name in types else column
            for name, column in columns.items()
        }
    )


def _from_table(table: pa.Table) -> Iterator[tuple[int, Ticket]]:
    lines = table.column("line").to_pylist()
    fields = [table.column(name).to_pylist() for name in TICKET_FIELDS]
    return zip(lines, itertools.starmap(Ticket, zip(*fields, strict=True)), strict=True)


def load_tickets(data: DataDir) -> list[Ticket]:
    """Every stored ticket (latest version of each), ordered by creation time and id."""
    latest: dict[str, Ticket] = {}
    for path in _partitions(data):
        for _, ticket in read_partition(path, data):
            latest[ticket.id] = ticket
    return sorted(latest.values(), key=lambda t: (t.created_at, t.id))


@dataclass
class TicketStoreStats:
    """What ``statusgen check`` reports about the ticket store."""

    files: int = 0
    lines: int = 0
    tickets: int = 0
    first_created: int | None = None
    last_created: int | None = None


def verify_tickets(data: DataDir) -> tuple[TicketStoreStats, list[GeneratorError]]:
    """Check every stored line; also that each ticket id lives in one partition only."""
    stats = TicketStoreStats()
    problems: list[GeneratorError] = []
    homes: dict[str, tuple[Path, int]] = {}
    latest: dict[str, Ticket] = {}
    for path in _partitions(data):
        stats.files += 1
        try:
            for line, ticket in read_partition(path, data):
                stats.lines += 1
                home = homes.setdefault(ticket.id, (path, line))
                if home[0] != path:
                    problems.append(
                        RecordError(
                            f"ticket {ticket.id!r} is also stored in {home[0]} (line {home[1]}); "
                            "updates of a ticket belong in the partition it was first stored in",
                            file=path,
                            line=line,
                            field="id",
                        )
                    )
                latest[ticket.id] = ticket
        except GeneratorError as exc:  # a bad line, or a partition that cannot be read
            problems.append(exc)
    stats.tickets = len(latest)
    created = [t.created_at for t in latest.values()]
    if created:
        stats.first_created, stats.last_created = min(created), max(created)
    return stats, problems
