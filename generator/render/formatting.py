"""How figures and times are written for people: one display policy, so every page, chart
and PDF agrees.

- Percentages have 2 decimals, truncated (never rounded up), and read "100%" only when
  nothing at all was lost: 99.9951 is "99.99%". Machines read the JSON's 4-decimal figures.
- Durations are in human units: "42 s", "12 min 30 s", "1 h 05 min", "2 d 4 h".
- Times are in the SLA's time zone with the offset written out ("12 Aug 2026 14:05
  UTC+03:00").
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.dates import get_month_names

from generator.model.report import truncate
from generator.timeutil import to_datetime

# English month names from Babel's locale data, independent of the machine's locale (output
# must not vary with it); generator.i18n names them in the site's language
MONTH_NAMES = tuple(str(get_month_names("wide", locale="en")[month]) for month in range(1, 13))


def offset_text(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None or not offset:
        return "UTC"
    total = int(offset.total_seconds())
    sign = "+" if total >= 0 else "-"
    hours, rest = divmod(abs(total), 3600)
    return f"UTC{sign}{hours:02d}:{rest // 60:02d}"


def when(instant: int | str, tz: tzinfo, *, seconds: bool = False) -> str:
    """'12 Aug 2026 14:05 UTC+03:00' (an int instant or an ISO string with offset)."""
    moment = _moment(instant, tz)
    clock = "%H:%M:%S" if seconds else "%H:%M"
    return f"{moment.day} {moment.strftime(f'%b %Y {clock}')} {offset_text(moment)}"


def span(start: int | str, end: int | str, tz: tzinfo, *, seconds: bool = False) -> str:
    """'12 Aug 2026 14:05–14:30 UTC+03:00', or both dates in full when the days differ."""
    first, last = _moment(start, tz), _moment(end, tz)
    clock_format = "%H:%M:%S" if seconds else "%H:%M"
    if first.date() == last.date() and offset_text(first) == offset_text(last):
        return (
            f"{first.day} {first.strftime(f'%b %Y {clock_format}')}\u2013"
            f"{last.strftime(clock_format)} {offset_text(last)}"
        )
    return f"{when(start, tz, seconds=seconds)} \u2013 {when(end, tz, seconds=seconds)}"


def clock(instant: int | str, tz: tzinfo, *, seconds: bool = False) -> str:
    """'14:05' in the SLA time zone (used next to a date already written out)."""
    return _moment(instant, tz).strftime("%H:%M:%S" if seconds else "%H:%M")


def day(value: date | str | int, tz: tzinfo | None = None) -> str:
    """'12 Aug 2026'."""
    value = as_date(value, tz)
    return f"{value.day} {value.strftime('%b %Y')}"


def as_date(value: date | str | int, tz: tzinfo | None = None) -> date:
    """The day of an instant in ``tz``, of an ISO string as written, or the date itself."""
    if isinstance(value, int):
        assert tz is not None
        return to_datetime(value, tz).date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def iso(instant: int | str, tz: tzinfo) -> str:
    return _moment(instant, tz).isoformat()


def _moment(instant: int | str, tz: tzinfo) -> datetime:
    if isinstance(instant, str):
        return datetime.fromisoformat(instant).astimezone(tz)
    return to_datetime(instant, tz)


NO_DATA = "no data"


def pct(value: float | None, places: int = 2, *, strip: bool = False) -> str:
    """A percentage truncated (never rounded up) to ``places``: '99.95%'; '100%' only for
    exactly 100 (nothing lost); 'no data' for a figure that has nothing measured behind it
    (the report's null)."""
    if value is None:
        return NO_DATA
    shown = pct_figure(value, places)
    if shown == 100:
        return "100%"
    text = f"{shown:.{places}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def pct_figure(value: float, places: int = 2) -> float:
    """The figure a percentage shows: 100 only for 100 (nothing lost), anything less cut to
    ``places`` decimals, so 99.9999 never reads as 100."""
    return 100 if value >= 100 else truncate(value, places)


def measured(no_data_seconds: float, seconds: float, objective_percent: float) -> str | None:
    """How much of a window was measured ('9 h 00 min'), when it must be said beside the
    window's figure: time without data is not downtime, so a figure over a window that was
    mostly unmeasured looks better than anyone observed. It is said once the unmeasured
    time is more than the objective allows to be lost over the window (it could hide a
    breach); None otherwise, and for a window with nothing measured (that shows 'no data')."""
    measured_seconds = seconds - no_data_seconds
    if measured_seconds <= 0:
        return None
    allowed = seconds * (100 - objective_percent) / 100
    if no_data_seconds <= allowed:
        return None
    return duration(measured_seconds)


def minutes(value: float) -> str:
    """A report's minutes as given (up to 4 decimals): '64.5 min'."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text} min"


def number(value: float | int) -> str:
    """The report's number as given, without a trailing '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def duration(seconds: float) -> str:
    """A duration in the two largest units people use: '42 s', '12 min 30 s', '1 h 05 min',
    '2 d 4 h'. Fractions of a second are dropped, and so is the smaller unit's remainder
    (7948.8 s is '2 h 12 min'); the JSON keeps the exact seconds."""
    written: list[str] = []
    for count, unit in duration_parts(seconds):
        padded = f"{count:02d}" if written and unit != "hour" else str(count)
        written.append(f"{padded} {DURATION_UNITS[unit]}")
    return " ".join(written)


DURATION_UNITS = {"day": "d", "hour": "h", "minute": "min", "second": "s"}


def duration_parts(seconds: float) -> list[tuple[int, str]]:
    """The units a duration is said in, largest first: (2, 'day'), (4, 'hour'). The two
    largest that apply, the smaller left out when it is zero, except that hours always
    name their minutes ('1 h 00 min')."""
    whole = max(0, int(seconds))
    if whole < 60:
        return [(whole, "second")]
    mins, secs = divmod(whole, 60)
    if mins < 60:
        return [(mins, "minute"), (secs, "second")] if secs else [(mins, "minute")]
    hours, mins = divmod(mins, 60)
    if hours < 24:
        return [(hours, "hour"), (mins, "minute")]
    days, hours = divmod(hours, 24)
    return [(days, "day"), (hours, "hour")] if hours else [(days, "day")]


def minutes_duration(value: float) -> str:
    """A report's minutes in human units ('1 h 05 min'), for a figure the JSON gives in
    minutes."""
    return duration(value * 60)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
