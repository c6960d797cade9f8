"""Everything the status site shows, gathered once per build.

The store is read once for the whole span the site covers (every SLA period with records,
and the last 90 days): monitor timelines are built once, every period's report is built
from them (so each SLA page equals its published JSON), and the rolling windows, 90-day bars,
current status and response-time percentiles are computed from the same timelines.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from generator.compute.attainment import apply_exclusions, exclusion_windows
from generator.compute.intervals import Intervals, subtract
from generator.compute.latency import LatencySeries
from generator.compute.periods import Period, period_containing, periods_between
from generator.compute.status import (
    ComponentStatus,
    Freshness,
    PageStatus,
)
from generator.compute.status import page_status as compute_page_status
from generator.compute.uptime import Timeline, combine_any_down
from generator.compute.windows import (
    ROLLING_90,
    DayBar,
    WindowUptime,
    daily_bars,
    hour_edges,
    last_days,
    rolling_windows,
)
from generator.config.services import Component
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.model.report import MaintenanceCheck, Outage, Report
from generator.reporting import build_report
from generator.reporting.monitor_reads import (
    Kept,
    first_records,
    keep_reads,
    read_components,
    start_reads,
)
from generator.reporting.period import support, terms
from generator.reporting.reuse import ReportReuse, as_known_at
from generator.reporting.settled import settled_at
from generator.site import Site
from generator.store.tickets import load_tickets

log = logging.getLogger(__name__)

BAR_DAYS = 90
HOURLY_DAYS = 7


@dataclass(frozen=True)
class OutageRow:
    """One outage piece from a period report, with the period and component it belongs to."""

    period: str
    component: str
    outage: Outage


@dataclass
class ComponentView:
    component: Component
    status: ComponentStatus
    windows: list[WindowUptime]
    bars: list[DayBar]
    hourly: LatencySeries | None
    daily: LatencySeries | None
    outages: list[OutageRow] = field(default_factory=list)  # newest first


@dataclass
class IncidentView:
    incident: Incident
    outages: list[OutageRow]  # measured outage pieces overlapping it, oldest first

    @property
    def counted_seconds(self) -> int:
        return sum(o.outage.seconds for o in self.outages if not o.outage.excluded)

    @property
    def excluded_seconds(self) -> int:
        return sum(o.outage.seconds for o in self.outages if o.outage.excluded)


@dataclass
class StatusModel:
    site: Site
    as_of: int
    periods: list[Period]  # oldest first; the last one is running
    reports: dict[str, Report]  # period id -> its report (public audience)
    status: PageStatus
    components: list[ComponentView]
    incidents: list[IncidentView]  # newest first
    unlinked_outages: list[OutageRow]  # detected, with no written incident; newest first
    maintenance_checks: dict[str, MaintenanceCheck]  # window id -> its report's check
    reused: list[str] = field(default_factory=list)  # closed periods kept from a build before
    # components whose monitors' reads were kept from the build before (monitor_reads.py)
    kept_reads: list[str] = field(default_factory=list)

    @property
    def tz(self) -> Any:
        return self.site.sla.timezone

    @property
    def current(self) -> Period:
        return self.periods[-1]

    def component(self, component_id: str) -> ComponentView:
        for view in self.components:
            if view.component.id == component_id:
                return view
        raise KeyError(component_id)


def _first_record(site: Site, as_of: int, kept: Kept) -> int | None:
    """The earliest stored check, state interval, incident or maintenance window."""
    starts = [i.started for i in site.incidents] + [m.start for m in site.maintenance]
    monitors = list(site.services.monitors.values())
    starts += first_records(site.data, monitors, as_of, kept)
    return min(starts) if starts else None


def site_periods(site: Site, as_of: int, kept: Kept | None = None) -> list[Period]:
    """Every SLA period from the first record to the one running at ``as_of`` (the first
    records of ``kept``'s build before used again while their inputs are unchanged)."""
    rule, tz = site.sla.periods, site.sla.timezone
    current = period_containing(as_of, rule, tz)
    first = _first_record(site, as_of, kept if kept is not None else Kept(None))
    if first is None or first >= current.start:
        return [current]
    return periods_between(first, as_of + 1, rule, tz)


def build_model(site: Site, as_of: int, reuse_reports: bool = True) -> StatusModel:
    """Everything the site shows as of ``as_of``. With ``reuse_reports``, closed periods'
    reports are kept between builds (:mod:`generator.reporting.reuse`)."""
    site = site.known_at(as_of)
    tz = site.sla.timezone
    # What this build reads of each monitor is kept for the next build of this process and
    # used again while its inputs are unchanged (generator/reporting/monitor_reads.py).
    kept_reads = start_reads(site.data) if reuse_reports else Kept(None)
    periods = site_periods(site, as_of, kept_reads)
    days, day_edges = last_days(as_of, BAR_DAYS, tz)
    tickets = load_tickets(site.data)
    # A closed period whose inputs are unchanged since a build before keeps its report,
    # so its probe history need not be read again.
    reuse = ReportReuse(site, as_of) if reuse_reports else None
    # A closed period is stamped with the moment its report last changed, not the as-of
    # time (generator/reporting/settled.py): the same report, and PDF, build after build.
    stamps = {p.id: settled_at(site, p, as_of, tickets) for p in periods}
    kept = {}
    for period in periods:
        report = reuse.load(period) if reuse is not None else None
        if report is not None:
            at = stamps[period.id]
            kept[period.id] = as_known_at(
                report, at, site, terms(site, at), support(site, period, at, "public", tickets)
            )
    # The timelines must cover every window shown, the 90-day one included: time before
    # a timeline's start would count as neither down nor without data, so as measured up.
    # They start at a period's start, as a cold build's do at the first period's.
    shown = min(int(day_edges[0]), as_of - ROLLING_90[2])
    starts = [p.start for p in periods if p.id not in kept or p.end > shown]
    lo = min(min(starts, default=periods[-1].start), shown)
    hi = as_of

    monitor_tl: dict[str, Timeline] = {}
    freshness: list[Freshness] = []
    slow_latency: dict[str, float | None] = {}  # monitor -> its degraded-threshold percentile
    hours = hour_edges(as_of, HOURLY_DAYS, tz)
    recent_from = int(day_edges[0])
    components = read_components(
        site.data, site.services, kept_reads, (lo, hi), recent_from, hours, day_edges
    )
    for monitor in site.services.monitors.values():
        found = components[monitor.component].monitors[monitor.id]
        monitor_tl[monitor.id] = found.timeline
        freshness.append(found.freshness)
        if monitor.degraded is not None:
            slow_latency[monitor.id] = found.slow_latency
    if reuse_reports:
        keep_reads(site.data, kept_reads)
    timelines = {
        c.id: combine_any_down([monitor_tl[m.id] for m in c.monitors], lo, hi)
        for c in site.services.components
    }
    log.info("timelines of %d monitors over %d days", len(monitor_tl), (hi - lo) // 86400)

    reports = {}
    for period in periods:
        if period.id in kept:
            reports[period.id] = kept[period.id]
            continue
        at = stamps[period.id]
        report = build_report(
            site.known_at(at), period, at, "public", timelines=timelines, tickets=tickets
        )
        if reuse is not None:
            reuse.keep(period, report)
        reports[period.id] = report
    if reuse is not None and reuse.reused:
        log.info("reused the reports of %d closed periods", len(reuse.reused))
    status = compute_page_status(
        site.services,
        monitor_tl,
        freshness,
        site.incidents,
        site.maintenance,
        as_of,
        latency=slow_latency,
    )

    rows_by_component: dict[str, list[OutageRow]] = defaultdict(list)
    checks: dict[str, MaintenanceCheck] = {}
    for period in periods:
        report = reports[period.id]
        for entry in report.uptime.components:
            rows_by_component[entry.id].extend(
                OutageRow(period.id, entry.id, o) for o in entry.outages
            )
        for check in report.uptime.maintenance:
            checks.setdefault(check.id, check)
    all_rows = sorted(
        (r for rows in rows_by_component.values() for r in rows),
        key=lambda r: (r.outage.start, r.component),
    )

    windows = exclusion_windows(
        site.sla, site.services, timelines, site.incidents, site.maintenance, lo, hi
    )
    current = periods[-1]
    views = []
    for component in site.services.components:
        timeline = timelines[component.id]
        if component.counted:
            down = apply_exclusions(component, timeline, windows[component.id]).counted
            excluded = subtract(timeline.down, down)
        else:
            down, excluded = timeline.down, Intervals.empty()
        no_data = timeline.no_data
        spans = [
            (i.id, i.started, i.end_or(as_of))
            for i in site.incidents
            if component.id in i.components
        ]
        views.append(
            ComponentView(
                component=component,
                status=status.component(component.id),
                windows=rolling_windows(
                    down, excluded, no_data, as_of, (current.label, current.start)
                ),
                bars=daily_bars(days, day_edges, down, excluded, no_data, spans),
                hourly=components[component.id].hourly,
                daily=components[component.id].daily,
                outages=sorted(
                    rows_by_component[component.id],
                    key=lambda r: r.outage.start,
                    reverse=True,
                ),
            )
        )

    incidents = []
    for incident in sorted(site.incidents, key=lambda i: (i.started, i.id), reverse=True):
        incidents.append(
            IncidentView(incident, [r for r in all_rows if incident.id in r.outage.incidents])
        )
    unlinked = [r for r in reversed(all_rows) if not r.outage.incidents]
    return StatusModel(
        site=site,
        as_of=as_of,
        periods=periods,
        reports=reports,
        status=status,
        components=views,
        incidents=incidents,
        unlinked_outages=unlinked,
        maintenance_checks=checks,
        reused=list(reuse.reused) if reuse is not None else [],
        kept_reads=list(kept_reads.reused),
    )


def local_date(instant: int, tz: Any) -> date:
    return datetime.fromtimestamp(instant, tz).date()


def maintenance_by_state(windows: list[Maintenance], as_of: int) -> dict[str, list[Maintenance]]:
    groups: dict[str, list[Maintenance]] = {
        "in progress": [],
        "upcoming": [],
        "completed": [],
        "cancelled": [],
    }
    for window in windows:
        groups[window.state(as_of)].append(window)
    groups["completed"].reverse()  # newest first
    groups["cancelled"].reverse()
    return groups
