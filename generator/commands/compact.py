"""statusgen compact: turn the samples of closed periods into state runs and latency hours.

What is safe to compact, and what is refused (one line, nothing changed):

- only periods that have ended: ``--before PERIOD`` keeps PERIOD and everything after it,
  and PERIOD must have started by ``--as-of`` (every period before it is then closed);
- only whole UTC months (the store's partitions) that end by PERIOD's start: the month
  PERIOD starts in keeps its samples when the SLA's time zone puts the start inside it;
- nothing the site still draws from each check: the latency charts (the last 90 days) and
  a latency threshold's window must lie after the cut, and monitors with a latency
  threshold keep their samples (their degraded time is measured check by check);
- not while the store holds samples after ``--as-of`` (the clock, or the option, is wrong:
  "closed" would mean nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from generator.commands.report import resolve_period
from generator.compute.periods import Period, period_containing
from generator.compute.windows import last_days
from generator.config.services import Services
from generator.errors import GeneratorError
from generator.reporting.site import BAR_DAYS
from generator.site import load_site
from generator.store.compact import CompactSummary, compact_store, month_bounds
from generator.store.layout import DataDir
from generator.store.probes import load_samples, sample_partitions
from generator.timeutil import format_instant


class CompactError(GeneratorError):
    """Compaction was refused: nothing was changed."""


@dataclass(frozen=True)
class CompactOptions:
    data_root: Path
    before: str  # a period id, or previous: the first period kept as samples
    as_of: int


@dataclass
class CompactResult:
    period: Period
    cut_month: str  # the first UTC month kept as samples
    summary: CompactSummary
    kept: list[str] = field(default_factory=list)  # monitors with a latency threshold


def cut_month(period: Period) -> str:
    """The first UTC month not wholly before ``period``'s start."""
    start = datetime.fromtimestamp(period.start, UTC)
    return f"{start.year:04d}-{start.month:02d}"


def _newest_sample(data: DataDir, services: Services) -> int | None:
    newest = None
    for monitor in services.monitors.values():
        paths = sample_partitions(data, monitor.id)
        if paths:
            lo, hi = month_bounds(paths[-1].stem)
            samples = load_samples(data, monitor, lo, hi)
            if len(samples):
                top = int(samples.timestamp.max())
                newest = top if newest is None else max(newest, top)
    return newest


def compact(options: CompactOptions) -> CompactResult:
    site = load_site(options.data_root)
    sla, services, data = site.sla, site.services, site.data
    tz = sla.timezone
    period = resolve_period(sla, options.before, options.as_of)
    current = period_containing(options.as_of, sla.periods, tz)
    if period.start > current.start:
        raise CompactError(
            f"--before {period.id}: the period before it, "
            f"{period_containing(period.start - 1, sla.periods, tz).label}, has not ended "
            f"as of {format_instant(options.as_of, tz)}; only closed periods are compacted"
        )
    month = cut_month(period)
    cut = month_bounds(month)[0]
    # the site draws latency from each check over its last 90 days, and a latency
    # threshold judges its window check by check: both must start after the cut
    charts = int(last_days(options.as_of, BAR_DAYS, tz)[1][0])
    windows = [m.degraded.window for m in services.monitors.values() if m.degraded]
    needed = min(charts, options.as_of - max(windows, default=0))
    if cut > needed:
        raise CompactError(
            f"--before {period.id}: its samples from {format_instant(cut, tz)} on are still "
            f"drawn on the site (latency over the last {BAR_DAYS} days, from "
            f"{format_instant(needed, tz)}); compact an earlier period"
        )
    newest = _newest_sample(data, services)
    if newest is not None and newest > options.as_of:
        raise CompactError(
            f"the store holds samples after --as-of {format_instant(options.as_of, tz)} "
            f"(the newest at {format_instant(newest, tz)}): compact as of now"
        )
    monitors = [m for m in services.monitors.values() if m.degraded is None]
    kept = sorted(m.id for m in services.monitors.values() if m.degraded is not None)
    summary = compact_store(data, monitors, month)
    return CompactResult(period, month, summary, kept)
