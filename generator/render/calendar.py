"""``maintenance.ics``: the maintenance windows as an iCalendar feed a calendar app subscribes to.

Each window is one event whose UID is its id at the site's host, so a calendar updates the
event rather than adding another when the window changes; SEQUENCE is the window's revision
(``statusgen notify`` bumps it when it sees the window change), and a cancelled window stays
in the feed as STATUS:CANCELLED so calendars remove it. Times are written in UTC, which
every calendar app reads without a VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from icalendar import Calendar, Event

from generator.i18n import Language, language
from generator.locales import SOURCE_LANGUAGE
from generator.model.maintenance import Maintenance


def _utc(instant: int) -> datetime:
    return datetime.fromtimestamp(instant, UTC)


def event_uid(window_id: str, site_url: str) -> str:
    host = urlsplit(site_url).hostname or "statusgen"
    return f"maintenance-{quote(window_id, safe='')}@{host}"


def maintenance_calendar(
    company: str,
    site_url: str,
    windows: list[Maintenance],
    page_url: str,
    names: Mapping[str, str],
    sequences: Mapping[str, int],
    stamp: int,
    lang: Language | None = None,
) -> bytes:
    """``page_url``: the maintenance page, each window's URL (with its anchor). The
    calendar's and the events' names are in ``lang`` (English when none is given)."""
    lang = lang or language(SOURCE_LANGUAGE)
    _ = lang.gettext
    calendar = Calendar()
    calendar.add("prodid", "-//statusgen//maintenance//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("%(company)s maintenance") % {"company": company})
    for window in sorted(windows, key=lambda w: (w.start, w.id)):
        event = Event()
        event.add("uid", event_uid(window.id, site_url))
        event.add("dtstamp", _utc(stamp))
        event.add("dtstart", _utc(window.start))
        event.add("dtend", _utc(window.end))
        summary = _("%(company)s maintenance: %(title)s")
        event.add("summary", summary % {"company": company, "title": window.title})
        affected = ", ".join(names.get(c, c) for c in window.components)
        description = _("Affected: %(components)s.") % {"components": affected}
        event.add("description", description + (f"\n\n{window.body}" if window.body else ""))
        event.add("url", f"{page_url}#maintenance-{quote(window.id, safe='')}")
        event.add("status", "CANCELLED" if window.cancelled else "CONFIRMED")
        event.add("sequence", sequences.get(window.id, 0) + (1 if window.cancelled else 0))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def google_calendar_link(window: Maintenance, company: str, page_url: str) -> str:
    """An "add to calendar" link for one window (Google Calendar's template URL)."""
    fmt = "%Y%m%dT%H%M%SZ"
    dates = f"{_utc(window.start).strftime(fmt)}/{_utc(window.end).strftime(fmt)}"
    text = quote(f"{company} maintenance: {window.title}", safe="")
    details = quote(f"{page_url}#maintenance-{window.id}", safe="")
    return (
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        f"&text={text}&dates={dates}&details={details}"
    )
