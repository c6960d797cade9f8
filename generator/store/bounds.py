"""The bounds every stored record keeps: one place decides how long, how early, how much.

A record is checked against these bounds before it is stored, by the format readers (which
know the file and line) and again by the store's writers (which every import, ``probe``,
``collect`` and the demo go through), so nothing out of bounds reaches a partition.

- **Text**: a stored text field holds at most :data:`TEXT_LIMITS` characters (4,096 by
  default: an ``error`` message; 256 for names such as a ticket ``id`` or ``plan``). A
  longer value is a mistake in the export, and one huge field would make every later read
  of its partition slow or impossible.
- **Time**: every timestamp lies in :data:`HARD_WINDOW`, the supported range that
  :mod:`generator.timeutil` owns (2000-01-01 to 2100-01-01 UTC); an import also keeps to
  the SLA's window (:meth:`TimeWindow.for_sla`): from a year before
  the SLA's effective date to a day after now. A sample at 1970 would otherwise open
  hundreds of empty SLA periods; one at 9999 overflows date arithmetic.
- **Numbers**: :data:`NUMBER_LIMITS` caps ``paused_minutes`` at a year of minutes (the
  longest duration :mod:`generator.timeutil` allows anywhere) and
  ``latency_ms`` at a day, so no sum or deadline can overflow.

Reading is more lenient than writing on purpose: a partition written by an older version
with a longer field still opens (up to :data:`READ_FIELD_LIMIT`), so a store is never
poisoned by one record.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime

from generator.timeutil import EARLIEST, LATEST, LONGEST_DURATION

# Stored text fields longer than this are refused at import; other fields get the default.
DEFAULT_TEXT_LIMIT = 4096
TEXT_LIMITS = {"id": 256, "plan": 256, "monitor": 256, "location": 256, "error": 4096}
# Largest value a reader accepts in a stored partition or an import file (csv's own default,
# 128 KiB, made an older store that held a longer field unreadable).
READ_FIELD_LIMIT = 16 * 1024 * 1024
MAX_PAUSED_MINUTES = LONGEST_DURATION // 60  # a year of waiting on a third party
MAX_LATENCY_MS = 24 * 3600 * 1000  # a check that took a day has not answered
NUMBER_LIMITS = {"paused_minutes": MAX_PAUSED_MINUTES, "latency_ms": MAX_LATENCY_MS}

# The window an SLA gives its imports: records from a year before it took effect (history
# imported when a site is set up) to a day after now (clocks of other tools drift).
SLA_MARGIN_BEFORE = LONGEST_DURATION
SLA_MARGIN_AFTER = 86400

# csv's limit is per process; every reader of stored or imported CSV relies on this one.
csv.field_size_limit(READ_FIELD_LIMIT)


class FieldError(ValueError):
    """A bad value in a named field; the caller adds file and line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def text_limit(field: str) -> int:
    return TEXT_LIMITS.get(field, DEFAULT_TEXT_LIMIT)


def check_text(field: str, value: str, limit: int | None = None) -> str:
    limit = text_limit(field) if limit is None else limit
    if len(value) > limit:
        raise FieldError(field, f"is {len(value):,} characters long; the limit is {limit:,}")
    return value


def check_number(field: str, value: float) -> float:
    limit = NUMBER_LIMITS.get(field)
    if limit is not None and value > limit:
        raise FieldError(field, f"{value:.15g} is above the limit of {limit:,}")
    return value


def _utc_day(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def show_instant(instant: int) -> str:
    """An instant for an error message, even one far outside any sane range."""
    try:
        return datetime.fromtimestamp(instant, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return f"{instant} seconds from 1970"


@dataclass(frozen=True)
class TimeWindow:
    """Instants a record may carry: lo <= t < hi, with the reason for each end."""

    lo: int
    hi: int
    lo_reason: str
    hi_reason: str

    def check(self, field: str, instant: int) -> int:
        if instant < self.lo:
            raise FieldError(
                field,
                f"{show_instant(instant)} is before {show_instant(self.lo)} ({self.lo_reason})",
            )
        if instant >= self.hi:
            raise FieldError(
                field,
                f"{show_instant(instant)} is not before {show_instant(self.hi)} ({self.hi_reason})",
            )
        return instant

    @staticmethod
    def for_sla(effective: date, now: int) -> TimeWindow:
        """From a year before the SLA took effect to a day after ``now``, within the hard window."""
        lo = _utc_day(effective) - SLA_MARGIN_BEFORE
        hi = now + SLA_MARGIN_AFTER
        lo_reason = f"a year before the SLA's effective date {effective.isoformat()}"
        hi_reason = "a day after now"
        if lo < HARD_WINDOW.lo:
            lo, lo_reason = HARD_WINDOW.lo, HARD_WINDOW.lo_reason
        if hi > HARD_WINDOW.hi:
            hi, hi_reason = HARD_WINDOW.hi, HARD_WINDOW.hi_reason
        return TimeWindow(lo, max(lo, hi), lo_reason, hi_reason)


HARD_WINDOW = TimeWindow(
    EARLIEST, LATEST, "the earliest time statusgen supports", "the latest time statusgen supports"
)
