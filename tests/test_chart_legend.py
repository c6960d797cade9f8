"""The charts' legend layout: columns, rows and where each key and label goes."""

from __future__ import annotations

import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from generator.render.chart_legend import lay_out_legend, legend_height


def axes(width: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, 2.0), dpi=72)  # as the chart frame: points are pixels
    return fig, fig.add_subplot()


def labelled(*labels: str) -> list[Line2D | Patch]:
    return [Patch(label=label) for label in labels]


def test_short_labels_at_scale_one_sit_in_one_row() -> None:
    fig, ax = axes(7.0)
    laid = lay_out_legend(labelled("Up", "Down", "Partial"), 1.0, fig, ax)
    assert laid.rows == 1
    assert laid.em == 7.5
    assert [e.label for e in laid.entries] == ["Up", "Down", "Partial"]
    # one row: every baseline is the border (0.6 em) and the descender (492/2048 em) up
    assert {round(e.baseline, 6) for e in laid.entries} == {6.301758}
    # the first label after the border, the key (2.4 em) and its gap (0.8 em): 4.5 + 24
    assert laid.entries[0].x == pytest.approx(28.5)


def test_long_labels_at_scale_one_take_two_rows_filled_column_by_column() -> None:
    fig, ax = axes(7.0)
    # five labels of 14 characters: 5 x (14 + 6) = 100 characters, more than 80
    names = [f"component-{n:04d}" for n in range(5)]
    laid = lay_out_legend(labelled(*names), 1.0, fig, ax)
    assert laid.rows == 2
    # three columns as numpy.array_split: 2, 2, 1; the first of each column on the top row
    baselines = [round(e.baseline, 6) for e in laid.entries]
    assert baselines == [17.551758, 6.301758, 17.551758, 6.301758, 17.551758]
    xs = [e.x for e in laid.entries]
    assert xs[0] == xs[1] < xs[2] == xs[3] < xs[4]


@pytest.mark.parametrize(("width", "rows"), [(7.0, 2), (4.0, 3)])
def test_larger_text_takes_as_many_columns_as_fit_the_plot(width: float, rows: int) -> None:
    # at scale 1.2 an em is 9 pt; a column is 4.6 em of key and gaps (41.4 pt) and its label,
    # ten digits of 0.636 em (57.24 pt): n columns take n x 98.64 - 7.2 pt. The plot has the
    # figure's width less 48 pt: 456 pt fit 4 columns (2, 1, 1, 1), 240 pt fit 2 (3, 2).
    fig, ax = axes(width)
    laid = lay_out_legend(labelled(*["0123456789"] * 5), 1.2, fig, ax)
    assert laid.em == pytest.approx(9.0)
    assert laid.rows == rows


def test_keys_are_drawn_as_matplotlib_draws_them() -> None:
    fig, ax = axes(7.0)
    line = Line2D([], [], color="#123456", marker="o", label="p95")
    laid = lay_out_legend([line, Patch(facecolor="#abcdef", label="outage")], 1.0, fig, ax)
    key, box = laid.entries[0].key, laid.entries[1].key
    # a line 2.4 em (18 pt) long through the middle of a 0.7 em key, its marker in the middle
    assert isinstance(key, Line2D)
    assert key.get_xdata() == pytest.approx([4.5, 13.5, 22.5])
    assert key.get_ydata() == pytest.approx([6.301758 + 2.625] * 3)
    assert key.get_markevery() == [1]
    assert (key.get_color(), key.get_marker()) == ("#123456", "o")
    assert isinstance(box, Rectangle)
    assert (box.get_width(), box.get_height()) == pytest.approx((18.0, 5.25))
    assert box.get_facecolor() == pytest.approx((0xAB / 255, 0xCD / 255, 0xEF / 255, 1.0))
    assert {key.get_label(), box.get_label()} == {"_legend"}  # never in a legend themselves


def test_points_are_measured_from_the_axes_top_left_corner() -> None:
    fig, ax = axes(7.0)
    laid = lay_out_legend(labelled("Up"), 1.0, fig, ax)
    corner = ax.transAxes.transform((0.0, 1.0))
    assert list(laid.points.transform((0.0, 0.0))) == pytest.approx(list(corner))
    assert list(laid.points.transform((72.0, 10.0))) == pytest.approx(
        [corner[0] + 72.0, corner[1] + 10.0]
    )


def test_an_entry_that_is_neither_a_line_nor_a_patch_is_refused() -> None:
    fig, ax = axes(7.0)
    with pytest.raises(TypeError, match="a legend entry is a Line2D or a Patch, not"):
        lay_out_legend([Text(label="x")], 1.0, fig, ax)  # type: ignore[list-item]


def test_the_title_is_raised_by_the_legend_rows() -> None:
    # at scale 1.2 (em 9 pt): the border 0.6 em and 1.5 em a row
    assert legend_height(2, 1.2) == pytest.approx((0.6 + 3.0) * 9)
    assert legend_height(1, 1.5) == pytest.approx(2.1 * 11.25)
    assert legend_height(0, 1.5) == 0.0
