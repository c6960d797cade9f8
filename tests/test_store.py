"""The probe store: append-only partitions, idempotence, last line wins, columnar loading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator.errors import RecordError
from generator.site import load_site
from generator.store import csvlog
from generator.store.layout import DataDir
from generator.store.probes import (
    Sample,
    StateInterval,
    load_intervals,
    load_samples,
    write_intervals,
    write_samples,
)
from generator.timeutil import parse_instant

T = parse_instant("2026-08-31T23:55:00Z")


def test_samples_are_partitioned_by_monitor_and_utc_month(site_dir: Path) -> None:
    data = DataDir(site_dir)
    summary = write_samples(
        data,
        [
            Sample(T, "tracking-edge", "eu-central", True, 81.5, 200),
            Sample(T + 600, "tracking-edge", "eu-central", False, None, 503, "HTTP 503"),
        ],
    )
    assert summary.added == 2
    aug = (site_dir / "probes/samples/tracking-edge/2026-08.csv").read_text()
    sep = (site_dir / "probes/samples/tracking-edge/2026-09.csv").read_text()
    assert (
        aug
        == "timestamp,location,ok,latency_ms,status_code,error\n2026-08-31T23:55:00Z,eu-central,1,81.5,200,\n"
    )
    assert sep.endswith("2026-09-01T00:05:00Z,eu-central,0,,503,HTTP 503\n")


def test_writing_again_adds_nothing_and_a_changed_record_is_appended(site_dir: Path) -> None:
    data = DataDir(site_dir)
    first = [Sample(T, "api-public", "eu-central", True, 50.0, 200)]
    write_samples(data, first)
    path = site_dir / "probes/samples/api-public/2026-08.csv"
    before = path.read_bytes()
    again = write_samples(data, first)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert path.read_bytes() == before
    changed = write_samples(data, [Sample(T, "api-public", "eu-central", False, None, 500)])
    assert (changed.added, changed.updated) == (0, 1)
    assert path.read_bytes().startswith(before)  # never edits a line, only appends
    site = load_site(site_dir)
    loaded = load_samples(data, site.services.monitors["api-public"], T - 10, T + 10)
    assert loaded.ok.tolist() == [False]  # the last line wins


def test_a_failed_write_leaves_every_partition_as_it_was(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = DataDir(site_dir)
    write_samples(data, [Sample(T, "api-public", "eu-central", True)])
    path = site_dir / "probes/samples/api-public/2026-08.csv"
    before = path.read_bytes()
    calls = {"n": 0}
    real = csvlog.plan_append

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(csvlog, "plan_append", failing)
    with pytest.raises(OSError):
        write_samples(
            data,
            [
                Sample(T + 60, "api-public", "eu-central", True),
                Sample(T + 86400 * 40, "api-public", "eu-central", True),
            ],
        )
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))
    assert not (path.parent / "2026-10.csv").exists()


def test_loading_is_columnar_sorted_and_windowed(site_dir: Path) -> None:
    data = DataDir(site_dir)
    write_samples(
        data,
        [
            Sample(T + 300, "tracking-edge", "us-east", True, 140.0),
            Sample(T, "tracking-edge", "eu-central", True, 80.0),
            Sample(T + 300, "tracking-edge", "eu-central", False),
            Sample(T + 9000, "tracking-edge", "eu-central", True),
        ],
    )
    monitor = load_site(site_dir).services.monitors["tracking-edge"]
    s = load_samples(data, monitor, T, T + 3600)
    assert isinstance(s.timestamp, np.ndarray) and s.timestamp.dtype == np.int64
    assert (s.timestamp - T).tolist() == [0, 300, 300]
    assert s.location.tolist() == [0, 0, 1]  # index into the monitor's locations
    assert s.ok.tolist() == [True, False, True]
    assert np.isnan(s.latency_ms[1])


def test_intervals_ongoing_and_updated(site_dir: Path) -> None:
    data = DataDir(site_dir)
    monitor = load_site(site_dir).services.monitors["api-deploys"]
    write_intervals(data, [StateInterval("api-deploys", "deploy-watch", T, None, True)])
    loaded = load_intervals(data, monitor, T + 100)
    assert loaded.end.tolist() == [-1]  # ongoing
    summary = write_intervals(
        data,
        [
            StateInterval("api-deploys", "deploy-watch", T, T + 50, True),
            StateInterval("api-deploys", "deploy-watch", T + 50, T + 57, False),
        ],
    )
    assert (summary.added, summary.updated) == (1, 1)
    loaded = load_intervals(data, monitor, T + 100)
    assert (loaded.end - T).tolist() == [50, 57]
    assert loaded.up.tolist() == [True, False]


def test_a_corrupt_stored_line_is_reported_with_its_line(site_dir: Path) -> None:
    data = DataDir(site_dir)
    write_samples(data, [Sample(T, "api-public", "eu-central", True)])
    path = site_dir / "probes/samples/api-public/2026-08.csv"
    with path.open("a") as handle:
        handle.write("2026-08-31T23:59:00Z,eu-central,maybe,,,\n")
    monitor = load_site(site_dir).services.monitors["api-public"]
    with pytest.raises(RecordError, match=r"2026-08.csv:3: ok: 'maybe' must be 1 or 0"):
        load_samples(data, monitor, T, T + 600)
