"""The downtime charts the status site shows (issue 13, "honest charts, one palette"):

- **Downtime per day**: each day's counted minutes, coloured as the day is in the 90-day
  bars, with its excluded minutes stacked on top and its written incidents marked above it.
  The axis starts at zero, so a bad day is a tall bar and a good day none, never a stub that
  looks like missing data; there is no per-day objective line (the objective is per period).
- **Downtime used vs allowance**: the period's counted downtime adding up, day by day, in
  steps, under the period's allowance; what is left of the allowance is the gap above it.
  It rises because downtime is used, and its title and labels say so: it is not a burn-down.

The colours are the day bars' own (:data:`~generator.render.charts_draw.DAY_COLOURS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from generator.render.chart_frame import SENTINEL as _SENTINEL
from generator.render.chart_frame import chart_id as _chart_id
from generator.render.chart_frame import frame as _frame
from generator.render.charts_draw import (
    DAY_COLOURS,
    IMPACT_COLOURS,
    INK,
    MONTHS,
    Number,
    as_date,
    day_ticks,
    draw_bars,
    figure_text,
)
from generator.render.formatting import minutes_duration, plural

# Counted downtime's colour by the day's level (as the bars); a level that is not a
# downtime level (a day coloured by a written incident alone) draws no counted bar.
_COUNTED_LEVELS = (("minor", "up to 5 min"), ("partial", "up to 30 min"), ("major", "over 30 min"))
_LEVELS = {level for level, _ in _COUNTED_LEVELS}
_IMPACT_ORDER = ("minor", "major", "critical")


def downtime_per_day_svg(
    dates: Sequence[str | date],
    counted_minutes: Sequence[Number | None],
    excluded_minutes: Sequence[Number],
    levels: Sequence[str],
    impacts: Sequence[Sequence[str]],
    *,
    title: str = "Downtime per day",
    counted: bool = True,
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.5),
) -> str:
    """One stacked bar per day: counted minutes (coloured by the day's ``levels``, as the
    90-day bars) and excluded minutes above them; a marker over each day with a written
    incident, coloured by its worst of ``impacts``. ``counted_minutes[i]`` is None for a
    day without data, drawn as a grey band. ``counted`` False: a component outside the SLA,
    whose downtime is all shown and none of it counted (the labels say "down")."""
    days = [as_date(d) for d in dates]
    if not len(days) == len(counted_minutes) == len(excluded_minutes) == len(levels):
        raise ValueError("dates, counted_minutes, excluded_minutes and levels differ in length")
    if len(impacts) != len(days):
        raise ValueError("dates and impacts differ in length")
    word = "counted" if counted else "down"
    down = [None if v is None else float(v) for v in counted_minutes]
    excluded = [float(v) for v in excluded_minutes]
    worst = [_worst(day_impacts) for day_impacts in impacts]
    desc = _per_day_desc(days, down, excluded, worst, word)
    chart_id = _chart_id("downtime-per-day", title, desc)
    with _frame(size, chart_id) as frame:
        ax = frame.ax
        ax.set_title(title, pad=6)
        if not days:
            frame.no_data("No days to show")
            return frame.svg(chart_id, title, desc, ink)
        totals = [(c or 0.0) + e for c, e in zip(down, excluded, strict=True)]
        # at least 5 minutes high, so a few excluded seconds stay a few seconds tall
        top = max(5.0, max(totals)) * 1.18
        handles: list[Any] = []
        gap_x = [i for i, c in enumerate(down) if c is None]
        if gap_x:
            draw_bars(ax, gap_x, [top] * len(gap_x), 0.0, color=DAY_COLOURS["no-data"])
        # stacked: the whole day's downtime in the excluded colour, its counted part over it
        ex_x = [i for i, e in enumerate(excluded) if e > 0]
        if ex_x:
            draw_bars(ax, ex_x, [totals[i] for i in ex_x], 0.0, color=DAY_COLOURS["excluded"])
        for level, label in _COUNTED_LEVELS:
            # a day with counted downtime is at least minor; any other level is drawn so
            xs = [
                i
                for i, c in enumerate(down)
                if c and (levels[i] == level or (level == "minor" and levels[i] not in _LEVELS))
            ]
            if xs:
                draw_bars(ax, xs, [down[i] for i in xs], 0.0, color=DAY_COLOURS[level])
                handles.append(Patch(facecolor=DAY_COLOURS[level], label=f"{label} {word}"))
        if ex_x:
            handles.append(Patch(facecolor=DAY_COLOURS["excluded"], label="excluded from the SLA"))
        marked = [i for i, w in enumerate(worst) if w]
        for impact in _IMPACT_ORDER:
            xs = [i for i in marked if worst[i] == impact]
            if xs:
                ax.plot(
                    xs,
                    [totals[i] + top * 0.07 for i in xs],
                    linestyle="none",
                    marker="v",
                    markersize=5.5 * frame.scale,
                    markerfacecolor=IMPACT_COLOURS[impact],
                    markeredgecolor=_SENTINEL,
                    markeredgewidth=0.6,
                )
        if marked:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="v",
                    markersize=5.5 * frame.scale,
                    markerfacecolor=IMPACT_COLOURS[worst[marked[0]] or "minor"],
                    markeredgecolor=_SENTINEL,
                    markeredgewidth=0.6,
                    label="written incident",
                )
            )
        if gap_x:
            handles.append(Patch(facecolor=DAY_COLOURS["no-data"], label="no data"))
        ax.set_xlim(-0.6, len(days) - 0.4)
        ax.set_ylim(0, top)
        frame.x_ticks(*day_ticks(days[0], len(days)))
        frame.y_ticks(unit="minutes")
        if not handles:
            handles.append(Patch(facecolor=DAY_COLOURS["up"], label="no downtime on any day"))
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def _worst(impacts: Sequence[str]) -> str | None:
    ranked = [i for i in _IMPACT_ORDER if i in impacts]
    return ranked[-1] if ranked else None


def _per_day_desc(
    days: list[date],
    minutes: list[float | None],
    excluded: list[float],
    worst: list[str | None],
    word: str,
) -> str:
    if not days:
        return "No days to show."
    measured = [(d, c) for d, c in zip(days, minutes, strict=True) if c is not None]
    down = [(d, c) for d, c in measured if c > 0]
    span = f"{days[0].isoformat()} to {days[-1].isoformat()}"
    what = "counted downtime" if word == "counted" else "downtime"
    if down:
        most = max(down, key=lambda dc: (dc[1], dc[0]))
        text = (
            f"Downtime per day from {span}: {plural(len(down), 'day')} with {what},"
            f" {minutes_duration(sum(c for _, c in down))} in all, the most"
            f" {minutes_duration(most[1])} on {most[0].isoformat()}."
        )
    else:
        text = f"Downtime per day from {span}: no {what}."
    ex = [e for e in excluded if e > 0]
    if ex:
        text += f" {minutes_duration(sum(ex))} excluded from the SLA on {plural(len(ex), 'day')}."
    marked = sum(1 for w in worst if w)
    if marked:
        text += f" {plural(marked, 'day')} with a written incident."
    if len(measured) < len(days):
        text += f" {plural(len(days) - len(measured), 'day')} without data."
    return text


def allowance_svg(
    dates: Sequence[str | date],
    cumulative_counted_minutes: Sequence[Number],
    allowed_minutes: Number,
    *,
    period_start: str | date,
    period_days: int,
    projected_minutes: Number | None = None,
    title: str = "Downtime used vs allowance",
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.6),
) -> str:
    """The period's counted downtime so far (filled, in steps: it grows on the days it
    happens) under the allowance (dashed); the allowance left is the gap between them.
    ``projected_minutes`` (a running period) is drawn from the last day to the period's
    end."""
    start = as_date(period_start)
    allowed = float(allowed_minutes)
    used_by_day = [float(v) for v in cumulative_counted_minutes]
    if len(used_by_day) != len(dates):
        raise ValueError("dates and cumulative_counted_minutes differ in length")
    used = used_by_day[-1] if used_by_day else 0.0
    left = allowed - used
    if used_by_day:
        desc = (
            f"Counted downtime used {minutes_duration(used)} of the"
            f" {minutes_duration(allowed)} allowed in the period"
            f" ({figure_text(100 * used / allowed if allowed else 0.0, 1)}% of the allowance)"
            f" by {as_date(dates[-1]).isoformat()};"
            + (
                f" {minutes_duration(left)} left."
                if left >= 0
                else f" {minutes_duration(-left)} over the allowance."
            )
        )
        if projected_minutes is not None:
            desc += (
                f" At the rate so far: {minutes_duration(float(projected_minutes))}"
                " by the end of the period."
            )
    else:
        desc = "No measured days yet."
    chart_id = _chart_id("allowance", title, desc)
    with _frame(size, chart_id) as frame:
        ax = frame.ax
        ax.set_title(title, pad=6)
        if not used_by_day or period_days <= 0:
            frame.no_data("No data for this period yet")
            return frame.svg(chart_id, title, desc, ink)
        # x is the end of each day: 0 is the period's start, period_days its end
        xs = [0.0, *[float(i + 1) for i in range(len(used_by_day))]]
        ys = [0.0, *used_by_day]
        top = max(allowed, used)
        # the allowance is the whole period's: shaded to its end
        ax.fill_between(
            [0.0, float(period_days)],
            [allowed, allowed],
            0,
            color=DAY_COLOURS["up"],
            alpha=0.16,
            lw=0,
        )
        ax.fill_between(xs, ys, 0, step="pre", color=DAY_COLOURS["partial"], lw=0)
        handles: list[Any] = [
            Patch(facecolor=DAY_COLOURS["partial"], label=f"used {minutes_duration(used)}"),
            Patch(
                facecolor=DAY_COLOURS["up"],
                alpha=0.16,
                label=f"left {minutes_duration(max(left, 0.0))}",
            ),
        ]
        handles += ax.plot(
            [0, period_days],
            [allowed, allowed],
            color=_SENTINEL,
            linestyle=(0, (5, 3)),
            linewidth=1.1,
            label=f"allowance {minutes_duration(allowed)}",
        )
        if used > allowed:
            over = [max(y, allowed) for y in ys]
            ax.fill_between(
                xs,
                over,
                allowed,
                step="pre",
                facecolor=DAY_COLOURS["major"],
                hatch="////",
                edgecolor=_SENTINEL,
                lw=0,
            )
            handles.append(
                Patch(
                    facecolor=DAY_COLOURS["major"],
                    hatch="////",
                    edgecolor=_SENTINEL,
                    lw=0,
                    label="over the allowance",
                )
            )
        if projected_minutes is not None and len(used_by_day) < period_days:
            # a running period: where the measurement stops, then the projection
            last = as_date(dates[-1])
            handles.append(
                ax.axvline(
                    xs[-1],
                    color=_SENTINEL,
                    linewidth=0.8,
                    alpha=0.6,
                    label=f"measured to {last.day} {MONTHS[last.month - 1]}",
                )
            )
            projected = float(projected_minutes)
            top = max(top, projected)
            handles += ax.plot(
                [xs[-1], float(period_days)],
                [ys[-1], projected],
                color=_SENTINEL,
                linestyle=(0, (1, 2)),
                linewidth=1.2,
                label="at the rate so far",
            )
        ax.set_xlim(0, period_days)
        ax.set_ylim(0, top * 1.12 if top > 0 else 1)
        ticks, labels = day_ticks(start, period_days)
        frame.x_ticks(ticks, labels)
        frame.y_ticks(unit="minutes")
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)
