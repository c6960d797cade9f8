"""What the PDF report's template shows beside the report's own figures: the words for
the report's codes, the summary's plain statements, outage and monitor rows, coverage
lines and the downtime chart's days, each in the reader's language (a
:class:`~generator.i18n.Language`). Only words and the display policy are added here; every
figure is the report's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from babel.units import format_unit

from generator.compute.windows import EXCLUDED_BLIP_SECONDS, ReportDays, report_days
from generator.config.sla import Sla
from generator.i18n import Language, language
from generator.locales import N_, SOURCE_LANGUAGE
from generator.model.client_report import CreditOwed
from generator.model.report import ComponentUptime, MonitorMethod, Outage, Report
from generator.render import formatting as fmt
from generator.render import words
from generator.render.words import SUPPORT_CHANNEL_WORDS, SUPPORT_IMPACT_WORDS
from generator.site import Site
from generator.timeutil import parse_timezone


def unit_text(lang: Language, value: float, unit: str) -> str:
    """An exact figure of the report in one unit: '64.5 min', '64,5 Min.', '3870 s'."""
    if lang.code == SOURCE_LANGUAGE:
        return fmt.minutes(value) if unit == "minute" else f"{fmt.number(value)} s"
    amount = Decimal(fmt.number(value))
    return format_unit(amount, f"duration-{unit}", length="short", locale=lang.locale)


# The words for the report's codes, in the reader's language (lang.gettext of the value)
# the PDF's tables name a feature request in full
IMPACT_WORDS = {**SUPPORT_IMPACT_WORDS, "feature": N_("feature request")}
CHANNEL_WORDS = SUPPORT_CHANNEL_WORDS
CHANNEL_NAMES = words.CHANNEL_WORDS
OUTCOME_WORDS = {"met": N_("yes"), "breached": N_("no, late"), "pending": N_("not due yet")}
APPLIES_WORDS = {
    "incident": N_("incident"),
    "maintenance": N_("maintenance"),
    "beta": N_("beta"),
    "any": N_("any"),
}
METHOD_WORDS = {
    "attainment_percent": N_("attainment percent"),
    "deadline": N_("deadline"),
    "outcome": N_("outcome"),
    "percentiles": N_("percentiles"),
    "period": N_("period"),
    "response_minutes": N_("response minutes"),
}
WINDOW_STATES = {
    "upcoming": N_("upcoming"),
    "in progress": N_("in progress"),
    "cancelled": N_("cancelled"),
}
CREDIT_STATES = {
    "none": N_("none owed"),
    "voided": N_("voided"),
    "pending": N_("pending"),
}
VERDICT_WORDS = {
    "not measured": N_("not measured"),
    "not measured yet": N_("not measured yet"),
    "met so far": N_("met so far"),
    "MISSED": N_("MISSED"),
    "MET": N_("MET"),
}


def when_short_of(tz: tzinfo, lang: Language) -> Any:
    """'17 Aug 2026 16:50', with seconds when they are not zero; the time only when the
    instant falls on the same day as ``ref`` (an outage's end next to its start)."""

    def when_short(value: str, ref: str | None = None) -> str:
        moment = datetime.fromisoformat(value).astimezone(tz)
        clock = lang.clock(moment, seconds=bool(moment.second))
        if ref is not None and datetime.fromisoformat(ref).astimezone(tz).date() == moment.date():
            return clock
        # the date never breaks inside; a narrow column may wrap between date and time
        return lang.day(moment.date()).replace(" ", "\u00a0") + " " + clock

    return when_short


def period_label(report: Report, lang: Language) -> str:
    """'Aug–Oct 2026' (the report's own label in English), its months in the reader's
    language otherwise (:meth:`generator.i18n.Language.months`, as the site names them):
    'серп. — жовт. 2026 р.', 'Aug.–Okt. 2026'."""
    if lang.code == SOURCE_LANGUAGE:
        return report.period.label
    first = date.fromisoformat(report.period.start[:10])
    last = date.fromisoformat(report.period.end[:10]) - timedelta(days=1)
    return lang.months(first, last)


def uptime_verdict(report: Report) -> str:
    """The uptime objective's verdict, a key of VERDICT_WORDS."""
    u, p = report.uptime, report.period
    if u.percent is None:
        return "not measured" if p.elapsed_minutes else "not measured yet"
    if p.to_date:
        return "met so far" if u.met else "MISSED"
    return "MET" if u.met else "MISSED"


@dataclass(frozen=True)
class OutageLine:
    """One outage piece as the report lists it: with its component and what it was."""

    outage: Outage
    component: str
    component_name: str
    detail: str

    def __getattr__(self, name: str) -> Any:  # the template reads the outage's own fields
        return getattr(self.outage, name)


def highlights(
    report: Report, outages: list[OutageLine], when_short: Any, lang: Language
) -> list[str]:
    """Plain statements of fact from the report for the summary page; no new figures."""
    _ = lang.gettext
    u, p = report.uptime, report.period
    lines = []
    if p.to_date:
        lines.append(
            _("The period is running: %(elapsed)s of %(period)s have elapsed.")
            % {
                "elapsed": unit_text(lang, p.elapsed_minutes, "minute"),
                "period": unit_text(lang, p.period_minutes, "minute"),
            }
        )
    if u.percent is not None:
        unmeasured = (u.elapsed_minutes - u.measured_minutes) * 60
        if fmt.measured(unmeasured, u.elapsed_minutes * 60, u.objective_percent):
            lines.append(
                _(
                    "Only %(measured)s of %(elapsed)s had probe results; time without data is "
                    "not counted as downtime."
                )
                % {
                    "measured": lang.duration(u.measured_minutes * 60),
                    "elapsed": lang.duration(u.elapsed_minutes * 60),
                }
            )
    worst = [d for d in u.daily if d.percent is not None and d.downtime_seconds > 0]
    if worst:
        d = min(worst, key=lambda d: (d.percent or 0.0, d.date))
        lines.append(
            _("Worst day: %(day)s, %(percent)s uptime with %(downtime)s of counted downtime.")
            % {
                "day": lang.day(date.fromisoformat(d.date)),
                "percent": lang.pct(d.percent),
                "downtime": lang.duration(d.downtime_seconds),
            }
        )
    counted = [o for o in outages if not o.outage.excluded]
    if counted:
        o = max(counted, key=lambda o: (o.outage.seconds, o.outage.start))
        lines.append(
            _("Longest counted outage: %(duration)s on %(component)s, from %(start)s.")
            % {
                "duration": lang.duration(o.outage.seconds),
                "component": o.component_name,
                "start": when_short(o.outage.start),
            }
        )
    else:
        lines.append(_("No counted outage."))
    limit = lang.duration(report.methodology.scheduled_downtime_per_release_seconds)
    exceeded = [w for w in u.maintenance if w.exceeded]
    if exceeded:
        names = "; ".join(
            _("%(window)s (%(observed)s observed, %(allowed)s allowed)")
            % {
                "window": w.title,
                "observed": unit_text(lang, w.observed_downtime_seconds, "second"),
                "allowed": unit_text(lang, w.allowed_seconds, "second"),
            }
            for w in exceeded
        )
        lines.append(
            _("Maintenance over the commitment of %(limit)s per release: %(windows)s.")
            % {"limit": limit, "windows": names}
        )
    elif u.maintenance:
        lines.append(
            _("Every maintenance window kept the commitment of %(limit)s per release.")
            % {"limit": limit}
        )
    support = report.support
    if support and support.groups:
        scored = [g for g in support.groups if g.attainment_percent is not None]
        if scored:
            g = min(scored, key=lambda g: (g.attainment_percent or 0.0, g.channel, g.impact))
            lines.append(
                _(
                    "Lowest support attainment: %(channel)s / %(impact)s, %(percent)s (%(met)s of %(counted)s)."
                )
                % {
                    "channel": _(CHANNEL_WORDS.get(g.channel, g.channel)),
                    "impact": _(IMPACT_WORDS.get(g.impact, g.impact)),
                    "percent": lang.pct(g.attainment_percent),
                    "met": g.met,
                    "counted": g.met + g.breached,
                }
            )
    return lines


def outage_detail(
    outage: Outage, rule_texts: Mapping[str, str], titles: Mapping[str, str], lang: Language
) -> str:
    """What an outage row says beside its treatment: the exclusion's particulars (the
    incident's note, the window's title) without the SLA wording of the rule, which the
    report quotes once in its terms section, then the incidents' titles."""
    parts = []
    reason = outage.reason or ""
    if outage.excluded and reason:
        text = rule_texts.get(outage.rule or "", "")
        if text and reason.startswith(text):
            reason = reason[len(text) :].lstrip(": ")
        if reason:
            parts.append(reason)
    incidents = [titles.get(i, i) for i in outage.incidents]
    if incidents:
        parts.append(lang.gettext("Incident: %(titles)s") % {"titles": "; ".join(incidents)})
    return " · ".join(parts)


@dataclass(frozen=True)
class MonitorGroup:
    """Monitors checked alike: one row of the report's methodology table."""

    interval_seconds: int
    max_gap_seconds: int
    locations: tuple[str, ...]
    quorum: int
    ids: list[str]


def monitor_groups(monitors: Iterable[MonitorMethod]) -> list[MonitorGroup]:
    """Monitors with the same interval, max_gap, locations and quorum, as one row each:
    a site with fifty alike monitors states the rule once, not fifty times."""
    groups: dict[tuple[int, int, tuple[str, ...], int], MonitorGroup] = {}
    for mon in monitors:
        key = (mon.interval_seconds, mon.max_gap_seconds, tuple(mon.locations), mon.quorum)
        group = groups.setdefault(key, MonitorGroup(*key, ids=[]))
        group.ids.append(mon.id)
    return list(groups.values())


def coverage_lines(sla: Sla | None, lang: Language) -> list[str]:
    if sla is None:
        return []
    lines = []
    for entry in sla.coverage:
        service = str(entry.get("service", ""))
        if entry.get("always"):
            text = lang.gettext("%(service)s: any time") % {"service": service}
        else:
            calendar = sla.calendars.get(str(entry.get("calendar")), {})
            name = calendar.get("name") if isinstance(calendar, Mapping) else None
            hours = calendar.get("hours") if isinstance(calendar, Mapping) else None
            when = ", ".join(f"{k} {v}" for k, v in hours.items()) if hours else ""
            zone = calendar.get("timezone", "") if isinstance(calendar, Mapping) else ""
            text = f"{service}: {name or entry.get('calendar')}"
            if when:
                text += f", {when}" + (f" ({zone})" if zone else "")
        if entry.get("note"):
            text += f"; {entry['note']}"
        lines.append(text)
    return lines


def service_days(report: Report, site: Site | None) -> ReportDays:
    """downtime_per_day_svg's arguments for the service, as the status site draws its
    period chart: each day's counted and excluded minutes, the day's level as the day bars
    colour it (the worse of its downtime and its written incidents' impacts) and those
    impacts. Without the site's records the days are coloured by their downtime alone."""
    tz = parse_timezone(report.methodology.timezone)
    as_of = int(datetime.fromisoformat(report.period.as_of).timestamp())
    if site is None:
        return report_days(report, tz, (), as_of, EXCLUDED_BLIP_SECONDS)
    return report_days(report, tz, site.incidents, as_of, site.services.blip_under)


def credit_words(credit: CreditOwed, lang: Language | None = None) -> str:
    """The credit on a client's report, in plain words."""
    _ = (lang or language(SOURCE_LANGUAGE)).gettext
    if credit.status == "owed":
        return _("Credit owed: %(amount)s %(currency)s (%(percent)s%% of your fee)") % {
            "amount": credit.amount,
            "currency": credit.currency,
            "percent": credit.percent,
        }
    if credit.status == "voided":
        return _("No credit is owed under the agreement's conditions")
    if credit.status == "pending":
        return _("The period is still running: any credit is decided when it ends")
    return _("No credit is owed")


# A report on many components keeps its sections short: past these, the uptime and outage
# tables show the worst rows and appendix B lists every component with its outages, one
# paragraph each (a table row is many boxes to lay out; a paragraph is few)
COMPONENT_ROWS = 30
OUTAGE_ROWS = 40
SHOWN_ROWS = 20


def worst_components(components: list[ComponentUptime]) -> list[ComponentUptime]:
    """The components the uptime table shows: all of them, or the SHOWN_ROWS with the
    lowest uptime (counted components first, by their SLA uptime; the others by what was
    observed), in the report's order."""
    if len(components) <= COMPONENT_ROWS:
        return components

    def rank(c: ComponentUptime) -> tuple[bool, float, str]:
        percent = c.percent if c.counted else c.observed_percent
        return (not c.counted, 100.0 if percent is None else percent, c.id)

    chosen = {c.id for c in sorted(components, key=rank)[:SHOWN_ROWS]}
    return [c for c in components if c.id in chosen]


def longest_outages(outages: list[OutageLine]) -> list[OutageLine]:
    """The outages the outage table shows: all of them, or the SHOWN_ROWS longest, in time
    order."""
    if len(outages) <= OUTAGE_ROWS:
        return outages
    longest = sorted(outages, key=lambda o: (-o.outage.seconds, o.outage.start, o.component))
    chosen = {id(o) for o in longest[:SHOWN_ROWS]}
    return [o for o in outages if id(o) in chosen]


@dataclass(frozen=True)
class ComponentDetail:
    """One component in appendix B: its figures and its outages, in words."""

    component: ComponentUptime
    figures: str
    outages: list[str]


def component_details(
    components: list[ComponentUptime],
    outages: list[OutageLine],
    when_short: Any,
    category: Any,
    lang: Language,
) -> list[ComponentDetail]:
    _ = lang.gettext
    by_component: dict[str, list[str]] = {}
    for o in outages:
        end = _("ongoing") if o.outage.ongoing else when_short(o.outage.end, o.outage.start)
        span = _("%(start)s to %(end)s") % {"start": when_short(o.outage.start), "end": end}
        how = (
            _("Excluded: %(category)s") % {"category": category(o.outage.rule, o.outage.reason)}
            if o.outage.excluded
            else _("Counted")
        )
        by_component.setdefault(o.component, []).append(
            f"{span}, {lang.duration(o.outage.seconds)} ({how})"
        )
    details = []
    for c in components:
        if c.counted:
            figures = _(
                "uptime %(percent)s; %(counted)s of downtime counted, %(excluded)s excluded"
            ) % {
                "percent": lang.pct(c.percent),
                "counted": lang.duration(c.counted_downtime_minutes * 60),
                "excluded": lang.duration(c.excluded_minutes * 60),
            }
        else:
            figures = _("not covered by the SLA; observed %(percent)s, %(down)s down") % {
                "percent": lang.pct(c.observed_percent),
                "down": lang.duration(c.downtime_minutes * 60),
            }
        details.append(ComponentDetail(c, figures, by_component.get(c.id, [])))
    return details
