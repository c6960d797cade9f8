"""Support deadlines, outcomes and attainment, with hand-worked times for every rule.

All against the reference policy (data/sla.yml): support hours Mon-Fri 09:00-21:00 at
UTC+03:00, holidays including Fri 1 May and Mon 9 Mar 2026, Black Friday 2026 declared a
high-load window. In September 2026, the 4th is a Friday and the 9th a Wednesday.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.compute.periods import period_by_id
from generator.compute.support import (
    BREACHED,
    MET,
    PENDING,
    attainment_percent,
    deadline_for,
    nearest_rank,
    outcome,
    support_section,
    tally,
)
from generator.config.sla import load_sla
from generator.config.support import SupportPolicy, support_policy
from generator.model.report import to_plain
from generator.model.support_report import InternalSupportSection
from generator.store.tickets import Ticket
from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
SLA = load_sla(REPO / "data" / "sla.yml")
_policy = support_policy(SLA)
assert _policy is not None
POLICY: SupportPolicy = _policy
MIN, H = 60, 3600


def t(text: str) -> int:
    return parse_instant(text if text[-6] in "+-" or text.endswith("Z") else text + "+03:00")


def ticket(
    channel: str,
    impact: str,
    created: str,
    answered: str | None = None,
    *,
    paused: float = 0.0,
    plan: str = "Pro",
    id: str = "LT-1",
) -> Ticket:
    return Ticket(
        id=id,
        channel=channel,
        impact=impact,
        plan=plan,
        created_at=t(created),
        first_response_at=t(answered) if answered else None,
        paused_minutes=paused,
    )


def due(tk: Ticket) -> int:
    return deadline_for(POLICY, tk).at


# -- email on the business clock -------------------------------------------------------------


def test_friday_evening_email_waits_for_monday() -> None:
    # low = 8 business hours: Fri 19:30-21:00 is 1.5 h, Monday 09:00 + 6.5 h = 15:30
    tk = ticket("email", "low", "2026-09-04T19:30:00", "2026-09-07T10:00:00")
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-09-07T15:30:00")
    assert (deadline.rule, deadline.clock) == ("business", "business")
    assert deadline.explanation == "email, low: 8 h of business hours (support)"
    result = outcome(POLICY, tk, t("2026-10-01T00:00:00"))
    assert result.status == MET
    assert result.response_seconds == 90 * MIN + 60 * MIN  # 1.5 h Friday + 1 h Monday


def test_email_after_closing_time_starts_next_working_morning() -> None:
    # medium = 5 business hours, created Friday 22:00: Monday 09:00 + 5 h
    assert due(ticket("email", "medium", "2026-09-04T22:00:00")) == t("2026-09-07T14:00:00")


def test_business_days_are_the_calendars_working_day() -> None:
    # informational = 1 business day = 12 h: Wednesday 15:00 + 6 h, Thursday 09:00 + 6 h
    tk = ticket("email", "informational", "2026-09-09T15:00:00")
    assert due(tk) == t("2026-09-10T15:00:00")
    assert "1 business day = 12 h" in deadline_for(POLICY, tk).explanation
    # feature = 5 business days = 60 h, from Friday 30 Oct 20:00: 1 h Friday, then
    # Mon-Thu 2-5 Nov (48 h) and 11 h on Friday 6 Nov
    assert due(ticket("email", "feature", "2026-10-30T20:00:00")) == t("2026-11-06T20:00:00")


def test_a_ticket_spanning_a_holiday() -> None:
    # Thursday 30 Apr 19:00, medium (5 h): 2 h Thursday, Friday 1 May holiday, weekend,
    # Monday 4 May 09:00 + 3 h
    tk = ticket("email", "medium", "2026-04-30T19:00:00", "2026-05-04T11:00:00")
    assert due(tk) == t("2026-05-04T12:00:00")
    result = outcome(POLICY, tk, t("2026-06-01T00:00:00"))
    assert result.status == MET and result.response_seconds == 4 * H  # 2 h + 2 h
    # Friday 6 Mar 17:00, low (8 h): 4 h Friday, Monday 9 Mar holiday, Tuesday 09:00 + 4 h
    assert due(ticket("email", "low", "2026-03-06T17:00:00")) == t("2026-03-10T13:00:00")


def test_other_channels_follow_the_email_terms() -> None:
    tk = ticket("other", "medium", "2026-09-09T10:00:00")
    assert due(tk) == t("2026-09-09T15:00:00")
    assert deadline_for(POLICY, tk).explanation.startswith("other (email terms), medium:")


# -- critical and high on calendar time, and the 24-hour rule --------------------------------


def test_critical_in_business_hours_is_calendar_time() -> None:
    tk = ticket("email", "critical", "2026-09-09T10:00:00")
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-09-09T10:15:00")
    assert (deadline.rule, deadline.clock) == ("calendar", "calendar")
    # high: 1 h, even across the lunch hour nobody takes: calendar time
    assert due(ticket("email", "high", "2026-09-09T12:30:00")) == t("2026-09-09T13:30:00")


def test_weekend_critical_within_24_hours_is_met() -> None:
    # Saturday 5 Sep 11:00 is outside business hours: deadline Sunday 11:00
    tk = ticket("email", "critical", "2026-09-05T11:00:00", "2026-09-05T16:00:00")
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-09-06T11:00:00")
    assert deadline.rule == "out-of-hours-arrival"
    assert deadline.explanation == (
        "email, critical: arrived outside business hours (support), so created + 24 h "
        "instead of 15 min"
    )
    result = outcome(POLICY, tk, t("2026-09-30T00:00:00"))
    assert result.status == MET
    assert result.response_seconds == 5 * H  # calendar time


def test_weekend_critical_beyond_24_hours_is_breached() -> None:
    # answered on Monday morning: 46 h after it arrived, beyond the 24 h allowance
    tk = ticket("email", "critical", "2026-09-05T11:00:00", "2026-09-07T09:05:00")
    result = outcome(POLICY, tk, t("2026-09-30T00:00:00"))
    assert result.status == BREACHED
    assert result.response_seconds == 46 * H + 5 * MIN


def test_a_deadline_falling_outside_business_hours_becomes_24_hours() -> None:
    # Friday 20:50 + 15 min = 21:05, after closing: created + 24 h = Saturday 20:50
    tk = ticket("email", "critical", "2026-09-04T20:50:00")
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-09-05T20:50:00")
    assert deadline.rule == "out-of-hours-deadline"
    # ... but one landing exactly at closing time is inside: 20:45 + 15 min = 21:00
    assert due(ticket("email", "critical", "2026-09-04T20:45:00")) == t("2026-09-04T21:00:00")
    # high on a holiday morning (Mon 9 Mar): created + 24 h
    assert due(ticket("email", "high", "2026-03-09T10:00:00")) == t("2026-03-10T10:00:00")


# -- chat ------------------------------------------------------------------------------------


def test_chat_one_minute_before_chat_hours_end() -> None:
    # Tuesday 8 Sep 20:59: 1 minute on Tuesday, 9 on Wednesday morning
    tk = ticket("chat", "high", "2026-09-08T20:59:00", "2026-09-09T09:05:00")
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-09-09T09:09:00")
    assert (deadline.rule, deadline.clock) == ("chat", "business")
    result = outcome(POLICY, tk, t("2026-09-30T00:00:00"))
    assert result.status == MET and result.response_seconds == 6 * MIN
    # a non-urgent chat gets 60 minutes: 1 on Tuesday, 59 on Wednesday
    low = ticket("chat", "low", "2026-09-08T20:59:00")
    assert due(low) == t("2026-09-09T09:59:00")
    assert deadline_for(POLICY, low).rule == "chat-non-urgent"


def test_chat_after_chat_hours_starts_next_morning() -> None:
    assert due(ticket("chat", "critical", "2026-09-08T21:30:00")) == t("2026-09-09T09:10:00")
    # on a Saturday, Monday morning
    assert due(ticket("chat", "medium", "2026-09-05T12:00:00")) == t("2026-09-07T09:10:00")


def test_chat_in_a_high_load_window_gets_the_relaxed_target() -> None:
    # Friday 27 Nov 2026 is inside the declared Black Friday window
    tk = ticket("chat", "critical", "2026-11-27T12:00:00", "2026-11-27T12:40:00")
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-11-27T13:00:00")
    assert deadline.rule == "chat-high-load"
    assert "Black Friday" in deadline.explanation
    assert outcome(POLICY, tk, t("2026-12-01T00:00:00")).status == MET
    # the same chat a week earlier has 10 minutes
    assert due(ticket("chat", "critical", "2026-11-20T12:00:00")) == t("2026-11-20T12:10:00")


# -- paused tickets --------------------------------------------------------------------------


def test_paused_time_extends_the_deadline_on_the_same_clock() -> None:
    # medium (5 h) + 120 paused minutes = 7 business hours from Wednesday 15:00:
    # 6 h on Wednesday, 1 h on Thursday
    tk = ticket("email", "medium", "2026-09-09T15:00:00", "2026-09-10T09:30:00", paused=120)
    deadline = deadline_for(POLICY, tk)
    assert deadline.at == t("2026-09-10T10:00:00")
    assert deadline.paused_seconds == 120 * MIN
    assert deadline.explanation.endswith(
        "+ 2 h of business hours paused (waiting on a third party)"
    )
    assert outcome(POLICY, tk, t("2026-09-30T00:00:00")).status == MET
    # without the pause it would have been due at 20:00 and breached
    unpaused = ticket("email", "medium", "2026-09-09T15:00:00", "2026-09-10T09:30:00")
    assert outcome(POLICY, unpaused, t("2026-09-30T00:00:00")).status == BREACHED
    # on calendar time, the pause is calendar time: high 1 h + 30 min
    assert due(ticket("email", "high", "2026-09-09T10:00:00", paused=30)) == t(
        "2026-09-09T11:30:00"
    )


# -- unanswered tickets and the report's as-of time ------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2026-09-09T10:59:00", PENDING),
        ("2026-09-09T11:00:00", PENDING),  # the deadline itself has not passed yet
        ("2026-09-09T11:00:01", BREACHED),
    ],
)
def test_unanswered_before_and_after_the_deadline(as_of: str, status: str) -> None:
    tk = ticket("email", "high", "2026-09-09T10:00:00")
    result = outcome(POLICY, tk, t(as_of))
    assert result.status == status
    assert result.response_seconds is None


def test_an_answer_at_the_deadline_is_met_and_a_later_one_is_not_known_yet() -> None:
    on_time = ticket("email", "high", "2026-09-09T10:00:00", "2026-09-09T11:00:00")
    assert outcome(POLICY, on_time, t("2026-09-10T00:00:00")).status == MET
    late = ticket("email", "high", "2026-09-09T10:00:00", "2026-09-09T11:00:01")
    assert outcome(POLICY, late, t("2026-09-10T00:00:00")).status == BREACHED
    # as of 10:30 the late answer has not happened: the ticket is pending
    assert outcome(POLICY, late, t("2026-09-09T10:30:00")).status == PENDING


def test_a_ticket_counts_in_the_period_it_was_created_in() -> None:
    # created Friday 30 Oct 2026 (period Aug-Oct), answered Tuesday 3 Nov (period Nov-Jan)
    tk = ticket("email", "feature", "2026-10-30T20:00:00", "2026-11-03T10:00:00")
    august = period_by_id("2026-08", SLA.periods, SLA.timezone)
    november = period_by_id("2026-11", SLA.periods, SLA.timezone)
    at_the_end = support_section(POLICY, [tk], august, august.end, SLA.timezone)
    assert (at_the_end.tickets, at_the_end.pending) == (1, 1)  # not answered yet
    later = support_section(POLICY, [tk], august, t("2026-11-10T00:00:00"), SLA.timezone)
    assert (later.tickets, later.met, later.pending) == (1, 1, 0)
    # business minutes: 1 h on Friday, 12 h on Monday, 1 h on Tuesday
    assert later.median_response_minutes == 14 * 60
    assert (
        support_section(POLICY, [tk], november, t("2026-11-10T00:00:00"), SLA.timezone).tickets == 0
    )
    # and a ticket created after the as-of time is not known at all
    assert (
        support_section(POLICY, [tk], august, t("2026-10-30T19:00:00"), SLA.timezone).tickets == 0
    )


# -- figures ---------------------------------------------------------------------------------


def test_attainment_is_truncated_never_rounded_up() -> None:
    assert attainment_percent(2, 1) == 66.6666
    assert attainment_percent(1999, 1) == 99.95
    assert attainment_percent(99999, 1) == 99.9990
    assert attainment_percent(0, 0) is None
    assert attainment_percent(0, 3) == 0.0


def test_percentiles_by_nearest_rank() -> None:
    assert nearest_rank([], 50) is None
    assert nearest_rank([5], 90) == 5
    assert nearest_rank([4, 1, 3, 2], 50) == 2  # the lower middle
    assert nearest_rank(list(range(1, 11)), 90) == 9
    assert nearest_rank(list(range(1, 12)), 90) == 10


def test_tally_counts_pending_but_not_in_attainment() -> None:
    as_of = t("2026-09-09T10:30:00")
    outcomes = [
        outcome(
            POLICY, ticket("email", "high", "2026-09-09T09:00:00", "2026-09-09T09:20:00"), as_of
        ),
        outcome(
            POLICY, ticket("email", "high", "2026-09-09T09:10:00", "2026-09-09T09:30:00"), as_of
        ),
        outcome(POLICY, ticket("email", "high", "2026-09-09T09:15:00"), as_of),  # breached
        outcome(POLICY, ticket("email", "high", "2026-09-09T10:00:00"), as_of),  # pending
    ]
    figures = tally(outcomes)
    assert (figures.tickets, figures.met, figures.breached, figures.pending) == (4, 2, 1, 1)
    assert figures.attainment_percent == 66.6666
    assert figures.median_response_minutes == 20.0
    assert figures.p90_response_minutes == 20.0


def test_the_section_groups_plans_and_breaches() -> None:
    tickets = [
        ticket(
            "email", "high", "2026-09-09T10:00:00", "2026-09-09T10:20:00", id="LT-1", plan="Pro"
        ),
        ticket("email", "high", "2026-09-09T10:05:00", "2026-09-09T12:00:00", id="LT-2", plan=""),
        ticket("chat", "low", "2026-09-09T11:00:00", "2026-09-09T11:30:00", id="LT-3", plan="Pro"),
        ticket("other", "medium", "2026-09-09T11:00:00", "2026-09-09T11:30:00", id="LT-4"),
    ]
    period = period_by_id("2026-08", SLA.periods, SLA.timezone)
    as_of = t("2026-10-01T00:00:00")
    public = support_section(POLICY, tickets, period, as_of, SLA.timezone)
    assert (public.tickets, public.met, public.breached, public.attainment_percent) == (
        4,
        3,
        1,
        75.0,
    )
    groups = {(g.channel, g.impact): g for g in public.groups}
    # every commitment of the SLA is listed, other channels only when they have tickets
    assert len(groups) == 12 + 1
    high = groups[("email", "high")]
    assert (high.tickets, high.met, high.breached, high.attainment_percent) == (2, 1, 1, 50.0)
    assert (high.target_minutes, high.clock, high.calendar) == (60.0, "calendar", None)
    assert high.median_response_minutes == 20.0 and high.p90_response_minutes == 115.0
    assert groups[("chat", "low")].target_minutes == 60.0
    assert groups[("chat", "critical")].tickets == 0
    assert groups[("chat", "critical")].attainment_percent is None
    assert [p.plan for p in public.plans] == ["Pro", None]
    assert sum(g.tickets for g in public.groups) == sum(p.tickets for p in public.plans) == 4
    plain = to_plain(public)
    assert "breaches" not in plain
    assert "LT-" not in repr(plain)

    internal = support_section(POLICY, tickets, period, as_of, SLA.timezone, internal=True)
    assert isinstance(internal, InternalSupportSection)
    (breach,) = internal.breaches
    assert breach.id == "LT-2"
    assert breach.created == "2026-09-09T10:05:00+03:00"
    assert breach.deadline == "2026-09-09T11:05:00+03:00"
    assert breach.first_response == "2026-09-09T12:00:00+03:00"
    assert breach.response_minutes == 115.0
    assert breach.rule == "calendar" and breach.plan is None
    assert to_plain(internal)["breaches"][0]["id"] == "LT-2"


def test_the_section_shows_calendars_and_windows_for_the_arithmetic() -> None:
    period = period_by_id("2026-11", SLA.periods, SLA.timezone)
    section = support_section(POLICY, [], period, period.end, SLA.timezone)
    assert section.tickets == 0 and section.attainment_percent is None
    (calendar,) = section.calendars
    assert calendar.id == "support" and calendar.hours == {
        d: ["09:00-21:00"] for d in ("mon", "tue", "wed", "thu", "fri")
    }
    assert calendar.business_day_minutes == 720.0
    assert calendar.holidays == ["2026-12-25", "2027-01-01"]
    assert section.out_of_hours is not None
    assert section.out_of_hours.impacts == ["critical", "high"]
    assert section.out_of_hours.deadline_minutes == 1440.0
    assert [w.start for w in section.high_load] == ["2026-11-27T00:00:00+03:00"]
    assert set(section.method) >= {"response_minutes", "attainment_percent", "percentiles"}
