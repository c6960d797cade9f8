"""Demo support tickets: seeded per period, realistic, and the same whenever they are made.

Each SLA period's tickets come from a random generator seeded with (seed, period id) and
are generated for the whole period whatever ``until`` is; a run stores each ticket as it
was known at ``until`` (a response or resolution after ``until`` has not happened yet).
So running the demo again later only adds the new tickets and the answers that have
arrived since, through the same idempotent store an import uses.

Besides an ordinary mix (mostly in business hours, chat on the plans that include it),
every period has the cases the SLA's rules are about: a chat arriving after chat hours and
one a minute before they end, a Friday-evening email, critical and high emails on a weekend
(one answered within the 24-hour allowance, one beyond it), a ticket spanning a holiday, a
paused ticket, one never answered, chats in declared high-load windows, and a few breaches.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from generator.compute.calendars import (
    add_business_time,
    holidays_between,
    is_open,
    local_instant,
)
from generator.compute.periods import Period, periods_between
from generator.compute.support import deadline_for
from generator.config.schema import IMPACTS
from generator.config.support import BUSINESS_CLOCK, SupportPolicy, support_policy
from generator.site import Site
from generator.store.tickets import Ticket, write_tickets

ID_PREFIX = "LT-"
# Ids are numbered per period from a base that grows with the period's first month, so they
# rise with time like a helpdesk's and never collide (at most 70 tickets a month).
ID_BASE, IDS_PER_MONTH = 10000, 70
PLANS = ("Starter", "Pro", "Agency", "Enterprise")
PLAN_WEIGHTS = (0.30, 0.35, 0.25, 0.10)
CHAT_PLANS = frozenset({"Pro", "Agency", "Enterprise"})  # Starter has email support only
# Opaque client ids, as a helpdesk's organization ids are; who they are is only in the
# demo's clients file (DEMO_CLIENTS_FILE), never in the records or the public site.
DEMO_CLIENTS = {
    "Starter": ("org-4101", "org-4102", "org-4103"),
    "Pro": ("org-4201", "org-4202"),
    "Agency": ("org-4301", "org-4302"),
    "Enterprise": ("org-4401",),
}
IMPACT_WEIGHTS = {
    "chat": (0.05, 0.12, 0.33, 0.30, 0.14, 0.06),
    "email": (0.03, 0.09, 0.28, 0.28, 0.18, 0.14),
}
BREACH_RATE = 0.05
NEVER_ANSWERED_RATE = 0.01
MIN = 60
HOUR = 3600


def _rng(*parts: object) -> np.random.Generator:
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _pick(rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...]) -> str:
    return str(rng.choice(list(options), p=np.asarray(weights) / sum(weights)))


def _respond(rng: np.random.Generator, policy: SupportPolicy, ticket: Ticket, kind: str) -> Ticket:
    """The ticket with a first response (met or breached) and maybe a resolution."""
    if kind == "never":
        return ticket
    deadline = deadline_for(policy, ticket)
    # met: mostly well inside the allowance; breached: 10% late or (rarely) much more
    share = float(rng.beta(1.6, 4.0)) if kind == "met" else 1.1 + float(rng.exponential(0.6))
    if deadline.clock == BUSINESS_CLOCK:
        assert deadline.calendar is not None
        allowance = deadline.target_seconds + deadline.paused_seconds
        answered = add_business_time(
            deadline.calendar, ticket.created_at, max(MIN, int(share * allowance))
        )
    else:
        answered = ticket.created_at + max(MIN, int(share * (deadline.at - ticket.created_at)))
    resolved = None
    if rng.random() < 0.9:
        resolved = answered + int(rng.exponential(6 * HOUR)) + 5 * MIN
    return replace(ticket, first_response_at=answered, resolved_at=resolved)


def _random_created(rng: np.random.Generator, policy: SupportPolicy, period: Period) -> int:
    """Mostly in business hours; about a quarter in evenings, nights and weekends."""
    while True:
        instant = period.start + int(rng.integers(0, period.seconds))
        if is_open(policy.email.calendar, instant) or rng.random() < 0.18:
            return instant


def _ordinary(rng: np.random.Generator, policy: SupportPolicy, period: Period) -> Ticket:
    plan = _pick(rng, PLANS, PLAN_WEIGHTS)
    roll = rng.random()
    channel = "other" if roll < 0.05 else ("chat" if roll < 0.5 else "email")
    if channel == "chat" and plan not in CHAT_PLANS:
        channel = "email"
    weights = IMPACT_WEIGHTS["chat" if channel == "chat" else "email"]
    ticket = Ticket(
        id="",
        channel=channel,
        impact=_pick(rng, tuple(IMPACTS), weights),
        plan=plan,
        created_at=_random_created(rng, policy, period),
    )
    if channel != "chat" and rng.random() < 0.05:
        ticket = replace(ticket, paused_minutes=float(rng.choice([30, 45, 60, 90, 120, 240])))
    roll = rng.random()
    kind = "never" if roll < NEVER_ANSWERED_RATE else "breach" if roll < BREACH_RATE else "met"
    return _respond(rng, policy, ticket, kind)


def _day(rng: np.random.Generator, period: Period, weekday: int) -> date:
    """A random date with the given weekday (0 = Monday) inside the period."""
    days = (period.last_day - period.first_day).days + 1
    candidates = [
        period.first_day + timedelta(days=n)
        for n in range(days)
        if (period.first_day + timedelta(days=n)).weekday() == weekday
    ]
    return candidates[int(rng.integers(len(candidates)))]


def _special(rng: np.random.Generator, policy: SupportPolicy, period: Period) -> list[Ticket]:
    """The cases the SLA's rules are about, once per period."""
    calendar = policy.email.calendar
    tz = calendar.timezone
    open_days = [d for d in range(7) if calendar.weekly[d]]
    closed_days = [d for d in range(7) if not calendar.weekly[d]] or [6]
    last_open = max(open_days)
    close = calendar.weekly[last_open][-1][1]  # minutes: when a working day ends

    def at(day: date, minute: int) -> int:
        return local_instant(day, minute, tz) + int(rng.integers(0, 50))

    def weekday() -> date:
        return _day(rng, period, int(rng.choice(open_days)))

    def ticket(channel: str, impact: str, created: int, plan: str = "Agency") -> Ticket:
        return Ticket(id="", channel=channel, impact=impact, plan=plan, created_at=created)

    weekend = _day(rng, period, int(rng.choice(closed_days)))
    cases = [
        # a chat after chat hours: its clock starts the next working morning
        (ticket("chat", "medium", at(weekday(), close + 20), "Pro"), "met"),
        # a chat one minute before chat hours end
        (ticket("chat", "high", local_instant(weekday(), close - 1, tz), "Enterprise"), "met"),
        # a Friday-evening email: the business clock waits for Monday
        (ticket("email", "low", at(_day(rng, period, last_open), close - 90), "Starter"), "met"),
        # weekend critical and high: created + 24 h; one answered in time, one not
        (ticket("email", "critical", at(weekend, 11 * 60), "Enterprise"), "met"),
        (ticket("email", "high", at(weekend, 3 * 60), "Agency"), "breach"),
        # waiting on a third party extends the deadline
        (replace(ticket("email", "medium", at(weekday(), 14 * 60)), paused_minutes=120.0), "met"),
        # never answered
        (ticket("email", "informational", at(weekday(), 16 * 60), "Starter"), "never"),
        # a chat answered late on a normal day
        (ticket("chat", "critical", at(weekday(), 11 * 60), "Enterprise"), "breach"),
    ]
    holidays = holidays_between(calendar, period.first_day, period.last_day)
    working_holidays = [d for d in holidays if calendar.weekly[d.weekday()]]
    if working_holidays:
        holiday = working_holidays[int(rng.integers(len(working_holidays)))]
        eve = holiday - timedelta(days=1)
        cases.append((ticket("email", "medium", at(eve, close - 60), "Pro"), "met"))
        cases.append((ticket("email", "high", at(holiday, 10 * 60), "Enterprise"), "met"))
    for window in policy.high_load:
        if window.end <= period.start or window.start >= period.end:
            continue
        for _ in range(6):
            created = int(
                rng.integers(max(window.start, period.start), min(window.end, period.end))
            )
            cases.append((ticket("chat", "high", created, "Pro"), "met"))
    return [
        _respond(rng, policy, t, kind)
        for t, kind in cases
        if period.start <= t.created_at < period.end
    ]


def period_tickets(policy: SupportPolicy, period: Period, seed: int) -> list[Ticket]:
    """Every demo ticket created in ``period``, with its eventual response (seeded)."""
    rng = _rng(seed, "tickets", period.id)
    months = (period.last_day.year - period.first_day.year) * 12 + (
        period.last_day.month - period.first_day.month + 1
    )
    count = sum(int(rng.integers(21, 26)) for _ in range(months))
    tickets = [_ordinary(rng, policy, period) for _ in range(count)]
    tickets += _special(rng, policy, period)
    tickets.sort(key=lambda t: t.created_at)
    first = period.first_day
    base = ID_BASE + ((first.year - 2020) * 12 + first.month - 1) * IDS_PER_MONTH
    return [
        replace(t, id=ticket_id, client=demo_client(t.plan, ticket_id))
        for n, t in enumerate(tickets)
        for ticket_id in [f"{ID_PREFIX}{base + n}"]
    ]


def demo_client(plan: str, ticket_id: str) -> str:
    """The demo client a ticket comes from: one of its plan's, told from the ticket's id
    (not drawn from the period's generator, so every other value stays as it was)."""
    clients = DEMO_CLIENTS[plan]
    digest = hashlib.sha256(ticket_id.encode()).digest()
    return clients[digest[0] % len(clients)]


def as_known_at(ticket: Ticket, until: int) -> Ticket:
    """The ticket as the helpdesk showed it at ``until``."""
    answered = ticket.first_response_at
    resolved = ticket.resolved_at
    return replace(
        ticket,
        first_response_at=answered if answered is not None and answered <= until else None,
        resolved_at=resolved if resolved is not None and resolved <= until else None,
    )


def generate_demo_tickets(site: Site, lo: int, until: int, seed: int) -> str:
    policy = support_policy(site.sla)
    if policy is None:
        return "no support section in the SLA file: no demo tickets"
    tickets = [
        as_known_at(ticket, until)
        for period in periods_between(lo, until, site.sla.periods, site.sla.timezone)
        for ticket in period_tickets(policy, period, seed)
        if ticket.created_at <= until
    ]
    written = write_tickets(site.data, tickets)
    return (
        f"tickets {written.added} added, {written.updated} updated "
        f"({written.unchanged} already stored)"
    )
