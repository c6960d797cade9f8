"""The forked workers' mechanism shared by the chart and PDF pools: once the building
process waits for them, it takes the items left itself, each item is done once, and an
item it fails fails the build with its traceback, as a child's does.

The children are forked, so these run in a fresh single-threaded interpreter (see
tests/test_chart_pool.py).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.mkdocs_plugin.forked import Workers
from tests.test_chart_pool import _single_threaded, alive, isolated

ITEMS = 8


def _slow_in_children(parent: int) -> object:
    def work(index: int, staging: Path) -> None:
        if os.getpid() != parent:
            time.sleep(0.5)  # a child busy with a long item (a PDF report)
        (staging / f"item-{index}").write_text(str(os.getpid()), encoding="utf-8")

    return work


def _the_waiting_process_takes_the_items_left(tmp_path: Path) -> None:
    _single_threaded()
    parent = os.getpid()
    workers = Workers(1, ITEMS, _slow_in_children(parent), "test")  # type: ignore[arg-type]
    (child,) = workers.children
    workers.wait()
    done = {p.name: p.read_text(encoding="utf-8") for p in workers.staging.iterdir()}
    # every item done, each once, and most by the process that waited: its core was free
    assert sorted(done) == sorted(f"item-{i}" for i in range(ITEMS))
    assert sum(by == str(parent) for by in done.values()) >= ITEMS - 2
    assert not alive(child)
    workers.close()
    assert not workers.staging.exists()


def test_the_waiting_process_takes_the_items_left(tmp_path: Path) -> None:
    isolated(_the_waiting_process_takes_the_items_left, tmp_path)


def _an_item_the_waiting_process_fails_fails_with_its_traceback(tmp_path: Path) -> None:
    _single_threaded()
    parent = os.getpid()
    slow = _slow_in_children(parent)

    def work(index: int, staging: Path) -> None:
        if os.getpid() == parent:
            raise ValueError(f"item {index} cannot be done")
        slow(index, staging)  # type: ignore[operator]

    workers = Workers(1, 4, work, "test")
    with pytest.raises(RuntimeError, match="a test worker failed") as failed:
        workers.wait()
    assert "ValueError: item " in str(failed.value)
    assert "cannot be done" in str(failed.value)
    # the child went on with the items left, and finished
    assert not workers.children
    workers.close()


def test_an_item_the_waiting_process_fails_fails_with_its_traceback(tmp_path: Path) -> None:
    isolated(_an_item_the_waiting_process_fails_fails_with_its_traceback, tmp_path)
