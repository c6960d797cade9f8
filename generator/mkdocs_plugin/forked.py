"""Forked workers for the build's slow, independent items: the charts and the PDF reports.

The children are forked once the model is built, so they already hold everything an item
is made from and nothing is sent to them: each takes the next item's number from a shared
counter, does it (writing its result into a staging directory) and exits when no item is
left. They run at a lower priority, so the building process keeps its core for mkdocs.
Once mkdocs is done, the building process waits for them in :meth:`Workers.wait`, and
takes items from the same counter itself while any is left: its core would otherwise idle
while the children finish the last ones (five PDF reports of a second each on two workers
took three rounds). A child that fails leaves its traceback in the staging directory, as
the building process does for an item it fails, and :meth:`Workers.wait` raises with them. Forking is only safe from a single-threaded process: callers check
:func:`can_fork` and do the items in-process otherwise.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Work = Callable[[int, Path], None]  # does item number i, writing into the staging directory


def can_fork() -> bool:
    """Whether this process may fork workers: where it can, with no other thread running
    (a child of a threaded process can deadlock, as under ``mkdocs serve``)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Workers:
    def __init__(
        self,
        count: int,
        items: int,
        work: Work,
        name: str,
        release: Callable[[], None] | None = None,
    ) -> None:
        """``count`` children doing ``work`` for items 0 to ``items`` - 1; ``name`` says
        what they make, in the staging directory's name and a failure's message;
        ``release``, if given, is what each child does last, before it exits without
        running anything else (removing temporary files its work made). Raises OSError
        (with nothing left behind) if they cannot be started."""
        self.name = name
        self._items = items
        self._work = work
        self.staging = Path(tempfile.mkdtemp(prefix=f"statusgen-{name.lower()}-"))
        self.children: list[int] = []
        # the items handed out; held while the children run: freed, its shared memory
        # would go to the next Value this process makes (another pool's counter, which
        # these children would then count on)
        self._taken: Any = multiprocessing.get_context("fork").Value("i", 0)
        try:
            for _ in range(count):
                pid = os.fork()
                if pid == 0:
                    _child(items, work, self._taken, self.staging, release)
                self.children.append(pid)
        except OSError:
            self.close()
            raise

    def wait(self) -> None:
        """Do the items left alongside the children, then wait for every child; raises
        with the failed ones' tracebacks (this process's, for an item it did)."""
        failed = False
        try:
            with _collector_skipping_what_is_held():
                _take_items(self._items, self._work, self._taken, self.staging)
        except Exception:
            failed = True
            _report_failure(self.staging)
        while self.children:
            pid = self.children.pop()
            _, status = os.waitpid(pid, 0)
            failed |= os.waitstatus_to_exitcode(status) != 0
        if failed:
            reports = sorted(self.staging.glob("failed-*.txt"))
            details = "\n".join(p.read_text(encoding="utf-8") for p in reports)
            raise RuntimeError(f"statusgen: a {self.name} worker failed\n{details}".rstrip())

    def close(self) -> None:
        """Stop the children (a failed build stops waiting for them) and clean up."""
        for pid in self.children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
        self.children = []
        shutil.rmtree(self.staging, ignore_errors=True)


def _child(
    items: int, work: Work, taken: Any, staging: Path, release: Callable[[], None] | None
) -> None:
    """A forked worker: do items until none is left, then exit without returning into the
    parent's code (os._exit: no atexit handlers, no flushing of inherited buffers)."""
    code = 0
    try:
        # A lower priority: on a machine with fewer free cores than workers plus one,
        # mkdocs keeps its core and the workers take what is left over.
        with contextlib.suppress(OSError):
            os.nice(10)
        # what the child inherited lives as long as it does: its collector never walks it
        gc.freeze()
        _take_items(items, work, taken, staging)
    except BaseException:
        code = 1
        with contextlib.suppress(BaseException):
            _report_failure(staging)
    finally:
        if release is not None:
            with contextlib.suppress(BaseException):
                release()
        os._exit(code)


def _take_items(items: int, work: Work, taken: Any, staging: Path) -> None:
    """Do the next item not taken yet, until none is left (in a child or the parent)."""
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= items:
            return
        work(index, staging)


@contextlib.contextmanager
def _collector_skipping_what_is_held() -> Iterator[None]:
    """The objects this process holds (the model, the pages) left out of the cycle
    collector's walks while it does items: a PDF report makes hundreds of thousands of
    objects, and each full collection walked the whole build again (a sixth of the demo's
    reports' CPU). They are collected as before afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _report_failure(staging: Path) -> None:
    """The exception being handled, left where :meth:`Workers.wait` reads it."""
    report = staging / f"failed-{os.getpid()}.txt"
    report.write_text(traceback.format_exc(), encoding="utf-8")
