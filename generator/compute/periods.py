"""SLA periods: the calendar cut into fixed blocks of months at local midnight.

A period is named by the ``YYYY-MM`` of its first month. With the reference policy
(quarters starting in February, UTC+03:00), ``2026-08`` runs from 1 Aug 2026 00:00+03:00
to 1 Nov 2026 00:00+03:00 and is labelled "Aug–Oct 2026".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from generator.config.sla import PeriodRule
from generator.period_ids import PeriodIdError, parse_period_text
from generator.timeutil import local_midnight, to_datetime

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, order=True)
class Period:
    start: int
    end: int
    id: str
    label: str
    first_day: date
    last_day: date

    @property
    def seconds(self) -> int:
        return self.end - self.start

    def contains(self, instant: int) -> bool:
        return self.start <= instant < self.end

    def meets(self, start: int, end: int | None) -> bool:
        """Whether [start, end) meets the period (``end`` None: still open). A closed
        period's report names, excludes by and marks its days with only the incidents and
        maintenance windows that meet it."""
        return meets(start, end, self.start, self.end)


def meets(start: int, end: int | None, lo: int, hi: int) -> bool:
    """Whether [start, end) meets [lo, hi) (``end`` None: open, never ending)."""
    return start < hi and (end is None or end > lo)


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def _start_months(rule: PeriodRule) -> list[int]:
    return sorted(
        ((rule.first_month - 1 + k * rule.months) % 12) + 1 for k in range(12 // rule.months)
    )


def _make(year: int, month: int, rule: PeriodRule, tz: tzinfo) -> Period:
    end_year, end_month = _add_months(year, month, rule.months)
    last_year, last_month = _add_months(year, month, rule.months - 1)
    first_day = date(year, month, 1)
    end_day = date(end_year, end_month, 1)
    last_day = date.fromordinal(end_day.toordinal() - 1)
    if rule.months == 1:
        label = f"{_MONTHS[month - 1]} {year}"
    elif year == last_year:
        label = f"{_MONTHS[month - 1]}–{_MONTHS[last_month - 1]} {year}"
    else:
        label = f"{_MONTHS[month - 1]} {year}–{_MONTHS[last_month - 1]} {last_year}"
    return Period(
        start=local_midnight(first_day, tz),
        end=local_midnight(end_day, tz),
        id=f"{year:04d}-{month:02d}",
        label=label,
        first_day=first_day,
        last_day=last_day,
    )


def parse_period_id(text: str, rule: PeriodRule) -> tuple[int, int]:
    """Check a ``YYYY-MM`` id; the month must be one in which a period starts."""
    year, month = parse_period_text(text)
    starts = _start_months(rule)
    if month not in starts:
        names = ", ".join(_MONTHS[m - 1] for m in starts)
        raise PeriodIdError(
            f"{text!r} is not the first month of an SLA period; periods start in {names}"
        )
    return year, month


def period_by_id(text: str, rule: PeriodRule, tz: tzinfo) -> Period:
    year, month = parse_period_id(text, rule)
    return _make(year, month, rule, tz)


def period_containing(instant: int, rule: PeriodRule, tz: tzinfo) -> Period:
    local = to_datetime(instant, tz)
    offset = (local.month - rule.first_month) % rule.months
    year, month = _add_months(local.year, local.month, -offset)
    return _make(year, month, rule, tz)


def shift(period: Period, count: int, rule: PeriodRule, tz: tzinfo) -> Period:
    """The period ``count`` periods after (negative: before) ``period``."""
    year, month = _add_months(period.first_day.year, period.first_day.month, count * rule.months)
    return _make(year, month, rule, tz)


def periods_between(start: int, end: int, rule: PeriodRule, tz: tzinfo) -> list[Period]:
    """Every period that overlaps [start, end), oldest first."""
    periods: list[Period] = []
    if end <= start:
        return periods
    period = period_containing(start, rule, tz)
    while period.start < end:
        periods.append(period)
        period = shift(period, 1, rule, tz)
    return periods
