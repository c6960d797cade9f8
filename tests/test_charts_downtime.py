"""The status site's downtime charts (issue 13, "honest charts, one palette"): downtime per
day stacked counted/excluded with the day's incidents marked, downtime used vs allowance,
the day bars' colours, and text drawn large enough for the width a chart is shown at.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.render import charts
from generator.render.chart_frame import text_scale
from generator.render.charts_draw import DAY_COLOURS
from tests.conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"
DATES = ["2026-08-01", "2026-08-02", "2026-08-03", "2026-08-04", "2026-08-05"]


def per_day(**kwargs: object) -> str:
    # 1 Aug quiet; 2 Aug 12 min 30 s counted and a major incident; 3 Aug no data; 4 Aug
    # a 3 s release (0.05 min) excluded; 5 Aug 40 min counted, 3 min excluded, a critical
    # and a minor incident
    return charts.downtime_per_day_svg(
        DATES,
        [0, 12.5, None, 0, 40],
        [0, 0, 0, 0.05, 3],
        ["up", "partial", "no-data", "blip", "major"],
        [[], ["major"], [], [], ["critical", "minor"]],
        **kwargs,  # type: ignore[arg-type]
    )


def allowance(**kwargs: object) -> str:
    # 64.5 min counted by the 6th day of a 92-day period allowing 132.48 min (99.9%)
    return charts.allowance_svg(
        [f"2026-08-0{d}" for d in range(1, 7)],
        [0, 0, 35, 35, 52, 64.5],
        132.48,
        period_start="2026-08-01",
        period_days=92,
        **kwargs,  # type: ignore[arg-type]
    )


def parts(svg: str) -> tuple[str, str, list[str]]:
    root = ET.fromstring(svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None and root.get("role") == "img"
    return title.text or "", desc.text or "", [t.text or "" for t in root.iter(f"{SVG}text")]


def fills(svg: str) -> set[str]:
    return set(re.findall(r"fill: (#[0-9a-f]{6})", svg))


def font_sizes(svg: str) -> list[float]:
    return [float(v) for v in re.findall(r"font-size: ([0-9.]+)px", svg)]


def test_downtime_per_day_states_its_figures() -> None:
    title, desc, words = parts(per_day(title="Downtime per day, Aug 2026"))
    assert title == "Downtime per day, Aug 2026"
    # 12.5 + 40 = 52.5 min counted; 0.05 + 3 = 3.05 min = 183 s excluded
    assert desc == (
        "Downtime per day from 2026-08-01 to 2026-08-05: 2 days with counted downtime,"
        " 52 min 30 s in all, the most 40 min on 2026-08-05."
        " 3 min 03 s excluded from the SLA on 2 days."
        " 2 days with a written incident. 1 day without data."
    )
    for label in (
        "up to 30 min counted",
        "over 30 min counted",
        "excluded from the SLA",
        "written incident",
        "no data",
    ):
        assert label in words
    # no per-day objective line: the objective is per period
    assert not any("objective" in w or "%" in w for w in words)
    # the axis is in minutes from zero
    assert "minutes" in words and "0" in words


def test_downtime_per_day_uses_the_day_bars_colours() -> None:
    svg = per_day()
    # 2 Aug partial (orange), 5 Aug major (red), excluded blue, the incidents' markers:
    # major impact orange, critical red
    assert {"#ef8a2b", "#d9434b", "#5b8def"} <= fills(svg)
    assert "#e9b824" not in fills(svg)  # no day is minor
    # the light blue and the old orange of the uptime charts are gone
    assert not fills(svg) & {"#86aee3", "#d9661a", "#3a78c9"}


def test_a_component_outside_the_sla_says_down_not_counted() -> None:
    _, desc, words = parts(per_day(counted=False))
    assert "up to 30 min down" in words and "up to 30 min counted" not in words
    assert desc.startswith(
        "Downtime per day from 2026-08-01 to 2026-08-05: 2 days with downtime, 52 min 30 s"
    )


def test_the_palette_is_the_day_bars_own() -> None:
    css = (REPO / "site/assets/statusgen.css").read_text(encoding="utf-8")
    root = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    declared = dict(re.findall(r"--sg-([a-z-]+): (#[0-9a-f]{6});", root))
    for level in ("up", "excluded", "minor", "partial", "major", "no-data"):
        assert DAY_COLOURS[level] == declared[level], level
    # and no theme paints a bar otherwise: the dark theme's no-data grey was its own
    assert re.findall(r"--sg-(?:up|excluded|minor|partial|major|no-data):", css) == [
        f"--sg-{level}:" for level in ("up", "excluded", "minor", "partial", "major", "no-data")
    ]


def test_allowance_says_what_it_is() -> None:
    title, desc, words = parts(allowance(title="Downtime used vs allowance, Aug–Oct 2026"))
    assert title == "Downtime used vs allowance, Aug–Oct 2026"
    # 64.5 of 132.48 min: 48.68% used, 67.98 min (4,078.8 s) left
    assert desc == (
        "Counted downtime used 1 h 04 min of the 2 h 12 min allowed in the period"
        " (48.7% of the allowance) by 2026-08-06; 1 h 07 min left."
    )
    assert {"used 1 h 04 min", "left 1 h 07 min", "allowance 2 h 12 min"} <= set(words)
    assert not any("burn" in w.lower() or "budget" in w.lower() for w in words)
    assert "over the allowance" not in words


def test_allowance_over_and_projected() -> None:
    svg = charts.allowance_svg(
        ["2026-08-01", "2026-08-02"],
        [100, 150],
        132.48,
        period_start="2026-08-01",
        period_days=92,
        projected_minutes=6900,
    )
    _, desc, words = parts(svg)
    # 150 - 132.48 = 17.52 min = 17 min 31 s over (1,051.2 s)
    assert desc == (
        "Counted downtime used 2 h 30 min of the 2 h 12 min allowed in the period"
        " (113.2% of the allowance) by 2026-08-02; 17 min 31 s over the allowance."
        " At the rate so far: 4 d 19 h by the end of the period."
    )
    assert {"over the allowance", "at the rate so far", "left 0 s"} <= set(words)
    assert "measured to 2 Aug" in words  # a running period says where measuring stops


def test_no_days_is_a_labelled_empty_chart() -> None:
    for svg in (
        charts.downtime_per_day_svg([], [], [], [], []),
        charts.allowance_svg([], [], 132.48, period_start="2026-08-01", period_days=92),
    ):
        _, desc, words = parts(svg)
        assert desc in ("No days to show.", "No measured days yet.")
        assert any(w.startswith("No ") for w in words)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        charts.downtime_per_day_svg(DATES, [0], [0], ["up"], [[]])
    with pytest.raises(ValueError):
        charts.allowance_svg(["2026-08-01"], [], 1, period_start="2026-08-01", period_days=92)


def test_text_scale_sizes_every_text_and_the_pdf_keeps_its_own() -> None:
    plain = per_day()
    # the PDF's sizes: legend 7.5, ticks 8.5, title 9.5 points
    assert min(font_sizes(plain)) == 7.5 and max(font_sizes(plain)) == 9.5
    with text_scale(1.5):
        scaled = per_day(size=(4.0, 3.4))
    assert min(font_sizes(scaled)) == 11.25 and max(font_sizes(scaled)) == 14.25
    with pytest.raises(ValueError), text_scale(10):
        pass


def test_a_title_too_wide_for_a_narrow_chart_wraps_after_its_comma() -> None:
    with text_scale(1.5):
        svg = per_day(title="Downtime per day, Aug–Oct 2026", size=(4.0, 3.4))
    _, _, words = parts(svg)
    assert "Downtime per day," in words and "Aug–Oct 2026" in words


def test_support_rows_write_each_group_out_whole() -> None:
    from tests.test_charts import groups

    svg = charts.support_rows_svg(groups(), title="Support requests answered on time")
    _, desc, words = parts(svg)
    # 9 of 10 = 90%, 5 of 5, 6 of 6, email feature all pending, 3 of 4 = 75%
    assert desc == (
        "Share of requests answered within target. Live chat, critical: 9 of 10 (90%);"
        " Live chat, low: 5 of 5 (100%); Email, high: 6 of 6 (100%);"
        " Email, feature: pending only; Other, low: 3 of 4 (75%)."
    )
    assert "Live chat, critical: 9 of 10" in words and "Email, feature: pending only" in words
    assert not any(w.endswith("-") for w in words)  # no word broken to fit
    assert not any(w.startswith("target") for w in words)  # no target set: no line
    with text_scale(1.5):
        narrow = charts.support_rows_svg(groups(), target_percent=95, width=4.0)
    assert "target 95%" in parts(narrow)[2]
    assert min(font_sizes(narrow)) == 11.25
