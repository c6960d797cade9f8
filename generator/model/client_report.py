"""The report's client parts: one client's own edition, and the internal per-client table.

A client's edition (``audience`` ``client``) carries a :class:`ClientSection`: who the client
is, its own tickets with their deadlines and outcomes (their ids are the client's to see),
and the service credit owed for the period. The internal edition carries one
:class:`ClientSummary` per client. The public report has neither key, so no client id, name
or credit amount can reach it.

Money is written as decimal strings (``"41.67"``), never as JSON numbers: a float cannot
hold every amount exactly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CreditTierReached:
    below_percent: float  # the figure was below this
    credit_percent: float  # of the fee


@dataclass(frozen=True)
class CreditOwed:
    """The credit one client is owed for the period, or why none is."""

    status: str  # owed | none | voided | pending
    uptime_tier: CreditTierReached | None
    support_tier: CreditTierReached | None
    percent: str  # of the fee, after combining and the cap: a decimal string ("12.5")
    capped: bool
    amount: str | None  # rounded money ("41.67"); null unless owed
    fee: str  # the client's fee for the period
    currency: str
    reason: str  # in words
    clause: str | None  # the SLA's own words a voided credit rests on


@dataclass(frozen=True)
class ClientTicket:
    """One of the client's own requests in the period."""

    id: str
    channel: str
    impact: str
    created: str
    deadline: str
    first_response: str | None  # None: unanswered as of the report
    status: str  # met | breached | pending
    response_minutes: float | None  # on the deadline's clock
    paused_minutes: float
    target: str  # the rule that set the deadline, in words


@dataclass(frozen=True)
class ClientSection:
    id: str
    name: str
    plan: str | None
    tickets: list[ClientTicket]
    credit: CreditOwed | None  # None: the client's SLA promises no credits


@dataclass(frozen=True)
class ClientSummary:
    """One row of the internal edition's per-client table."""

    id: str
    name: str
    tickets: int
    met: int
    breached: int
    pending: int
    attainment_percent: float | None
    credit_status: str | None  # None: the client's SLA promises no credits
    credit_percent: str | None
    credit_amount: str | None
    currency: str


@dataclass(frozen=True)
class CreditTiers:
    """The SLA's credit tiers and the uptime tier the period reached, published only when
    the SLA file says so (``credits.publish_tiers``): no client, no amount."""

    uptime_tiers: list[CreditTierReached]  # highest threshold first
    support_tiers: list[CreditTierReached]  # judged per client, so none is "reached" here
    uptime_tier: CreditTierReached | None  # reached by the service's uptime; None: none
    final: bool  # the period has ended; before that the tier is the one reached so far
