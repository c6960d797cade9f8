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
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from generator.compute.attainment import apply_exclusions, exclusion_windows
from generator.compute.intervals import Intervals, subtract
from generator.compute.latency import LatencySeries, percentiles
from generator.compute.periods import Period, period_containing, periods_between
from generator.compute.status import (
    ComponentStatus,
    Freshness,
    PageStatus,
    newest_record,
    ongoing_state,
    window_latency,
)
from generator.compute.status import page_status as compute_page_status
from generator.compute.uptime import Timeline, combine_any_down, lookback, monitor_timeline
from generator.compute.windows import (
    ROLLING_90,
    DayBar,
    WindowUptime,
    daily_bars,
    hour_edges,
    last_days,
    rolling_windows,
)
from generator.config.services import Component, Monitor
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.model.report import MaintenanceCheck, Outage, Report
from generator.reporting import build_report
from generator.reporting.period import support, terms
from generator.reporting.reuse import ReportReuse, as_known_at
from generator.site import Site
from generator.store.concurrent import in_order
from generator.store.probes import load_intervals, load_samples
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


@dataclass(frozen=True)
class _MonitorRead:
    """What the site needs of one monitor's records: none of its samples but the recent."""

    timeline: Timeline
    freshness: Freshness
    slow_latency: float | None  # its degraded-threshold percentile (None without one)
    recent: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # the bars' days' latencies


def _read_monitor(site: Site, monitor: Monitor, lo: int, hi: int, recent_from: int) -> _MonitorRead:
    """One monitor's timeline over [lo, hi) and the figures the status takes from its
    samples (run for several monitors at once: :mod:`generator.store.concurrent`)."""
    samples = load_samples(site.data, monitor, lo - lookback(monitor), hi)
    intervals = load_intervals(site.data, monitor, hi)
    slow = None
    if monitor.degraded is not None:
        slow = window_latency(
            samples.timestamp, samples.latency_ms, samples.ok, monitor.degraded, hi
        )
    recent = samples.timestamp >= recent_from
    shown = None
    if recent.any() and not np.isnan(samples.latency_ms[recent]).all():
        shown = (samples.timestamp[recent], samples.latency_ms[recent], samples.ok[recent])
    return _MonitorRead(
        timeline=monitor_timeline(monitor, samples, intervals, lo, hi),
        freshness=Freshness(
            monitor=monitor.id,
            component=monitor.component,
            newest=newest_record(samples.timestamp, intervals.start, intervals.end, hi),
            interval=monitor.interval,
            max_gap=monitor.max_gap,
            ongoing=ongoing_state(intervals.start, intervals.end, hi),
        ),
        slow_latency=slow,
        recent=shown,
    )


def _first_record(site: Site, as_of: int) -> int | None:
    """The earliest stored check, state interval, incident or maintenance window."""
    starts = [i.started for i in site.incidents] + [m.start for m in site.maintenance]
    monitors = list(site.services.monitors.values())
    for first in in_order(lambda monitor: _first_of_monitor(site, monitor, as_of), monitors):
        starts.extend(first)
    return min(starts) if starts else None


def _first_of_monitor(site: Site, monitor: Monitor, as_of: int) -> list[int]:
    """The earliest check in the first 32 days of the monitor's first stored month, and its
    earliest state interval."""
    starts = []
    months = sorted((site.data.samples_dir / monitor.id).glob("*.csv"))
    if months:
        year, month = int(months[0].stem[:4]), int(months[0].stem[5:7])
        lo = int(datetime(year, month, 1, tzinfo=UTC).timestamp())
        samples = load_samples(site.data, monitor, lo, lo + 32 * 86400)
        if len(samples):
            starts.append(int(samples.timestamp.min()))
    intervals = load_intervals(site.data, monitor, as_of + 1)
    if len(intervals):
        starts.append(int(intervals.start.min()))
    return starts


def site_periods(site: Site, as_of: int) -> list[Period]:
    """Every SLA period from the first record to the one running at ``as_of``."""
    rule, tz = site.sla.periods, site.sla.timezone
    current = period_containing(as_of, rule, tz)
    first = _first_record(site, as_of)
    if first is None or first >= current.start:
        return [current]
    return periods_between(first, as_of + 1, rule, tz)


def build_model(site: Site, as_of: int, reuse_reports: bool = True) -> StatusModel:
    """Everything the site shows as of ``as_of``. With ``reuse_reports``, closed periods'
    reports are kept between builds (:mod:`generator.reporting.reuse`)."""
    site = site.known_at(as_of)
    tz = site.sla.timezone
    periods = site_periods(site, as_of)
    days, day_edges = last_days(as_of, BAR_DAYS, tz)
    tickets = load_tickets(site.data)
    # A closed period whose inputs are unchanged since a build before keeps its report,
    # so its probe history need not be read again.
    reuse = ReportReuse(site, as_of) if reuse_reports else None
    kept = {}
    for period in periods:
        report = reuse.load(period) if reuse is not None else None
        if report is not None:
            kept[period.id] = as_known_at(
                report,
                as_of,
                site,
                terms(site, as_of),
                support(site, period, as_of, "public", tickets),
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
    latency_samples: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = defaultdict(list)
    slow_latency: dict[str, float | None] = {}  # monitor -> its degraded-threshold percentile

    def read(monitor: Monitor) -> _MonitorRead:
        return _read_monitor(site, monitor, lo, hi, int(day_edges[0]))

    monitors = list(site.services.monitors.values())
    for monitor, found in zip(monitors, in_order(read, monitors), strict=True):
        monitor_tl[monitor.id] = found.timeline
        freshness.append(found.freshness)
        if monitor.degraded is not None:
            slow_latency[monitor.id] = found.slow_latency
        if found.recent is not None:
            latency_samples[monitor.component].append(found.recent)
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
        report = build_report(site, period, as_of, "public", timelines=timelines, tickets=tickets)
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
        series = latency_samples.get(component.id)
        hourly = daily = None
        if series:
            ts = np.concatenate([s[0] for s in series])
            lat = np.concatenate([s[1] for s in series])
            ok = np.concatenate([s[2] for s in series])
            hourly = percentiles(ts, lat, ok, hour_edges(as_of, HOURLY_DAYS, tz))
            daily = percentiles(ts, lat, ok, day_edges)
        views.append(
            ComponentView(
                component=component,
                status=status.component(component.id),
                windows=rolling_windows(
                    down, excluded, no_data, as_of, (current.label, current.start)
                ),
                bars=daily_bars(days, day_edges, down, excluded, no_data, spans),
                hourly=hourly,
                daily=daily,
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
