"""The ``notifications`` section of the services file: where ``statusgen notify`` sends.

A channel names the environment variable that holds its Apprise URL, never the URL: the
URL carries the webhook secret or the mail password, and the services file is committed
and published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.config.schema import SERVICES_SCHEMA, default_of
from generator.config.schema_services import NOTIFY_EVENTS
from generator.config.yamlfile import YamlDocument
from generator.timeutil import TimeFormatError, parse_duration

# What each audience may receive: support figures name plans and channels, never public.
AUDIENCE_EVENTS = {
    "public": tuple(e for e in NOTIFY_EVENTS if e != "support"),
    "internal": tuple(NOTIFY_EVENTS),
}


@dataclass(frozen=True)
class Channel:
    id: str
    audience: str  # public | internal
    url_env: str
    events: tuple[str, ...]
    components: tuple[str, ...] | None  # None: every component


@dataclass(frozen=True)
class Notifications:
    site_url: str | None = None
    subscribe_url: str | None = None
    maintenance_lead: int = 3600
    review_lead: int = 30 * 86400
    budget_thresholds: tuple[int, ...] = (50, 75, 100)
    channels: tuple[Channel, ...] = ()


def _default(key: str) -> Any:
    return default_of(SERVICES_SCHEMA, "notifications", key)


def load_notifications(doc: YamlDocument, component_ids: set[str]) -> Notifications:
    section = doc.data.get("notifications")
    if section is None:
        return Notifications(
            maintenance_lead=parse_duration(_default("maintenance_lead")),
            review_lead=parse_duration(_default("review_lead")),
            budget_thresholds=tuple(_default("budget_thresholds")),
        )
    durations = {}
    for key in ("maintenance_lead", "review_lead"):
        try:
            durations[key] = parse_duration(section.get(key, _default(key)))
        except TimeFormatError as exc:
            raise doc.error(("notifications", key), str(exc)) from None
    channels: list[Channel] = []
    seen: set[str] = set()
    for index, c in enumerate(section.get("channels", ())):
        where = ("notifications", "channels", index)
        if c["id"] in seen:
            raise doc.error((*where, "id"), f"duplicate channel {c['id']!r}")
        seen.add(c["id"])
        allowed = AUDIENCE_EVENTS[c["audience"]]
        events = tuple(c.get("events", allowed))
        for event in events:
            if event not in allowed:
                raise doc.error(
                    (*where, "events"), f"{event!r} events go to internal channels only"
                )
        components = c.get("components")
        for ci, component in enumerate(components or ()):
            if component not in component_ids:
                raise doc.error(
                    (*where, "components", ci), f"{component!r} is not a component in this file"
                )
        channels.append(
            Channel(
                id=c["id"],
                audience=c["audience"],
                url_env=c["url_env"],
                events=events,
                components=tuple(components) if components is not None else None,
            )
        )
    return Notifications(
        site_url=section.get("site_url"),
        subscribe_url=section.get("subscribe_url"),
        maintenance_lead=durations["maintenance_lead"],
        review_lead=durations["review_lead"],
        budget_thresholds=tuple(
            sorted(section.get("budget_thresholds", _default("budget_thresholds")))
        ),
        channels=tuple(channels),
    )
