"""Columnar forms of the store's rules: the vectorised field rules of
:mod:`generator.store.fields` that the columnar import needs (Python's own ``str.strip``,
ISO 8601 instants, the store's number formatting), reading CSV as text columns, and
encoding rows as the csv module writes them. Writing them to the partitions is
:mod:`generator.store.columnar_append`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

# a value holding one of these must be quoted in CSV: the csv module writes such rows
_SPECIAL = '[,"\r\n]'
_QUOTED = ((10, 10), (13, 13), (34, 34), (44, 44))  # \n \r " ,
# an ISO 8601 instant in the form every export of ours writes (anything else: the reference)
INSTANT_RE = (
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
# a plain non-negative decimal, which pyarrow and Python's float() read alike
DECIMAL_RE = r"^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


# every character str.strip() removes (tests/test_import_probes.py checks it against Python)
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# any non-ASCII byte may start a wide space: look closer then
_MAYBE_SPACE = ((9, 13), (28, 32), (128, 255))


def text_bytes(column: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.uint8]:
    """The UTF-8 bytes of every value of a text column, one after the other."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    parts = []
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
        lo, hi = int(offsets[chunk.offset]), int(offsets[chunk.offset + len(chunk)])
        parts.append(np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[lo:hi])
    if len(parts) == 1:
        return parts[0]  # no copy
    return np.concatenate(parts) if parts else np.empty(0, np.uint8)


Bytes = tuple[tuple[int, int], ...]  # inclusive ranges of byte values


def has_any(column: pa.Array | pa.ChunkedArray, ranges: Bytes) -> bool:
    """Whether any byte of the column's text lies in one of ``ranges``."""
    data = text_bytes(column)
    if not len(data):
        return False
    low, high = int(data.min()), int(data.max())
    for lo, hi in ranges:
        if hi < low or lo > high:
            continue
        if lo <= low and high <= hi:
            return True
        if lo <= low or high <= hi:
            return True  # the smallest or the largest byte is in the range
        if lo == hi:
            if np.count_nonzero(data == lo):
                return True
        elif np.count_nonzero((data >= lo) & (data <= hi)):
            return True
    return False


def strip(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``str.strip()`` of every value (most columns have nothing to strip: no copy then)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not has_any(column, _MAYBE_SPACE):
        return column
    return pc.utf8_trim(column, characters=PYTHON_WHITESPACE)


def string_table(source: pa.NativeFile | Path, columns: Sequence[str] | None = None) -> pa.Table:
    """A CSV file with every value as text (empty, never null), its columns named by
    ``columns`` or its header; raises pa.ArrowInvalid (or OSError)."""
    if columns is None:
        columns = _header(source)
    read = pacsv.ReadOptions(block_size=1 << 24)
    parse = pacsv.ParseOptions(newlines_in_values=True)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(columns, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    table = pacsv.read_csv(
        source if isinstance(source, pa.NativeFile) else str(source),
        read_options=read,
        parse_options=parse,
        convert_options=convert,
    )
    if table.column_names != list(columns):
        raise pa.ArrowInvalid("the header is not what the csv module reads")
    return table


def string_blocks(path: Path) -> tuple[list[str], Iterator[pa.Table]]:
    """A CSV file's header as the csv module reads it, and its rows read block by block
    as :func:`string_table` reads them; raises pa.ArrowInvalid (or OSError), also while
    the blocks are read."""
    columns = _header(path)
    reader = pacsv.open_csv(
        str(path),
        read_options=pacsv.ReadOptions(block_size=_READ_BLOCK),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    if reader.schema.names != list(columns):
        raise pa.ArrowInvalid("the header is not what the csv module reads")
    return columns, (pa.Table.from_batches([batch]) for batch in reader)


_READ_BLOCK = 1 << 22


@contextmanager
def block_memory() -> Iterator[None]:
    """Arrow allocates from jemalloc inside this block, where pyarrow has it. A file read
    block by block allocates and frees the same sizes over and over: mimalloc, the default
    pool of pyarrow's wheels, hands those pages back to the system at once and faults them
    in again for the next block (in a 5 M-row import, 1.2 s of system time of 5.6 s CPU),
    while jemalloc keeps them for reuse: for a tenth of a second (the pool's only users are
    these blocks), long enough for the next blocks and short enough that the pages of
    blocks read long ago do not add up. The 5 M-row import's peak is about 520 MB so, where
    jemalloc's default decay gave 580 to 640 MB, and keeping nothing 490 MB with a quarter
    more CPU time."""
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(100)
    except NotImplementedError:  # a pyarrow built without it
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _header(source: pa.NativeFile | Path) -> list[str]:
    """The header as the csv module reads it (the first line, a UTF-8 BOM dropped)."""
    if isinstance(source, pa.NativeFile):
        raise pa.ArrowInvalid("name the columns of a buffer")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        try:
            return next(csv.reader(handle), [])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise pa.ArrowInvalid(str(exc)) from None


def utc_text(seconds: npt.NDArray[np.int64]) -> pa.Array:
    """Instants in the store's form, ``2026-08-01T00:05:00Z`` (as timeutil.format_utc)."""
    n = len(seconds)
    days, clock = np.divmod(seconds.astype(np.int64), 86400)
    # civil date from days since 1970-01-01 (H. Hinnant's algorithm), vectorised
    z = days + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    out = np.empty((n, 20), np.uint8)
    out[:] = np.frombuffer(b"0000-00-00T00:00:00Z", np.uint8)
    for column, value, width in (
        (0, year, 4),
        (5, month, 2),
        (8, day, 2),
        (11, clock // 3600, 2),
        (14, clock // 60 % 60, 2),
        (17, clock % 60, 2),
    ):
        for place in range(width):
            out[:, column + width - 1 - place] = 48 + value // 10**place % 10
    offsets = pa.py_buffer(np.arange(0, 20 * n + 1, 20, dtype=np.int32).tobytes())
    return pa.StringArray.from_buffers(n, offsets, pa.py_buffer(out.tobytes()))


# 2026-08-12T10:00:00Z: where the store's form of an instant has a separator, and which
_SEPARATORS = {4: ord("-"), 7: ord("-"), 10: ord("T"), 13: ord(":"), 16: ord(":"), 19: ord("Z")}
# per place of the store's form: the byte a place is measured from, and how far above it
# the place's byte may be (a digit: 0-9; a separator: exactly itself)
_BASE = np.array([_SEPARATORS.get(i, ord("0")) for i in range(20)], np.uint8)
_SPAN = np.array([0 if i in _SEPARATORS else 9 for i in range(20)], np.uint8)


def in_store_form(column: pa.Array) -> bool:
    """Whether every value is shaped as the store writes an instant (digits and
    separators only: whether the date exists is for the parse to say)."""
    if len(column) == 0:
        return True
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)
    lengths = np.diff(offsets[column.offset : column.offset + len(column) + 1])
    if not (lengths == 20).all():
        return False
    chars = text_bytes(column).reshape(-1, 20)
    # a byte below its place's base wraps round to a large number; in blocks, so the
    # scratch arrays stay small and are reused
    for at in range(0, len(chars), _BLOCK):
        if (chars[at : at + _BLOCK] - _BASE > _SPAN).any():
            return False
    return True


_BLOCK = 1 << 16


def store_form_seconds(column: pa.Array) -> npt.NDArray[np.int64] | None:
    """Seconds of instants all :func:`in_store_form`, or None if a date does not exist."""
    try:
        stamps = pc.cast(column, pa.timestamp("s", tz="UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # an impossible date (February 30th, 24:00): the reference says which line
    return np.asarray(stamps.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def instants(column: pa.Array) -> npt.NDArray[np.int64] | None:
    """Seconds of stripped ISO 8601 instants in the usual form, or None if any is not."""
    if len(column) == 0:
        return np.empty(0, np.int64)
    if not pc.all(pc.match_substring_regex(column, INSTANT_RE)).as_py():
        return None
    try:
        stamps = pc.cast(column, pa.timestamp("s", tz="UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # an impossible date: the reference says which line
    return np.asarray(stamps.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def in_thousandths_form(text: pa.Array) -> bool:
    """Whether every non-empty value, all digits and points, is already written as
    :func:`thousandths` writes its number: no leading zero but a lone one before the point,
    a point only before one to three decimals, the last of them not 0 (``0``, ``81.2``,
    ``0.125``; not ``081``, ``81.``, ``81.20``, ``.5``). Such text is its own stored form:
    with at most three decimals and a value below 10**12 the nearest double prints back
    to it. The caller has checked that the values are digits and points only."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if len(text) == 0:
        return True
    data = text_bytes(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)
    offsets = offsets[text.offset : text.offset + len(text) + 1] - offsets[text.offset]
    length = np.diff(offsets)
    present = length > 0
    point = np.asarray(pc.find_substring(text, ".").to_numpy(zero_copy_only=False), np.int64)
    if (pc.max(pc.count_substring(text, ".")).as_py() or 0) > 1:
        return False
    has_point = point >= 0
    decimals = np.where(has_point, length - point - 1, 1)
    if ((decimals < 1) | (decimals > 3) | (point == 0)).any():
        return False
    ends = np.maximum(offsets[1:] - 1, 0)  # the last byte of each value (if any)
    if len(data) and (has_point & (data[ends] == ord("0"))).any():
        return False  # a trailing zero after the point
    whole = np.where(has_point, point, length)
    if (whole > 12).any():
        return False
    starts = np.minimum(offsets[:-1], max(len(data) - 1, 0))
    leading = present & (data[starts] == ord("0")) if len(data) else present
    return not bool((leading & (whole > 1)).any())


def thousandths(values: npt.NDArray[np.float64]) -> pa.Array:
    """``f"{v:.3f}".rstrip("0").rstrip(".")`` for non-negative finite values, vectorised
    where the value is the double nearest a whole number of thousandths (all but the odd
    value), by Python elsewhere."""
    k = np.rint(values * 1000)
    exact = k / 1000 == values
    whole = k.astype(np.int64) // 1000
    frac = k.astype(np.int64) % 1000
    text_whole = pc.cast(pa.array(whole), pa.string())
    text_frac = pc.utf8_rtrim(pc.utf8_lpad(pc.cast(pa.array(frac), pa.string()), 3, "0"), "0")
    joined = pc.binary_join_element_wise(text_whole, text_frac, ".")
    out = pc.if_else(pa.array(frac == 0), text_whole, joined)
    if not exact.all():
        odd = np.flatnonzero(~exact)
        mask = np.zeros(len(values), bool)
        mask[odd] = True
        shown = [f"{v:.3f}".rstrip("0").rstrip(".") for v in values[odd].tolist()]
        out = pc.replace_with_mask(out, pa.array(mask), pa.array(shown, pa.string()))
    return out


def encode_lines(columns: Sequence[pa.Array]) -> pa.Array:
    """Each row as the csv module writes it, with its ``\\n``: the store's exact bytes.

    Rows with nothing to quote are joined by pyarrow; the few with a comma, quote or line
    break in a value are written by the csv module itself.
    """
    columns = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]
    n = len(columns[0]) if columns else 0
    # the line break joined to the last value first: one pass over the short column, not
    # a second one over the whole lines
    last = _with_newline(columns[-1])
    lines = pc.binary_join_element_wise(*columns[:-1], last, ",")
    special = np.zeros(n, bool)
    for column in columns:
        if has_any(column, _QUOTED):
            special |= np.asarray(pc.match_substring_regex(column, _SPECIAL).to_numpy(False), bool)
    if special.any():
        rows = np.flatnonzero(special)
        values = [c.take(pa.array(rows)).to_pylist() for c in columns]
        written = []
        for row in zip(*values, strict=True):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(row)
            written.append(buffer.getvalue())
        lines = pc.replace_with_mask(lines, pa.array(special), pa.array(written, pa.string()))
    return lines


def _with_newline(column: pa.Array) -> pa.Array:
    """Each value with ``\n`` after it (the last value of a line: mostly empty, an error
    text). Moved into place by numpy, not joined value by value."""
    n = len(column)
    if column.type != pa.string() or column.null_count:
        return pc.binary_join_element_wise(column, pa.scalar("\n"), "")
    offsets = np.frombuffer(column.buffers()[1], np.int32)[column.offset : column.offset + n + 1]
    data = text_bytes(column)
    if len(data) + n >= 1 << 31:
        return pc.binary_join_element_wise(column, pa.scalar("\n"), "")
    out = np.full(len(data) + n, ord("\n"), np.uint8)
    if len(data):
        # each byte moves on by one place per value before its own
        out[np.arange(len(data)) + np.repeat(np.arange(n), np.diff(offsets))] = data
    moved = (offsets - offsets[0] + np.arange(n + 1)).astype(np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(moved), pa.py_buffer(out))


_NUL = ((0, 0),)


def key_text(columns: Sequence[pa.Array]) -> pa.Array:
    """One text per row that is equal exactly when the rows' key values are."""
    if len(columns) == 1:
        return columns[0]
    if any(has_any(c, _NUL) for c in columns):
        return encode_lines(columns)  # a NUL in a value: the CSV line is the safe key
    return pc.binary_join_element_wise(*columns, "\x00")
