"""The business calendar as configured: weekly working hours in a time zone, with holidays.

This is the data the SLA file's ``calendars`` section becomes (see
:func:`generator.config.support.load_calendars`). What a calendar *does*, the business
clock that adds and counts business time, lives in :mod:`generator.compute.calendars`, which
takes this type; config only describes the schedule, so it never needs compute.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

DAY_MINUTES = 24 * 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Span = tuple[int, int]  # [start, end) in minutes after local midnight, or in epoch seconds


@dataclass(frozen=True)
class Calendar:
    """A named weekly schedule of working hours in a time zone, with holidays."""

    id: str
    timezone: tzinfo
    # Seven entries, Monday first: each day's working spans in minutes after local midnight,
    # sorted and not overlapping; 1440 (24:00) may end a day.
    weekly: tuple[tuple[Span, ...], ...]
    holidays: frozenset[date] = frozenset()
    country: str | None = None  # also closed on this country's public holidays
    subdivision: str | None = None
    name: str = ""
    timezone_name: str = ""
    # Length of "1 business day" in seconds (the working hours of a normal day).
    business_day_seconds: int = 0

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("weekly must have seven days, Monday first")
        for spans in self.weekly:
            previous = 0
            for start, end in spans:
                if not previous <= start < end <= DAY_MINUTES:
                    raise ValueError(f"working spans must be sorted and within a day: {spans}")
                previous = end

    def is_holiday(self, day: date) -> bool:
        if day in self.holidays:
            return True
        return self.country is not None and day in country_holidays(
            self.country, self.subdivision, day.year
        )

    @functools.cached_property
    def spans_by_day(self) -> dict[date, tuple[Span, ...]]:
        """Each local day's working spans as instants, kept by the business clock
        (:func:`generator.compute.calendars.day_spans`) as it works them out. Kept on the
        calendar, not in a cache keyed by it: hashing and comparing a calendar (its weekly
        hours and holidays) on every look-up was most of a deadline's cost."""
        return {}

    def working_minutes(self, weekday: int) -> int:
        """Scheduled working minutes on a weekday (0 = Monday), by the wall clock."""
        return sum(end - start for start, end in self.weekly[weekday])


def holiday_table(country: str, subdivision: str | None, year: int | None = None) -> HolidayBase:
    """The ``holidays`` package's table for a country (NotImplementedError if it has none).

    The package is imported here, when a calendar names a country, not with this module:
    its import costs about 30 ms, which every command that reads the SLA file (check,
    report) paid, although most SLA files list their holidays as dates."""
    import holidays

    return holidays.country_holidays(country, subdiv=subdivision, years=year)


@functools.lru_cache(maxsize=256)
def country_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """One country's public holidays in one year, from the ``holidays`` package."""
    return frozenset(holiday_table(country, subdivision, year))
