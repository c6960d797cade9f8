"""statusgen build --client-reports DIR: every client's own report, PDF and JSON, kept private.

Client reports name the client and the credit it is owed, so they never go where the site
is published: a directory inside the site's output (or inside the docs directory mkdocs
copies into it) is refused before anything is built, and the workflow keeps DIR as a
private workflow artifact. Written for the last completed period and the running one (the
report an account manager sends, and where the current period stands), as
``DIR/<period>/<client>.pdf`` and ``.json``; each file replaced whole, readable by its owner
only.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from generator.atomic import write_atomic
from generator.compute.periods import period_containing, shift
from generator.config.clients import clients_file, load_clients
from generator.config.sla import Sla, load_sla
from generator.errors import GeneratorError
from generator.mkdocs_plugin.pdf_pool import report_pool
from generator.model.report import Report
from generator.render.pdf import incident_titles_of, render_pdf
from generator.reporting import build_report
from generator.reporting.client import client_report
from generator.site import Site, load_site
from generator.store import cache
from generator.store.layout import DataDir
from generator.store.tickets import load_tickets

log = logging.getLogger(__name__)

PRIVATE = 0o600
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_stem(client_id: str) -> str:
    """A client id as a file name any artifact store accepts (``:`` and the like become _)."""
    return _UNSAFE.sub("_", client_id)


def check_private_dir(directory: Path, published: Iterable[tuple[Path, str]]) -> None:
    """Refuse a client-report directory that is, or is inside, a published one."""
    target = directory.resolve()
    for path, what in published:
        where = path.resolve()
        if target == where or where in target.parents:
            raise GeneratorError(
                f"is inside {what} ({path}); client reports are private: choose a directory "
                "outside the published site",
                file=directory,
            )


def needed_clients_file(data_root: Path, option: Path | None) -> Path:
    """The clients file, checked before a build starts, so a bad one changes nothing."""
    path = clients_file(option)
    if path is None:
        raise GeneratorError(
            "--client-reports needs the clients file: give --clients FILE or set STATUSGEN_CLIENTS"
        )
    load_clients(path, load_sla(DataDir(data_root).sla_file))
    return path


def write_client_reports(
    data_root: Path, directory: Path, clients_option: Path | None, as_of: int
) -> list[Path]:
    """Write every client's report for the last completed and the running period."""
    path = needed_clients_file(data_root, clients_option)
    site = load_site(data_root).known_at(as_of)
    clients = load_clients(path, site.sla)
    tickets = load_tickets(site.data)
    current = period_containing(as_of, site.sla.periods, site.sla.timezone)
    periods = [shift(current, -1, site.sla.periods, site.sla.timezone), current]
    titles = incident_titles_of(site)
    reports: list[tuple[Path, Report, Sla]] = []  # (the files' path without suffix, ...)
    for period in periods:
        base = build_report(site, period, as_of, "public", tickets=[])
        for client in clients.clients:
            report = client_report(site, period, as_of, client, tickets, base=base)
            reports.append(
                (directory / period.id / file_stem(client.id), report, client.sla or site.sla)
            )
    pdfs = _draw_pdfs(reports, titles, site)
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    written = []
    for (stem, report, _), pdf in zip(reports, pdfs, strict=True):
        stem.parent.mkdir(exist_ok=True, mode=0o700)
        json_path, pdf_path = stem.with_suffix(".json"), stem.with_suffix(".pdf")
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
        write_atomic(json_path, text.encode(), mode=PRIVATE)
        write_atomic(pdf_path, pdf, mode=PRIVATE)
        written += [pdf_path, json_path]
        log.info("wrote %s and %s", pdf_path, json_path.name)
    return written


def _draw_pdfs(
    reports: list[tuple[Path, Report, Sla]], titles: dict[str, str], site: Site
) -> list[bytes]:
    """Each report's PDF, drawn by forked workers as the site's reports are (a client's
    takes about a second, and there are two per client), in the order given."""
    slas = {id(report): sla for _, report, sla in reports}

    def render(report: Report) -> bytes:
        return render_pdf(report, sla=slas[id(report)], incident_titles=titles, site=site)

    cache.flush()  # its writer thread done: the workers are forked
    drawn = [report for _, report, _ in reports]
    return report_pool(drawn, render, sla=site.sla, incident_titles=titles, site=site).results()
