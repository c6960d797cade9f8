"""The SLA terms page's tables, read from the SLA file: coverage hours and response targets,
in the reader's language (English's day and month names are statusgen's own, another
language's are CLDR's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel.dates import format_interval, format_skeleton, get_day_names

from generator.config.sla import Sla
from generator.i18n import Language
from generator.locales import SOURCE_LANGUAGE
from generator.render import formatting as fmt
from generator.timeutil import TimeFormatError, parse_duration, parse_timezone

_DAYS = {
    "mon": "Mon",
    "tue": "Tue",
    "wed": "Wed",
    "thu": "Thu",
    "fri": "Fri",
    "sat": "Sat",
    "sun": "Sun",
}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip


@dataclass(frozen=True)
class Calendar:
    id: str
    name: str
    hours: str
    holidays: list[str]


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class TargetRow:
    impact: str
    request: str
    cells: list[str]


def _offset(tz_name: str) -> str:
    try:
        return fmt.offset_text(datetime(2000, 1, 1, tzinfo=parse_timezone(tz_name)))
    except TimeFormatError:
        return tz_name


def _day_name(day: str, lang: Language) -> str:
    if lang.code == SOURCE_LANGUAGE or day not in _DAYS:
        return _DAYS.get(day, day)
    names = get_day_names("abbreviated", context="stand-alone", locale=lang.locale)
    return str(names[list(_DAYS).index(day)])


def _hours_text(hours: dict[str, Any], tz_name: str, lang: Language) -> str:
    parts = []
    for days, spans in hours.items():
        day_text = "–".join(_day_name(d, lang) for d in str(days).split("-"))
        spans = spans if isinstance(spans, list) else [spans]
        parts.append(f"{day_text} {', '.join(str(s).replace('-', '–') for s in spans)}")
    zone = tz_name if "/" in tz_name else _offset(tz_name)
    return f"{'; '.join(parts)} ({zone})"


def calendars(sla: Sla, lang: Language) -> list[Calendar]:
    out = []
    for ident, cal in sorted(sla.calendars.items()):
        holidays = cal.get("holidays", {})
        dates = holidays.get("dates", []) if isinstance(holidays, dict) else []
        out.append(
            Calendar(
                id=ident,
                name=cal.get("name", ident),
                hours=_hours_text(
                    cal.get("hours", {}), str(cal.get("timezone", sla.timezone_name)), lang
                ),
                holidays=[lang.day(fmt.as_date(str(d))) for d in dates],
            )
        )
    return out


def coverage(sla: Sla, lang: Language) -> list[dict[str, str]]:
    by_id = {c.id: c for c in calendars(sla, lang)}
    rows = []
    for row in sla.coverage:
        if row.get("always"):
            hours = lang.gettext("24 hours a day, every day")
        elif row.get("calendar") in by_id:
            hours = by_id[row["calendar"]].hours
        else:
            hours = ""
        rows.append(
            {"service": row.get("service", ""), "hours": hours, "note": row.get("note", "")}
        )
    return rows


def _duration_text(value: Any, lang: Language) -> str:
    try:
        return lang.duration(parse_duration(value))
    except TimeFormatError:
        return str(value)


def targets(sla: Sla, lang: Language) -> tuple[list[Channel], list[TargetRow]]:
    _ = lang.gettext
    support = sla.support or {}
    impacts = support.get("impacts", [])
    channels_cfg = support.get("channels", {})
    channels: list[Channel] = []
    columns: list[dict[str, Any]] = []
    for ident, cfg in channels_cfg.items():
        if not isinstance(cfg, dict):
            continue  # an alias such as "other: email"
        channels.append(Channel(ident, cfg.get("name", ident), cfg.get("description", "")))
        columns.append(cfg)
    rows = []
    for impact in impacts:
        cells = []
        for cfg in columns:
            if "targets" in cfg:
                target = cfg["targets"].get(impact["id"])
                if target is None:
                    cells.append("—")
                    continue
                within = _duration_text(target["within"], lang)
                cell = (
                    _("%(label)s (%(within)s, business hours)")
                    if target.get("clock") == "business"
                    else _("%(label)s (%(within)s, around the clock)")
                )
                cells.append(cell % {"label": target.get("label") or within, "within": within})
            elif "target" in cfg:
                relaxed = impact["id"] in cfg.get("relaxed_impacts", [])
                value = cfg.get("relaxed_target") if relaxed else cfg["target"]
                within = _duration_text(value, lang)
                cells.append(_("%(within)s in chat hours") % {"within": within})
            else:
                cells.append("—")
        rows.append(TargetRow(impact["id"], impact.get("request", ""), cells))
    return channels, rows


def _months(first: int, last: int, lang: Language) -> str:
    """'Feb–Apr' in English, 'Feb.–Apr.' in German: a period's months, its year unsaid."""
    if lang.code == SOURCE_LANGUAGE:
        return f"{_MONTHS[first - 1][:3]}–{_MONTHS[last - 1][:3]}"
    end = date(2001 if last < first else 2000, last, 1)
    return str(format_interval(date(2000, first, 1), end, "MMM", locale=lang.locale))


def period_rule(sla: Sla, lang: Language) -> str:
    """'quarters starting 1 February (Feb–Apr, May–Jul, Aug–Oct, Nov–Jan)'."""
    _ = lang.gettext
    months = sla.periods.months
    first = sla.periods.first_month
    if months == 1:
        return _("calendar months")
    if lang.code == SOURCE_LANGUAGE:
        day = f"1 {_MONTHS[first - 1]}"
    else:
        day = str(format_skeleton("MMMMd", date(2000, first, 1), locale=lang.locale))
    if months == 12:
        return _("years starting %(day)s") % {"day": day}
    starts = sorted(((first - 1 + k * months) % 12) for k in range(12 // months))
    spans = ", ".join(_months(s + 1, (s + months - 1) % 12 + 1, lang) for s in starts)
    figures = {"day": day, "spans": spans, "months": months}
    if months == 3:
        return _("quarters starting %(day)s (%(spans)s)") % figures
    if months == 6:
        return _("half-years starting %(day)s (%(spans)s)") % figures
    return _("%(months)d-month periods starting %(day)s (%(spans)s)") % figures
