"""Append-only CSV partitions with "last row per key wins".

Each partition is a small CSV file (one month of one monitor, say). Writing never edits a
line: new and changed records are appended, so a scheduled run's commit is a few added
lines, a diff anyone can read, and history is never lost. When a key appears more than once
the last line wins, which is how a record is updated (an ongoing outage gets its end, a
ticket gets its answer).

A write is validated in full before anything is touched, every changed partition is first
written to a temporary file beside it, and only then are they moved into place.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator.errors import RecordError

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


def read_latest(path: Path, columns: Sequence[str], key: Sequence[int]) -> dict[Row, Row]:
    """The latest row for each key in one partition (empty if it does not exist)."""
    latest: dict[Row, Row] = {}
    if not path.exists():
        return latest
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return latest
        if tuple(header) != tuple(columns):
            raise ValueError(f"{path}: header is {','.join(header)}, expected {','.join(columns)}")
        for row in reader:
            if row:
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
    """Append rows to many partitions, all or nothing as far as the file system allows."""
    total = WriteSummary()
    staged: list[tuple[Path, str]] = []
    try:
        for path, rows in sorted(partitions.items()):
            to_write, summary = plan_append(path, columns, key, rows)
            total += summary
            if not to_write:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            old = path.read_bytes() if path.exists() else _encode([tuple(columns)]).encode()
            if old and not old.endswith(b"\n"):
                old += b"\n"
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(old)
                handle.write(_encode(to_write).encode())
            staged.append((path, tmp))
            total.files.append(path)
    except BaseException:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for path, tmp in staged:
        os.replace(tmp, path)
    return total


def checked_rows(
    path: Path, columns: Sequence[str], parse: Callable[[dict[str, object]], T]
) -> Iterator[tuple[int, T]]:
    """Every line of a stored partition as (line number, ``parse(record)``).

    The header and each line's number of values are checked here; ``parse`` checks the
    values and raises FieldError, which becomes a RecordError naming file, line and field.
    """
    # imported here: the sources package imports the store to register its formats
    from generator.sources.fields import FieldError

    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None or tuple(header) != tuple(columns):
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
                try:
                    value = parse(dict(zip(columns, row, strict=True)))
                except FieldError as exc:
                    raise RecordError(
                        exc.message, file=path, line=reader.line_num, field=exc.field
                    ) from None
                yield reader.line_num, value
    except UnicodeDecodeError:
        raise RecordError("not UTF-8 text", file=path) from None
