"""The partitions' digests noted beside the columnar cache (generator/store/cache.py,
``digests.json``): a kept report is keyed by hundreds of partitions without opening their
entries, and a digest is never trusted for a partition that changed since it was noted.

Each "process" here starts from nothing the one before held in memory (:func:`new_process`),
as the next scheduled build does: only the cache directory is shared.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.store import cache
from tests import test_incremental

# the demo's closed periods as of DEMO_UNTIL; data: a copy of the demo with its own cache
from tests.test_incremental import CLOSED, data  # noqa: F401

HEADER = "timestamp,location,ok,latency_ms,status_code,error\n"
UP = HEADER + "2026-08-12T10:00:00Z,eu-central,1,40,200,\n"
DOWN = HEADER + "2026-08-12T10:00:00Z,eu-central,0,41,500,\n"  # as long as UP
# XXH3-128 of UP's and DOWN's bytes (xxhash.xxh3_128_hexdigest)
UP_DIGEST = "f70a73c433326bd43ec76ad3c699c9e9"
DOWN_DIGEST = "757bf3234bbd0d861da58024ec4a6d4a"
RELATIVE = "probes/samples/api-public/2026-08.csv"


def new_process() -> None:
    """Forget what this process knows, as a new one would not know it."""
    cache.flush()
    cache._read.clear()
    cache._known.clear()
    cache._notes_of.clear()


@pytest.fixture(autouse=True)
def trust_stat_at_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # a stat counts as settled at once (not only 2 s after a change), so that what was
    # noted a moment ago is trusted: what these tests check is that it is not when the
    # partition changed
    monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    yield
    new_process()


def partition(root: Path, text: str) -> Path:
    path = root / RELATIVE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def noted(root: Path) -> dict[str, object]:
    saved = json.loads((cache.cache_root(root) / "digests.json").read_text())
    return saved["partitions"]  # type: ignore[no-any-return]


def nothing_opened_or_hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("an entry was opened or a partition hashed")

    monkeypatch.setattr(cache.pa, "memory_map", refuse)
    monkeypatch.setattr(cache, "digest_of", refuse)


def test_a_noted_digest_is_found_without_opening_the_entry(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = partition(site_dir, UP)
    assert cache.partition_digest(site_dir, path) == UP_DIGEST  # hashed, then noted
    new_process()
    assert list(noted(site_dir)) == [RELATIVE]
    with monkeypatch.context() as patch:
        nothing_opened_or_hashed(patch)
        assert cache.partition_digest(site_dir, path) == UP_DIGEST


def test_a_partition_rewritten_in_place_with_its_old_time_is_hashed_again(
    site_dir: Path,
) -> None:
    path = partition(site_dir, UP)
    assert cache.partition_digest(site_dir, path) == UP_DIGEST
    new_process()
    before = path.stat()
    with open(path, "r+b") as handle:  # the same inode and size, the old time put back
        handle.write(DOWN.encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache.partition_digest(site_dir, path) == DOWN_DIGEST
    new_process()
    assert noted(site_dir)[RELATIVE]["digest"] == DOWN_DIGEST  # type: ignore[index]


def test_a_note_is_not_trusted_within_the_racy_window(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a stat that cannot tell the versions apart: only the racy rule is left
    monkeypatch.setattr(cache, "_fingerprint", lambda stat: {"always": "the same"})
    path = partition(site_dir, UP)
    assert cache.partition_digest(site_dir, path) == UP_DIGEST
    new_process()
    assert noted(site_dir)[RELATIVE]["stat"] == {"always": "the same"}  # type: ignore[index]
    path.write_text(DOWN)
    # the partition changed within 2 s of the note being made (RACY_NS: "forever")
    monkeypatch.setattr(cache, "RACY_NS", 10**18)
    assert cache.partition_digest(site_dir, path) == DOWN_DIGEST


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        '{"format": 1, "partitions": {}}',
        '{"format": 2, "partitions": {"probes/samples/api-public/2026-08.csv": "x"}}',
        '{"format": 2, "partitions": {"probes/samples/api-public/2026-08.csv": {}}}',
    ],
)
def test_a_damaged_or_foreign_digests_file_is_a_miss_and_is_rewritten(
    site_dir: Path, damage: str
) -> None:
    path = partition(site_dir, UP)
    cache.partition_digest(site_dir, path)
    new_process()
    (cache.cache_root(site_dir) / "digests.json").write_text(damage)
    assert cache.partition_digest(site_dir, path) == UP_DIGEST
    new_process()
    assert noted(site_dir)[RELATIVE]["digest"] == UP_DIGEST  # type: ignore[index]


def test_runs_noting_at_once_keep_each_others_notes(site_dir: Path) -> None:
    first = partition(site_dir, UP)
    second = first.with_name("2026-09.csv")
    second.write_text(DOWN)
    one, other = cache._Notes(cache.cache_root(site_dir)), cache._Notes(cache.cache_root(site_dir))
    one.note(RELATIVE, {"size": 1}, 5, UP_DIGEST)
    other.note("probes/samples/api-public/2026-09.csv", {"size": 2}, 6, DOWN_DIGEST)
    one.save()
    other.save()  # merged into the file as the first left it
    assert noted(site_dir) == {
        RELATIVE: {"stat": {"size": 1}, "made_ns": 5, "digest": UP_DIGEST},
        "probes/samples/api-public/2026-09.csv": {
            "stat": {"size": 2},
            "made_ns": 6,
            "digest": DOWN_DIGEST,
        },
    }


def test_the_notes_of_partitions_that_are_gone_are_pruned(site_dir: Path) -> None:
    path = partition(site_dir, UP)
    gone = path.with_name("2026-09.csv")
    gone.write_text(DOWN)
    for each in (path, gone):
        cache.partition_digest(site_dir, each)
    new_process()
    gone.unlink()
    cache.prune(site_dir)
    new_process()
    assert list(noted(site_dir)) == [RELATIVE]


# What a user relies on: the next build keys the closed periods' reports from the notes,
# and one whose partition changed since is computed again, never answered by its kept report.


def reused(root: Path) -> list[str]:
    found = test_incremental.reused(root)
    new_process()
    return found


def test_a_build_after_a_closed_partition_changed_computes_its_period_again(
    data: Path,  # noqa: F811  (the fixture)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert reused(data) == []  # cold
    # June: in the May-July quarter only, and before the 90 days the pages show (read)
    june = data / "probes/samples/api-public/2026-06.csv"
    assert "probes/samples/api-public/2026-06.csv" in noted(data)
    with monkeypatch.context() as patch:  # keyed without opening June's entry
        opened = []
        memory_map = cache.pa.memory_map
        patch.setattr(cache.pa, "memory_map", lambda p, *a: opened.append(p) or memory_map(p))
        assert reused(data) == CLOSED
        assert not [p for p in opened if "samples/api-public/2026-06" in str(p)]
    before = june.stat()
    text = june.read_text()
    changed = text.replace(",1,", ",0,", 1)  # one check now failed: the same length
    assert changed != text and len(changed) == len(text)
    with open(june, "r+b") as handle:
        handle.write(changed.encode())
    os.utime(june, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert reused(data) == ["2025-11", "2026-02", "2026-08"]
    assert reused(data) == CLOSED
