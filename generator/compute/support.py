"""Support-response attainment: each ticket's deadline and outcome, and the figures per group.

The rules (every number from the SLA file, through :mod:`generator.config.support`):

- **chat** (and ``other`` when the SLA says other follows chat): the target runs on the chat
  clock, which stops outside chat hours; the relaxed target applies to non-urgent impacts
  and to tickets created inside a declared high-load window.
- **calendar-time targets** (critical, high): created_at + target, around the clock; but
  when the ticket arrives outside business hours, or created_at + target falls outside
  them, the deadline is created_at + the out-of-hours allowance (24 h).
- **business-clock targets** (medium, low, informational, feature): the target runs on the
  business clock; "N business days" is N x the calendar's working day.
- ``paused_minutes`` (waiting on a third party) extends the deadline on the same clock.

A ticket is **met** if answered by its deadline, **breached** if answered later or still
unanswered once the deadline has passed, and **pending** while unanswered with the deadline
ahead. Everything is judged as known at ``as_of``: a response after ``as_of`` has not
happened yet. A ticket counts in the period in which it was created.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import tzinfo
from decimal import Decimal
from typing import TypeVar

from generator.compute.calendars import (
    Calendar,
    add_business_time,
    business_time_between,
    describe_hours,
    holidays_between,
    is_open,
    within_hours,
)
from generator.compute.periods import Period
from generator.config.schema import CHANNELS, IMPACTS
from generator.config.support import (
    BUSINESS_CLOCK,
    CALENDAR_CLOCK,
    SupportPolicy,
    describe_target,
    format_allowance,
)
from generator.locales import N_
from generator.model.report import minutes, truncate
from generator.model.support_report import (
    InternalSupportSection,
    SupportBreach,
    SupportCalendar,
    SupportGroup,
    SupportHighLoad,
    SupportOutOfHours,
    SupportPlan,
    SupportSection,
)
from generator.store.tickets import Ticket
from generator.timeutil import format_instant, to_datetime

K = TypeVar("K")

MET, BREACHED, PENDING = "met", "breached", "pending"

# How each figure is computed, published with the figures (the PDF's methodology appendix).
METHOD = {
    "period": N_("A ticket counts in the SLA period in which it was created."),
    "outcome": N_(
        "met: first human response at or before the deadline; breached: answered after it, or "
        "still unanswered once it has passed; pending: unanswered with the deadline still "
        "ahead (shown, not counted in attainment). Judged as known at the report's as-of time."
    ),
    "deadline": N_(
        "Chat: the target on the chat clock (chat hours only); the relaxed target for "
        "non-urgent impacts and inside declared high-load windows. Calendar-time targets: "
        "created + target, or created + the out-of-hours allowance when the ticket arrives "
        "outside business hours or created + target falls outside them. Business-clock "
        "targets: the target counted in business hours only, never on holidays. Paused time "
        "(waiting on a third party) extends the deadline on the same clock."
    ),
    "response_minutes": N_(
        "From creation to the first human response, on the clock the ticket's target runs "
        "on: business minutes for chat and business-clock targets, elapsed minutes for "
        "calendar-time targets. Paused time is not subtracted. Unanswered tickets have none."
    ),
    "attainment_percent": N_(
        "100 x met / (met + breached), truncated (never rounded up) to 4 decimals; null "
        "when no ticket is met or breached."
    ),
    "percentiles": N_(
        "Nearest rank over answered tickets: the p90 is the smallest response time that at "
        "least nine in ten of them did not exceed; the median is the 50th percentile by the same "
        "rule (for an even count, the lower middle value)."
    ),
}


@dataclass(frozen=True)
class Deadline:
    """When a ticket's first response was due, and the rule that set it."""

    at: int
    # chat | chat-non-urgent | chat-high-load (chat clock); calendar | out-of-hours-arrival |
    # out-of-hours-deadline (calendar time); business (business clock)
    rule: str
    clock: str  # calendar | business
    calendar: Calendar | None  # the business clock's calendar
    target_seconds: int  # the allowance before the pause (24 h under the out-of-hours rule)
    paused_seconds: int
    explanation: str  # the arithmetic, in words


@dataclass(frozen=True)
class Outcome:
    ticket: Ticket
    deadline: Deadline
    status: str  # met | breached | pending
    response_seconds: int | None  # on the deadline's clock; None while unanswered


def _who(policy: SupportPolicy, ticket: Ticket) -> str:
    terms = policy.terms_of(ticket.channel)
    channel = ticket.channel if terms == ticket.channel else f"{ticket.channel} ({terms} terms)"
    return f"{channel}, {ticket.impact}"


def _pause_text(paused: int, business: bool) -> str:
    if not paused:
        return ""
    clock = " of business hours" if business else ""
    return f"; + {format_allowance(paused)}{clock} paused (waiting on a third party)"


def deadline_for(policy: SupportPolicy, ticket: Ticket) -> Deadline:
    """The first-response deadline of ``ticket`` under ``policy``."""
    kept: dict[Ticket, Deadline] = policy.deadlines
    deadline = kept.get(ticket)
    if deadline is None:
        deadline = kept[ticket] = _deadline_for(policy, ticket)
    return deadline


def _deadline_for(policy: SupportPolicy, ticket: Ticket) -> Deadline:
    created = ticket.created_at
    paused = max(0, round(ticket.paused_minutes * 60))
    who = _who(policy, ticket)
    if policy.terms_of(ticket.channel) == "chat":
        chat = policy.chat
        window = policy.high_load_at(created)
        if ticket.impact in chat.relaxed_impacts:
            rule, seconds, why = "chat-non-urgent", chat.relaxed_target_seconds, "non-urgent: "
        elif window is not None:
            rule, seconds = "chat-high-load", chat.relaxed_target_seconds
            why = f"created in a high-load window ({window.reason}): "
        else:
            rule, seconds, why = "chat", chat.target_seconds, ""
        return Deadline(
            at=add_business_time(chat.calendar, created, seconds + paused),
            rule=rule,
            clock=BUSINESS_CLOCK,
            calendar=chat.calendar,
            target_seconds=seconds,
            paused_seconds=paused,
            explanation=f"{who}: {why}{format_allowance(seconds)} on the chat clock "
            f"(chat hours, {chat.calendar.id}){_pause_text(paused, True)}",
        )

    target = policy.email.targets[ticket.impact]
    if target.clock == BUSINESS_CLOCK:
        assert target.calendar is not None
        allowance = format_allowance(target.seconds)
        if "day" in target.within:  # show what "1 business day" came to
            allowance = f"{target.within} = {allowance}"
        return Deadline(
            at=add_business_time(target.calendar, created, target.seconds + paused),
            rule="business",
            clock=BUSINESS_CLOCK,
            calendar=target.calendar,
            target_seconds=target.seconds,
            paused_seconds=paused,
            explanation=f"{who}: {allowance} of business hours ({target.calendar.id})"
            f"{_pause_text(paused, True)}",
        )

    at = created + target.seconds
    rule = "calendar"
    allowed = target.seconds
    explanation = f"{who}: {format_allowance(target.seconds)}, calendar time"
    rule_out = policy.out_of_hours
    if rule_out is not None and ticket.impact in rule_out.impacts:
        hours = rule_out.calendar
        extended = f"created + {format_allowance(rule_out.deadline_seconds)}"
        if not is_open(hours, created):
            rule = "out-of-hours-arrival"
            explanation = (
                f"{who}: arrived outside business hours ({hours.id}), so {extended} "
                f"instead of {format_allowance(target.seconds)}"
            )
        elif not within_hours(hours, at):
            rule = "out-of-hours-deadline"
            explanation = (
                f"{who}: created + {format_allowance(target.seconds)} falls outside business "
                f"hours ({hours.id}), so {extended}"
            )
        if rule != "calendar":
            allowed = rule_out.deadline_seconds
            at = created + allowed
    return Deadline(
        at=at + paused,
        rule=rule,
        clock=CALENDAR_CLOCK,
        calendar=None,
        target_seconds=allowed,
        paused_seconds=paused,
        explanation=explanation + _pause_text(paused, False),
    )


def response_seconds(deadline: Deadline, ticket: Ticket, as_of: int) -> int | None:
    """Time to the first response on the deadline's clock; None if unanswered at ``as_of``."""
    answered = ticket.first_response_at
    if answered is None or answered > as_of:
        return None
    if deadline.clock == BUSINESS_CLOCK:
        assert deadline.calendar is not None
        return business_time_between(deadline.calendar, ticket.created_at, answered)
    return answered - ticket.created_at


def outcome(policy: SupportPolicy, ticket: Ticket, as_of: int) -> Outcome:
    """Met, breached or pending, as known at ``as_of``."""
    deadline = deadline_for(policy, ticket)
    answered = ticket.first_response_at
    if answered is not None and answered <= as_of:
        status = MET if answered <= deadline.at else BREACHED
    else:
        status = BREACHED if as_of > deadline.at else PENDING
    return Outcome(ticket, deadline, status, response_seconds(deadline, ticket, as_of))


def attainment_percent(met: int, breached: int) -> float | None:
    """100 x met / (met + breached), truncated to 4 decimals (never rounded up)."""
    counted = met + breached
    if not counted:
        return None
    return truncate(Decimal(met) * 100 / Decimal(counted))


def nearest_rank(values: Sequence[int], percentile: float) -> int | None:
    """The smallest value that at least ``percentile``% of ``values`` do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percentile / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Tally:
    tickets: int
    met: int
    breached: int
    pending: int
    attainment_percent: float | None
    median_response_minutes: float | None
    p90_response_minutes: float | None


def tally(outcomes: Iterable[Outcome]) -> Tally:
    items = list(outcomes)
    met = sum(o.status == MET for o in items)
    breached = sum(o.status == BREACHED for o in items)
    responses = [o.response_seconds for o in items if o.response_seconds is not None]

    def mins(value: int | None) -> float | None:
        return None if value is None else minutes(value)

    return Tally(
        tickets=len(items),
        met=met,
        breached=breached,
        pending=len(items) - met - breached,
        attainment_percent=attainment_percent(met, breached),
        median_response_minutes=mins(nearest_rank(responses, 50)),
        p90_response_minutes=mins(nearest_rank(responses, 90)),
    )


def period_outcomes(
    policy: SupportPolicy, tickets: Iterable[Ticket], period: Period, as_of: int
) -> list[Outcome]:
    """Outcomes of the tickets created in ``period`` and known at ``as_of``."""
    known = [
        t for t in tickets if period.start <= t.created_at < period.end and t.created_at <= as_of
    ]
    return [outcome(policy, t, as_of) for t in sorted(known, key=lambda t: (t.created_at, t.id))]


def _group(
    policy: SupportPolicy, channel: str, impact: str, outcomes: list[Outcome]
) -> SupportGroup:
    f = tally(outcomes)
    calendar: str | None
    if policy.terms_of(channel) == "chat":
        chat = policy.chat
        relaxed = impact in chat.relaxed_impacts
        seconds = chat.relaxed_target_seconds if relaxed else chat.target_seconds
        clock, calendar = BUSINESS_CLOCK, chat.calendar.id
    else:
        target = policy.email.targets[impact]
        seconds, clock = target.seconds, target.clock
        calendar = target.calendar.id if target.calendar is not None else None
    return SupportGroup(
        channel=channel,
        impact=impact,
        target=describe_target(policy, channel, impact),
        target_minutes=minutes(seconds),
        clock=clock,
        calendar=calendar,
        **asdict(f),
    )


def _plan(plan: str, outcomes: list[Outcome]) -> SupportPlan:
    f = tally(outcomes)
    return SupportPlan(
        plan=plan or None,
        **asdict(f),
    )


def _by(outcomes: list[Outcome], key: Callable[[Outcome], K]) -> dict[K, list[Outcome]]:
    out: dict[K, list[Outcome]] = {}
    for o in outcomes:
        out.setdefault(key(o), []).append(o)
    return out


def _calendars(policy: SupportPolicy, period: Period) -> list[SupportCalendar]:
    used: dict[str, Calendar] = {policy.chat.calendar.id: policy.chat.calendar}
    used[policy.email.calendar.id] = policy.email.calendar
    if policy.out_of_hours is not None:
        used[policy.out_of_hours.calendar.id] = policy.out_of_hours.calendar
    out = []
    for calendar in sorted(used.values(), key=lambda c: c.id):
        first = to_datetime(period.start, calendar.timezone).date()
        last = to_datetime(period.end - 1, calendar.timezone).date()
        out.append(
            SupportCalendar(
                id=calendar.id,
                name=calendar.name,
                timezone=calendar.timezone_name,
                hours=describe_hours(calendar),
                business_day_minutes=minutes(calendar.business_day_seconds)
                if calendar.business_day_seconds
                else None,
                holidays=[d.isoformat() for d in holidays_between(calendar, first, last)],
            )
        )
    return out


def _breach(outcome: Outcome, tz: tzinfo) -> SupportBreach:
    t, d = outcome.ticket, outcome.deadline

    def ts(instant: int) -> str:
        return format_instant(instant, tz)

    answered = outcome.response_seconds is not None
    return SupportBreach(
        id=t.id,
        channel=t.channel,
        impact=t.impact,
        plan=t.plan or None,
        created=ts(t.created_at),
        deadline=ts(d.at),
        first_response=ts(t.first_response_at)
        if answered and t.first_response_at is not None
        else None,
        response_minutes=minutes(outcome.response_seconds)
        if outcome.response_seconds is not None
        else None,
        paused_minutes=minutes(d.paused_seconds),
        rule=d.rule,
        explanation=d.explanation,
    )


def support_section(
    policy: SupportPolicy,
    tickets: Iterable[Ticket],
    period: Period,
    as_of: int,
    tz: tzinfo,
    *,
    internal: bool = False,
) -> SupportSection:
    """The report's support section for ``period`` as known at ``as_of``.

    ``internal`` adds the breach list by ticket id; the public section has aggregates only.
    """
    outcomes = period_outcomes(policy, tickets, period, as_of)
    by_group = _by(outcomes, lambda o: (o.ticket.channel, o.ticket.impact))
    groups = [
        _group(policy, channel, impact, by_group.get((channel, impact), []))
        for channel in CHANNELS
        for impact in IMPACTS
        # every commitment of the SLA, even without tickets; other channels when used
        if channel != "other" or (channel, impact) in by_group
    ]
    by_plan = _by(outcomes, lambda o: o.ticket.plan)
    # named plans alphabetically, then tickets that name none
    plans = [_plan(plan, by_plan[plan]) for plan in sorted(by_plan, key=lambda p: (p == "", p))]
    rule = policy.out_of_hours
    out_of_hours = (
        SupportOutOfHours(
            impacts=[i for i in IMPACTS if i in rule.impacts],
            calendar=rule.calendar.id,
            deadline_minutes=minutes(rule.deadline_seconds),
            text=rule.text,
        )
        if rule is not None
        else None
    )
    high_load = [
        SupportHighLoad(
            format_instant(w.start, tz),
            format_instant(w.end, tz),
            w.reason,
        )
        for w in policy.high_load
        if w.start < period.end and w.end > period.start
    ]
    total = tally(outcomes)
    section = SupportSection(
        **asdict(total),
        groups=groups,
        plans=plans,
        calendars=_calendars(policy, period),
        out_of_hours=out_of_hours,
        high_load=high_load,
        method=dict(METHOD),
    )
    if not internal:
        return section
    breaches = [_breach(o, tz) for o in outcomes if o.status == BREACHED]
    return InternalSupportSection(
        **{f.name: getattr(section, f.name) for f in fields(section)}, breaches=breaches
    )
