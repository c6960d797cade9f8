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

The charts live in one module per subject, on the helpers of
:mod:`~generator.render.charts_draw`: :mod:`~generator.render.charts_downtime` (downtime per
day, downtime used vs allowance: the status site's and the PDF's),
:mod:`~generator.render.charts_support` (support attainment) and
:mod:`~generator.render.charts_latency` (response time). This module gathers them, so the
site and the PDF ask one place for a chart by name.
"""

from __future__ import annotations

from generator.render.charts_downtime import allowance_svg, downtime_per_day_svg
from generator.render.charts_draw import BLUE, GREY, INK, LIGHT_BLUE, ORANGE, PURPLE
from generator.render.charts_latency import response_time_svg
from generator.render.charts_support import support_attainment_svg, support_rows_svg

__all__ = [
    "BLUE",
    "GREY",
    "INK",
    "LIGHT_BLUE",
    "ORANGE",
    "PURPLE",
    "allowance_svg",
    "downtime_per_day_svg",
    "response_time_svg",
    "support_attainment_svg",
    "support_rows_svg",
]
