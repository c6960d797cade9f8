"""Pingdom: API 3.1 ``summary.outage`` responses (state intervals) and ``results`` responses
(one sample per check run).

Neither response names its check, so the import needs ``--monitor ID``.

- ``summary.states[]``: ``status`` up/down/unknown from ``timefrom`` to ``timeto`` (Unix
  seconds). Unknown spans are no data.
- ``results[]``: ``time``, ``status``, ``responsetime`` (ms), ``statusdesclong``. Pingdom
  retests a failure from a second probe before it confirms it. API 3.1 documents the status
  values ``up``, ``down``, ``unconfirmed`` and ``unknown``; some client libraries send
  ``unconfirmed_down`` for the same thing. Unconfirmed and unknown results are skipped, so
  only confirmed verdicts count, as with the quorum. ``responsetime`` is 0 when no response
  was received (a timeout, a refused connection): that result has no latency, not a 0 ms one.
  Results from several probes arrive for one monitor; they are stored under one location.
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
from generator.store.probes import Sample, StateInterval

STATES = ("up", "down", "unknown")
# API 3.1's enum, plus "unconfirmed_down", which some client libraries send instead
RESULT_STATES = ("up", "down", "unconfirmed", "unconfirmed_down", "unknown")


def parse_pingdom(document: Any, context: SourceContext, origin: Path | str) -> ProbeBatch:
    path = Path(origin)
    if not context.monitor:
        raise VendorError(
            "Pingdom responses do not name their check: pass --monitor with the monitor id "
            "the file belongs to",
            file=path,
        )
    mapper = MonitorMap(context, "pingdom", path)
    monitor = context.monitor
    try:
        doc = obj(document, "$")
        if "error" in doc:
            error = doc["error"]
            detail = error.get("errormessage") if isinstance(error, dict) else error
            raise VendorError(f"Pingdom answered an error: {detail}", file=path, field="error")
        location = mapper.location(monitor, "$")
        if "summary" in doc:
            return ProbeBatch(intervals=_states(doc, monitor, location))
        if "results" in doc:
            return ProbeBatch(samples=_results(doc, monitor, location))
    except FieldError as exc:
        raise field_error(path, exc) from None
    raise VendorError(
        "neither a summary.outage response (summary.states) nor a results response (results)",
        file=path,
    )


def _states(doc: dict[str, Any], monitor: str, location: str) -> list[StateInterval]:
    summary = obj(doc["summary"], "summary")
    out = []
    for index, raw in enumerate(array(summary.get("states"), "summary.states")):
        where = f"summary.states[{index}]"
        state = obj(raw, where)
        status = state.get("status")
        if status not in STATES:
            raise FieldError(f"{where}.status", f"{status!r} is not one of {', '.join(STATES)}")
        start = epoch(state.get("timefrom"), f"{where}.timefrom")
        end = epoch(state.get("timeto"), f"{where}.timeto")
        if end < start:
            raise FieldError(f"{where}.timeto", "is before timefrom")
        if status == "unknown" or end == start:
            continue
        out.append(StateInterval(monitor, location, start, end, up=status == "up"))
    return out


def _results(doc: dict[str, Any], monitor: str, location: str) -> list[Sample]:
    by_time: dict[int, Sample] = {}
    for index, raw in enumerate(array(doc["results"], "results")):
        where = f"results[{index}]"
        result = obj(raw, where)
        status = result.get("status")
        if status not in RESULT_STATES:
            raise FieldError(
                f"{where}.status", f"{status!r} is not one of {', '.join(RESULT_STATES)}"
            )
        timestamp = epoch(result.get("time"), f"{where}.time")
        latency = result.get("responsetime")
        latency_ms = None if latency is None else seconds(latency, f"{where}.responsetime")
        if latency_ms == 0:
            latency_ms = None  # Pingdom's "no response received"
        if status not in ("up", "down"):
            continue
        detail = str(result.get("statusdesclong") or result.get("statusdesc") or "")
        sample = Sample(
            timestamp=timestamp,
            monitor=monitor,
            location=location,
            ok=status == "up",
            latency_ms=latency_ms,
            error="" if status == "up" else detail.replace("\n", " "),
        )
        # two probes in the same second under one location: down wins, as everywhere
        if timestamp not in by_time or not sample.ok:
            by_time[timestamp] = sample
    return [by_time[t] for t in sorted(by_time)]


@probe_format("pingdom")
def read_pingdom(path: Path, context: SourceContext) -> ProbeBatch:
    return parse_pingdom(load_json(path), context, path)
