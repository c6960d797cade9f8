"""Closed periods' reports kept between builds, reused while their inputs are unchanged.

A period that ended before the as-of time is settled by its records: its uptime section is
a function of the probe partitions it reads, the incidents and maintenance windows that meet
it (as read from their files: nothing else of a file is in any report), the SLA and services
files and statusgen itself (its version and a digest of its source, read once per
process). Each entry is the report's JSON under
``<cache root>/reports/<period>.json`` (beside the columnar cache, gitignored) with a key
made of those inputs; an entry whose key differs, or that is missing or unreadable, is a
miss and the report is computed afresh.

What a closed report still takes from the as-of time is put back on reuse, not stored:
its stamp, ``generated_at`` and ``period.as_of`` (the moment its figures last changed up
to the as-of time, :mod:`generator.reporting.settled`), the terms (their review may have
fallen overdue since) and the support section (a ticket still unanswered keeps its pending
state until its deadline passes, and the ticket store is read anyway). The as-of time's
other effects on a closed period enter the key: its incidents as known then (their updates
and resolutions), and its maintenance windows' states.

Files are keyed by a digest of their bytes (:func:`generator.store.cache.digest_of`), never
by their modification time (a copy or a checkout can keep an old one, and a fresh checkout
gives every file a new one).

A report is kept only when its partitions are as they were before it was built from them
(:meth:`ReportReuse.load` looks, :meth:`ReportReuse.keep` looks again): the key is made
after the build, from the partitions as they are then, so a partition an import wrote while
the report read it would otherwise key the new content with figures of the old.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import time
from dataclasses import asdict, replace
from datetime import datetime
from functools import cache as memo
from importlib.metadata import version
from pathlib import Path
from typing import Any

import xxhash

from generator import __version__
from generator.atomic import write_atomic
from generator.compute.periods import Period, meets
from generator.compute.uptime import lookback
from generator.locales import catalogue_path
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.model.report import Report, UptimeSection
from generator.reporting.kept import code_digest, decode
from generator.reporting.monitor_reads import partition_directories
from generator.reporting.period import data_relative
from generator.site import Site
from generator.store import cache
from generator.store.cache import cache_root
from generator.store.probes import month_of, months_overlapping
from generator.timeutil import format_instant

log = logging.getLogger(__name__)

FORMAT = 4  # bump when an entry's shape or the key's inputs change


def _file_key(path: Path) -> list[Any]:
    """A file's content, by its digest. Not its modification time: a checkout gives every
    file a new one, and the scheduled workflow builds in a fresh checkout with the cache
    restored, where the reports kept by the run before must still be found."""
    return [cache.digest_of(path.read_bytes())]


def _partition_key(data_root: Path, path: Path | str) -> list[Any]:
    """A probe partition's content, by the digest the columnar cache knows
    (:func:`generator.store.cache.partition_digest`): of the bytes this build read, or
    vouched for by the cache, so unchanged history is not hashed again."""
    return [cache.partition_digest(data_root, path)]


def _named(directory: tuple[str, str], names: list[str]) -> list[tuple[str, str]]:
    """Each of ``names`` in ``directory`` (its path on disk, and in the data directory), as
    (its path in the data directory, its path on disk)."""
    path, inside = directory
    return [(f"{inside}/{name}", os.path.join(path, name)) for name in names]


class ReportReuse:
    """The reports of closed periods kept from earlier builds of one data directory."""

    def __init__(self, site: Site, as_of: int) -> None:
        """``site`` as known at ``as_of`` (:meth:`Site.known_at`)."""
        self.site = site
        self.as_of = as_of
        self.root = cache_root(site.data.root) / "reports"
        self.reused: list[str] = []
        self._listed: dict[str, list[str]] = {}
        self._partitions_of: dict[str, list[tuple[str, str]]] = {}  # period id -> _read_by's
        # per closed period: when load() looked, and what its partitions were like then
        self._seen: dict[str, tuple[int, list[tuple[Any, ...] | None] | None]] = {}
        data = site.data
        self._shared = {
            "format": FORMAT,
            "version": __version__,
            "code": code_digest(),
            "sla": _file_key(data.sla_file),
            "services": _file_key(data.services_file),
        }

    def closed(self, period: Period) -> bool:
        # ended strictly before the as-of time: nothing in it is ongoing any more
        return period.end < self.as_of

    def key(self, period: Period) -> str:
        partitions = []
        root = self.site.data.root
        for relative, path in self._read_by(period):
            try:
                digest = _partition_key(root, path)
            except FileNotFoundError:  # a month without records
                continue
            partitions.append([relative, *digest])
        inputs = {
            **self._shared,
            "period": [period.id, period.start, period.end],
            "partitions": partitions,
            "records": self._records(period),
        }
        return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def _records(self, period: Period) -> dict[str, list[Any]]:
        """The incidents and maintenance windows that meet the period, whole, as known at
        the as-of time (each window with its state then). No other is in its report: an
        incident declared, updated or resolved in a later period, as the running one's are
        every few minutes while it lasts, leaves the closed periods' reports kept."""

        def plain(record: Incident | Maintenance) -> dict[str, Any]:
            return {**asdict(record), "file": data_relative(record.file, self.site)}

        return {
            "incidents": [
                plain(i) for i in self.site.incidents if period.meets(i.started, i.resolved)
            ],
            "maintenance": [
                [plain(m), m.state(self.as_of)]
                for m in self.site.maintenance
                if period.meets(m.start, m.end)
            ],
        }

    def _read_by(self, period: Period) -> list[tuple[str, str]]:
        """The partitions the period's report reads, whether they exist or not, each by its
        path in the data directory and on disk, named once per build (looked at and keyed
        before and after the report is built). A rebuild keys hundreds of partitions:
        pathlib's work for each was most of the cost."""
        named = self._partitions_of.get(period.id)
        if named is not None:
            return named
        named = self._partitions_of[period.id] = []
        last = month_of(period.end - 1)
        for monitor in self.site.services.monitors.values():
            samples, intervals, runs = partition_directories(self.site.data, monitor.id)
            months = months_overlapping(period.start - lookback(monitor), period.end)
            named += _named(samples, [f"{month}.csv" for month in months])
            # state intervals, and compacted runs (generator/store/compact.py), are read
            # from the first month on
            for directory in (intervals, runs):
                names = [n for n in self._listing(directory) if n[: -len(".csv")] <= last]
                named += _named(directory, names)
        return named

    def _look(self, period: Period, started: int) -> list[tuple[Any, ...] | None] | None:
        """What the period's partitions are like: each one's stat (None: absent) and,
        where the stat cannot vouch for its content (changed within RACY_NS of
        ``started``: a write in the same clock tick keeps it), the digest of its bytes.
        None when one cannot be looked at: the report's own reading says why."""
        looks: list[tuple[Any, ...] | None] = []
        for _, path in self._read_by(period):
            try:
                stat = os.stat(path)
                look: tuple[Any, ...] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                if stat.st_ctime_ns >= started - cache.RACY_NS:
                    look += (cache.digest_of(Path(path).read_bytes()),)
            except FileNotFoundError:
                looks.append(None)
                continue
            except OSError:
                return None
            looks.append((*look, stat.st_ctime_ns))
        return looks

    def _unchanged_since_load(self, period: Period) -> bool:
        """Whether the period's partitions are as :meth:`load` found them before the report
        was built from them: else a partition written while the report read it could be
        keyed by its new content with figures of its old."""
        seen = self._seen.get(period.id)
        if seen is None or seen[1] is None:
            return False
        return seen[1] == self._look(period, seen[0])

    def _listing(self, directory: tuple[str, str]) -> list[str]:
        """The partitions in ``directory`` (``*.csv``, as glob finds them), listed once per
        build: every closed period reads them from the first month on."""
        listed = self._listed.get(directory[1])
        if listed is None:
            try:
                names = os.listdir(directory[0])
            except OSError:  # no such directory: no intervals or runs kept
                names = []
            listed = sorted(n for n in names if n.endswith(".csv") and not n.startswith("."))
            self._listed[directory[1]] = listed
        return listed

    def _path(self, period: Period) -> Path:
        return self.root / f"{period.id}.json"

    def load(self, period: Period) -> Report | None:
        """The kept report of closed ``period``, less what the as-of time adds, or None.
        Called before the report is built, also when nothing is kept: :meth:`keep` keeps
        only a report whose partitions did not change from here on."""
        if not self.closed(period):
            return None
        started = time.time_ns()
        self._seen[period.id] = (started, self._look(period, started))
        try:
            entry = json.loads(self._path(period).read_text(encoding="utf-8"))
            if entry.get("key") != self.key(period):
                return None
            report = decode(Report, entry["report"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.debug("%s: kept report not used: %s", period.id, exc)
            return None
        if not isinstance(report, Report) or not isinstance(report.uptime, UptimeSection):
            return None
        self.reused.append(period.id)
        return report

    def keep(self, period: Period, report: Report) -> None:
        """Keep the report of closed ``period`` for the next build (never required)."""
        if not self.closed(period):
            return
        if not self._unchanged_since_load(period):
            log.debug("%s: not kept: its records changed while it was built", period.id)
            return
        # what the as-of time adds is put back on reuse (as_known_at), so not kept
        entry = {"key": self.key(period), "report": replace(report, support=None).to_json()}
        path = self._path(period)
        try:
            write_atomic(path, json.dumps(entry).encode("utf-8"))
        except OSError as exc:
            log.debug("%s: not kept: %s", path, exc)


def as_known_at(report: Report, as_of: int, site: Site, terms: Any, support: Any) -> Report:
    """A kept closed report with what the as-of time adds put back: ``as_of`` is its stamp
    (:func:`generator.reporting.settled.settled_at`), ``terms`` and ``support`` as of it."""
    at = format_instant(as_of, site.sla.timezone)
    return replace(
        report,
        generated_at=at,
        period=replace(report.period, as_of=at),
        terms=terms,
        support=support,
    )


@memo
def _chart_inputs() -> bytes:
    """What every chart is drawn with besides its job, once per process (the installed
    releases are looked up in the distributions' metadata; those this process has loaded
    are the ones it draws with)."""
    inputs = (FORMAT, __version__, code_digest(), version("matplotlib"), version("babel"))
    return pickle.dumps(inputs, protocol=5)


class PdfReuse:
    """Closed periods' PDF bytes kept between builds. A PDF is a function of its report (as
    published, its stamp included), the written incidents that meet its period and their
    titles, the SLA and services files, the translation and logo it uses, and statusgen,
    so the key is made of exactly those; it is reused while they are unchanged. A closed
    period's report is stamped with the moment it last changed, not the build's as-of time
    (:mod:`generator.reporting.settled`), so the scheduled build reuses it run after run.

    An entry not used by a build and older than :data:`KEEP_UNUSED` seconds is removed by
    that build (:meth:`prune`), as the charts' are."""

    KEEP_UNUSED = 600

    def __init__(self, site: Site) -> None:
        self.root = cache_root(site.data.root) / "pdf"
        self.sla = _file_key(site.data.sla_file)
        # what a blip is (the downtime chart's day colours)
        self.services = _file_key(site.data.services_file)
        # a corrected translation draws the PDF again
        catalogue = catalogue_path(site.sla.language)
        self.catalogue = _file_key(catalogue) if catalogue.is_file() else []
        # the cover's logo, and the written incidents the downtime chart colours days by
        logo = site.sla.brand.logo
        self.logo = _file_key(logo) if logo is not None else []
        self.incidents = site.incidents
        self.reused: list[str] = []
        self.used: set[str] = set()  # the entries this build loaded or kept

    def _incidents(self, report: Report) -> list[list[Any]]:
        """The written incidents that meet the report's period: only those mark its days
        (one declared in a later period does not draw the closed periods' PDFs again)."""
        lo = int(datetime.fromisoformat(report.period.start).timestamp())
        hi = int(datetime.fromisoformat(report.period.end).timestamp())
        return [
            [i.id, i.impact, i.started, i.resolved, sorted(i.components)]
            for i in self.incidents
            if meets(i.started, i.resolved, lo, hi)
        ]

    def _key(self, report: Report, titles: dict[str, str]) -> str:
        incidents = self._incidents(report)
        inputs = {
            "format": FORMAT,
            "version": __version__,
            "code": code_digest(),
            "sla": self.sla,
            "services": self.services,
            "catalogue": self.catalogue,
            "logo": self.logo,
            "incidents": incidents,
            "report": report.to_json(),
            # the titles of those incidents: the outages it lists name no others
            "titles": {i[0]: titles.get(i[0]) for i in incidents},
        }
        return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def load(self, report: Report, titles: dict[str, str]) -> bytes | None:
        name = f"{self._key(report, titles)}.pdf"
        try:
            data = (self.root / name).read_bytes()
        except OSError:
            return None
        if not data.startswith(b"%PDF-"):
            return None
        self.reused.append(report.period.id)
        self.used.add(name)
        return data

    def keep(self, report: Report, titles: dict[str, str], data: bytes) -> None:
        name = f"{self._key(report, titles)}.pdf"
        try:
            write_atomic(self.root / name, data)
        except OSError as exc:
            log.debug("%s: not kept: %s", self.root / name, exc)
            return
        self.used.add(name)

    def prune(self) -> None:
        """Remove the kept PDFs this build did not use that no build used lately: a closed
        period's PDF is kept under a new key whenever its report or stamp changes, and a
        machine that keeps its cache (a self-hosted runner, ``serve``) would keep them all."""
        prune_unused(self.root, self.used, ".pdf", self.KEEP_UNUSED)


class ChartReuse:
    """The site's charts kept between builds. A chart is drawn from its job alone (the
    chart function's name, its arguments and options: plain data), so it is kept under a
    digest of the pickled job, statusgen, matplotlib and Babel (whose locale data writes
    the ticks), and a build draws only the charts whose digest it does not find. The charts of a closed period, and of every component
    whose records did not change since the build before (at the same as-of time), are
    placed in the site from here instead of drawn (linked, so an entry is never written
    into: it is replaced by rename and removed by unlink).

    An entry not used by a build and older than :data:`KEEP_UNUSED` seconds is removed
    by that build; a concurrent build (``serve`` beside a scheduled one) at worst draws a
    removed chart again."""

    KEEP_UNUSED = 600

    def __init__(self, data_root: Path) -> None:
        self.root = cache_root(data_root) / "charts"
        self._inputs = _chart_inputs()
        self.used: set[str] = set()

    def path(self, job: tuple[Any, ...]) -> Path:
        """Where the chart ``job`` draws is kept. Equal jobs pickle to equal bytes; a job
        that pickles otherwise (the same value in another form) is merely a miss."""
        digest = xxhash.xxh3_128(self._inputs)
        digest.update(pickle.dumps(job, protocol=5))
        return self.root / f"{digest.hexdigest()}.svg"

    def load(self, path: Path) -> Path | None:
        """``path`` when it holds a kept chart, else None. An entry is written whole and
        renamed into place, so only its end is read: what a crash can leave (a renamed
        file whose bytes never reached the disk) is cut short or empty. The site gets the
        file itself (generator/mkdocs_plugin/chart_pool.py links it), not its text."""
        try:
            with path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                handle.seek(max(0, size - 64))
                end = handle.read()
        except OSError:
            return None
        if not end.rstrip().endswith(b"</svg>"):
            return None
        self.used.add(path.name)
        return path

    def prune(self) -> None:
        """Remove entries this build did not use that no build used lately."""
        prune_unused(self.root, self.used, ".svg", self.KEEP_UNUSED)


def prune_unused(root: Path, used: set[str], suffix: str, keep_unused: float) -> None:
    """Remove the entries of ``root`` named ``*suffix`` that are not in ``used`` and older
    than ``keep_unused`` seconds; the used ones are touched, so an entry's age is the time
    since a build last used it (a concurrent build at worst makes a removed entry again)."""
    now = time.time()
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.name in used:
                os.utime(entry.path, (now, now))
            elif entry.name.endswith(suffix) and entry.stat().st_mtime < now - keep_unused:
                os.unlink(entry.path)
        except OSError:
            continue
