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

from generator.i18n import ENGLISH, Language
from generator.locales import N_
from generator.render.chart_frame import SENTINEL as _SENTINEL
from generator.render.chart_frame import chart_id as _chart_id
from generator.render.chart_frame import frame as _frame
from generator.render.charts_draw import (
    DAY_COLOURS,
    IMPACT_COLOURS,
    INK,
    Number,
    as_date,
    day_ticks,
    desc_day,
    draw_bars,
    fill_between,
    line,
    percent_text,
)

# Counted downtime's colour by the day's level (as the bars), with its legend for a counted
# component and for one outside the SLA; a level that is not a downtime level (a day
# coloured by a written incident alone) draws no counted bar.
_COUNTED_LEVELS = (
    ("minor", N_("up to 5 min counted"), N_("up to 5 min down")),
    ("partial", N_("up to 30 min counted"), N_("up to 30 min down")),
    ("major", N_("over 30 min counted"), N_("over 30 min down")),
)
_LEVELS = {level for level, _, _ in _COUNTED_LEVELS}
_IMPACT_ORDER = ("minor", "major", "critical")


def downtime_per_day_svg(
    dates: Sequence[str | date],
    counted_minutes: Sequence[Number | None],
    excluded_minutes: Sequence[Number],
    levels: Sequence[str],
    impacts: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    counted: bool = True,
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.5),
    lang: Language = ENGLISH,
) -> str:
    """One stacked bar per day: counted minutes (coloured by the day's ``levels``, as the
    90-day bars) and excluded minutes above them; a marker over each day with a written
    incident, coloured by its worst of ``impacts``. ``counted_minutes[i]`` is None for a
    day without data, drawn as a grey band. ``counted`` False: a component outside the SLA,
    whose downtime is all shown and none of it counted (the labels say "down"). Every
    word and figure is in ``lang``."""
    _ = lang.gettext
    title = _("Downtime per day") if title is None else title
    days = [as_date(d) for d in dates]
    if not len(days) == len(counted_minutes) == len(excluded_minutes) == len(levels):
        raise ValueError("dates, counted_minutes, excluded_minutes and levels differ in length")
    if len(impacts) != len(days):
        raise ValueError("dates and impacts differ in length")
    down = [None if v is None else float(v) for v in counted_minutes]
    excluded = [float(v) for v in excluded_minutes]
    worst = [_worst(day_impacts) for day_impacts in impacts]
    desc = _per_day_desc(days, down, excluded, worst, counted, lang)
    chart_id = _chart_id("downtime-per-day", title, desc)
    with _frame(size, chart_id, lang) as frame:
        ax = frame.ax
        frame.title(title)
        if not days:
            frame.no_data(_("No days to show"))
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
        for level, counted_label, down_label in _COUNTED_LEVELS:
            # a day with counted downtime is at least minor; any other level is drawn so
            xs = [
                i
                for i, c in enumerate(down)
                if c and (levels[i] == level or (level == "minor" and levels[i] not in _LEVELS))
            ]
            if xs:
                draw_bars(ax, xs, [down[i] for i in xs], 0.0, color=DAY_COLOURS[level])
                label = _(counted_label if counted else down_label)
                handles.append(Patch(facecolor=DAY_COLOURS[level], label=label))
        if ex_x:
            excluded_label = _("excluded from the SLA")
            handles.append(Patch(facecolor=DAY_COLOURS["excluded"], label=excluded_label))
        marked = [i for i, w in enumerate(worst) if w]
        for impact in _IMPACT_ORDER:
            xs = [i for i in marked if worst[i] == impact]
            if xs:
                line(
                    ax,
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
                    label=_("written incident"),
                )
            )
        if gap_x:
            handles.append(Patch(facecolor=DAY_COLOURS["no-data"], label=_("no data")))
        ax.set_xlim(-0.6, len(days) - 0.4)
        ax.set_ylim(0, top)
        frame.x_ticks(*day_ticks(days[0], len(days), lang))
        frame.y_ticks(unit=_("minutes"))
        if not handles:
            none_label = _("no downtime on any day")
            handles.append(Patch(facecolor=DAY_COLOURS["up"], label=none_label))
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
    counted: bool,
    lang: Language,
) -> str:
    _ = lang.gettext
    if not days:
        return _("No days to show.")
    measured = [(d, c) for d, c in zip(days, minutes, strict=True) if c is not None]
    down = [(d, c) for d, c in measured if c > 0]
    span = {"first": desc_day(days[0], lang), "last": desc_day(days[-1], lang)}
    if down:
        most = max(down, key=lambda dc: (dc[1], dc[0]))
        n = len(down)
        with_downtime = (
            lang.ngettext(
                "%(num)d day with counted downtime", "%(num)d days with counted downtime", n
            )
            if counted
            else lang.ngettext("%(num)d day with downtime", "%(num)d days with downtime", n)
        )
        text = _(
            "Downtime per day from %(first)s to %(last)s: %(days)s, %(total)s in all,"
            " the most %(most)s on %(day)s."
        ) % {
            **span,
            "days": with_downtime % {"num": n},
            "total": lang.duration(60 * sum(c for _d, c in down)),
            "most": lang.duration(60 * most[1]),
            "day": desc_day(most[0], lang),
        }
    elif counted:
        text = _("Downtime per day from %(first)s to %(last)s: no counted downtime.") % span
    else:
        text = _("Downtime per day from %(first)s to %(last)s: no downtime.") % span
    ex = [e for e in excluded if e > 0]
    if ex:
        sentence = lang.ngettext(
            "%(duration)s excluded from the SLA on %(num)d day.",
            "%(duration)s excluded from the SLA on %(num)d days.",
            len(ex),
        )
        text += " " + sentence % {"duration": lang.duration(60 * sum(ex)), "num": len(ex)}
    marked = sum(1 for w in worst if w)
    if marked:
        sentence = lang.ngettext(
            "%(num)d day with a written incident.", "%(num)d days with a written incident.", marked
        )
        text += " " + sentence % {"num": marked}
    missing = len(days) - len(measured)
    if missing:
        sentence = lang.ngettext("%(num)d day without data.", "%(num)d days without data.", missing)
        text += " " + sentence % {"num": missing}
    return text


def allowance_svg(
    dates: Sequence[str | date],
    cumulative_counted_minutes: Sequence[Number],
    allowed_minutes: Number,
    *,
    period_start: str | date,
    period_days: int,
    projected_minutes: Number | None = None,
    title: str | None = None,
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.6),
    lang: Language = ENGLISH,
) -> str:
    """The period's counted downtime so far (filled, in steps: it grows on the days it
    happens) under the allowance (dashed); the allowance left is the gap between them.
    ``projected_minutes`` (a running period) is drawn from the last day to the period's
    end. Every word and figure is in ``lang``."""
    _ = lang.gettext

    def minutes(value: float) -> str:
        return lang.duration(60 * value)

    title = _("Downtime used vs allowance") if title is None else title
    start = as_date(period_start)
    allowed = float(allowed_minutes)
    used_by_day = [float(v) for v in cumulative_counted_minutes]
    if len(used_by_day) != len(dates):
        raise ValueError("dates and cumulative_counted_minutes differ in length")
    used = used_by_day[-1] if used_by_day else 0.0
    left = allowed - used
    if used_by_day:
        figures = {
            "used": minutes(used),
            "allowed": minutes(allowed),
            "share": percent_text(100 * used / allowed if allowed else 0.0, 1, lang),
            "day": desc_day(as_date(dates[-1]), lang),
            "left": minutes(abs(left)),
        }
        if left >= 0:
            desc = _(
                "Counted downtime used %(used)s of the %(allowed)s allowed in the period"
                " (%(share)s of the allowance) by %(day)s; %(left)s left."
            )
        else:
            desc = _(
                "Counted downtime used %(used)s of the %(allowed)s allowed in the period"
                " (%(share)s of the allowance) by %(day)s; %(left)s over the allowance."
            )
        desc %= figures
        if projected_minutes is not None:
            desc += " " + _("At the rate so far: %(duration)s by the end of the period.") % {
                "duration": minutes(float(projected_minutes))
            }
    else:
        desc = _("No measured days yet.")
    chart_id = _chart_id("allowance", title, desc)
    with _frame(size, chart_id, lang) as frame:
        ax = frame.ax
        frame.title(title)
        if not used_by_day or period_days <= 0:
            frame.no_data(_("No data for this period yet"))
            return frame.svg(chart_id, title, desc, ink)
        # x is the end of each day: 0 is the period's start, period_days its end
        xs = [0.0, *[float(i + 1) for i in range(len(used_by_day))]]
        ys = [0.0, *used_by_day]
        top = max(allowed, used)
        # the allowance is the whole period's: shaded to its end
        fill_between(
            ax,
            [0.0, float(period_days)],
            [allowed, allowed],
            0,
            color=DAY_COLOURS["up"],
            alpha=0.16,
            linewidth=0,
        )
        fill_between(ax, xs, ys, 0, step="pre", color=DAY_COLOURS["partial"], linewidth=0)
        handles: list[Any] = [
            Patch(
                facecolor=DAY_COLOURS["partial"],
                label=_("used %(duration)s") % {"duration": minutes(used)},
            ),
            Patch(
                facecolor=DAY_COLOURS["up"],
                alpha=0.16,
                label=_("left %(duration)s") % {"duration": minutes(max(left, 0.0))},
            ),
        ]
        allowance = _("allowance %(duration)s") % {"duration": minutes(allowed)}
        handles.append(
            line(
                ax,
                [0, period_days],
                [allowed, allowed],
                color=_SENTINEL,
                linestyle=(0, (5, 3)),
                linewidth=1.1,
                label=allowance,
            )
        )
        if used > allowed:
            over = [max(y, allowed) for y in ys]
            fill_between(
                ax,
                xs,
                over,
                allowed,
                step="pre",
                facecolor=DAY_COLOURS["major"],
                hatch="////",
                edgecolor=_SENTINEL,
                linewidth=0,
            )
            handles.append(
                Patch(
                    facecolor=DAY_COLOURS["major"],
                    hatch="////",
                    edgecolor=_SENTINEL,
                    lw=0,
                    label=_("over the allowance"),
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
                    label=_("measured to %(day)s") % {"day": lang.day_month(last)},
                )
            )
            projected = float(projected_minutes)
            top = max(top, projected)
            handles.append(
                line(
                    ax,
                    [xs[-1], float(period_days)],
                    [ys[-1], projected],
                    color=_SENTINEL,
                    linestyle=(0, (1, 2)),
                    linewidth=1.2,
                    label=_("at the rate so far"),
                )
            )
        ax.set_xlim(0, period_days)
        ax.set_ylim(0, top * 1.12 if top > 0 else 1)
        ticks, labels = day_ticks(start, period_days, lang)
        frame.x_ticks(ticks, labels)
        frame.y_ticks(unit=_("minutes"))
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)
