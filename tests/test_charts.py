"""Charts: valid, accessible, deterministic SVG from plain data, including no data at all."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from generator.compute.periods import period_by_id
from generator.model.support_report import SupportGroup, SupportPlan
from generator.render import charts
from generator.render.chart_frame import SENTINEL
from generator.reporting import build_report
from generator.site import load_site
from generator.timeutil import parse_instant
from tests.conftest import DEMO_UNTIL

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
    percents: list[float | None] = [100.0] * 31
    percents[4], percents[9] = 99.5, None
    cumulative = [0.0] * 4 + [7.2] * 27
    starts, p50, p95 = hourly()
    return {
        "daily": charts.daily_uptime_svg(days, percents, 99.9, title="Daily uptime"),
        "burn": charts.burn_down_svg(
            days,
            cumulative,
            132.48,
            period_start="2026-08-01",
            period_days=92,
            projected_downtime_minutes=21.4,
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
    _, desc = title_and_desc(made["daily"])
    assert "1 of 30 days below" in desc and "lowest 99.5% on 2026-08-05" in desc
    assert "1 days without data" in desc
    _, desc = title_and_desc(made["burn"])
    assert "7.2 min of 132.48 min allowed" in desc and "21.4 min" in desc
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
    svg = all_charts()["daily"]
    assert "font-family: 'DejaVu Sans'" in svg
    assert "fill: currentColor" in svg
    assert "objective 99.9%" in texts(svg)
    dark = charts.daily_uptime_svg(["2026-08-01"], [100.0], 99.9, ink="#e8e8e8")
    assert "currentColor" not in dark and "#e8e8e8" in dark
    with pytest.raises(ValueError):
        charts.daily_uptime_svg(["2026-08-01"], [100.0], 99.9, ink='red" onload="x')


def test_black_and_white_cues_besides_colour() -> None:
    made = all_charts()
    assert "<pattern" in made["daily"]  # below-objective and no-data days are hatched
    assert "<pattern" in made["support"]  # channels differ by hatch
    assert "stroke-dasharray" in made["burn"]  # allowance, even spend, projection
    assert "stroke-dasharray" in made["hourly"]  # p95 dashed against a solid p50


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.daily_uptime_svg([], [], 99.9),
        lambda: charts.daily_uptime_svg(["2026-08-01", "2026-08-02"], [None, None], 99.9),
        lambda: charts.burn_down_svg([], [], 132.48, period_start="2026-08-01", period_days=92),
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
        charts.daily_uptime_svg(["2026-08-01"], [], 99.9)
    with pytest.raises(ValueError):
        charts.response_time_svg([0], [1.0], [2.0], bucket="week")


def test_charts_from_the_demo_report(demo_data: Path) -> None:
    site = load_site(demo_data)
    tz = site.sla.timezone
    done = build_report(site, period_by_id("2026-08", site.sla.periods, tz), DEMO_UNTIL)
    running = build_report(site, period_by_id("2026-11", site.sla.periods, tz), DEMO_UNTIL)
    title, desc = title_and_desc(charts.report_daily_uptime_svg(done))
    assert title == "Daily uptime, Aug–Oct 2026"
    assert "from 2026-08-01 to 2026-10-31" in desc
    title, _ = title_and_desc(charts.report_daily_uptime_svg(done, component="tracking"))
    assert "Click and conversion tracking" in title
    _, desc = title_and_desc(charts.report_burn_down_svg(done))
    # allowed: 92 days x 1440 min x 0.1%; counted: the demo's Aug-Oct outages
    assert desc == (
        "Counted downtime 64.5 min of 132.48 min allowed by 2026-10-31"
        " (period 2026-08-01 to 2026-10-31); error budget left 67.98 min."
    )
    _, desc = title_and_desc(charts.report_burn_down_svg(running))
    assert "Projected at the current rate" in desc
    assert running.uptime.daily[-1].date == "2026-11-20"
    with pytest.raises(KeyError):
        charts.report_daily_uptime_svg(done, component="nope")
