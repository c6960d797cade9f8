"""Field parsers shared by every source format: one place decides what a valid value is."""

from __future__ import annotations

import math

from generator.timeutil import TimeFormatError, parse_instant

_TRUE = {"true", "1", "up", "yes", "ok"}
_FALSE = {"false", "0", "down", "no"}


class FieldError(ValueError):
    """A bad value in a named field; the caller adds file and line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def required(record: dict[str, object], field: str) -> object:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldError(field, "is required")
    return value


def text(record: dict[str, object], field: str, *, optional: bool = False) -> str:
    value = record.get(field) if optional else required(record, field)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise FieldError(field, f"{value!r} is not text")
    return str(value).strip()


def instant(record: dict[str, object], field: str, *, optional: bool = False) -> int | None:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise FieldError(field, "is required")
    if not isinstance(value, str):
        raise FieldError(field, f"{value!r} is not an ISO 8601 timestamp")
    try:
        return parse_instant(value)
    except TimeFormatError as exc:
        raise FieldError(field, str(exc)) from None


def boolean(record: dict[str, object], field: str) -> bool:
    value = required(record, field)
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise FieldError(field, f"{value!r} is not one of true/false/1/0/up/down")


def number(record: dict[str, object], field: str, *, minimum: float | None = 0.0) -> float | None:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FieldError(field, f"{value!r} is not a number")
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FieldError(field, f"{value!r} is not a number") from None
    if not math.isfinite(result):
        raise FieldError(field, f"{value!r} is not a finite number")
    if minimum is not None and result < minimum:
        raise FieldError(field, f"{value!r} is below {minimum:g}")
    return result


def integer(record: dict[str, object], field: str, *, lo: int, hi: int) -> int | None:
    value = number(record, field, minimum=None)
    if value is None:
        return None
    if value != int(value) or not lo <= value <= hi:
        raise FieldError(field, f"{record.get(field)!r} is not a whole number from {lo} to {hi}")
    return int(value)
