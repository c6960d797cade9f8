"""The business clock: time arithmetic on business calendars.

A calendar (:class:`generator.config.calendars.Calendar`) is a weekly schedule of working
hours in a time zone, minus holidays. The business clock runs only inside those hours: it can add a number of business seconds to an
instant (when is "5 business hours after Friday 20:00"?) and count the business seconds
between two instants (how long, in business hours, did an answer take?). Both are pure
functions of ints of epoch seconds, like the rest of the arithmetic.

Working hours are wall-clock times, so a day's spans are turned into instants day by day
in the calendar's own time zone, which keeps them right across DST changes: on the day
Europe/Kyiv moves its clocks forward, 00:00-24:00 is 23 real hours. A wall time the clock
skips (02:30 when clocks jump from 02:00 to 03:00) means the instant of the jump; a wall
time that happens twice (when clocks fall back) means its first occurrence. Both cases are
"the earliest instant at which the local clock reads that time or later".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo

from generator.config.calendars import DAY_MINUTES, WEEKDAYS, Calendar, Span, country_holidays

# The calendar type is configuration; it is re-exported here beside the clock that runs on it.
__all__ = [
    "DAY_MINUTES",
    "WEEKDAYS",
    "Calendar",
    "CalendarClosedError",
    "Span",
    "add_business_time",
    "business_time_between",
    "country_holidays",
    "day_spans",
    "describe_hours",
    "holidays_between",
    "is_open",
    "local_date",
    "local_instant",
    "next_open",
    "within_hours",
]

# A calendar with working hours, however few, opens within a few weeks; a clock that has
# found none for this long has a calendar closed for good (say, a year of explicit holidays).
_SEARCH_DAYS = 3 * 366


class CalendarClosedError(ValueError):
    """The business clock found no working hours to run in."""


def local_date(instant: int, tz: tzinfo) -> date:
    return datetime.fromtimestamp(instant, tz).date()


def local_instant(day: date, minute: int, tz: tzinfo) -> int:
    """The earliest instant at which the clock in ``tz`` reads ``minute`` on ``day`` or later.

    ``minute`` may be 1440 (24:00, the next midnight). See the module docstring for the two
    DST cases this settles.
    """
    wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    first = int(wall.replace(tzinfo=tz, fold=0).timestamp())
    second = int(wall.replace(tzinfo=tz, fold=1).timestamp())
    if first <= second:
        return first  # an ordinary time, or the first of a repeated one
    # Skipped by a forward jump: the jump happens at an instant in (second, first]; it is
    # the earliest instant whose wall time has reached ``wall``.
    lo, hi = second, first
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


def day_spans(calendar: Calendar, day: date) -> tuple[Span, ...]:
    """The working spans of one local day as [start, end) instants (none on a holiday)."""
    kept = calendar.spans_by_day
    spans = kept.get(day)
    if spans is None:
        spans = kept[day] = _day_spans(calendar, day)
    return spans


def _day_spans(calendar: Calendar, day: date) -> tuple[Span, ...]:
    if calendar.is_holiday(day):
        return ()
    spans: list[Span] = []
    for start, end in calendar.weekly[day.weekday()]:
        lo = local_instant(day, start, calendar.timezone)
        hi = local_instant(day, end, calendar.timezone)
        if hi > lo:  # a span wholly inside a DST gap has no real time in it
            spans.append((lo, hi))
    return tuple(spans)


def _spans_from(calendar: Calendar, instant: int) -> Iterator[Span]:
    """Working spans, in time order, from the one containing ``instant`` (or the next)."""
    day = local_date(instant, calendar.timezone) - timedelta(days=1)
    empty_days = 0
    while True:
        spans = day_spans(calendar, day)
        for span in spans:
            if span[1] > instant:
                yield span
        empty_days = 0 if spans else empty_days + 1
        if empty_days > _SEARCH_DAYS:
            raise CalendarClosedError(
                f"calendar {calendar.id!r} has no working hours for {_SEARCH_DAYS} days "
                f"after {day - timedelta(days=_SEARCH_DAYS)}"
            )
        day += timedelta(days=1)


def is_open(calendar: Calendar, instant: int) -> bool:
    """Whether the business clock is running at ``instant`` (spans are half-open)."""
    return any(
        lo <= instant < hi for lo, hi in day_spans(calendar, local_date(instant, calendar.timezone))
    )


def within_hours(calendar: Calendar, instant: int) -> bool:
    """Whether ``instant`` is inside working hours or exactly at the close of a span.

    A deadline at 21:00 for hours ending at 21:00 is inside them: "by 21:00" can be met by
    someone working until 21:00.
    """
    day = local_date(instant, calendar.timezone)
    return any(
        lo <= instant <= hi
        for d in (day - timedelta(days=1), day)
        for lo, hi in day_spans(calendar, d)
    )


def next_open(calendar: Calendar, instant: int) -> int:
    """``instant`` if the clock is running then, else when it next starts."""
    lo, _ = next(_spans_from(calendar, instant))
    return max(lo, instant)


def add_business_time(calendar: Calendar, start: int, seconds: int) -> int:
    """The earliest instant by which ``seconds`` of business time have passed since ``start``.

    Adding 0 gives ``start`` itself. Otherwise the result is inside working hours or at the
    close of a span (a 12-hour allowance that starts at 09:00 ends at 21:00 the same day, not
    at 09:00 the next).
    """
    if seconds < 0:
        raise ValueError("cannot add negative business time")
    if seconds == 0:
        return start
    remaining = seconds
    for lo, hi in _spans_from(calendar, start):
        lo = max(lo, start)
        if remaining <= hi - lo:
            return lo + remaining
        remaining -= hi - lo
    raise AssertionError("unreachable: _spans_from never ends")  # pragma: no cover


def business_time_between(calendar: Calendar, start: int, end: int) -> int:
    """Business seconds in [start, end); negative when ``end`` is before ``start``."""
    if end < start:
        return -business_time_between(calendar, end, start)
    total = 0
    day = local_date(start, calendar.timezone) - timedelta(days=1)
    last = local_date(end, calendar.timezone) + timedelta(days=1)
    while day <= last:
        for lo, hi in day_spans(calendar, day):
            total += max(0, min(hi, end) - max(lo, start))
        day += timedelta(days=1)
    return total


def holidays_between(calendar: Calendar, first: date, last: date) -> list[date]:
    """The calendar's holidays from ``first`` to ``last`` inclusive, in order."""
    out = []
    day = first
    while day <= last:
        if calendar.is_holiday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def describe_hours(calendar: Calendar) -> dict[str, list[str]]:
    """Working hours per weekday as ``{"mon": ["09:00-21:00"], ...}`` (open days only)."""

    def hhmm(minute: int) -> str:
        return f"{minute // 60:02d}:{minute % 60:02d}"

    return {
        WEEKDAYS[index]: [f"{hhmm(a)}-{hhmm(b)}" for a, b in spans]
        for index, spans in enumerate(calendar.weekly)
        if spans
    }
