"""Drawing the periods' PDF reports in worker processes while mkdocs renders the pages
(and the clients' reports, after the site is built).

A PDF report takes WeasyPrint about a second (the demo's five: 5.5 s one after the other),
several times what the whole site costs, and each is drawn from its report alone. So, as
the charts are (:mod:`generator.mkdocs_plugin.forked`), the reports are handed to
forked children as soon as the model is built: each takes the next report's number from a
shared counter, draws it, writes the bytes into a staging directory and exits when no
report is left. The children run at a lower priority, so mkdocs keeps its core; once
mkdocs has written the pages, the building process draws the reports left alongside them
and collects them all. Where forking is unsafe
(another thread is running, as under ``mkdocs serve``) or impossible, the reports are
drawn in-process when they are collected, as before. Either way a report's bytes are the
same: the same function draws it from the same report.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.mkdocs_plugin.forked import Workers, can_fork
from generator.model.report import Report
from generator.store.concurrent import cores

Render = Callable[[Report], bytes]


class PdfPool:
    def __init__(
        self,
        reports: list[Report],
        render: Render,
        workers: int = 0,
        warm_up: Callable[[Report], object] | None = None,
        release: Callable[[], None] | None = None,
    ) -> None:
        """``warm_up``: done with the first report before forking two workers or more (the
        report's template compiled, matplotlib's fonts loaded, the stylesheet parsed with its
        fonts), so that each worker does not do it again; ``release``: done by each worker
        before it exits (the temporary copies of the fonts it loaded removed)."""
        self._reports = list(reports)
        self._render = render
        self._workers: Workers | None = None
        count = min(workers or cores(), len(self._reports))
        if count > 0 and can_fork():
            # one worker would do it anyway, beside this process rather than before the fork
            if warm_up is not None and count > 1:
                warm_up(self._reports[0])
            with contextlib.suppress(OSError):  # else drawn in-process when collected
                self._workers = Workers(count, len(self._reports), self._draw, "PDF", release)

    def _draw(self, index: int, staging: Path) -> None:
        """A worker's part: one report's PDF, staged whole or not at all."""
        part = staging / f".{index}.pdf"
        part.write_bytes(self._render(self._reports[index]))
        part.rename(staging / f"{index}.pdf")

    def results(self) -> list[bytes]:
        """Each report's PDF, in the order given (drawn here if no worker could)."""
        try:
            if self._workers is None:
                return [self._render(report) for report in self._reports]
            self._workers.wait()
            staging = self._workers.staging
            return [(staging / f"{i}.pdf").read_bytes() for i in range(len(self._reports))]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (a failed build stops waiting for its reports) and clean up."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        self._reports = []


def report_pool(reports: list[Report], render: Render, workers: int = 0, **inputs: Any) -> PdfPool:
    """A pool drawing statusgen's PDF reports with ``render``: warmed up with ``inputs``
    (those :func:`generator.render.pdf.report_html` takes), each worker removing the
    temporary copies of the fonts it loaded before it exits."""
    from generator.render.pdf import warm_up
    from generator.render.pdf_styles import release_stylesheets

    return PdfPool(
        reports,
        render,
        workers,
        warm_up=functools.partial(warm_up, **inputs),
        release=release_stylesheets,
    )
