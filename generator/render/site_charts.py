"""Which charts the status site draws, and from what: every chart comes from
:mod:`generator.render.charts` (shared with the PDF report), fed from the report JSON or the
site model. A chart the charts module does not provide is left out, and its page still
carries the same figures as a table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from generator.render import charts as _charts
from generator.reporting.site import StatusModel

log = logging.getLogger(__name__)

INK = "#8c8c8c"  # mid grey: the charts are <img> files, read on the light and the dark theme


def _chart(name: str) -> Callable[..., str] | None:
    function = getattr(_charts, name, None)
    if function is None:
        log.info("charts.%s is not available; its figures are shown as tables only", name)
    return function


def chart_path(key: str) -> str:
    return f"assets/charts/{key}.svg"


Job = tuple[str, str, tuple[Any, ...], dict[str, Any]]  # key, chart function, args, kwargs


def chart_jobs(model: StatusModel) -> list[Job]:
    """Every chart the site shows, as (key, function name, args, kwargs): plain data, so the
    charts can be drawn in worker processes while mkdocs renders the pages."""
    jobs: list[Job] = []
    tz = model.site.sla.timezone
    objective = float(model.site.sla.uptime.objective_percent)
    wanted = {
        name: _chart(name) is not None
        for name in (
            "report_daily_uptime_svg",
            "report_burn_down_svg",
            "support_attainment_svg",
            "daily_uptime_svg",
            "response_time_svg",
        )
    }
    for period in model.periods:
        report = model.reports[period.id]
        key = f"sla-{period.id}"
        if wanted["report_burn_down_svg"]:
            jobs.append((f"{key}-burn-down", "report_burn_down_svg", (report,), {"ink": INK}))
        if wanted["report_daily_uptime_svg"]:
            jobs.append((f"{key}-daily", "report_daily_uptime_svg", (report,), {"ink": INK}))
        groups = report.support.groups if report.support else []
        if wanted["support_attainment_svg"] and groups:
            title = f"Support attainment, {report.period.label}"
            jobs.append(
                (
                    f"{key}-support",
                    "support_attainment_svg",
                    (groups,),
                    {"title": title, "ink": INK},
                )
            )
    for view in model.components:
        key = f"component-{view.component.id}"
        name = view.component.name
        if wanted["daily_uptime_svg"]:
            args = ([b.date for b in view.bars], [b.percent for b in view.bars], objective)
            title = f"Daily uptime: {name}, last 90 days"
            jobs.append((f"{key}-daily", "daily_uptime_svg", args, {"title": title, "ink": INK}))
        if wanted["response_time_svg"] and view.hourly and view.daily:
            for suffix, series, bucket, span in (
                ("hourly", view.hourly, "hour", "per hour, last 7 days"),
                ("daily", view.daily, "day", "per day, last 90 days"),
            ):
                points = (series.starts, series.values[50], series.values[95])
                kwargs = {
                    "bucket": bucket,
                    "tz": tz,
                    "title": f"Response time: {name}, {span}",
                    "ink": INK,
                }
                jobs.append((f"{key}-latency-{suffix}", "response_time_svg", points, kwargs))
    return jobs


def draw(job: Job) -> tuple[str, str]:
    """(key, SVG text) of one job; a top-level function, so a worker process can run it."""
    key, name, args, kwargs = job
    function = _chart(name)
    assert function is not None
    return key, function(*args, **kwargs)


def warm_up() -> None:
    """Import matplotlib and the charts module in a worker before the first job arrives."""
    _chart("daily_uptime_svg")


def site_charts(model: StatusModel) -> dict[str, str]:
    """Chart key -> SVG text, drawn here, one after the other."""
    return dict(draw(job) for job in chart_jobs(model))
