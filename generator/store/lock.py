"""One writer at a time per data directory.

Imports, ``probe``, ``collect`` and a person's own import can all write at once (the
scheduled workflow does not wait for a human). Each write reads a partition, plans what to
append and replaces the file; two of them interleaved would each replace the other's rows.
So every writer holds an exclusive ``flock`` on ``<data>/.statusgen.lock`` from the read to
the rename.

- A lock held by a killed process cannot block anyone: the kernel releases a ``flock``
  when its holder dies, whatever is left in the file.
- A waiter gives up after :data:`LOCK_TIMEOUT` seconds with one line naming the holder's
  process id, instead of hanging a scheduled job.
- The lock file is removed by its holder before release, so a data directory is left as it
  was found; a waiter that locked a file removed meanwhile sees that and tries again.
- Within one process the lock is re-entrant (an import writes samples and intervals under
  one hold) and serialises threads.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import GeneratorError

log = logging.getLogger(__name__)

LOCK_NAME = ".statusgen.lock"
LOCK_TIMEOUT = 120.0  # seconds; a large import takes a few

_thread_lock = threading.RLock()
_held: dict[Path, tuple[int, int]] = {}  # lock file -> (fd, depth), for this process


class StoreError(GeneratorError):
    """The data directory cannot be locked, read or written."""


class LockTimeout(StoreError):
    """Another writer held the data directory's lock for longer than we wait."""


def lock_path(root: Path) -> Path:
    return Path(root) / LOCK_NAME


def is_held(root: Path) -> bool:
    """Whether this process holds the write lock of ``root``."""
    return lock_path(root).absolute() in _held


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise StoreError(
            f"cannot create the write lock: {exc.strerror or exc}", file=path
        ) from None


def _acquire(path: Path, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        fd = _open(path)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise StoreError(
                            f"cannot take the write lock: {exc.strerror or exc}", file=path
                        ) from None
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{_holder(path)} (an import, probe or collect) is writing to the "
                        f"data directory; gave up after waiting {timeout:g} s",
                        file=path,
                    )
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
            # the holder before us removes the file before releasing it: if that happened
            # between our open and our lock, we hold a lock nobody else can see
            mine = os.fstat(fd)
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            if current is not None and (current.st_dev, current.st_ino) == (
                mine.st_dev,
                mine.st_ino,
            ):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _release(path: Path, fd: int) -> None:
    try:
        # removed while still held, so that no one can lock this file after us unnoticed
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("%s: could not remove the write lock: %s", path, exc)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def write_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive write lock of the data directory ``root``."""
    path = lock_path(root).absolute()
    wait = LOCK_TIMEOUT if timeout is None else timeout
    if not _thread_lock.acquire(timeout=wait):
        raise LockTimeout(
            f"another thread is writing to the data directory; gave up after waiting {wait:g} s",
            file=path,
        )
    try:
        fd, depth = _held.get(path, (-1, 0))
        if depth == 0:
            fd = _acquire(path, wait)
        _held[path] = (fd, depth + 1)
        try:
            yield
        finally:
            if depth == 0:
                del _held[path]
                _release(path, fd)
            else:
                _held[path] = (fd, depth)
    finally:
        _thread_lock.release()
