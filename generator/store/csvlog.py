"""Append-only CSV partitions with "last row per key wins".

Each partition is a small CSV file (one month of one monitor, say). Writing never edits a
line: new and changed records are appended, so a scheduled run's commit is a few added
lines, a diff anyone can read, and history is never lost. When a key appears more than once
the last line wins, which is how a record is updated (an ongoing outage gets its end, a
ticket gets its answer).

A write is validated in full before anything is touched, and runs under the data
directory's write lock (:mod:`generator.store.lock`) from reading a partition to replacing
it. Every changed partition is first written to a temporary file beside it
(``.<name>.<random>.tmp``) and flushed to disk; only then are they renamed into place and
their directories flushed, so a reader sees the old partition or the new one, never half of
one. A failed write (a full disk, say) removes its temporary files and leaves every
partition as it was; a killed one leaves temporary files that the next write removes.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

from generator.atomic import sync_directory
from generator.errors import RecordError
from generator.store.bounds import READ_FIELD_LIMIT, FieldError
from generator.store.layout import compacted_through
from generator.store.lock import StoreError

Row = tuple[str, ...]
T = TypeVar("T")


@dataclass
class WriteSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    files: list[Path] = field(default_factory=list)

    def __iadd__(self, other: WriteSummary) -> WriteSummary:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.files.extend(other.files)
        return self


# what tempfile.mkstemp(prefix=".<name>.", suffix=".tmp") makes for a partition <name>.csv
TEMP_FILE = re.compile(r"^\.[^/]+\.csv\.[A-Za-z0-9_]{8}\.tmp$")


def open_partition(path: Path, content: bytes | None = None) -> IO[str]:
    """A stored partition opened for reading (or its ``content``, when the caller has read
    it already), or a one-line error saying why it cannot be."""
    if content is not None:
        try:
            return io.StringIO(content.decode("utf-8"), newline="")
        except UnicodeDecodeError:
            raise RecordError("not UTF-8 text", file=path) from None
    try:
        return path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise unreadable(path, exc) from None


def unreadable(path: Path, exc: OSError) -> StoreError:
    """The one-line error for a partition that cannot be read."""
    if isinstance(exc, IsADirectoryError):
        return StoreError("is a directory where a partition file belongs", file=path)
    return StoreError(f"cannot be read: {exc.strerror or exc}", file=path)


def _csv_error(path: Path, line: int, exc: csv.Error) -> RecordError:
    if "field larger than field limit" in str(exc):
        return RecordError(
            f"a value is longer than {READ_FIELD_LIMIT:,} characters", file=path, line=line
        )
    return RecordError(f"not valid CSV: {exc}", file=path, line=line)


def stored_rows(
    path: Path, columns: Sequence[str], content: bytes | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(line number, values) for each line of a stored partition, header and width checked:
    of the file at ``path``, or of its ``content`` when the caller has read it.

    An empty file is an empty partition; anything unreadable is a one-line error.
    """
    with open_partition(path, content) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                return
            if tuple(header) != tuple(columns):
                raise RecordError(f"header must be {','.join(columns)}", file=path, line=1)
            for row in reader:
                if not row:
                    continue
                if len(row) != len(columns):
                    raise RecordError(
                        f"has {len(row)} values, expected {len(columns)}",
                        file=path,
                        line=reader.line_num,
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise _csv_error(path, reader.line_num, exc) from None
        except UnicodeDecodeError:
            raise RecordError("not UTF-8 text", file=path) from None


def read_latest(path: Path, columns: Sequence[str], key: Sequence[int]) -> dict[Row, Row]:
    """The latest row for each key in one partition (empty if it does not exist)."""
    latest: dict[Row, Row] = {}
    if path.exists():
        for _, row in stored_rows(path, columns):
            record = tuple(row)
            latest[tuple(record[i] for i in key)] = record
    return latest


def _encode(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def plan_append(
    path: Path, columns: Sequence[str], key: Sequence[int], rows: Sequence[Row]
) -> tuple[list[Row], WriteSummary]:
    """Which of ``rows`` must be appended to ``path``, and what that amounts to."""
    latest = read_latest(path, columns, key)
    summary = WriteSummary()
    to_write: list[Row] = []
    for row in rows:
        k = tuple(row[i] for i in key)
        stored = latest.get(k)
        if stored == row:
            summary.unchanged += 1
            continue
        if stored is None:
            summary.added += 1
        else:
            summary.updated += 1
        latest[k] = row
        to_write.append(row)
    return to_write, summary


def append_partitions(
    partitions: dict[Path, list[Row]], columns: Sequence[str], key: Sequence[int]
) -> WriteSummary:
    """Append rows to many partitions, all or nothing as far as the file system allows.

    The caller holds the data directory's write lock, from before it read anything it
    planned with until this returns.
    """
    total = WriteSummary()
    encoded: dict[Path, bytes] = {}
    for path, rows in sorted(partitions.items()):
        to_write, summary = plan_append(path, columns, key, rows)
        total += summary
        if to_write:
            encoded[path] = _encode(to_write).encode()
    total.files.extend(append_encoded(encoded, columns))
    return total


def append_encoded(partitions: dict[Path, bytes], columns: Sequence[str]) -> list[Path]:
    """Append already planned and CSV-encoded lines to many partitions, all or nothing as
    far as the file system allows; the partitions written, in order.

    The caller holds the data directory's write lock and planned ``partitions`` under it.
    """
    with StagedAppend(columns) as staged:
        for path, payload in sorted(partitions.items()):
            staged.stage(path, payload)
        return staged.commit()


class StagedAppend:
    """One write's appends to many partitions, all or nothing as far as the file system
    allows: each partition's new content is staged (written and flushed to a temporary
    file beside it) when :meth:`stage` is given its lines, so they need not all be held at
    once; :meth:`commit` renames them all into place. Leaving the ``with`` block without
    committing removes what was staged. Stage partitions in sorted order: the first
    closed (compacted) one is the one named.

    The caller holds the data directory's write lock and planned every payload under it.
    Threads may stage different partitions at once; they are committed in path order.
    """

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = columns
        self.staged: list[tuple[Path, Path]] = []
        self._made: list[Path] = []  # directories staging created, removed if nothing lands
        self._committed = False

    def __enter__(self) -> StagedAppend:
        return self

    def __exit__(self, *exc: object) -> None:
        for _, tmp in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged = []
        if not self._committed:
            for directory in sorted(set(self._made), key=lambda d: len(d.parts), reverse=True):
                with contextlib.suppress(OSError):  # only if empty: another's file keeps it
                    directory.rmdir()

    def stage(self, path: Path, payload: bytes | memoryview) -> None:
        if not len(payload):
            return
        # compacted history is closed: a sample added to it (or before it) would change
        # the runs it was turned into, unseen
        if (through := compacted_through(path)) is not None:
            raise StoreError(
                f"samples of this month cannot be added: the monitor's samples are compacted "
                f"through {through}; nothing was changed",
                file=path,
            )
        missing = path.parent
        while not missing.exists():
            self._made.append(missing)
            missing = missing.parent
        self.staged.append((path, _stage(path, self.columns, payload)))

    def commit(self) -> list[Path]:
        """Rename every staged partition into place; the partitions written, in order."""
        staged, self.staged = sorted(self.staged), []  # staged by threads in any order
        self._committed = True
        directories: set[Path] = set()
        for index, (path, tmp) in enumerate(staged):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                for _, left in staged[index:]:
                    left.unlink(missing_ok=True)
                done = f"; {index} other partitions of this write were stored" if index else ""
                raise StoreError(
                    f"cannot be replaced ({exc.strerror or exc}){done}", file=path
                ) from None
            directories.add(path.parent)
        for directory in sorted(directories):
            sync_directory(directory)
        return [path for path, _ in staged]


def _stage(path: Path, columns: Sequence[str], payload: bytes | memoryview) -> Path:
    """``path``'s current content plus ``payload`` (encoded lines), written and flushed to a temporary file
    beside it; on any failure nothing is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            old = path.read_bytes()  # read and checked line by line by plan_append
            mode = path.stat().st_mode & 0o777
        else:
            old, mode = _encode([tuple(columns)]).encode(), 0o644
        if not old:  # an empty partition has no header yet
            old = _encode([tuple(columns)]).encode()
        if not old.endswith(b"\n"):
            old += b"\n"
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(old)
            handle.write(payload)
            handle.flush()
            os.fchmod(handle.fileno(), mode)  # mkstemp makes it private; keep the partition's
            os.fsync(handle.fileno())
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise
    return tmp


def _write_error(path: Path, exc: OSError) -> StoreError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        why = "the disk is full or the file size limit was reached"
    else:
        why = exc.strerror or str(exc)
    return StoreError(f"cannot be written ({why}); nothing was changed", file=path)


def remove_temp_files(roots: Iterable[Path]) -> list[Path]:
    """Remove temporary partition files a killed writer left under ``roots``.

    Only files named as :func:`_stage` names them, and only with the write lock held: no
    other writer can be using one then.
    """
    removed: list[Path] = []
    for path in leftover_temp_files(roots):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass  # not ours to insist on; check reports what is left
    return removed


def leftover_temp_files(roots: Iterable[Path]) -> list[Path]:
    """Temporary partition files under ``roots`` (a write in progress, or a killed one)."""
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for directory, _, names in os.walk(root):
            for name in names:
                candidate = Path(directory) / name
                if TEMP_FILE.match(name) and candidate.is_file() and not candidate.is_symlink():
                    found.append(candidate)
    return sorted(found)


def checked_rows(
    path: Path,
    columns: Sequence[str],
    parse: Callable[[dict[str, object]], T],
    content: bytes | None = None,
) -> Iterator[tuple[int, T]]:
    """Every line of a stored partition (or of its ``content``, read already) as (line
    number, ``parse(record)``).

    The header and each line's number of values are checked here; ``parse`` checks the
    values and raises FieldError, which becomes a RecordError naming file, line and field.
    """
    for line, row in stored_rows(path, columns, content):
        try:
            value = parse(dict(zip(columns, row, strict=True)))
        except FieldError as exc:
            raise RecordError(exc.message, file=path, line=line, field=exc.field) from None
        yield line, value
