"""Which charts the status site draws, and from what: every chart comes from
:mod:`generator.render.charts` (shared with the PDF report), fed from the report JSON or the
site model. A chart the charts module does not provide is left out, and its page still
carries the same figures as a table. Charts speak the SLA's ``language:``: a job names it
by its code (a worker process reads the catalogue itself), its titles are worded here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from generator.compute.windows import day_level, report_days
from generator.config.support import attainment_objective
from generator.i18n import Language, language
from generator.model.report import PeriodInfo
from generator.render import charts as _charts
from generator.render.chart_frame import text_scale
from generator.reporting.site import StatusModel

log = logging.getLogger(__name__)

INK = "#4d4d4d"  # dark grey, 8.4:1 on white; on the dark theme a chart sits on a light plate (statusgen.css)


def _chart(name: str) -> Callable[..., str] | None:
    function = getattr(_charts, name, None)
    if function is None:
        log.info("charts.%s is not available; its figures are shown as tables only", name)
    return function


def chart_path(key: str) -> str:
    return f"assets/charts/{key}.svg"


Job = tuple[str, str, tuple[Any, ...], dict[str, Any]]  # key, chart function, args, kwargs


# Each chart is drawn twice: for the desktop column (about 680 CSS px and wider) and for a
# phone's (300 to 480 px; the <picture> in the page picks one), each with its text scaled so
# that no chart text is smaller than 11 CSS px where it is shown.
WIDE = {"size_width": 7.0, "text": 1.2}
NARROW = {"size_width": 4.0, "text": 1.5}
NARROW_SUFFIX = "-narrow"


def _both(
    key: str,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    height: float,
    legend_rows: int = 2,
) -> list[Job]:
    """The wide and the narrow job of one chart; the narrow one is taller by the legend's
    rows (a phone's legend has an entry a row)."""
    return [
        (key, name, args, {**kwargs, "size": (WIDE["size_width"], height), "text": WIDE["text"]}),
        (
            key + NARROW_SUFFIX,
            name,
            args,
            {
                **kwargs,
                "size": (NARROW["size_width"], height + 0.3 + 0.3 * legend_rows),
                "text": NARROW["text"],
            },
        ),
    ]


def _period_words(period: PeriodInfo, lang: Language) -> str:
    """The period's label in the reader's language ('Aug–Oct 2026', 'серп. — жовт. 2026 р.')."""
    first = date.fromisoformat(period.start[:10])
    last = date.fromisoformat(period.end[:10]) - timedelta(days=1)  # the end is exclusive
    return lang.months(first, last)


def chart_jobs(model: StatusModel) -> list[Job]:
    """Every chart the site shows, as (key, function name, args, kwargs): plain data, so the
    charts can be drawn in worker processes while mkdocs renders the pages."""
    jobs: list[Job] = []
    code = model.site.sla.language
    lang = language(code)
    _ = lang.gettext
    tz = model.site.sla.timezone
    blip_under = model.site.services.blip_under
    impact_of = {i.id: i.impact for i in model.site.incidents}
    objective = attainment_objective(model.site.sla)  # None: no target line is drawn
    wanted = {
        name: _chart(name) is not None
        for name in (
            "allowance_svg",
            "downtime_per_day_svg",
            "support_rows_svg",
            "response_time_svg",
        )
    }
    for period in model.periods:
        report = model.reports[period.id]
        key = f"sla-{period.id}"
        u = report.uptime
        words = {"period": _period_words(report.period, lang)}
        if wanted["allowance_svg"]:
            first = date.fromisoformat(report.period.start[:10])
            end = date.fromisoformat(report.period.end[:10])  # exclusive
            args = (
                [d.date for d in u.daily],
                [d.cumulative_downtime_minutes for d in u.daily],
                u.allowed_downtime_minutes,
            )
            kwargs = {
                "period_start": first,
                "period_days": (end - first).days,
                "projected_minutes": u.projection.downtime_minutes if u.projection else None,
                "title": _("Downtime used vs allowance, %(period)s") % words,
                "ink": INK,
                "lang": code,
            }
            rows = 5 if u.projection else 3
            jobs += _both(f"{key}-allowance", "allowance_svg", args, kwargs, 2.6, rows)
        if wanted["downtime_per_day_svg"]:
            title = _("Downtime per day, %(period)s") % words
            kwargs = {"title": title, "ink": INK, "lang": code}
            service = report_days(report, tz, model.site.incidents, model.as_of, blip_under)
            jobs += _both(f"{key}-downtime", "downtime_per_day_svg", service, kwargs, 2.5, 4)
        groups = report.support.groups if report.support else []
        if wanted["support_rows_svg"] and groups:
            kwargs = {
                "target_percent": objective,
                "title": _("Support requests answered on time, %(period)s") % words,
                "ink": INK,
                "lang": code,
            }
            for suffix, rendition in (("", WIDE), (NARROW_SUFFIX, NARROW)):
                options = {**kwargs, "width": rendition["size_width"], "text": rendition["text"]}
                jobs.append((f"{key}-support{suffix}", "support_rows_svg", (groups,), options))
    for view in model.components:
        key = f"component-{view.component.id}"
        name = view.component.name
        if wanted["downtime_per_day_svg"]:
            bars = view.bars
            impacts = [sorted(impact_of.get(i, "none") for i in b.incidents) for b in bars]
            days: tuple[Any, ...] = (
                [b.date for b in bars],
                [b.downtime_seconds / 60 if b.has_data else None for b in bars],
                [b.excluded_seconds / 60 for b in bars],
                [day_level(b, imp, blip_under) for b, imp in zip(bars, impacts, strict=True)],
                impacts,
            )
            kwargs = {
                "title": _("Downtime per day: %(component)s, last 90 days") % {"component": name},
                "counted": view.component.counted,
                "ink": INK,
                "lang": code,
            }
            jobs += _both(f"{key}-downtime", "downtime_per_day_svg", days, kwargs, 2.5, 3)
        if wanted["response_time_svg"] and view.hourly and view.daily:
            for suffix, series, bucket, title in (
                (
                    "hourly",
                    view.hourly,
                    "hour",
                    _("Response time: %(component)s, per hour, last 7 days"),
                ),
                (
                    "daily",
                    view.daily,
                    "day",
                    _("Response time: %(component)s, per day, last 90 days"),
                ),
            ):
                points = (series.starts, series.values[50], series.values[95])
                kwargs = {
                    "bucket": bucket,
                    "tz": tz,
                    "title": title % {"component": name},
                    "ink": INK,
                    "lang": code,
                }
                jobs += _both(f"{key}-latency-{suffix}", "response_time_svg", points, kwargs, 2.4)
    return jobs


def draw(job: Job) -> tuple[str, str]:
    """(key, SVG text) of one job; a top-level function, so a worker process can run it."""
    key, name, args, kwargs = job
    function = _chart(name)
    assert function is not None
    options = dict(kwargs)
    if "lang" in options:
        options["lang"] = language(options["lang"])
    with text_scale(options.pop("text", 1.0)):
        return key, function(*args, **options)


def warm_up() -> None:
    """Import matplotlib and the charts module in a worker before the first job arrives."""
    _chart("downtime_per_day_svg")


def site_charts(model: StatusModel) -> dict[str, str]:
    """Chart key -> SVG text, drawn here, one after the other."""
    return dict(draw(job) for job in chart_jobs(model))
