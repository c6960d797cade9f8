"""The period's PDF report: the report JSON through an HTML template and print CSS, by WeasyPrint.

Everything shown comes from the report JSON (``build_report(...).to_json()``), formatted by
:mod:`generator.render.formatting` like the status site, and the charts are the site's
(:mod:`generator.render.charts`), so the PDF, the site and the JSON agree. The SLA file only
adds wording the JSON does not carry (scope, coverage schedules, the agreement's title), and
the incident records their titles.

Reproducible: the same report gives the same bytes. The PDF's creation and modification
dates are the report's as-of time (``generated_at``), never the wall clock; the document
identifier is a hash of the report; the fonts are the DejaVu Sans files bundled with
matplotlib (embedded as subsets), not whatever the system has.

Public by default: the template shows the breach list with ticket ids only for a report
built for the internal audience, and the public report JSON has no ticket id at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import jinja2
import matplotlib
from markupsafe import Markup

from generator import __version__
from generator.atomic import write_atomic
from generator.compute.windows import DayBar, day_level
from generator.config.sla import Brand, Sla
from generator.config.support import attainment_objective
from generator.i18n import Language, language
from generator.locales import SOURCE_LANGUAGE
from generator.model.client_report import CreditOwed
from generator.model.report import MonitorMethod, Outage, Report
from generator.render import charts
from generator.render import formatting as fmt
from generator.render.pages import exclusion_of
from generator.render.verdict import verdict
from generator.site import Site
from generator.timeutil import local_midnight, parse_timezone

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "report"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# (family, weight, style, file): the bundled DejaVu files, so no system font is needed
FONTS = [
    ("DejaVu Sans", "normal", "normal", "DejaVuSans.ttf"),
    ("DejaVu Sans", "bold", "normal", "DejaVuSans-Bold.ttf"),
    ("DejaVu Sans", "normal", "italic", "DejaVuSans-Oblique.ttf"),
    ("DejaVu Sans", "bold", "italic", "DejaVuSans-BoldOblique.ttf"),
    ("DejaVu Sans Mono", "normal", "normal", "DejaVuSansMono.ttf"),
    ("DejaVu Sans Mono", "bold", "normal", "DejaVuSansMono-Bold.ttf"),
]
_DESC_RE = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
INK = "#1a1a1a"  # chart text and lines: near black, prints cleanly
# the logo a site has unless it chose its own: the one `statusgen init` puts in site/assets
DEFAULT_LOGO = (
    Path(__file__).resolve().parent.parent / "scaffold" / "demo" / "site" / "assets" / "logo.svg"
)


def _font_faces() -> str:
    rules = []
    for family, weight, style, name in FONTS:
        path = FONT_DIR / name
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight};'
            f' font-style: {style}; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def _environment(lang: Language) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        pct=lang.pct,
        number=lang.number,
        minutes=fmt.minutes,
        duration=lang.duration,
        human_minutes=lambda minutes: lang.duration(minutes * 60),
        opt_number=lambda v: "n/a" if v is None else lang.number(v),
        opt_human_minutes=lambda v: "n/a" if v is None else lang.duration(v * 60),
        day=fmt.day,
    )
    lang.install(env)
    return env


_ENVS: dict[str, jinja2.Environment] = {}


def environment(code: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """The report's templates in the language ``code`` (made once per language)."""
    if code not in _ENVS:
        _ENVS[code] = _environment(language(code))
    return _ENVS[code]


# --- the view the template renders ---------------------------------------------------


def _when_short(tz: tzinfo) -> Any:
    """'17 Aug 2026 16:50', with seconds when they are not zero; the time only when the
    instant falls on the same day as ``ref`` (an outage's end next to its start)."""

    def when_short(value: str, ref: str | None = None) -> str:
        moment = datetime.fromisoformat(value).astimezone(tz)
        clock = "%H:%M:%S" if moment.second else "%H:%M"
        if ref is not None and datetime.fromisoformat(ref).astimezone(tz).date() == moment.date():
            return moment.strftime(clock)
        # the date never breaks inside; a narrow column may wrap between date and time
        return fmt.day(moment.date()).replace(" ", "\u00a0") + " " + moment.strftime(clock)

    return when_short


def _verdict(report: Report) -> str:
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


def _highlights(report: Report, outages: list[OutageLine], when_short: Any) -> list[str]:
    """Plain statements of fact from the report for the summary page; no new figures."""
    u, p = report.uptime, report.period
    lines = []
    if p.to_date:
        lines.append(
            f"The period is running: {fmt.number(p.elapsed_minutes)} of "
            f"{fmt.number(p.period_minutes)} minutes have elapsed."
        )
    if u.percent is not None:
        unmeasured = (u.elapsed_minutes - u.measured_minutes) * 60
        note = fmt.measured(unmeasured, u.elapsed_minutes * 60, u.objective_percent)
        if note:
            lines.append(
                f"Only {note} of {fmt.duration(u.elapsed_minutes * 60)} had probe "
                "results; time without data is not counted as downtime."
            )
    worst = [d for d in u.daily if d.percent is not None and d.downtime_seconds > 0]
    if worst:
        d = min(worst, key=lambda d: (d.percent or 0.0, d.date))
        lines.append(
            f"Worst day: {fmt.day(d.date)}, {fmt.pct(d.percent)} uptime with "
            f"{fmt.minutes(d.downtime_minutes)} of counted downtime."
        )
    counted = [o for o in outages if not o.outage.excluded]
    if counted:
        o = max(counted, key=lambda o: (o.outage.seconds, o.outage.start))
        lines.append(
            f"Longest counted outage: {fmt.duration(o.outage.seconds)} on "
            f"{o.component_name}, from {when_short(o.outage.start)}."
        )
    else:
        lines.append("No counted outage.")
    per_release = report.methodology.scheduled_downtime_per_release_seconds
    exceeded = [w for w in u.maintenance if w.exceeded]
    if exceeded:
        names = "; ".join(
            f"{w.title} ({w.observed_downtime_seconds} s observed, {w.allowed_seconds} s allowed)"
            for w in exceeded
        )
        lines.append(f"Maintenance over the {per_release}-second commitment: {names}.")
    elif u.maintenance:
        lines.append(f"Every maintenance window kept the {per_release}-second commitment.")
    support = report.support
    if support and support.groups:
        scored = [g for g in support.groups if g.attainment_percent is not None]
        if scored:
            g = min(scored, key=lambda g: (g.attainment_percent or 0.0, g.channel, g.impact))
            lines.append(
                f"Lowest support attainment: {g.channel} / {g.impact}, "
                f"{fmt.pct(g.attainment_percent)} ({g.met} of {g.met + g.breached})."
            )
    return lines


def _outage_detail(outage: Outage, rule_texts: Mapping[str, str], titles: Mapping[str, str]) -> str:
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
        parts.append("Incident: " + "; ".join(incidents))
    return " · ".join(parts)


@dataclass(frozen=True)
class MonitorGroup:
    """Monitors checked alike: one row of the report's methodology table."""

    interval_seconds: int
    max_gap_seconds: int
    locations: tuple[str, ...]
    quorum: int
    ids: list[str]


def _monitor_groups(monitors: Iterable[MonitorMethod]) -> list[MonitorGroup]:
    """Monitors with the same interval, max_gap, locations and quorum, as one row each:
    a site with fifty alike monitors states the rule once, not fifty times."""
    groups: dict[tuple[int, int, tuple[str, ...], int], MonitorGroup] = {}
    for mon in monitors:
        key = (mon.interval_seconds, mon.max_gap_seconds, tuple(mon.locations), mon.quorum)
        group = groups.setdefault(key, MonitorGroup(*key, ids=[]))
        group.ids.append(mon.id)
    return list(groups.values())


def _coverage(sla: Sla | None) -> list[str]:
    if sla is None:
        return []
    lines = []
    for entry in sla.coverage:
        service = str(entry.get("service", ""))
        if entry.get("always"):
            text = f"{service}: any time"
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


def service_days(report: Report, site: Site | None) -> tuple[list[Any], ...]:
    """downtime_per_day_svg's arguments for the service, as the status site draws its
    period chart: each day's counted and excluded minutes, the day's level as the day bars
    colour it (the worse of its downtime and its written incidents' impacts) and those
    impacts. Without the site's records the days are coloured by their downtime alone."""
    tz = parse_timezone(report.methodology.timezone)
    as_of = int(datetime.fromisoformat(report.period.as_of).timestamp())
    counted_ids = {c.id for c in report.uptime.components if c.counted}
    incidents = [
        (i.impact, i.started, i.end_or(as_of))
        for i in (site.incidents if site else ())
        if counted_ids & set(i.components)
    ]
    blip_under = site.services.blip_under if site else 60
    dates, counted, excluded, levels, impacts = [], [], [], [], []
    for d in report.uptime.daily:
        day = date.fromisoformat(d.date)
        start = local_midnight(day, tz)
        seconds = round(d.minutes * 60)
        bar = DayBar(
            date=day,
            start=start,
            end=start + seconds,
            downtime_seconds=d.downtime_seconds,
            excluded_seconds=round(d.excluded_minutes * 60),
            no_data_seconds=seconds if d.percent is None else round(d.no_data_minutes * 60),
            incidents=(),
        )
        day_impacts = sorted(
            impact for impact, lo, hi in incidents if lo < start + 86400 and hi > start
        )
        dates.append(day)
        counted.append(None if d.percent is None else d.downtime_minutes)
        excluded.append(d.excluded_minutes)
        levels.append(day_level(bar, day_impacts, blip_under))
        impacts.append(day_impacts)
    return dates, counted, excluded, levels, impacts


def _logo_img(brand: Brand) -> Markup:
    """The cover's logo as an <img> of a data: URL (the fetcher loads nothing else). An SVG
    drawn in currentColor (as Material's logos are) is drawn white, on the brand colour."""
    path = brand.logo or DEFAULT_LOGO
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        data = data.replace(b"currentColor", b"#ffffff")
        kind = "svg+xml"
    else:
        kind = "png"
    encoded = base64.b64encode(data).decode("ascii")
    return Markup('<img class="logo" alt="" src="data:image/{};base64,{}">').format(kind, encoded)


def _chart_img(svg: str) -> Markup:
    """An SVG chart as an <img>: WeasyPrint draws it as vectors, and its CSS engine does
    not parse every SVG element's style attribute as it does for inline SVG (slower, and a
    warning per SVG-only property). The chart's description becomes the alt text."""
    match = _DESC_RE.search(svg)
    alt = html.unescape(match.group(1)) if match else ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup('<img class="chart-img" alt="{}" src="data:image/svg+xml;base64,{}">').format(
        alt, data
    )


def report_html(
    report: Report,
    *,
    sla: Sla | None = None,
    incident_titles: Mapping[str, str] | None = None,
    site: Site | None = None,
) -> str:
    """The report as the HTML document WeasyPrint lays out (useful to inspect, too).

    ``site`` gives the records the downtime chart marks its days with (written incidents),
    as the status site does."""
    tz = parse_timezone(report.methodology.timezone)
    period = report.period
    u = report.uptime
    titles = incident_titles or {}
    names = {c.id: c.name for c in u.components}
    rule_texts = {e.id: e.text for e in report.methodology.exclusions}
    outages = sorted(
        (
            OutageLine(o, c.id, c.name, _outage_detail(o, rule_texts, titles))
            for c in u.components
            for o in c.outages
        ),
        key=lambda o: (o.outage.start, o.component, o.outage.end),
    )
    when_short = _when_short(tz)
    last_day = date.fromisoformat(period.end[:10]) - timedelta(days=1)
    start_moment = datetime.fromisoformat(period.start).astimezone(tz)
    support = report.support
    first = date.fromisoformat(period.start[:10])
    objective = attainment_objective(sla) if sla else None
    # no target line where the SLA sets no attainment target: the line would be a verdict
    support_target = None if objective is None else float(objective)
    chart_svgs = {
        "allowance": charts.allowance_svg(
            [d.date for d in u.daily],
            [d.cumulative_downtime_minutes for d in u.daily],
            u.allowed_downtime_minutes,
            period_start=first,
            period_days=(date.fromisoformat(period.end[:10]) - first).days,
            projected_minutes=u.projection.downtime_minutes if u.projection else None,
            title=f"Downtime used vs allowance, {period.label}",
            ink=INK,
        ),
        "downtime": charts.downtime_per_day_svg(
            *service_days(report, site),
            title=f"Downtime per day, {period.label}",
            ink=INK,
        ),
        "support_groups": charts.support_attainment_svg(
            support.groups if support else [],
            title="Support attainment by channel and impact",
            target_percent=support_target,
            ink=INK,
        ),
        "support_plans": charts.support_attainment_svg(
            support.plans if support else [],
            by=("plan",),
            title="Support attainment by plan",
            target_percent=support_target,
            ink=INK,
            size=(7.0, 2.3),
        ),
    }
    env = environment(sla.language if sla else SOURCE_LANGUAGE)
    brand = sla.brand if sla else Brand()
    css = (
        _font_faces()
        + "\n"
        + (TEMPLATES / "report.css").read_text(encoding="utf-8").replace("#1d3557", brand.color)
    )
    return env.get_template("report.html").render(
        r=report,
        css=Markup(css),  # our own stylesheet: raw text inside <style>, never input
        charts={k: _chart_img(v) for k, v in chart_svgs.items()},
        version=__version__,
        logo=_logo_img(brand),
        verdict=_verdict(report),
        v=verdict(report, objective),
        exclusion_category=lambda o: (
            exclusion_of(o.rule, o.reason, report.methodology.exclusions).category
        ),
        outages=outages,
        counted_outages=sum(1 for o in outages if not o.outage.excluded),
        exceeded_windows=sum(1 for w in u.maintenance if w.exceeded),
        highlights=_highlights(report, outages, when_short),
        last_day=last_day,
        tz_label=fmt.offset_text(start_moment),
        json_name=f"api/sla/{period.id}.json",
        site_url=sla.site_url if sla else None,
        sla_title=(sla.title if sla else None) or "Service Level Agreement",
        scope=list(sla.terms.scope) if sla else [],
        coverage=_coverage(sla),
        monitor_groups=_monitor_groups(report.methodology.monitors),
        month_name=lambda n: fmt.MONTH_NAMES[int(n) - 1],
        when=lambda v: fmt.when(v, tz),
        when_short=when_short,
        day=fmt.day,
        component_name=lambda cid: names.get(cid, cid),
        rule_category=lambda rule: exclusion_of(rule, None, report.methodology.exclusions).category,
        component_names=lambda ids: ", ".join(names.get(i, i) for i in ids),
        credit_words=credit_words,
        channel_name=lambda c: CHANNEL_NAMES.get(c, c),
        outcome_words=lambda status: OUTCOME_WORDS[status],
    )


CHANNEL_NAMES = {"chat": "Live chat", "email": "Email", "other": "Other"}
OUTCOME_WORDS = {"met": "yes", "breached": "no, late", "pending": "not due yet"}


def credit_words(credit: CreditOwed) -> str:
    """The credit on a client's report, in plain words."""
    if credit.status == "owed":
        return f"Credit owed: {credit.amount} {credit.currency} ({credit.percent}% of your fee)"
    if credit.status == "voided":
        return "No credit is owed under the agreement's conditions"
    if credit.status == "pending":
        return "The period is still running: any credit is decided when it ends"
    return "No credit is owed"


def _fetcher() -> Any:
    """A URL fetcher that loads only the bundled fonts and the charts' data: URLs.

    The report never needs anything else, so a URL that slipped into the document could
    neither read a local file nor call out.
    """
    from weasyprint.urls import URLFetcher

    allowed = {(FONT_DIR / name).as_uri() for *_, name in FONTS}

    class ReportFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in allowed or url.startswith(
                ("data:image/svg+xml;base64,", "data:image/png;base64,")
            ):
                return super().fetch(url, headers)
            raise ValueError(f"the report does not load {url[:80]!r}")

    return ReportFetcher()


def render_pdf(
    report: Report,
    *,
    sla: Sla | None = None,
    incident_titles: Mapping[str, str] | None = None,
    site: Site | None = None,
) -> bytes:
    """The PDF bytes of one report (``site``: see :func:`report_html`)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    document_html = report_html(report, sla=sla, incident_titles=incident_titles, site=site)
    digest = hashlib.sha256(
        json.dumps(report.to_json(), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    font_config = FontConfiguration()
    document = HTML(string=document_html, url_fetcher=_fetcher(), base_url=TEMPLATES.as_uri() + "/")
    pdf: bytes = document.write_pdf(
        font_config=font_config,
        # the trailer /ID: from the content, where WeasyPrint would otherwise vary it
        pdf_identifier=digest[:32].encode(),
    )
    return pdf


def incident_titles_of(site: Site) -> dict[str, str]:
    return {incident.id: incident.title for incident in site.incidents}


def write_period_pdfs(
    reports: Iterable[Report],
    out_dir: Path,
    *,
    sla: Sla,
    incident_titles: Mapping[str, str],
    site: Site | None = None,
) -> list[Path]:
    """Write ``<out_dir>/<period id>.pdf`` of each public report, each replaced atomically.

    The reports are the ones the site's pages show, built once by the pipeline. Returns the
    paths written, in the order of ``reports``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for report in reports:
        period = report.period
        if report.audience != "public":
            raise ValueError(f"the published PDF of {period.id} must be built for the public")
        path = out_dir / f"{period.id}.pdf"
        write_atomic(path, render_pdf(report, sla=sla, incident_titles=incident_titles, site=site))
        log.info("wrote %s", path)
        written.append(path)
    return written
