"""Importing the same CSV file again into the partitions as its import left them is a
no-op known without reading it (generator/store/imported.py); anything else that changed
those partitions, or the configuration, means a full import with the usual counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

HEADER = "timestamp,monitor,location,ok,latency_ms,status_code,error\n"
ROWS = (
    "2026-08-12T10:00:00Z,tracking-edge,eu-central,1,81.2,200,\n"
    "2026-08-12T10:00:00Z,tracking-edge,us-east,0,,503,HTTP 503\n"
    "2026-09-01T00:00:00Z,api-public,eu-central,1,40,200,\n"
)


def run(site_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(site_dir), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def imported(site_dir: Path, source: Path) -> str:
    code, out, err = run(site_dir, "import", "probes", str(source))
    assert (code, err) == (0, ""), err
    return out.strip().removeprefix(f"{source}: ")


def partitions(site_dir: Path) -> dict[str, str]:
    """Every probe partition's bytes (as text, line ends and all), by its path below probes/."""
    probes = site_dir / "probes"
    return {
        p.relative_to(probes).as_posix(): p.read_bytes().decode() for p in probes.rglob("*.csv")
    }


def counts(added: int, updated: int, stored: int) -> str:
    return (
        f"read 3 records: samples {added} added, {updated} updated, {stored} already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )


def test_the_same_file_again_is_all_stored(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "checks.csv"
    source.write_text(HEADER + ROWS)
    assert imported(site_dir, source) == counts(3, 0, 0)
    partitions = sorted(p.read_bytes() for p in (site_dir / "probes").rglob("*.csv"))
    assert imported(site_dir, source) == counts(0, 0, 3)
    assert imported(site_dir, source) == counts(0, 0, 3)
    assert sorted(p.read_bytes() for p in (site_dir / "probes").rglob("*.csv")) == partitions
    assert (site_dir.parent / ".statusgen-cache" / "data" / "imported.json").is_file()


def test_a_later_update_of_one_of_its_keys_is_undone_by_importing_it_again(
    site_dir: Path, tmp_path: Path
) -> None:
    source, later = tmp_path / "checks.csv", tmp_path / "later.csv"
    source.write_text(HEADER + ROWS)
    later.write_text(HEADER + "2026-08-12T10:00:00Z,tracking-edge,eu-central,0,,500,\n")
    assert imported(site_dir, source) == counts(3, 0, 0)
    assert imported(site_dir, later).startswith("read 1 record: samples 0 added, 1 updated")
    assert imported(site_dir, source) == counts(0, 1, 2)
    partition = site_dir / "probes" / "samples" / "tracking-edge" / "2026-08.csv"
    assert partition.read_text().splitlines() == [
        "timestamp,location,ok,latency_ms,status_code,error",
        "2026-08-12T10:00:00Z,eu-central,1,81.2,200,",
        "2026-08-12T10:00:00Z,us-east,0,,503,HTTP 503",
        "2026-08-12T10:00:00Z,eu-central,0,,500,",
        "2026-08-12T10:00:00Z,eu-central,1,81.2,200,",
    ]
    assert imported(site_dir, source) == counts(0, 0, 3)


def test_a_partition_edited_by_hand_is_compared_again(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "checks.csv"
    source.write_text(HEADER + ROWS)
    assert imported(site_dir, source) == counts(3, 0, 0)
    partition = site_dir / "probes" / "samples" / "api-public" / "2026-09.csv"
    partition.write_text("timestamp,location,ok,latency_ms,status_code,error\n")
    assert imported(site_dir, source) == counts(1, 0, 2)
    partition.unlink()
    assert imported(site_dir, source) == counts(1, 0, 2)


def test_a_changed_services_file_means_a_full_import(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "checks.csv"
    source.write_text(HEADER + ROWS)
    assert imported(site_dir, source) == counts(3, 0, 0)
    services = site_dir / "services.yml"
    text = services.read_text()
    services.write_text(text.replace("locations: [eu-central]\n", "locations: [us-east]\n", 1))
    code, _, err = run(site_dir, "import", "probes", str(source))
    assert code == 1
    assert err.strip() == (
        f"Error: {source}:4: location: 'eu-central' is not one of monitor api-public's locations (us-east)"
    )


# The file's rows stored, another file read against them: (its text, the import's summary,
# the lines appended to each partition, by its path below probes/; the others unchanged)
ANOTHER_FILE = {
    "the same rows reordered": (
        HEADER + "".join(reversed(ROWS.splitlines(keepends=True))),
        counts(0, 0, 3),
        {},
    ),
    # written another way (the columns in another order, spaces around values), read
    # into the very lines the store holds, in their order
    "the same rows in the same order, written another way": (
        "monitor,timestamp,location,ok,latency_ms,status_code,error\n"
        "tracking-edge, 2026-08-12T10:00:00Z,eu-central,1,81.2,200,\n"
        "tracking-edge,2026-08-12T10:00:00Z ,us-east,0,,503,HTTP 503\n"
        "api-public,2026-09-01T00:00:00Z,eu-central,1, 40,200,\n",
        counts(0, 0, 3),
        {},
    ),
    "the same rows and one new row": (
        HEADER
        + "2026-08-12T10:01:00Z,tracking-edge,us-east,1,90.5,200,\n"
        + "".join(reversed(ROWS.splitlines(keepends=True))),
        "read 4 records: samples 1 added, 0 updated, 3 already stored; "
        "intervals 0 added, 0 updated, 0 already stored",
        {"samples/tracking-edge/2026-08.csv": "2026-08-12T10:01:00Z,us-east,1,90.5,200,\n"},
    ),
    # as many lines as the partition holds, all but one of them stored: not all stored
    "the same keys with one value changed": (
        HEADER
        + "2026-08-12T10:00:00Z,tracking-edge,us-east,0,,503,HTTP 503\n"
        + "2026-08-12T10:00:00Z,tracking-edge,eu-central,1,81.3,200,\n",
        "read 2 records: samples 0 added, 1 updated, 1 already stored; "
        "intervals 0 added, 0 updated, 0 already stored",
        {"samples/tracking-edge/2026-08.csv": "2026-08-12T10:00:00Z,eu-central,1,81.3,200,\n"},
    ),
}


@pytest.mark.parametrize("case", list(ANOTHER_FILE))
def test_another_file_against_the_stored_rows_stores_only_what_differs(
    site_dir: Path, tmp_path: Path, case: str
) -> None:
    text, summary, appended = ANOTHER_FILE[case]
    source, other = tmp_path / "checks.csv", tmp_path / "other.csv"
    source.write_text(HEADER + ROWS)
    other.write_text(text)
    assert imported(site_dir, source) == counts(3, 0, 0)
    stored = {
        "samples/tracking-edge/2026-08.csv": "timestamp,location,ok,latency_ms,status_code,error\n"
        "2026-08-12T10:00:00Z,eu-central,1,81.2,200,\n"
        "2026-08-12T10:00:00Z,us-east,0,,503,HTTP 503\n",
        "samples/api-public/2026-09.csv": "timestamp,location,ok,latency_ms,status_code,error\n"
        "2026-09-01T00:00:00Z,eu-central,1,40,200,\n",
    }
    assert partitions(site_dir) == stored
    assert imported(site_dir, other) == summary
    assert partitions(site_dir) == {
        name: lines + appended.get(name, "") for name, lines in stored.items()
    }


SAMPLES = "timestamp,location,ok,latency_ms,status_code,error\n"
# a partition as a hand or an older version may have left it, beside the file's rows:
# each is compared by its latest line per key, as the csv module reads it
STORED_FORMS = {
    "quoted": SAMPLES
    + '2026-08-12T10:00:00Z,eu-central,1,81.2,200,""\n'
    + '2026-08-12T10:00:00Z,us-east,0,,503,"HTTP 503"\n',
    "a comma in a value": SAMPLES + '2026-08-12T10:00:00Z,us-east,0,,503,"HTTP 503, again"\n',
    "CRLF": SAMPLES.replace("\n", "\r\n") + "2026-08-12T10:00:00Z,eu-central,1,81.2,200,\r\n",
    "blank line": SAMPLES + "\n2026-08-12T10:00:00Z,eu-central,1,81.2,200,\n",
    "no final newline": SAMPLES + "2026-08-12T10:00:00Z,us-east,0,,503,HTTP 503",
    "updated later": SAMPLES
    + "2026-08-12T10:00:00Z,eu-central,1,81.2,200,\n"
    + "2026-08-12T10:00:00Z,eu-central,0,,500,\n",
    "updated back": SAMPLES
    + "2026-08-12T10:00:00Z,eu-central,0,,500,\n"
    + "2026-08-12T10:00:00Z,eu-central,1,81.2,200,\n",
    "header only": SAMPLES,
}
STORED_COUNTS = {
    "quoted": (0, 0, 2),
    "a comma in a value": (1, 1, 0),
    "CRLF": (1, 0, 1),
    "blank line": (1, 0, 1),
    "no final newline": (1, 0, 1),
    "updated later": (1, 1, 0),
    "updated back": (1, 0, 1),
    "header only": (2, 0, 0),
}


@pytest.mark.parametrize("form", sorted(STORED_FORMS))
def test_stored_lines_in_any_form_are_compared_as_the_csv_module_reads_them(
    site_dir: Path, tmp_path: Path, form: str
) -> None:
    partition = site_dir / "probes" / "samples" / "tracking-edge" / "2026-08.csv"
    partition.parent.mkdir(parents=True)
    partition.write_bytes(STORED_FORMS[form].encode())
    source = tmp_path / "checks.csv"
    source.write_text(HEADER + ROWS.split("2026-09")[0])
    added, updated, stored = STORED_COUNTS[form]
    summary = imported(site_dir, source)
    assert summary == (
        f"read 2 records: samples {added} added, {updated} updated, {stored} already stored; "
        "intervals 0 added, 0 updated, 0 already stored"
    )


def test_a_stored_line_with_a_value_too_many_is_named(site_dir: Path, tmp_path: Path) -> None:
    partition = site_dir / "probes" / "samples" / "tracking-edge" / "2026-08.csv"
    partition.parent.mkdir(parents=True)
    partition.write_text(SAMPLES + "2026-08-12T10:00:00Z,eu-central,1,81.2,200,,\n")
    source = tmp_path / "checks.csv"
    source.write_text(HEADER + ROWS)
    code, _, err = run(site_dir, "import", "probes", str(source))
    assert code == 1
    assert err.strip() == f"Error: {partition}:2: has 7 values, expected 6"
    assert partition.read_text() == SAMPLES + "2026-08-12T10:00:00Z,eu-central,1,81.2,200,,\n"


def test_a_partition_only_the_reference_can_judge_leaves_nothing_staged(
    site_dir: Path, tmp_path: Path
) -> None:
    # api-public's partition is planned and staged first; tracking-edge's, last in order,
    # has a header the store never writes: the reference path then names it, and the
    # partition staged before it is not left behind
    partition = site_dir / "probes" / "samples" / "tracking-edge" / "2026-08.csv"
    partition.parent.mkdir(parents=True)
    partition.write_text("time,location,ok,latency_ms,status_code,error\n")
    source = tmp_path / "checks.csv"
    source.write_text(HEADER + ROWS)
    code, _, err = run(site_dir, "import", "probes", str(source))
    assert code == 1
    assert err.strip() == (
        f"Error: {partition}:1: header must be timestamp,location,ok,latency_ms,status_code,error"
    )
    assert sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.*")) == [
        "probes/samples/tracking-edge/2026-08.csv",
        "services.yml",
        "sla.yml",
    ]
