"""statusgen import: read a file in a named format and add its records to the store.

The whole file is read and checked, against the store's bounds too (times within the SLA's
window: :meth:`~generator.store.bounds.TimeWindow.for_sla`), before anything is written; the
samples and intervals are then written under one hold of the data directory's write lock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError
from generator.formats import guess_format
from generator.render.formatting import plural
from generator.site import load_site
from generator.sources import PROBE_FORMATS
from generator.sources.base import SourceContext, reader_for
from generator.store.bounds import TimeWindow
from generator.store.csvlog import WriteSummary
from generator.store.lock import write_lock
from generator.store.probes import check_records, write_intervals, write_samples


@dataclass(frozen=True)
class ImportOptions:
    data_root: Path
    file: Path
    format: str | None  # None: told from the file's name and contents
    location: str | None = None
    monitor: str | None = None  # for vendor files that name no monitor


@dataclass(frozen=True)
class ImportResult:
    records: int
    samples: WriteSummary
    intervals: WriteSummary

    def describe(self) -> str:
        s, i = self.samples, self.intervals
        return (
            f"read {plural(self.records, 'record')}: samples {s.added} added, {s.updated} updated, "
            f"{s.unchanged} already stored; intervals {i.added} added, {i.updated} updated, "
            f"{i.unchanged} already stored"
        )


def import_probes(options: ImportOptions) -> ImportResult:
    site = load_site(options.data_root)
    name = options.format or guess_format(options.file, "probe")
    reader = reader_for(PROBE_FORMATS, "probe", name, options.file)
    if options.monitor is not None and options.monitor not in site.services.monitors:
        raise GeneratorError(
            f"--monitor {options.monitor!r} is not a monitor in {site.services.file}"
        )
    context = SourceContext(site.sla, site.services, options.location, options.monitor)
    batch = reader(options.file, context)
    window = TimeWindow.for_sla(site.sla.terms.effective_date, int(time.time()))
    check_records([*batch.samples, *batch.intervals], window, options.file)
    # validated in full above: only now is anything written
    with write_lock(site.data.root):
        samples = write_samples(site.data, batch.samples, window=window, origin=options.file)
        intervals = write_intervals(site.data, batch.intervals, window=window, origin=options.file)
    return ImportResult(len(batch), samples, intervals)
