"""Assemble the report model for one period from the store and the site's records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from generator.compute.attainment import uptime_section
from generator.compute.credits import published_tiers, support_verdict
from generator.compute.intervals import clip
from generator.compute.periods import Period
from generator.compute.support import support_section
from generator.compute.uptime import Timeline, combine_any_down, lookback, monitor_timeline
from generator.config.credits import credit_policy
from generator.config.support import attainment_objective, support_policy
from generator.model.client_report import CreditTiers
from generator.model.report import (
    ComponentUptime,
    ExclusionRule,
    Methodology,
    MonitorMethod,
    PeriodInfo,
    Report,
    Terms,
    minutes,
)
from generator.model.support_report import SupportSection
from generator.reporting import kept_support
from generator.site import Site
from generator.store.probes import load_intervals, load_samples
from generator.store.tickets import Ticket, load_tickets
from generator.timeutil import format_instant

SCHEMA_VERSION = 1


def monitor_timelines(site: Site, lo: int, hi: int) -> dict[str, Timeline]:
    """Every monitor's timeline over [lo, hi), from the store."""
    out = {}
    for monitor in site.services.monitors.values():
        samples = load_samples(site.data, monitor, lo - lookback(monitor), hi)
        intervals = load_intervals(site.data, monitor, hi)
        out[monitor.id] = monitor_timeline(monitor, samples, intervals, lo, hi)
    return out


def component_timelines(site: Site, lo: int, hi: int) -> dict[str, Timeline]:
    monitors = monitor_timelines(site, lo, hi)
    return {
        c.id: combine_any_down([monitors[m.id] for m in c.monitors], lo, hi)
        for c in site.services.components
    }


def terms(site: Site, as_of: int) -> Terms:
    t = site.sla.terms
    today = datetime.fromtimestamp(as_of, site.sla.timezone).date()
    overdue = t.review_overdue(today)
    return Terms(
        effective_date=t.effective_date.isoformat(),
        last_review=t.last_review.isoformat(),
        next_review=t.next_review.isoformat(),
        review_overdue=overdue,
        review_overdue_since=t.next_review.isoformat() if overdue else None,
    )


def methodology(site: Site) -> Methodology:
    sla = site.sla
    return Methodology(
        timezone=sla.timezone_name,
        period_months=sla.periods.months,
        period_first_month=sla.periods.first_month,
        objective_percent=float(sla.uptime.objective_percent),
        default_quorum=sla.uptime.quorum,
        max_gap_intervals=sla.uptime.max_gap_intervals,
        scheduled_downtime_per_release_seconds=sla.uptime.scheduled_downtime.per_release_seconds,
        scheduled_downtime_excess_counts=sla.uptime.scheduled_downtime.excess_counts,
        exclusions=[ExclusionRule(e.id, e.text, e.applies_to) for e in sla.uptime.exclusions],
        monitors=[
            MonitorMethod(m.id, m.component, m.interval, m.max_gap, list(m.locations), m.quorum)
            for m in site.services.monitors.values()
        ],
    )


def clip_timeline(timeline: Timeline, lo: int, hi: int) -> Timeline:
    return Timeline(
        lo, hi, clip(timeline.down, lo, hi), clip(timeline.up, lo, hi), clip(timeline.slow, lo, hi)
    )


def with_degraded(component: ComponentUptime, timeline: Timeline) -> ComponentUptime:
    """``component`` with its degraded performance time: reported, never downtime."""
    seconds = timeline.degraded.total()
    return replace(component, degraded_minutes=minutes(seconds), degraded_seconds=seconds)


def support(
    site: Site, period: Period, as_of: int, audience: str, tickets: list[Ticket] | None = None
) -> SupportSection | None:
    """Support-response attainment, or None when the SLA file makes no support commitment."""
    policy = support_policy(site.sla)
    if policy is None:
        return None
    if tickets is None:
        tickets = load_tickets(site.data)
    internal = audience == "internal"
    tz = site.sla.timezone

    def work_out(known: Sequence[Ticket]) -> SupportSection:
        return support_section(policy, known, period, as_of, tz, internal=internal)

    if as_of > period.end:
        # an ended period's: worked out from its tickets, or kept from a build before
        kept = kept_support.support_section
        section = kept(site.sla, site.data.root, period, as_of, internal, tickets, work_out)
    else:
        section = work_out(tickets)
    return judged(section, attainment_objective(site.sla))


def judged(section: SupportSection, objective: Decimal | None) -> SupportSection:
    """``section`` with the SLA's attainment objective and the verdict against it."""
    return replace(
        section,
        objective_percent=None if objective is None else float(objective),
        verdict=support_verdict(section.met, section.breached, objective),
    )


def data_relative(path: str, site: Site) -> str:
    """``path`` relative to the data directory (``incidents/x.md``), as every output
    publishes it: no build machine's path, the same from ``report`` as from the site."""
    root = site.data.root.resolve()
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:  # outside the data directory (a services file given elsewhere)
        return Path(path).name


def build_report(
    site: Site,
    period: Period,
    as_of: int,
    audience: str = "public",
    timelines: dict[str, Timeline] | None = None,
    tickets: list[Ticket] | None = None,
) -> Report:
    """The report of ``period`` as known at ``as_of``.

    ``timelines`` (component id -> timeline over a span covering the period up to as_of)
    lets a caller that reports on many periods, like the status site, load the store once;
    ``tickets`` (every stored ticket, from load_tickets) does the same for the ticket store.
    """
    tz = site.sla.timezone
    horizon = max(period.start, min(period.end, as_of))
    if timelines is None:
        timelines = component_timelines(site, period.start, horizon)
    else:
        timelines = {c: clip_timeline(t, period.start, horizon) for c, t in timelines.items()}
    uptime = uptime_section(
        site.sla, site.services, period, as_of, timelines, site.incidents, site.maintenance
    )
    uptime = replace(
        uptime,
        excluded=[replace(e, source=data_relative(e.source, site)) for e in uptime.excluded],
        components=[with_degraded(c, timelines[c.id]) for c in uptime.components],
    )
    return Report(
        schema_version=SCHEMA_VERSION,
        company=site.sla.company,
        generated_at=format_instant(as_of, tz),
        audience=audience,
        period=PeriodInfo(
            id=period.id,
            label=period.label,
            start=format_instant(period.start, tz),
            end=format_instant(period.end, tz),
            as_of=format_instant(as_of, tz),
            to_date=as_of < period.end,
            period_minutes=minutes(period.seconds),
            elapsed_minutes=minutes(horizon - period.start),
        ),
        uptime=uptime,
        terms=terms(site, as_of),
        methodology=methodology(site),
        support=support(site, period, as_of, audience, tickets),
        credit_tiers=credit_tiers(site, period, as_of, uptime.downtime_seconds, uptime.percent),
    )


def credit_tiers(
    site: Site, period: Period, as_of: int, downtime_seconds: int, percent: float | None
) -> CreditTiers | None:
    """The SLA's credit tiers and the tier reached, when the SLA file publishes them."""
    policy = credit_policy(site.sla)
    if policy is None or not policy.publish_tiers:
        return None
    horizon = max(period.start, min(period.end, as_of))
    measured = percent is not None
    return published_tiers(
        policy, downtime_seconds, horizon - period.start, measured, as_of >= period.end
    )
