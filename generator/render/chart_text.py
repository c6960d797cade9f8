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
import itertools
import math
import re
import unicodedata
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
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
def _line_extent(size: float, weight: str = "normal") -> tuple[float, float, float]:
    """The font's ascent, descent and line gap at ``size`` (its OS/2 typographic metrics):
    a line of text is at least as tall as the first two in matplotlib's layout, and lines
    are the gap apart."""
    font = get_font(findfont(FontProperties(family=FAMILY, size=size, weight=weight)))
    table, head = font.get_sfnt_table("OS/2"), font.get_sfnt_table("head")
    if table is None or head is None:
        raise RuntimeError(f"{font.fname!r} has no OS/2 or head table")  # DejaVu Sans has both
    scale = 1 / head["unitsPerEm"] * size * 72 / 72  # in matplotlib's steps, at 72 dpi
    return (
        table["sTypoAscender"] * scale,
        -table["sTypoDescender"] * scale,
        table["sTypoLineGap"] * scale,
    )


# --- titles: measured from their characters ------------------------------------------
#
# A chart's title is its one text no other chart has, and FreeType lays out a title of 50
# letters in about half a millisecond: a third of what measuring costs a site's charts. A
# title needs its width only to decide where it wraps, and its height and depth to place
# its lines. Both follow from its characters, each laid out once per process: its height
# and depth are its tallest and deepest letter's (exact for text in one script without
# ligatures, as FreeType lays it out at matplotlib's measuring size); its width is the
# letters' advances plus each pair's kerning, which is FreeType's figure for the texts the
# charts have and is never trusted closer to a limit than _WIDTH_MARGIN, where the title
# is measured.

_SCALE = 100.0  # matplotlib measures text at 100 pt (TextToPath.FONT_SCALE) and scales it
_WIDTH_MARGIN = 0.5  # ems: a mixed-script text (Latin and Cyrillic) is off by up to 0.15
_LIGATURE = re.compile("f[fijlt]")  # DejaVu Sans' ligatures start with f


def _laid_out(text: str, weight: str) -> tuple[int, int, int]:
    """Width, height and descent of ``text`` at matplotlib's measuring size, in FreeType's
    26.6 units, as matplotlib's TextToPath lays it out."""
    prop = FontProperties(family=FAMILY, size=_SCALE, weight=weight)
    measurer: Any = text_to_path
    font = measurer._get_font(prop)  # the font TextToPath measures with, at its size
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    width, height = font.get_width_height()
    return int(width), int(height), int(font.get_descent())


@functools.lru_cache(maxsize=4096)
def _glyph(char: str, weight: str) -> tuple[int, int, int]:
    """A character's advance, top and bottom (26.6 units at the measuring size)."""
    width, height, descent = _laid_out(char, weight)
    return width, height - descent, -descent


@functools.lru_cache(maxsize=16384)
def _kerning(left: str, right: str, weight: str) -> int:
    """What a pair's layout adds to its two advances (kerning, or a ligature)."""
    return _laid_out(left + right, weight)[0] - _glyph(left, weight)[0] - _glyph(right, weight)[0]


def _one_script(text: str) -> bool:
    """Text whose letters FreeType lays out one by one: printable Latin, Greek or Cyrillic
    with no combining mark and no ligature."""
    return all(
        ord(c) < 0x530 and c.isprintable() and not unicodedata.combining(c) for c in text
    ) and not _LIGATURE.search(text)


def fits(text: str, size: float, room: float, weight: str = "normal") -> bool:
    """Whether one line of ``text`` is at most ``room`` points wide: ``metrics(text, size,
    weight)[0] <= room``, measuring the text only when its letters' widths leave it within
    half an em of the limit."""
    if text and _one_script(text):
        units = sum(_glyph(c, weight)[0] for c in text)
        units += sum(_kerning(a, b, weight) for a, b in itertools.pairwise(text))
        width = units / 64.0 * (size / _SCALE)
        if abs(width - room) > _WIDTH_MARGIN * size:
            return width <= room
    return metrics(text, size, weight)[0] <= room


def _height_depth(text: str, size: float, weight: str) -> tuple[float, float]:
    """``metrics(text, size, weight)[1:]``: from the letters, for text in one script."""
    if not text or not _one_script(text):
        return metrics(text, size, weight)[1:]
    glyphs = [_glyph(c, weight) for c in text]
    top, bottom = max(g[1] for g in glyphs), min(g[2] for g in glyphs)
    scale = size / _SCALE
    return (top - bottom) / 64.0 * scale, -bottom / 64.0 * scale  # as TextToPath's steps


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
        rotation: float = 0.0,
    ) -> None:
        aligned = ("top", "baseline", "center_baseline") + (("bottom",) if rotation else ())
        if ha not in _ANCHOR or va not in aligned:
            raise ValueError(f"a label is aligned {ha!r}/{va!r}, which Label does not place")
        super().__init__()
        self._xy = (float(x), float(y))
        self._label_text = text
        self._ha, self._va = ha, va
        self._size = float(fontsize)
        self._angle = float(rotation)
        self.set_transform(transform)
        self.set_zorder(zorder)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not self._label_text:
            return  # as Text: an empty text opens no group
        renderer.open_group("text", self.get_gid())
        posx, posy = (float(v) for v in self.get_transform().transform(self._xy))
        if self._angle:
            self._draw_rotated(renderer, posx, posy)
            renderer.close_group("text")
            return
        # Text._get_layout of one unrotated line: its ascent and descent are at least the
        # font's; the offset from the anchor is worked in the same steps (same rounding)
        _, h, d = metrics(self._label_text, self._size)
        min_ascent, min_descent, _ = _line_extent(self._size)
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
        self._write(renderer, _short(posx), _short(y), "-0")
        renderer.close_group("text")
        self.stale = False

    def _draw_rotated(self, renderer: Any, posx: float, posy: float) -> None:
        """A rotated line, as a Text with rotation_mode 'anchor' (the y axis' unit): the
        layout's offsets rotated, then projected on the text's vertical by the SVG writer,
        in the same steps as matplotlib's, for the same rounding."""
        width, h, d = metrics(self._label_text, self._size)
        min_ascent, min_descent, _ = _line_extent(self._size)
        ascent, descent = max(h - d, min_ascent), max(d, min_descent)
        line_y = -ascent
        ymin = line_y - descent
        offset_x = {"left": 0, "right": width, "center": (0 + width) / 2}[self._ha]
        offset_y = {
            "bottom": ymin,
            "top": 0,
            "baseline": 0 - ascent,
            "center_baseline": 0 - ascent / 2,
        }[self._va]
        radians = math.radians(self._angle)
        cos, sin = math.cos(radians), math.sin(radians)
        offset_x, offset_y = cos * offset_x - sin * offset_y, sin * offset_x + cos * offset_y
        line_x, line_y = cos * 0.0 - sin * line_y, sin * 0.0 + cos * line_y
        height = renderer.height
        x = (line_x - offset_x) + posx
        y = height - ((line_y - offset_y) + posy)
        anchor_x, anchor_y = posx, height - posy
        angle = np.deg2rad(self._angle)
        direction = np.array([np.sin(angle), np.cos(angle)])
        shift = np.dot(direction, [(x - anchor_x), (y - anchor_y)])
        anchor_x = anchor_x + shift * direction[0]
        anchor_y = anchor_y + shift * direction[1]
        self._write(renderer, _short(anchor_x), _short(anchor_y), _short(-self._angle))

    def _write(self, renderer: Any, x: str, y: str, rotation: str) -> None:
        """The <text> element RendererSVG writes for an anchored text at ``x``, ``y``."""
        style = f"font-size: {_short(self._size)}px; font-family: '{FAMILY}'"
        attrib = {
            "style": f"{style}; text-anchor: {_ANCHOR[self._ha]}; fill: {SENTINEL}",
            "x": x,
            "y": y,
            "transform": f"rotate({rotation} {x} {y})",
        }
        renderer.writer.element("text", self._label_text, attrib=attrib)


class Title(Artist):
    """A chart's title: ``text`` (one line or several) left-aligned on a baseline at ``xy``
    in ``transform``, bold at ``fontsize``; what the axes' left title (a Text) draws on the
    SVG renderer, byte for byte (matplotlib 3.11's layout), with its lines' heights from
    their letters (:func:`_height_depth`) rather than measured."""

    def __init__(
        self, xy: tuple[float, float], text: str, transform: Transform, fontsize: float
    ) -> None:
        super().__init__()
        self._xy = xy
        self._title = text
        self._size = float(fontsize)
        self.set_transform(transform)
        self.set_zorder(3)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not self._title:
            return
        renderer.open_group("text", self.get_gid())
        lines = self._title.split("\n")
        # Text._get_layout with linespacing 'normal', left and baseline aligned
        min_ascent, min_descent, line_gap = _line_extent(self._size, "bold")
        if len(lines) == 1:
            line_gap = 0
        this_y, descent = 0.0, 0.0
        ys = []
        for line in lines:
            h, d = _height_depth(line, self._size, "bold") if line else (0.0, 0.0)
            ascent = max(h - d, min_ascent) + line_gap / 2
            descent = max(d, min_descent) + line_gap / 2
            this_y -= ascent
            ys.append(this_y)
            this_y -= descent
        offset_y = (ys[-1] - descent) + descent
        posx, posy = (float(v) for v in self.get_transform().transform(self._xy))
        height = renderer.height
        style = f"font-weight: 700; font-size: {_short(self._size)}px; font-family: '{FAMILY}'"
        if len(lines) == 1:  # anchored, as a Label on its baseline
            anchor_y = height - posy
            y = anchor_y + ((height - ((ys[0] - offset_y) + posy)) - anchor_y)
            x, y_text = _short(posx), _short(y)
            attrib = {
                "style": f"{style}; text-anchor: start; fill: {SENTINEL}",
                "x": x,
                "y": y_text,
                "transform": f"rotate(-0 {x} {y_text})",
            }
            renderer.writer.element("text", lines[0], attrib=attrib)
        else:  # each line translated to its place
            for line, line_y in zip(lines, ys, strict=True):
                line_x = 0.0 + posx
                y = height - ((line_y - offset_y) + posy)
                attrib = {
                    "style": f"{style}; fill: {SENTINEL}",
                    "transform": f"translate({_short(line_x)} {_short(y)})",
                }
                renderer.writer.element("text", line, attrib=attrib)
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

    def draw_markers(self, gc: Any, *args: Any, **kwargs: Any) -> None:
        """matplotlib's, with the markers' style worked out once: it writes a <use> per
        marker (a daily chart has 90) and builds the same style string for each."""
        rgb_face = args[4] if len(args) > 4 else kwargs.get("rgbFace")
        style = self._get_style(gc, rgb_face)  # type: ignore[no-untyped-call]
        self._get_style = lambda _gc, _face: style  # type: ignore[method-assign]
        try:
            super().draw_markers(gc, *args, **kwargs)  # type: ignore[no-untyped-call]
        finally:
            del self._get_style


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
