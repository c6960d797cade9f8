"""Uptime badges in the shields.io "flat" style: ``uptime | 99.97%``.

Text widths are estimated from Verdana 11 px advance widths (as shields does), so a badge
needs no font at build time and is byte-identical for the same figure. The words are in
the SLA's language, the figure written as that language writes a percentage.
"""

from __future__ import annotations

from generator.i18n import ENGLISH, Language
from generator.render.xmltext import xml_attr as quoteattr
from generator.render.xmltext import xml_escape as escape

# Approximate advance widths (px) of Verdana at 11 px; anything else counts as 7.
_NARROW = {".": 3.9, ",": 3.9, ":": 3.9, " ": 3.9, "\u00a0": 3.9, "i": 3.1, "l": 3.1, "j": 3.5, "t": 4.3,
           "f": 3.9, "r": 4.7, "%": 11.8, "(": 4.5, ")": 4.5, "-": 4.5}  # fmt: skip
_DIGIT = 7.0

GREEN, YELLOW, ORANGE, RED, GREY = "#4c1", "#dfb317", "#fe7d37", "#e05d44", "#9f9f9f"


def text_width(text: str) -> float:
    return sum(_NARROW.get(c, _DIGIT if c.isdigit() else 7.0) for c in text)


def colour(percent: float | None, objective: float) -> str:
    if percent is None:
        return GREY
    if percent >= objective:
        return GREEN
    if percent >= objective - 0.1:
        return YELLOW
    if percent >= objective - 1:
        return ORANGE
    return RED


def badge_svg(label: str, value: str, color: str, title: str) -> str:
    left = round(text_width(label) + 10)
    right = round(text_width(value) + 10)
    total = left + right
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f"aria-label={quoteattr(f'{label}: {value}')}>"
        f"<title>{escape(title)}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{color}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2}" y="15" fill="#010101" fill-opacity=".3">{escape(label)}</text>'
        f'<text x="{left / 2}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2}" y="15" fill="#010101" fill-opacity=".3">{escape(value)}</text>'
        f'<text x="{left + right / 2}" y="14">{escape(value)}</text>'
        "</g></svg>\n"
    )


def to_date(period: str, lang: Language = ENGLISH) -> str:
    """A running period's window, as a badge names it: 'Aug–Oct 2026 to date'."""
    return lang.gettext("%(period)s to date") % {"period": period}


def uptime_badge(
    name: str,
    percent: float | None,
    objective: float,
    window: str,
    measured: str | None = None,
    lang: Language = ENGLISH,
) -> str:
    """The component's uptime over ``window`` (e.g. 'Aug–Oct 2026 to date'); grey 'no data'
    when nothing was measured in it. ``measured`` (a duration in ``lang``) goes in the
    title."""
    _ = lang.gettext
    value = lang.pct(percent, 2, strip=True)
    if percent is None:
        title = _("%(component)s: no uptime data, %(window)s") % {
            "component": name,
            "window": window,
        }
    else:
        title = _("%(component)s: %(uptime)s uptime, %(window)s") % {
            "component": name,
            "uptime": lang.pct(percent),
            "window": window,
        }
        if measured:
            title += " (" + _("%(duration)s measured") % {"duration": measured} + ")"
    return badge_svg(_("uptime"), value, colour(percent, objective), title)
