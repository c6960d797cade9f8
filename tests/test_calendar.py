"""maintenance.ics, as calendar apps read it: parsed by icalendar and by the independent
``ics`` parser, with start and end in UTC, the summary, the URL, stable UIDs, SEQUENCE and
cancelled windows."""

from __future__ import annotations

from datetime import UTC, datetime

import ics
from icalendar import Calendar

from generator.model.maintenance import Maintenance
from generator.render.calendar import event_uid, google_calendar_link, maintenance_calendar
from generator.timeutil import parse_instant

PAGE = "https://status.example.com/maintenance/"


def window(ident: str, start: str, end: str, cancelled: bool = False) -> Maintenance:
    return Maintenance(
        id=ident,
        file=f"{ident}.md",
        title="Database upgrade",
        components=("web",),
        start=parse_instant(start),
        end=parse_instant(end),
        releases=1,
        cancelled=cancelled,
        body="Planned upgrade.",
    )


WINDOWS = [
    window("db-upgrade", "2026-08-12T01:00:00+03:00", "2026-08-12T02:00:00+03:00"),
    window("old-plan", "2026-08-20T01:00:00+03:00", "2026-08-20T01:30:00+03:00", cancelled=True),
]


def calendar(sequences: dict[str, int] | None = None) -> bytes:
    return maintenance_calendar(
        "Acme",
        "https://status.example.com/",
        WINDOWS,
        PAGE,
        {"web": "Website"},
        sequences or {},
        parse_instant("2026-08-01T00:00:00Z"),
    )


def test_icalendar_reads_each_window_in_utc() -> None:
    parsed = Calendar.from_ical(calendar({"db-upgrade": 2}))
    events = parsed.walk("VEVENT")
    first, cancelled = events
    assert first["DTSTART"].dt == datetime(2026, 8, 11, 22, 0, tzinfo=UTC)
    assert first["DTEND"].dt == datetime(2026, 8, 11, 23, 0, tzinfo=UTC)
    assert str(first["SUMMARY"]) == "Acme maintenance: Database upgrade"
    assert str(first["URL"]) == PAGE + "#maintenance-db-upgrade"
    assert str(first["UID"]) == "maintenance-db-upgrade@status.example.com"
    assert int(first["SEQUENCE"]) == 2
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 1  # cancelling is a change, even unseen by notify
    text = calendar().decode()
    assert "DTSTART:20260811T220000Z\r\n" in text
    assert "DTEND:20260811T230000Z\r\n" in text


def test_a_second_parser_sees_the_same_events() -> None:
    parsed = ics.Calendar(calendar().decode())
    events = sorted(parsed.events, key=lambda e: e.begin)
    assert [(e.name, e.begin.isoformat(), e.end.isoformat(), e.url, e.uid) for e in events] == [
        (
            "Acme maintenance: Database upgrade",
            "2026-08-11T22:00:00+00:00",
            "2026-08-11T23:00:00+00:00",
            PAGE + "#maintenance-db-upgrade",
            "maintenance-db-upgrade@status.example.com",
        ),
        (
            "Acme maintenance: Database upgrade",
            "2026-08-19T22:00:00+00:00",
            "2026-08-19T22:30:00+00:00",
            PAGE + "#maintenance-old-plan",
            "maintenance-old-plan@status.example.com",
        ),
    ]
    assert [e.status for e in events] == ["CONFIRMED", "CANCELLED"]


def test_the_same_windows_give_the_same_bytes_and_uids_stay() -> None:
    assert calendar() == calendar()
    assert event_uid("db-upgrade", "https://other.example.org/x/") == (
        "maintenance-db-upgrade@other.example.org"
    )


def test_add_to_calendar_link() -> None:
    assert google_calendar_link(WINDOWS[0], "Acme", PAGE) == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        "&text=Acme%20maintenance%3A%20Database%20upgrade"
        "&dates=20260811T220000Z/20260811T230000Z"
        "&details=https%3A%2F%2Fstatus.example.com%2Fmaintenance%2F%23maintenance-db-upgrade"
    )
