"""Prometheus: a ``query_range`` response (``resultType: matrix``), e.g. for the blackbox
exporter's ``probe_success``.

Every series is one monitor (and location): the monitor is named by a label (the source's
``monitor_label``, ``instance`` by default, through its ``monitors`` mapping, or a
``monitor`` label holding our id), the location by ``location_label`` if configured. Every
point is a sample: a value above 0 is up, 0 is down, NaN is no data. Prometheus returns the
value at each ``step``, so the step is the resolution of the outage edges.
"""

from __future__ import annotations

import math
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
)
from generator.store.fields import FieldError
from generator.store.probes import Sample


def parse_matrix(document: Any, context: SourceContext, origin: Path | str) -> ProbeBatch:
    path = Path(origin)
    mapper = MonitorMap(context, "prometheus", path)
    source = mapper.source
    monitor_label = source.monitor_label if source else "instance"
    location_label = source.location_label if source else None
    batch = ProbeBatch()
    try:
        doc = obj(document, "$")
        if doc.get("status") != "success":
            raise VendorError(
                f"Prometheus answered status {doc.get('status')!r}: "
                f"{doc.get('errorType', '')} {doc.get('error', '')}".strip(),
                file=path,
                field="status",
            )
        data = obj(doc.get("data"), "data")
        if data.get("resultType") != "matrix":
            raise FieldError(
                "data.resultType",
                f"{data.get('resultType')!r}: expected matrix (a query_range response)",
            )
        for index, raw in enumerate(array(data.get("result"), "data.result")):
            where = f"data.result[{index}]"
            series = obj(raw, where)
            labels = obj(series.get("metric", {}), f"{where}.metric")
            name = labels.get(monitor_label)
            monitor = mapper.monitor(name, labels.get("monitor"), label=str(name or labels))
            if monitor is None:
                continue
            given = str(labels.get(location_label, "")) if location_label else ""
            location = mapper.location(monitor, f"{where}.metric", given)
            for number, point in enumerate(array(series.get("values"), f"{where}.values")):
                at = f"{where}.values[{number}]"
                pair = array(point, at)
                if len(pair) != 2:
                    raise FieldError(at, "expected [time, value]")
                timestamp = epoch(pair[0], f"{at}[0]")
                try:
                    value = float(pair[1])
                except (TypeError, ValueError):
                    raise FieldError(f"{at}[1]", f"{pair[1]!r} is not a number") from None
                if math.isnan(value):
                    continue
                batch.samples.append(
                    Sample(
                        timestamp,
                        monitor,
                        location,
                        ok=value > 0,
                        error="" if value > 0 else "probe failed",
                    )
                )
    except FieldError as exc:
        raise field_error(path, exc) from None
    mapper.warn()
    return batch


@probe_format("prometheus")
def read_prometheus(path: Path, context: SourceContext) -> ProbeBatch:
    return parse_matrix(load_json(path), context, path)
