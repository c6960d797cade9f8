"""Current status: of each component and of the whole page, as of one instant.

The rules, in the order they apply (documented on the status page itself):

* **Detected**, per component, from its monitors' state at ``now``: every monitor down is a
  major outage, some of them down a partial outage, none down and one up operational, and
  no monitor with current data "no data" (the newest record is older than the monitor's
  ``max_gap``, the same threshold after which the uptime engine stops counting time).
* **Declared**, from the incidents open at ``now`` that name the component: impact
  ``minor`` is degraded performance, ``major`` a partial outage, ``critical`` a major
  outage, ``none`` nothing (Statuspage's mapping).
* **Maintenance**: a maintenance window in progress on the component turns what the
  monitors see into "under maintenance" (downtime inside it is expected and excluded); an
  open incident can still declare something worse.
* **Slow**, from monitors with a latency threshold (``degraded`` in the services file): an
  operational component with a monitor whose latency percentile over its window is above
  the threshold is degraded performance (the rule is compute/latency.py's, which the
  report's degraded time applies to every second). Slowness is never downtime (the SLA
  excludes it): it changes the status shown, never the uptime.
* The component's status is the most severe of these; the page's status is the most severe
  of its components' (components without current data are left out unless every one of
  them is without data). "All systems operational" is said only when every component has
  current data: when those with data are all operational and others have none, the page
  says "All checked systems operational" (the indicator stays ``none``), so it never vouches
  for a component nobody has checked (:attr:`PageStatus.without_data` names them).

Nothing here reads the clock or a file: ``now`` and the states are arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from generator.compute.intervals import Intervals
from generator.compute.latency import is_slow
from generator.compute.latency import window_latency as window_latency  # the site imports it here
from generator.compute.uptime import Timeline
from generator.config.services import Services
from generator.locales import N_
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance

# Statuspage's component statuses, plus no_data; ordered by severity (least first).
OPERATIONAL = "operational"
NO_DATA = "no_data"
MAINTENANCE = "under_maintenance"
DEGRADED = "degraded_performance"
PARTIAL = "partial_outage"
MAJOR = "major_outage"
SEVERITY = (OPERATIONAL, NO_DATA, MAINTENANCE, DEGRADED, PARTIAL, MAJOR)

IMPACT_STATUS = {"none": OPERATIONAL, "minor": DEGRADED, "major": PARTIAL, "critical": MAJOR}

# Component status -> (page indicator as Statuspage names it, status words, description).
PAGE_STATUS = {
    OPERATIONAL: ("none", "operational", N_("All systems operational")),
    NO_DATA: ("none", "no data", N_("Status unknown: no recent checks")),
    MAINTENANCE: ("maintenance", "maintenance", N_("Maintenance in progress")),
    DEGRADED: ("minor", "degraded", N_("Degraded performance")),
    PARTIAL: ("major", "partial outage", N_("Partial outage")),
    MAJOR: ("critical", "major outage", N_("Major outage")),
}

# the page's words when the components with current data are all operational and others
# have none: "All systems operational" would vouch for components nobody has checked
PARTLY_CHECKED = N_("All checked systems operational")

LABELS = {
    OPERATIONAL: N_("Operational"),
    NO_DATA: N_("No recent data"),
    MAINTENANCE: N_("Under maintenance"),
    DEGRADED: N_("Degraded performance"),
    PARTIAL: N_("Partial outage"),
    MAJOR: N_("Major outage"),
}


def worst(statuses: Sequence[str]) -> str:
    return max(statuses, key=SEVERITY.index, default=OPERATIONAL)


@dataclass(frozen=True)
class Freshness:
    """How recent a monitor's newest record is, against how often it should report."""

    monitor: str
    component: str
    newest: int | None  # newest observation: a sample's time, or a state interval's boundary
    interval: int  # expected seconds between checks
    max_gap: int  # beyond this the record no longer says anything
    # a state log says the monitor's last state still holds (an interval without an end):
    # current however old its start, as the timeline extends it to now
    ongoing: bool = False

    def age(self, now: int) -> int | None:
        return None if self.newest is None else max(0, now - self.newest)

    def stale(self, now: int) -> bool:
        if self.ongoing:
            return False
        age = self.age(now)
        return age is None or age > self.max_gap


@dataclass(frozen=True)
class ComponentStatus:
    component: str
    status: str
    detected: str  # up | partial | down | no data
    down_since: int | None  # start of the ongoing detected outage
    incidents: tuple[str, ...]  # open incidents naming the component
    maintenance: tuple[str, ...]  # windows in progress on the component
    slow: tuple[str, ...] = ()  # monitors above their latency threshold

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass(frozen=True)
class PageStatus:
    now: int
    status: str  # the most severe component status
    indicator: str  # none | minor | major | critical | maintenance
    words: str  # operational | degraded | partial outage | major outage | maintenance | no data
    description: str
    components: tuple[ComponentStatus, ...]
    last_checked: int | None  # newest observation of any monitor, never an ongoing state's now
    stale: tuple[Freshness, ...]  # monitors whose newest record is older than max_gap
    active_incidents: tuple[Incident, ...]
    maintenance_in_progress: tuple[Maintenance, ...]
    upcoming_maintenance: tuple[Maintenance, ...]

    @property
    def without_data(self) -> tuple[ComponentStatus, ...]:
        """The components shown as "No recent data"."""
        return tuple(c for c in self.components if c.status == NO_DATA)

    @property
    def partly_checked(self) -> bool:
        """Operational as far as anyone knows, with some components unchecked."""
        return self.status == OPERATIONAL and bool(self.without_data)

    @property
    def unchecked_since(self) -> int | None:
        """The newest record of any component without data: none of them has reported since
        (None when none of them ever has)."""
        silent = {c.component for c in self.without_data}
        newest = [f.newest for f in self.stale if f.component in silent and f.newest is not None]
        return max(newest) if newest else None

    def component(self, component_id: str) -> ComponentStatus:
        for status in self.components:
            if status.component == component_id:
                return status
        raise KeyError(component_id)


def state_at(timeline: Timeline, instant: int) -> str:
    """'down', 'up' or 'no data' during the second that starts at ``instant``."""
    if _covers(timeline.down, instant):
        return "down"
    if _covers(timeline.up, instant):
        return "up"
    return "no data"


def _covers(spans: Intervals, instant: int) -> bool:
    return any(start <= instant < end for start, end in spans.clip(instant, instant + 1))


def _down_since(timeline: Timeline, instant: int) -> int | None:
    for start, end in timeline.down.clip(timeline.lo, instant + 1):
        if start <= instant < end:
            return int(start)
    return None


def component_statuses(
    services: Services,
    monitors: Mapping[str, Timeline],
    incidents: Sequence[Incident],
    maintenance: Sequence[Maintenance],
    now: int,
) -> list[ComponentStatus]:
    """Each component's status at ``now``.

    ``monitors`` maps every monitor id to its timeline over a window that ends at ``now``;
    the state of the last second before ``now`` is the current one.
    """
    probe = now - 1
    out = []
    for component in services.components:
        states = [state_at(monitors[m.id], probe) for m in component.monitors]
        downs = states.count("down")
        if downs and downs == len(states):
            detected, seen = "down", MAJOR
        elif downs:
            detected, seen = "partial", PARTIAL
        elif "up" in states:
            detected, seen = "up", OPERATIONAL
        else:
            detected, seen = "no data", NO_DATA
        since = [
            s for m in component.monitors if (s := _down_since(monitors[m.id], probe)) is not None
        ]
        open_incidents = [i for i in incidents if component.id in i.components and i.open_at(now)]
        windows = [
            w for w in maintenance if component.id in w.components and w.state(now) == "in progress"
        ]
        if windows:
            seen = MAINTENANCE
        declared = [IMPACT_STATUS[i.impact] for i in open_incidents]
        out.append(
            ComponentStatus(
                component=component.id,
                status=worst([seen, *declared]),
                detected=detected,
                down_since=min(since) if since else None,
                incidents=tuple(i.id for i in open_incidents),
                maintenance=tuple(w.id for w in windows),
            )
        )
    return out


def slow_monitors(services: Services, latency: Mapping[str, float | None]) -> set[str]:
    """Monitors whose measured latency (``latency``: monitor id -> window_latency) is above
    their threshold."""
    return {
        monitor.id
        for monitor in services.monitors.values()
        if monitor.degraded is not None and is_slow(latency.get(monitor.id), monitor.degraded)
    }


def with_latency(
    status: PageStatus, services: Services, latency: Mapping[str, float | None]
) -> PageStatus:
    """``status`` with operational components whose monitors are slow shown as degraded."""
    slow = slow_monitors(services, latency)
    components = []
    for current in status.components:
        mine = tuple(m.id for m in services.component(current.component).monitors if m.id in slow)
        changed = replace(current, slow=mine)
        if mine and current.status == OPERATIONAL:
            changed = replace(changed, status=DEGRADED)
        components.append(changed)
    return _page(status, tuple(components))


def _page(status: PageStatus, components: tuple[ComponentStatus, ...]) -> PageStatus:
    known = [c.status for c in components if c.status != NO_DATA]
    overall = worst(known) if known else NO_DATA
    indicator, words, description = PAGE_STATUS[overall]
    page = replace(
        status,
        status=overall,
        indicator=indicator,
        words=words,
        description=description,
        components=components,
    )
    return replace(page, description=PARTLY_CHECKED) if page.partly_checked else page


def page_status(
    services: Services,
    monitors: Mapping[str, Timeline],
    freshness: Sequence[Freshness],
    incidents: Sequence[Incident],
    maintenance: Sequence[Maintenance],
    now: int,
    latency: Mapping[str, float | None] | None = None,
) -> PageStatus:
    """``latency`` (monitor id -> :func:`window_latency`) adds degraded performance."""
    components = component_statuses(services, monitors, incidents, maintenance, now)
    newest = [f.newest for f in freshness if f.newest is not None]
    status = PageStatus(
        now=now,
        status=OPERATIONAL,  # _page sets the page's status, from the components'
        indicator="none",
        words="",
        description="",
        components=(),
        last_checked=max(newest) if newest else None,
        stale=tuple(f for f in freshness if f.stale(now)),
        active_incidents=tuple(i for i in incidents if i.open_at(now)),
        maintenance_in_progress=tuple(w for w in maintenance if w.state(now) == "in progress"),
        upcoming_maintenance=tuple(w for w in maintenance if w.state(now) == "upcoming"),
    )
    status = _page(status, tuple(components))
    return with_latency(status, services, latency) if latency is not None else status


def newest_record(
    sample_times: Sequence[int] | np.ndarray,
    interval_starts: Sequence[int] | np.ndarray,
    interval_ends: Sequence[int] | np.ndarray,
    now: int,
) -> int | None:
    """The time of a monitor's newest observation known at ``now``.

    A sample counts at its timestamp, a state interval at its start and, once it has ended
    by ``now``, at its end: a state log's ongoing state was seen when it began, not at every
    instant since (whether it still counts as current is :func:`ongoing_state`'s rule).
    """
    times = np.asarray(sample_times, dtype=np.int64)
    starts = np.asarray(interval_starts, dtype=np.int64)
    ends = np.asarray(interval_ends, dtype=np.int64)
    seen = np.concatenate(
        [times[times <= now], starts[starts <= now], ends[(ends >= 0) & (ends <= now)]]
    )
    return int(seen.max()) if len(seen) else None


def ongoing_state(
    interval_starts: Sequence[int] | np.ndarray,
    interval_ends: Sequence[int] | np.ndarray,
    now: int,
) -> bool:
    """Whether a monitor's state log says a state holds at ``now``: an interval begun by then
    without an end, or ending after it. Such a monitor is current however long ago the
    state began, as its timeline counts the state up to ``now``."""
    starts = np.asarray(interval_starts, dtype=np.int64)
    ends = np.asarray(interval_ends, dtype=np.int64)
    known = starts <= now
    return bool(((ends[known] < 0) | (ends[known] > now)).any())
