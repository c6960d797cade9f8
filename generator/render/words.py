"""The site's words in the reader's language, where render writes them rather than a
template: the names of things the records only know by id (an SLA period, an exclusion's
category, a support channel, impact and target, the navigation's sections, the palette
toggle), a day bar's label and a time span. Each table is marked for the catalogues
(:func:`generator.locales.N_`) and read in the reader's language.

English names are statusgen's own and stay as they have always been written ("Aug–Oct 2026"
is the model's label); another language names a period with CLDR's interval format
("Aug.–Okt. 2026", "серп. — жовт. 2026 р.").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from markupsafe import Markup

from generator.compute.windows import DayBar
from generator.config.support import BUSINESS_CLOCK, SupportPolicy
from generator.i18n import Language, language
from generator.locales import N_, SOURCE_LANGUAGE
from generator.model.report import percent
from generator.model.support_report import SupportBreach
from generator.render import formatting as fmt

CHANNEL_WORDS = {"chat": N_("Live chat"), "email": N_("Email"), "other": N_("Other")}
# a support impact named mid-line ("Live chat · critical"); capitalised as a row's heading
SUPPORT_IMPACT_WORDS = {
    "critical": N_("critical"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "informational": N_("informational"),
    "feature": N_("feature"),
}
# a support channel named mid-line, as the PDF's tables and column chart name it
SUPPORT_CHANNEL_WORDS = {"chat": N_("chat"), "email": N_("email"), "other": N_("other")}
# an incident's impact named mid-line ("Impact: major"), as the feed and the notifications say it
INCIDENT_IMPACT_WORDS = {
    "none": N_("none"),
    "minor": N_("minor"),
    "major": N_("major"),
    "critical": N_("critical"),
}
# An exclusion's category in the reader's words, by what the SLA's rule applies to; an
# incident rule is named by its kind when its id says it (ids are the SLA file's own). Each
# has its tag's words too ("Excluded: planned release"): German keeps a noun's capital, so a
# tag is not the category lowercased.
PLANNED = (N_("Planned release"), N_("Excluded: planned release"))
BETA = (N_("Beta feature"), N_("Excluded: beta feature"))
THIRD_PARTY = (N_("Third-party outage"), N_("Excluded: third-party outage"))
PERFORMANCE = (N_("Performance issue"), N_("Excluded: performance issue"))
FORCE_MAJEURE = (N_("Force majeure"), N_("Excluded: force majeure"))
CLIENT_SIDE = (N_("Caused on the client's side"), N_("Excluded: caused on the client's side"))
DECLARED = (N_("Declared exclusion"), N_("Excluded: declared exclusion"))
EXCLUSION_WORDS = {"maintenance": PLANNED, "beta": BETA}
INCIDENT_EXCLUSION_WORDS = (
    ("third", THIRD_PARTY),
    ("vendor", THIRD_PARTY),
    ("performance", PERFORMANCE),
    ("slow", PERFORMANCE),
    ("force", FORCE_MAJEURE),
    ("client", CLIENT_SIDE),
    ("customer", CLIENT_SIDE),
)


@dataclass(frozen=True)
class Exclusion:
    """Why downtime was excluded, as a client reads it: the category, its tag, the written
    note (the incident's or the window's own words) and the SLA clause it falls under."""

    category: str
    tag: str
    note: str
    clause: str


def exclusion_of(
    rule: str | None, reason: str | None, rules: Any, lang: Language | None = None
) -> Exclusion:
    found = next((r for r in rules if r.id == rule), None)
    clause = found.text if found is not None else ""
    applies = found.applies_to if found is not None else ""
    words = EXCLUSION_WORDS.get(applies)
    if words is None:
        lowered = (rule or "").lower()
        words = next((w for key, w in INCIDENT_EXCLUSION_WORDS if key in lowered), DECLARED)
    note = reason or ""
    if clause and note.startswith(clause):
        note = note[len(clause) :].lstrip(": ").strip()
    elif note == clause:
        note = ""
    category, tag = (lang.gettext(w) for w in words) if lang is not None else words
    return Exclusion(category, tag, note, clause)


def period_label(lang: Language, period_id: str, months: int, label: str) -> str:
    """A period's name in ``lang``: 'Aug–Oct 2026' (``label``, the model's) in English,
    'Aug.–Okt. 2026' in German, 'серпень 2026 р.' for a one-month period in Ukrainian."""
    if lang.code == SOURCE_LANGUAGE:
        return label
    year, month = int(period_id[:4]), int(period_id[5:7])
    if months == 1:
        return lang.month_year(year, month)
    last_year, last_month = divmod(year * 12 + month - 1 + months - 1, 12)
    return lang.months(date(year, month, 1), date(last_year, last_month + 1, 1))


def _bar_figures(bar: DayBar, lang: Language) -> str:
    return _figures(
        lang, bar.downtime_seconds, bar.excluded_seconds, bar.no_data_seconds, bar.seconds
    )


@functools.lru_cache(maxsize=4096)
def _figures(lang: Language, downtime: int, excluded: int, no_data: int, seconds: int) -> str:
    """A day's figures in words, by what they are made of: most days of a site's 90-day
    bars say the same ("100%, no downtime"), so each is written once."""
    _ = lang.gettext
    if no_data >= seconds:  # DayBar.has_data
        return _("no data")
    parts = [lang.pct(percent(downtime, seconds), 2, strip=True)]
    parts.append(
        _("%(duration)s down") % {"duration": lang.duration(downtime)}
        if downtime
        else _("no downtime")
    )
    if excluded:
        parts.append(
            _("%(duration)s excluded from the SLA") % {"duration": lang.duration(excluded)}
        )
    if no_data:
        parts.append(_("%(duration)s without data") % {"duration": lang.duration(no_data)})
    # the list's comma is the same in the languages statusgen speaks
    return ", ".join(parts)


def bar_label(bar: DayBar, lang: Language | None = None) -> str:
    """'12 Aug 2026: 99.31%, 10 min down, 1 incident' (the day's figures in words)."""
    lang = lang or language(SOURCE_LANGUAGE)
    figures = _bar_figures(bar, lang)
    if bar.incidents:
        count = len(bar.incidents)
        said = lang.ngettext("%(num)d incident", "%(num)d incidents", count) % {"num": count}
        figures = f"{figures}, {said}"
    return f"{lang.day(bar.date)}: {figures}"


def day_summary(bar: DayBar, lang: Language | None = None) -> str:
    """The figures a day's popover opens with: 'Uptime 99.31%, 10 min down'."""
    lang = lang or language(SOURCE_LANGUAGE)
    if not bar.has_data:
        return lang.gettext("No monitoring data all day.")
    return lang.gettext("Uptime %(figures)s.") % {"figures": _bar_figures(bar, lang)}


def span(lang: Language, start: int | str, end: int | str, tz: tzinfo, seconds: bool) -> str:
    """'12 Aug 2026 14:05–14:30 UTC+03:00', or both times in full when the days differ."""
    if lang.code == SOURCE_LANGUAGE:
        return fmt.span(start, end, tz, seconds=seconds)
    first, last = fmt._moment(start, tz), fmt._moment(end, tz)
    if first.date() == last.date() and fmt.offset_text(first) == fmt.offset_text(last):
        return (
            f"{lang.day(first.date())} {lang.clock(first, seconds=seconds)}"
            f"\u2013{lang.clock(last, seconds=seconds)} {fmt.offset_text(last)}"
        )
    return f"{lang.when(first, seconds=seconds)} \u2013 {lang.when(last, seconds=seconds)}"


def figure(lang: Language, name: str, value: float | int, exact: bool = False) -> Markup:
    """An exact figure as the period page marks it for readers and tests alike:
    ``<span data-figure="uptime.downtime_minutes">64.5</span>`` (``exact``: as given)."""
    text = str(value) if exact else lang.number(value)
    return Markup('<span data-figure="{}">{}</span>').format(name, text)


def minutes(lang: Language, value: float) -> str:
    """A report's minutes as given: '64.5 min', '64,5 Min.'."""
    if lang.code == SOURCE_LANGUAGE:
        return fmt.minutes(value)
    return lang.gettext("%(number)s min") % {"number": lang.number(value)}


def support_target(
    policy: SupportPolicy | None, channel: str, impact: str, english: str, lang: Language
) -> str:
    """A support target as a client reads it, in ``lang``: ``english`` is the report's own
    wording (generator.config.support.describe_target), said the same way here."""
    if lang.code == SOURCE_LANGUAGE or policy is None:
        return english
    _ = lang.gettext
    if policy.terms_of(channel) == "chat":
        chat = policy.chat
        figures = {
            "within": lang.duration(chat.target_seconds),
            "relaxed": lang.duration(chat.relaxed_target_seconds),
            "calendar": chat.calendar.id,
        }
        if impact in chat.relaxed_impacts:
            return _("%(relaxed)s in chat hours (%(calendar)s), non-urgent") % figures
        if policy.high_load:
            return (
                _("%(within)s in chat hours (%(calendar)s); %(relaxed)s in high-load windows")
                % figures
            )
        return _("%(within)s in chat hours (%(calendar)s)") % figures
    target = policy.email.targets.get(impact)
    if target is None:
        return english
    within = lang.duration(target.seconds)
    rule = policy.out_of_hours
    if target.clock == BUSINESS_CLOCK and target.calendar is not None:
        text = _("%(within)s of business hours (%(calendar)s)") % {
            "within": within,
            "calendar": target.calendar.id,
        }
    elif rule is not None and impact in rule.impacts:
        text = _(
            "%(within)s, calendar time; created + %(deadline)s outside business hours "
            "(%(calendar)s)"
        ) % {
            "within": within,
            "deadline": lang.duration(rule.deadline_seconds),
            "calendar": rule.calendar.id,
        }
    else:
        text = _("%(within)s, calendar time") % {"within": within}
    return f"{target.label}: {text}" if target.label else text


def breach_explanation(
    policy: SupportPolicy | None,
    breach: SupportBreach,
    lang: Language,
) -> str:
    """Why a missed ticket's deadline fell where it did, in ``lang``: the report's own
    arithmetic (its ``explanation``) in English; in another language the target that applied
    (:func:`support_target`), or the out-of-hours rule that moved the deadline."""
    if lang.code == SOURCE_LANGUAGE or policy is None:
        return breach.explanation
    _ = lang.gettext
    rule = policy.out_of_hours
    if breach.rule.startswith("out-of-hours") and rule is not None:
        figures = {
            "calendar": rule.calendar.id,
            "deadline": lang.duration(rule.deadline_seconds),
        }
        if breach.rule == "out-of-hours-arrival":
            return (
                _("arrived outside business hours (%(calendar)s), so created + %(deadline)s")
                % figures
            )
        target = policy.email.targets.get(breach.impact)
        figures["within"] = lang.duration(target.seconds) if target is not None else ""
        return (
            _(
                "created + %(within)s falls outside business hours (%(calendar)s), so "
                "created + %(deadline)s"
            )
            % figures
        )
    if breach.rule == "chat-high-load":
        return _("%(relaxed)s in chat hours (%(calendar)s), created in a high-load window") % {
            "relaxed": lang.duration(policy.chat.relaxed_target_seconds),
            "calendar": policy.chat.calendar.id,
        }
    return support_target(policy, breach.channel, breach.impact, breach.explanation, lang)


# The figures of the support method (generator.compute.support.METHOD), named; their
# explanations are the report model's own words, shown as it gives them (as in the PDF)
METHOD_TERMS = {
    "attainment_percent": N_("Attainment percent"),
    "deadline": N_("Deadline"),
    "outcome": N_("Outcome"),
    "percentiles": N_("Percentiles"),
    "period": N_("Period"),
    "response_minutes": N_("Response minutes"),
}


def method_term(key: str, lang: Language) -> str:
    """'Attainment percent': a figure of the support method, named."""
    if key in METHOD_TERMS:
        return lang.gettext(METHOD_TERMS[key])
    return key.replace("_", " ").capitalize()


def navigation(lang: Language, periods: list[tuple[str, str]]) -> list[Any]:
    """The site's default navigation, newest period first: ``periods`` are (label, page)."""
    _ = lang.gettext
    return [
        {_("Status"): "index.md"},
        {_("Incidents"): "history/index.md"},
        {_("Maintenance"): "maintenance/index.md"},
        {"SLA": ["sla/index.md", {_("Terms"): "sla/terms.md"}, *({k: v} for k, v in periods)]},
    ]


# Material's palette toggle, as statusgen's mkdocs.yml names it
PALETTE_WORDS = {
    "Switch to light mode": N_("Switch to light mode"),
    "Switch to dark mode": N_("Switch to dark mode"),
    "Switch to system preference": N_("Switch to system preference"),
}


def translate_palette(palette: Any, code: str) -> None:
    """The palette toggle's names in ``lang``, where the site's mkdocs.yml uses statusgen's
    own English names (a site that wrote its own keeps them)."""
    for option in palette if isinstance(palette, list) else [palette]:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and toggle.get("name") in PALETTE_WORDS:
            toggle["name"] = language(code).gettext(PALETTE_WORDS[toggle["name"]])
