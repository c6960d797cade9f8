"""statusgen report: the report model of one period as JSON, text or PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.compute.periods import Period, period_by_id, period_containing, shift
from generator.config.sla import Sla
from generator.render.text import render_text
from generator.reporting import build_report
from generator.site import load_site


@dataclass(frozen=True)
class ReportOptions:
    data_root: Path
    period: str  # YYYY-MM, "current" or "previous"
    as_of: int
    format: str = "json"
    audience: str = "public"
    output: Path | None = None


def resolve_period(sla: Sla, choice: str, as_of: int) -> Period:
    """Raises PeriodIdError for a malformed id or a month that starts no period."""
    current = period_containing(as_of, sla.periods, sla.timezone)
    if choice == "current":
        return current
    if choice == "previous":
        return shift(current, -1, sla.periods, sla.timezone)
    return period_by_id(choice, sla.periods, sla.timezone)


def render_json(report: dict[str, object]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def make_report(options: ReportOptions) -> str | bytes:
    site = load_site(options.data_root).known_at(options.as_of)
    period = resolve_period(site.sla, options.period, options.as_of)
    report = build_report(site, period, options.as_of, options.audience)
    if options.format == "text":
        return render_text(report)
    if options.format == "pdf":
        # imported when asked for: WeasyPrint takes a while to load
        from generator.render.pdf import incident_titles_of, render_pdf

        return render_pdf(report, sla=site.sla, incident_titles=incident_titles_of(site))
    return render_json(report.to_json())
