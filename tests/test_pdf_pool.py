"""The PDF pool: forked workers give each report the bytes drawing it in-process gives,
in the reports' order, beside the chart pool's workers; a failing report fails the build
with its traceback; nothing is left behind.

As in tests/test_chart_pool.py, the forking tests run in a fresh single-threaded
interpreter (multiprocessing's spawn context), whatever ran before them in this session.
"""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator.mkdocs_plugin.chart_pool import ChartPool
from generator.mkdocs_plugin.pdf_pool import PdfPool, report_pool
from generator.reporting.site import build_model
from generator.site import load_site
from generator.store import cache
from tests.conftest import DEMO_UNTIL
from tests.test_chart_pool import _single_threaded, alive, isolated, jobs


def _the_demos_reports_as_drawn_in_process(data: Path) -> None:
    from generator.render.pdf import incident_titles_of, render_pdf

    model = build_model(load_site(data), DEMO_UNTIL)
    cache.flush()  # its writer thread done, as the plugin has it before forking
    _single_threaded()
    reports = [model.reports[p.id] for p in model.periods]
    inputs = {"sla": model.site.sla, "incident_titles": incident_titles_of(model.site)}
    render = functools.partial(render_pdf, **inputs)
    # the chart workers, forked first, count their own jobs: a pool's counter is its own
    charts = ChartPool(jobs(40), workers=2)
    # warmed up as the build has it (a first report's HTML made and the stylesheet parsed,
    # its fonts loaded, before forking): the same bytes
    pool = report_pool(reports, render, workers=2, **inputs)
    assert len(charts._workers.children) == 2 and len(pool._workers.children) == 2
    drawn = pool.results()
    charts.close()
    assert len(drawn) == len(reports) == 5
    for report, data_ in zip(reports, drawn, strict=True):
        assert data_ == render(report), report.period.id
    assert pool._workers is None


@pytest.mark.slow
def test_the_demos_reports_as_drawn_in_process(demo_data: Path) -> None:
    isolated(_the_demos_reports_as_drawn_in_process, demo_data)


def _numbered(report: Any) -> bytes:
    if report == "broken":
        raise ValueError("this report cannot be drawn")
    time.sleep(0.01)
    return f"%PDF {report}".encode()


def _a_failing_report_fails_with_its_traceback(tmp_path: Path) -> None:
    _single_threaded()
    pool = PdfPool(["a", "b", "broken", "c"], _numbered, workers=2)  # type: ignore[list-item]
    staging = pool._workers.staging
    with pytest.raises(RuntimeError, match="PDF worker failed") as failed:
        pool.results()
    assert "ValueError: this report cannot be drawn" in str(failed.value)
    assert staging is not None and not staging.exists()


def test_a_failing_report_fails_with_its_traceback(tmp_path: Path) -> None:
    isolated(_a_failing_report_fails_with_its_traceback, tmp_path)


def _close_stops_the_workers_and_cleans_up(tmp_path: Path) -> None:
    _single_threaded()
    pool = PdfPool([str(n) for n in range(500)], _numbered, workers=2)  # type: ignore[misc]
    children, staging = list(pool._workers.children), pool._workers.staging
    assert len(children) == 2
    pool.close()
    assert not any(alive(pid) for pid in children)
    assert staging is not None and not staging.exists()


def test_close_stops_the_workers_and_cleans_up(tmp_path: Path) -> None:
    isolated(_close_stops_the_workers_and_cleans_up, tmp_path)


def test_in_process_while_another_thread_runs() -> None:
    # forking a process with threads can deadlock the child (as under mkdocs serve)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pool = PdfPool(["a", "b"], _numbered, workers=2)  # type: ignore[list-item]
        assert pool._workers is None
        assert pool.results() == [b"%PDF a", b"%PDF b"]
    finally:
        stop.set()
        other.join()


def _warmed_up_before_forking_two_workers_not_one(tmp_path: Path) -> None:
    _single_threaded()
    for reports, workers, warmed_with in ((["a"], 2, []), (["a", "b", "c"], 2, ["a"])):
        warmed: list[Any] = []
        pool = PdfPool(reports, _numbered, workers=workers, warm_up=warmed.append)  # type: ignore[arg-type]
        # one worker would warm up anyway: doing it here first only delays the build
        assert len(pool._workers.children) == min(workers, len(reports))
        assert pool.results() == [_numbered(r) for r in reports]
        assert warmed == warmed_with


def test_warmed_up_before_forking_two_workers_not_one(tmp_path: Path) -> None:
    isolated(_warmed_up_before_forking_two_workers_not_one, tmp_path)
