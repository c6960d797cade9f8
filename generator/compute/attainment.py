"""Uptime attainment for one SLA period: exclusions, counted downtime, the error budget.

Exclusions are applied per component, in this order, each claiming only downtime that an
earlier one has not: out of scope (``covered: false``), beta, declared maintenance windows,
incidents declared excluded. Excluded downtime is always listed with its rule, its reason
and the file that declared it.

The service is down while any counted component (covered and not beta) has counted
downtime; overlaps count once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from generator.compute.intervals import Intervals, clip, intersect, per_bucket, subtract, union
from generator.compute.periods import Period
from generator.compute.uptime import Timeline
from generator.config.services import Component, Services
from generator.config.sla import Sla
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.model.report import (
    ComponentUptime,
    Day,
    ExcludedDowntime,
    MaintenanceCheck,
    Outage,
    Projection,
    UptimeSection,
    minutes,
    percent,
)
from generator.timeutil import format_instant, local_midnight

SCOPE_RULE = "not-covered"


@dataclass(frozen=True)
class ExclusionWindow:
    component: str
    span: Intervals
    rule: str
    reason: str
    source: str


@dataclass(frozen=True)
class ComponentResult:
    component: Component
    timeline: Timeline
    excluded: list[tuple[Intervals, ExclusionWindow]]
    counted: Intervals


def maintenance_cut(window: Maintenance, down: Intervals, allowance: int) -> int:
    """The instant at which observed downtime in ``window`` has used up ``allowance``."""
    inside = clip(down, window.start, window.end)
    if inside.total() <= allowance:
        return window.end
    used = np.cumsum(inside.end - inside.start)
    index = int(np.searchsorted(used, allowance, side="left"))
    before = int(used[index - 1]) if index else 0
    return int(inside.start[index]) + (allowance - before)


def exclusion_windows(
    sla: Sla,
    services: Services,
    timelines: dict[str, Timeline],
    incidents: list[Incident],
    maintenance: list[Maintenance],
    lo: int,
    hi: int,
) -> dict[str, list[ExclusionWindow]]:
    policy = sla.uptime
    windows: dict[str, list[ExclusionWindow]] = {c.id: [] for c in services.components}
    everything = Intervals.of([(lo, hi)])
    for component in services.components:
        if not component.covered:
            windows[component.id].append(
                ExclusionWindow(
                    component.id,
                    everything,
                    SCOPE_RULE,
                    "Outside the SLA's scope (covered: false in the services file)",
                    services.file,
                )
            )
        if component.beta:
            windows[component.id].append(
                ExclusionWindow(
                    component.id,
                    everything,
                    policy.beta_exclusion,
                    policy.exclusion(policy.beta_exclusion).text,
                    services.file,
                )
            )
    scheduled = policy.scheduled_downtime
    for window in maintenance:
        if window.cancelled or window.end <= lo or window.start >= hi:
            continue
        end = window.end
        if scheduled.excess_counts:
            observed = union([timelines[c].down for c in window.components])
            end = maintenance_cut(window, observed, window.releases * scheduled.per_release_seconds)
        for component_id in window.components:
            windows[component_id].append(
                ExclusionWindow(
                    component_id,
                    Intervals.of([(window.start, end)]),
                    scheduled.exclusion,
                    f"{policy.exclusion(scheduled.exclusion).text}: {window.title}",
                    window.file,
                )
            )
    for incident in incidents:
        if not incident.excluded or incident.resolved is None:
            continue
        assert incident.exclusion is not None
        reason = policy.exclusion(incident.exclusion).text
        if incident.exclusion_note:
            reason += f": {incident.exclusion_note}"
        for component_id in incident.components:
            windows[component_id].append(
                ExclusionWindow(
                    component_id,
                    Intervals.of([(incident.started, incident.resolved)]),
                    incident.exclusion,
                    reason,
                    incident.file,
                )
            )
    return windows


def apply_exclusions(
    component: Component, timeline: Timeline, windows: list[ExclusionWindow]
) -> ComponentResult:
    remaining = timeline.down
    excluded: list[tuple[Intervals, ExclusionWindow]] = []
    for window in windows:
        piece = intersect(remaining, window.span)
        if len(piece):
            excluded.append((piece, window))
            remaining = subtract(remaining, piece)
    return ComponentResult(component, timeline, excluded, remaining)


def _outages(
    result: ComponentResult, incidents: list[Incident], sla: Sla, as_of: int
) -> list[Outage]:
    tz = sla.timezone
    pieces: list[tuple[int, int, ExclusionWindow | None]] = [
        (s, e, None) for s, e in result.counted
    ]
    for span, claimed_by in result.excluded:
        pieces.extend((s, e, claimed_by) for s, e in span)
    pieces.sort(key=lambda p: (p[0], p[1]))
    mine = [i for i in incidents if result.component.id in i.components]
    outages = []
    for start, end, exclusion in pieces:
        related = sorted(
            i.id for i in mine if i.started < end and (i.resolved is None or i.resolved > start)
        )
        outages.append(
            Outage(
                start=format_instant(start, tz),
                end=format_instant(end, tz),
                minutes=minutes(end - start),
                seconds=end - start,
                excluded=exclusion is not None,
                reason=exclusion.reason if exclusion else None,
                rule=exclusion.rule if exclusion else None,
                ongoing=end >= as_of and end == result.timeline.hi,
                incidents=related,
            )
        )
    return outages


def day_edges(period: Period, hi: int, sla: Sla) -> tuple[list[str], np.ndarray]:
    """Local days of the period up to ``hi``: their ISO dates and [start, end) edges."""
    dates: list[str] = []
    edges = [period.start]
    day = period.first_day
    while edges[-1] < hi:
        day = date.fromordinal(day.toordinal() + 1)
        dates.append(date.fromordinal(day.toordinal() - 1).isoformat())
        edges.append(min(local_midnight(day, sla.timezone), hi))
    return dates, np.asarray(edges, dtype=np.int64)


def daily_series(
    dates: list[str],
    edges: np.ndarray,
    down: Intervals,
    excluded: Intervals,
    no_data: Intervals,
    measured: Intervals,
) -> list[Day]:
    lengths = np.diff(edges)
    downs = per_bucket(down, edges)
    seen = per_bucket(measured, edges)
    excl = per_bucket(excluded, edges)
    gaps = per_bucket(no_data, edges)
    cumulative = np.cumsum(downs)
    return [
        Day(
            date=dates[i],
            minutes=minutes(int(lengths[i])),
            downtime_minutes=minutes(int(downs[i])),
            downtime_seconds=int(downs[i]),
            excluded_minutes=minutes(int(excl[i])),
            no_data_minutes=minutes(int(gaps[i])),
            percent=percent(int(downs[i]), int(lengths[i])) if seen[i] else None,
            cumulative_downtime_minutes=minutes(int(cumulative[i])),
        )
        for i in range(len(dates))
    ]


def uptime_section(
    sla: Sla,
    services: Services,
    period: Period,
    as_of: int,
    timelines: dict[str, Timeline],
    incidents: list[Incident],
    maintenance: list[Maintenance],
) -> UptimeSection:
    """Attainment of the uptime objective over ``period`` as known at ``as_of``.

    ``timelines`` maps every component id to its timeline over [period.start, horizon),
    where horizon = min(period.end, as_of).
    """
    tz = sla.timezone
    lo = period.start
    hi = max(lo, min(period.end, as_of))
    elapsed = hi - lo
    windows = exclusion_windows(sla, services, timelines, incidents, maintenance, lo, hi)
    results = {
        c.id: apply_exclusions(c, timelines[c.id], windows[c.id]) for c in services.components
    }

    counted_components = [r for r in results.values() if r.component.counted]
    service_down = union([r.counted for r in counted_components])
    service_no_data = subtract(
        union([r.timeline.no_data for r in counted_components]), service_down
    )
    # time in which at least one counted component was measured (up or down); with none at
    # all there is nothing to state, and 100% would be a claim the records do not support
    measured = union([u for r in counted_components for u in (r.timeline.down, r.timeline.up)])
    has_data = measured.total() > 0
    excluded_all = union([span for r in counted_components for span, _ in r.excluded])
    excluded_outside_counted = subtract(excluded_all, service_down)

    objective = sla.uptime.objective_percent
    allowed = Decimal(period.seconds) * (Decimal(100) - objective) / Decimal(100)
    downtime = service_down.total()
    budget = allowed - downtime

    excluded_list = []
    for result in results.values():
        for span, window in result.excluded:
            for start, end in span:
                excluded_list.append(
                    ExcludedDowntime(
                        component=result.component.id,
                        start=format_instant(start, tz),
                        end=format_instant(end, tz),
                        minutes=minutes(end - start),
                        seconds=end - start,
                        rule=window.rule,
                        reason=window.reason,
                        source=window.source,
                    )
                )
    excluded_list.sort(key=lambda e: (e.start, e.component))

    dates, edges = day_edges(period, hi, sla)
    components = []
    for result in results.values():
        c = result.component
        down = result.timeline.down.total()
        counted = result.counted.total()
        component_measured = down + result.timeline.up.total() > 0
        components.append(
            ComponentUptime(
                id=c.id,
                name=c.name,
                group=c.group,
                covered=c.covered,
                beta=c.beta,
                counted=c.counted,
                percent=percent(counted, elapsed) if component_measured else None,
                observed_percent=percent(down, elapsed) if component_measured else None,
                downtime_minutes=minutes(down),
                downtime_seconds=down,
                excluded_minutes=minutes(down - counted),
                counted_downtime_minutes=minutes(counted),
                no_data_minutes=minutes(result.timeline.no_data.total()),
                outages=_outages(result, incidents, sla, as_of),
                daily_downtime_minutes=[minutes(int(v)) for v in per_bucket(result.counted, edges)],
            )
        )

    checks = []
    per_release = sla.uptime.scheduled_downtime.per_release_seconds
    for planned in maintenance:
        if planned.end <= lo or planned.start >= period.end:
            continue
        observed = clip(
            union([timelines[c].down for c in planned.components]), planned.start, planned.end
        )
        counted_in_window = clip(service_down, planned.start, planned.end).total()
        allowance = planned.releases * per_release
        checks.append(
            MaintenanceCheck(
                id=planned.id,
                title=planned.title,
                start=format_instant(planned.start, tz),
                end=format_instant(planned.end, tz),
                components=list(planned.components),
                releases=planned.releases,
                state=planned.state(as_of),
                allowed_seconds=allowance,
                observed_downtime_seconds=observed.total(),
                counted_seconds=counted_in_window,
                exceeded=observed.total() > allowance,
            )
        )

    projection = None
    if hi < period.end and has_data:
        projected = Decimal(downtime) * period.seconds / elapsed if elapsed else Decimal(0)
        projection = Projection(
            method="linear: counted downtime so far, scaled to the whole period",
            downtime_minutes=minutes(projected),
            percent=percent(projected, period.seconds),
            met=projected <= allowed,
            no_further_downtime_percent=percent(downtime, period.seconds),
        )

    return UptimeSection(
        objective_percent=float(objective),
        percent=percent(downtime, elapsed) if has_data else None,
        met=downtime <= allowed if has_data else None,
        period_minutes=minutes(period.seconds),
        elapsed_minutes=minutes(elapsed),
        measured_minutes=minutes(measured.total()),
        downtime_minutes=minutes(downtime),
        downtime_seconds=downtime,
        allowed_downtime_minutes=minutes(allowed),
        allowed_downtime_seconds=float(allowed),
        error_budget_minutes=minutes(budget),
        error_budget_used_percent=round(float(Decimal(downtime) / allowed * 100), 2)
        if allowed
        else 0.0,
        excluded_minutes=minutes(excluded_outside_counted.total()),
        no_data_minutes=minutes(service_no_data.total()),
        excluded=excluded_list,
        components=components,
        maintenance=checks,
        projection=projection,
        daily=daily_series(
            dates, edges, service_down, excluded_outside_counted, service_no_data, measured
        ),
    )
