"""A derived columnar copy of each stored partition, so a report does not re-parse CSV.

The CSV partitions stay the record of truth. Each partition read is kept as an Arrow IPC
file, memory-mapped on the next read, under ``.statusgen-cache/<data directory's name>/``
beside the data directory (gitignored; delete it at will: only speed changes), or under
``$STATUSGEN_CACHE_DIR``. Not inside the data directory: a command that reads the store
never changes it.

- **Never stale.** An entry records the partition's size, modification time, inode and
  change time, and a SHA-256 of its bytes. The stat fields alone are trusted only when the
  partition last changed well before the entry was made (a write within the same clock
  tick could otherwise go unseen, git's "racy" case); otherwise, or when any of them
  differs, the bytes are hashed and compared. A partition replaced by one of the same size
  and the same modification time has another inode and change time, so it is re-read.
- **Never required.** A missing, unreadable, corrupt or foreign entry is a miss: the CSV
  is parsed and the entry rewritten. A cache directory that cannot be written is ignored.
- **Safe under concurrent runs.** An entry is written to a temporary file and renamed into
  place; a reader maps the file it opened, which a rename never changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from generator.atomic import write_atomic

log = logging.getLogger(__name__)

CACHE_DIR = ".statusgen-cache"
FORMAT = 1  # bump when the cached tables change shape
RACY_NS = 2_000_000_000  # a change this close to the entry's making: check the bytes

_META = b"statusgen"


def cache_root(data_root: Path) -> Path:
    data_root = data_root.resolve()
    base = os.environ.get("STATUSGEN_CACHE_DIR")
    return (Path(base) if base else data_root.parent / CACHE_DIR) / data_root.name


def cache_path(data_root: Path, partition: Path) -> Path:
    relative = partition.resolve().relative_to(data_root.resolve())
    return cache_root(data_root) / relative.with_suffix(".arrow")


def _fingerprint(stat: os.stat_result) -> dict[str, int]:
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "ctime_ns": stat.st_ctime_ns,
        "ino": stat.st_ino,
    }


def _open_entry(path: Path) -> tuple[dict[str, object], pa.Table] | None:
    try:
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        meta = json.loads((table.schema.metadata or {}).get(_META, b"{}"))
    except (OSError, pa.ArrowException, ValueError):
        return None
    return (meta, table) if isinstance(meta, dict) else None


def _write_entry(path: Path, table: pa.Table, meta: dict[str, object]) -> None:
    try:
        schema = table.schema.with_metadata({_META: json.dumps(meta).encode()})
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, schema) as writer:
            writer.write_table(table.replace_schema_metadata(schema.metadata))
        write_atomic(path, sink.getvalue().to_pybytes())
    except (OSError, pa.ArrowException) as exc:
        log.debug("%s: not cached: %s", path, exc)


def read_through(
    data_root: Path, partition: Path, shape: str, parse: Callable[[bytes], pa.Table]
) -> pa.Table:
    """The table ``parse`` makes of the partition's bytes, from the cache when it holds
    this very content (``shape`` names the parse, so two parses of one file never mix).

    Errors of reading the partition, and of ``parse``, reach the caller unchanged.
    """
    stat = partition.stat()
    try:
        entry_path = cache_path(data_root, partition)
    except (OSError, ValueError):  # a partition outside the data directory
        return parse(partition.read_bytes())
    entry = _open_entry(entry_path)
    fresh = _fingerprint(stat)
    if entry is not None:
        meta, table = entry
        same_shape = meta.get("format") == FORMAT and meta.get("shape") == shape
        made = meta.get("made_ns")
        settled = isinstance(made, int) and stat.st_ctime_ns < made - RACY_NS
        if same_shape and settled and meta.get("stat") == fresh:
            return table
    made_ns = time.time_ns()
    content = partition.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if entry is not None:
        meta, table = entry
        if (
            meta.get("format") == FORMAT
            and meta.get("shape") == shape
            and (meta.get("sha256") == digest)
        ):
            # same bytes (a touched, copied or checked-out partition): remember its stat
            _write_entry(entry_path, table, {**meta, "stat": fresh, "made_ns": made_ns})
            return table
    table = parse(content)
    meta = {"format": FORMAT, "shape": shape, "stat": fresh, "sha256": digest, "made_ns": made_ns}
    _write_entry(entry_path, table, meta)
    return table
