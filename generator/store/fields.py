"""Field parsers shared by every source format: one place decides what a valid value is.

The bounds a value must keep (text length, time range, largest number) belong to the store
(:mod:`generator.store.bounds`), which checks them again when it writes; checking them here
too lets an import error name the line.
"""

from __future__ import annotations

import math

from generator.store.bounds import (
    HARD_WINDOW,
    FieldError,
    TimeWindow,
    check_number,
    check_text,
)
from generator.timeutil import TimeFormatError, parse_instant

__all__ = [
    "FieldError",
    "boolean",
    "instant",
    "integer",
    "number",
    "opaque_id",
    "required",
    "text",
]

OPAQUE_ID_LIMIT = 64

_TRUE = {"true", "1", "up", "yes", "ok"}
_FALSE = {"false", "0", "down", "no"}


def required(record: dict[str, object], field: str) -> object:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldError(field, "is required")
    return value


def text(
    record: dict[str, object], field: str, *, optional: bool = False, limit: int | None = None
) -> str:
    """A text value of at most ``limit`` characters (by default the store's limit for the field)."""
    value = record.get(field) if optional else required(record, field)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise FieldError(field, f"{_short(value)} is not text")
    return check_text(field, str(value).strip(), limit)


def _short(value: object) -> str:
    """A value for an error message: a hostile one can be megabytes long."""
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:60] + f"... ({len(shown):,} characters)"


def instant(
    record: dict[str, object],
    field: str,
    *,
    optional: bool = False,
    window: TimeWindow = HARD_WINDOW,
) -> int | None:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise FieldError(field, "is required")
    if not isinstance(value, str) or len(value) > 64:
        raise FieldError(field, f"{_short(value)} is not an ISO 8601 timestamp")
    try:
        moment = parse_instant(value)
    except TimeFormatError as exc:
        raise FieldError(field, str(exc)) from None
    except OverflowError:  # a local time that is no UTC instant, e.g. year 1 at +03:00
        raise FieldError(field, f"{value.strip()!r} is not an ISO 8601 timestamp") from None
    return window.check(field, moment)


def boolean(record: dict[str, object], field: str) -> bool:
    value = required(record, field)
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise FieldError(field, f"{_short(value)} is not one of true/false/1/0/up/down")


def number(record: dict[str, object], field: str, *, minimum: float | None = 0.0) -> float | None:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(field, f"{_short(value)} is not a number")
    try:
        result = float(value)
    except (ValueError, OverflowError):
        raise FieldError(field, f"{_short(value)} is not a number") from None
    if not math.isfinite(result):
        raise FieldError(field, f"{_short(value)} is not a finite number")
    if minimum is not None and result < minimum:
        raise FieldError(field, f"{_short(value)} is below {minimum:g}")
    return check_number(field, result)


def integer(record: dict[str, object], field: str, *, lo: int, hi: int) -> int | None:
    value = number(record, field, minimum=None)
    if value is None:
        return None
    if value != int(value) or not lo <= value <= hi:
        raise FieldError(
            field, f"{_short(record.get(field))} is not a whole number from {lo} to {hi}"
        )
    return int(value)


def opaque_id(value: object, field: str, *, limit: int = OPAQUE_ID_LIMIT) -> str:
    """An id another system gave (a helpdesk's organization or company): a whole number or
    text of at most ``limit`` characters on one line; "" when there is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(field, f"{_short(value)} is not an id (a whole number or text)")
    text = str(value).strip()
    if len(text) > limit:
        raise FieldError(field, f"is {len(text):,} characters long; the limit is {limit:,}")
    if any(ch < " " or ch == "\x7f" for ch in text):
        raise FieldError(field, f"{_short(text)} contains a control character")
    return text
