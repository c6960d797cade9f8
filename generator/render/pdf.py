"""The period's PDF report: the report JSON through an HTML template and print CSS, by WeasyPrint.

Everything shown comes from the report (the same model as the report JSON), said in the
reader's language by :mod:`generator.render.pdf_view` under the status site's display
policy, and the charts are the site's (:mod:`generator.render.charts`), so the PDF, the site
and the JSON agree. The SLA file only
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
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.config.sla import Brand, Sla
from generator.config.support import attainment_objective, support_policy
from generator.i18n import Language, language
from generator.locales import SOURCE_LANGUAGE
from generator.model.report import Report, reference
from generator.render import charts
from generator.render import formatting as fmt
from generator.render.pages import exclusion_of
from generator.render.pdf_breaks import lay_out
from generator.render.pdf_styles import TEMPLATES, parsed_stylesheet, report_css, report_fetcher
from generator.render.pdf_view import (
    APPLIES_WORDS,
    CHANNEL_NAMES,
    CHANNEL_WORDS,
    COMPONENT_ROWS,
    CREDIT_STATES,
    IMPACT_WORDS,
    METHOD_WORDS,
    OUTAGE_ROWS,
    OUTCOME_WORDS,
    VERDICT_WORDS,
    WINDOW_STATES,
    OutageLine,
    component_details,
    coverage_lines,
    credit_words,
    highlights,
    longest_outages,
    monitor_groups,
    outage_detail,
    period_label,
    service_days,
    unit_text,
    uptime_verdict,
    when_short_of,
    worst_components,
)
from generator.render.verdict import verdict
from generator.render.words import breach_explanation, support_target
from generator.site import Site
from generator.timeutil import parse_timezone

_DESC_RE = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
INK = "#1a1a1a"  # chart text and lines: near black, prints cleanly
# the logo a site has unless it chose its own: the one `statusgen init` puts in site/assets
DEFAULT_LOGO = (
    Path(__file__).resolve().parent.parent / "scaffold" / "demo" / "site" / "assets" / "logo.svg"
)


def _environment(lang: Language) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    not_applicable = lang.gettext("n/a")
    env.filters.update(
        pct=lang.pct,
        number=lang.number,
        minutes=lambda value: unit_text(lang, value, "minute"),
        seconds=lambda value: unit_text(lang, value, "second"),
        duration=lang.duration,
        human_minutes=lambda minutes: lang.duration(minutes * 60),
        opt_human_minutes=lambda v: not_applicable if v is None else lang.duration(v * 60),
        day=lambda value: lang.day(fmt.as_date(value)),
        impact_word=lambda impact: (
            lang.gettext(IMPACT_WORDS[impact]) if impact in IMPACT_WORDS else impact
        ),
    )
    lang.install(env)
    return env


_ENVS: dict[str, jinja2.Environment] = {}


def environment(code: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """The report's templates in the language ``code`` (made once per language)."""
    if code not in _ENVS:
        _ENVS[code] = _environment(language(code))
    return _ENVS[code]


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
    with_stylesheet: bool = True,
) -> str:
    """The report as the HTML document WeasyPrint lays out (useful to inspect, too).

    ``site`` gives the records the downtime chart marks its days with (written incidents),
    as the status site does. Without ``with_stylesheet`` the document has no ``<style>``:
    :func:`render_pdf` gives WeasyPrint :func:`report_css` parsed once per process."""
    tz = parse_timezone(report.methodology.timezone)
    period = report.period
    u = report.uptime
    lang = language(sla.language if sla else SOURCE_LANGUAGE)
    _ = lang.gettext
    label = period_label(report, lang)
    titles = incident_titles or {}
    names = {c.id: c.name for c in u.components}
    rule_texts = {e.id: e.text for e in report.methodology.exclusions}
    outages = sorted(
        (
            OutageLine(o, c.id, c.name, outage_detail(o, rule_texts, titles, lang))
            for c in u.components
            for o in c.outages
        ),
        key=lambda o: (o.outage.start, o.component, o.outage.end),
    )
    when_short = when_short_of(tz, lang)
    last_day = date.fromisoformat(period.end[:10]) - timedelta(days=1)
    start_moment = datetime.fromisoformat(period.start).astimezone(tz)
    support = report.support
    first = date.fromisoformat(period.start[:10])
    objective = attainment_objective(sla) if sla else None
    policy = support_policy(sla) if sla else None
    # no target line where the SLA sets no attainment target: the line would be a verdict
    target_line = None if objective is None else float(objective)
    chart_svgs = {
        "allowance": charts.allowance_svg(
            [d.date for d in u.daily],
            [d.cumulative_downtime_minutes for d in u.daily],
            u.allowed_downtime_minutes,
            period_start=first,
            period_days=(date.fromisoformat(period.end[:10]) - first).days,
            projected_minutes=u.projection.downtime_minutes if u.projection else None,
            title=_("Downtime used vs allowance, %(period)s") % {"period": label},
            ink=INK,
            lang=lang,
        ),
        "downtime": charts.downtime_per_day_svg(
            *service_days(report, site),
            title=_("Downtime per day, %(period)s") % {"period": label},
            ink=INK,
            lang=lang,
        ),
        "support_groups": charts.support_attainment_svg(
            support.groups if support else [],
            title=_("Support attainment by channel and impact"),
            target_percent=target_line,
            ink=INK,
            lang=lang,
        ),
        "support_plans": charts.support_attainment_svg(
            support.plans if support else [],
            by=("plan",),
            title=_("Support attainment by plan"),
            target_percent=target_line,
            ink=INK,
            lang=lang,
            size=(7.0, 2.3),
        ),
    }
    env = environment(lang.code)
    brand = sla.brand if sla else Brand()
    running_title = (
        _("SLA report %(period)s (to date)") if period.to_date else _("SLA report %(period)s")
    ) % {"period": label}

    def words(table: Mapping[str, str]) -> Any:
        return lambda key: _(table[key]) if key in table else key

    def category(rule: str | None, reason: str | None) -> str:
        return _(exclusion_of(rule, reason, report.methodology.exclusions).category)

    return env.get_template("report.html").render(
        r=report,
        reference=reference(report),
        lang_code=lang.code,
        label=label,
        title=f"{report.company}: {running_title}",
        running_title=running_title,
        # our own stylesheet: raw text inside <style>, never input
        css=Markup(report_css(sla)) if with_stylesheet else None,
        charts={k: _chart_img(v) for k, v in chart_svgs.items()},
        version=__version__,
        logo=_logo_img(brand),
        verdict=_(VERDICT_WORDS[uptime_verdict(report)]),
        v=verdict(report, objective, lang),
        method_text=lang.gettext,  # the support method's explanations (the report's English)
        breach_explanation=lambda b: breach_explanation(policy, b, lang),
        support_target=lambda g: support_target(policy, g.channel, g.impact, g.target, lang),
        exclusion_category=lambda o: category(o.rule, o.reason),
        outages=outages,
        outages_shown=longest_outages(outages),
        components_shown=worst_components(u.components),
        details=(
            component_details(u.components, outages, when_short, category, lang)
            if len(u.components) > COMPONENT_ROWS or len(outages) > OUTAGE_ROWS
            else []
        ),
        counted_outages=sum(1 for o in outages if not o.outage.excluded),
        exceeded_windows=sum(1 for w in u.maintenance if w.exceeded),
        highlights=highlights(report, outages, when_short, lang),
        last_day=last_day,
        tz_label=fmt.offset_text(start_moment),
        site_url=sla.site_url if sla else None,
        sla_title=(sla.title if sla else None) or _("Service Level Agreement"),
        scope=list(sla.terms.scope) if sla else [],
        coverage=coverage_lines(sla, lang),
        monitor_groups=monitor_groups(report.methodology.monitors),
        month_name=lambda n: lang.month(int(n)),
        when=lambda v: lang.when(datetime.fromisoformat(v).astimezone(tz)),
        when_short=when_short,
        day=lambda value: lang.day(fmt.as_date(value)),
        rule_category=lambda rule: category(rule, None),
        component_names=lambda ids: ", ".join(names.get(i, i) for i in ids),
        slowed_list=lambda rows: ", ".join(
            f"{c.name} {lang.duration(c.degraded_seconds)}" for c in rows
        ),
        credit_words=lambda credit: credit_words(credit, lang),
        channel_name=words(CHANNEL_NAMES),
        channel_word=words(CHANNEL_WORDS),
        impact_word=words(IMPACT_WORDS),
        outcome_words=words(OUTCOME_WORDS),
        applies_word=words(APPLIES_WORDS),
        method_word=lambda key: (
            _(METHOD_WORDS[key]) if key in METHOD_WORDS else key.replace("_", " ")
        ),
        window_state=words(WINDOW_STATES),
        credit_status_word=words(CREDIT_STATES),
    )


def warm_up(report: Report, **inputs: Any) -> None:
    """What every report drawn in this process needs, done once (before forking workers):
    the template compiled, matplotlib's fonts loaded (by the charts of ``report``'s HTML)
    and the stylesheet parsed with its fonts."""
    report_html(report, with_stylesheet=False, **inputs)
    parsed_stylesheet(report_css(inputs.get("sla")))


def render_pdf(
    report: Report,
    *,
    sla: Sla | None = None,
    incident_titles: Mapping[str, str] | None = None,
    site: Site | None = None,
) -> bytes:
    """The PDF bytes of one report (``site``: see :func:`report_html`), laid out with the
    stylesheet this thread parsed (:func:`generator.render.pdf_styles.parsed_stylesheet`)."""
    from weasyprint import HTML

    document_html = report_html(
        report, sla=sla, incident_titles=incident_titles, site=site, with_stylesheet=False
    )
    digest = hashlib.sha256(
        json.dumps(report.to_json(), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    font_config, stylesheet = parsed_stylesheet(report_css(sla))
    document = HTML(
        string=document_html, url_fetcher=report_fetcher(), base_url=TEMPLATES.as_uri() + "/"
    )
    pdf: bytes = lay_out(document, font_config, [stylesheet]).write_pdf(
        # the trailer /ID: from the content, where WeasyPrint would otherwise vary it
        pdf_identifier=digest[:32].encode(),
    )
    return pdf


def incident_titles_of(site: Site) -> dict[str, str]:
    return {incident.id: incident.title for incident in site.incidents}


def published_pdf(
    report: Report,
    *,
    sla: Sla,
    incident_titles: Mapping[str, str],
    site: Site | None = None,
) -> bytes:
    """The PDF the site publishes for a period (``reports/<period id>.pdf``): only ever a
    public report's, the one the site's pages show, built once by the pipeline."""
    if report.audience != "public":
        raise ValueError(f"the published PDF of {report.period.id} must be built for the public")
    return render_pdf(report, sla=sla, incident_titles=incident_titles, site=site)
