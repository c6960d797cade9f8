"""Drawing the site's charts in worker processes while mkdocs renders the pages.

matplotlib takes tens of milliseconds per chart and a large site has hundreds of them, so
the plugin submits every chart as soon as the model is built and collects the SVGs after
mkdocs has written the pages. The workers are forked, so they start at once with
matplotlib already imported; where forking is unsafe (another thread is running, as under
``mkdocs serve``) or impossible, the charts are drawn in-process instead.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from generator.render.site_charts import Job, chart_path, draw, warm_up

log = logging.getLogger(__name__)


def _yield_to_mkdocs() -> None:
    """Run a worker at a lower priority: on a machine with fewer free cores than workers
    plus one, mkdocs keeps its core and the charts take what is left over (they are
    waited for only after mkdocs has written the pages)."""
    with contextlib.suppress(OSError):  # a priority is a preference, never a reason to fail
        os.nice(10)


class ChartPool:
    def __init__(self, jobs: list[Job], workers: int = 0) -> None:
        self._futures: list[Future[tuple[str, str]]] = []
        self._inline: list[Job] = []
        self._pool: ProcessPoolExecutor | None = None
        count = min(workers or os.cpu_count() or 1, len(jobs))
        forkable = "fork" in multiprocessing.get_all_start_methods()
        if count > 0 and forkable and threading.active_count() == 1:
            warm_up()  # the workers inherit matplotlib, imported once here
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=count,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_yield_to_mkdocs,
                )
                self._futures = [self._pool.submit(draw, job) for job in jobs]
                return
            except OSError as exc:
                log.info("statusgen: drawing charts in-process (%s)", exc)
                self.close()
        self._inline = list(jobs)

    def write(self, site_dir: Path) -> int:
        """Wait for every chart and write it under ``site_dir``; returns how many."""
        try:
            results = [f.result() for f in self._futures] + [draw(job) for job in self._inline]
        finally:
            self.close()
        for key, svg in results:
            path = site_dir / chart_path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(svg, encoding="utf-8")
        return len(results)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures, self._inline = [], []
