"""Better Stack Uptime: the incidents list (JSON:API), ``GET /api/v3/incidents`` (or the
older ``/api/v2/incidents``, same shape).

The list is paginated (10 incidents a page by default, 50 at most; ``pagination.next`` is
the next page's URL, null on the last), so a file holds one page or a JSON array of pages,
as saved one after the other. An incident listed on two pages (the list moved while it was
read) counts once.

Each incident in ``data[]`` has ``attributes.started_at`` and ``attributes.resolved_at``
(ISO 8601, null while unresolved) and names its monitor in
``relationships.monitor.data.id`` (mapped through the source's ``monitors``, or by the
incident's ``name``). An incident of a check that requested a URL (``attributes.url`` or
``http_method`` set) is a down interval. Better Stack reports only incidents, so the time
between two incidents of a monitor is up, and the time after the last resolved one is up
and ongoing (a later incident, down, wins over it). Time before a monitor's first incident
in the file is no data: export from far enough back.

Better Stack also opens incidents that are no failed request, e.g. "Disk space usage high"
from a metrics alert, with no ``url`` and no ``http_method``. Those are not downtime unless
the source's ``monitors`` mapping names the incident's monitor id explicitly; otherwise they
are skipped with a warning.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator.sources.base import ProbeBatch, SourceContext, probe_format
from generator.sources.vendor import MonitorMap, array, field_error, iso, load_json, obj
from generator.store.fields import FieldError
from generator.store.probes import StateInterval

log = logging.getLogger(__name__)


def _pages(document: Any) -> list[tuple[str, dict[str, Any]]]:
    """(JSON path prefix, page) for a single page or an array of pages."""
    if isinstance(document, list):
        return [(f"[{n}].", obj(page, f"[{n}]")) for n, page in enumerate(document)]
    return [("", obj(document, "$"))]


def parse_incidents(document: Any, context: SourceContext, origin: Path | str) -> ProbeBatch:
    path = Path(origin)
    mapper = MonitorMap(context, "betterstack", path)
    explicit = mapper.source.monitors if mapper.source is not None else {}
    downs: dict[tuple[str, str], list[tuple[int, int | None]]] = defaultdict(list)
    not_http: list[str] = []
    try:
        pages = _pages(document)
        for where, item in _incidents(pages).values():
            attributes = obj(item.get("attributes"), f"{where}.attributes")
            vendor_id = _monitor_id(item)
            name = attributes.get("name")
            http = attributes.get("url") or attributes.get("http_method")
            if not http and (vendor_id is None or str(vendor_id) not in explicit):
                not_http.append(repr(attributes.get("cause") or name))
                continue
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
        last = pages[-1][1].get("pagination") if pages else None
        if isinstance(last, dict) and last.get("next"):
            log.warning(
                "%s: the last page says more follow (pagination.next is %s); incidents on "
                "later pages are missing from this import",
                path,
                last["next"],
            )
    except FieldError as exc:
        raise field_error(path, exc) from None
    if not_http:
        log.warning(
            "%s: skipped %d incident(s) of no HTTP check (%s): not downtime unless the "
            "source's monitors mapping names their monitor id",
            path,
            len(not_http),
            ", ".join(sorted(set(not_http))),
        )
    mapper.warn()
    return _intervals(downs)


def _incidents(pages: list[tuple[str, dict[str, Any]]]) -> dict[object, tuple[str, dict[str, Any]]]:
    """The incidents of all pages by id; one listed twice keeps its later (fresher) copy."""
    found: dict[object, tuple[str, dict[str, Any]]] = {}
    for prefix, doc in pages:
        if "errors" in doc and "data" not in doc:
            raise FieldError(f"{prefix}errors", f"Better Stack answered an error: {doc['errors']}")
        for index, raw in enumerate(array(doc.get("data"), f"{prefix}data")):
            where = f"{prefix}data[{index}]"
            item = obj(raw, where)
            if item.get("type") != "incident":
                raise FieldError(f"{where}.type", f"{item.get('type')!r}: expected incident")
            key = item.get("id")
            found[where if key is None else str(key)] = (where, item)
    return found


def _monitor_id(item: dict[str, Any]) -> object:
    relationships = item.get("relationships")
    monitor = relationships.get("monitor") if isinstance(relationships, dict) else None
    ref = monitor.get("data") if isinstance(monitor, dict) else None
    return ref.get("id") if isinstance(ref, dict) else None


def _intervals(downs: dict[tuple[str, str], list[tuple[int, int | None]]]) -> ProbeBatch:
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
