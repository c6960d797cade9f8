"""The chart pool: forked workers write the same charts as drawing in-process, a failing
chart fails the build with its traceback, and nothing is left behind.

The pool forks only from a single-threaded process, and a test session is not one once
pytest-httpserver (or anything else) has started a thread. So the forking tests run in a
fresh interpreter (multiprocessing's spawn context: no fork of this process, no inherited
threads), whatever ran before them in this session.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.atomic import write_atomic
from generator.mkdocs_plugin import chart_pool
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


def keyed(key: str) -> Job:
    """A job whose chart is published as ``assets/charts/<key>.svg``."""
    return (key, *jobs(1)[0][1:])  # type: ignore[return-value]


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
    children = list(pool._workers.children)
    staging = pool._workers.staging
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
    os.umask(0o022)  # this fresh interpreter's own
    kept = [tmp_path / "kept" / f"{n}.svg" for n in range(3)]
    before = tmp_path / "kept" / "before.svg"
    before.parent.mkdir()
    before.write_text("<svg>a chart drawn by a build before</svg>\n", encoding="utf-8")
    ready = [(keyed("drawn-before"), before)]
    pool = ChartPool(jobs(3), workers=2, keep=kept, ready=ready)
    assert len(pool._workers.children) == 2
    site = tmp_path / "site"
    assert pool.write(site) == 4
    for job, path in zip(jobs(3), kept, strict=True):
        key, svg = draw(job)
        assert path.read_text(encoding="utf-8") == svg
        # as a new file gets them under the umask (022, set below), so it can be linked
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
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
    staging = pool._workers.staging
    with pytest.raises(RuntimeError, match="chart worker failed") as failed:
        pool.write(tmp_path)
    assert "dates and cumulative_counted_minutes differ in length" in str(failed.value)
    assert staging is not None and not staging.exists()


def test_a_failing_chart_fails_with_its_traceback(tmp_path: Path) -> None:
    isolated(_a_failing_chart_fails_with_its_traceback, tmp_path)


def _close_stops_the_workers_and_cleans_up(tmp_path: Path) -> None:
    _single_threaded()
    pool = ChartPool(jobs(200), workers=2)
    children, staging = list(pool._workers.children), pool._workers.staging
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
    assert pool._workers is None
    assert pool.write(tmp_path) == 3
    assert len(list((tmp_path / "assets/charts").glob("*.svg"))) == 3


def _one_worker_per_core_the_process_may_use(tmp_path: Path) -> None:
    _single_threaded()
    # three cores allowed of however many the machine has: three workers (the store's
    # threads count from the same affinity, generator.store.concurrent.cores)
    os.sched_getaffinity = lambda pid: {0, 1, 2}
    pool = ChartPool(jobs(5))
    try:
        assert len(pool._workers.children) == 3
        assert pool.write(tmp_path) == 5
    finally:
        pool.close()
    # never more workers than charts
    pool = ChartPool(jobs(2))
    try:
        assert len(pool._workers.children) == 2
    finally:
        pool.close()


def test_one_worker_per_core_the_process_may_use(tmp_path: Path) -> None:
    isolated(_one_worker_per_core_the_process_may_use, tmp_path)


# A chart kept by a build before is linked into the site. What a user relies on: the site
# has the chart's bytes, with the permissions its other files get, and a published chart
# never changes afterwards, whatever the cache does with its entry or a later build with
# its own site.

FIRST = b"<svg>drawn by the first build</svg>\n"
SECOND = b"<svg>drawn again, another job</svg>\n"


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_kept_chart_is_linked_and_keeps_its_bytes_when_the_entry_changes(
    tmp_path: Path, umask_022: None
) -> None:
    entry = tmp_path / "cache/charts/0a1b.svg"
    write_atomic(entry, FIRST, mode=0o644)  # as the pool keeps a chart it drew
    site = tmp_path / "site"
    assert ChartPool([], ready=[(keyed("c1-downtime"), entry)]).write(site) == 1
    published = site / "assets/charts/c1-downtime.svg"
    assert published.samefile(entry)  # linked: not read and written again
    assert stat.S_IMODE(published.stat().st_mode) == 0o644
    write_atomic(entry, SECOND)  # the cache replaces the entry (by rename) ...
    assert published.read_bytes() == FIRST
    entry.unlink()  # ... and prunes it
    assert published.read_bytes() == FIRST


def test_a_kept_chart_with_other_permissions_is_copied(tmp_path: Path, umask_022: None) -> None:
    entry = tmp_path / "cache/charts/0a1b.svg"
    write_atomic(entry, FIRST)  # private (0600): kept by an earlier statusgen
    site = tmp_path / "site"
    ChartPool([], ready=[(keyed("c1-downtime"), entry)]).write(site)
    published = site / "assets/charts/c1-downtime.svg"
    assert not published.samefile(entry)
    assert stat.S_IMODE(published.stat().st_mode) == 0o644  # as the site's other files
    assert published.read_bytes() == FIRST


def test_a_dirty_sites_chart_is_replaced_not_written_into(tmp_path: Path, umask_022: None) -> None:
    # a dirty build (mkdocs serve --dirty) finds the charts of the build before, which
    # are links to kept files: writing into one would change what that file holds
    site = tmp_path / "site"
    charts = site / "assets/charts"
    charts.mkdir(parents=True)
    old, new = tmp_path / "cache/old.svg", tmp_path / "cache/new.svg"
    write_atomic(old, FIRST, mode=0o644)
    write_atomic(new, SECOND, mode=0o644)
    os.link(old, charts / "placed.svg")
    os.link(old, charts / "chart-00.svg")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # drawn in-process, as under serve
        pool = ChartPool(jobs(1), ready=[(keyed("placed"), new)])
    finally:
        stop.set()
        thread.join()
    assert pool.write(site) == 2
    assert (charts / "placed.svg").read_bytes() == SECOND
    assert (charts / "chart-00.svg").read_text(encoding="utf-8") == draw(jobs(1)[0])[1]
    assert stat.S_IMODE((charts / "chart-00.svg").stat().st_mode) == 0o644
    assert old.read_bytes() == FIRST
    assert sorted(p.name for p in charts.iterdir()) == ["chart-00.svg", "placed.svg"]


def test_staged_charts_moved_across_file_systems_replace_what_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging, site = tmp_path / "staging", tmp_path / "site"
    (staging / "assets/charts").mkdir(parents=True)
    (staging / "assets/charts/chart-00.svg").write_bytes(SECOND)
    (site / "assets/charts").mkdir(parents=True)
    kept = tmp_path / "cache/old.svg"
    write_atomic(kept, FIRST)
    os.link(kept, site / "assets/charts/chart-00.svg")
    rename = os.replace

    def across(source: Path, target: Path) -> None:
        if Path(source).is_relative_to(staging):  # the staging directory is elsewhere
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        rename(source, target)

    monkeypatch.setattr(chart_pool.os, "replace", across)
    chart_pool._move_into(staging, site)
    assert (site / "assets/charts/chart-00.svg").read_bytes() == SECOND
    assert kept.read_bytes() == FIRST
    assert sorted(p.name for p in (site / "assets/charts").iterdir()) == ["chart-00.svg"]


def test_a_kept_chart_removed_before_it_is_placed_is_drawn(tmp_path: Path) -> None:
    # another build's prune may remove an entry between this build finding and placing it
    gone = tmp_path / "cache/charts/pruned.svg"
    assert ChartPool([], ready=[(jobs(1)[0], gone)]).write(tmp_path / "site") == 1
    published = tmp_path / "site/assets/charts/chart-00.svg"
    assert published.read_text(encoding="utf-8") == draw(jobs(1)[0])[1]


def test_a_site_without_charts_gets_no_chart_directory(tmp_path: Path) -> None:
    assert ChartPool([]).write(tmp_path / "site") == 0
    assert not (tmp_path / "site").exists()
