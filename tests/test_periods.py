"""SLA periods: quarters from February at local midnight in UTC+03:00."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from generator.compute.periods import (
    PeriodIdError,
    period_by_id,
    period_containing,
    periods_between,
    shift,
)
from generator.config.sla import PeriodRule
from generator.timeutil import parse_instant, parse_timezone

QUARTERS_FROM_FEB = PeriodRule(months=3, first_month=2)
UTC3 = timezone(timedelta(hours=3))


def test_reference_period_boundaries_and_label() -> None:
    period = period_by_id("2026-08", QUARTERS_FROM_FEB, UTC3)
    assert period.start == parse_instant("2026-08-01T00:00:00+03:00")
    assert period.end == parse_instant("2026-11-01T00:00:00+03:00")
    assert period.label == "Aug–Oct 2026"
    assert period.seconds == 92 * 86400


def test_a_period_that_crosses_the_year_is_labelled_with_both_years() -> None:
    period = period_by_id("2026-11", QUARTERS_FROM_FEB, UTC3)
    assert period.label == "Nov 2026–Jan 2027"
    assert period.end == parse_instant("2027-02-01T00:00:00+03:00")


def test_the_boundary_instant_belongs_to_the_new_period() -> None:
    boundary = parse_instant("2026-07-31T21:00:00Z")  # 1 Aug 00:00 +03:00
    assert period_containing(boundary, QUARTERS_FROM_FEB, UTC3).id == "2026-08"
    assert period_containing(boundary - 1, QUARTERS_FROM_FEB, UTC3).id == "2026-05"


def test_january_belongs_to_the_period_that_started_in_november() -> None:
    jan = parse_instant("2027-01-15T12:00:00+03:00")
    assert period_containing(jan, QUARTERS_FROM_FEB, UTC3).id == "2026-11"


def test_shift_and_between() -> None:
    period = period_by_id("2026-02", QUARTERS_FROM_FEB, UTC3)
    assert shift(period, -1, QUARTERS_FROM_FEB, UTC3).id == "2025-11"
    assert shift(period, 4, QUARTERS_FROM_FEB, UTC3).id == "2027-02"
    ids = [
        p.id
        for p in periods_between(period.start, period.start + 200 * 86400, QUARTERS_FROM_FEB, UTC3)
    ]
    assert ids == ["2026-02", "2026-05", "2026-08"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "month 13 does not exist"),
        ("2026-03", "not the first month of an SLA period; periods start in Feb, May, Aug, Nov"),
        ("26-08", "not a period id"),
    ],
)
def test_bad_period_ids(text: str, message: str) -> None:
    with pytest.raises(PeriodIdError, match=message):
        period_by_id(text, QUARTERS_FROM_FEB, UTC3)


def test_monthly_periods_in_a_dst_zone_start_at_local_midnight() -> None:
    kyiv = parse_timezone("Europe/Kyiv")
    monthly = PeriodRule(months=1, first_month=1)
    march = period_by_id("2026-03", monthly, kyiv)
    assert march.start == parse_instant("2026-03-01T00:00:00+02:00")
    assert march.end == parse_instant("2026-04-01T00:00:00+03:00")  # summer time since 29 Mar
    assert march.seconds == 31 * 86400 - 3600
    assert march.label == "Mar 2026"
