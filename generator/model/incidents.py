"""Incidents: markdown files in data/incidents/ with YAML front matter.

The file name (without .md) is the incident id. See INCIDENT_SCHEMA for the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config.schema import INCIDENT_SCHEMA
from generator.config.services import Services
from generator.config.sla import Sla
from generator.config.validate import validate
from generator.config.yamlfile import YamlDocument, split_front_matter
from generator.errors import ConfigError
from generator.timeutil import parse_instant

STATUSES = ("investigating", "identified", "monitoring", "resolved")


@dataclass(frozen=True)
class IncidentUpdate:
    at: int
    status: str
    message: str


@dataclass(frozen=True)
class Incident:
    id: str
    file: str
    title: str
    components: tuple[str, ...]
    impact: str
    started: int
    resolved: int | None
    updates: tuple[IncidentUpdate, ...]
    body: str
    postmortem: str
    excluded: bool
    exclusion: str | None
    exclusion_note: str

    def open_at(self, now: int) -> bool:
        return self.started <= now and (self.resolved is None or self.resolved > now)

    def end_or(self, now: int) -> int:
        return self.resolved if self.resolved is not None else now


def _instant(doc: YamlDocument, path: tuple[str | int, ...], value: str) -> int:
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise doc.error(path, str(exc)) from None


def check_components(doc: YamlDocument, components: list[str], services: Services) -> None:
    known = set(services.component_ids)
    for index, component in enumerate(components):
        if component not in known:
            raise doc.error(
                ("components", index),
                f"{component!r} is not a component in the services file ({', '.join(sorted(known))})",
            )


def load_incident(path: Path, sla: Sla, services: Services) -> Incident:
    doc, body, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    validate(doc, INCIDENT_SCHEMA, "incident front matter")
    data = doc.data
    check_components(doc, data["components"], services)
    started = _instant(doc, ("started",), data["started"])
    resolved = _instant(doc, ("resolved",), data["resolved"]) if "resolved" in data else None
    if resolved is not None and resolved <= started:
        raise doc.error(("resolved",), "must be after started")
    updates: list[IncidentUpdate] = []
    for index, update in enumerate(data.get("updates", ())):
        at = _instant(doc, ("updates", index, "at"), update["at"])
        if updates and at < updates[-1].at:
            raise doc.error(("updates", index, "at"), "updates must be in time order")
        updates.append(IncidentUpdate(at, update["status"], update["message"]))
    if updates and updates[-1].status == "resolved" and resolved is None:
        raise doc.error(("resolved",), "the last update says resolved, so 'resolved' must be set")
    sla_block = data.get("sla", {})
    excluded = bool(sla_block.get("exclude", False))
    reason = sla_block.get("reason")
    if excluded:
        if not reason:
            raise doc.error(
                ("sla", "reason"), "an excluded incident needs a reason (an exclusion id)"
            )
        try:
            exclusion = sla.uptime.exclusion(reason)
        except KeyError:
            ids = ", ".join(e.id for e in sla.uptime.exclusions)
            raise doc.error(
                ("sla", "reason"), f"{reason!r} is not an exclusion in the SLA file ({ids})"
            ) from None
        if exclusion.applies_to not in ("incident", "any"):
            raise doc.error(
                ("sla", "reason"), f"exclusion {reason!r} cannot be cited by an incident"
            )
        if resolved is None:
            raise doc.error(("sla", "exclude"), "only a resolved incident can be excluded")
    return Incident(
        id=path.stem,
        file=str(path),
        title=data["title"],
        components=tuple(data["components"]),
        impact=data["impact"],
        started=started,
        resolved=resolved,
        updates=tuple(updates),
        body=body.strip(),
        postmortem=data.get("postmortem", ""),
        excluded=excluded,
        exclusion=reason if excluded else None,
        exclusion_note=sla_block.get("note", ""),
    )


def load_incidents(directory: Path, sla: Sla, services: Services) -> list[Incident]:
    if not directory.exists():
        return []
    incidents = [load_incident(p, sla, services) for p in sorted(directory.glob("*.md"))]
    return sorted(incidents, key=lambda i: (i.started, i.id))


def unexpected_files(directory: Path) -> list[ConfigError]:
    """Files that would be silently ignored (e.g. a .markdown or .yml typo)."""
    if not directory.exists():
        return []
    return [
        ConfigError("ignored: only .md files are read here", file=p)
        for p in sorted(directory.iterdir())
        if p.is_file() and p.suffix != ".md" and not p.name.startswith(".")
    ]
