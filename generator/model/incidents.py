"""Incidents: markdown files in data/incidents/ with YAML front matter.

The file name (without .md) is the incident id. See INCIDENT_SCHEMA for the fields.

Incident and maintenance files are written by people and published: the helpers here read
them for both kinds (and for ``statusgen check`` as for the build), so a file name that
would make an odd URL, a byte that is not UTF-8 or a control character that XML cannot
carry is one line naming the file, never a traceback or a broken feed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config.schema import INCIDENT_SCHEMA
from generator.config.services import Services
from generator.config.sla import Sla
from generator.config.validate import validate
from generator.config.yamlfile import Path_, YamlDocument, split_front_matter
from generator.errors import ConfigError
from generator.timeutil import parse_instant

STATUSES = ("investigating", "identified", "monitoring", "resolved")

# The file name is the record's id and its page's URL: a small alphabet keeps URLs plain.
RECORD_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
# Fields shown on one line (a heading, a feed title): no line breaks or tabs either.
SINGLE_LINE_FIELDS = frozenset({"title"})
MULTI_LINE_ALLOWED = frozenset("\t\n")
# far above any written incident or maintenance note, far below a harmful read
MAX_RECORD_BYTES = 1024 * 1024


def record_files(directory: Path) -> list[Path]:
    """The ``*.md`` entries of ``directory``, sorted; hidden ones (editor lock and swap
    files) are skipped, as they are by :func:`unexpected_files`."""
    if not directory.exists():
        return []
    if not directory.is_dir():
        raise ConfigError("not a directory: it should hold the .md files", file=directory)
    return sorted(p for p in directory.glob("*.md") if not p.name.startswith("."))


def read_record(path: Path, what: str) -> tuple[str, str]:
    """The id and text of an incident or maintenance file, or a ConfigError naming it."""
    if not RECORD_ID.fullmatch(path.stem):
        raise ConfigError(
            f"the file name is the {what}'s id and URL: use lowercase letters, digits, "
            "'-', '_' and '.' (starting with a letter or digit, at most 100), then '.md'",
            file=path,
        )
    if path.is_dir():
        raise ConfigError("a directory, not a file: move or rename it", file=path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:  # no permission, a dangling link, an I/O error
        raise ConfigError(f"cannot be read: {exc.strerror or exc}", file=path) from None
    if len(raw) > MAX_RECORD_BYTES:
        raise ConfigError(f"larger than {MAX_RECORD_BYTES // 1024} KiB", file=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", file=path, line=line
        ) from None
    # the same newlines as reading in text mode
    return path.stem, text.replace("\r\n", "\n").replace("\r", "\n")


def _bad_character(text: str, allowed: frozenset[str]) -> tuple[int, str] | None:
    """The index and name of the first control, surrogate or non-character in ``text``."""
    for index, char in enumerate(text):
        if char in allowed:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or (category == "Cn" and (ord(char) & 0xFFFE) == 0xFFFE):
            return index, f"U+{ord(char):04X}"
    return None


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def check_characters(doc: YamlDocument, body: str, body_line: int) -> None:
    """Refuse control characters (tab and newline only in multi-line text): pages, the
    feed (XML 1.0 cannot carry most of them) and the JSON API all publish these fields."""
    for path, value in _strings(doc.data, ()):
        single = bool(path) and path[-1] in SINGLE_LINE_FIELDS
        found = _bad_character(value, frozenset() if single else MULTI_LINE_ALLOWED)
        if found is not None:
            kind = "one line of text" if single else "text"
            raise doc.error(path, f"control character {found[1]} is not allowed in {kind}")
    found = _bad_character(body, MULTI_LINE_ALLOWED)
    if found is not None:
        line = body_line + body.count("\n", 0, found[0])
        raise ConfigError(
            f"control character {found[1]} is not allowed in the text",
            file=doc.file,
            line=line,
            field="body",
        )


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


def read_front_matter(
    path: Path, what: str, schema: dict[str, Any]
) -> tuple[str, YamlDocument, str]:
    """An incident or maintenance file's id, checked front matter and body: all that can be
    checked without the SLA and services files."""
    ident, text = read_record(path, what)
    doc, body, body_line = split_front_matter(text, str(path))
    validate(doc, schema, f"{what} front matter")
    check_characters(doc, body, body_line)
    return ident, doc, body


def load_incident(path: Path, sla: Sla, services: Services) -> Incident:
    ident, doc, body = read_front_matter(path, "incident", INCIDENT_SCHEMA)
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
        id=ident,
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
    incidents = [load_incident(p, sla, services) for p in record_files(directory)]
    return sorted(incidents, key=lambda i: (i.started, i.id))


def unexpected_files(directory: Path) -> list[ConfigError]:
    """Files that would be silently ignored (e.g. a .markdown or .yml typo)."""
    if not directory.is_dir():
        return []
    return [
        ConfigError("ignored: only .md files are read here", file=p)
        for p in sorted(directory.iterdir())
        if p.suffix != ".md" and not p.name.startswith(".") and not p.is_dir()
    ]
