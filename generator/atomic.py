"""Replacing a file whole: readers see the old content or the new, never half of either.

Every writer of a file statusgen owns (cursors, notify state, kept reports, PDFs, the files
``init`` writes) goes through :func:`write_atomic`: the content is written to a temporary
file beside the target and renamed over it; a failure removes the temporary file and
re-raises, for the caller to report in its own words. The store's partitions stage several
files before renaming any (generator/store/csvlog.py), and only share :func:`sync_directory`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: Path, data: bytes | memoryview, *, durable: bool = False, mode: int | None = None
) -> None:
    """Replace ``path`` with ``data``. ``durable``: fsync the file before the rename and its
    directory after, so a crash cannot lose a rename already reported done. ``mode``: the
    new file's permissions (mkstemp makes it private)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable, where the platform lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
