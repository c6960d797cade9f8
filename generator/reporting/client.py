"""One client's edition of a period's report, and the internal edition's per-client table.

A client's edition is the period's report with the service's uptime (the same for every
client), the client's own support figures and tickets in place of everyone's, and the
credit owed. Only the client's own tickets ever enter it: the support section is computed
from them alone, under the client's contract (its own SLA file, when the clients file names
one), so no other client's request, id or figure can appear.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from generator.compute.credits import Credit, assess_credit, number_text, tier_reached_model
from generator.compute.periods import Period
from generator.compute.support import BREACHED, MET, Outcome, period_outcomes, support_section
from generator.config.clients import Client, Clients
from generator.config.credits import credit_policy
from generator.config.sla import Sla
from generator.config.support import attainment_objective, support_policy
from generator.model.client_report import (
    ClientSection,
    ClientSummary,
    ClientTicket,
    CreditOwed,
)
from generator.model.report import Report, minutes
from generator.model.support_report import SupportSection
from generator.reporting.period import build_report, judged, terms
from generator.reporting.reuse import as_known_at
from generator.reporting.settled import settled_at
from generator.site import Site
from generator.store.tickets import Ticket
from generator.timeutil import format_instant

CLIENT_AUDIENCE = "client"


def own_tickets(tickets: list[Ticket], client: Client) -> list[Ticket]:
    return [t for t in tickets if t.client == client.id]


def credit_owed(credit: Credit, fee: Decimal) -> CreditOwed:
    return CreditOwed(
        status=credit.status,
        uptime_tier=tier_reached_model(credit.uptime_tier),
        support_tier=tier_reached_model(credit.support_tier),
        percent=number_text(credit.percent),
        capped=credit.capped,
        amount=None if credit.amount is None else str(credit.amount),
        fee=str(fee),
        currency=credit.currency,
        reason=credit.reason,
        clause=credit.clause,
    )


def _ticket(outcome: Outcome, sla: Sla) -> ClientTicket:
    t, d = outcome.ticket, outcome.deadline
    tz = sla.timezone
    answered = outcome.response_seconds is not None and t.first_response_at is not None
    return ClientTicket(
        id=t.id,
        channel=t.channel,
        impact=t.impact,
        created=format_instant(t.created_at, tz),
        deadline=format_instant(d.at, tz),
        first_response=format_instant(t.first_response_at, tz)
        if answered and t.first_response_at is not None
        else None,
        status=outcome.status,
        response_minutes=None
        if outcome.response_seconds is None
        else minutes(outcome.response_seconds),
        paused_minutes=minutes(d.paused_seconds),
        target=d.explanation,
    )


class _ClientPeriod:
    """One client's figures for one period: outcomes, support section, credit."""

    def __init__(
        self,
        site: Site,
        period: Period,
        as_of: int,
        client: Client,
        tickets: list[Ticket],
        uptime: Report,
    ) -> None:
        self.client = client
        self.sla = client.sla or site.sla
        policy = support_policy(self.sla)
        own = own_tickets(tickets, client)
        self.outcomes = [] if policy is None else period_outcomes(policy, own, period, as_of)
        self.support: SupportSection | None = None
        if policy is not None:
            section = support_section(policy, own, period, as_of, self.sla.timezone)
            self.support = judged(section, attainment_objective(self.sla))
        met = sum(o.status == MET for o in self.outcomes)
        breached = sum(o.status == BREACHED for o in self.outcomes)
        credits = credit_policy(self.sla)
        self.credit: CreditOwed | None = None
        if credits is not None:
            horizon = max(period.start, min(period.end, as_of))
            credit = assess_credit(
                credits,
                client,
                downtime_seconds=uptime.uptime.downtime_seconds,
                elapsed_seconds=horizon - period.start,
                measured=uptime.uptime.percent is not None,
                met=met,
                breached=breached,
                closed=as_of >= period.end,
            )
            self.credit = credit_owed(credit, client.fee)

    def section(self) -> ClientSection:
        return ClientSection(
            id=self.client.id,
            name=self.client.name,
            plan=self.client.plan or None,
            tickets=[_ticket(o, self.sla) for o in self.outcomes],
            credit=self.credit,
        )

    def summary(self) -> ClientSummary:
        s = self.support
        c = self.credit
        return ClientSummary(
            id=self.client.id,
            name=self.client.name,
            tickets=len(self.outcomes),
            met=s.met if s else 0,
            breached=s.breached if s else 0,
            pending=s.pending if s else 0,
            attainment_percent=s.attainment_percent if s else None,
            credit_status=c.status if c else None,
            credit_percent=c.percent if c else None,
            credit_amount=c.amount if c else None,
            currency=self.client.currency,
        )


def client_report(
    site: Site,
    period: Period,
    as_of: int,
    client: Client,
    tickets: list[Ticket],
    *,
    base: Report | None = None,
) -> Report:
    """``client``'s edition of ``period``'s report as known at ``as_of``; a closed period's
    is stamped with the moment it last changed (:func:`client_settled_at`).

    ``tickets`` are every stored ticket; only the client's own are read. ``base`` is the
    period's public report as known at ``as_of``, when the caller has it (a build writing
    every client's); a client whose contract has its own SLA file is judged by that file's
    uptime terms.
    """
    at = client_settled_at(site, period, as_of, client, tickets)
    site = site.known_at(at)
    if client.sla is not None:
        # the contract's own terms: its objective, review dates and methodology judge the
        # same measured downtime (its periods and exclusions match the site's: see clients)
        base = build_report(replace(site, sla=client.sla), period, at, "public", tickets=[])
    elif base is None:
        base = build_report(site, period, at, "public", tickets=[])
    else:  # the same figures as known at the stamp, which the site's moments are among
        base = as_known_at(base, at, site, terms(site, at), None)
    figures = _ClientPeriod(site, period, at, client, tickets, base)
    return replace(
        base,
        audience=CLIENT_AUDIENCE,
        support=figures.support,
        client=figures.section(),
        clients=None,
    )


def client_settled_at(
    site: Site, period: Period, as_of: int, client: Client, tickets: list[Ticket]
) -> int:
    """The stamp of ``client``'s edition of ``period``
    (:func:`generator.reporting.settled.settled_at`): its own tickets' moments, under its
    contract's terms (their deadlines and review date), and the site's records'."""
    own_terms = replace(site, sla=client.sla or site.sla)
    return settled_at(own_terms, period, as_of, own_tickets(tickets, client), client=client.id)


def client_summaries(
    site: Site, period: Period, as_of: int, clients: Clients, tickets: list[Ticket], report: Report
) -> list[ClientSummary]:
    """The internal edition's per-client table: tickets, attainment and credit owed."""
    return [
        _ClientPeriod(site, period, as_of, client, tickets, report).summary()
        for client in clients.clients
    ]
