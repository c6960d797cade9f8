"""The services file: components, their groups and the monitors that watch them."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config.notify import Notifications, load_notifications
from generator.config.schema import SERVICES_SCHEMA, default_of, defaults_of
from generator.config.sla import Sla
from generator.config.validate import validate
from generator.config.yamlfile import load_yaml
from generator.timeutil import TimeFormatError, parse_duration


@dataclass(frozen=True)
class Monitor:
    id: str
    name: str
    component: str
    interval: int
    locations: tuple[str, ...]
    quorum: int
    max_gap: int
    check: dict[str, Any] | None = None
    degraded: LatencyThreshold | None = None


@dataclass(frozen=True)
class LatencyThreshold:
    """Degraded performance: the ``percentile`` of successful checks' latency over the last
    ``window`` seconds is above ``latency_ms``."""

    latency_ms: int
    percentile: int
    window: int


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    description: str
    group: str | None
    covered: bool
    beta: bool
    monitors: tuple[Monitor, ...]

    @property
    def counted(self) -> bool:
        """Its downtime counts against the objective (in scope and not beta)."""
        return self.covered and not self.beta


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Services:
    file: str
    components: tuple[Component, ...]
    groups: tuple[Group, ...] = ()
    monitors: dict[str, Monitor] = field(default_factory=dict)
    notifications: Notifications = field(default_factory=Notifications)
    blip_under: int = 60  # status_page.blip_under, seconds

    def component(self, component_id: str) -> Component:
        for component in self.components:
            if component.id == component_id:
                return component
        raise KeyError(component_id)

    @property
    def component_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.components)


def load_services(path: Path, sla: Sla) -> Services:
    doc = load_yaml(path)
    validate(doc, SERVICES_SCHEMA, "services file")
    data = doc.data
    groups = tuple(Group(g["id"], g["name"]) for g in data.get("groups", ()))
    group_ids = {g.id for g in groups}
    components: list[Component] = []
    monitors: dict[str, Monitor] = {}
    seen_components: set[str] = set()
    check_defaults = defaults_of(SERVICES_SCHEMA, "components", "monitors", "check")
    covered = default_of(SERVICES_SCHEMA, "components", "covered")
    beta = default_of(SERVICES_SCHEMA, "components", "beta")
    for ci, c in enumerate(data["components"]):
        if c["id"] in seen_components:
            raise doc.error(("components", ci, "id"), f"duplicate component {c['id']!r}")
        seen_components.add(c["id"])
        if "group" in c and c["group"] not in group_ids:
            raise doc.error(("components", ci, "group"), f"no group named {c['group']!r} in groups")
        component_monitors = []
        for mi, m in enumerate(c["monitors"]):
            where = ("components", ci, "monitors", mi)
            if m["id"] in monitors:
                raise doc.error((*where, "id"), f"duplicate monitor {m['id']!r}")
            try:
                interval = parse_duration(m["interval"])
                max_gap = parse_duration(m["max_gap"]) if "max_gap" in m else None
            except TimeFormatError as exc:
                raise doc.error((*where, "interval"), str(exc)) from None
            if interval <= 0:
                raise doc.error((*where, "interval"), "must be longer than 0 seconds")
            locations = tuple(m["locations"])
            quorum = m.get("quorum", min(sla.uptime.quorum, len(locations)))
            if quorum > len(locations):
                raise doc.error(
                    (*where, "quorum"),
                    f"{quorum} is more than the monitor's {len(locations)} location(s)",
                )
            degraded = None
            if "degraded" in m:
                spec = {**defaults_of(SERVICES_SCHEMA, "components", "monitors", "degraded")}
                spec.update(m["degraded"])
                try:
                    window = parse_duration(spec["window"])
                except TimeFormatError as exc:
                    raise doc.error((*where, "degraded", "window"), str(exc)) from None
                if window <= 0:
                    raise doc.error((*where, "degraded", "window"), "must be longer than 0 seconds")
                degraded = LatencyThreshold(spec["latency_ms"], spec["percentile"], window)
            check = m.get("check")
            if check is not None:
                # The prober reads method, expect_status and timeout with the schema's defaults.
                check = {**copy.deepcopy(check_defaults), **check}
                needs = ("url",) if check["type"] == "http" else ("host", "port")
                for key in needs:
                    if key not in check:
                        raise doc.error((*where, "check"), f"a {check['type']} check needs {key!r}")
            monitor = Monitor(
                id=m["id"],
                name=m.get("name", m["id"]),
                component=c["id"],
                interval=interval,
                locations=locations,
                quorum=quorum,
                max_gap=max_gap if max_gap else round(interval * sla.uptime.max_gap_intervals),
                check=check,
                degraded=degraded,
            )
            monitors[monitor.id] = monitor
            component_monitors.append(monitor)
        components.append(
            Component(
                id=c["id"],
                name=c["name"],
                description=c.get("description", ""),
                group=c.get("group"),
                covered=c.get("covered", covered),
                beta=c.get("beta", beta),
                monitors=tuple(component_monitors),
            )
        )
    page = {**defaults_of(SERVICES_SCHEMA, "status_page"), **data.get("status_page", {})}
    try:
        blip_under = parse_duration(page["blip_under"])
    except TimeFormatError as exc:
        raise doc.error(("status_page", "blip_under"), str(exc)) from None
    return Services(
        file=str(path),
        components=tuple(components),
        groups=groups,
        monitors=monitors,
        notifications=load_notifications(doc, seen_components),
        blip_under=blip_under,
    )
