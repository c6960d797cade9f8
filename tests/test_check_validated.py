"""statusgen check remembers the partitions it found valid (generator/store/validated.py)
and checks samples by whole columns (generator/store/verify_columnar.py): neither may
change what check reports. A partition whose bytes, monitor or rules changed is checked
again, and every error is the line-by-line check's ``file:line: field: message``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SAMPLE_HEADER = "timestamp,location,ok,latency_ms,status_code,error\n"
GOOD = (
    "2026-08-12T10:00:00Z,eu-central,1,40,200,\n"
    "2026-08-12T10:01:00Z,eu-central,0,,503,HTTP 503\n"
    "2026-08-12T10:02:00Z,eu-central,1,38.5,200,\n"
)


def run(data: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(data), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def store(site_dir: Path, content: str, month: str = "2026-08") -> Path:
    partition = site_dir / "probes" / "samples" / "api-public" / f"{month}.csv"
    partition.parent.mkdir(parents=True, exist_ok=True)
    partition.write_text(content)
    return partition


def probe_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("probe ", "OK"))]


def record_file(site_dir: Path) -> Path:
    return site_dir.parent / ".statusgen-cache" / "data" / "validated.json"


def test_a_second_check_finds_what_the_first_did(site_dir: Path) -> None:
    store(site_dir, SAMPLE_HEADER + GOOD)
    expected = [
        "probe samples: 3 in 1 files",
        "probe records from 2026-08-12T13:00:00+03:00 to 2026-08-12T13:02:00+03:00: "
        "SLA periods 2026-08 to 2026-08 (1)",
        "OK: no problems found",
    ]
    code, out, err = run(site_dir, "check")
    assert (code, err, probe_lines(out)) == (0, "", expected)
    assert record_file(site_dir).is_file()
    code, out, err = run(site_dir, "check")
    assert (code, err, probe_lines(out)) == (0, "", expected)


def test_a_partition_changed_after_a_clean_check_is_checked_again(site_dir: Path) -> None:
    partition = store(site_dir, SAMPLE_HEADER + GOOD)
    assert run(site_dir, "check")[0] == 0
    before = partition.stat()
    # the same size and modification time: only the bytes tell
    partition.write_text(SAMPLE_HEADER + GOOD.replace(",503,", ",703,"))
    os.utime(partition, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert partition.stat().st_size == before.st_size
    code, _, err = run(site_dir, "check")
    assert code == 1
    assert err.splitlines() == [
        f"Error: {partition}:3: status_code: '703' is not a whole number from 100 to 599",
        "1 problem found",
    ]


def test_a_location_dropped_from_the_services_file_fails_a_checked_partition(
    site_dir: Path,
) -> None:
    partition = store(site_dir, SAMPLE_HEADER + GOOD)
    assert run(site_dir, "check")[0] == 0
    services = site_dir / "services.yml"
    text = services.read_text()
    assert text.count("locations: [eu-central]\n") == 2
    services.write_text(text.replace("locations: [eu-central]\n", "locations: [us-east]\n", 1))
    code, _, err = run(site_dir, "check")
    assert code == 1
    assert err.splitlines() == [
        f"Error: {partition}:2: location: 'eu-central' is not one of the monitor's "
        "locations (us-east)",
        "1 problem found",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "2026-08-12T10:03:00Z,eu-central,1,40,99,",
            "status_code: '99' is not a whole number from 100 to 599",
        ),
        (
            "2026-08-12T10:03:00Z,eu-central,1,40,200.5,",
            "status_code: '200.5' is not a whole number from 100 to 599",
        ),
        ("2026-08-12T10:03:00Z,eu-central,1,-4,200,", "latency_ms: '-4' is below 0"),
        ("2026-08-12T10:03:00Z,eu-central,1,nan,200,", "latency_ms: 'nan' is not a finite number"),
        (
            "2026-08-12T10:03:00Z,eu-central,1,86400001,200,",
            "latency_ms: 86400001 is above the limit of 86,400,000",
        ),
        ("2026-08-12T10:03:00Z,eu-central,yes,40,200,", "ok: 'yes' must be 1 or 0 in the store"),
        ("2026-08-12T10:03:00Z, ,1,40,200,", "location: is required"),
        (
            "2026-08-12T10:03:00Z,us-east,1,40,200,",
            "location: 'us-east' is not one of the monitor's locations (eu-central)",
        ),
        (
            "2026-02-30T10:03:00Z,eu-central,1,40,200,",
            "timestamp: '2026-02-30T10:03:00Z' is not an ISO 8601 timestamp",
        ),
        (
            "2026-08-12T10:03:00,eu-central,1,40,200,",
            "timestamp: '2026-08-12T10:03:00' has no UTC offset; write it as e.g. "
            "2026-08-12T10:03:00Z or 2026-08-12T10:03:00+03:00",
        ),
        ("eu-central,1,40,200,", "has 5 values, expected 6"),
    ],
)
def test_a_bad_stored_sample_is_the_line_by_line_error(
    site_dir: Path, line: str, expected: str
) -> None:
    partition = store(site_dir, SAMPLE_HEADER + GOOD + line + "\n" + GOOD)
    code, _, err = run(site_dir, "check")
    assert code == 1
    assert err.splitlines() == [f"Error: {partition}:5: {expected}", "1 problem found"]
    assert not record_file(site_dir).exists()  # nothing valid to remember


@pytest.mark.parametrize(
    "line",
    [
        "2026-08-12T10:03:00Z,eu-central,1,40,200.0,",  # a whole number written as a float
        '2026-08-12T10:03:00Z,eu-central,0,,500,"HTTP 500, then a reset"',  # quoted
        "2026-08-12T13:03:00+03:00,eu-central,True, 40 ,200,",  # an offset, spaces
        "2026-08-12T10:03:00Z,eu-central,1,4e1,200,",
    ],
)
def test_an_unusual_but_valid_sample_is_counted(site_dir: Path, line: str) -> None:
    store(site_dir, SAMPLE_HEADER + GOOD + line + "\n")
    for _ in range(2):  # cold, then from the record
        code, out, err = run(site_dir, "check")
        assert (code, err) == (0, "")
        assert probe_lines(out) == [
            "probe samples: 4 in 1 files",
            "probe records from 2026-08-12T13:00:00+03:00 to 2026-08-12T13:03:00+03:00: "
            "SLA periods 2026-08 to 2026-08 (1)",
            "OK: no problems found",
        ]


def test_a_damaged_record_means_a_full_check(site_dir: Path) -> None:
    partition = store(site_dir, SAMPLE_HEADER + GOOD)
    assert run(site_dir, "check")[0] == 0
    record_file(site_dir).write_text("{not json")
    partition.write_text(SAMPLE_HEADER + GOOD + "2026-08-12T10:03:00Z,eu-central,2,40,200,\n")
    code, _, err = run(site_dir, "check")
    assert err.splitlines() == [
        f"Error: {partition}:5: ok: '2' must be 1 or 0 in the store",
        "1 problem found",
    ]
    shutil.rmtree(record_file(site_dir).parent)
    partition.write_text(SAMPLE_HEADER + GOOD)
    code, out, err = run(site_dir, "check")
    assert (code, err) == (0, "")
    assert "probe samples: 3 in 1 files" in out


def test_the_columns_vouch_for_the_stores_own_form_and_for_nothing_wrong() -> None:
    from generator.store.verify_columnar import verify_samples

    raw = (SAMPLE_HEADER + GOOD).encode()
    stats = verify_samples(raw, ("eu-central",))
    # 2026-08-12T10:00:00Z and 10:02:00Z, worked from 2026-08-12 = day 20677 since 1970
    assert stats is not None
    assert (stats.records, stats.first, stats.last) == (3, 1786528800, 1786528920)
    quoted = b'"timestamp","location","ok","latency_ms","status_code","error"\n' + GOOD.encode()
    assert verify_samples(quoted, ("eu-central",)) == stats  # the header pyarrow writes
    assert verify_samples(raw, ("us-east",)) is None
    assert verify_samples(raw.replace(b",503,", b",603,"), ("eu-central",)) is None
    assert verify_samples(raw.replace(b",40,", b",86400000.5,"), ("eu-central",)) is None
    assert verify_samples(raw.replace(b"T10:02", b"T24:02"), ("eu-central",)) is None
    assert verify_samples(raw.replace(b"08-12T10:02", b"02-30T10:02"), ("eu-central",)) is None
    assert verify_samples(raw.replace(b",503,", b",099,"), ("eu-central",)) is None
    assert verify_samples(raw.replace(b",40,", b",4.0.1,"), ("eu-central",)) is None
    assert verify_samples(raw.replace(b",1,40,", b",yes,40,"), ("eu-central",)) is None
