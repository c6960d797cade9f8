"""statusgen import tickets: read a ticket file in a named format and store its tickets.

The whole file is read and validated before anything is written, against the store's bounds
too (times within the SLA's window: :meth:`~generator.store.bounds.TimeWindow.for_sla`), so
a bad row imports nothing. A ticket already stored with the same values is left alone (importing a file twice
adds nothing); one stored with other values is updated (it has since been answered, say).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from generator.formats import guess_format
from generator.site import load_site
from generator.sources import TICKET_FORMATS
from generator.sources.base import SourceContext, reader_for
from generator.store.bounds import TimeWindow
from generator.store.csvlog import WriteSummary
from generator.store.tickets import write_tickets


@dataclass(frozen=True)
class TicketImportOptions:
    data_root: Path
    file: Path
    format: str | None = None  # None: told from the file's name and contents


@dataclass(frozen=True)
class TicketImportResult:
    records: int
    tickets: WriteSummary

    def describe(self) -> str:
        t = self.tickets
        return (
            f"read {self.records} tickets: {t.added} added, {t.updated} updated, "
            f"{t.unchanged} unchanged"
        )


def import_tickets(options: TicketImportOptions) -> TicketImportResult:
    site = load_site(options.data_root)
    name = options.format or guess_format(options.file, "ticket")
    reader = reader_for(TICKET_FORMATS, "ticket", name, options.file)
    batch = reader(options.file, SourceContext(site.sla, site.services))
    window = TimeWindow.for_sla(site.sla.terms.effective_date, int(time.time()))
    # validated in full above; write_tickets checks the bounds before it writes anything
    written = write_tickets(site.data, batch.tickets, window=window, origin=options.file)
    return TicketImportResult(len(batch.tickets), written)
