"""Drawing the site's charts in worker processes while mkdocs renders the pages.

matplotlib takes milliseconds per chart and a large site has hundreds of them, so the
plugin starts the charts as soon as the model is built and collects them after mkdocs has
written the pages. The workers (:mod:`generator.mkdocs_plugin.forked`) are forked children
that already hold matplotlib and the jobs, so nothing is sent to them: each takes the next job's number from a shared counter,
draws it, writes the SVG into a staging directory and exits when no job is left. While
mkdocs renders, the building process does no more than fork them, so it keeps its core for
mkdocs (the children also run at a lower priority); once mkdocs is done, it draws the jobs
left alongside them, then moves the files into the site. A chart given a path to be
kept at is also written there (by the worker that drew it), for the next build to place.
Where forking is unsafe (another thread is running, as under ``mkdocs serve``) or
impossible, the charts are drawn in-process instead.

A chart kept by a build before is placed in the site as a hard link to its kept file, not
read and written again (creating hundreds of files was most of what placing them cost). A
kept file is never written into again: the cache replaces an entry by rename and removes
it by unlink, so a published chart keeps the bytes it was published with (its modification
time is the entry's, which a build using the entry again sets: ChartReuse.prune). The pool
itself never writes into a file already in the site either (a dirty build's, which may be
such a link): it replaces it by rename. A kept file whose permissions differ from those a
new file in the site gets (kept by another user, or under another umask) is copied instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from pathlib import Path

from generator.atomic import write_atomic
from generator.mkdocs_plugin.forked import Workers, can_fork
from generator.render.site_charts import Job, chart_path, draw, warm_up
from generator.store.concurrent import cores

log = logging.getLogger(__name__)


class ChartPool:
    def __init__(
        self,
        jobs: list[Job],
        workers: int = 0,
        keep: list[Path] | None = None,
        ready: list[tuple[Job, Path]] | None = None,
    ) -> None:
        """``keep``: where each job's chart is also written (derived data: a failure to
        write it is ignored); ``ready``: charts drawn before, each job with the file its
        chart was kept in, placed with the rest (drawn again if the file is gone by then,
        removed by another build's prune)."""
        self._ready = list(ready or [])
        self._jobs = list(jobs)
        self._keep = list(keep) if keep is not None else []
        # kept with the permissions a new file gets, so that the next build can link it
        self._mode = new_file_mode(self._keep[0].parent) if self._keep else None
        self._workers: Workers | None = None
        count = min(workers or cores(), len(jobs))
        if count > 0 and can_fork():
            warm_up()  # the children inherit matplotlib, imported once here
            try:
                self._workers = Workers(count, len(self._jobs), self._draw, "chart")
            except OSError as exc:
                log.info("statusgen: drawing charts in-process (%s)", exc)

    def _draw(self, index: int, staging: Path) -> None:
        """A worker's part: one job's chart, staged and kept."""
        key, svg = draw(self._jobs[index])
        _write(staging, key, svg)
        _keep(self._keep, index, svg, self._mode)

    def write(self, site_dir: Path) -> int:
        """Wait for every chart and put it under ``site_dir``; returns how many."""
        try:
            placed_here = self._ready or (self._workers is None and self._jobs)
            # the permissions a chart placed or drawn here is given, as a new file gets
            mode = new_file_mode(site_dir / Path(chart_path("-")).parent) if placed_here else None
            for job, kept in self._ready:
                target = site_dir / chart_path(job[0])
                try:
                    _place(kept, target, mode)
                except FileNotFoundError:
                    write_atomic(target, draw(job)[1].encode("utf-8"), mode=mode)
            if self._workers is not None:
                self._workers.wait()
                _move_into(self._workers.staging, site_dir)
            else:
                for index, job in enumerate(self._jobs):
                    key, svg = draw(job)
                    # replaced, not written into: a dirty build's file may be a kept one
                    write_atomic(site_dir / chart_path(key), svg.encode("utf-8"), mode=mode)
                    _keep(self._keep, index, svg, self._mode)
            return len(self._ready) + len(self._jobs)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (a failed build stops waiting for its charts) and clean up."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        self._jobs = []
        self._keep = []
        self._ready = []


def _write(root: Path, key: str, svg: str) -> None:
    path = root / chart_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8")


def _keep(keep: list[Path], index: int, svg: str, mode: int | None) -> None:
    if index < len(keep):
        with contextlib.suppress(OSError):
            write_atomic(keep[index], svg.encode("utf-8"), mode=mode)


def _place(kept: Path, target: Path, mode: int | None) -> None:
    """Put the kept chart at ``target``: a hard link where the kept file is this user's
    with the permissions ``mode`` a new file in the site gets, else a copy."""
    linkable = False
    with contextlib.suppress(OSError):
        stat = os.stat(kept)
        linkable = stat.st_uid == os.geteuid() and stat.st_mode & 0o7777 == mode
    if linkable:
        try:
            os.link(kept, target)
            return
        except OSError:  # a target already there (a dirty build's), or another file system
            pass
    _replace(kept, target, linkable)


def _replace(source: Path, target: Path, link: bool) -> None:
    """``target`` replaced by rename with a link to ``source`` (when ``link``, and one can
    be made) or a copy of it. Never written into: in a dirty build's site it may be a link
    to a kept file, whose bytes another build would publish."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)  # left by a failed build, maybe a link: never copied into
        if link:
            try:
                os.link(source, temp)
            except OSError:
                link = False
        if not link:
            shutil.copyfile(source, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def new_file_mode(directory: Path) -> int | None:
    """The permissions a new file in ``directory`` gets (the umask's, or a default ACL's),
    or None where none can be made there."""
    probe = directory / f".mode.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(probe)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            return os.fstat(fd).st_mode & 0o7777
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError:
        return None


def _move_into(staging: Path, site_dir: Path) -> None:
    """Move the staged charts into the site: a rename each, or a copy across file systems
    (renamed into place too: a file already there is never written into)."""
    made: set[Path] = set()
    for source in sorted(staging.rglob("*.svg")):
        target = site_dir / source.relative_to(staging)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.replace(source, target)
        except OSError:
            _replace(source, target, link=False)
