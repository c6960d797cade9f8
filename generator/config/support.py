"""The support policy: calendars, response targets and their exceptions, from the SLA file.

:func:`support_policy` turns the SLA file's validated ``calendars`` and ``support``
mappings into typed, immutable objects, checking what a schema cannot (that a calendar a
target names exists, that a weekday is not given twice, that "1 business day" means one
length). Every number the deadline arithmetic uses comes from here, so the published terms
and the computation cannot disagree; an error names the SLA file, line and key.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from generator.config.calendars import WEEKDAYS, Calendar, Span, holiday_table
from generator.config.schema import CHANNELS, IMPACTS, SLA_SCHEMA, default_of
from generator.config.sla import Sla
from generator.config.yamlfile import Path_, dotted
from generator.errors import ConfigError
from generator.timeutil import TimeFormatError, parse_duration, parse_instant, parse_timezone

CALENDAR_CLOCK = "calendar"
BUSINESS_CLOCK = "business"
_BUSINESS_DAYS_RE = re.compile(r"^\s*(\d+)\s*business\s+days?\s*$", re.IGNORECASE)
_HOURS_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class ImpactLevel:
    id: str
    request: str  # the type of request, in the SLA's words


@dataclass(frozen=True)
class Target:
    """One first-response commitment: how long, and on which clock."""

    channel: str  # chat | email: whose terms these are
    impact: str
    seconds: int
    clock: str  # calendar | business
    calendar: Calendar | None  # the business clock's calendar (None on calendar time)
    label: str  # the SLA's words, e.g. "Within 1 hour"
    within: str  # as the SLA file writes it, e.g. "1 business day"


@dataclass(frozen=True)
class ChatPolicy:
    name: str
    calendar: Calendar  # chat hours: the chat clock runs only in them
    target_seconds: int
    relaxed_target_seconds: int  # for non-urgent impacts and inside high-load windows
    relaxed_impacts: frozenset[str]
    description: str = ""


@dataclass(frozen=True)
class EmailPolicy:
    name: str
    calendar: Calendar  # business hours for business-clock targets
    targets: Mapping[str, Target]
    description: str = ""


@dataclass(frozen=True)
class OutOfHoursRule:
    """Calendar-time targets become created_at + ``deadline_seconds`` outside business hours."""

    impacts: frozenset[str]
    calendar: Calendar
    deadline_seconds: int
    text: str = ""


@dataclass(frozen=True)
class HighLoadWindow:
    start: int
    end: int
    reason: str

    def contains(self, instant: int) -> bool:
        return self.start <= instant < self.end


def normal_name(name: str) -> str:
    """How source names are compared: case, spaces and hyphens do not matter."""
    return name.strip().lower().replace(" ", "_").replace("-", "_")


@dataclass(frozen=True)
class Mappings:
    """Source systems' names for channels, impacts and feature tags (keys normalised)."""

    channels: Mapping[str, str]
    impacts: Mapping[str, str]
    feature_tags: tuple[str, ...] = ()

    def channel(self, name: str) -> str | None:
        """The SLA channel for a source's channel name, or None if it has none."""
        key = normal_name(name)
        return key if key in CHANNELS else self.channels.get(key)

    def impact(self, name: str) -> str | None:
        """The SLA impact for a source's priority name, or None if it has none."""
        key = normal_name(name)
        return key if key in IMPACTS else self.impacts.get(key)

    def is_feature_request(self, tags: Iterable[str]) -> bool:
        return any(normal_name(tag) in self.feature_tags for tag in tags)


@dataclass(frozen=True)
class SupportPolicy:
    file: str
    calendars: Mapping[str, Calendar]
    impacts: tuple[ImpactLevel, ...]  # the SLA's impact table, in its order
    chat: ChatPolicy
    email: EmailPolicy
    other_follows: str  # chat | email: whose terms tickets from other channels get
    out_of_hours: OutOfHoursRule | None
    high_load: tuple[HighLoadWindow, ...]
    mappings: Mappings

    @functools.cached_property
    def deadlines(self) -> dict[Any, Any]:
        """Each ticket's first-response deadline under this policy, kept by
        :func:`generator.compute.support.deadline_for` as it works them out: a build asks
        for a ticket's deadline for its report and again for its stamp
        (:mod:`generator.reporting.settled`), and it depends on the ticket and the policy
        alone."""
        return {}

    def terms_of(self, channel: str) -> str:
        """chat or email: which channel's terms a ticket of ``channel`` follows."""
        return self.other_follows if channel == "other" else channel

    def high_load_at(self, instant: int) -> HighLoadWindow | None:
        for window in self.high_load:
            if window.contains(instant):
                return window
        return None

    def impact_request(self, impact: str) -> str:
        for level in self.impacts:
            if level.id == impact:
                return level.request
        return ""


def format_allowance(seconds: int) -> str:
    """``15 min``, ``1 h``, ``1 h 30 min``, ``24 h``: how a target's length is written."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)


def describe_target(policy: SupportPolicy, channel: str, impact: str) -> str:
    """A target as a client reads it, e.g. "Within 5 hours: 5 h of business hours (support)"."""
    if policy.terms_of(channel) == "chat":
        chat = policy.chat
        hours = f"chat hours ({chat.calendar.id})"
        if impact in chat.relaxed_impacts:
            return f"{format_allowance(chat.relaxed_target_seconds)} in {hours}, non-urgent"
        text = f"{format_allowance(chat.target_seconds)} in {hours}"
        if policy.high_load:
            text += f"; {format_allowance(chat.relaxed_target_seconds)} in high-load windows"
        return text
    target = policy.email.targets[impact]
    if target.clock == BUSINESS_CLOCK:
        assert target.calendar is not None
        text = f"{format_allowance(target.seconds)} of business hours ({target.calendar.id})"
    else:
        text = f"{format_allowance(target.seconds)}, calendar time"
        rule = policy.out_of_hours
        if rule is not None and impact in rule.impacts:
            text += (
                f"; created + {format_allowance(rule.deadline_seconds)} outside business "
                f"hours ({rule.calendar.id})"
            )
    return f"{target.label}: {text}" if target.label else text


class _Reader:
    """Reads one SLA file's support settings, raising errors that point into it."""

    def __init__(self, sla: Sla) -> None:
        self.sla = sla

    def error(self, path: Path_, message: str) -> ConfigError:
        if self.sla.document is not None:
            return self.sla.document.error(path, message)
        return ConfigError(message, file=self.sla.file, field=dotted(path) or None)

    def duration(self, path: Path_, value: object, *, positive: bool = True) -> int:
        try:
            seconds = parse_duration(value)
        except TimeFormatError as exc:
            raise self.error(path, str(exc)) from None
        if positive and seconds <= 0:
            raise self.error(path, "must be longer than 0")
        return seconds

    def calendar(self, calendars: Mapping[str, Calendar], path: Path_, name: str) -> Calendar:
        if name not in calendars:
            known = ", ".join(sorted(calendars)) or "none are defined"
            raise self.error(path, f"no calendar named {name!r} in calendars ({known})")
        return calendars[name]


def _minute(text: str, *, end: bool) -> int:
    hours, minutes = int(text[:2]), int(text[3:])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        raise ValueError(f"{text} is not a time of day (00:00 to 23:59, or 24:00 to end a day)")
    return hours * 60 + minutes


def _day_spans(reader: _Reader, path: Path_, value: str | list[str]) -> tuple[Span, ...]:
    items = [value] if isinstance(value, str) else list(value)
    if items == ["closed"]:
        return ()
    spans: list[Span] = []
    for index, item in enumerate(items):
        where = path if isinstance(value, str) else (*path, index)
        match = _HOURS_RE.match(item)
        if not match:
            raise reader.error(where, f"{item!r} is not working hours like 09:00-21:00")
        try:
            start = _minute(item[:5], end=False)
            stop = _minute(item[6:], end=True)
        except ValueError as exc:
            raise reader.error(where, str(exc)) from None
        if stop <= start:
            raise reader.error(
                where,
                f"{item!r} must end after it starts; split a night shift over two days "
                "(22:00-24:00 and 00:00-06:00)",
            )
        spans.append((start, stop))
    spans.sort()
    for (_, previous_end), (start, _) in itertools.pairwise(spans):
        if start < previous_end:
            raise reader.error(path, "working hours overlap")
    return tuple(spans)


def _weekdays(reader: _Reader, path: Path_, key: str) -> list[int]:
    first, _, last = key.partition("-")
    lo = WEEKDAYS.index(first)
    hi = WEEKDAYS.index(last) if last else lo
    if hi < lo:
        raise reader.error(path, f"{key!r}: a range of days runs forward, e.g. mon-fri")
    return list(range(lo, hi + 1))


def _business_day(weekly: tuple[tuple[Span, ...], ...]) -> int:
    """Seconds in "1 business day": the working hours of a day, if every open day agrees."""
    lengths = {sum(b - a for a, b in spans) for spans in weekly if spans}
    return lengths.pop() * 60 if len(lengths) == 1 else 0


def _calendar(reader: _Reader, calendar_id: str, raw: dict[str, Any]) -> Calendar:
    base: Path_ = ("calendars", calendar_id)
    try:
        tz = parse_timezone(raw["timezone"])
    except TimeFormatError as exc:
        raise reader.error((*base, "timezone"), str(exc)) from None
    weekly: list[tuple[Span, ...]] = [()] * 7
    given: dict[int, str] = {}
    for key, value in raw["hours"].items():
        path = (*base, "hours", key)
        spans = _day_spans(reader, path, value)
        for weekday in _weekdays(reader, path, key):
            if weekday in given:
                raise reader.error(
                    path, f"{WEEKDAYS[weekday]} is already given by {given[weekday]!r}"
                )
            given[weekday] = key
            weekly[weekday] = spans
    if not any(weekly):
        raise reader.error((*base, "hours"), "has no working hours: the clock would never run")
    holidays = raw.get("holidays", {})
    dates: set[date] = set()
    for index, text in enumerate(holidays.get("dates", ())):
        try:
            dates.add(date.fromisoformat(text))
        except ValueError:
            raise reader.error(
                (*base, "holidays", "dates", index), f"{text!r} is not a valid date (YYYY-MM-DD)"
            ) from None
    country = holidays.get("country")
    subdivision = holidays.get("subdivision")
    if subdivision is not None and country is None:
        raise reader.error((*base, "holidays", "subdivision"), "needs a country")
    if country is not None:
        try:
            holiday_table(country, subdivision)
        except NotImplementedError as exc:
            field = "subdivision" if subdivision and "subdivision" in str(exc) else "country"
            raise reader.error(
                (*base, "holidays", field),
                f"the holidays package has no public holidays for it ({exc})",
            ) from None
    weekly_spans = tuple(weekly)
    business_day = (
        reader.duration((*base, "business_day"), raw["business_day"])
        if "business_day" in raw
        else _business_day(weekly_spans)
    )
    return Calendar(
        id=calendar_id,
        timezone=tz,
        weekly=weekly_spans,
        holidays=frozenset(dates),
        country=country,
        subdivision=subdivision,
        name=raw.get("name", calendar_id),
        timezone_name=str(raw["timezone"]),
        business_day_seconds=business_day,
    )


def load_calendars(sla: Sla) -> dict[str, Calendar]:
    """Every calendar of the SLA file, by id."""
    reader = _Reader(sla)
    return {cid: _calendar(reader, cid, raw) for cid, raw in sla.calendars.items()}


def _email_target(reader: _Reader, impact: str, raw: dict[str, Any], calendar: Calendar) -> Target:
    path: Path_ = ("support", "channels", "email", "targets", impact)
    within = str(raw["within"])
    clock = raw["clock"]
    days = _BUSINESS_DAYS_RE.match(within)
    if days:
        if clock != BUSINESS_CLOCK:
            raise reader.error(
                (*path, "within"), "business days run on the business clock: set clock: business"
            )
        if not calendar.business_day_seconds:
            lengths = sorted({calendar.working_minutes(d) / 60 for d in range(7)} - {0})
            raise reader.error(
                (*path, "within"),
                f"calendar {calendar.id!r} has working days of different lengths "
                f"({', '.join(f'{h:g} h' for h in lengths)}), so a business day is ambiguous: "
                f"set calendars.{calendar.id}.business_day",
            )
        seconds = int(days.group(1)) * calendar.business_day_seconds
        if seconds <= 0:
            raise reader.error((*path, "within"), "must be longer than 0")
    else:
        seconds = reader.duration((*path, "within"), within)
    return Target(
        channel="email",
        impact=impact,
        seconds=seconds,
        clock=clock,
        calendar=calendar if clock == BUSINESS_CLOCK else None,
        label=raw.get("label", ""),
        within=within,
    )


def _mapping(
    reader: _Reader, key: str, raw: Mapping[str, str], canonical: list[str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw.items():
        lowered = normal_name(name)
        if lowered in canonical and lowered != value:
            raise reader.error(
                ("support", "mappings", key, name),
                f"{name!r} is already one of the SLA's {key}; it cannot stand for {value!r}",
            )
        if lowered in out and out[lowered] != value:
            raise reader.error(
                ("support", "mappings", key, name), "is mapped twice (names ignore case)"
            )
        out[lowered] = value
    return out


def attainment_objective(sla: Sla) -> Decimal | None:
    """The SLA's optional support attainment objective (percent of first responses on time
    per period), or None when the SLA states none."""
    value = (sla.support or {}).get("attainment_objective_percent")
    return None if value is None else Decimal(str(value))


def support_policy(sla: Sla) -> SupportPolicy | None:
    """The SLA file's support policy, or None if it makes no support commitment. Read
    once per SLA and kept with it: the same policy, with its calendars' working days and
    its tickets' deadlines worked out once, serves every period, edition and page of a
    build."""
    derived = sla.derived
    if "support" not in derived:
        derived["support"] = _read_policy(sla)
    policy: SupportPolicy | None = derived["support"]
    return policy


def _read_policy(sla: Sla) -> SupportPolicy | None:
    if sla.support is None:
        return None
    reader = _Reader(sla)
    calendars = load_calendars(sla)
    raw = sla.support

    seen: set[str] = set()
    impacts = []
    for index, level in enumerate(raw["impacts"]):
        if level["id"] in seen:
            raise reader.error(
                ("support", "impacts", index, "id"), f"impact {level['id']!r} is listed twice"
            )
        seen.add(level["id"])
        impacts.append(ImpactLevel(level["id"], level["request"]))

    chat_path: Path_ = ("support", "channels", "chat")
    c = raw["channels"]["chat"]
    chat = ChatPolicy(
        name=c.get("name", default_of(SLA_SCHEMA, "support", "channels", "chat", "name")),
        calendar=reader.calendar(calendars, (*chat_path, "calendar"), c["calendar"]),
        target_seconds=reader.duration((*chat_path, "target"), c["target"]),
        relaxed_target_seconds=reader.duration((*chat_path, "relaxed_target"), c["relaxed_target"]),
        relaxed_impacts=frozenset(c["relaxed_impacts"]),
        description=c.get("description", ""),
    )

    email_path: Path_ = ("support", "channels", "email")
    e = raw["channels"]["email"]
    email_calendar = reader.calendar(calendars, (*email_path, "calendar"), e["calendar"])
    missing = [i for i in IMPACTS if i not in e["targets"]]
    if missing:
        raise reader.error(
            (*email_path, "targets"),
            f"has no target for {', '.join(missing)}: every impact level needs one",
        )
    targets = {
        impact: _email_target(reader, impact, e["targets"][impact], email_calendar)
        for impact in IMPACTS
    }
    email = EmailPolicy(
        name=e.get("name", default_of(SLA_SCHEMA, "support", "channels", "email", "name")),
        calendar=email_calendar,
        targets=MappingProxyType(targets),
        description=e.get("description", ""),
    )

    out_of_hours = None
    if "out_of_hours" in raw:
        o = raw["out_of_hours"]
        path: Path_ = ("support", "out_of_hours")
        for index, impact in enumerate(o["impacts"]):
            if targets[impact].clock != CALENDAR_CLOCK:
                raise reader.error(
                    (*path, "impacts", index),
                    f"{impact} runs on the business clock, which already stops outside "
                    "business hours; the rule is for calendar-time targets",
                )
        out_of_hours = OutOfHoursRule(
            impacts=frozenset(o["impacts"]),
            calendar=reader.calendar(calendars, (*path, "calendar"), o["calendar"]),
            deadline_seconds=reader.duration((*path, "deadline"), o["deadline"]),
            text=o.get("text", ""),
        )

    windows = []
    for index, w in enumerate(raw.get("high_load", ())):
        path = ("support", "high_load", index)
        try:
            start, end = parse_instant(w["start"]), parse_instant(w["end"])
        except TimeFormatError as exc:
            raise reader.error(path, str(exc)) from None
        if end <= start:
            raise reader.error((*path, "end"), "must be after start")
        windows.append(HighLoadWindow(start, end, w["reason"]))
    windows.sort(key=lambda w: (w.start, w.end))

    m = raw.get("mappings", {})
    mappings = Mappings(
        channels=MappingProxyType(
            _mapping(reader, "channels", m.get("channels", {}), list(CHANNELS))
        ),
        impacts=MappingProxyType(_mapping(reader, "impacts", m.get("impacts", {}), list(IMPACTS))),
        feature_tags=tuple(sorted({normal_name(t) for t in m.get("feature_tags", ())})),
    )

    return SupportPolicy(
        file=sla.file,
        calendars=MappingProxyType(calendars),
        impacts=tuple(impacts),
        chat=chat,
        email=email,
        other_follows=raw["channels"].get(
            "other", default_of(SLA_SCHEMA, "support", "channels", "other")
        ),
        out_of_hours=out_of_hours,
        high_load=tuple(windows),
        mappings=mappings,
    )
