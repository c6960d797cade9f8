"""The forked workers' mechanism shared by the chart and PDF pools: once the building
process waits for them, it takes the items left itself, each item is done once, and an
item it fails fails the build with its traceback, as a child's does; the objects the build
holds are left out of the cycle collector's walks only while items are done.

The children are forked, so these run in a fresh single-threaded interpreter (see
tests/test_chart_pool.py).
"""

from __future__ import annotations

import gc
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


def _frozen_while_working(index: int, staging: Path) -> None:
    (staging / f"item-{index}").write_text(f"{os.getpid()} {gc.get_freeze_count()}", "utf-8")
    time.sleep(0.05)


def _what_the_build_holds_is_left_out_of_collections_only_while_items_are_done(
    tmp_path: Path,
) -> None:
    _single_threaded()
    held = [[n] for n in range(1000)]  # the build's objects (the model, the pages)
    workers = Workers(1, ITEMS, _frozen_while_working, "test")
    workers.wait()
    done = [p.read_text(encoding="utf-8").split() for p in workers.staging.iterdir()]
    workers.close()
    # the collector skipped them in the child and in this process while items were done...
    assert len(done) == ITEMS and all(int(frozen) >= len(held) for _, frozen in done)
    # ...and collects them again afterwards: a long-running `serve` holds no frozen build
    assert gc.get_freeze_count() == 0


def test_what_the_build_holds_is_left_out_of_collections_only_while_items_are_done(
    tmp_path: Path,
) -> None:
    isolated(_what_the_build_holds_is_left_out_of_collections_only_while_items_are_done, tmp_path)
