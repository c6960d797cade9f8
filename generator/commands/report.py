"""statusgen report: the report model of one period as JSON, text or PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from generator.compute.periods import Period, period_by_id, period_containing, shift
from generator.config.clients import Clients, clients_file, load_clients
from generator.config.sla import Sla
from generator.errors import GeneratorError
from generator.model.report import Report
from generator.render.text import render_text
from generator.reporting import build_report
from generator.reporting.client import client_report, client_settled_at, client_summaries
from generator.reporting.period import support, terms
from generator.reporting.reuse import ReportReuse, as_known_at
from generator.reporting.settled import settled_at
from generator.site import Site, load_site
from generator.store.tickets import Ticket, load_tickets


@dataclass(frozen=True)
class ReportOptions:
    data_root: Path
    period: str  # YYYY-MM, "current" or "previous"
    as_of: int
    format: str = "json"
    audience: str = "public"
    output: Path | None = None
    client: str | None = None  # a client's own edition
    clients: Path | None = None  # the clients file; None: $STATUSGEN_CLIENTS, if set
    language: str | None = None  # the PDF's; None: the SLA file's


def resolve_period(sla: Sla, choice: str, as_of: int) -> Period:
    """Raises PeriodIdError for a malformed id or a month that starts no period."""
    current = period_containing(as_of, sla.periods, sla.timezone)
    if choice == "current":
        return current
    if choice == "previous":
        return shift(current, -1, sla.periods, sla.timezone)
    return period_by_id(choice, sla.periods, sla.timezone)


def render_json(report: dict[str, object]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def the_clients(site: Site, option: Path | None) -> Clients | None:
    """The clients file named by ``--clients`` or $STATUSGEN_CLIENTS, loaded; or None."""
    path = clients_file(option)
    return None if path is None else load_clients(path, site.sla)


def period_report(options: ReportOptions, site: Site, period: Period) -> tuple[Report, Sla]:
    """The edition asked for, and the SLA file whose terms it states: a client's own (under
    its contract), or the public or internal one (the internal one with the per-client table
    when a clients file is given)."""
    clients = the_clients(site, options.clients)
    tickets = load_tickets(site.data)
    if options.client is not None:
        if clients is None:
            raise GeneratorError(
                "--client needs the clients file: give --clients FILE or set STATUSGEN_CLIENTS"
            )
        client = clients.get(options.client)
        if client is None:
            raise GeneratorError(f"has no client {options.client!r}", file=clients.file)
        report = client_report(site, period, options.as_of, client, tickets)
        return report, client.sla or site.sla
    if options.audience == "internal" and clients is not None:
        # the per-client table changes at each client's moments too (its own terms have
        # deadlines of their own): stamped with the latest of all of them
        at = max(
            [settled_at(site, period, options.as_of, tickets)]
            + [client_settled_at(site, period, options.as_of, c, tickets) for c in clients.clients]
        )
        site = site.known_at(at)
        report = edition(site, period, at, options.audience, tickets, settle=False)
        table = client_summaries(site, period, at, clients, tickets, report)
        return replace(report, clients=table), site.sla
    return edition(site, period, options.as_of, options.audience, tickets), site.sla


def edition(
    site: Site,
    period: Period,
    as_of: int,
    audience: str,
    tickets: list[Ticket],
    *,
    settle: bool = True,
) -> Report:
    """The public or internal report of ``period``. A closed period's is the one a build
    (or a report) before kept while its inputs are unchanged, so its probe history is not
    read again (issue 12: most of a large PDF's time was this model), with what the as-of
    time and the audience decide (the terms, the support section) made anew.

    With ``settle``, a closed period's report is stamped with the moment it last changed
    (generator/reporting/settled.py), as the site's is, so both give the same PDF."""
    reuse = ReportReuse(site, as_of)
    kept = reuse.load(period)
    if settle:
        as_of = settled_at(site, period, as_of, tickets)
        site = site.known_at(as_of)
    if kept is None:
        report = build_report(site, period, as_of, audience, tickets=tickets)
        # kept as the public edition (its support section left out), which the site's
        # build reuses too: nothing else in a report depends on its audience
        reuse.keep(period, replace(report, audience="public"))
        return report
    again = support(site, period, as_of, audience, tickets)
    return replace(as_known_at(kept, as_of, site, terms(site, as_of), again), audience=audience)


def make_report(options: ReportOptions) -> str | bytes:
    site = load_site(options.data_root).known_at(options.as_of)
    period = resolve_period(site.sla, options.period, options.as_of)
    report, sla = period_report(options, site, period)
    if options.format == "text":
        return render_text(report)
    if options.format == "pdf":
        # imported when asked for: WeasyPrint takes a while to load
        from generator.render.pdf import incident_titles_of, render_pdf

        if options.language is not None:
            sla = replace(sla, language=options.language)
        return render_pdf(report, sla=sla, incident_titles=incident_titles_of(site), site=site)
    return render_json(report.to_json())
