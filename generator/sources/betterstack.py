"""Better Stack Uptime: the incidents list (JSON:API), ``GET /api/v2/incidents``.

Each incident in ``data[]`` has ``attributes.started_at`` and ``attributes.resolved_at``
(ISO 8601, null while unresolved) and names its monitor in
``relationships.monitor.data.id`` (mapped through the source's ``monitors``, or by the
incident's ``name``). An incident is a down interval. Better Stack reports only incidents,
so the time between two incidents of a monitor is up, and the time after the last resolved
one is up and ongoing (a later incident, down, wins over it). Time before a monitor's first
incident in the file is no data: export from far enough back.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from generator.sources.base import ProbeBatch, SourceContext, probe_format
from generator.sources.fields import FieldError
from generator.sources.vendor import MonitorMap, array, field_error, iso, load_json, obj
from generator.store.probes import StateInterval


def parse_incidents(document: Any, context: SourceContext, origin: Path | str) -> ProbeBatch:
    path = Path(origin)
    mapper = MonitorMap(context, "betterstack", path)
    downs: dict[tuple[str, str], list[tuple[int, int | None]]] = defaultdict(list)
    try:
        doc = obj(document, "$")
        if "errors" in doc and "data" not in doc:
            raise FieldError("errors", f"Better Stack answered an error: {doc['errors']}")
        for index, raw in enumerate(array(doc.get("data"), "data")):
            where = f"data[{index}]"
            item = obj(raw, where)
            if item.get("type") != "incident":
                raise FieldError(f"{where}.type", f"{item.get('type')!r}: expected incident")
            attributes = obj(item.get("attributes"), f"{where}.attributes")
            relationships = item.get("relationships") or {}
            monitor_ref = ((relationships.get("monitor") or {}).get("data")) or {}
            vendor_id = monitor_ref.get("id") if isinstance(monitor_ref, dict) else None
            name = attributes.get("name")
            monitor = mapper.monitor(vendor_id, name, label=str(name or vendor_id))
            if monitor is None:
                continue
            location = mapper.location(monitor, where)
            start = iso(attributes.get("started_at"), f"{where}.attributes.started_at")
            end = iso(
                attributes.get("resolved_at"), f"{where}.attributes.resolved_at", optional=True
            )
            assert start is not None
            if end is not None and end < start:
                raise FieldError(f"{where}.attributes.resolved_at", "is before started_at")
            if end != start:
                downs[(monitor, location)].append((start, end))
    except FieldError as exc:
        raise field_error(path, exc) from None
    mapper.warn()
    batch = ProbeBatch()
    for (monitor, location), spans in sorted(downs.items()):
        spans.sort(key=lambda span: span[0])
        reach: int | None = spans[0][0]  # how far the incidents so far cover
        for start, end in spans:
            if reach is not None and start > reach:
                batch.intervals.append(StateInterval(monitor, location, reach, start, up=True))
            batch.intervals.append(StateInterval(monitor, location, start, end, up=False))
            if reach is not None:
                reach = None if end is None else max(reach, end)
        if reach is not None:
            batch.intervals.append(StateInterval(monitor, location, reach, None, up=True))
    return batch


@probe_format("betterstack")
def read_betterstack(path: Path, context: SourceContext) -> ProbeBatch:
    return parse_incidents(load_json(path), context, path)
