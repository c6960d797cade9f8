"""A derived columnar copy of each stored partition, so a report does not re-parse CSV.

The CSV partitions stay the record of truth. Each partition read is kept as an Arrow IPC
file, memory-mapped on the next read, under ``.statusgen-cache/<data directory's name>/``
beside the data directory (gitignored; delete it at will: only speed changes), or under
``$STATUSGEN_CACHE_DIR``. Not inside the data directory: a command that reads the store
never changes it.

- **Never stale.** An entry records the partition's size, modification time, inode and
  change time, and a digest of its bytes (XXH3-128: an accidental collision between two
  versions of a file is as negligible as with SHA-256, at a seventh of the cost). The stat
  fields alone are trusted only when the
  partition last changed well before the entry was made (a write within the same clock
  tick could otherwise go unseen, git's "racy" case); otherwise, or when any of them
  differs, the bytes are hashed and compared. A partition replaced by one of the same size
  and the same modification time has another inode and change time, so it is re-read.
- **Never required.** A missing, unreadable, corrupt or foreign entry is a miss: the CSV
  is parsed and the entry rewritten. A cache directory that cannot be written is ignored.
- **Safe under concurrent runs.** An entry is written to a temporary file and renamed into
  place; a reader maps the file it opened, which a rename never changes.
- **Off the critical path.** A new entry's Arrow file is written by one background thread
  while the caller goes on with the table. :func:`flush` waits for
  it and stops the thread; a process does so before it forks (the site's chart workers),
  and at exit the interpreter waits for it anyway.
- **Digests without opening entries.** What a partition's digest is, known by its stat, is
  also noted in one small file per data directory (``digests.json`` in its cache
  directory), read once per process, so keying a kept report by hundreds of partitions
  does not open hundreds of Arrow files (:func:`partition_digest`). A note vouches for a
  partition by the rule an entry does (:func:`_vouches`); the file is merged and replaced
  whole by :func:`flush` and at exit, so a run beside another at worst loses a note, which
  costs a look into the entry.
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import xxhash

from generator.atomic import write_atomic

log = logging.getLogger(__name__)

CACHE_DIR = ".statusgen-cache"
FORMAT = 2  # bump when the cached tables or an entry's metadata change shape
RACY_NS = 2_000_000_000  # a change this close to the entry's making: check the bytes

_META = b"statusgen"


def cache_root(data_root: Path) -> Path:
    return _root(data_root, _cwd(data_root), os.environ.get("STATUSGEN_CACHE_DIR"))


def _cwd(path: Path) -> str:
    """What resolving ``path`` depends on besides the file system: the working directory,
    for a relative path (resolved paths are remembered per process, so a build that reads
    hundreds of partitions resolves its data directory once)."""
    return "" if path.is_absolute() else os.getcwd()


@functools.lru_cache(maxsize=64)
def _root(data_root: Path, cwd: str, base: str | None) -> Path:
    data_root = _resolved(data_root, cwd)
    return (Path(base) if base else data_root.parent / CACHE_DIR) / data_root.name


def cache_path(data_root: Path, partition: Path) -> Path:
    return _entry_path(cache_root(data_root), _relative(data_root, partition))


@functools.lru_cache(maxsize=4096)
def _entry_path(root: Path, relative: str) -> Path:
    return root / Path(relative).with_suffix(".arrow")


@functools.lru_cache(maxsize=64)
def _resolved(data_root: Path, cwd: str) -> Path:
    return data_root.resolve()


def _relative(data_root: Path, partition: Path) -> str:
    """``partition`` relative to the data directory; ValueError outside it. The usual
    partition path is built on the resolved data directory, so nothing is resolved again
    (and a build asks for each of hundreds of partitions more than once)."""
    root = str(_resolved(data_root, _cwd(data_root))) + os.sep
    path = str(partition)
    if path.startswith(root) and ".." not in partition.parts:
        return path[len(root) :]
    return partition.resolve().relative_to(root).as_posix()


def digest_of(content: bytes) -> str:
    """The digest statusgen keys derived data by: XXH3-128 of the bytes. Not a defence
    against a forged file (whoever can write the data can change it anyway), a check that
    the bytes are the ones an entry was made from."""
    return xxhash.xxh3_128_hexdigest(content)


def _fingerprint(stat: os.stat_result) -> dict[str, int]:
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "ctime_ns": stat.st_ctime_ns,
        "ino": stat.st_ino,
    }


def _open_entry(path: Path) -> tuple[dict[str, object], pa.Table] | None:
    if not os.path.isfile(path):  # the usual miss, without the cost of pyarrow's exception
        return None
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
        write_atomic(path, memoryview(sink.getvalue()))
    except (OSError, pa.ArrowException) as exc:
        log.debug("%s: not cached: %s", path, exc)


# What this process has read of each partition: its stat when read and the digest of the
# bytes the table was made of. A report
# kept for reuse is keyed by the content it was computed from (partition_digest), not by a
# later reading of a file that may have changed since.
_read: dict[Path, tuple[dict[str, int], str]] = {}
# Tables whose entries the writer has not written yet: the partition's stat and the shape
# they were read with, the table, the change time before which the stat is trusted, and
# the digest of the bytes it was made of.
_pending: dict[Path, tuple[dict[str, int], str, pa.Table, int, str]] = {}
_writer: ThreadPoolExecutor | None = None
_T = TypeVar("_T")


_writer_lock = threading.Lock()


def in_background(work: Callable[[], _T]) -> Future[_T]:
    """Run ``work`` (the writing of derived data, which nothing waits for) on the writer
    thread; :func:`flush` waits for it."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="statusgen-cache")
        return _writer.submit(work)


def flush() -> None:
    """Wait until every entry being made is written, and stop the writer thread: a process
    about to fork must have no other thread running. The digests noted meanwhile are
    saved too."""
    global _writer
    with _writer_lock:
        writer, _writer = _writer, None
    if writer is not None:
        writer.shutdown(wait=True)
    _save_notes()


class _Notes:
    """The digests of one data directory's partitions, each with the stat it was read with
    and when (as an entry's metadata has them), in ``digests.json`` of its cache directory:
    read once per process; what this process notes is merged into the file as it is then
    and replaced whole (:meth:`save`)."""

    def __init__(self, root: Path) -> None:
        self.path = root / DIGESTS
        self._saved: dict[str, dict[str, object]] | None = None
        self._changed: dict[str, dict[str, object] | None] = {}  # None: forgotten
        self._lock = threading.Lock()

    def get(self, relative: str) -> dict[str, object] | None:
        with self._lock:
            if relative in self._changed:
                return self._changed[relative]
            if self._saved is None:
                self._saved = self._read()
            return self._saved.get(relative)

    def note(self, relative: str, stat: object, made: object, digest: str) -> None:
        note = {"stat": stat, "made_ns": made, "digest": digest}
        with self._lock:
            if self._saved is None or self._saved.get(relative) != note:
                self._changed[relative] = note

    def forget(self, gone: Callable[[str], bool]) -> None:
        """Forget the partitions ``gone`` says are."""
        with self._lock:
            if self._saved is None:
                self._saved = self._read()
            for relative in [*self._saved, *self._changed]:
                if gone(relative):
                    self._changed[relative] = None

    def save(self) -> None:
        with self._lock:
            changed, self._changed = self._changed, {}
            if not changed:
                return
            notes = self._read()  # with what another run noted since this one read it
            for relative, note in changed.items():
                if note is None:
                    notes.pop(relative, None)
                else:
                    notes[relative] = note
            content = json.dumps({"format": FORMAT, "partitions": notes}, separators=(",", ":"))
            try:
                write_atomic(self.path, content.encode("utf-8"))
            except OSError as exc:
                log.debug("%s: not saved: %s", self.path, exc)
            self._saved = notes

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            saved = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(saved, dict) or saved.get("format") != FORMAT:
            return {}
        notes = saved.get("partitions")
        if not isinstance(notes, dict):
            return {}
        return {k: v for k, v in notes.items() if isinstance(v, dict)}


DIGESTS = "digests.json"
_notes_of: dict[Path, _Notes] = {}
_notes_lock = threading.Lock()


def _notes(root: Path) -> _Notes:
    with _notes_lock:
        notes = _notes_of.get(root)
        if notes is None:
            notes = _notes_of[root] = _Notes(root)
        return notes


@atexit.register
def _save_notes() -> None:
    with _notes_lock:
        every = list(_notes_of.values())
    for notes in every:
        notes.save()


_recorder = threading.local()


@contextmanager
def recording() -> Iterator[dict[str, str]]:
    """The partitions :func:`read_through` returns tables of in this thread meanwhile, by
    their path in the data directory, each with the digest of the bytes its table was made
    of: what a result computed from them was computed from (a partition outside the data
    directory is not named, so it is never vouched for)."""
    outer = getattr(_recorder, "reads", None)
    reads: dict[str, str] = {}
    _recorder.reads = reads
    try:
        yield reads
    finally:
        _recorder.reads = outer


def _record(relative: str, digest: str) -> None:
    reads = getattr(_recorder, "reads", None)
    if reads is not None:
        reads[relative] = digest


def read_through(
    data_root: Path, partition: Path, shape: str, parse: Callable[[bytes], pa.Table]
) -> pa.Table:
    """The table ``parse`` makes of the partition's bytes, from the cache when it holds
    this very content (``shape`` names the parse, so two parses of one file never mix).

    Errors of reading the partition, and of ``parse``, reach the caller unchanged.
    """
    stat = partition.stat()
    try:
        root, relative = cache_root(data_root), _relative(data_root, partition)
    except (OSError, ValueError):  # a partition outside the data directory
        return parse(partition.read_bytes())
    entry_path = _entry_path(root, relative)
    fresh = _fingerprint(stat)
    pending = _pending.get(entry_path)
    if pending is not None and pending[:2] == (fresh, shape) and stat.st_ctime_ns < pending[3]:
        # read a moment ago by this process, its entry not yet written; trusted by its
        # stat by the rule an entry is (settled well before it was read)
        _record(relative, pending[4])
        return pending[2]
    entry = _open_entry(entry_path)
    if entry is not None:
        meta, table = entry
        same_shape = meta.get("format") == FORMAT and meta.get("shape") == shape
        digest = meta.get("digest")
        if same_shape and _settled(meta, stat) and isinstance(digest, str):
            _read[entry_path] = (fresh, digest)
            _notes(root).note(relative, fresh, meta["made_ns"], digest)
            _record(relative, digest)
            return table
    made_ns = time.time_ns()
    content = partition.read_bytes()
    digest = digest_of(content)
    _read[entry_path] = (fresh, digest)
    _notes(root).note(relative, fresh, made_ns, digest)
    _record(relative, digest)
    if entry is not None:
        meta, table = entry
        if (
            meta.get("format") == FORMAT
            and meta.get("shape") == shape
            and meta.get("digest") == digest
        ):
            # the same bytes (a touched, copied or checked-out partition): remember its
            # stat, unless the entry already holds it and a new one would not be settled
            # either (a partition changed moments ago, read twice by one build)
            if meta.get("stat") != fresh or stat.st_ctime_ns < made_ns - RACY_NS:
                remembered = {**meta, "stat": fresh, "made_ns": made_ns}
                in_background(lambda: _write_entry(entry_path, table, remembered))
            return table
    table = parse(content)
    meta = {"format": FORMAT, "shape": shape, "stat": fresh, "digest": digest, "made_ns": made_ns}
    _pending[entry_path] = (fresh, shape, table, made_ns - RACY_NS, digest)

    def write() -> None:
        try:
            _write_entry(entry_path, table, meta)
        finally:
            if entry_path in _pending and _pending[entry_path][2] is table:
                del _pending[entry_path]

    in_background(write)
    return table


def _settled(meta: dict[str, object], stat: os.stat_result) -> bool:
    """The entry vouches for the partition by its stat alone (:func:`_vouches`)."""
    return _vouches(meta.get("stat"), meta.get("made_ns"), stat)


def _vouches(recorded: object, made: object, stat: os.stat_result) -> bool:
    """What was recorded of a partition (its stat ``recorded`` before its bytes were read,
    at ``made``) holds for it now: the same stat, last changed well before the reading (a
    write within the same clock tick could otherwise go unseen)."""
    return (
        recorded == _fingerprint(stat)
        and isinstance(made, int)
        and stat.st_ctime_ns < made - RACY_NS
    )


# What partition_digest found of each partition (by its absolute path) with the stat it
# was found with, where the stat alone vouches for it again (read by this process, or
# settled well before it was noted): a rebuild keys hundreds of partitions, and working
# out the cache's paths for each was most of the cost.
_known: dict[str, tuple[tuple[int, int, int, int], str]] = {}


def partition_digest(data_root: Path, partition: Path | str) -> str:
    """The digest of the partition's content (:func:`digest_of`): of the bytes this process
    last read while the partition's stat is unchanged since, else the one noted in the
    data directory's digests (:class:`_Notes`) or its cache entry's when that vouches for
    the partition by its stat, else of the bytes read now. So unchanged history is not
    hashed again, and a result keyed by it names the content it was computed from."""
    name = os.fspath(partition)
    stat = os.stat(name)
    seen = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    known = _known.get(name)
    if known is not None and known[0] == seen:
        return known[1]
    digest, vouched = _partition_digest(data_root, Path(name), stat)
    if vouched and os.path.isabs(name):
        _known[name] = (seen, digest)
    return digest


def _partition_digest(data_root: Path, partition: Path, stat: os.stat_result) -> tuple[str, bool]:
    """:func:`partition_digest`, and whether the stat alone vouches for it again."""
    fresh = _fingerprint(stat)
    try:
        root, relative = cache_root(data_root), _relative(data_root, partition)
    except (OSError, ValueError):
        return digest_of(partition.read_bytes()), False
    entry_path = _entry_path(root, relative)
    known = _read.get(entry_path)
    if known is not None and known[0] == fresh:
        return known[1], True
    notes = _notes(root)
    noted = notes.get(relative)
    if noted is not None and isinstance(noted.get("digest"), str) and _settled(noted, stat):
        return str(noted["digest"]), True
    try:
        with pa.memory_map(str(entry_path)) as source:
            metadata = pa.ipc.open_file(source).schema.metadata or {}
        meta = json.loads(metadata.get(_META, b"{}"))
        stored = meta.get("digest") if isinstance(meta, dict) else None
        if isinstance(stored, str) and _settled(meta, stat):
            notes.note(relative, fresh, meta["made_ns"], stored)
            return stored, True
    except (OSError, ValueError, pa.ArrowException):
        pass
    made_ns = time.time_ns()
    digest = digest_of(partition.read_bytes())
    notes.note(relative, fresh, made_ns, digest)
    return digest, _vouches(fresh, made_ns, stat)


def prune(data_root: Path) -> int:
    """Remove the entries whose partition is gone (a compacted month's samples file, a
    monitor's removed directory), so the cache does not keep forever what nothing reads
    any more; returns how many. Safe beside other runs: an entry is derived data, a reader
    maps the file it opened (a removal does not change it), and an entry removed just as
    its partition comes back is a miss, parsed again."""
    root = cache_root(data_root)
    data = _resolved(data_root, _cwd(data_root))
    removed = 0
    present = set()
    # by os.walk and strings: every build runs this over hundreds of entries
    for directory, _, names in os.walk(root):
        inside = os.path.relpath(directory, root)
        for name in names:
            if not name.endswith(".arrow"):
                continue
            relative = os.path.normpath(os.path.join(inside, name[: -len(".arrow")] + ".csv"))
            if os.path.exists(os.path.join(data, relative)):
                present.add(relative.replace(os.sep, "/"))
                continue
            try:
                os.unlink(os.path.join(directory, name))
                removed += 1
            except OSError:
                continue
    # and the digests noted of partitions that are gone (a few: one without an entry)
    _notes(root).forget(lambda noted: noted not in present and not (data / noted).exists())
    return removed
