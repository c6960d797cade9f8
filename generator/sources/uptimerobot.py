"""UptimeRobot: the API v2 ``getMonitors`` response with ``logs=1``.

Each monitor's ``logs`` are state changes: ``type`` 1 is down, 2 up, 98 monitoring started
and 99 paused; ``datetime`` is when the state began (Unix seconds) and ``duration`` how long
it lasted, up to the time of the request for the newest log. They become state intervals
[datetime, datetime + duration). Started and paused spans are no data: UptimeRobot did not
check then, so they count neither as uptime nor as downtime. The newest log's end is the
time of the export, so nothing is claimed beyond what UptimeRobot had seen; the next export
extends it (same start, so its row replaces the earlier one).

UptimeRobot confirms a failure from a second location before it logs "down", so its
intervals are stored under one location (the source's ``location``, or the monitor's only
one): give a monitor fed by UptimeRobot a single location.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.sources.base import ProbeBatch, SourceContext, probe_format
from generator.sources.vendor import (
    MonitorMap,
    VendorError,
    array,
    epoch,
    field_error,
    load_json,
    obj,
    seconds,
)
from generator.store.fields import FieldError
from generator.store.probes import StateInterval

DOWN, UP, STARTED, PAUSED = 1, 2, 98, 99
LOG_TYPES = {DOWN: "down", UP: "up", STARTED: "started", PAUSED: "paused"}


def parse_monitors(document: Any, context: SourceContext, origin: Path | str) -> ProbeBatch:
    """Normalise one getMonitors response (the collector calls this per page)."""
    path = Path(origin)
    batch = ProbeBatch()
    mapper = MonitorMap(context, "uptimerobot", path)
    try:
        doc = obj(document, "$")
        if doc.get("stat") == "fail":
            error = doc.get("error")
            detail = error.get("message") if isinstance(error, dict) else error
            raise VendorError(f"UptimeRobot answered stat: fail: {detail}", file=path, field="stat")
        for index, raw in enumerate(array(doc.get("monitors"), "monitors")):
            where = f"monitors[{index}]"
            monitor_doc = obj(raw, where)
            vendor_id = monitor_doc.get("id")
            name = monitor_doc.get("friendly_name")
            monitor = mapper.monitor(vendor_id, name, label=str(name or vendor_id))
            if monitor is None:
                continue
            location = mapper.location(monitor, where)
            for number, entry in enumerate(array(monitor_doc.get("logs", []), f"{where}.logs")):
                at = f"{where}.logs[{number}]"
                interval = _interval(obj(entry, at), at, monitor, location)
                if interval is not None:
                    batch.intervals.append(interval)
    except FieldError as exc:
        raise field_error(path, exc) from None
    mapper.warn()
    return batch


def _interval(
    entry: dict[str, Any], where: str, monitor: str, location: str
) -> StateInterval | None:
    kind = entry.get("type")
    if isinstance(kind, str) and kind.isdigit():
        kind = int(kind)
    if kind not in LOG_TYPES or isinstance(kind, bool):
        raise FieldError(
            f"{where}.type", f"{kind!r} is not a log type (1 down, 2 up, 98 started, 99 paused)"
        )
    start = epoch(entry.get("datetime"), f"{where}.datetime")
    duration = int(seconds(entry.get("duration"), f"{where}.duration"))
    if kind in (STARTED, PAUSED) or duration == 0:
        return None  # not checked (or a zero-length state): no data either way
    return StateInterval(monitor, location, start, start + duration, up=kind == UP)


@probe_format("uptimerobot")
def read_uptimerobot(path: Path, context: SourceContext) -> ProbeBatch:
    return parse_monitors(load_json(path), context, path)
