"""What ``statusgen check`` has already found valid, so an unchanged partition is not
checked again.

A partition's validity depends on its bytes, on what its path says (its kind and month),
on the monitor's locations and max_gap from the services file, and on the rules of this
statusgen version. The record maps a digest of all of these (the bytes by
:func:`~generator.store.cache.digest_of`, whose content keys the columnar cache too) to
what the check found: the number of records and their time span. A partition whose
content, monitor or rules changed has another key, so it is checked again; nothing is
ever trusted by a file's name or time alone.

The record lives in the derived cache (``validated.json`` under
:func:`~generator.store.cache.cache_root`): gitignored, deleted at will (the next check
is a full one), replaced whole by an atomic rename so concurrent runs never read half of
it (the last one to finish wins; a lost entry costs only a re-check). It keeps only the
entries the last check used, so it never outgrows the store. A cache directory that
cannot be written is ignored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.atomic import write_atomic
from generator.store.cache import cache_root, digest_of, partition_digest
from generator.store.verify import PartitionStats, verify_partition
from generator.store.verify_columnar import verify_samples

log = logging.getLogger(__name__)

FILE = "validated.json"
# bump when a rule of generator/store/verify.py changes without a new version number
RULES = 1


def validation_key(
    content_digest: str, path: Path, locations: tuple[str, ...], max_gap: int | None
) -> str:
    """The key of one partition's check: its content, kind and month, the monitor's
    locations and max_gap, and the rules that judged it."""
    parts = [
        __version__,
        str(RULES),
        path.parent.parent.name,
        path.stem,
        json.dumps(list(locations)),
        str(max_gap),
        content_digest,
    ]
    return digest_of("\x00".join(parts).encode())


@dataclass
class ValidatedRecord:
    """The record of one data directory, read once and written once per check."""

    path: Path
    known: dict[str, list[int | None]]
    used: dict[str, list[int | None]] = field(default_factory=dict)

    @staticmethod
    def load(data_root: Path) -> ValidatedRecord:
        path = cache_root(data_root) / FILE
        try:
            content = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return ValidatedRecord(path, {})
        known = content.get("entries") if isinstance(content, dict) else None
        if not isinstance(known, dict) or content.get("rules") != [__version__, RULES]:
            return ValidatedRecord(path, {})
        return ValidatedRecord(path, known)

    def lookup(self, key: str) -> PartitionStats | None:
        entry = self.known.get(key)
        if (
            not isinstance(entry, list)
            or len(entry) != 3
            or not isinstance(entry[0], int)
            or not all(value is None or isinstance(value, int) for value in entry[1:])
        ):
            return None
        self.used[key] = entry
        return PartitionStats(entry[0], entry[1], entry[2])

    def remember(self, key: str, stats: PartitionStats) -> None:
        self.used[key] = [stats.records, stats.first, stats.last]

    def save(self) -> None:
        """Keep this check's entries (only if they differ from what was read)."""
        if self.used == self.known:
            return
        content = {"rules": [__version__, RULES], "entries": self.used}
        try:
            write_atomic(self.path, json.dumps(content, separators=(",", ":")).encode())
        except OSError as exc:
            log.debug("%s: not written: %s", self.path, exc)


def verify_known(
    record: ValidatedRecord,
    data_root: Path,
    path: Path,
    locations: tuple[str, ...],
    max_gap: int | None,
) -> PartitionStats:
    """:func:`~generator.store.verify.verify_partition`'s answer for one partition: from
    the record when it holds this very content under the same monitor and rules, else by
    checking it (whole columns for samples, line by line when they cannot vouch or for
    the other kinds), remembered when it passes. Errors are the line-by-line check's."""
    try:
        stats = record.lookup(
            validation_key(partition_digest(data_root, path), path, locations, max_gap)
        )
        raw = path.read_bytes() if stats is None else b""
    except OSError:  # the line-by-line check says what is wrong with it
        return verify_partition(path, locations, max_gap)
    if stats is not None:
        return stats
    key = validation_key(digest_of(raw), path, locations, max_gap)
    found = verify_samples(raw, locations) if path.parent.parent.name == "samples" else None
    if found is None:
        found = verify_partition(path, locations, max_gap)
        try:
            unchanged = path.read_bytes() == raw  # what was checked is what was hashed
        except OSError:
            unchanged = False
        if not unchanged:
            return found
    record.remember(key, found)
    return found
