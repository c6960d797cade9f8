"""Work on many monitors spread over the machine's cores, in threads.

Reading a partition (pyarrow parsing CSV or mapping its cached Arrow file) and most of
the array arithmetic on it run without Python's global lock, so two threads nearly halve
the time of a cold build's store reading on two cores. Results come back in the order of
the inputs, and only a few are ahead of the one being used (a build holds no more of the
store at once than it did one monitor at a time); the first failure in that order is the
one raised, as if the work ran one item after the other.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def cores() -> int:
    """The cores this process may use (its CPU affinity, where the system tells it): the
    store's threads and the site's chart workers are counted from it."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def workers() -> int:
    """Threads for store work: the cores this process may use, at most four."""
    return min(cores(), 4)


def in_order(work: Callable[[_In], _Out], items: Iterable[_In]) -> Generator[_Out, None, None]:
    """``work`` of each item, in the items' order, run by :func:`workers` threads with
    at most that many items ahead of the one yielded. The threads have stopped when the
    iteration ends, however it ends (a process forks the site's chart workers later)."""
    count = workers()
    if count == 1:
        yield from map(work, items)
        return
    pending: deque[Future[_Out]] = deque()
    source = iter(items)
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="statusgen-store") as pool:
        try:
            for item in source:
                pending.append(pool.submit(work, item))
                if len(pending) > count:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
