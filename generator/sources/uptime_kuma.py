"""Uptime Kuma: the ``heartbeat`` table, read straight from its ``kuma.db`` SQLite file.

A heartbeat is one check: ``monitor_id``, ``time`` (UTC, ``YYYY-MM-DD HH:MM:SS.sss``),
``status``, ``ping`` (ms) and ``msg``. Status 1 is up and 0 down. The other two are decided
here, and documented in the README:

- **2 pending**: the check failed and Kuma is retrying before it calls the monitor down.
  A run of pending beats that ends in a down beat was the start of that outage, so those
  beats are failures (an outage runs from the first failed check). A run that ends in an up
  beat was never confirmed and is skipped, as Pingdom's unconfirmed downs and our quorum
  would skip it. A run still open at the end of the file is left for the next import.
- **3 maintenance**: Kuma was told not to alert; the beat says nothing about the service, so
  it is no data. Declare the window in ``data/maintenance/`` for it to be excluded and
  reported with its releases.

Kuma 2.x keeps every beat for 24 hours only: its daily cleanup (``clearHeartbeatData`` in
``server/database.js``) deletes the beats older than that which are not *important*, and an
important beat is a change of state (up to down, pending to down, down to up, into and out
of maintenance, and a monitor's first beat). Older time is then a handful of beats hours
apart, and a beat read as a sample would hold for ``max_gap`` only: a 2-hour outage would
become minutes of downtime and the rest no data. So, per monitor, the beats before its
oldest non-important beat are read as what they are, **state transitions**: each up or down
beat holds until the next beat left (a state interval), and a maintenance beat is no data up
to the next one. From the oldest non-important beat on (all of a Kuma 1.x database), beats
are samples as above. An outage in the thinned range starts at its down beat: the pending
retries before it were deleted.

The file is opened read-only, so importing from a live Kuma's database is safe. It is read
as a stream, one row at a time, and handed on in batches of at most ``BATCH`` samples
(:func:`stream_uptime_kuma`), so a database of millions of beats imports in bounded memory;
one read transaction holds its snapshot while the import validates the whole file and then
writes it, so a beat Kuma adds meanwhile waits for the next import.

``statusgen collect`` reads the same beats from a running Kuma's status page API
(:func:`parse_status_page_heartbeats`): the newest 100 beats of each monitor, at full
resolution, decided by the same rules.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from generator.sources.base import ProbeBatch, SourceContext, probe_format, probe_snapshot
from generator.sources.vendor import MonitorMap, VendorError, array, field_error, obj
from generator.store.fields import FieldError
from generator.store.probes import Sample, StateInterval

log = logging.getLogger(__name__)

DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3
BATCH = 20_000  # samples handed on at a time: bounded memory whatever the file's size

QUERY = """
SELECT h.id, h.monitor_id, m.name, h.status, h.time, h.ping, h.msg, h.important,
    CAST(strftime('%s', h.time) AS INTEGER)
FROM heartbeat AS h LEFT JOIN monitor AS m ON m.id = h.monitor_id
ORDER BY h.monitor_id, h.time, h.id
"""
# per monitor, where full resolution begins: its oldest beat Kuma 2.x's cleanup keeps only
# for a day (the index on (monitor_id, time) makes both queries streams, not sorts)
# (SQLite gives a bare column, id here, from the row that holds the minimum)
FULL_FROM = (
    "SELECT monitor_id, MIN(time), id FROM heartbeat WHERE important = 0 GROUP BY monitor_id"
)


def _time(text: object, path: Path | str, where: str) -> int:
    if not isinstance(text, str):
        raise VendorError(f"{text!r} is not a time", file=Path(path), field=where)
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise VendorError(f"{text!r} is not a time", file=Path(path), field=where) from None
    if moment.tzinfo is None:  # Kuma writes UTC without an offset
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() // 1)


class KumaDatabase:
    """A kuma.db opened read-only, inside one read transaction: every pass over it sees
    the same beats, however busy the Kuma writing to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
            self.connection.execute("BEGIN")
        except sqlite3.Error as exc:
            raise VendorError(f"cannot open as SQLite: {exc}", file=path) from None

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> KumaDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, query: str) -> sqlite3.Cursor:
        try:
            return self.connection.execute(query)
        except sqlite3.DatabaseError as exc:
            raise VendorError(
                f"not an Uptime Kuma database (kuma.db with heartbeat and monitor tables): {exc}",
                file=self.path,
            ) from None

    def batches(self, context: SourceContext, *, warn: bool = True) -> Iterator[ProbeBatch]:
        """The database's records, a batch at a time (each at most BATCH samples); with
        ``warn``, a warning lists the Kuma monitors that map onto none of ours."""
        path = self.path
        full_from = {
            kuma_id: _time(text, path, f"heartbeat[id={row_id}].time")
            for kuma_id, text, row_id in self.execute(FULL_FROM)
        }
        mapper = MonitorMap(context, "uptime-kuma", path)
        rows = self.execute(QUERY)
        try:
            for kuma_id, group in groupby(rows, key=itemgetter(1)):
                first = next(group)
                row_id, name = first[0], first[2]
                monitor = mapper.monitor(kuma_id, name, label=str(name or kuma_id))
                if monitor is None:
                    continue  # groupby skips the rest of the group
                location = mapper.location(monitor, f"heartbeat[id={row_id}].monitor_id")
                beats = (_beat(row, path) for row in chain((first,), group))
                max_gap = context.services.monitors[monitor].max_gap
                yield from _monitor_batches(
                    beats, full_from.get(kuma_id), max_gap, monitor, location
                )
        except sqlite3.DatabaseError as exc:
            raise VendorError(f"cannot read the heartbeat table: {exc}", file=path) from None
        if warn:
            mapper.warn()


def stream_uptime_kuma(path: Path, context: SourceContext) -> Iterator[ProbeBatch]:
    """The records of a kuma.db, BATCH samples at a time (one pass, its own snapshot)."""
    with KumaDatabase(path) as database:
        yield from database.batches(context)


@probe_snapshot("uptime-kuma")
def open_uptime_kuma(path: Path) -> KumaDatabase:
    return KumaDatabase(path)


@probe_format("uptime-kuma")
def read_uptime_kuma(path: Path, context: SourceContext) -> ProbeBatch:
    """Every record of a kuma.db at once (imports of large files use the stream)."""
    batch = ProbeBatch()
    for part in stream_uptime_kuma(path, context):
        batch.samples.extend(part.samples)
        batch.intervals.extend(part.intervals)
    return batch


class _Beat(NamedTuple):
    status: int
    time: int
    ping: Any
    msg: str
    important: bool


def _beat(row: tuple[Any, ...], path: Path) -> _Beat:
    row_id, _, _, status, time_text, ping, msg, important, seconds = row
    where = f"heartbeat[id={row_id}]"
    if status not in (DOWN, UP, PENDING, MAINTENANCE) or isinstance(status, bool):
        raise VendorError(
            f"{status!r} is not a heartbeat status (0 down, 1 up, 2 pending, 3 maintenance)",
            file=path,
            field=f"{where}.status",
        )
    text = str(msg or "").replace("\n", " ")
    # SQLite's own reading of the time (UTC without an offset, as Kuma writes it) is the
    # fast path; a text it cannot read goes to _time, which says what is wrong with it
    if isinstance(seconds, int) and isinstance(time_text, str):
        moment = seconds
    else:  # not text (SQLite would read a number as a Julian day), or not a time it reads
        moment = _time(time_text, path, f"{where}.time")
    return _Beat(status, moment, ping, text, bool(important))


def _sample(beat: _Beat, monitor: str, location: str) -> Sample:
    up = beat.status == UP
    latency = float(beat.ping) if isinstance(beat.ping, int | float) and beat.ping >= 0 else None
    return Sample(
        timestamp=beat.time,
        monitor=monitor,
        location=location,
        ok=up,
        latency_ms=latency if up else None,
        error="" if up else beat.msg,
    )


def _monitor_batches(
    beats: Iterable[_Beat],
    full_from: int | None,
    max_gap: int,
    monitor: str,
    location: str,
) -> Iterator[ProbeBatch]:
    """One monitor's beats, oldest first: the thinned ones (before ``full_from``, all of
    them when it is None) as transitions, the rest as samples; BATCH samples at a time."""
    batch = ProbeBatch()
    previous: _Beat | None = None  # the last thinned beat, decided by the one after it
    decider = _Decider(monitor, location)
    for beat in beats:
        thinned = full_from is None or beat.time < full_from
        if previous is not None:
            _transition(previous, beat, not thinned, max_gap, monitor, location, batch)
            previous = None
        if thinned:
            previous = beat
            continue
        batch.samples.extend(decider.add(beat))
        if len(batch.samples) >= BATCH:
            yield batch
            batch = ProbeBatch()
    if previous is not None:
        _transition(previous, None, True, max_gap, monitor, location, batch)
    if batch.samples or batch.intervals:
        yield batch


def _transition(
    beat: _Beat,
    after: _Beat | None,
    last: bool,
    max_gap: int,
    monitor: str,
    location: str,
    batch: ProbeBatch,
) -> None:
    """A thinned (important) beat: its up or down holds until the next beat left."""
    if beat.status not in (UP, DOWN):
        return  # maintenance: no data; pending (a first beat): undecided
    if after is None or (last and after.time - beat.time <= max_gap):
        # nothing after it, or the next beat is a sample that follows within max_gap
        # (a monitor's first beat, say): a sample says the same and keeps the latency
        batch.samples.append(_sample(beat, monitor, location))
    elif after.time > beat.time:
        batch.intervals.append(
            StateInterval(monitor, location, beat.time, after.time, up=beat.status == UP)
        )


class _Decider:
    """Full resolution: one sample a beat, pending runs decided by how they end."""

    def __init__(self, monitor: str, location: str) -> None:
        self.monitor = monitor
        self.location = location
        self.pending: list[Sample] = []
        self.decided: int | None = None  # the time of the last beat decided so far

    def add(self, beat: _Beat) -> list[Sample]:
        if beat.status == PENDING:
            self.pending.append(_sample(beat, self.monitor, self.location))
            return []
        self.decided = beat.time
        out = self.pending if beat.status == DOWN else []  # retries: the outage's start
        self.pending = []
        if beat.status != MAINTENANCE:
            out.append(_sample(beat, self.monitor, self.location))
        return out


def parse_status_page_heartbeats(
    document: Any,
    names: dict[str, str],
    context: SourceContext,
    after: dict[str, int],
    origin: str,
    start: int | None = None,
) -> tuple[ProbeBatch, dict[str, int]]:
    """A Kuma status page's ``GET /api/status-page/heartbeat/<slug>`` answer.

    ``heartbeatList`` maps each Kuma monitor id to its newest beats, oldest first
    (``status``, ``time``, ``ping``; ``msg`` is blank on a public page). ``names`` gives the
    monitors' names (from ``GET /api/status-page/<slug>``) for the mapping. Only beats later
    than ``after[id]`` are read (a monitor with no cursor yet: from ``start`` on). Returns the records and, per monitor, the time of its last
    decided beat (a pending run still open is left for the next answer).
    """
    path = Path(origin)
    batch = ProbeBatch()
    decided: dict[str, int] = {}
    mapper = MonitorMap(context, "uptime-kuma", path)
    try:
        doc = obj(document, "$")
        lists = obj(doc.get("heartbeatList"), "heartbeatList")
        for kuma_id, raw in sorted(lists.items()):
            where = f"heartbeatList.{kuma_id}"
            beats = array(raw, where)
            name = names.get(str(kuma_id))
            monitor = mapper.monitor(kuma_id, name, label=str(name or kuma_id))
            if monitor is None:
                continue
            location = mapper.location(monitor, where)
            decider = _Decider(monitor, location)
            since = after.get(str(kuma_id))
            parsed = [
                _json_beat(obj(b, f"{where}[{n}]"), f"{where}[{n}]") for n, b in enumerate(beats)
            ]
            parsed.sort(key=lambda beat: beat.time)
            if since is None:
                fresh = [b for b in parsed if start is None or b.time >= start]
            else:
                fresh = [b for b in parsed if b.time > since]
            if since is not None and parsed and fresh and parsed[0].time > since:
                log.warning(
                    "%s: Kuma monitor %s: beats between %s and %s were not among the status "
                    "page's newest %d; collect more often, or import kuma.db for the gap",
                    origin,
                    kuma_id,
                    _iso(since),
                    _iso(parsed[0].time),
                    len(parsed),
                )
            for beat in fresh:
                batch.samples.extend(decider.add(beat))
            last = decider.decided if decider.decided is not None else since
            if last is not None:
                decided[str(kuma_id)] = last
    except FieldError as exc:
        raise field_error(path, exc) from None
    mapper.warn()
    return batch, decided


def _json_beat(raw: dict[str, Any], where: str) -> _Beat:
    status = raw.get("status")
    if status not in (DOWN, UP, PENDING, MAINTENANCE) or isinstance(status, bool):
        raise FieldError(
            f"{where}.status",
            f"{status!r} is not a heartbeat status (0 down, 1 up, 2 pending, 3 maintenance)",
        )
    try:
        moment = _time(raw.get("time"), where, f"{where}.time")
    except VendorError:
        raise FieldError(f"{where}.time", f"{raw.get('time')!r} is not a time") from None
    text = str(raw.get("msg") or "").replace("\n", " ")
    return _Beat(status, moment, raw.get("ping"), text, bool(raw.get("important")))


def _iso(moment: int) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
