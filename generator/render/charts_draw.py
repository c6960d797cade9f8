"""What the charts share: the palette, the axes and tick helpers, and bars as one path.

See :mod:`generator.render.charts` for what every chart promises (determinism, text as
text, accessibility, print and themes); the helpers here are how the charts keep it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from babel.numbers import format_percent
from matplotlib.axes import Axes
from matplotlib.collections import FillBetweenPolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from generator.i18n import ENGLISH, Language
from generator.render.chart_frame import SENTINEL as _SENTINEL
from generator.render.chart_frame import Frame, step_decimals, tick_percent

INK = "currentColor"
BLUE = "#3a78c9"  # the main series: mid blue, reads on white and on dark slate
LIGHT_BLUE = "#86aee3"  # many full bars (daily uptime): lighter, so the exceptions stand out
ORANGE = "#d9661a"  # below objective / breached / over budget
GREY = "#9aa0a6"  # no data
PURPLE = "#8e5bb5"  # a third series (support channel "other")
# The day bars' colours (site/assets/statusgen.css, --sg-*), the same in both themes: the
# downtime charts draw a day in the colour its bar has.
DAY_COLOURS = {
    "up": "#2e9f5a",
    "excluded": "#5b8def",
    "minor": "#e9b824",
    "partial": "#ef8a2b",
    "major": "#d9434b",
    "no-data": "#c5cad3",  # drawn opaque: the bars' grey in both themes (charts sit on a light plate)
}
# A written incident's impact in the same scale (minor, major -> partial, critical -> major)
IMPACT_COLOURS = {
    "minor": DAY_COLOURS["minor"],
    "major": DAY_COLOURS["partial"],
    "critical": DAY_COLOURS["major"],
}

Number = int | float


def draw_bars(
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


def fill_between(
    ax: Axes,
    xs: Sequence[Number],
    y1: Sequence[Number] | Number,
    y2: Sequence[Number] | Number,
    *,
    step: Literal["pre", "post", "mid"] | None = None,
    **style: Any,
) -> None:
    """What ``ax.fill_between(xs, y1, y2, step=step, **style)`` adds (the same polygons,
    drawn the same), without working out the axes' limits from it: every chart sets its
    limits, and the axes' bookkeeping was a third of what a band cost."""
    data = (np.ma.masked_invalid(np.asarray(v, dtype=float)) for v in (xs, y1, y2))
    band = FillBetweenPolyCollection("x", *data, step=step, **style)
    ax.add_collection(band, autolim=False)


def line(ax: Axes, xs: Sequence[Number], ys: Sequence[Number], **style: Any) -> Line2D:
    """What ``ax.plot(xs, ys, **style)`` adds with a colour given, without working out the
    axes' limits from it (every chart sets its limits)."""
    drawn = Line2D(xs, ys, **style)
    ax.add_artist(drawn)
    return drawn


# --- axes helpers ------------------------------------------------------------------------


def as_date(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def day_label(day: date, with_year: bool = False, lang: Language = ENGLISH) -> str:
    """'2 Aug', '2 серп.', '2. Aug.'; with the year as the language writes a day."""
    return lang.day(day) if with_year else lang.day_month(day)


def desc_day(day: date, lang: Language) -> str:
    """A day in a chart's description: English descriptions have always given ISO dates
    (readers and tests match them); another language writes the day as its readers say it."""
    return day.isoformat() if lang.code == ENGLISH.code else lang.day(day)


def day_ticks(first: date, count: int, lang: Language = ENGLISH) -> tuple[list[float], list[str]]:
    """Tick positions (day index, bar centres) and labels over ``count`` days from ``first``."""
    days = [first + timedelta(days=i) for i in range(count)]
    if count > 45:
        picks = [i for i, d in enumerate(days) if d.day == 1]
        if not picks or picks[0] > 14:  # a label two weeks before the next one never crowds it
            picks = [0, *picks]
    elif count > 10:
        picks = [i for i, d in enumerate(days) if d.weekday() == 0]
    else:
        picks = list(range(count))
    return [float(i) for i in picks], [lang.day_month(days[i]) for i in picks]


def nice_step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 x 10^k) at least ``span``."""
    if span <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(span))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= span - 1e-12:
            return float(factor * power)
    return 10.0 * power


def percent_axis(frame: Frame, lo: float, hi: float = 100.0) -> None:
    """A y axis from ``lo`` to ``hi`` percent, its ticks written in the frame's language."""
    step = nice_step((hi - lo) / 4)
    lo = hi - step * math.ceil((hi - lo) / step - 1e-9)
    ticks = [round(lo + k * step, 6) for k in range(round((hi - lo) / step) + 1)]
    frame.ax.set_ylim(lo, hi + (hi - lo) * 0.04)
    decimals = step_decimals(step)
    frame.y_ticks(ticks, [tick_percent(t, decimals, frame.lang) for t in ticks])


def figure_text(value: float, decimals: int = 4, lang: Language = ENGLISH) -> str:
    """Figures as the report shows them: up to 4 decimals, no trailing zeros, with the
    language's decimal sign."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    text = text if text != "-0" else "0"
    return text if lang.code == ENGLISH.code else lang.number(float(text))


def percent_text(value: float, decimals: int = 4, lang: Language = ENGLISH) -> str:
    """A figure (not a cut attainment: an allowance's share may pass 100) as a percentage
    with up to ``decimals`` decimals, no trailing zeros: '48.7%', '113.2%', '48,7 %'."""
    pattern = str(lang.locale.percent_formats[None].pattern)
    pattern = pattern.replace("#,##0", "0." + "#" * decimals if decimals else "0", 1)
    shown = Decimal(figure_text(value, decimals)) / 100
    return format_percent(shown, format=pattern, locale=lang.locale)


def floats(seq: Sequence[Number | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in seq]


def reference_key(label: str) -> Line2D:
    """The legend key of a dashed reference line (an objective, a target)."""
    return Line2D([], [], color=_SENTINEL, linestyle=(0, (5, 3)), linewidth=1.1, label=label)
