"""statusgen import: read a file in a named format and add its records to the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError
from generator.site import load_site
from generator.sources import PROBE_FORMATS
from generator.sources.base import SourceContext, reader_for
from generator.store.csvlog import WriteSummary
from generator.store.probes import write_intervals, write_samples


@dataclass(frozen=True)
class ImportOptions:
    data_root: Path
    file: Path
    format: str
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
            f"read {self.records} records: samples {s.added} added, {s.updated} updated, "
            f"{s.unchanged} already stored; intervals {i.added} added, {i.updated} updated, "
            f"{i.unchanged} already stored"
        )


def import_probes(options: ImportOptions) -> ImportResult:
    site = load_site(options.data_root)
    reader = reader_for(PROBE_FORMATS, "probe", options.format, options.file)
    if options.monitor is not None and options.monitor not in site.services.monitors:
        raise GeneratorError(
            f"--monitor {options.monitor!r} is not a monitor in {site.services.file}"
        )
    context = SourceContext(site.sla, site.services, options.location, options.monitor)
    batch = reader(options.file, context)
    # validated in full above: only now is anything written
    samples = write_samples(site.data, batch.samples)
    intervals = write_intervals(site.data, batch.intervals)
    return ImportResult(len(batch), samples, intervals)
