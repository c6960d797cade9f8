"""Charts: valid, accessible, deterministic SVG from plain data, including no data at all."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from generator.model.support_report import SupportGroup, SupportPlan
from generator.render import charts
from generator.render.chart_frame import SENTINEL
from generator.timeutil import parse_instant

SVG = "{http://www.w3.org/2000/svg}"
TZ = timezone(timedelta(hours=3))


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def title_and_desc(svg: str) -> tuple[str, str]:
    root = parse(svg)
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return title.text or "", desc.text or ""


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parse(svg).iter(f"{SVG}text")]


def groups() -> list[SupportGroup]:
    rows = [
        ("chat", "critical", 10, 9, 1, 0),
        ("chat", "low", 5, 5, 0, 0),
        ("email", "high", 6, 6, 0, 0),
        ("email", "feature", 2, 0, 0, 2),
        ("other", "low", 4, 3, 1, 0),
    ]
    return [
        SupportGroup(
            channel=c,
            impact=i,
            target="10 min",
            target_minutes=10.0,
            clock="calendar",
            calendar=None,
            tickets=t,
            met=m,
            breached=b,
            pending=p,
            attainment_percent=None if m + b == 0 else round(100 * m / (m + b), 4),
            median_response_minutes=None,
            p90_response_minutes=None,
        )
        for c, i, t, m, b, p in rows
    ]


def plans() -> list[SupportPlan]:
    return [
        SupportPlan(
            f"plan {n}",
            g.tickets,
            g.met,
            g.breached,
            g.pending,
            g.attainment_percent,
            None,
            None,
        )
        for n, g in enumerate(groups())
    ]


def hourly() -> tuple[list[int], list[float | None], list[float | None]]:
    start = parse_instant("2026-08-06T00:00:00+03:00")
    starts = [start + 3600 * i for i in range(168)]
    p50 = [None if i in (30, 31) else 100.0 + i % 24 for i in range(168)]
    p95 = [None if i in (30, 31) else 250.0 + 2 * (i % 24) for i in range(168)]
    return starts, p50, p95


def all_charts() -> dict[str, str]:
    days = [f"2026-08-{d:02d}" for d in range(1, 32)]
    counted: list[float | None] = [0.0] * 31
    counted[4], counted[9] = 7.2, None
    excluded = [0.0] * 31
    excluded[12] = 3.0
    levels = ["up"] * 31
    levels[4], levels[9], levels[12] = "partial", "no-data", "excluded"
    impacts: list[list[str]] = [[] for _ in days]
    impacts[4] = ["major"]
    cumulative = [0.0] * 4 + [7.2] * 27
    starts, p50, p95 = hourly()
    return {
        "downtime": charts.downtime_per_day_svg(
            days, counted, excluded, levels, impacts, title="Downtime per day"
        ),
        "allowance": charts.allowance_svg(
            days,
            cumulative,
            132.48,
            period_start="2026-08-01",
            period_days=92,
            projected_minutes=21.4,
        ),
        "support": charts.support_attainment_svg(groups()),
        "plans": charts.support_attainment_svg(plans(), by=("plan",)),
        "hourly": charts.response_time_svg(starts, p50, p95, tz=TZ),
        "daily-rt": charts.response_time_svg(
            [s for s in starts[::24]], p50[::24], p95[::24], bucket="day", tz=TZ
        ),
    }


def test_every_chart_is_valid_svg_with_title_and_description() -> None:
    for name, svg in all_charts().items():
        assert not svg.startswith("<?xml"), name  # inlinable into HTML as it is
        title, desc = title_and_desc(svg)
        assert title, name
        assert desc, name
        assert SENTINEL not in svg


def test_description_states_the_figures() -> None:
    made = all_charts()
    _, desc = title_and_desc(made["downtime"])
    assert "the most 7 min 12 s on 2026-08-05" in desc  # 7.2 min
    assert "3 min excluded from the SLA on 1 day" in desc and "1 day without data" in desc
    _, desc = title_and_desc(made["allowance"])
    assert "used 7 min 12 s of the 2 h 12 min allowed" in desc  # 132.48 min: 2 h 12 min 28.8 s
    assert "21 min 24 s by the end of the period" in desc  # 21.4 min
    _, desc = title_and_desc(made["support"])
    assert "chat critical: 90% (9 of 10 met)" in desc
    assert "email feature: no counted tickets" in desc


def test_same_data_same_bytes_across_processes() -> None:
    first = all_charts()
    assert first == all_charts()
    code = (
        "import json, sys; sys.path.insert(0, '.'); from tests.test_charts import all_charts;"
        " print(json.dumps(all_charts()))"
    )
    root = Path(__file__).resolve().parent.parent
    other = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    assert json.loads(other.stdout) == first


def test_element_ids_are_unique_across_charts() -> None:
    seen: set[str] = set()
    for svg in all_charts().values():
        ids = [e.get("id") for e in parse(svg).iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        assert not seen & set(ids)
        seen |= {i for i in ids if i}


def test_text_is_text_in_dejavu_sans_and_takes_the_ink() -> None:
    svg = all_charts()["downtime"]
    assert "font-family: 'DejaVu Sans'" in svg
    assert "fill: currentColor" in svg
    assert "Downtime per day" in texts(svg)
    dark = charts.downtime_per_day_svg(["2026-08-01"], [0.0], [0.0], ["up"], [[]], ink="#e8e8e8")
    assert "currentColor" not in dark and "#e8e8e8" in dark
    with pytest.raises(ValueError):
        charts.downtime_per_day_svg(
            ["2026-08-01"], [0.0], [0.0], ["up"], [[]], ink='red" onload="x'
        )


def test_black_and_white_cues_besides_colour() -> None:
    made = all_charts()
    assert "<pattern" in made["support"]  # channels differ by hatch
    assert "stroke-dasharray" in made["allowance"]  # the allowance and the projection
    assert "stroke-dasharray" in made["hourly"]  # p95 dashed against a solid p50


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.downtime_per_day_svg([], [], [], [], []),
        lambda: charts.allowance_svg([], [], 132.48, period_start="2026-08-01", period_days=92),
        lambda: charts.support_attainment_svg([]),
        lambda: charts.response_time_svg([], [], []),
        lambda: charts.response_time_svg([0, 3600], [None, None], [None, None], tz=UTC),
    ],
)
def test_no_data_gives_a_labelled_empty_chart(make: Any) -> None:
    svg = make()
    title, desc = title_and_desc(svg)
    assert title and desc.startswith("No ")
    assert any(t.startswith("No ") for t in texts(svg))


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        charts.downtime_per_day_svg(["2026-08-01"], [], [], [], [])
    with pytest.raises(ValueError):
        charts.response_time_svg([0], [1.0], [2.0], bucket="week")
