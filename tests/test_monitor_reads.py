"""A build keeps what it read of each monitor for the next build of the process, and a
rebuild uses it only while every input is unchanged: its figures are a fresh build's."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import generator.reporting.monitor_reads
from generator.compute.uptime import Timeline
from generator.config.services import LatencyThreshold
from generator.reporting.monitor_reads import read_monitor
from generator.reporting.site import StatusModel, build_model
from generator.site import load_site
from generator.store.cache import cache_root
from generator.store.compact import compact_store
from generator.store.layout import DataDir
from tests.conftest import DEMO_UNTIL
from tests.test_incremental import ONE_LINE

pytestmark = pytest.mark.slow
# the demo's components, in the services file's order; api has two monitors
COMPONENTS = ["tracking", "dashboard", "api", "insights"]


@pytest.fixture
def data(demo_copy: Path) -> Path:
    return demo_copy


def model(data: Path, as_of: int = DEMO_UNTIL) -> StatusModel:
    return build_model(load_site(data), as_of)


def assert_same_figures(model: StatusModel, fresh: StatusModel) -> None:
    """Everything the site shows of the components and periods."""
    assert [p.id for p in model.periods] == [p.id for p in fresh.periods]
    assert model.status == fresh.status
    for view, other in zip(model.components, fresh.components, strict=True):
        assert view.component.id == other.component.id
        assert view.windows == other.windows, view.component.id
        assert view.bars == other.bars, view.component.id
        assert view.hourly == other.hourly, view.component.id
        assert view.daily == other.daily, view.component.id
        assert view.outages == other.outages, view.component.id
    for period_id, report in fresh.reports.items():
        assert model.reports[period_id].to_json() == report.to_json(), period_id


def test_a_rebuild_after_one_new_line_reads_only_that_monitors_component(data: Path) -> None:
    assert model(data).kept_reads == []  # nothing kept yet
    with (data / "probes/samples/api-public/2026-11.csv").open("a") as handle:
        handle.write(ONE_LINE)
    rebuilt = model(data)
    assert rebuilt.kept_reads == ["tracking", "dashboard", "insights"]
    fresh = build_model(load_site(data), DEMO_UNTIL, reuse_reports=False)
    assert fresh.kept_reads == []
    assert_same_figures(rebuilt, fresh)
    # the new line counts: api-public (one location, quorum 1) failed at 08:56:30 UTC and
    # holds that state to the as-of time, 12:00 local (09:00 UTC): 3.5 minutes of today
    assert model_without_line(data).component("api").bars[-1].downtime_seconds == 0
    assert rebuilt.component("api").bars[-1].downtime_seconds == 210
    again = model(data)
    assert again.kept_reads == COMPONENTS
    assert_same_figures(again, fresh)


def model_without_line(data: Path) -> StatusModel:
    path = data / "probes/samples/api-public/2026-11.csv"
    content = path.read_text()
    path.write_text(content.removesuffix(ONE_LINE))
    try:
        return build_model(load_site(data), DEMO_UNTIL, reuse_reports=False)
    finally:
        path.write_text(content)


def test_a_later_as_of_reads_every_monitor_again(data: Path) -> None:
    model(data)
    later = model(data, DEMO_UNTIL + 60)
    assert later.kept_reads == []
    assert_same_figures(later, build_model(load_site(data), DEMO_UNTIL + 60, reuse_reports=False))


def test_a_new_partition_in_the_span_is_an_input(data: Path) -> None:
    model(data)
    # a state log for dashboard-web appears: its month had no intervals partition
    intervals = data / "probes/intervals/dashboard-web"
    intervals.mkdir(parents=True, exist_ok=True)
    (intervals / "2026-11.csv").write_text(
        "start,end,location,state\n2026-11-20T07:00:00Z,2026-11-20T07:30:00Z,eu-central,down\n"
        "2026-11-20T07:00:00Z,2026-11-20T07:30:00Z,us-east,down\n"
    )
    rebuilt = model(data)
    assert "dashboard" not in rebuilt.kept_reads
    assert_same_figures(rebuilt, build_model(load_site(data), DEMO_UNTIL, reuse_reports=False))


def test_a_partition_changed_while_it_was_read_is_not_kept(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data / "probes/samples/api-public/2026-11.csv"
    content = path.read_text()
    real = read_monitor

    def read_after_a_write(data_dir: DataDir, monitor: Any, *args: Any) -> Any:
        if monitor.id == "api-public":
            path.write_text(content + ONE_LINE)  # after the key was made, before the reading
        return real(data_dir, monitor, *args)

    with monkeypatch.context() as patch:
        patch.setattr(generator.reporting.monitor_reads, "read_monitor", read_after_a_write)
        assert model(data).component("api").bars[-1].downtime_seconds == 210  # with the line
    path.write_text(content)  # the bytes the key named again
    # what was read with the line was not kept under the key made before it
    rebuilt = model(data)
    assert rebuilt.kept_reads == ["tracking", "dashboard", "insights"]
    assert rebuilt.component("api").bars[-1].downtime_seconds == 0
    assert model(data).kept_reads == COMPONENTS


def test_monitors_with_compacted_runs_are_read_every_time(data: Path) -> None:
    monitors = list(load_site(data).services.monitors.values())
    compact_store(DataDir(data), monitors, "2026-05")
    model(data)
    rebuilt = model(data)
    assert rebuilt.kept_reads == []
    assert_same_figures(rebuilt, build_model(load_site(data), DEMO_UNTIL, reuse_reports=False))


def test_a_later_spans_timeline_is_the_earlier_ones_clipped(data: Path) -> None:
    site = load_site(data)
    # every demo monitor, and each again as slow over a window longer than its max_gap
    monitors = list(site.services.monitors.values())
    monitors += [
        replace(m, degraded=LatencyThreshold(latency_ms=150, percentile=95, window=4 * 3600))
        for m in monitors
    ]
    early = DEMO_UNTIL - 200 * 86400
    late = DEMO_UNTIL - 90 * 86400 + 1234  # not on any check's second
    recent = DEMO_UNTIL - 89 * 86400
    for monitor in monitors:
        whole = read_monitor(site.data, monitor, early, DEMO_UNTIL, recent)
        part = read_monitor(site.data, monitor, late, DEMO_UNTIL, recent)
        clipped = whole.timeline
        assert_same_timeline(
            Timeline(
                late,
                DEMO_UNTIL,
                clipped.down.clip(late, DEMO_UNTIL),
                clipped.up.clip(late, DEMO_UNTIL),
                clipped.slow.clip(late, DEMO_UNTIL),
            ),
            part.timeline,
        )
        assert whole.freshness == part.freshness
        assert whole.slow_latency == part.slow_latency
        if monitor.degraded is not None and part.recent is not None:
            assert len(part.timeline.slow)  # the slow spans were compared, not two empties


def assert_same_timeline(one: Timeline, other: Timeline) -> None:
    assert (one.lo, one.hi) == (other.lo, other.hi)
    for name in ("down", "up", "slow"):
        a, b = getattr(one, name), getattr(other, name)
        assert np.array_equal(a.start, b.start) and np.array_equal(a.end, b.end), name


def test_an_earlier_first_record_adds_its_periods(data: Path) -> None:
    assert [p.id for p in model(data).periods] == [
        "2025-11",
        "2026-02",
        "2026-05",
        "2026-08",
        "2026-11",
    ]
    (data / "probes/samples/tracking-edge/2025-07.csv").write_text(
        "timestamp,location,ok,latency_ms,status_code,error\n"
        "2025-07-10T12:00:00Z,eu-central,1,120,200,\n"
    )
    rebuilt = model(data)
    # 10 July 2025 is in May-Jul 2025; Aug-Oct 2025 follows it
    assert [p.id for p in rebuilt.periods] == [
        "2025-05",
        "2025-08",
        "2025-11",
        "2026-02",
        "2026-05",
        "2026-08",
        "2026-11",
    ]


def test_only_the_last_builds_reads_are_held(data: Path) -> None:
    model(data)
    first = generator.reporting.monitor_reads._kept[str(cache_root(data))]
    held = weakref.ref(first)
    del first
    model(data)
    model(data)
    gc.collect()
    assert held() is None


def test_forgotten_reads_are_read_again(data: Path) -> None:
    model(data)
    generator.reporting.monitor_reads.forget_reads()  # as a benchmark's cold build has it
    assert model(data).kept_reads == []
    assert model(data).kept_reads == COMPONENTS
