"""Uptime over rolling windows (24 h, 7 d, 30 d, 90 d, the running period) and per day.

The figures follow the report's rules so they reconcile with the SLA pages: uptime % =
100 x (1 - downtime / measured time), truncated to 4 decimals; time without data is not
downtime. Which downtime is passed in is the caller's choice; the status site passes a
counted component's counted downtime (the SLA view, as on the period pages) and, for a
beta or uncovered component, all its observed downtime.

Pure: "now" and the day boundaries are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

import numpy as np

from generator.compute.intervals import Intervals, clip, per_bucket
from generator.locales import N_
from generator.model.incidents import Incident
from generator.model.report import Report, percent
from generator.timeutil import local_midnight, to_datetime

HOUR = 3600
DAY = 86400
ROLLING = (
    ("24h", N_("24 hours"), DAY),
    ("7d", N_("7 days"), 7 * DAY),
    ("30d", N_("30 days"), 30 * DAY),
)
ROLLING_90 = ("90d", N_("90 days"), 90 * DAY)

# Colour levels of a day by its downtime (minutes): at most, level.
LEVELS = ((0, "up"), (5, "minor"), (30, "partial"))
LEVEL_ABOVE = "major"
# Excluded downtime shorter than this (a release's few seconds) is a blip: drawn as a mark
# on an otherwise good day, not as a whole excluded bar.
EXCLUDED_BLIP_SECONDS = 60
# A written incident's impact as a day's colour: the same scale as the downtime levels.
IMPACT_LEVELS = {"minor": "minor", "major": "partial", "critical": "major"}
_RANK = {"minor": 1, "partial": 2, "major": 3}


@dataclass(frozen=True)
class WindowUptime:
    key: str  # 24h | 7d | 30d | 90d | period
    label: str
    start: int
    end: int
    downtime_seconds: int
    excluded_seconds: int
    no_data_seconds: int
    percent: float | None

    @property
    def seconds(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class DayBar:
    date: date
    start: int
    end: int  # the next local midnight, or "now" for today
    downtime_seconds: int
    excluded_seconds: int
    no_data_seconds: int
    incidents: tuple[str, ...]

    @property
    def seconds(self) -> int:
        return self.end - self.start

    @property
    def has_data(self) -> bool:
        return self.no_data_seconds < self.seconds

    @property
    def percent(self) -> float | None:
        return percent(self.downtime_seconds, self.seconds) if self.has_data else None

    @property
    def level(self) -> str:
        return self.level_with(EXCLUDED_BLIP_SECONDS)

    def level_with(self, blip_under: int) -> str:
        """Colour class by measured downtime: no-data, up, blip (excluded downtime shorter
        than ``blip_under`` seconds), excluded (only excluded downtime), minor, partial,
        major."""
        if not self.has_data:
            return "no-data"
        if self.downtime_seconds == 0:
            if not self.excluded_seconds:
                return "up"
            return "blip" if self.excluded_seconds < blip_under else "excluded"
        for limit, level in LEVELS[1:]:
            if self.downtime_seconds <= limit * 60:
                return level
        return LEVEL_ABOVE


def window_uptime(
    key: str,
    label: str,
    start: int,
    end: int,
    down: Intervals,
    excluded: Intervals,
    no_data: Intervals,
) -> WindowUptime:
    downtime = clip(down, start, end).total()
    no_data_seconds = clip(no_data, start, end).total()
    return WindowUptime(
        key=key,
        label=label,
        start=start,
        end=end,
        downtime_seconds=downtime,
        excluded_seconds=clip(excluded, start, end).total(),
        no_data_seconds=no_data_seconds,
        # nothing measured in the window: no figure, rather than a 100% nobody observed
        percent=percent(downtime, end - start) if no_data_seconds < end - start else None,
    )


def rolling_windows(
    down: Intervals,
    excluded: Intervals,
    no_data: Intervals,
    now: int,
    period: tuple[str, int] | None = None,
) -> list[WindowUptime]:
    """Uptime over the last 24 h, 7 d, 30 d and 90 d up to ``now`` and, given as
    (label, start), over the running period to date."""
    windows = [
        window_uptime(key, label, now - length, now, down, excluded, no_data)
        for key, label, length in (*ROLLING, ROLLING_90)
    ]
    if period is not None:
        label, start = period
        windows.append(window_uptime("period", label, start, now, down, excluded, no_data))
    return windows


def last_days(now: int, count: int, tz: tzinfo) -> tuple[list[date], np.ndarray]:
    """The ``count`` local days up to and including today: dates and [start, end) edges,
    the last edge being ``now``."""
    today = to_datetime(now, tz).date()
    days = [today - timedelta(days=count - 1 - k) for k in range(count)]
    edges = [local_midnight(d, tz) for d in days] + [now]
    return days, np.asarray(edges, dtype=np.int64)


def day_level(bar: DayBar, impacts: Sequence[str], blip_under: int = EXCLUDED_BLIP_SECONDS) -> str:
    """The worse of the day's measured level and its written incidents' impacts: a day with
    a written minor incident is not drawn as a good day, whatever the monitors saw."""
    level = bar.level_with(blip_under)
    for impact in impacts:
        written = IMPACT_LEVELS.get(impact)
        if written and _RANK[written] > _RANK.get(level, 0):
            level = written
    return level


# A period's service day by day, as downtime_per_day_svg draws it: the dates, counted minutes
# (None: no data), excluded minutes, the levels the day bars colour them and their impacts
ReportDays = tuple[list[date], list[float | None], list[float], list[str], list[list[str]]]


def report_days(
    report: Report, tz: tzinfo, incidents: Iterable[Incident], as_of: int, blip_under: int
) -> ReportDays:
    """The period's days as the status site and the PDF chart them: each day's level is the
    worse of its downtime and the impacts of the written incidents on a counted component
    that overlap it (an unresolved one runs to ``as_of``)."""
    counted_ids = {c.id for c in report.uptime.components if c.counted}
    spans = [
        (i.impact, i.started, i.end_or(as_of)) for i in incidents if counted_ids & set(i.components)
    ]
    dates, counted, excluded, levels, impacts = [], [], [], [], []
    for d in report.uptime.daily:
        day = date.fromisoformat(d.date)
        start = local_midnight(day, tz)
        seconds = round(d.minutes * 60)
        bar = DayBar(
            date=day,
            start=start,
            end=start + seconds,
            downtime_seconds=d.downtime_seconds,
            excluded_seconds=round(d.excluded_minutes * 60),
            no_data_seconds=seconds if d.percent is None else round(d.no_data_minutes * 60),
            incidents=(),
        )
        day_impacts = sorted(impact for impact, lo, hi in spans if lo < start + DAY and hi > start)
        dates.append(day)
        counted.append(None if d.percent is None else d.downtime_minutes)
        excluded.append(d.excluded_minutes)
        levels.append(day_level(bar, day_impacts, blip_under))
        impacts.append(day_impacts)
    return dates, counted, excluded, levels, impacts


def daily_bars(
    days: Sequence[date],
    edges: np.ndarray,
    down: Intervals,
    excluded: Intervals,
    no_data: Intervals,
    incidents: Sequence[tuple[str, int, int]] = (),
) -> list[DayBar]:
    """One bar per day; ``incidents`` are (id, start, end) spans on the component."""
    # as Python ints at once: a site draws 90 bars for each of its components
    downs = per_bucket(down, edges).tolist()
    excl = per_bucket(excluded, edges).tolist()
    gaps = per_bucket(no_data, edges).tolist()
    bounds = np.asarray(edges, dtype=np.int64).tolist()
    bars = []
    for i, day in enumerate(days):
        lo, hi = bounds[i], bounds[i + 1]
        bars.append(
            DayBar(
                date=day,
                start=lo,
                end=hi,
                downtime_seconds=downs[i],
                excluded_seconds=excl[i],
                no_data_seconds=gaps[i],
                incidents=tuple(sorted(ident for ident, s, e in incidents if s < hi and e > lo))
                if incidents
                else (),
            )
        )
    return bars


def hour_edges(now: int, days: int, tz: tzinfo) -> np.ndarray:
    """Hourly bucket edges from local midnight ``days - 1`` days before today up to ``now``."""
    first = last_days(now, days, tz)[1][0]
    edges = [*list(range(int(first), now, HOUR)), now]
    return np.asarray(edges, dtype=np.int64)
