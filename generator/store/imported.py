"""What ``statusgen import probes`` last stored from a file, so importing the same file
again into an unchanged store is known to be a no-op without reading a row.

After an import, the latest stored line of every key the file holds is that file's own
line, so importing the very same bytes again, with the same configuration, into
partitions still exactly as that import left them, adds and updates nothing and finds
every record already stored. The record keeps, per import, a digest of what decides the
outcome (the file's bytes, the format and options, the SLA and services files' bytes,
the statusgen version and the digest of every partition the file's records belong to,
taken under the write lock right after writing. A re-import is answered from the record
only when all of them are the same again: any other write to those partitions (an
update, a compaction, a hand edit) changes a digest, and the import reads everything.

It lives in the derived cache (``imported.json`` under
:func:`~generator.store.cache.cache_root`), holds the last :data:`KEEP` imports, is
replaced whole by an atomic rename, and is ignored when missing, damaged or unwritable.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import xxhash

from generator import __version__
from generator.atomic import write_atomic
from generator.store.cache import cache_root, digest_of, partition_digest

log = logging.getLogger(__name__)

FILE = "imported.json"
KEEP = 16
_CHUNK = 1 << 24


def file_digest(path: Path) -> str:
    """XXH3-128 of a file's bytes (as :func:`~generator.store.cache.digest_of`), read in
    chunks so a large import file is not held twice in memory."""
    hasher = xxhash.xxh3_128()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def import_key(content: str, settings: list[str | None], config: list[Path]) -> str:
    """The key of one import: the file's content digest, the format and options that read
    it, the bytes of the configuration files and the statusgen version."""
    parts = [__version__, content, json.dumps(settings)]
    parts += [digest_of(path.read_bytes()) for path in config]
    return digest_of("\x00".join(parts).encode())


@dataclass(frozen=True)
class Imported:
    """What the import stored: its records and how many were samples and intervals."""

    records: int
    samples: int
    intervals: int


class ImportedRecord:
    def __init__(self, data_root: Path) -> None:
        self.data_root = data_root
        self.path = cache_root(data_root) / FILE
        try:
            content = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            content = None
        entries = content.get("entries") if isinstance(content, dict) else None
        self.entries: dict[str, object] = entries if isinstance(entries, dict) else {}

    def lookup(self, key: str) -> Imported | None:
        """The earlier import of the same file and configuration, if every partition it
        wrote to is still exactly as it left them."""
        entry = self.entries.get(key)
        if not isinstance(entry, dict):
            return None
        counts, partitions = entry.get("counts"), entry.get("partitions")
        if not (
            isinstance(counts, list)
            and len(counts) == 3
            and all(isinstance(n, int) for n in counts)
            and isinstance(partitions, dict)
        ):
            return None
        for relative, digest in partitions.items():
            try:
                if partition_digest(self.data_root, self.data_root / relative) != digest:
                    return None
            except OSError:
                return None
        return Imported(*counts)

    def remember(self, key: str, imported: Imported, partitions: list[Path]) -> None:
        """Record an import just written; the caller still holds the write lock, so the
        partitions are as the import left them."""
        try:
            digests = {
                str(path.relative_to(self.data_root)): digest_of(path.read_bytes())
                for path in sorted(partitions)
            }
        except (OSError, ValueError):
            return
        entry = {
            "counts": [imported.records, imported.samples, imported.intervals],
            "partitions": digests,
        }
        kept = [(k, v) for k, v in self.entries.items() if k != key][-(KEEP - 1) :]
        content = {"entries": dict([*kept, (key, entry)])}
        try:
            write_atomic(self.path, json.dumps(content, separators=(",", ":")).encode())
        except OSError as exc:
            log.debug("%s: not written: %s", self.path, exc)
