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

The file is opened read-only, so importing from a live Kuma's database is safe.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from generator.sources.base import ProbeBatch, SourceContext, probe_format
from generator.sources.vendor import MonitorMap, VendorError
from generator.store.probes import Sample, StateInterval

DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3

_QUERY = """
SELECT h.id, h.monitor_id, m.name, h.status, h.time, h.ping, h.msg, h.important
FROM heartbeat AS h LEFT JOIN monitor AS m ON m.id = h.monitor_id
ORDER BY h.monitor_id, h.time, h.id
"""


def _time(text: object, path: Path, row: int) -> int:
    where = f"heartbeat[id={row}].time"
    if not isinstance(text, str):
        raise VendorError(f"{text!r} is not a time", file=path, field=where)
    try:
        moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise VendorError(f"{text!r} is not a time", file=path, field=where) from None
    if moment.tzinfo is None:  # Kuma writes UTC without an offset
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() // 1)


@probe_format("uptime-kuma")
def read_uptime_kuma(path: Path, context: SourceContext) -> ProbeBatch:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise VendorError(f"cannot open as SQLite: {exc}", file=path) from None
    try:
        rows = connection.execute(_QUERY).fetchall()
    except sqlite3.DatabaseError as exc:
        raise VendorError(
            f"not an Uptime Kuma database (kuma.db with heartbeat and monitor tables): {exc}",
            file=path,
        ) from None
    finally:
        connection.close()

    mapper = MonitorMap(context, "uptime-kuma", path)
    batch = ProbeBatch()
    for kuma_id, group in groupby(rows, key=lambda row: row[1]):
        first = next(group)
        row_id, name = first[0], first[2]
        monitor = mapper.monitor(kuma_id, name, label=str(name or kuma_id))
        if monitor is None:
            continue
        location = mapper.location(monitor, f"heartbeat[id={row_id}].monitor_id")
        beats = [_beat(row, path) for row in (first, *group)]
        # where full resolution begins: Kuma 2.x's cleanup keeps every beat younger than a
        # day and only the important ones before
        full_from = next((b.time for b in beats if not b.important), None)
        thinned = [b for b in beats if full_from is None or b.time < full_from]
        max_gap = context.services.monitors[monitor].max_gap
        _transitions(thinned, beats[len(thinned) :], max_gap, monitor, location, batch)
        _samples(beats[len(thinned) :], monitor, location, batch)
    mapper.warn()
    return batch


class _Beat(NamedTuple):
    id: int
    status: int
    time: int
    ping: Any
    msg: str
    important: bool


def _beat(row: tuple[Any, ...], path: Path) -> _Beat:
    row_id, _, _, status, time_text, ping, msg, important = row
    if status not in (DOWN, UP, PENDING, MAINTENANCE) or isinstance(status, bool):
        raise VendorError(
            f"{status!r} is not a heartbeat status (0 down, 1 up, 2 pending, 3 maintenance)",
            file=path,
            field=f"heartbeat[id={row_id}].status",
        )
    text = str(msg or "").replace("\n", " ")
    return _Beat(row_id, status, _time(time_text, path, row_id), ping, text, bool(important))


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


def _transitions(
    thinned: list[_Beat],
    rest: list[_Beat],
    max_gap: int,
    monitor: str,
    location: str,
    batch: ProbeBatch,
) -> None:
    """Important beats only: each up or down holds until the next beat left."""
    for index, beat in enumerate(thinned):
        last = index + 1 == len(thinned)
        after = rest[0] if last and rest else None if last else thinned[index + 1]
        if beat.status not in (UP, DOWN):
            continue  # maintenance: no data; pending (a first beat): undecided
        if after is None or (last and after.time - beat.time <= max_gap):
            # nothing after it, or the next beat is a sample that follows within max_gap
            # (a monitor's first beat, say): a sample says the same and keeps the latency
            batch.samples.append(_sample(beat, monitor, location))
        elif after.time > beat.time:
            batch.intervals.append(
                StateInterval(monitor, location, beat.time, after.time, up=beat.status == UP)
            )


def _samples(beats: list[_Beat], monitor: str, location: str, batch: ProbeBatch) -> None:
    """Full resolution: one sample a beat, pending runs decided by how they end."""
    pending: list[Sample] = []
    for beat in beats:
        if beat.status == MAINTENANCE:
            pending = []
            continue
        sample = _sample(beat, monitor, location)
        if beat.status == PENDING:
            pending.append(sample)
            continue
        if beat.status == DOWN:
            batch.samples.extend(pending)  # the retries were the outage's first failures
        pending = []
        batch.samples.append(sample)
