"""A chart's legend, laid out here as matplotlib's legend lays out this one: its entries in
a row above the plot (or more rows when one would be wider than the plot), the lower left
at the axes' top left corner, from each label's measured width. matplotlib's Legend packs
its boxes by measuring every label several times per draw, a fifth of a chart.

The frame (:meth:`generator.render.chart_frame.Frame.legend`) adds the keys and labels laid
out here around the plot, and raises the title above the legend's rows (legend_height).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Affine2D, ScaledTranslation, Transform

from generator.render.chart_text import metrics

LEGEND_SIZE = 7.5
# matplotlib's legend metrics, in ems of the legend's font size: the entries' key, the gaps
# after it and between columns, the border inside and outside the legend box, rows
_HANDLE_LENGTH = 2.4
_HANDLE_HEIGHT = 0.7
_HANDLE_PAD = 0.8
_COLUMN_SPACING = 1.4
_LEGEND_PAD = 0.2 + 0.4
_ROW = 1.0 + 0.5  # a line of DejaVu Sans (ascender + descender) and the label spacing
_LEGEND_ROOM = 40.0  # points of the figure's width left of the plot (y labels) and right of it
_DESCENT = 492 / 2048  # DejaVu Sans' typographic descender: a row's baseline above its foot


@dataclass
class Entry:
    """One legend entry: its handle's key, and its label starting at ``x`` on a baseline
    ``baseline`` points above the axes' top left corner (the legend's ``points`` map them)."""

    key: Line2D | Patch
    label: str
    x: float
    baseline: float


@dataclass
class Legend:
    """A legend laid out: its entries column by column, in ``rows`` rows."""

    rows: int
    em: float  # the labels' font size, points
    points: Transform  # points from the axes' top left corner to the display
    entries: list[Entry]


def lay_out_legend(
    handles: Sequence[Line2D | Patch], scale: float, fig: Figure, ax: Axes
) -> Legend:
    """A legend of ``handles`` (lines and patches, with their labels) with its text sizes
    times ``scale``: in a row, or two rows when one would be wider than the plot; at a
    larger text scale, as many columns as fit the plot's width, however many rows."""
    em = LEGEND_SIZE * scale
    if scale == 1.0:
        chars = sum(len(str(h.get_label())) + 6 for h in handles)
        columns = _columns(
            handles, max(1, len(handles) if chars <= 80 else math.ceil(len(handles) / 2))
        )
    else:
        # larger text: as many columns as fit the plot's width, however many rows
        room = fig.get_size_inches()[0] * 72 - _LEGEND_ROOM * scale
        ncols = len(handles)
        columns = _columns(handles, ncols)
        while ncols > 1 and _legend_width(columns, em) > room:
            ncols -= 1
            columns = _columns(handles, ncols)
    rows = len(columns[0]) if columns else 0
    # points from the axes' top left corner to the display
    corner: Any = ax.transAxes  # an affine transform, typed as any Transform
    points = Affine2D().scale(1 / 72) + fig.dpi_scale_trans + ScaledTranslation(0, 1, corner)
    entries = []
    x = _LEGEND_PAD * em
    for column in columns:
        for row, handle in enumerate(column):
            from_bottom = rows - 1 - row
            baseline = _LEGEND_PAD * em + _DESCENT * em + from_bottom * _ROW * em
            entries.append(_entry(handle, x, baseline, em, points))
        widest = max(_text_width(str(h.get_label()), em) for h in column)
        x += (_HANDLE_LENGTH + _HANDLE_PAD + _COLUMN_SPACING) * em + widest
    return Legend(rows, em, points, entries)


def legend_height(rows: int, scale: float) -> float:
    """Points the legend's ``rows`` take above the plot at text scale ``scale``."""
    em = LEGEND_SIZE * scale
    return (_LEGEND_PAD + _ROW * rows) * em if rows else 0.0


def _entry(
    handle: Line2D | Patch, x: float, baseline: float, em: float, points: Transform
) -> Entry:
    """One legend entry, its handle's key at ``x`` and its label after it, on a baseline
    ``baseline`` points above the axes' top left corner (``points`` maps them)."""
    key: Line2D | Patch
    if isinstance(handle, Line2D):
        # a line through the key's middle with its marker at the centre, as matplotlib's
        middle = baseline + _HANDLE_HEIGHT * em / 2
        key = Line2D([], [])
        key.update_from(handle)
        length = _HANDLE_LENGTH * em
        key.set_data([x, x + length / 2, x + length], [middle] * 3)
        key.set_markevery([1])
    elif isinstance(handle, Patch):
        key = Rectangle((x, baseline), _HANDLE_LENGTH * em, _HANDLE_HEIGHT * em)
        key.update_from(handle)
    else:
        raise TypeError(f"a legend entry is a Line2D or a Patch, not {type(handle)}")
    key.set(transform=points, clip_on=False, label="_legend", zorder=5)
    return Entry(key, str(handle.get_label()), x + (_HANDLE_LENGTH + _HANDLE_PAD) * em, baseline)


def _text_width(text: str, size: float) -> float:
    """Width in points of one line of DejaVu Sans, as matplotlib lays it out."""
    return metrics(text, size)[0]


def _columns(handles: Sequence[Line2D | Patch], ncols: int) -> list[list[Line2D | Patch]]:
    """The legend's columns, as numpy.array_split: the first len % ncols have one more."""
    rows, extra = divmod(len(handles), ncols)
    columns, start = [], 0
    for c in range(ncols):
        end = start + rows + (1 if c < extra else 0)
        if end > start:
            columns.append(list(handles[start:end]))
        start = end
    return columns


def _legend_width(columns: list[list[Line2D | Patch]], em: float) -> float:
    """Points from the legend's first key to the end of its widest last label."""
    width = 0.0
    for column in columns:
        width += (_HANDLE_LENGTH + _HANDLE_PAD + _COLUMN_SPACING) * em
        width += max(_text_width(str(h.get_label()), em) for h in column)
    return width - _COLUMN_SPACING * em + _LEGEND_PAD * em
