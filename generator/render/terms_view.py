"""The SLA terms page's tables, read from the SLA file: coverage hours and response targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.config.sla import Sla
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
_PERIOD_NAMES = {1: "calendar months", 3: "quarters", 6: "half-years", 12: "years"}
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


def _hours_text(hours: dict[str, Any], tz_name: str) -> str:
    parts = []
    for days, spans in hours.items():
        day_text = "–".join(_DAYS.get(d, d) for d in str(days).split("-"))
        spans = spans if isinstance(spans, list) else [spans]
        parts.append(f"{day_text} {', '.join(str(s).replace('-', '–') for s in spans)}")
    zone = tz_name if "/" in tz_name else _offset(tz_name)
    return f"{'; '.join(parts)} ({zone})"


def calendars(sla: Sla) -> list[Calendar]:
    out = []
    for ident, cal in sorted(sla.calendars.items()):
        holidays = cal.get("holidays", {})
        dates = holidays.get("dates", []) if isinstance(holidays, dict) else []
        out.append(
            Calendar(
                id=ident,
                name=cal.get("name", ident),
                hours=_hours_text(
                    cal.get("hours", {}), str(cal.get("timezone", sla.timezone_name))
                ),
                holidays=[fmt.day(str(d)) for d in dates],
            )
        )
    return out


def coverage(sla: Sla) -> list[dict[str, str]]:
    by_id = {c.id: c for c in calendars(sla)}
    rows = []
    for row in sla.coverage:
        if row.get("always"):
            hours = "24 hours a day, every day"
        elif row.get("calendar") in by_id:
            hours = by_id[row["calendar"]].hours
        else:
            hours = ""
        rows.append(
            {"service": row.get("service", ""), "hours": hours, "note": row.get("note", "")}
        )
    return rows


def _duration_text(value: Any) -> str:
    try:
        return fmt.duration(parse_duration(value))
    except TimeFormatError:
        return str(value)


def targets(sla: Sla) -> tuple[list[Channel], list[TargetRow]]:
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
                clock = (
                    "business hours" if target.get("clock") == "business" else "around the clock"
                )
                label = target.get("label") or _duration_text(target["within"])
                cells.append(f"{label} ({_duration_text(target['within'])}, {clock})")
            elif "target" in cfg:
                relaxed = impact["id"] in cfg.get("relaxed_impacts", [])
                value = cfg.get("relaxed_target") if relaxed else cfg["target"]
                cells.append(f"{_duration_text(value)} in chat hours")
            else:
                cells.append("—")
        rows.append(TargetRow(impact["id"], impact.get("request", ""), cells))
    return channels, rows


def period_rule(sla: Sla) -> str:
    months = sla.periods.months
    name = _PERIOD_NAMES.get(months, f"{months}-month periods")
    first = sla.periods.first_month
    if months == 12 or months == 1:
        return f"{name} starting 1 {_MONTHS[first - 1]}" if months == 12 else name
    starts = sorted(((first - 1 + k * months) % 12) for k in range(12 // months))
    spans = [f"{_MONTHS[s][:3]}–{_MONTHS[(s + months - 1) % 12][:3]}" for s in starts]
    return f"{name} starting 1 {_MONTHS[first - 1]} ({', '.join(spans)})"
