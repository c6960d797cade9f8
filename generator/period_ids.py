"""Period ids (``YYYY-MM`` of a period's first month): their one reader.

A module of its own, below compute, so the command line can check ``--period`` before it
loads anything heavy; :mod:`generator.compute.periods` adds the SLA's own rule (the month
must be one in which a period starts).
"""

from __future__ import annotations

import re

from generator.timeutil import END_YEAR, FIRST_YEAR

_ID_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodIdError(ValueError):
    """A period id that is malformed or not the first month of a period."""


def parse_period_text(text: str) -> tuple[int, int]:
    """The (year, month) of a ``YYYY-MM`` id, whatever the SLA's periods are; the one reader
    of period ids (the command line checks an id with it before any file is read)."""
    match = _ID_RE.match(text.strip())
    if not match:
        raise PeriodIdError(f"{text!r} is not a period id like 2026-08 (YYYY-MM)")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise PeriodIdError(f"{text!r}: month {month} does not exist")
    # a period may last a year, and it must end within the supported time range
    if not FIRST_YEAR <= year < END_YEAR - 1:
        raise PeriodIdError(
            f"{text!r} is outside the supported years {FIRST_YEAR} to {END_YEAR - 2}"
        )
    return year, month
