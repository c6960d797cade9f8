"""Where records come from: the ``sources`` sections of the services and SLA files.

Probe sources (monitoring tools) live in ``services.yml`` beside the monitors they map onto;
ticket sources (helpdesks) live in ``sla.yml`` beside the support mappings they use. Both
have the same shape (see ``source_schema`` in :mod:`generator.config.schema_common`)::

    sources:
      - id: uptimerobot                 # data/state/uptimerobot.json holds its cursor
        type: uptimerobot
        token_env: UPTIMEROBOT_API_KEY  # the token itself is only ever in the environment
        location: uptimerobot
        monitors: {"778123456": api-public}

A source's token is read from the environment when it is used, never from a file, so the
files can be committed and published.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config.schema import PROBE_SOURCE_TYPES, SERVICES_SCHEMA, default_of
from generator.config.services import Services
from generator.config.yamlfile import YamlDocument, load_yaml
from generator.errors import ConfigError
from generator.timeutil import TimeFormatError, parse_duration, parse_instant

# Types statusgen collect can fetch over HTTP (csv and jsonl are import-only).
COLLECTABLE = (
    "uptimerobot",
    "prometheus",
    "pingdom",
    "betterstack",
    "uptime-kuma",
    "zendesk",
    "freshdesk",
    "intercom",
)
DEFAULT_URLS = {
    "uptimerobot": "https://api.uptimerobot.com/v2",
    "pingdom": "https://api.pingdom.com/api/3.1",
    "betterstack": "https://uptime.betterstack.com",
    "intercom": "https://api.intercom.io",
}
# Types a source may also configure for imports alone (its monitor mapping and location):
# such a source is collected only once it names what collect needs.
COLLECT_NEEDS = {
    "pingdom": "token_env",
    "betterstack": "token_env",
    "intercom": "token_env",
    "uptime-kuma": "status_page",  # Kuma's status page API is public: a token is optional
}


def _default(key: str) -> Any:
    """A source setting's default, as the schema declares it (both files share the shape)."""
    return default_of(SERVICES_SCHEMA, "sources", key)


@dataclass(frozen=True)
class SourceConfig:
    id: str
    type: str
    kind: str  # probes | tickets
    file: str
    line: int | None
    url: str = ""
    token_env: str | None = None
    user: str | None = None
    location: str | None = None
    monitors: dict[str, str] = field(default_factory=dict)
    query: str | None = None
    plan: str = _default("plan")
    status_page: str | None = None
    step: int = parse_duration(_default("step"))
    chunk: int = parse_duration(_default("chunk"))
    monitor_label: str = _default("monitor_label")
    location_label: str | None = None
    start: int | None = None
    lookback: int = parse_duration(_default("lookback"))
    timeout: int = parse_duration(_default("timeout"))

    @property
    def collectable(self) -> bool:
        return self.type in COLLECTABLE and self.missing_for_collect() is None

    def missing_for_collect(self) -> str | None:
        """The setting an import-only source lacks before collect can fetch it, if any."""
        needed = COLLECT_NEEDS.get(self.type)
        if needed is not None and not getattr(self, needed):
            return needed
        return None

    def error(self, message: str, field: str | None = None) -> ConfigError:
        return ConfigError(message, file=self.file, line=self.line, field=field)

    def token(self) -> str:
        """The API token from the environment; a clear error naming the variable if unset."""
        if not self.token_env:
            raise self.error(
                f"source {self.id} needs token_env: the environment variable with its API token",
                "token_env",
            )
        value = os.environ.get(self.token_env, "")
        if not value.strip():
            raise ConfigError(
                f"environment variable {self.token_env} is not set; "
                f"set it to the {self.type} API token"
            )
        return value.strip()

    def resolve_monitor(self, *keys: object) -> str | None:
        """Our monitor id for a vendor monitor known by any of ``keys`` (id, name, label)."""
        for key in keys:
            if key is None:
                continue
            text = str(key).strip()
            if text in self.monitors:
                return self.monitors[text]
        return None


def _parse(
    doc: YamlDocument, kind: str, services: Services | None, seen: dict[str, str]
) -> list[SourceConfig]:
    out: list[SourceConfig] = []
    for index, raw in enumerate((doc.data or {}).get("sources", ()) or ()):
        where: tuple[str | int, ...] = ("sources", index)
        if raw["id"] in seen:
            raise doc.error(
                (*where, "id"), f"duplicate source id {raw['id']!r} (also in {seen[raw['id']]})"
            )
        seen[raw["id"]] = doc.file
        values: dict[str, Any] = {}
        for key in ("step", "chunk", "lookback", "timeout"):
            if key in raw:
                try:
                    values[key] = parse_duration(raw[key])
                except TimeFormatError as exc:
                    raise doc.error((*where, key), str(exc)) from None
                if values[key] <= 0:
                    raise doc.error((*where, key), "must be longer than 0 seconds")
        for key in ("monitor_label", "plan", "status_page"):
            if key in raw:
                values[key] = raw[key]
        if "start" in raw:
            try:
                values["start"] = parse_instant(raw["start"])
            except TimeFormatError as exc:
                raise doc.error((*where, "start"), str(exc)) from None
        source_type = raw["type"]
        url = str(raw.get("url") or DEFAULT_URLS.get(source_type, "")).rstrip("/")
        collected = source_type in COLLECTABLE and (
            source_type not in COLLECT_NEEDS or COLLECT_NEEDS[source_type] in raw
        )
        if collected and not url:
            raise doc.error(where, f"a {source_type} source needs url: its API's base address")
        if source_type == "prometheus" and "query" not in raw:
            raise doc.error(where, "a prometheus source needs query: e.g. probe_success")
        if source_type == "zendesk" and "user" not in raw:
            raise doc.error(where, "a zendesk source needs user: the agent e-mail of the token")
        if source_type in ("uptimerobot", "zendesk", "freshdesk") and "token_env" not in raw:
            raise doc.error(
                where, f"a {source_type} source needs token_env: the variable with its API token"
            )
        monitors = {str(k): v for k, v in (raw.get("monitors") or {}).items()}
        if services is not None:
            for vendor, monitor in monitors.items():
                if monitor not in services.monitors:
                    raise doc.error(
                        (*where, "monitors", vendor),
                        f"{monitor!r} is not a monitor in this file "
                        f"({', '.join(sorted(services.monitors))})",
                    )
                location = raw.get("location")
                if location and location not in services.monitors[monitor].locations:
                    raise doc.error(
                        (*where, "location"),
                        f"{location!r} is not one of monitor {monitor}'s locations "
                        f"({', '.join(services.monitors[monitor].locations)})",
                    )
        out.append(
            SourceConfig(
                id=raw["id"],
                type=source_type,
                kind=kind,
                file=doc.file,
                line=doc.line_of(where),
                url=url,
                token_env=raw.get("token_env"),
                user=raw.get("user"),
                location=raw.get("location"),
                monitors=monitors,
                query=raw.get("query"),
                location_label=raw.get("location_label"),
                **values,
            )
        )
    return out


def load_sources(sla_file: Path, services_file: Path, services: Services) -> list[SourceConfig]:
    """Every configured source: the services file's probe sources, then the SLA file's.

    Both files have already been validated against their schemas by the time a site is
    loaded; this reads the ``sources`` sections again with their line numbers.
    """
    seen: dict[str, str] = {}
    probe_doc = load_yaml(services_file)
    ticket_doc = load_yaml(sla_file)
    return _parse(probe_doc, "probes", services, seen) + _parse(ticket_doc, "tickets", None, seen)


def source_for_format(sources: list[SourceConfig], fmt: str) -> SourceConfig | None:
    """The configured source of a vendor format, for its monitor mapping (first one wins)."""
    for source in sources:
        if source.type == fmt:
            return source
    return None


def is_probe_type(source_type: str) -> bool:
    return source_type in PROBE_SOURCE_TYPES
