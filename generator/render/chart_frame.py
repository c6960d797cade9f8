"""The frame every chart is drawn in: one matplotlib Figure with one Axes, its ticks, legend
(laid out by :mod:`generator.render.chart_legend`) and layout, and its output as an SVG
document.

A chart costs tens of milliseconds in matplotlib and the status site draws hundreds, so the
frame is built to be cheap, without changing what a chart shows:

- **One frame per size, reused.** Creating a Figure and its Axes is a fifth of a chart's
  cost. Each thread keeps one frame per size and :func:`frame` empties it before each chart:
  it removes every artist the last chart added and resets the limits, the title and the
  margins, so a chart's bytes never depend on what was drawn before it (the site must build
  byte-identical pages, and pool workers take charts in any order).
- **Ticks drawn here.** matplotlib's axis builds a Tick per position (two lines, two texts
  and a gridline, with copied properties) and lays out every label three times per draw,
  half of a chart's cost. The axes' own axis artists are hidden; the tick marks are one
  marker line, the gridlines one collection and each label one text, placed exactly where
  matplotlib's axis would put them.
- **No layout pass.** Margins are reckoned from the labels' measured widths and line
  counts instead of constrained layout, which would draw the figure once more.
"""

from __future__ import annotations

import contextvars
import hashlib
import math
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from babel.numbers import format_decimal, format_percent
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation, Transform

from generator.i18n import ENGLISH, Language
from generator.render.chart_legend import LEGEND_SIZE as LEGEND_SIZE
from generator.render.chart_legend import lay_out_legend, legend_height
from generator.render.chart_text import SENTINEL as SENTINEL
from generator.render.chart_text import Label, Title, draw_svg, fits, metrics

_PROLOG = re.compile(r"\A<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?")
_INK_RE = re.compile(r"currentColor|#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}")

FONT_SIZE = 8.5
TITLE_SIZE = 9.5
_TICK_SIZE = 3.0  # x tick marks, points
_TICK_PAD = 3.5  # between a tick and its label, points (matplotlib's default)
_LABEL_PAD = 4.0  # between the tick labels and the axis label, points (as matplotlib)
# points of the figure's width the title's line cannot take: left of the plot, where the
# title starts (the y labels), and right of it
_TITLE_ROOM = 40.0
_GRID: dict[str, Any] = {"color": SENTINEL, "alpha": 0.18, "linewidth": 0.5}
_TICK_LINE: dict[str, Any] = {
    "color": SENTINEL,
    "linewidth": 0.8,
    "solid_capstyle": "butt",  # as matplotlib draws its tick marks
    "clip_on": False,
}

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "svg.fonttype": "none",
    "axes.unicode_minus": True,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": SENTINEL,
    "axes.labelcolor": SENTINEL,
    "axes.titlecolor": SENTINEL,
    "axes.titlesize": TITLE_SIZE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    # a fixed title position: the automatic one measures the tick labels on each draw
    "axes.titley": 1.0,
    "text.color": SENTINEL,
    "hatch.linewidth": 0.7,
    "hatch.color": SENTINEL,
    "path.simplify": False,
}


def text_width(text: str, size: float = FONT_SIZE, weight: str = "normal") -> float:
    """Width in points of one line of DejaVu Sans, as matplotlib lays it out."""
    return metrics(text, size, weight)[0]


def tick_number(value: float, decimals: int, lang: Language = ENGLISH) -> str:
    """A tick's figure with ``decimals`` decimals and the language's decimal sign, no
    grouping: '2.5', '2,5'."""
    fixed = Decimal(f"{value:.{decimals}f}")
    return format_decimal(fixed, format=_digits(decimals), locale=lang.locale)


def tick_percent(value: float, decimals: int, lang: Language = ENGLISH) -> str:
    """A tick's percentage, written as the language writes one: '99.5%', '99,5 %'."""
    pattern = str(lang.locale.percent_formats[None].pattern).replace("#,##0", _digits(decimals), 1)
    return format_percent(
        Decimal(f"{value:.{decimals}f}") / 100, format=pattern, locale=lang.locale
    )


def _digits(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def step_decimals(step: float) -> int:
    """Decimals that show every multiple of ``step`` exactly (2.5 -> 1, 0.25 -> 2)."""
    text = f"{step:.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


# Text sizes are multiplied by this while a chart is drawn (see text_scale): the status site
# draws its charts for the width they are shown at, with text that stays readable there.
_TEXT_SCALE: contextvars.ContextVar[float] = contextvars.ContextVar("text_scale", default=1.0)


@contextmanager
def text_scale(scale: float) -> Iterator[None]:
    """Draw the charts made inside with every text size times ``scale``: a chart shown
    smaller than its drawn size (an <img> at 100% of a phone's column) keeps its text at a
    readable size. The PDF draws at scale 1."""
    if not 0.5 <= scale <= 3.0:
        raise ValueError(f"text scale {scale} is outside 0.5 to 3")
    token = _TEXT_SCALE.set(scale)
    try:
        yield
    finally:
        _TEXT_SCALE.reset(token)


def text_scale_now() -> float:
    """The text scale charts are being drawn at (a chart that sizes itself by its text)."""
    return _TEXT_SCALE.get()


@dataclass
class _Ticks:
    positions: list[float]
    labels: list[str]
    marks: bool = True
    fontsize: float = FONT_SIZE


@dataclass
class Frame:
    """A chart's Figure and Axes, and the ticks and legend to lay out around them."""

    fig: Figure
    ax: Axes
    x: _Ticks | None = None
    y: _Ticks | None = None  # positions None: chosen from the y limits at layout
    unit: str = ""
    legend_rows: int = 0
    scale: float = 1.0  # text sizes are times this (text_scale)
    lang: Language = ENGLISH  # the reader's: the automatic y ticks' decimal sign
    _auto_y: bool = field(default=False, repr=False)
    _title: str = field(default="", repr=False)
    _pad: float = field(default=6.0, repr=False)  # points from the plot to the title

    @property
    def font_size(self) -> float:
        return FONT_SIZE * self.scale

    def title(self, text: str) -> None:
        """The chart's title: bold, above the plot at its left edge (where the axes' left
        title is), wrapped when it is wider than the chart."""
        self._title = text

    def x_ticks(
        self,
        positions: Sequence[float],
        labels: Sequence[str],
        *,
        marks: bool = True,
        fontsize: float | None = None,
    ) -> None:
        size = self.font_size if fontsize is None else fontsize
        self.x = _Ticks([float(p) for p in positions], list(labels), marks, size)

    def y_ticks(
        self,
        positions: Sequence[float] | None = None,
        labels: Sequence[str] | None = None,
        *,
        unit: str = "",
    ) -> None:
        """Gridlines and labels at ``positions``, or at round values within the y limits
        (matplotlib's default locator, as many as fit) when they are None."""
        self._auto_y = positions is None
        self.y = (
            None
            if positions is None
            else _Ticks(list(positions), list(labels or []), fontsize=self.font_size)
        )
        self.unit = unit

    def legend(self, handles: Sequence[Line2D | Patch]) -> None:
        """A legend of ``handles`` (lines and patches, with their labels) in a row above the
        plot, or two rows when one would be wider than the plot, the title above it.

        Laid out by :func:`generator.render.chart_legend.lay_out_legend`, as matplotlib's
        legend lays out this one (lower left at the axes' top left corner).
        """
        laid = lay_out_legend(handles, self.scale, self.fig, self.ax)
        self.legend_rows = laid.rows
        for entry in laid.entries:
            self._add(entry.key)
            self._text(
                entry.x,
                entry.baseline,
                entry.label,
                laid.points,
                ha="left",
                va="baseline",
                fontsize=laid.em,
                zorder=5,
            )
        # the title sits above the legend, however many rows it has
        self._pad = self._title_pad()

    def _add(self, artist: Artist) -> None:
        """Add an artist around the plot, never clipped: to the figure, because the axes
        would give it a clip path (to ignore, but built each time) and a place in the data
        limits."""
        self.fig.add_artist(artist)

    def _text(self, x: float, y: float, text: str, transform: Transform, **props: Any) -> None:
        if props.pop("rotation_mode", "anchor") != "anchor" or "\n" in text or "$" in text:
            self._add(Text(x, y, text, transform=transform, **props))
        else:  # one plain line: written straight into the SVG, as a Text would be
            self._add(Label(x, y, text, transform, **props))

    def no_data(self, message: str) -> None:
        for spine in self.ax.spines.values():
            spine.set_visible(False)
        self.ax.text(
            0.5,
            0.5,
            message,
            transform=self.ax.transAxes,
            ha="center",
            va="center",
            fontstyle="italic",
        )

    def svg(self, chart_id: str, title: str, desc: str, ink: str) -> str:
        """The chart as an SVG document: accessible, with ids unique to the chart."""
        if not _INK_RE.fullmatch(ink):
            raise ValueError(f"ink {ink!r} is not currentColor, a #hex colour or a colour name")
        self._layout()
        svg = _PROLOG.sub("", draw_svg(self.fig))
        # Ids are unique per chart, so charts inlined together never capture each other's defs.
        # (matplotlib writes an id as ' id="...' and a reference as 'url(#...' or
        # 'xlink:href="#...', so plain replacing finds them all, quicker than a pattern)
        svg = svg.replace(' id="', f' id="{chart_id}-')
        svg = svg.replace("url(#", f"url(#{chart_id}-").replace('href="#', f'href="#{chart_id}-')
        svg = svg.replace(SENTINEL, ink)
        head, rest = svg.split(">", 1)
        return (
            f'{head} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
            f' class="statusgen-chart">\n <title id="{chart_id}-title">{escape(title)}</title>'
            f'\n <desc id="{chart_id}-desc">{escape(desc)}</desc>{rest}'
        )

    # --- layout ---------------------------------------------------------------------

    def _layout(self) -> None:
        """Margins from what the chart holds, then the ticks in them.

        DejaVu Sans has fixed metrics, so the margins follow from the labels' widths and
        line counts; the ticks are placed as matplotlib's axis places them.
        """
        fig, ax = self.fig, self.ax
        width, height = fig.get_size_inches()
        line = 1.25 * self.font_size / 72
        x_lines = max((t.count("\n") + 1 for t in self.x.labels), default=0) if self.x else 0
        bottom = 0.1 + line * x_lines
        title_pad = self._title_pad() / 72
        title_lines = self._wrap_title(width * 72 - _TITLE_ROOM * self.scale)
        top = 0.08 + title_pad + 1.3 * TITLE_SIZE * self.scale * title_lines / 72
        if self._auto_y:
            # as many ticks as matplotlib's AutoLocator fits: one per two label heights
            nbins = max(1, math.floor((height - top - bottom) * 72 / (2 * self.font_size)))
            lo, hi = sorted(ax.get_ylim())
            locator = MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10])
            values = [float(v) for v in locator.tick_values(lo, hi) if lo - 1e-9 <= v <= hi + 1e-9]
            step = values[1] - values[0] if len(values) > 1 else 1.0
            decimals = step_decimals(step)
            labels = [tick_number(v, decimals, self.lang) for v in values]
            self.y = _Ticks(values, labels, fontsize=self.font_size)
        y_width = (
            max((text_width(t, self.y.fontsize) for t in self.y.labels), default=0.0)
            if self.y
            else 0.0
        )
        left = 0.12 + y_width / 72
        if self.unit:
            left += line + 0.04
        fig.subplots_adjust(
            left=left / width,
            right=1 - 0.15 / width,
            bottom=bottom / height,
            top=1 - top / height,
        )
        if self.y is not None:
            self._draw_y(self.y, y_width)
        if self.x is not None:
            self._draw_x(self.x, (height - top - bottom) * 72)
        self._draw_title()

    def _draw_title(self) -> None:
        """The title, written as the axes' left title would be (chart_text.Title), after
        everything else the axes hold, where the axes draw their title. A title with
        mathtext ('$') is left to the axes."""
        if "$" in self._title:
            self.ax.set_title(self._title, loc="left", pad=self._pad)
            _left_title(self.ax).set_visible(True)
        elif self._title:
            # the left title's place: the axes' top left corner, raised by the pad
            raised = ScaledTranslation(0.0, float(self._pad) / 72, self.fig.dpi_scale_trans)
            size = TITLE_SIZE * self.scale
            self.ax.add_artist(Title((0.0, 1.0), self._title, self.ax.transAxes + raised, size))

    def _title_pad(self) -> float:
        """Points between the plot and the title's baseline: room for the legend's rows."""
        if self.scale == 1.0:
            return 6 + 11 * self.legend_rows  # as the PDF's charts have always been drawn
        return 6 * self.scale + legend_height(self.legend_rows, self.scale)

    def _wrap_title(self, room: float) -> int:
        """Break a title wider than ``room`` points after its last comma (or space) that
        leaves a first line that fits; the number of lines it takes."""
        title = self._title
        size = TITLE_SIZE * self.scale
        bold = str(RC["axes.titleweight"])  # a bold title is wider than its regular text
        if not title or "\n" in title or fits(title, size, room, bold):
            return title.count("\n") + 1 if title else 1
        for mark in (", ", " "):
            cuts = [i for i in range(len(title)) if title.startswith(mark, i)]
            for cut in reversed(cuts):
                if fits(title[: cut + len(mark.rstrip())], size, room, bold):
                    head, tail = title[: cut + len(mark.rstrip())], title[cut + len(mark) :]
                    self._title, self._pad = f"{head}\n{tail}", self._title_pad()
                    return 2
        return 1

    def _draw_y(self, ticks: _Ticks, label_width: float) -> None:
        fig, ax = self.fig, self.ax
        if ticks.positions:
            # the gridlines as one path (one element; a collection styles each line anew)
            xs = [x for _ in ticks.positions for x in (0.0, 1.0, math.nan)]
            ys = [v for y in ticks.positions for v in (y, y, math.nan)]
            grid = Line2D(xs, ys, transform=ax.get_yaxis_transform(), zorder=0.5, **_GRID)
            ax.add_artist(grid)  # clipped to the plot; below the data, as with axisbelow
        left = ax.get_yaxis_transform() + ScaledTranslation(-_TICK_PAD / 72, 0, fig.dpi_scale_trans)
        for y, label in zip(ticks.positions, ticks.labels, strict=True):
            self._text(0, y, label, left, ha="right", va="center_baseline", fontsize=ticks.fontsize)
        if self.unit:
            offset = (_TICK_PAD + label_width + _LABEL_PAD) / 72
            self._text(
                0,
                0.5,
                self.unit,
                ax.transAxes + ScaledTranslation(-offset, 0, fig.dpi_scale_trans),
                rotation=90,
                rotation_mode="anchor",
                ha="center",
                va="bottom",
                fontsize=self.font_size,
            )

    def _draw_x(self, ticks: _Ticks, plot_height: float) -> None:
        """The x ticks under a plot ``plot_height`` points high."""
        fig, ax = self.fig, self.ax
        if ticks.marks and ticks.positions:
            # all the tick marks as one path: one element, not a styled marker per tick
            down = -_TICK_SIZE / plot_height  # in the axes' height
            xs = [v for x in ticks.positions for v in (x, x, math.nan)]
            ys = [0.0, down, math.nan] * len(ticks.positions)
            marks = Line2D(xs, ys, transform=ax.get_xaxis_transform(), **_TICK_LINE)
            self._add(marks)
        pad = _TICK_PAD + (_TICK_SIZE if ticks.marks else 0.0)
        below = ax.get_xaxis_transform() + ScaledTranslation(0, -pad / 72, fig.dpi_scale_trans)
        # a label that would run into the one before it is left out (its tick stays): on a
        # phone's narrow chart seven days' dates do not fit side by side
        to_points = 72 / fig.dpi
        right_of_last = -math.inf
        for x, label in zip(ticks.positions, ticks.labels, strict=True):
            middle = float(ax.transData.transform((x, 0))[0]) * to_points
            half = max(text_width(line, ticks.fontsize) for line in label.split("\n")) / 2
            if label and middle - half < right_of_last + ticks.fontsize / 2:
                continue
            if label:
                right_of_last = middle + half
            self._text(x, 0, label, below, ha="center", va="top", fontsize=ticks.fontsize)


def _left_title(ax: Axes) -> Text:
    """The axes' left title (a chart's title is drawn in its place)."""
    title: Text = getattr(ax, "_left_title")  # noqa: B009 (matplotlib's, unexported)
    return title


def chart_id(kind: str, title: str, desc: str) -> str:
    digest = hashlib.sha256(f"{kind}\n{title}\n{desc}".encode()).hexdigest()[:8]
    return f"chart-{kind}-{digest}"


def _new_frame(size: tuple[float, float]) -> Frame:
    fig = Figure(figsize=size, dpi=72)  # SVG is written at 72 dpi: points are pixels
    fig.patch.set_facecolor("none")  # transparent, as savefig(transparent=True)
    fig.patch.set_edgecolor("none")
    ax = fig.add_subplot()
    ax.patch.set_facecolor("none")
    ax.patch.set_edgecolor("none")
    # the ticks, labels and gridlines are drawn by Frame._layout, the title by _draw_title
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    _left_title(ax).set_visible(False)
    return Frame(fig, ax)


def _empty(frame: Frame) -> Frame:
    """The frame as _new_frame made it: whatever a chart added or set is taken back."""
    ax = frame.ax
    for artists in (ax.artists, ax.collections, ax.images, ax.lines, ax.patches, ax.texts):
        for artist in list(artists):
            artist.remove()
    # the ticks' labels and the legend (Frame._add): dropped at once, where remove() would
    # search the list and mark the figure stale for each of the dozens of them
    frame.fig.artists.clear()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for name, spine in ax.spines.items():  # no_data() hides them
        spine.set_visible(name in ("left", "bottom"))
    if _left_title(ax).get_visible():  # a mathtext title (Frame._draw_title)
        ax.set_title("", loc="left")
        _left_title(ax).set_visible(False)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.ignore_existing_data_limits = True
    ax.set_autoscale_on(True)
    return Frame(frame.fig, ax)


@contextmanager
def _rc(settings: dict[str, Any]) -> Iterator[None]:
    """matplotlib.rc_context for just these settings: rc_context copies and restores all
    of matplotlib's several hundred settings, a millisecond a chart."""
    params: Any = matplotlib.rcParams  # typed with every known key; these are all known
    saved = {key: params[key] for key in settings}
    params.update(settings)
    try:
        yield
    finally:
        params.update(saved)


# One frame per size for the process. matplotlib's settings are global, so charts are drawn
# one at a time: a thread waits for the frame while another draws.
_frames: dict[tuple[float, float], Frame] = {}
_drawing = threading.Lock()


@contextmanager
def frame(size: tuple[float, float], salt: str, lang: Language = ENGLISH) -> Iterator[Frame]:
    """The frame of ``size`` inches, emptied, to draw one chart in under the charts' fixed
    rc settings (``salt`` makes the SVG's generated ids differ per chart), its figures
    written in ``lang``."""
    scale = _TEXT_SCALE.get()
    sizes = {"font.size": FONT_SIZE * scale, "axes.titlesize": TITLE_SIZE * scale}
    with _drawing, _rc({**RC, **sizes, "svg.hashsalt": salt, "svg.id": "chart"}):
        made = _frames.get(size)
        made = _frames[size] = _new_frame(size) if made is None else _empty(made)
        made.scale = scale
        made.lang = lang
        yield made
