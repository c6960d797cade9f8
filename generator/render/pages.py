"""The status site's generated pages: Jinja2 templates rendered to mkdocs Markdown sources.

Each page is Markdown whose body is HTML produced by an autoescaping template, so text from
the records (titles, messages, reasons) is always escaped; record markdown (incident bodies,
postmortems) goes through :mod:`generator.render.safe_markdown`. Numbers on the SLA pages
are taken from the report JSON as published, never recomputed.

Templates are looked up first in the site's own ``templates/`` directory (so a site can
override any of them), then in the ones shipped with statusgen.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.compute.status import LABELS
from generator.config.support import attainment_objective, support_policy
from generator.i18n import Language, language
from generator.locales import N_, SOURCE_LANGUAGE
from generator.model.report import Report, reference
from generator.render import formatting as fmt
from generator.render import terms_view
from generator.render.day_bars import DayBars, day_outages
from generator.render.safe_markdown import render_markdown
from generator.render.verdict import Verdict, verdict
from generator.render.words import (
    CHANNEL_WORDS,
    SUPPORT_IMPACT_WORDS,
    Exclusion,
    figure,
    method_term,
    minutes,
    navigation,
    period_label,
    span,
    support_target,
)
from generator.render.words import (
    exclusion_of as exclusion_of,  # re-exported: generator.render.pdf imports it from here
)
from generator.reporting.site import (
    ComponentView,
    IncidentView,
    OutageRow,
    StatusModel,
    maintenance_by_state,
)
from generator.timeutil import to_datetime

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
IMPACT_WORDS = {
    "none": N_("No impact"),
    "minor": N_("Minor"),
    "major": N_("Major"),
    "critical": N_("Critical"),
}
PAST_DAYS = 14  # days in the home page's "Past incidents", as on Statuspage
UPDATE_WORDS = {
    "investigating": N_("Investigating"),
    "identified": N_("Identified"),
    "monitoring": N_("Monitoring"),
    "resolved": N_("Resolved"),
}


@dataclass(frozen=True)
class Urls:
    """Where each page and file ends up, as mkdocs places them, percent-encoded as mkdocs
    encodes them (ids are restricted to a safe alphabet; this keeps a link whole anyway)."""

    directory_urls: bool = True

    def of(self, src_uri: str) -> str:
        return quote(self._path(src_uri))

    def _path(self, src_uri: str) -> str:
        if not src_uri.endswith(".md"):
            return src_uri
        stem = src_uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def relative(self, src_uri: str, from_src: str) -> str:
        return _relative(self, src_uri, from_src)

    def _relative(self, src_uri: str, from_src: str) -> str:
        target, here = self.of(src_uri), self.of(from_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        rel = _relpath(target or ".", base.rstrip("/") or ".")
        if target.endswith("/") or not target:
            rel = "./" if rel == "." else rel + "/"
        if not self.directory_urls and (target.endswith("/") or not target):
            # browsed from files (--offline), a directory is a listing: name its page
            rel += "index.html"
        return rel


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` of two paths under the same root, worked out from the paths
    alone: relpath makes both absolute, asking the system for the working directory twice
    per link (a thousand links on the 50-component site). A path that climbs out of its
    root or starts at it is left to relpath."""
    if path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [part for part in posixpath.normpath(path).split("/") if part != "."]
    here = [part for part in posixpath.normpath(start).split("/") if part != "."]
    if ".." in to or ".." in here:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


@functools.lru_cache(maxsize=4096)
def _relative(urls: Urls, src_uri: str, from_src: str) -> str:
    """:meth:`Urls.relative`, worked out once: the pages link the same few targets from
    the same places thousands of times."""
    return urls._relative(src_uri, from_src)


def template_environment(
    search: Iterable[Path], lang: Language | None = None
) -> jinja2.Environment:
    """The site's templates, speaking ``lang`` (English when none is given): its messages
    through Jinja's i18n extension, its figures in its formats."""
    lang = lang or language(SOURCE_LANGUAGE)
    paths = [str(p) for p in search if p.is_dir()]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*paths, str(PACKAGE_TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # one environment per build: a template is read once, not checked again on each of
        # the 108 pages that import the macros
        auto_reload=False,
    )
    env.filters.update(
        pct=lang.pct,
        minutes=lambda value: minutes(lang, value),
        number=lang.number,
        duration=lang.duration,
        human_minutes=lambda minutes: lang.duration(minutes * 60),
        plural=fmt.plural,
        markdown=lambda text: Markup(render_markdown(text or "")),
        # a translated message as text again, for a value the template escapes itself
        plain=lambda value: value.unescape() if isinstance(value, Markup) else str(value),
    )
    lang.install(env)
    return env


def front_matter(
    title: str, hide: Iterable[str] = (), description: str = "", newest_first: bool = False
) -> str:
    # mkdocs themes print the page title unescaped (in <title> and the navigation), so the
    # title is escaped here, once.
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(description, ensure_ascii=False)}")
    if newest_first:
        # the page sits in a newest-first run of the navigation: the footer's Previous and
        # Next follow time instead (site/overrides/partials/footer.html)
        lines.append("newest_first: true")
    hide = list(hide)
    if hide:
        lines.append("hide:")
        lines.extend(f"  - {h}" for h in hide)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


class SitePages:
    """Renders every generated page of one build from the model."""

    def __init__(
        self,
        model: StatusModel,
        env: jinja2.Environment,
        urls: Urls,
        charts: dict[str, str],
        downloads: dict[str, str] | None = None,
    ) -> None:
        self.model = model  # as known at its as-of time (Site.known_at)
        self.env = env
        self.urls = urls
        self.charts = charts  # chart key -> src_uri of its SVG file (only those drawn)
        self.downloads = downloads or {}  # period id -> src_uri of its PDF, when there is one
        self.tz = model.site.sla.timezone
        self.lang = language(model.site.sla.language)
        self.months = model.site.sla.periods.months
        self.policy = support_policy(model.site.sla)
        impact_of = {i.id: i.impact for i in model.site.incidents}
        self.bars = DayBars(
            self.lang, lambda ident: impact_of.get(ident, "none"), model.site.services.blip_under
        )

    # --- page list ------------------------------------------------------------------

    def sources(self) -> dict[str, str]:
        m = self.model
        pages: dict[str, Callable[[str], str]] = {
            "index.md": self.home,
            "history/index.md": self.history,
            "maintenance/index.md": self.maintenance,
            "sla/index.md": self.sla_index,
            "sla/terms.md": self.terms,
        }
        for view in m.components:
            pages[component_page(view.component.id)] = self.component
        for incident in m.incidents:
            pages[incident_page(incident.incident.id)] = self.incident
        for period in m.periods:
            pages[period_page(period.id)] = self.period
        return {src: render(src) for src, render in pages.items()}

    # --- shared context -------------------------------------------------------------

    def _context(self, src: str, **extra: Any) -> dict[str, Any]:
        """What a page's template sees: the names every page shares, then its own links."""

        def url(target: str) -> str:
            path, hash_, fragment = target.partition("#")
            return self.urls.relative(path, src) + hash_ + fragment

        def chart(key: str) -> str | None:
            return url(self.charts[key]) if key in self.charts else None

        return {**self._shared, "url": url, "chart": chart, **extra}

    @functools.cached_property
    def _shared(self) -> dict[str, Any]:
        """The names every page's template sees, made once per build. The same instants
        and days are written on many pages (an outage on its component's page, its
        period's, the history and both day popovers), so each is written once."""
        m = self.model
        tz = self.tz
        lang = self.lang
        impact_of = {i.id: i.impact for i in m.site.incidents}
        periods = {p.id: p for p in m.periods}
        titles: dict[str, str] = {}
        for view in m.incidents:
            titles.setdefault(view.incident.id, view.incident.title)

        @functools.cache
        def when(t: int | str, seconds: bool = False) -> str:
            return lang.when(fmt._moment(t, tz), seconds=seconds)

        @functools.cache
        def clock(t: int | str, seconds: bool = False) -> str:
            return fmt.clock(t, tz, seconds=seconds)

        @functools.cache
        def span_(a: int | str, b: int | str, seconds: bool = False) -> str:
            return span(lang, a, b, tz, seconds)

        @functools.cache
        def day(d: date | str | int) -> str:
            return lang.day(fmt.as_date(d, tz))

        @functools.cache
        def iso(t: int | str) -> str:
            return fmt.iso(t, tz)

        def period_of(pid: str) -> Any:
            period = periods.get(pid)
            # an unknown id reads as undefined, as the scan it replaces did
            return period if period is not None else next(p for p in m.periods if p.id == pid)

        return {
            "m": m,
            "sla": m.site.sla,
            "services": m.site.services,
            "status": m.status,
            "as_of": m.as_of,
            "when": when,
            "clock": clock,
            "span": span_,
            "day": day,
            "iso": iso,
            "days": self.bars.days,
            "day_buttons": self.bars.buttons,
            # one bar's figures, for a site's own templates that place its days themselves
            "bar_label": self.bars.label,
            "day_summary": self.bars.summary,
            "day_outages": day_outages,
            "incident_impact": lambda ident: impact_of.get(ident, "none"),
            "day_level": self.bars.level,
            "plural": fmt.plural,
            "period_name": self.label,
            "figure": lambda name, value, exact=False: figure(lang, name, value, exact),
            "channel_words": lang.words(CHANNEL_WORDS),
            "support_impact": self._support_impact,
            "support_target": lambda g: support_target(
                self.policy, g.channel, g.impact, g.target, lang
            ),
            "method_term": lambda key: method_term(key, lang),
            # the support method's explanations: the report's English, said in the language
            "method_text": lang.gettext,
            "exclusion": self._exclusion,
            "measured": self._measured,
            "status_label": lang.words(LABELS),
            "impact_words": lang.words(IMPACT_WORDS),
            "update_words": lang.words(UPDATE_WORDS),
            "component_page": component_page,
            "incident_page": incident_page,
            "period_page": period_page,
            "component_name": self._component_name,
            "period_of": period_of,
            "incident_ids": {i.incident.id for i in m.incidents},
            "incident_title": lambda ident: titles.get(ident, ident),
        }

    def _exclusion(self, rule: str | None, reason: str | None) -> Exclusion:
        rules = self.model.reports[self.model.current.id].methodology.exclusions
        return exclusion_of(rule, reason, rules, self.lang)

    def _support_impact(self, ident: str) -> str:
        return self.lang.gettext(SUPPORT_IMPACT_WORDS.get(ident, ident))

    def label(self, period: Any) -> str:
        """A period's name in the site's language (a period of the model or of a report)."""
        return period_label(self.lang, period.id, self.months, period.label)

    def _measured(self, no_data_seconds: float, seconds: float) -> str | None:
        objective = float(self.model.site.sla.uptime.objective_percent)
        if fmt.measured(no_data_seconds, seconds, objective) is None:
            return None
        return self.lang.duration(seconds - no_data_seconds)

    def _component_name(self, component_id: str) -> str:
        try:
            return self.model.site.services.component(component_id).name
        except KeyError:
            return component_id

    def _render(
        self,
        template: str,
        src: str,
        title: str,
        hide: Iterable[str],
        *,
        newest_first: bool = False,
        **extra: Any,
    ) -> str:
        body = self.env.get_template(template).render(self._context(src, **extra))
        return front_matter(title, hide, newest_first=newest_first) + body

    # --- pages ----------------------------------------------------------------------

    def home(self, src: str) -> str:
        m = self.model
        groups: list[tuple[str | None, list[ComponentView]]] = []
        by_group: dict[str | None, list[ComponentView]] = defaultdict(list)
        for view in m.components:
            by_group[view.component.group].append(view)
        names = {g.id: g.name for g in m.site.services.groups}
        for group in [g.id for g in m.site.services.groups] + [None]:
            if by_group.get(group):
                groups.append((names.get(group) if group else None, by_group[group]))
        # Past incidents, as Statuspage shows them: each of the last 14 days (today first)
        # with the incidents that started on it, or "No incidents reported"
        today = to_datetime(m.as_of, self.tz).date()
        past_days: list[tuple[date, list[IncidentView]]] = [
            (today - timedelta(days=k), []) for k in range(PAST_DAYS)
        ]
        by_day = dict(past_days)
        for incident in m.incidents:  # newest first
            started = to_datetime(incident.incident.started, self.tz).date()
            if started in by_day:
                by_day[started].append(incident)
        return self._render(
            "site/home.md",
            src,
            self.lang.gettext("%(company)s status") % {"company": m.site.sla.company},
            ["navigation", "toc"],
            groups=groups,
            past_days=past_days,
            windows_in_progress=m.status.maintenance_in_progress,
            upcoming=m.status.upcoming_maintenance,
            report=m.reports[m.current.id],
            v=self.verdict(m.reports[m.current.id]),
        )

    def component(self, src: str) -> str:
        view = self.model.component(src.split("/")[-1][:-3])
        return self._render(
            "site/component.md",
            src,
            view.component.name,
            ["navigation"],
            view=view,
            key=f"component-{view.component.id}",
        )

    def history(self, src: str) -> str:
        months: dict[tuple[int, int], dict[str, list[Any]]] = defaultdict(
            lambda: {"incidents": [], "outages": []}
        )
        for view in self.model.incidents:
            d = fmt._moment(view.incident.started, self.tz)
            months[(d.year, d.month)]["incidents"].append(view)
        for row in self.model.unlinked_outages:
            d = fmt._moment(row.outage.start, self.tz)
            months[(d.year, d.month)]["outages"].append(row)
        ordered = [
            (
                self.lang.month_year(year, month),
                f"{year:04d}-{month:02d}",
                months[(year, month)],
            )
            for year, month in sorted(months, reverse=True)
        ]
        return self._render(
            "site/history.md",
            src,
            self.lang.gettext("Incident history"),
            ["navigation"],
            months=ordered,
        )

    def incident(self, src: str) -> str:
        ident = src.split("/")[-1][:-3]
        view = next(v for v in self.model.incidents if v.incident.id == ident)
        return self._render("site/incident.md", src, view.incident.title, ["navigation"], view=view)

    def maintenance(self, src: str) -> str:
        groups = maintenance_by_state(list(self.model.site.maintenance), self.model.as_of)
        return self._render(
            "site/maintenance.md",
            src,
            self.lang.gettext("Maintenance"),
            ["navigation"],
            groups=groups,
            checks=self.model.maintenance_checks,
        )

    def sla_index(self, src: str) -> str:
        m = self.model
        rows = [(p, m.reports[p.id]) for p in reversed(m.periods)]
        return self._render(
            "site/sla_index.md",
            src,
            self.lang.gettext("SLA reports"),
            [],
            rows=rows,
            terms=m.reports[m.current.id].terms,
        )

    def terms(self, src: str) -> str:
        m = self.model
        sla = m.site.sla
        current = m.reports[m.current.id]
        channels, targets = terms_view.targets(sla, self.lang)
        support = sla.support or {}
        high_load = [
            {"start": h["start"], "end": h["end"], "reason": h.get("reason", "")}
            for h in support.get("high_load", [])
        ]
        allowed = current.uptime.allowed_downtime_minutes
        return self._render(
            "site/terms.md",
            src,
            sla.title,
            [],
            terms=current.terms,
            methodology=current.methodology,
            period_rule=terms_view.period_rule(sla, self.lang),
            allowed_example=self.lang.gettext("%(minutes)s in %(period)s")
            % {"minutes": minutes(self.lang, allowed), "period": self.label(current.period)},
            coverage=terms_view.coverage(sla, self.lang),
            calendars=terms_view.calendars(sla, self.lang),
            targets=targets,
            target_channels=channels,
            out_of_hours=(support.get("out_of_hours") or {}).get("text", ""),
            high_load=high_load,
        )

    def verdict(self, report: Report) -> Verdict:
        return verdict(report, attainment_objective(self.model.site.sla), self.lang)

    def period(self, src: str) -> str:
        pid = src.split("/")[-1][:-3]
        report = self.model.reports[pid]
        outages = sorted(
            (OutageRow(pid, c.id, o) for c in report.uptime.components for o in c.outages),
            key=lambda r: (r.outage.start, r.component),
        )
        return self._render(
            "site/sla_period.md",
            src,
            self.lang.gettext("SLA report %(period)s") % {"period": self.label(report.period)},
            [],
            newest_first=True,
            r=report,
            v=self.verdict(report),
            last_day=date.fromisoformat(report.period.end[:10]) - timedelta(days=1),
            terms=report.terms,
            outages=outages,
            key=f"sla-{pid}",
            pdf=self.downloads.get(pid),
            json_src=f"api/sla/{pid}.json",
            # the PDF's cover prints it too: the figures' digest, to quote (model.report)
            reference=reference(report),
        )


def site_navigation(model: StatusModel) -> list[Any]:
    """The site's navigation when mkdocs.yml gives none, in the SLA's language."""
    lang = language(model.site.sla.language)
    months = model.site.sla.periods.months
    periods = [
        (period_label(lang, p.id, months, model.reports[p.id].period.label), period_page(p.id))
        for p in reversed(model.periods)
    ]
    return navigation(lang, periods)


def component_page(component_id: str) -> str:
    return f"components/{component_id}.md"


def incident_page(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def period_page(period_id: str) -> str:
    return f"sla/{period_id}.md"


def month_key(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"
