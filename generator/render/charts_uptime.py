"""The uptime charts: daily uptime against the objective, and the error-budget burn-down."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from matplotlib.patches import Patch

from generator.model.report import Report, percent
from generator.render.chart_frame import SENTINEL as _SENTINEL
from generator.render.chart_frame import chart_id as _chart_id
from generator.render.chart_frame import frame as _frame
from generator.render.charts_draw import (
    BLUE,
    GREY,
    INK,
    LIGHT_BLUE,
    ORANGE,
    Number,
    as_date,
    day_ticks,
    draw_bars,
    figure_text,
    percent_axis,
    reference_key,
)


def daily_uptime_svg(
    dates: Sequence[str | date],
    percents: Sequence[Number | None],
    objective_percent: Number,
    *,
    title: str = "Daily uptime",
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.5),
) -> str:
    """One bar per day (its uptime %), days below the objective hatched, the objective dashed.

    ``percents[i]`` is None for a day without measured time (drawn as grey "no data").
    """
    days = [as_date(d) for d in dates]
    values = list(percents)
    if len(days) != len(values):
        raise ValueError("dates and percents differ in length")
    objective = float(objective_percent)
    measured = [(d, float(v)) for d, v in zip(days, values, strict=True) if v is not None]
    below = [(d, v) for d, v in measured if v < objective]
    if not measured:
        desc = "No measured days." if not days else "No data for any day."
    else:
        worst = min(measured, key=lambda dv: (dv[1], dv[0]))
        desc = (
            f"Daily uptime from {days[0].isoformat()} to {days[-1].isoformat()} against the"
            f" {figure_text(objective)}% objective: {len(below)} of {len(measured)} days below it;"
            f" lowest {figure_text(worst[1])}% on {worst[0].isoformat()}."
        )
        if len(measured) < len(days):
            desc += f" {len(days) - len(measured)} days without data."
    chart_id = _chart_id("daily-uptime", title, desc)
    with _frame(size, chart_id) as frame:
        ax = frame.ax
        ax.set_title(title)
        if not measured:
            frame.no_data("No data for this period")
            return frame.svg(chart_id, title, desc, ink)
        headroom = 100.0 - objective
        lowest = min(v for _, v in measured)
        lo = min(100.0 - 3 * headroom, lowest - headroom * 0.5) if headroom > 0 else lowest
        if lo >= 100.0:
            lo = 99.0
        percent_axis(frame, lo)
        floor = ax.get_ylim()[0]
        ok_x = [i for i, v in enumerate(values) if v is not None and v >= objective]
        bad_x = [i for i, v in enumerate(values) if v is not None and v < objective]
        gap_x = [i for i, v in enumerate(values) if v is None]
        top = ax.get_ylim()[1]
        draw_bars(ax, ok_x, [values[i] for i in ok_x], floor, color=LIGHT_BLUE)
        draw_bars(
            ax,
            bad_x,
            [values[i] for i in bad_x],
            floor,
            color=ORANGE,
            hatch="////",
            edgecolor=_SENTINEL,
        )
        draw_bars(
            ax,
            gap_x,
            [top] * len(gap_x),
            floor,
            color=GREY,
            alpha=0.45,
            hatch="xx",
            edgecolor=_SENTINEL,
        )
        ax.axhline(objective, color=_SENTINEL, linestyle=(0, (5, 3)), linewidth=1.1)
        ax.set_xlim(-0.6, len(days) - 0.4)
        frame.x_ticks(*day_ticks(days[0], len(days)))
        handles: list[Any] = [
            Patch(facecolor=LIGHT_BLUE, label="at or above objective"),
            Patch(facecolor=ORANGE, hatch="////", edgecolor=_SENTINEL, lw=0, label="below"),
        ]
        if gap_x:
            handles.append(
                Patch(facecolor=GREY, hatch="xx", edgecolor=_SENTINEL, lw=0, label="no data")
            )
        handles.append(reference_key(f"objective {figure_text(objective)}%"))
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def report_daily_uptime_svg(report: Report, component: str | None = None, **kwargs: Any) -> str:
    """The daily uptime chart of the service, or of one component, from the report."""
    uptime = report.uptime
    days = uptime.daily
    if component is None:
        percents = [d.percent for d in days]
        kwargs.setdefault("title", f"Daily uptime, {report.period.label}")
    else:
        entry = next((c for c in uptime.components if c.id == component), None)
        if entry is None:
            raise KeyError(f"no component {component!r} in the report")
        percents = [
            _day_percent(d.minutes, d.no_data_minutes, down)
            for d, down in zip(days, entry.daily_downtime_minutes, strict=True)
        ]
        kwargs.setdefault("title", f"Daily uptime: {entry.name}, {report.period.label}")
    return daily_uptime_svg([d.date for d in days], percents, uptime.objective_percent, **kwargs)


def _day_percent(minutes: float, no_data: float, down: float) -> float | None:
    """A component's day as the report computes a day: 1 - downtime / measured time."""
    if not minutes:
        return None
    return percent(Decimal(repr(down)), Decimal(repr(minutes)))


def burn_down_svg(
    dates: Sequence[str | date],
    cumulative_downtime_minutes: Sequence[Number],
    allowed_minutes: Number,
    *,
    period_start: str | date,
    period_days: int,
    projected_downtime_minutes: Number | None = None,
    title: str = "Error budget burn-down",
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.6),
) -> str:
    """Cumulative counted downtime over the period against the allowed downtime.

    ``dates``/``cumulative_downtime_minutes`` run from the period's first day to the last
    measured one (the running period stops at the as-of day). The x axis always spans the
    whole period; ``projected_downtime_minutes`` (running period) is drawn from the last
    measured day to the period's end. A dotted line shows the allowance spent evenly.
    """
    start = as_date(period_start)
    allowed = float(allowed_minutes)
    cumulative = [float(v) for v in cumulative_downtime_minutes]
    if len(cumulative) != len(dates):
        raise ValueError("dates and cumulative_downtime_minutes differ in length")
    end_label = (start + timedelta(days=period_days - 1)).isoformat() if period_days else ""
    if cumulative:
        used = cumulative[-1]
        last = as_date(dates[-1])
        desc = (
            f"Counted downtime {figure_text(used)} min of {figure_text(allowed)} min allowed by"
            f" {last.isoformat()} (period {start.isoformat()} to {end_label});"
            f" error budget left {figure_text(allowed - used)} min."
        )
        if projected_downtime_minutes is not None:
            desc += (
                " Projected at the current rate:"
                f" {figure_text(float(projected_downtime_minutes))} min by the end of the period."
            )
    else:
        desc = "No measured days yet."
    chart_id = _chart_id("burn-down", title, desc)
    with _frame(size, chart_id) as frame:
        ax = frame.ax
        ax.set_title(title, pad=6)
        if not cumulative or period_days <= 0:
            frame.no_data("No data for this period")
            return frame.svg(chart_id, title, desc, ink)
        # x is the end of each day: 0 is the period's start, period_days its end.
        xs = [0.0, *[float(i + 1) for i in range(len(cumulative))]]
        ys = [0.0, *cumulative]
        ax.fill_between(xs, ys, color=BLUE, alpha=0.18, linewidth=0)
        handles: list[Any] = ax.plot(xs, ys, color=BLUE, linewidth=1.8, label="counted downtime")
        handles += ax.plot(
            [0, period_days],
            [0, allowed],
            color=_SENTINEL,
            linestyle=(0, (1, 2)),
            linewidth=1,
            label="allowance spent evenly",
        )
        handles.append(
            ax.axhline(
                allowed,
                color=_SENTINEL,
                linestyle=(0, (5, 3)),
                linewidth=1.1,
                label=f"allowed {figure_text(allowed)} min",
            )
        )
        top = max(allowed, max(ys))
        if projected_downtime_minutes is not None and len(cumulative) < period_days:
            projected = float(projected_downtime_minutes)
            top = max(top, projected)
            handles += ax.plot(
                [xs[-1], float(period_days)],
                [ys[-1], projected],
                color=ORANGE,
                linestyle=(0, (6, 2, 1, 2)),
                linewidth=1.4,
                marker="o",
                markevery=[1],
                markersize=4,
                label="projection at the current rate",
            )
        over = [y > allowed for y in ys]
        if any(over):
            ax.fill_between(
                xs,
                ys,
                allowed,
                where=over,
                interpolate=True,
                facecolor="none",
                hatch="////",
                edgecolor=ORANGE,
                linewidth=0,
            )
            handles.append(
                Patch(
                    facecolor="none",
                    hatch="////",
                    edgecolor=ORANGE,
                    linewidth=0,
                    label="over the allowance",
                )
            )
        ax.set_xlim(0, period_days)
        ax.set_ylim(0, top * 1.12 if top > 0 else 1)
        ticks, labels = day_ticks(start, period_days)
        frame.x_ticks(ticks, labels)
        frame.y_ticks(unit="minutes")
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def report_burn_down_svg(report: Report, **kwargs: Any) -> str:
    """The burn-down of the report's period (to date plus projection for a running one)."""
    period = report.period
    uptime = report.uptime
    first = date.fromisoformat(period.start[:10])
    end = date.fromisoformat(period.end[:10])  # exclusive: local midnight after the last day
    projection = uptime.projection
    kwargs.setdefault("title", f"Error budget burn-down, {period.label}")
    return burn_down_svg(
        [d.date for d in uptime.daily],
        [d.cumulative_downtime_minutes for d in uptime.daily],
        uptime.allowed_downtime_minutes,
        period_start=first,
        period_days=(end - first).days,
        projected_downtime_minutes=projection.downtime_minutes if projection else None,
        **kwargs,
    )
