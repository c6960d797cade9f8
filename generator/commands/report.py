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
from generator.reporting.client import client_report, client_summaries
from generator.site import Site, load_site
from generator.store.tickets import load_tickets


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
    report = build_report(site, period, options.as_of, options.audience, tickets=tickets)
    if options.audience == "internal" and clients is not None:
        table = client_summaries(site, period, options.as_of, clients, tickets, report)
        report = replace(report, clients=table)
    return report, site.sla


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
