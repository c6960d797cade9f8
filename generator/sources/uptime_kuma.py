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

The file is opened read-only, so importing from a live Kuma's database is safe.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from generator.sources.base import ProbeBatch, SourceContext, probe_format
from generator.sources.vendor import MonitorMap, VendorError
from generator.store.probes import Sample

DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3

_QUERY = """
SELECT h.id, h.monitor_id, m.name, h.status, h.time, h.ping, h.msg
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
    targets: dict[int, tuple[str, str] | None] = {}
    pending: list[Sample] = []
    current: int | None = None
    for row_id, kuma_id, name, status, time_text, ping, msg in rows:
        if kuma_id != current:
            pending = []  # a new monitor: an open pending run of the last one stays undecided
            current = kuma_id
        if kuma_id not in targets:
            monitor = mapper.monitor(kuma_id, name, label=str(name or kuma_id))
            where = f"heartbeat[id={row_id}].monitor_id"
            targets[kuma_id] = (
                None if monitor is None else (monitor, mapper.location(monitor, where))
            )
        target = targets[kuma_id]
        if target is None:
            continue
        if status not in (DOWN, UP, PENDING, MAINTENANCE) or isinstance(status, bool):
            raise VendorError(
                f"{status!r} is not a heartbeat status (0 down, 1 up, 2 pending, 3 maintenance)",
                file=path,
                field=f"heartbeat[id={row_id}].status",
            )
        timestamp = _time(time_text, path, row_id)
        if status == MAINTENANCE:
            pending = []
            continue
        latency = float(ping) if isinstance(ping, int | float) and ping >= 0 else None
        sample = Sample(
            timestamp=timestamp,
            monitor=target[0],
            location=target[1],
            ok=status == UP,
            latency_ms=latency if status == UP else None,
            error="" if status == UP else str(msg or "").replace("\n", " "),
        )
        if status == PENDING:
            pending.append(sample)
            continue
        if status == DOWN:
            batch.samples.extend(pending)  # the retries were the outage's first failures
        pending = []
        batch.samples.append(sample)
    mapper.warn()
    return batch
