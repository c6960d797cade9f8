"""statusgen import: read a file in a named format and add its records to the store.

The whole file is read and checked, against the store's bounds too (times within the SLA's
window: :meth:`~generator.store.bounds.TimeWindow.for_sla`), before anything is written; the
samples and intervals are then written under one hold of the data directory's write lock.
A format that offers a snapshot (a Kuma database of millions of beats) is read twice in
batches instead, checked in full first and written second, so memory stays bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from generator.errors import GeneratorError
from generator.formats import guess_format
from generator.render.formatting import plural
from generator.site import load_site
from generator.sources import PROBE_FORMATS
from generator.sources.base import (
    PROBE_SNAPSHOTS,
    ProbeReader,
    ProbeSnapshot,
    SourceContext,
    reader_for,
)
from generator.sources.generic import read_csv as read_generic_csv
from generator.sources.generic_columnar import partitions_of, read_csv_columnar, write_columnar
from generator.store.bounds import TimeWindow
from generator.store.csvlog import WriteSummary
from generator.store.imported import Imported, ImportedRecord, file_digest, import_key
from generator.store.layout import DataDir
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
    window = TimeWindow.for_sla(site.sla.terms.effective_date, int(time.time()))
    opener = PROBE_SNAPSHOTS.get(name)
    if opener is not None:
        return _import_snapshot(opener, options.file, context, window, site.data)
    if reader is read_generic_csv:
        return _import_own_csv(options, name, context, window, site.data)
    return _import_records(reader, options, context, window, site.data)


def _import_own_csv(
    options: ImportOptions, name: str, context: SourceContext, window: TimeWindow, data: DataDir
) -> ImportResult:
    """Our own CSV, read as columns; a file they cannot vouch for goes the reference way,
    which names the line and field at fault. The same file imported again into the
    partitions as it left them is a no-op known without reading it (store/imported.py)."""
    record = ImportedRecord(data.root)
    try:
        content = file_digest(options.file)
        settings = [name, options.location, options.monitor]
        key = import_key(content, settings, [data.sla_file, data.services_file])
    except OSError:
        key = None  # the reference reader says why the file cannot be read
    known = None if key is None else record.lookup(key)
    if known is not None:
        return ImportResult(
            known.records,
            WriteSummary(unchanged=known.samples),
            WriteSummary(unchanged=known.intervals),
        )
    columnar = read_csv_columnar(options.file, context, window)
    if columnar is not None:
        with write_lock(data.root):
            written = write_columnar(data, columnar)
            if written is not None:
                result = ImportResult(columnar.records, *written)
                if key is not None and _unchanged(options.file, content):
                    s, i = result.samples, result.intervals
                    imported = Imported(
                        result.records,
                        s.added + s.updated + s.unchanged,
                        i.added + i.updated + i.unchanged,
                    )
                    record.remember(key, imported, partitions_of(data, columnar))
                return result
    return _import_records(read_generic_csv, options, context, window, data)


def _unchanged(file: Path, digest: str) -> bool:
    """The file still holds the bytes its digest was taken of (so they are what was read)."""
    try:
        return file_digest(file) == digest
    except OSError:
        return False


def _import_records(
    reader: ProbeReader,
    options: ImportOptions,
    context: SourceContext,
    window: TimeWindow,
    data: DataDir,
) -> ImportResult:
    batch = reader(options.file, context)
    check_records([*batch.samples, *batch.intervals], window, options.file)
    # validated in full above: only now is anything written
    with write_lock(data.root):
        samples = write_samples(data, batch.samples, window=window, origin=options.file)
        intervals = write_intervals(data, batch.intervals, window=window, origin=options.file)
    return ImportResult(len(batch), samples, intervals)


def _import_snapshot(
    opener: Callable[[Path], ProbeSnapshot],
    file: Path,
    context: SourceContext,
    window: TimeWindow,
    data: DataDir,
) -> ImportResult:
    """Check every batch of one snapshot, then write them: all or nothing, in little memory."""
    snapshot = opener(file)
    try:
        records = 0
        for batch in snapshot.batches(context):
            check_records(chain(batch.samples, batch.intervals), window, file)
            records += len(batch)
        samples, intervals = WriteSummary(), WriteSummary()
        with write_lock(data.root):
            for batch in snapshot.batches(context, warn=False):
                samples += write_samples(data, batch.samples, window=window, origin=file)
                intervals += write_intervals(data, batch.intervals, window=window, origin=file)
    finally:
        snapshot.close()
    return ImportResult(records, samples, intervals)
