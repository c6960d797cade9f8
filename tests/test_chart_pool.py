"""The chart pool: forked workers write the same charts as drawing in-process, a failing
chart fails the build with its traceback, and nothing is left behind.

The pool forks only from a single-threaded process, and a test session is not one once
pytest-httpserver (or anything else) has started a thread. So the forking tests run in a
fresh interpreter (multiprocessing's spawn context: no fork of this process, no inherited
threads), whatever ran before them in this session.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.mkdocs_plugin.chart_pool import ChartPool
from generator.render.site_charts import Job, chart_path, draw

DAYS = [f"2026-08-{d:02d}" for d in range(1, 32)]


def jobs(count: int = 12) -> list[Job]:
    return [
        (
            f"chart-{n:02d}",
            "allowance_svg",
            (DAYS, [float(n % 5)] * len(DAYS), 44.64),
            {
                "title": f"Downtime used vs allowance {n}",
                "period_start": DAYS[0],
                "period_days": 31,
            },
        )
        for n in range(count)
    ]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def isolated(check: Callable[[Path], None], tmp_path: Path) -> None:
    """Run ``check`` in a new single-threaded interpreter; its failure fails the test."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as fresh:
        fresh.submit(check, tmp_path).result()


def _single_threaded() -> None:
    assert threading.active_count() == 1, "the pool would draw in-process, not fork"


def _workers_write_what_drawing_in_process_writes(tmp_path: Path) -> None:
    _single_threaded()
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


def test_workers_write_what_drawing_in_process_writes(tmp_path: Path) -> None:
    isolated(_workers_write_what_drawing_in_process_writes, tmp_path)


def _workers_keep_what_they_draw_and_ready_charts_are_written(tmp_path: Path) -> None:
    _single_threaded()
    kept = [tmp_path / "kept" / f"{n}.svg" for n in range(3)]
    ready = {"drawn-before": "<svg>a chart drawn by a build before</svg>\n"}
    pool = ChartPool(jobs(3), workers=2, keep=kept, ready=ready)
    assert len(pool._children) == 2
    site = tmp_path / "site"
    assert pool.write(site) == 4
    for job, path in zip(jobs(3), kept, strict=True):
        key, svg = draw(job)
        assert path.read_text(encoding="utf-8") == svg
        assert (site / chart_path(key)).read_text(encoding="utf-8") == svg
    written = (site / "assets/charts/drawn-before.svg").read_text(encoding="utf-8")
    assert written == "<svg>a chart drawn by a build before</svg>\n"


def test_workers_keep_what_they_draw_and_ready_charts_are_written(tmp_path: Path) -> None:
    isolated(_workers_keep_what_they_draw_and_ready_charts_are_written, tmp_path)


def _a_failing_chart_fails_with_its_traceback(tmp_path: Path) -> None:
    _single_threaded()
    bad: Job = (
        "broken",
        "allowance_svg",
        (DAYS, [1.0], 44.64),
        {"period_start": DAYS[0], "period_days": 31},
    )
    pool = ChartPool([*jobs(4), bad, *jobs(4)], workers=2)
    staging = pool._staging
    with pytest.raises(RuntimeError, match="chart worker failed") as failed:
        pool.write(tmp_path)
    assert "dates and cumulative_counted_minutes differ in length" in str(failed.value)
    assert staging is not None and not staging.exists()


def test_a_failing_chart_fails_with_its_traceback(tmp_path: Path) -> None:
    isolated(_a_failing_chart_fails_with_its_traceback, tmp_path)


def _close_stops_the_workers_and_cleans_up(tmp_path: Path) -> None:
    _single_threaded()
    pool = ChartPool(jobs(200), workers=2)
    children, staging = list(pool._children), pool._staging
    assert len(children) == 2
    pool.close()
    assert not any(alive(pid) for pid in children)
    assert staging is not None and not staging.exists()


def test_close_stops_the_workers_and_cleans_up(tmp_path: Path) -> None:
    isolated(_close_stops_the_workers_and_cleans_up, tmp_path)


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


def _one_worker_per_core_the_process_may_use(tmp_path: Path) -> None:
    _single_threaded()
    # three cores allowed of however many the machine has: three workers (the store's
    # threads count from the same affinity, generator.store.concurrent.cores)
    os.sched_getaffinity = lambda pid: {0, 1, 2}
    pool = ChartPool(jobs(5))
    try:
        assert len(pool._children) == 3
        assert pool.write(tmp_path) == 5
    finally:
        pool.close()
    # never more workers than charts
    pool = ChartPool(jobs(2))
    try:
        assert len(pool._children) == 2
    finally:
        pool.close()


def test_one_worker_per_core_the_process_may_use(tmp_path: Path) -> None:
    isolated(_one_worker_per_core_the_process_may_use, tmp_path)
