"""Drawing the periods' PDF reports in worker processes while mkdocs renders the pages.

A PDF report takes WeasyPrint about a second (the demo's five: 5.5 s one after the other),
several times what the whole site costs, and each is drawn from its report alone. So, as
the charts are (:mod:`generator.mkdocs_plugin.chart_pool`), the reports are handed to
forked children as soon as the model is built: each takes the next report's number from a
shared counter, draws it, writes the bytes into a staging directory and exits when no
report is left. The building process collects them after mkdocs has written the pages.
The children run at a lower priority, so mkdocs keeps its core. Where forking is unsafe
(another thread is running, as under ``mkdocs serve``) or impossible, the reports are
drawn in-process when they are collected, as before. Either way a report's bytes are the
same: the same function draws it from the same report.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.model.report import Report
from generator.store.concurrent import cores

Render = Callable[[Report], bytes]


class PdfPool:
    def __init__(self, reports: list[Report], render: Render, workers: int = 0) -> None:
        self._reports = list(reports)
        self._render = render
        self._children: list[int] = []
        self._staging: Path | None = None
        count = min(workers or cores(), len(self._reports))
        if count > 0 and hasattr(os, "fork") and threading.active_count() == 1:
            try:
                self._start(count)
            except OSError:
                self.close()
                self._reports = list(reports)

    def _start(self, count: int) -> None:
        self._staging = Path(tempfile.mkdtemp(prefix="statusgen-pdf-"))
        # reports handed out; held while the children run: freed, its shared memory would
        # go to the next Value this process makes (another pool's counter)
        self._taken: Any = multiprocessing.get_context("fork").Value("i", 0)
        for _ in range(count):
            pid = os.fork()
            if pid == 0:
                _child(self._reports, self._render, self._taken, self._staging)
            self._children.append(pid)

    def results(self) -> list[bytes]:
        """Each report's PDF, in the order given (drawn here if no worker could)."""
        try:
            if self._staging is None:
                return [self._render(report) for report in self._reports]
            self._wait()
            return [(self._staging / f"{i}.pdf").read_bytes() for i in range(len(self._reports))]
        finally:
            self.close()

    def _wait(self) -> None:
        assert self._staging is not None
        failed = False
        while self._children:
            pid = self._children.pop()
            _, status = os.waitpid(pid, 0)
            failed |= os.waitstatus_to_exitcode(status) != 0
        if failed:
            reports = sorted(self._staging.glob("failed-*.txt"))
            details = "\n".join(p.read_text(encoding="utf-8") for p in reports)
            raise RuntimeError(f"statusgen: a PDF worker failed\n{details}".rstrip())

    def close(self) -> None:
        """Stop the children (a failed build stops waiting for its reports) and clean up."""
        for pid in self._children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
        self._children = []
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        self._reports = []


def _child(reports: list[Report], render: Render, taken: Any, staging: Path) -> None:
    """A forked worker: draw reports until none is left, then exit without returning into
    the parent's code (os._exit: no atexit handlers, no flushing of inherited buffers)."""
    code = 0
    try:
        with contextlib.suppress(OSError):
            os.nice(10)
        while True:
            with taken.get_lock():
                index = taken.value
                taken.value = index + 1
            if index >= len(reports):
                break
            data = render(reports[index])
            part = staging / f".{index}.pdf"
            part.write_bytes(data)
            part.rename(staging / f"{index}.pdf")  # whole, or not there
    except BaseException:
        code = 1
        with contextlib.suppress(BaseException):
            report = staging / f"failed-{os.getpid()}.txt"
            report.write_text(traceback.format_exc(), encoding="utf-8")
    finally:
        os._exit(code)
