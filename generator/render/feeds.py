"""The Atom feed of incidents and maintenance windows.

Entries are dated by what they say (an incident's last update, a window's start), never by
the build, so the same records give the same feed. Text is escaped, and characters that
XML 1.0 cannot carry are dropped (the loader refuses them; this is the second line). The
incident's updates are the entry's content, as plain paragraphs. Ids in entry ids are
percent-encoded, as they are in the page links. The words statusgen adds (titles, the
update states, "Affected", the impact) are in the reader's language; what the company wrote
(titles, updates, component names) stays as written.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from urllib.parse import quote
from xml.sax.saxutils import escape

from generator.i18n import ENGLISH, Language
from generator.locales import N_
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.render.pages import UPDATE_WORDS
from generator.render.words import INCIDENT_IMPACT_WORDS
from generator.render.xmltext import xml_attr, xml_escape
from generator.timeutil import format_instant

STATE_WORDS = {
    "upcoming": N_("Upcoming"),
    "in progress": N_("In progress"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}


def feed_title(company: str, lang: Language = ENGLISH, component: str | None = None) -> str:
    """'Acme status', or a component's own feed: 'Acme status: API'."""
    if component is None:
        return lang.gettext("%(company)s status") % {"company": company}
    return lang.gettext("%(company)s status: %(component)s") % {
        "company": company,
        "component": component,
    }


def _moment(instant: int, tz: tzinfo, lang: Language) -> str:
    """A time in an entry's text: English feeds have always given it in ISO form."""
    if lang.code == ENGLISH.code:
        return format_instant(instant, tz)
    return lang.when(datetime.fromtimestamp(instant, tz))


def _entry(ident: str, title: str, link: str, updated: str, published: str, html: str) -> str:
    return (
        "  <entry>\n"
        f"    <id>{xml_escape(ident)}</id>\n"
        f"    <title>{xml_escape(title)}</title>\n"
        f'    <link rel="alternate" type="text/html" href={xml_attr(link)}/>\n'
        f"    <published>{published}</published>\n"
        f"    <updated>{updated}</updated>\n"
        f'    <content type="html">{xml_escape(html)}</content>\n'
        "  </entry>\n"
    )


def atom_feed(
    title: str,
    site_url: str,
    incidents: list[Incident],
    maintenance: list[Maintenance],
    links: dict[str, str],
    names: dict[str, str],
    tz: tzinfo,
    now: int,
    lang: Language = ENGLISH,
) -> str:
    """``links`` maps incident ids and ``maintenance`` to absolute page URLs; statusgen's
    own words are in ``lang``."""
    _ = lang.gettext
    entries: list[tuple[int, str, str]] = []
    for incident in incidents:
        if incident.started > now:
            continue
        updates = [u for u in incident.updates if u.at <= now]
        last = max([incident.started, *(u.at for u in updates)])
        if incident.resolved is not None and incident.resolved <= now:
            last = max(last, incident.resolved)
        body = "".join(
            f"<p><strong>{escape(_(UPDATE_WORDS[u.status]))}</strong>"
            f" ({escape(_moment(u.at, tz, lang))}): {escape(u.message)}</p>"
            for u in reversed(updates)
        )
        affected = ", ".join(names.get(c, c) for c in incident.components)
        impact = _(INCIDENT_IMPACT_WORDS.get(incident.impact, incident.impact))
        summary = _("Affected: %(components)s. Impact: %(impact)s.")
        body += f"<p>{escape(summary % {'components': affected, 'impact': impact})}</p>"
        entries.append(
            (
                last,
                incident.id,
                _entry(
                    f"{site_url}#incident-{quote(incident.id, safe='')}",
                    incident.title,
                    links[incident.id],
                    format_instant(last, tz),
                    format_instant(incident.started, tz),
                    body,
                ),
            )
        )
    for window in maintenance:
        state = window.state(now)
        affected = ", ".join(names.get(c, c) for c in window.components)
        sentence = _("%(state)s: %(start)s to %(end)s. Affected: %(components)s.") % {
            "state": _(STATE_WORDS.get(state, state.capitalize())),
            "start": _moment(window.start, tz, lang),
            "end": _moment(window.end, tz, lang),
            "components": affected,
        }
        body = f"<p>{escape(sentence)}</p>"
        if window.body:
            body += f"<p>{escape(window.body)}</p>"
        # announced when scheduled; the entry is dated by its start (or end once completed)
        updated = window.end if state == "completed" else window.start
        entries.append(
            (
                updated,
                window.id,
                _entry(
                    f"{site_url}#maintenance-{quote(window.id, safe='')}",
                    _("Maintenance: %(title)s") % {"title": window.title},
                    links["maintenance"],
                    format_instant(updated, tz),
                    format_instant(window.start, tz),
                    body,
                ),
            )
        )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    feed_updated = format_instant(entries[0][0], tz) if entries else format_instant(now, tz)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>{xml_escape(site_url)}</id>\n"
        f"  <title>{xml_escape(title)}</title>\n"
        f'  <link rel="alternate" type="text/html" href={xml_attr(site_url)}/>\n'
        f'  <link rel="self" type="application/atom+xml" href={xml_attr(site_url + "feed.xml")}/>\n'
        f"  <updated>{feed_updated}</updated>\n"
        f"  <author><name>{xml_escape(title)}</name></author>\n"
        "  <generator>statusgen</generator>\n" + "".join(e[2] for e in entries) + "</feed>\n"
    )
