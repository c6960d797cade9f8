"""Reading statusgen's own CSV and JSON Lines files record by record, with line numbers.

Shared by the probe and the ticket formats, so both treat headers, blank lines and
malformed lines the same way. A file that cannot be opened, a CSV value longer than the
store's read limit and a JSON line nested too deeply are one-line errors naming the line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from generator.errors import GeneratorError, RecordError
from generator.store.bounds import READ_FIELD_LIMIT

Records = Iterator[tuple[int, dict[str, object]]]


def csv_records(path: Path, columns: Sequence[str], required: Sequence[str] = ()) -> Records:
    """(line, record) for each non-blank row; unknown or missing header columns are errors
    (a misspelt column must not silently drop its data)."""
    with _open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            yield from _csv_rows(path, reader, columns, required)
        except csv.Error as exc:
            raise RecordError(_csv_problem(exc), file=path, line=reader.line_num + 1) from None


def _csv_rows(
    path: Path, reader: csv.DictReader[str], columns: Sequence[str], required: Sequence[str]
) -> Records:
    header = reader.fieldnames or []
    if not header:
        raise RecordError("the file is empty; expected a CSV header", file=path, line=1)
    for name in header:
        if name not in columns:
            raise RecordError(
                f"unknown column {name!r} in the header (expected {','.join(columns)})",
                file=path,
                line=1,
                field=name,
            )
    for name in required:
        if name not in header:
            raise RecordError("required column missing", file=path, line=1, field=name)
    for row in reader:
        if None in row:
            raise RecordError("more values than header columns", file=path, line=reader.line_num)
        if all(not (v or "").strip() for v in row.values()):
            continue
        yield reader.line_num, {k: v for k, v in row.items() if v is not None}


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a value is longer than {READ_FIELD_LIMIT:,} characters"
    return f"not valid CSV: {exc}"


def _open(path: Path, newline: str | None = None) -> IO[str]:
    try:
        return path.open(encoding="utf-8-sig", newline=newline)
    except IsADirectoryError:
        raise GeneratorError("is a directory, not a file", file=path) from None
    except OSError as exc:
        raise GeneratorError(f"cannot be read: {exc.strerror or exc}", file=path) from None


def jsonl_records(path: Path) -> Records:
    """(line, object) for each non-blank line, which must be a JSON object."""
    with _open(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if len(line) > READ_FIELD_LIMIT:
                raise RecordError(
                    f"the line is longer than {READ_FIELD_LIMIT:,} characters",
                    file=path,
                    line=number,
                )
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"not valid JSON: {exc.msg}", file=path, line=number) from None
            except RecursionError:
                raise RecordError(
                    "not valid JSON: nested too deeply", file=path, line=number
                ) from None
            except ValueError:  # an integer of more than 4,300 digits, Python's limit
                raise RecordError(
                    "not valid JSON: a number has too many digits", file=path, line=number
                ) from None
            if not isinstance(record, dict):
                raise RecordError("each line must be a JSON object", file=path, line=number)
            yield number, record
