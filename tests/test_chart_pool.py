"""The chart pool: forked workers write the same charts as drawing in-process, a failing
chart fails the build with its traceback, and nothing is left behind."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator.mkdocs_plugin.chart_pool import ChartPool
from generator.render.site_charts import Job, chart_path, draw

DAYS = [f"2026-08-{d:02d}" for d in range(1, 32)]


def jobs(count: int = 12) -> list[Job]:
    return [
        (
            f"chart-{n:02d}",
            "daily_uptime_svg",
            (DAYS, [100.0 - (n % 5) * 0.1] * len(DAYS), 99.9),
            {"title": f"Daily uptime {n}"},
        )
        for n in range(count)
    ]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(autouse=True)
def single_threaded() -> None:
    if threading.active_count() > 1:
        pytest.skip("the pool forks only from a single-threaded process")


def test_workers_write_what_drawing_in_process_writes(tmp_path: Path) -> None:
    pool = ChartPool(jobs(), workers=2)
    children = list(pool._children)
    staging = pool._staging
    assert len(children) == 2 and staging is not None and staging.is_dir()
    assert pool.write(tmp_path) == 12
    for job in jobs():
        key, svg = draw(job)
        assert (tmp_path / chart_path(key)).read_text(encoding="utf-8") == svg
    assert not staging.exists()
    assert not any(alive(pid) for pid in children)


def test_a_failing_chart_fails_with_its_traceback(tmp_path: Path) -> None:
    bad: Job = ("broken", "daily_uptime_svg", (DAYS, [100.0], 99.9), {})
    pool = ChartPool([*jobs(4), bad, *jobs(4)], workers=2)
    staging = pool._staging
    with pytest.raises(RuntimeError, match="chart worker failed") as failed:
        pool.write(tmp_path)
    assert "dates and percents differ in length" in str(failed.value)
    assert staging is not None and not staging.exists()


def test_close_stops_the_workers_and_cleans_up() -> None:
    pool = ChartPool(jobs(200), workers=2)
    children, staging = list(pool._children), pool._staging
    pool.close()
    assert not any(alive(pid) for pid in children)
    assert staging is not None and not staging.exists()


def test_in_process_while_another_thread_runs(tmp_path: Path) -> None:
    # forking a process with threads can deadlock the child (as under mkdocs serve)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pool = ChartPool(jobs(3), workers=2)
    finally:
        stop.set()
        thread.join()
    assert pool._children == [] and pool._staging is None
    assert pool.write(tmp_path) == 3
    assert len(list((tmp_path / "assets/charts").glob("*.svg"))) == 3
