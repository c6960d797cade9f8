"""Store work spread over threads (generator.store.concurrent): results in the inputs'
order, the first failure in that order raised, only a few items ahead, no thread left."""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from generator.errors import GeneratorError
from generator.reporting.site import build_model
from generator.site import load_site
from generator.store import concurrent
from generator.store.concurrent import in_order
from tests.conftest import DEMO_UNTIL


@pytest.fixture(params=[1, 2, 3])
def threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    count: int = request.param
    monkeypatch.setattr(concurrent, "workers", lambda: count)
    return count


def test_results_come_in_the_inputs_order(threads: int) -> None:
    def slow_first(n: int) -> int:
        time.sleep((5 - n) * 0.01)  # the first items finish last
        return n * 10

    assert list(in_order(slow_first, range(6))) == [0, 10, 20, 30, 40, 50]


def test_the_first_failure_in_order_is_raised(threads: int) -> None:
    def work(n: int) -> int:
        if n == 1:
            time.sleep(0.05)  # fails after item 2 has failed
            raise ValueError("item 1")
        if n == 2:
            raise ValueError("item 2")
        return n

    results = in_order(work, range(4))
    assert next(results) == 0
    with pytest.raises(ValueError, match="item 1"):
        next(results)


def test_only_a_few_items_are_ahead(threads: int) -> None:
    started: list[int] = []
    seen = []
    for result in in_order(lambda n: started.append(n) or n, range(20)):
        seen.append((result, len(started)))
    # item k is yielded when at most `threads` items after it have been started
    assert all(count <= result + 1 + threads for result, count in seen)
    assert [result for result, _ in seen] == list(range(20))


def test_no_thread_is_left_running(threads: int) -> None:
    before = threading.active_count()
    assert sum(in_order(lambda n: n, range(10))) == 45
    results = in_order(lambda n: n, range(10))
    assert next(results) == 0
    results.close()  # a caller that stops early, as an exception in its loop does
    assert threading.active_count() == before


def test_the_model_is_the_same_read_one_or_two_monitors_at_a_time(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    np.set_printoptions(threshold=sys.maxsize)
    seen = []
    for count in (1, 2):
        monkeypatch.setattr(concurrent, "workers", lambda count=count: count)
        monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / f"cache-{count}"))
        model = build_model(load_site(demo_data), DEMO_UNTIL, reuse_reports=False)
        seen.append(
            (
                json.dumps([r.to_json() for r in model.reports.values()], sort_keys=True),
                repr(model.status),
                repr(model.components),
            )
        )
    assert seen[0] == seen[1]


def test_a_bad_partition_is_named_in_the_monitors_order(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(concurrent, "workers", lambda: 2)
    # the second and third monitors of services.yml: the second's is the error whichever
    # thread finds its own first
    for monitor in ("dashboard-web", "api-public"):
        with (data / f"probes/samples/{monitor}/2026-11.csv").open("a") as handle:
            handle.write("2026-11-20T08:00:00Z,nowhere,1,5,200,\n")
    partition = data / "probes/samples/dashboard-web/2026-11.csv"
    last_line = len(partition.read_text().splitlines())  # the line appended
    with pytest.raises(GeneratorError) as raised:
        build_model(load_site(data), DEMO_UNTIL)
    assert str(raised.value) == (
        f"{partition}:{last_line}: location: location 'nowhere' is "
        "not one of monitor dashboard-web's locations (eu-central, us-east)"
    )
