"""Maintenance windows: markdown files in data/maintenance/ with YAML front matter.

Downtime inside a window on its components is excluded as scheduled downtime, and the
observed downtime is compared with the commitment (releases x per-release allowance).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config.schema import MAINTENANCE_SCHEMA
from generator.config.services import Services
from generator.config.sla import Sla
from generator.model.incidents import (
    _instant,
    check_components,
    read_front_matter,
    record_files,
)


@dataclass(frozen=True)
class Maintenance:
    id: str
    file: str
    title: str
    components: tuple[str, ...]
    start: int
    end: int
    releases: int
    cancelled: bool
    body: str

    def state(self, now: int) -> str:
        if self.cancelled:
            return "cancelled"
        if now < self.start:
            return "upcoming"
        if now < self.end:
            return "in progress"
        return "completed"


def load_maintenance_file(path: Path, sla: Sla, services: Services) -> Maintenance:
    ident, doc, body = read_front_matter(path, "maintenance window", MAINTENANCE_SCHEMA)
    data = doc.data
    check_components(doc, data["components"], services)
    start = _instant(doc, ("start",), data["start"])
    end = _instant(doc, ("end",), data["end"])
    if end <= start:
        raise doc.error(("end",), "must be after start")
    return Maintenance(
        id=ident,
        file=str(path),
        title=data["title"],
        components=tuple(data["components"]),
        start=start,
        end=end,
        releases=int(data.get("releases", 1)),
        cancelled=bool(data.get("cancelled", False)),
        body=body.strip(),
    )


def load_maintenance(directory: Path, sla: Sla, services: Services) -> list[Maintenance]:
    windows = [load_maintenance_file(p, sla, services) for p in record_files(directory)]
    return sorted(windows, key=lambda m: (m.start, m.id))
