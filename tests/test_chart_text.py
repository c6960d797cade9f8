"""A chart's tick labels and legend entries are written as matplotlib's Text would write
them (chart_text.Label), measured once per process."""

from __future__ import annotations

import re

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Transform

from generator.render import chart_text
from generator.render.chart_frame import RC, _rc

# Latin, with glyphs taller than the font's ascent (Ä) or deeper than its descent (|),
# Cyrillic, digits and signs, as the charts' labels are
WORDS = ["1 Sep", "99,5 %", "p50 (median)", "ÄÖÜ Änderung", "серп.", "Щ|ДЦ", "0"]


def _svg(add: str, transform_of: str, **props: object) -> str:
    """The <text> elements of a figure holding each of WORDS drawn by ``add`` ('text': a
    matplotlib Text, 'label': a Label) at a few places, in ``transform_of``'s coordinates."""
    with _rc(RC):
        fig = Figure(figsize=(4.0, 2.0), dpi=72)
        ax = fig.add_subplot()
        ax.set_ylim(-3.0, 117.0)
        ax.set_visible(False)  # its transforms place the texts; its own texts stay out
        transform: Transform = {
            "data": ax.transData,
            "axes": ax.transAxes,
            "points": Affine2D().scale(1 / 72) + fig.dpi_scale_trans,
        }[transform_of]
        for n, word in enumerate(WORDS):
            x, y = 0.37 + n * 0.1, 0.013 + n * 17.3 if transform_of == "data" else 0.1 * n
            if add == "text":
                fig.add_artist(Text(x, y, word, transform=transform, **props))  # type: ignore[arg-type]
            else:
                fig.add_artist(chart_text.Label(x, y, word, transform, **props))  # type: ignore[arg-type]
        svg = chart_text.draw_svg(fig)
    return "\n".join(re.findall(r'<g id="text_\d+">\s*<text[^>]*>[^<]*</text>', svg))


@pytest.mark.parametrize("ha", ["left", "center", "right"])
@pytest.mark.parametrize("va", ["top", "baseline", "center_baseline"])
@pytest.mark.parametrize("where", ["data", "axes", "points"])
@pytest.mark.parametrize("size", [8.5, 11.25, 12.75])
def test_a_label_writes_what_a_text_writes(ha: str, va: str, where: str, size: float) -> None:
    text = _svg("text", where, ha=ha, va=va, fontsize=size)
    assert text.count("<text") == len(WORDS)
    assert _svg("label", where, ha=ha, va=va, fontsize=size) == text


@pytest.mark.parametrize("ha", ["left", "center", "right"])
@pytest.mark.parametrize("va", ["bottom", "top", "baseline", "center_baseline"])
@pytest.mark.parametrize("size", [8.5, 12.75])
def test_a_rotated_label_writes_what_an_anchored_text_writes(ha: str, va: str, size: float) -> None:
    """The y axis' unit: turned a quarter, aligned at its anchor."""
    props = {"ha": ha, "va": va, "fontsize": size, "rotation": 90}
    text = _svg("text", "axes", rotation_mode="anchor", **props)
    assert text.count("rotate(-90 ") == len(WORDS)
    assert _svg("label", "axes", **props) == text


def test_a_label_is_written_with_its_anchor_and_style() -> None:
    """One label worked by hand: DejaVu Sans at 10 pt has an ascent of 1556/2048 em
    (7.597656 pt) and '0' is no taller, so a top-aligned label's baseline is that far
    below its anchor; the anchor 0.5 in from the left and 1 in from the bottom of a
    2 in high figure is at (36, 72) in the SVG's coordinates."""
    with _rc(RC):
        fig = Figure(figsize=(4.0, 2.0), dpi=72)
        fig.add_artist(
            chart_text.Label(0.5, 1.0, "0", fig.dpi_scale_trans, ha="center", va="top", fontsize=10)
        )
        svg = chart_text.draw_svg(fig)
    assert (
        "<text style=\"font-size: 10px; font-family: 'DejaVu Sans'; text-anchor: middle;"
        ' fill: #0d0e0f" x="36" y="79.597656" transform="rotate(-0 36 79.597656)">0</text>'
    ) in svg


def test_an_empty_label_writes_nothing() -> None:
    with _rc(RC):
        fig = Figure(figsize=(1.0, 1.0), dpi=72)
        fig.add_artist(chart_text.Label(0, 0, "", fig.transFigure, ha="left", va="top", fontsize=9))
        assert "<text" not in chart_text.draw_svg(fig)


def test_a_label_refuses_an_alignment_it_does_not_place() -> None:
    with pytest.raises(ValueError, match="bottom"):
        chart_text.Label(0, 0, "x", Affine2D(), ha="left", va="bottom", fontsize=9)


def test_metrics_are_dejavu_sans_measured_once() -> None:
    chart_text.metrics.cache_clear()
    width, height, descent = chart_text.metrics("0000", 10)
    assert width == pytest.approx(4 * 6.36, abs=0.05)  # a digit advances 0.636 em
    assert chart_text.metrics("0000", 10) == (width, height, descent)
    assert chart_text.metrics.cache_info().misses == 1
    # the bold title's words are wider than the same words in regular weight
    assert chart_text.metrics("Downtime", 10, "bold")[0] > chart_text.metrics("Downtime", 10)[0]


TITLES = [
    "Response time: Service 00, per hour, last 7 days",
    "Response time: Service 00,\nper day, last 90 days",
    "Ausfallzeit pro Tag: Über-Änderung, letzte 90 Tage",
    "Час відповіді: Щоденник,\nза годину",
    "Support requests answered on time, fine print",  # a ligature: measured
    "API — Київ (mixed scripts)",
]


def _title_svg(title: str, size: float, pad: float, ours: bool) -> str:
    with _rc({**RC, "axes.titlesize": size}):
        fig = Figure(figsize=(7.0, 2.5), dpi=72)
        ax = fig.add_subplot()
        ax.xaxis.set_visible(False)
        ax.yaxis.set_visible(False)
        ax.set_title(title, loc="left", pad=pad)
        left: Text = getattr(ax, "_left_title")  # noqa: B009
        if ours:
            left.set_visible(False)
            ax.add_artist(
                chart_text.Title(
                    left.get_position(), title, left.get_transform(), left.get_fontsize()
                )
            )
        svg = chart_text.draw_svg(fig)
    return "\n".join(re.findall(r'<g id="text_\d+">\s*(?:<text[^>]*>[^<]*</text>\s*)+', svg))


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize(("size", "pad"), [(9.5, 6.0), (11.4, 23.5), (14.25, 7.2)])
def test_a_title_writes_what_the_axes_title_writes(title: str, size: float, pad: float) -> None:
    theirs = _title_svg(title, size, pad, ours=False)
    assert theirs.count("<text") == title.count("\n") + 1
    assert _title_svg(title, size, pad, ours=True) == theirs


def test_a_title_is_placed_and_styled_as_worked_by_hand() -> None:
    """Two lines of bold DejaVu Sans at 10 pt, no letter taller than a capital (1493/2048
    em) or below the baseline: each line's ascent is the font's 1556/2048
    em (7.597656 pt) plus half its line gap of 410/2048 em (1.000977 pt), its descent
    492/2048 em (2.402344 pt) plus the same; so the second baseline is 7.597656 + 2 x
    1.000977 + 2.402344 = 12.001953 pt below the first."""
    svg = _title_svg("Ace\nace", 10.0, 6.0, ours=True)
    first, second = re.findall(r"translate\(([\d.]+) ([\d.]+)\)", svg)
    assert first[0] == second[0]
    assert float(second[1]) - float(first[1]) == pytest.approx(12.001953, abs=2e-6)
    assert "font-weight: 700; font-size: 10px; font-family: 'DejaVu Sans'; fill: #0d0e0f" in svg


WIDTHS = [
    *(line for title in TITLES for line in title.split("\n")),
    "Response time: Service 00,",
    "hour,",
    "Te Ty AV Wa r. y,",
    "LЬwгЇРзn0xФ-YynЖКа’гр",  # Latin and Cyrillic: FreeType's width is not the letters'
    "effluent fjord",
]


@pytest.mark.parametrize("weight", ["normal", "bold"])
@pytest.mark.parametrize("size", [9.5, 14.25])
def test_fits_decides_as_the_measured_width(weight: str, size: float) -> None:
    for text in WIDTHS:
        width = chart_text.metrics(text, size, weight)[0]
        for room in (
            width - 20,
            width - 1,
            width - 0.01,
            width,
            width + 0.01,
            width + 3,
            2 * width,
        ):
            assert chart_text.fits(text, size, room, weight) == (width <= room), (text, room)


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_a_lines_height_and_depth_come_from_its_letters(weight: str) -> None:
    for text in [*WIDTHS, "0", "—", "-", "Ä|p", "Щ", "g y", " "]:
        for line in text.split("\n"):
            assert (
                chart_text._height_depth(line, 14.25, weight)
                == chart_text.metrics(line, 14.25, weight)[1:]
            ), line
