"""Which charts the status site draws, and from what: every chart comes from
:mod:`generator.render.charts` (shared with the PDF report), fed from the report JSON or the
site model. A chart the charts module does not provide is left out, and its page still
carries the same figures as a table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from generator.mkdocs_plugin.model import StatusModel

log = logging.getLogger(__name__)

INK = "#8c8c8c"  # mid grey: the charts are <img> files, read on the light and the dark theme

try:
    from generator.render import charts as _charts
except ImportError:  # pragma: no cover - the charts module ships with statusgen
    _charts = None  # type: ignore[assignment]


def _chart(name: str) -> Callable[..., str] | None:
    function = getattr(_charts, name, None) if _charts is not None else None
    if function is None:
        log.info("charts.%s is not available; its figures are shown as tables only", name)
    return function


def chart_path(key: str) -> str:
    return f"assets/charts/{key}.svg"


def site_charts(model: StatusModel) -> dict[str, str]:
    """Chart key -> SVG text, for every chart the site shows."""
    out: dict[str, str] = {}
    tz = model.site.sla.timezone
    objective = float(model.site.sla.uptime.objective_percent)
    daily = _chart("report_daily_uptime_svg")
    burn = _chart("report_burn_down_svg")
    support = _chart("support_attainment_svg")
    days_chart = _chart("daily_uptime_svg")
    latency = _chart("response_time_svg")
    for period in model.periods:
        report: dict[str, Any] = model.reports[period.id]
        key = f"sla-{period.id}"
        if burn:
            out[f"{key}-burn-down"] = burn(report, ink=INK)
        if daily:
            out[f"{key}-daily"] = daily(report, ink=INK)
        groups = (report.get("support") or {}).get("groups")
        if support and groups:
            out[f"{key}-support"] = support(
                groups, title=f"Support attainment, {report['period']['label']}", ink=INK
            )
    for view in model.components:
        key = f"component-{view.component.id}"
        name = view.component.name
        if days_chart:
            out[f"{key}-daily"] = days_chart(
                [b.date for b in view.bars],
                [b.percent for b in view.bars],
                objective,
                title=f"Daily uptime: {name}, last 90 days",
                ink=INK,
            )
        if latency and view.hourly and view.daily:
            for suffix, series, bucket, span in (
                ("hourly", view.hourly, "hour", "per hour, last 7 days"),
                ("daily", view.daily, "day", "per day, last 90 days"),
            ):
                out[f"{key}-latency-{suffix}"] = latency(
                    series.starts,
                    series.values[50],
                    series.values[95],
                    bucket=bucket,
                    tz=tz,
                    title=f"Response time: {name}, {span}",
                    ink=INK,
                )
    return out
