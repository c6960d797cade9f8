"""How a chart's text is measured and written: one cache of text metrics for every chart,
and the tick labels and legend entries written straight into the SVG.

A chart has a dozen short texts (tick labels, legend entries), and a matplotlib Text costs
a chart more than its lines: each is built with its own font properties, and drawn with a
layout pass that looks up the font's tables and measures its text again on every renderer
(matplotlib's metrics cache is per renderer, and each chart has a new one). A
:class:`Label` is one line of text placed as matplotlib places it, from metrics measured
once per process, and written as matplotlib's SVG renderer writes a text: the same
element, position, style and group id, so a chart's bytes do not change.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.textpath import text_to_path
from matplotlib.transforms import Transform

FAMILY = "DejaVu Sans"  # the charts' one font (fixed metrics, shipped with matplotlib)
# matplotlib needs a real colour; this one is drawn with and then swapped for the ink.
SENTINEL = "#0d0e0f"
_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


@functools.lru_cache(maxsize=8192)
def metrics(text: str, size: float, weight: str = "normal") -> tuple[float, float, float]:
    """Width, height and descent in points of one line of DejaVu Sans at ``size``, as
    matplotlib measures a text for its layout (with FreeType, at 72 dpi: pixels are points).
    Measured once per process: the tick labels and legend words recur in every chart."""
    prop = FontProperties(family=FAMILY, size=size, weight=weight)
    width, height, descent = text_to_path.get_text_width_height_descent(text, prop, False)
    return float(width), float(height), float(descent)


@functools.lru_cache(maxsize=64)
def _line_extent(size: float, weight: str = "normal") -> tuple[float, float]:
    """The font's ascent and descent at ``size`` (its OS/2 typographic metrics), which a
    line of text is at least as tall as in matplotlib's layout."""
    font = get_font(findfont(FontProperties(family=FAMILY, size=size, weight=weight)))
    table, head = font.get_sfnt_table("OS/2"), font.get_sfnt_table("head")
    if table is None or head is None:
        raise RuntimeError(f"{font.fname!r} has no OS/2 or head table")  # DejaVu Sans has both
    scale = 1 / head["unitsPerEm"] * size * 72 / 72  # in matplotlib's steps, at 72 dpi
    return table["sTypoAscender"] * scale, -table["sTypoDescender"] * scale


def _short(value: float) -> str:
    """A coordinate as matplotlib's SVG writer gives it: %f without trailing zeros."""
    return f"{value:f}".rstrip("0").rstrip(".")


class Label(Artist):
    """One line of text at ``(x, y)`` in ``transform``, aligned by ``ha`` and ``va``, in the
    charts' font and ink: what ``Text(x, y, text, transform=transform, ha=ha, va=va,
    fontsize=fontsize)`` draws on the SVG renderer, byte for byte (matplotlib 3.11's layout
    of an unrotated single line), without building a Text."""

    def __init__(
        self,
        x: float,
        y: float,
        text: str,
        transform: Transform,
        *,
        ha: str,
        va: str,
        fontsize: float,
        zorder: float = 3,
    ) -> None:
        if ha not in _ANCHOR or va not in ("top", "baseline", "center_baseline"):
            raise ValueError(f"a label is aligned {ha!r}/{va!r}, which Label does not place")
        super().__init__()
        self._xy = (float(x), float(y))
        self._label_text = text
        self._ha, self._va = ha, va
        self._size = float(fontsize)
        self.set_transform(transform)
        self.set_zorder(zorder)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not self._label_text:
            return  # as Text: an empty text opens no group
        renderer.open_group("text", self.get_gid())
        posx, posy = (float(v) for v in self.get_transform().transform(self._xy))
        # Text._get_layout of one unrotated line: its ascent and descent are at least the
        # font's; the offset from the anchor is worked in the same steps (same rounding)
        _, h, d = metrics(self._label_text, self._size)
        min_ascent, min_descent = _line_extent(self._size)
        ascent, descent = max(h - d, min_ascent), max(d, min_descent)
        line_y = -ascent
        ymin = line_y - descent
        if self._va == "top":
            offset_y = 0.0
        elif self._va == "baseline":
            offset_y = ymin + descent
        else:  # center_baseline
            offset_y = -ascent / 2  # (ymin + height) - baseline / 2
        height = renderer.height
        # RendererSVG._draw_text_as_text's anchored text: the anchor, moved by the layout's
        # vertical offset (computed in the same steps, for the same rounding)
        anchor_y = height - posy
        y = anchor_y + ((height - ((line_y - offset_y) + posy)) - anchor_y)
        x, y_text = _short(posx), _short(y)
        style = f"font-size: {_short(self._size)}px; font-family: '{FAMILY}'"
        attrib = {
            "style": f"{style}; text-anchor: {_ANCHOR[self._ha]}; fill: {SENTINEL}",
            "x": x,
            "y": y_text,
            "transform": f"rotate(-0 {x} {y_text})",
        }
        renderer.writer.element("text", self._label_text, attrib=attrib)
        renderer.close_group("text")
        self.stale = False


class Renderer(RendererSVG):
    """matplotlib's SVG renderer measuring text with :func:`metrics` (one cache for the
    process; matplotlib's own is per renderer, and each chart has a new one)."""

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        if ismath:
            measured = super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call]
            return measured  # type: ignore[no-any-return]
        plain = (
            prop.get_family() == [FAMILY]
            and prop.get_style() == "normal"
            and prop.get_variant() == "normal"
            and prop.get_stretch() == "normal"
            and prop.get_weight() in ("normal", "bold")
        )
        if plain:
            return metrics(s, prop.get_size_in_points(), str(prop.get_weight()))
        return _other_metrics(s, prop.copy())


@functools.lru_cache(maxsize=1024)
def _other_metrics(s: str, prop: FontProperties) -> tuple[float, float, float]:
    """Another font's or style's metrics (the italic 'no data' note), cached by its
    properties."""
    width, height, descent = text_to_path.get_text_width_height_descent(s, prop, False)
    return float(width), float(height), float(descent)


def draw_svg(fig: Figure) -> str:
    """What ``fig.savefig(buffer, format="svg")`` writes, with no metadata (no date): the
    figure drawn straight onto a renderer (the frame is already transparent and at 72 dpi
    for SVG, so savefig's canvas switching and property juggling have nothing to do)."""
    buffer = io.StringIO()
    width, height = fig.get_size_inches()
    metadata = {"Date": None, "Creator": None, "Format": None, "Type": None}
    renderer = Renderer(width * 72, height * 72, buffer, image_dpi=72, metadata=metadata)  # type: ignore[no-untyped-call]
    fig.draw(renderer)
    renderer.finalize()  # type: ignore[no-untyped-call]
    return buffer.getvalue()
