"""Charts as SVG text, shared by the website and the PDF report.

Each function takes plain data (sections of the report JSON, or arrays) and returns one SVG
document as a string that can be written to a file, used in an ``<img>`` or inlined in HTML:

- **Deterministic.** Drawn with matplotlib's object API straight onto its SVG renderer
  (never pyplot, so no global figure state), with fixed rc settings: DejaVu Sans,
  ``svg.hashsalt``, no date in the metadata, ticks computed here rather than by date
  locators. The same data gives the same bytes, whatever the process drew before: the
  figure a chart is drawn in is reused (:mod:`generator.render.chart_frame`, which also
  draws the ticks and lays out the margins) and emptied before each chart.
- **Text stays text** (``svg.fonttype: none``): searchable, selectable, read by screen
  readers, small, and WeasyPrint embeds the font in the PDF. Layout is measured with DejaVu
  Sans, which is wider than the usual fallbacks, so a substituted font never overflows.
- **Accessible.** The root element has ``role="img"`` and is labelled by a ``<title>`` and a
  ``<desc>`` that states the figures in words. Every element id is prefixed with the chart's
  id, so several charts can be inlined into one page.
- **Print and themes.** Series differ by line style, marker or hatch as well as colour, so a
  black-and-white print reads. The background is transparent and text, axes and reference
  lines use ``ink``, by default ``currentColor``: an inlined chart takes the page's text
  colour in the light and the dark theme (in an ``<img>`` it falls back to black; pass a
  colour there for a dark page). The data colours are mid-tones that read on both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from generator.render.chart_frame import SENTINEL as _SENTINEL
from generator.render.chart_frame import Frame, step_decimals
from generator.render.chart_frame import chart_id as _chart_id
from generator.render.chart_frame import frame as _frame

INK = "currentColor"
BLUE = "#3a78c9"  # the main series: mid blue, reads on white and on dark slate
LIGHT_BLUE = "#86aee3"  # many full bars (daily uptime): lighter, so the exceptions stand out
ORANGE = "#d9661a"  # below objective / breached / over budget
GREY = "#9aa0a6"  # no data
PURPLE = "#8e5bb5"  # a third series (support channel "other")

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

Number = int | float


def _bars(
    ax: Axes,
    xs: Sequence[int],
    tops: Sequence[Number | None],
    floor: float,
    *,
    width: float = 0.8,
    **style: Any,
) -> None:
    """Bars from ``floor`` as one compound path: one SVG element (and one use of its hatch
    pattern) for all of them, where ax.bar makes a patch each. 90 bars draw 10x faster
    here, and an SVG renderer (a browser, WeasyPrint for the PDF) draws one node."""
    half = width / 2
    vertices: list[tuple[float, float]] = []
    codes: list[Any] = []  # MplPath codes (numpy uint8)
    for x, top in zip(xs, tops, strict=True):
        if top is None:
            continue
        t = float(top)
        vertices += [(x - half, floor), (x - half, t), (x + half, t), (x + half, floor)]
        vertices.append((x - half, floor))
        codes += [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO]
        codes.append(MplPath.CLOSEPOLY)
    if not vertices:
        return
    path = MplPath(vertices, codes)
    colour = style.pop("color")
    hatch = style.pop("hatch", None)
    edge = style.pop("edgecolor", colour)
    # add_artist, not add_patch: the limits are always set, and add_patch would walk every
    # segment of the path to extend the data limits, a quarter of a daily chart's cost
    ax.add_artist(PathPatch(path, facecolor=colour, edgecolor=colour, linewidth=0, **style))
    if hatch:
        # The hatch on its own transparent layer: a pattern that also paints the face
        # shows seams at its tile edges in some renderers (WeasyPrint, poppler).
        ax.add_artist(
            PathPatch(path, facecolor="none", edgecolor=edge, hatch=hatch, linewidth=0, **style)
        )


# --- axes helpers ------------------------------------------------------------------------


def _as_date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _day_label(day: date, with_year: bool = False) -> str:
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _day_ticks(first: date, count: int) -> tuple[list[float], list[str]]:
    """Tick positions (day index, bar centres) and labels over ``count`` days from ``first``."""
    days = [first + timedelta(days=i) for i in range(count)]
    if count > 45:
        picks = [i for i, d in enumerate(days) if d.day == 1]
        if not picks or picks[0] > 6:
            picks = [0, *picks]
    elif count > 10:
        picks = [i for i, d in enumerate(days) if d.weekday() == 0]
    else:
        picks = list(range(count))
    return [float(i) for i in picks], [_day_label(days[i]) for i in picks]


def _nice_step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 x 10^k) at least ``span``."""
    if span <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(span))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= span - 1e-12:
            return float(factor * power)
    return 10.0 * power


def _percent_axis(frame: Frame, lo: float, hi: float = 100.0) -> None:
    step = _nice_step((hi - lo) / 4)
    lo = hi - step * math.ceil((hi - lo) / step - 1e-9)
    ticks = [round(lo + k * step, 6) for k in range(round((hi - lo) / step) + 1)]
    frame.ax.set_ylim(lo, hi + (hi - lo) * 0.04)
    decimals = step_decimals(step)
    frame.y_ticks(ticks, [f"{t:.{decimals}f}%" for t in ticks])


def _fmt(value: float, decimals: int = 4) -> str:
    """Figures as the report shows them: up to 4 decimals, no trailing zeros."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _values(seq: Sequence[Number | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in seq]


# --- 1. daily uptime ---------------------------------------------------------------------


def _reference_key(label: str) -> Line2D:
    """The legend key of a dashed reference line (an objective, a target)."""
    return Line2D([], [], color=_SENTINEL, linestyle=(0, (5, 3)), linewidth=1.1, label=label)


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
    days = [_as_date(d) for d in dates]
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
            f" {_fmt(objective)}% objective: {len(below)} of {len(measured)} days below it;"
            f" lowest {_fmt(worst[1])}% on {worst[0].isoformat()}."
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
        _percent_axis(frame, lo)
        floor = ax.get_ylim()[0]
        ok_x = [i for i, v in enumerate(values) if v is not None and v >= objective]
        bad_x = [i for i, v in enumerate(values) if v is not None and v < objective]
        gap_x = [i for i, v in enumerate(values) if v is None]
        top = ax.get_ylim()[1]
        _bars(ax, ok_x, [values[i] for i in ok_x], floor, color=LIGHT_BLUE)
        _bars(
            ax,
            bad_x,
            [values[i] for i in bad_x],
            floor,
            color=ORANGE,
            hatch="////",
            edgecolor=_SENTINEL,
        )
        _bars(
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
        frame.x_ticks(*_day_ticks(days[0], len(days)))
        handles: list[Any] = [
            Patch(facecolor=LIGHT_BLUE, label="at or above objective"),
            Patch(facecolor=ORANGE, hatch="////", edgecolor=_SENTINEL, lw=0, label="below"),
        ]
        if gap_x:
            handles.append(
                Patch(facecolor=GREY, hatch="xx", edgecolor=_SENTINEL, lw=0, label="no data")
            )
        handles.append(_reference_key(f"objective {_fmt(objective)}%"))
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def report_daily_uptime_svg(
    report: Mapping[str, Any], component: str | None = None, **kwargs: Any
) -> str:
    """The daily uptime chart of the service, or of one component, from the report JSON."""
    uptime = report["uptime"]
    days = uptime["daily"]
    if component is None:
        percents = [d["percent"] for d in days]
        kwargs.setdefault("title", f"Daily uptime, {report['period']['label']}")
    else:
        entry = next((c for c in uptime["components"] if c["id"] == component), None)
        if entry is None:
            raise KeyError(f"no component {component!r} in the report")
        percents = [
            _day_percent(d["minutes"], d.get("no_data_minutes", 0.0), down)
            for d, down in zip(days, entry["daily_downtime_minutes"], strict=True)
        ]
        kwargs.setdefault("title", f"Daily uptime: {entry['name']}, {report['period']['label']}")
    return daily_uptime_svg(
        [d["date"] for d in days], percents, uptime["objective_percent"], **kwargs
    )


def _day_percent(minutes: float, no_data: float, down: float) -> float | None:
    """A component's day as the report computes a day: 1 - downtime / measured time."""
    if not minutes:
        return None
    value = (1 - down / minutes) * 100
    return math.floor(value * 10_000 + 1e-7) / 10_000


# --- 2. error-budget burn-down -----------------------------------------------------------


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
    start = _as_date(period_start)
    allowed = float(allowed_minutes)
    cumulative = [float(v) for v in cumulative_downtime_minutes]
    if len(cumulative) != len(dates):
        raise ValueError("dates and cumulative_downtime_minutes differ in length")
    end_label = (start + timedelta(days=period_days - 1)).isoformat() if period_days else ""
    if cumulative:
        used = cumulative[-1]
        last = _as_date(dates[-1])
        desc = (
            f"Counted downtime {_fmt(used)} min of {_fmt(allowed)} min allowed by"
            f" {last.isoformat()} (period {start.isoformat()} to {end_label});"
            f" error budget left {_fmt(allowed - used)} min."
        )
        if projected_downtime_minutes is not None:
            desc += (
                f" Projected at the current rate: {_fmt(float(projected_downtime_minutes))} min"
                " by the end of the period."
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
                label=f"allowed {_fmt(allowed)} min",
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
        ticks, labels = _day_ticks(start, period_days)
        frame.x_ticks(ticks, labels)
        frame.y_ticks(unit="minutes")
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def report_burn_down_svg(report: Mapping[str, Any], **kwargs: Any) -> str:
    """The burn-down of the report's period (to date plus projection for a running one)."""
    period = report["period"]
    uptime = report["uptime"]
    first = date.fromisoformat(period["start"][:10])
    end = date.fromisoformat(period["end"][:10])  # exclusive: local midnight after the last day
    projection = uptime.get("projection")
    kwargs.setdefault("title", f"Error budget burn-down, {period['label']}")
    return burn_down_svg(
        [d["date"] for d in uptime["daily"]],
        [d["cumulative_downtime_minutes"] for d in uptime["daily"]],
        uptime["allowed_downtime_minutes"],
        period_start=first,
        period_days=(end - first).days,
        projected_downtime_minutes=projection["downtime_minutes"] if projection else None,
        **kwargs,
    )


# --- 3. support attainment ---------------------------------------------------------------

_CHANNEL_STYLE = {  # colour and hatch per channel, so the bars read in black and white
    "chat": (BLUE, ""),
    "email": (ORANGE, "////"),
    "other": (PURPLE, "\\\\\\\\"),
}


def support_attainment_svg(
    groups: Sequence[Mapping[str, Any]],
    *,
    by: Sequence[str] = ("channel", "impact"),
    target_percent: Number | None = 100.0,
    title: str = "Support attainment",
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.8),
) -> str:
    """One bar per group (attainment %, labelled met/counted), the target line dashed.

    ``groups`` are ``support.groups`` (``by=("channel", "impact")``) or ``support.plans``
    (``by=("plan",)``). A group with no counted ticket (all pending) has no bar and says so.
    The first ``by`` key picks the bar's colour and hatch.
    """
    rows = [g for g in groups if g.get("tickets")]
    counted = [(g, int(g.get("met", 0)) + int(g.get("breached", 0))) for g in rows]
    label_parts = [[str(g.get(k, "")) for k in by] for g in rows]
    if rows:
        parts = []
        for (g, n), label in zip(counted, label_parts, strict=True):
            att = g.get("attainment_percent")
            figure = "no counted tickets" if att is None else f"{_fmt(float(att))}%"
            parts.append(f"{' '.join(label)}: {figure} ({g.get('met', 0)} of {n} met)")
        desc = "Share of requests answered within target. " + "; ".join(parts) + "."
    else:
        desc = "No support requests in this period."
    chart_id = _chart_id("support", title, desc)
    with _frame(size, chart_id) as frame:
        ax = frame.ax
        ax.set_title(title, pad=6)
        if not rows:
            frame.no_data("No support requests in this period")
            return frame.svg(chart_id, title, desc, ink)
        keys = sorted({str(g.get(by[0], "")) for g in rows})
        palette = [BLUE, ORANGE, PURPLE, GREY]
        hatches = ["", "////", "\\\\\\\\", "xx"]
        style = {
            k: _CHANNEL_STYLE.get(k, (palette[i % 4], hatches[i % 4])) for i, k in enumerate(keys)
        }
        bars: dict[str, tuple[list[int], list[float]]] = {k: ([], []) for k in keys}
        for i, (g, _n) in enumerate(counted):
            att = g.get("attainment_percent")
            if att is None:
                ax.text(i, 3, "pending\nonly", ha="center", va="bottom", fontsize=6.5)
                continue
            bars[str(g.get(by[0], ""))][0].append(i)
            bars[str(g.get(by[0], ""))][1].append(float(att))
        for key, (xs, tops) in bars.items():
            colour, hatch = style[key]
            _bars(
                ax,
                xs,
                tops,
                0.0,
                width=0.7,
                color=colour,
                hatch=hatch or None,
                edgecolor=_SENTINEL if hatch else colour,
            )
        if target_percent is not None:
            ax.axhline(
                float(target_percent),
                color=_SENTINEL,
                linestyle=(0, (5, 3)),
                linewidth=1.1,
            )
        ax.set_ylim(0, 104)
        frame.y_ticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_xlim(-0.6, len(rows) - 0.4)
        label_size = 6.5 if len(rows) > 10 else 7.5
        # a label wider than its bar's slot is broken with a hyphen (DejaVu: ~0.62 em a char)
        slot = (size[0] - 0.8) * 72 / len(rows)
        fit = max(4, int(slot / (0.62 * label_size)))
        frame.x_ticks(
            range(len(rows)),
            [
                "\n".join([*(_fit(part, fit) for part in parts), f"{g.get('met', 0)}/{n}"])
                for parts, (g, n) in zip(label_parts, counted, strict=True)
            ],
            marks=False,
            fontsize=label_size,
        )
        handles: list[Any] = [
            Patch(
                facecolor=style[k][0],
                hatch=style[k][1],
                edgecolor=_SENTINEL if style[k][1] else style[k][0],
                lw=0,
                label=k,
            )
            for k in keys
        ]
        if target_percent is not None:
            handles.append(_reference_key(f"target {_fmt(float(target_percent))}%"))
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def _fit(word: str, chars: int) -> str:
    """``word`` in lines of at most ``chars`` characters, broken with hyphens."""
    lines = []
    while len(word) > chars:
        lines.append(word[: chars - 1] + "-")
        word = word[chars - 1 :]
    return "\n".join([*lines, word])


# --- 4. response time --------------------------------------------------------------------


def _instant(value: int | float | str | datetime, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(tz)
    if isinstance(value, str):
        return datetime.fromisoformat(value).astimezone(tz)
    return datetime.fromtimestamp(int(value), tz)


def response_time_svg(
    starts: Sequence[int | float | str | datetime],
    p50: Sequence[Number | None],
    p95: Sequence[Number | None],
    *,
    bucket: str = "hour",
    tz: tzinfo = UTC,
    unit: str = "ms",
    title: str = "Response time",
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.4),
) -> str:
    """p50 (solid, with its band up to p95) and p95 (dashed) per bucket.

    ``starts`` are bucket start times (epoch seconds, ISO strings or datetimes), shown in
    ``tz``; ``bucket`` is ``hour`` or ``day``. A None value is a bucket without data: a gap.
    """
    if bucket not in ("hour", "day"):
        raise ValueError("bucket must be 'hour' or 'day'")
    if not len(starts) == len(p50) == len(p95):
        raise ValueError("starts, p50 and p95 differ in length")
    moments = [_instant(s, tz) for s in starts]
    low, high = _values(p50), _values(p95)
    seen = [v for v in low + high if not math.isnan(v)]
    step = 3600 if bucket == "hour" else 86400
    if seen:
        valid50 = [v for v in low if not math.isnan(v)]
        valid95 = [v for v in high if not math.isnan(v)]
        span = f"{moments[0].isoformat()} to {moments[-1].isoformat()}"
        desc = f"Response time per {bucket} from {span}:"
        if valid50:
            desc += f" p50 between {_fmt(min(valid50), 1)} and {_fmt(max(valid50), 1)} {unit}"
        if valid95:
            desc += f"; p95 between {_fmt(min(valid95), 1)} and {_fmt(max(valid95), 1)} {unit}"
        desc += "."
        gaps = sum(1 for a, b in zip(low, high, strict=True) if math.isnan(a) and math.isnan(b))
        if gaps:
            desc += f" {gaps} {bucket}s without data."
    else:
        desc = "No response-time data."
    chart_id = _chart_id("response-time", title, desc)
    with _frame(size, chart_id) as frame:
        ax = frame.ax
        ax.set_title(title, pad=6)
        if not seen:
            frame.no_data("No response-time data")
            return frame.svg(chart_id, title, desc, ink)
        origin = moments[0]
        # x in buckets from the first start; bucket i is drawn at its middle
        xs = [(m - origin).total_seconds() / step + 0.5 for m in moments]
        ax.fill_between(xs, low, high, color=BLUE, alpha=0.15, linewidth=0)
        handles = ax.plot(xs, low, color=BLUE, linewidth=1.5, label="p50 (median)")
        handles += ax.plot(
            xs,
            high,
            color=ORANGE,
            linewidth=1.3,
            linestyle=(0, (4, 2)),
            label="p95",
            marker="." if bucket == "day" else None,
            markersize=3,
        )
        total = xs[-1] + 0.5
        ax.set_xlim(0, total)
        ax.set_ylim(0, max(seen) * 1.12)
        frame.y_ticks(unit=unit)
        ticks, labels = [], []
        first_day = origin.date()
        last_day = moments[-1].date()
        day_count = (last_day - first_day).days + 1
        if bucket == "hour":
            day = first_day
            while day <= last_day + timedelta(days=1):
                local = datetime(day.year, day.month, day.day, tzinfo=tz)
                x = (local - origin).total_seconds() / step
                if 0 <= x <= total:
                    ticks.append(x)
                    labels.append(_day_label(day))
                day += timedelta(days=1)
        else:
            pos, text = _day_ticks(first_day, day_count)
            for p, t in zip(pos, text, strict=True):
                local = datetime.combine(first_day + timedelta(days=int(p)), origin.timetz())
                ticks.append((local - origin).total_seconds() / step + 0.5)
                labels.append(t)
        frame.x_ticks(ticks, labels)
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)
