"""The report's ``support`` section: first-response attainment, published as JSON.

The public section holds aggregates only: no ticket id appears anywhere in it. The internal
audience gets :class:`InternalSupportSection`, which adds the breach list by ticket id; it
is a subclass rather than an optional field so that the public JSON has no ``breaches``
key at all (not even ``null``) and cannot leak one by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SupportGroup:
    """Attainment of one commitment: a channel x impact level."""

    channel: str  # chat | email | other
    impact: str
    target: str  # the target as a client reads it, with its clock
    target_minutes: float  # the normal allowance (before pauses and exceptions)
    clock: str  # calendar | business: what the allowance and response minutes run on
    calendar: str | None  # the business clock's calendar
    tickets: int
    met: int
    breached: int
    pending: int
    attainment_percent: float | None
    median_response_minutes: float | None
    p90_response_minutes: float | None


@dataclass(frozen=True)
class SupportPlan:
    plan: str | None  # None: tickets that name no plan
    tickets: int
    met: int
    breached: int
    pending: int
    attainment_percent: float | None
    median_response_minutes: float | None
    p90_response_minutes: float | None


@dataclass(frozen=True)
class SupportCalendar:
    """A calendar a support clock runs on, with the holidays that fall in the period."""

    id: str
    name: str
    timezone: str
    hours: dict[str, list[str]]
    business_day_minutes: float | None
    holidays: list[str]


@dataclass(frozen=True)
class SupportOutOfHours:
    impacts: list[str]
    calendar: str
    deadline_minutes: float
    text: str


@dataclass(frozen=True)
class SupportHighLoad:
    start: str
    end: str
    reason: str


@dataclass(frozen=True)
class SupportBreach:
    """One ticket that missed its deadline (internal audience only)."""

    id: str
    channel: str
    impact: str
    plan: str | None
    created: str
    deadline: str
    first_response: str | None  # None: still unanswered as of the report
    response_minutes: float | None  # on the deadline's clock
    paused_minutes: float
    rule: str
    explanation: str


@dataclass(frozen=True)
class SupportSection:
    tickets: int
    met: int
    breached: int
    pending: int
    attainment_percent: float | None
    median_response_minutes: float | None
    p90_response_minutes: float | None
    groups: list[SupportGroup]
    plans: list[SupportPlan]
    calendars: list[SupportCalendar]
    out_of_hours: SupportOutOfHours | None
    high_load: list[SupportHighLoad]  # declared windows that overlap the period
    method: dict[str, str]  # how each figure is computed, in words
    # the SLA's optional attainment objective and the verdict against it (set by the pipeline:
    # met, missed, "no objective set" or "nothing counted"); keyword-only, so the internal
    # section's breach list can follow without a default
    objective_percent: float | None = field(default=None, kw_only=True)
    verdict: str = field(default="no objective set", kw_only=True)


@dataclass(frozen=True)
class InternalSupportSection(SupportSection):
    breaches: list[SupportBreach]
