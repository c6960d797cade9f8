"""Reading statusgen's own CSV and JSON Lines files record by record, with line numbers.

Shared by the probe and the ticket formats, so both treat headers, blank lines and
malformed lines the same way.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.errors import RecordError

Records = Iterator[tuple[int, dict[str, object]]]


def csv_records(path: Path, columns: Sequence[str], required: Sequence[str] = ()) -> Records:
    """(line, record) for each non-blank row; unknown or missing header columns are errors
    (a misspelt column must not silently drop its data)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
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
                raise RecordError(
                    "more values than header columns", file=path, line=reader.line_num
                )
            if all(not (v or "").strip() for v in row.values()):
                continue
            yield reader.line_num, {k: v for k, v in row.items() if v is not None}


def jsonl_records(path: Path) -> Records:
    """(line, object) for each non-blank line, which must be a JSON object."""
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"not valid JSON: {exc.msg}", file=path, line=number) from None
            if not isinstance(record, dict):
                raise RecordError("each line must be a JSON object", file=path, line=number)
            yield number, record
