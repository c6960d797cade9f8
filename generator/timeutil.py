"""Instants, time zones and durations.

Internally an instant is an ``int`` of seconds since the Unix epoch (UTC). Sub-second
parts of input timestamps are dropped: SLA arithmetic is done to the second, which is finer
than any commitment in an SLA (the smallest in the reference is 10 seconds per release).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET_RE = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$")
_DURATION_RE = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$")


class TimeFormatError(ValueError):
    """A timestamp, time zone or duration could not be read."""


# Every instant statusgen accepts from outside (records, incident and config times, --as-of)
# lies in this range, end exclusive. Beyond it a typo (1970, 9999) would be read as a real
# time: a build then makes a period for every quarter since 1970, or date arithmetic fails
# past year 9999. An SLA report of this century needs nothing outside it.
FIRST_YEAR = 2000
END_YEAR = 2100
EARLIEST = int(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp())
LATEST = int(datetime(END_YEAR, 1, 1, tzinfo=UTC).timestamp())
# The longest duration a configuration or record may give (gaps, timeouts, pauses): a year.
LONGEST_DURATION = 366 * 86400


def parse_instant(text: str) -> int:
    """Read an ISO 8601 timestamp that carries an offset (``Z`` or ``+03:00``)."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TimeFormatError(f"{text!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TimeFormatError(f"{text!r} has no UTC offset; write it as e.g. {_with_offset(text)}")
    try:
        instant = int(moment.timestamp() // 1)
    except (OverflowError, ValueError):
        instant = LATEST  # beyond what datetime can count: outside the range either way
    return check_plausible(instant, text)


def _with_offset(text: str) -> str:
    """How ``text`` reads with an offset: a date alone needs a time of day first."""
    if "T" not in text and " " not in text:
        return f"{text}T00:00:00Z or {text}T00:00:00+03:00"
    return f"{text}Z or {text}+03:00"


def check_plausible(instant: int, text: str | None = None) -> int:
    """``instant`` if it lies in [EARLIEST, LATEST); a TimeFormatError otherwise."""
    if not EARLIEST <= instant < LATEST:
        shown = repr(text) if text is not None else str(instant)
        raise TimeFormatError(
            f"{shown} is outside the supported range {FIRST_YEAR}-01-01 to {END_YEAR - 1}-12-31"
        )
    return instant


def parse_timezone(text: str) -> tzinfo:
    """A fixed offset (``+03:00``, ``UTC+3``) or an IANA name (``Europe/Kyiv``)."""
    text = str(text).strip()
    if text.upper() in ("UTC", "Z", "GMT"):
        return UTC
    match = _OFFSET_RE.match(text)
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta > timedelta(hours=14):
            raise TimeFormatError(f"{text!r} is not a valid UTC offset")
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeFormatError(
            f"{text!r} is neither a UTC offset like +03:00 nor an IANA time zone name"
        ) from None


def to_datetime(instant: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(instant, tz)


def format_instant(instant: int, tz: tzinfo) -> str:
    """ISO 8601 with the offset written out, e.g. ``2026-08-01T00:00:00+03:00``."""
    return to_datetime(instant, tz).isoformat()


def format_utc(instant: int) -> str:
    """The store's form: ``2026-08-01T00:00:00Z``."""
    return _EPOCH_UTC.__add__(timedelta(seconds=instant)).isoformat()[:19] + "Z"


_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def local_midnight(day: date, tz: tzinfo) -> int:
    """The instant of 00:00 local time on ``day`` (DST-aware for IANA zones)."""
    return int(datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())


def parse_duration(value: object) -> int:
    """Seconds from ``90``, ``"90s"``, ``"5m"``, ``"1h30m"`` or ``"1d"``."""
    if isinstance(value, bool):
        raise TimeFormatError(f"{value!r} is not a duration")
    if isinstance(value, int):
        if value < 0:
            raise TimeFormatError(f"{value!r} is negative")
        return _check_duration(value, value)
    text = str(value).strip().replace(" ", "")
    match = _DURATION_RE.match(text)
    if not text or not match or not any(match.groups()):
        raise TimeFormatError(f"{value!r} is not a duration like 90s, 5m or 1h30m")
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return _check_duration(((days * 24 + hours) * 60 + minutes) * 60 + seconds, value)


def _check_duration(seconds: int, value: object) -> int:
    if seconds > LONGEST_DURATION:
        raise TimeFormatError(f"{value!r} is longer than a year")
    return seconds


def format_duration(seconds: float) -> str:
    """A short human form: ``0 s``, ``42 s``, ``12 min``, ``2 h 05 min``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" if not secs else f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
