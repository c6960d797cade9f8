"""The columnar cache of the store: never stale, never required, safe when runs overlap."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from generator.site import load_site
from generator.store import cache
from generator.store.probes import load_samples

HEADER = "timestamp,location,ok,latency_ms,status_code,error\n"
AUG = 1785542400  # 2026-08-01T00:00:00Z
SEP = 1788220800


def partition(site_dir: Path) -> Path:
    path = site_dir / "probes" / "samples" / "api-public" / "2026-08.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def load(site_dir: Path) -> list[tuple[int, bool, float]]:
    monitor = load_site(site_dir).services.monitors["api-public"]
    s = load_samples(load_site(site_dir).data, monitor, AUG, SEP)
    cache.flush()  # the entry is written by a background thread
    return list(zip(s.timestamp.tolist(), s.ok.tolist(), s.latency_ms.tolist(), strict=True))


@pytest.fixture(autouse=True)
def trust_stat_at_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # entries count as settled at once, so these tests exercise the stat fast path too
    monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    yield
    cache.flush()  # no writer thread outlives a test


def test_a_warm_read_comes_from_the_cache(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    partition(site_dir).write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    cold = load(site_dir)
    assert cold == [(1786528800, True, 40.0)]
    entry = cache.cache_path(site_dir, partition(site_dir))
    assert entry.is_file()
    assert not (site_dir / cache.CACHE_DIR).exists()  # the data directory is left alone

    def no_csv(*args: object, **kwargs: object) -> None:
        raise AssertionError("the CSV was parsed again")

    monkeypatch.setattr(pacsv, "read_csv", no_csv)
    assert load(site_dir) == cold


def test_a_replaced_partition_of_the_same_size_and_time_is_read_anew(site_dir: Path) -> None:
    path = partition(site_dir)
    path.write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    assert load(site_dir) == [(1786528800, True, 40.0)]
    stat = path.stat()
    replacement = path.with_name("new.tmp")
    replacement.write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,0,41,500,\n")
    assert replacement.stat().st_size == stat.st_size
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, path)
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert load(site_dir) == [(1786528800, False, 41.0)]


def test_a_partition_rewritten_in_place_with_its_old_time_is_read_anew(site_dir: Path) -> None:
    path = partition(site_dir)
    path.write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    assert load(site_dir) == [(1786528800, True, 40.0)]
    stat = path.stat()
    with open(path, "r+b") as handle:  # same inode, same size
        handle.write((HEADER + "2026-08-12T10:00:00Z,eu-central,0,41,500,\n").encode())
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_ino) == (stat.st_size, stat.st_ino)
    assert load(site_dir) == [(1786528800, False, 41.0)]


def test_an_entry_with_a_forged_stat_is_still_checked_by_content(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # within the racy window the bytes are hashed whatever the stat says
    monkeypatch.setattr(cache, "RACY_NS", 10**18)
    path = partition(site_dir)
    path.write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    load(site_dir)
    path.write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,0,41,500,\n")
    monkeypatch.setattr(cache, "_fingerprint", lambda stat: {"always": "the same"})
    assert load(site_dir) == [(1786528800, False, 41.0)]


@pytest.mark.parametrize("damage", [b"", b"not arrow at all", b"ARROW1\x00\x00garbage"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(site_dir: Path, damage: bytes) -> None:
    partition(site_dir).write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    expected = load(site_dir)
    entry = cache.cache_path(site_dir, partition(site_dir))
    entry.write_bytes(damage)
    assert load(site_dir) == expected
    assert cache._open_entry(entry) is not None  # rebuilt


def test_a_deleted_or_unwritable_cache_changes_nothing(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partition(site_dir).write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    expected = load(site_dir)
    root = cache.cache_root(site_dir)
    for entry in sorted(root.rglob("*.arrow")):
        entry.unlink()
    assert load(site_dir) == expected
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(blocked))
    assert load(site_dir) == expected


def test_concurrent_readers_and_a_writer_never_see_a_wrong_table(site_dir: Path) -> None:
    path = partition(site_dir)
    versions = [
        HEADER + "".join(f"2026-08-12T10:{m:02d}:00Z,eu-central,1,{v},200,\n" for m in range(30))
        for v in range(1, 6)
    ]
    path.write_text(versions[0])
    allowed = {tuple(range(1, 6))}
    seen: list[set[float]] = []
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(20):
                rows = load(site_dir)
                assert len(rows) == 30
                seen.append({latency for _, _, latency in rows})
        except BaseException as exc:  # reported below
            errors.append(exc)

    def writer() -> None:
        for text in versions[1:]:
            tmp = path.with_name(".next.tmp")
            tmp.write_text(text)
            os.replace(tmp, path)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [
        threading.Thread(target=writer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    # every table read was one whole version, never a mixture
    assert all(len(values) == 1 and values <= set(next(iter(allowed))) for values in seen)
    assert load(site_dir) == [(1786528800 + 60 * m, True, 5.0) for m in range(30)]
    leftovers = [p for p in cache.cache_root(site_dir).rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_partition_read_again_while_its_entry_is_written_is_parsed_once(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partition(site_dir).write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    parsed: list[int] = []
    real = pacsv.read_csv

    def counting(*args: object, **kwargs: object) -> object:
        parsed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pacsv, "read_csv", counting)
    monitor = load_site(site_dir).services.monitors["api-public"]
    data = load_site(site_dir).data
    first = load_samples(data, monitor, AUG, SEP)  # no flush: the entry may still be pending
    second = load_samples(data, monitor, AUG, SEP)
    assert first.timestamp.tolist() == second.timestamp.tolist() == [1786528800]
    assert parsed == [1]


def test_flush_leaves_no_thread_behind(site_dir: Path) -> None:
    # the site's chart workers are forked, which is safe only with no other thread running
    partition(site_dir).write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    monitor = load_site(site_dir).services.monitors["api-public"]
    load_samples(load_site(site_dir).data, monitor, AUG, SEP)
    assert any(t.name.startswith("statusgen-cache") for t in threading.enumerate())
    cache.flush()
    assert not any(t.name.startswith("statusgen-cache") for t in threading.enumerate())
    assert cache.cache_path(site_dir, partition(site_dir)).is_file()


def test_entries_of_partitions_that_are_gone_are_pruned(site_dir: Path) -> None:
    kept, gone = partition(site_dir), partition(site_dir).with_name("2026-07.csv")
    kept.write_text(HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n")
    gone.write_text(HEADER + "2026-07-12T10:00:00Z,eu-central,1,40,200,\n")
    monitor = load_site(site_dir).services.monitors["api-public"]
    load_samples(load_site(site_dir).data, monitor, AUG - 86400, SEP)
    cache.flush()
    entries = cache.cache_path(site_dir, kept), cache.cache_path(site_dir, gone)
    assert all(e.is_file() for e in entries)
    with pa.memory_map(str(entries[1])) as mapped:  # a concurrent reader's open entry
        gone.unlink()  # compacted: its samples file removed
        assert cache.prune(site_dir) == 1
        assert pa.ipc.open_file(mapped).read_all().num_rows == 1  # still readable
    assert entries[0].is_file() and not entries[1].exists()
    assert cache.prune(site_dir) == 0
    assert load(site_dir) == [(1786528800, True, 40.0)]
