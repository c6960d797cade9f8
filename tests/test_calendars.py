"""Business calendars and the business clock: hand-worked times, DST, and properties."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute.calendars import (
    Calendar,
    CalendarClosedError,
    add_business_time,
    business_time_between,
    day_spans,
    describe_hours,
    holidays_between,
    is_open,
    local_instant,
    next_open,
    within_hours,
)
from generator.timeutil import parse_instant

H, M = 3600, 60
KYIV = ZoneInfo("Europe/Kyiv")
PLUS3 = timezone(timedelta(hours=3))
WEEKDAYS_9_21 = ((9 * 60, 21 * 60),)


def weekly(*days: tuple[tuple[int, int], ...]) -> tuple[tuple[tuple[int, int], ...], ...]:
    return tuple(days) + ((),) * (7 - len(days))


# The reference SLA's support calendar: Mon-Fri 09:00-21:00 at UTC+03:00, with holidays.
SUPPORT = Calendar(
    id="support",
    timezone=PLUS3,
    weekly=weekly(*[WEEKDAYS_9_21] * 5),
    holidays=frozenset({date(2026, 5, 1), date(2026, 3, 9)}),
    business_day_seconds=12 * H,
)
# Office hours in Kyiv, where clocks change: 27-29 March and 23-25 October 2026.
KYIV_OFFICE = Calendar(
    id="kyiv-office",
    timezone=KYIV,
    weekly=weekly(*[((9 * 60, 13 * 60), (14 * 60, 18 * 60))] * 5),
    holidays=frozenset({date(2026, 10, 14)}),
)
# Around the clock in Kyiv: a day is as long as the clocks make it.
KYIV_ALWAYS = Calendar(id="always", timezone=KYIV, weekly=((((0, 1440),),) * 7))
# Working hours that straddle the night the clocks change (02:00-05:00 every day).
KYIV_NIGHTS = Calendar(
    id="nights",
    timezone=KYIV,
    weekly=(((2 * 60, 5 * 60),),) * 7,
    holidays=frozenset({date(2026, 3, 30)}),
)


def t(text: str) -> int:
    return parse_instant(text)


# -- hand-worked times ---------------------------------------------------------------------


def test_adding_within_one_day() -> None:
    assert add_business_time(SUPPORT, t("2026-09-09T10:00:00+03:00"), 5 * H) == t(
        "2026-09-09T15:00:00+03:00"
    )


def test_an_allowance_that_ends_at_closing_time_ends_that_evening() -> None:
    # 09:00 + 12 business hours is 21:00 the same day, not 09:00 the next morning
    assert add_business_time(SUPPORT, t("2026-09-09T09:00:00+03:00"), 12 * H) == t(
        "2026-09-09T21:00:00+03:00"
    )


def test_friday_evening_waits_for_monday() -> None:
    # Friday 4 Sep 2026 19:30: 1.5 h on Friday, 6.5 h from Monday 09:00
    friday = t("2026-09-04T19:30:00+03:00")
    assert add_business_time(SUPPORT, friday, 8 * H) == t("2026-09-07T15:30:00+03:00")
    # after closing time the clock starts on Monday morning
    late = t("2026-09-04T22:00:00+03:00")
    assert add_business_time(SUPPORT, late, 5 * H) == t("2026-09-07T14:00:00+03:00")
    assert business_time_between(SUPPORT, late, t("2026-09-07T10:00:00+03:00")) == 1 * H


def test_holidays_stop_the_clock() -> None:
    # Thursday 30 Apr 2026 19:00 + 5 h: 2 h Thursday, Friday 1 May is a holiday,
    # then the weekend, 3 h on Monday 4 May
    assert add_business_time(SUPPORT, t("2026-04-30T19:00:00+03:00"), 5 * H) == t(
        "2026-05-04T12:00:00+03:00"
    )
    # Monday 9 Mar 2026 is a holiday: Friday 17:00 + 8 h ends Tuesday 13:00
    assert add_business_time(SUPPORT, t("2026-03-06T17:00:00+03:00"), 8 * H) == t(
        "2026-03-10T13:00:00+03:00"
    )
    assert not is_open(SUPPORT, t("2026-03-09T12:00:00+03:00"))


def test_adding_nothing_is_the_start_itself() -> None:
    sunday = t("2026-09-06T12:00:00+03:00")
    assert add_business_time(SUPPORT, sunday, 0) == sunday
    with pytest.raises(ValueError):
        add_business_time(SUPPORT, sunday, -1)


def test_open_and_within_hours_at_the_edges() -> None:
    assert is_open(SUPPORT, t("2026-09-09T09:00:00+03:00"))
    assert not is_open(SUPPORT, t("2026-09-09T21:00:00+03:00"))
    # a deadline at closing time is still inside business hours
    assert within_hours(SUPPORT, t("2026-09-09T21:00:00+03:00"))
    assert not within_hours(SUPPORT, t("2026-09-09T21:00:01+03:00"))
    assert next_open(SUPPORT, t("2026-09-05T12:00:00+03:00")) == t("2026-09-07T09:00:00+03:00")
    assert next_open(SUPPORT, t("2026-09-07T10:00:00+03:00")) == t("2026-09-07T10:00:00+03:00")


def test_counting_backwards_is_negative() -> None:
    a, b = t("2026-09-07T10:00:00+03:00"), t("2026-09-07T12:00:00+03:00")
    assert business_time_between(SUPPORT, b, a) == -2 * H


def test_a_lunch_break_is_not_business_time() -> None:
    # Kyiv office, Thursday 1 Oct 2026 (EEST): 12:30 + 1 h = 14:30 (lunch 13-14 skipped)
    assert add_business_time(KYIV_OFFICE, t("2026-10-01T12:30:00+03:00"), 1 * H) == t(
        "2026-10-01T14:30:00+03:00"
    )


# -- DST: Europe/Kyiv ----------------------------------------------------------------------


def test_kyiv_days_are_23_and_25_hours_long_when_the_clocks_change() -> None:
    def day_length(day: str) -> int:
        start = local_instant(date.fromisoformat(day), 0, KYIV)
        return business_time_between(KYIV_ALWAYS, start, start + 30 * H) - business_time_between(
            KYIV_ALWAYS,
            local_instant(date.fromisoformat(day) + timedelta(days=1), 0, KYIV),
            start + 30 * H,
        )

    assert day_length("2026-03-28") == 24 * H
    assert day_length("2026-03-29") == 23 * H  # 03:00 EET -> 04:00 EEST
    assert day_length("2026-10-25") == 25 * H  # 04:00 EEST -> 03:00 EET
    assert sum(b - a for a, b in day_spans(KYIV_ALWAYS, date(2026, 3, 29))) == 23 * H


def test_office_hours_keep_their_wall_clock_times_across_the_change() -> None:
    # Friday 27 Mar 2026 17:00 EET (+02:00) + 2 business hours: 1 h on Friday, then
    # Monday 30 Mar 09:00 EEST (+03:00) + 1 h, after the clocks went forward on Sunday
    friday = t("2026-03-27T17:00:00+02:00")
    assert add_business_time(KYIV_OFFICE, friday, 2 * H) == t("2026-03-30T10:00:00+03:00")
    # and back in October: Friday 23 Oct 17:00 EEST + 2 h = Monday 26 Oct 10:00 EET
    assert add_business_time(KYIV_OFFICE, t("2026-10-23T17:00:00+03:00"), 2 * H) == t(
        "2026-10-26T10:00:00+02:00"
    )
    # Wednesday 14 Oct is a holiday of this calendar
    assert add_business_time(KYIV_OFFICE, t("2026-10-13T17:00:00+03:00"), 2 * H) == t(
        "2026-10-15T10:00:00+03:00"
    )


def test_skipped_and_repeated_wall_times() -> None:
    # 03:30 on 29 Mar 2026 never happens in Kyiv: it means the jump, 01:00 UTC
    assert local_instant(date(2026, 3, 29), 3 * 60 + 30, KYIV) == t("2026-03-29T01:00:00Z")
    # 03:30 on 25 Oct 2026 happens twice: the first time, 00:30 UTC
    assert local_instant(date(2026, 10, 25), 3 * 60 + 30, KYIV) == t("2026-10-25T00:30:00Z")
    assert local_instant(date(2026, 10, 24), 24 * 60, KYIV) == t("2026-10-24T21:00:00Z")
    # 02:00-05:00 is 2 real hours on the March night and 4 on the October one
    assert day_spans(KYIV_NIGHTS, date(2026, 3, 29)) == (
        (t("2026-03-29T00:00:00Z"), t("2026-03-29T02:00:00Z")),
    )
    assert day_spans(KYIV_NIGHTS, date(2026, 10, 25)) == (
        (t("2026-10-24T23:00:00Z"), t("2026-10-25T03:00:00Z")),
    )


# -- holidays from the holidays package ------------------------------------------------------


def test_country_holidays() -> None:
    berlin = Calendar(
        id="berlin",
        timezone=ZoneInfo("Europe/Berlin"),
        weekly=weekly(*[WEEKDAYS_9_21] * 5),
        country="DE",
        subdivision="BE",
    )
    # 1 May 2026 (Friday) is Labour Day, 3 Oct 2026 a Saturday, 8 Mar 2026 a Sunday
    assert berlin.is_holiday(date(2026, 5, 1))
    assert not berlin.is_holiday(date(2026, 5, 4))
    assert date(2026, 12, 25) in holidays_between(berlin, date(2026, 12, 1), date(2026, 12, 31))
    assert add_business_time(berlin, t("2026-04-30T20:00:00+02:00"), 2 * H) == t(
        "2026-05-04T10:00:00+02:00"
    )


def test_a_calendar_that_never_opens_is_an_error_not_a_hang() -> None:
    closed = Calendar(id="closed", timezone=UTC, weekly=((),) * 7)
    with pytest.raises(CalendarClosedError):
        add_business_time(closed, t("2026-01-01T00:00:00Z"), 60)


def test_bad_weekly_hours_are_rejected() -> None:
    with pytest.raises(ValueError):
        Calendar(id="x", timezone=UTC, weekly=weekly(((600, 540),)))
    with pytest.raises(ValueError):
        Calendar(id="x", timezone=UTC, weekly=((),) * 6)


def test_describe_hours() -> None:
    assert describe_hours(KYIV_OFFICE)["mon"] == ["09:00-13:00", "14:00-18:00"]
    assert "sat" not in describe_hours(KYIV_OFFICE)


# -- properties: add and diff are inverse and monotonic --------------------------------------

CALENDARS = [SUPPORT, KYIV_OFFICE, KYIV_ALWAYS, KYIV_NIGHTS]
LO, HI = t("2026-02-20T00:00:00Z"), t("2026-11-10T00:00:00Z")
NEAR_CHANGES = [t("2026-03-29T01:00:00Z"), t("2026-10-25T01:00:00Z"), t("2026-05-01T06:00:00Z")]

instants = st.one_of(
    st.integers(LO, HI),
    # close to the DST changes and the 1 May holiday, where mistakes would hide
    st.sampled_from(NEAR_CHANGES).flatmap(lambda c: st.integers(c - 4 * 86400, c + 4 * 86400)),
)
calendars = st.sampled_from(CALENDARS)
amounts = st.integers(0, 6 * 12 * H)
FAST = settings(max_examples=300, deadline=None)


@FAST
@given(calendars, instants, amounts)
def test_diff_undoes_add(calendar: Calendar, start: int, seconds: int) -> None:
    end = add_business_time(calendar, start, seconds)
    assert business_time_between(calendar, start, end) == seconds
    assert end >= start + seconds  # business time never runs faster than real time


@FAST
@given(calendars, instants, instants)
def test_add_undoes_diff_up_to_closed_time(calendar: Calendar, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    counted = business_time_between(calendar, start, end)
    assert 0 <= counted <= end - start
    back = add_business_time(calendar, start, counted)
    assert back <= end
    # anything between is closed time: no business time is lost
    assert business_time_between(calendar, back, end) == 0
    if counted and is_open(calendar, end - 1):
        assert back == end  # the clock ran up to ``end``: the earliest such instant is end


@FAST
@given(calendars, instants, amounts, amounts)
def test_add_is_monotonic_and_additive(calendar: Calendar, start: int, m: int, n: int) -> None:
    small, large = sorted((m, n))
    assert add_business_time(calendar, start, small) <= add_business_time(calendar, start, large)
    if m:
        assert add_business_time(calendar, add_business_time(calendar, start, m), n) == (
            add_business_time(calendar, start, m + n)
        )


@FAST
@given(calendars, instants, instants, instants)
def test_diff_is_monotonic_and_additive(calendar: Calendar, a: int, b: int, c: int) -> None:
    x, y, z = sorted((a, b, c))
    assert business_time_between(calendar, x, y) <= business_time_between(calendar, x, z)
    assert business_time_between(calendar, x, z) == business_time_between(
        calendar, x, y
    ) + business_time_between(calendar, y, z)


@FAST
@given(calendars, instants)
def test_the_clock_runs_exactly_in_working_hours(calendar: Calendar, instant: int) -> None:
    running = business_time_between(calendar, instant, instant + 1) == 1
    assert running == is_open(calendar, instant)
