"""Hostile and damaged records: each is one `Error:` line, exit 1, and changes nothing.

Import files are generated here (some are megabytes; nothing large is committed). A stored
partition is damaged by hand, as an older version, a person or a killed tool could leave
it: `check`, `report` and `import` then say what is wrong in one line, or read it.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.timeutil import format_utc

HEADER = "timestamp,monitor,location,ok,latency_ms,status_code,error\n"
OK_ROW = "2026-08-12T10:00:00Z,api-public,eu-central,1,40,200,\n"
SAMPLE_HEADER = "timestamp,location,ok,latency_ms,status_code,error\n"
TICKET_HEADER = "id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes\n"
OK_TICKET = "T-1,email,high,Pro,2026-08-12T10:00:00Z,2026-08-12T10:20:00Z,,\n"
REPORT = ("report", "--period", "2026-08", "--as-of", "2026-11-01T00:00:00Z")


def digest(root: Path) -> str:
    """One hash of every name and byte under root."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_dir():
            h.update(b"<dir>")
        else:
            with open(path, "rb") as handle:  # not Path.open, which a test may refuse
                h.update(handle.read())
    return h.hexdigest()


def run(site_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(site_dir), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the test fails showing it
    return result.exit_code, result.stdout, result.stderr


def refused(site_dir: Path, *args: str) -> str:
    """Run a command that must be refused; its one error line, the data dir unchanged."""
    before = digest(site_dir)
    code, _, err = run(site_dir, *args)
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ")
    assert digest(site_dir) == before
    return lines[0][len("Error: ") :]


@pytest.fixture
def stocked(site_dir: Path, tmp_path: Path) -> Path:
    """A data directory with one sample and one ticket stored."""
    probes = tmp_path / "ok-probes.csv"
    probes.write_text(HEADER + OK_ROW)
    tickets = tmp_path / "ok-tickets.csv"
    tickets.write_text(TICKET_HEADER + OK_TICKET)
    assert run(site_dir, "import", "probes", str(probes))[0] == 0
    assert run(site_dir, "import", "tickets", str(tickets))[0] == 0
    return site_dir


# --- import files ----------------------------------------------------------------------

BIG = "x" * 200_000


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "long-error.csv",
            HEADER + OK_ROW + f"2026-08-12T10:05:00Z,api-public,eu-central,0,,503,{BIG}\n",
            ":3: error: is 200,000 characters long; the limit is 4,096",
        ),
        (
            "huge-field.csv",
            HEADER + f"2026-08-12T10:05:00Z,api-public,eu-central,0,,503,{'y' * 17_000_000}\n",
            ":2: a value is longer than 16,777,216 characters",
        ),
        (
            "long-error.jsonl",
            json.dumps(
                {
                    "timestamp": "2026-08-12T10:05:00Z",
                    "monitor": "api-public",
                    "ok": False,
                    "error": BIG,
                }
            )
            + "\n",
            ":1: error: is 200,000 characters long; the limit is 4,096",
        ),
        (
            "epoch.csv",
            HEADER + OK_ROW + "1970-01-01T00:00:00Z,api-public,eu-central,1,40,200,\n",
            ":3: timestamp: '1970-01-01T00:00:00Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
        (
            "year-9999.csv",
            HEADER + "9999-12-31T23:59:59Z,api-public,eu-central,1,40,200,\n",
            ":2: timestamp: '9999-12-31T23:59:59Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
        (
            "epoch-interval.jsonl",
            '{"monitor": "api-public", "start": "1970-01-01T00:00:00Z", "state": "down"}\n',
            ":1: start: '1970-01-01T00:00:00Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
        (
            "before-the-sla.csv",
            HEADER + OK_ROW + "2015-06-01T00:00:00Z,api-public,eu-central,1,40,200,\n",
            ": timestamp: 2015-06-01T00:00:00Z is before 2020-02-29T00:00:00Z (a year before "
            "the SLA's effective date 2021-03-01), in a sample of monitor 'api-public' at "
            "location 'eu-central'",
        ),
        (
            "interval-before-the-sla.jsonl",
            '{"monitor": "api-public", "start": "2019-01-01T00:00:00Z", "state": "down"}\n',
            ": start: 2019-01-01T00:00:00Z is before 2020-02-29T00:00:00Z (a year before "
            "the SLA's effective date 2021-03-01), in a state interval of monitor "
            "'api-public' at location 'eu-central'",
        ),
        (
            "slow-check.csv",
            HEADER + "2026-08-12T10:05:00Z,api-public,eu-central,1,1e12,200,\n",
            ":2: latency_ms: 1000000000000 is above the limit of 86,400,000",
        ),
        (
            "deep.jsonl",
            "[" * 100_000 + "]" * 100_000 + "\n",
            ":1: not valid JSON: nested too deeply",
        ),
        (
            "deep-value.jsonl",
            '{"timestamp": "2026-08-12T10:05:00Z", "monitor": "api-public", "ok": '
            + "[" * 100_000
            + "]" * 100_000
            + "}\n",
            ":1: not valid JSON: nested too deeply",
        ),
        (
            "long-number.jsonl",
            '{"timestamp": "2026-08-12T10:05:00Z", "monitor": "api-public", "ok": true, '
            f'"status_code": {"9" * 5000}}}\n',
            ":1: not valid JSON: a number has too many digits",
        ),
        (
            "number-timestamp.jsonl",
            '{"timestamp": 1786000000, "monitor": "api-public", "ok": true}\n',
            ":1: timestamp: 1786000000 is not an ISO 8601 timestamp",
        ),
        (
            "list-monitor.jsonl",
            '{"timestamp": "2026-08-12T10:05:00Z", "monitor": ["api-public"], "ok": true}\n',
            ":1: monitor: ['api-public'] is not text",
        ),
        (
            "object-latency.jsonl",
            '{"timestamp": "2026-08-12T10:05:00Z", "monitor": "api-public", "ok": true, '
            '"latency_ms": {"ms": 4}}\n',
            ":1: latency_ms: {'ms': 4} is not a number",
        ),
        (
            "list-ok.jsonl",
            '{"timestamp": "2026-08-12T10:05:00Z", "monitor": "api-public", "ok": [1]}\n',
            ":1: ok: [1] is not one of true/false/1/0/up/down",
        ),
        ("a-string.jsonl", '"just text"\n', ":1: each line must be a JSON object"),
    ],
)
def test_a_hostile_probe_file_is_one_line_and_imports_nothing(
    stocked: Path, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    source = tmp_path / name
    source.write_text(content)
    fmt = name.rsplit(".", 1)[1]
    assert refused(stocked, "import", "probes", str(source), "--format", fmt) == (
        f"{source}{expected}"
    )


def test_a_sample_from_the_future_is_refused(stocked: Path, tmp_path: Path) -> None:
    later = format_utc(int(time.time()) + 3 * 86400)
    source = tmp_path / "future.csv"
    source.write_text(HEADER + f"{later},api-public,eu-central,1,40,200,\n")
    error = refused(stocked, "import", "probes", str(source))
    assert error.startswith(f"{source}: timestamp: {later} is not before ")
    assert error.endswith(
        " (a day after now), in a sample of monitor 'api-public' at location 'eu-central'"
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "long-plan.csv",
            TICKET_HEADER + OK_TICKET + f"T-2,email,high,{BIG},2026-08-12T10:00:00Z,,,\n",
            ":3: plan: is 200,000 characters long; the limit is 256",
        ),
        (
            "long-id.csv",
            TICKET_HEADER + f"{'T' * 300},email,high,,2026-08-12T10:00:00Z,,,\n",
            ":2: id: is 300 characters long; the limit is 256",
        ),
        (
            "epoch.csv",
            TICKET_HEADER + "T-2,email,high,,1970-01-01T00:00:00Z,,,\n",
            ":2: created_at: '1970-01-01T00:00:00Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
        (
            "answered-in-9999.csv",
            TICKET_HEADER + "T-2,email,high,,2026-08-12T10:00:00Z,9999-12-31T00:00:00Z,,\n",
            ":2: first_response_at: '9999-12-31T00:00:00Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
        (
            "before-the-sla.csv",
            TICKET_HEADER + "T-2,email,high,,2012-05-01T00:00:00Z,,,\n",
            ": created_at: 2012-05-01T00:00:00Z is before 2020-02-29T00:00:00Z (a year "
            "before the SLA's effective date 2021-03-01), in ticket 'T-2'",
        ),
        (
            "paused-forever.csv",
            TICKET_HEADER + "T-2,email,high,,2026-08-12T10:00:00Z,,,99999999999\n",
            ":2: paused_minutes: 99999999999 is above the limit of 527,040",
        ),
        (
            "paused-list.jsonl",
            '{"id": "T-2", "channel": "email", "impact": "high", '
            '"created_at": "2026-08-12T10:00:00Z", "paused_minutes": [5]}\n',
            ":1: paused_minutes: [5] is not a number",
        ),
        (
            "deep.jsonl",
            '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
            ":1: not valid JSON: nested too deeply",
        ),
    ],
)
def test_a_hostile_ticket_file_is_one_line_and_imports_nothing(
    stocked: Path, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    source = tmp_path / name
    source.write_text(content)
    fmt = name.rsplit(".", 1)[1]
    assert refused(stocked, "import", "tickets", str(source), "--format", fmt) == (
        f"{source}{expected}"
    )


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [
        ("probes", "uptimerobot"),
        ("probes", "pingdom"),
        ("probes", "betterstack"),
        ("probes", "prometheus"),
        ("tickets", "zendesk"),
        ("tickets", "freshdesk"),
        ("tickets", "intercom"),
    ],
)
def test_a_deeply_nested_vendor_file_is_one_line(
    stocked: Path, tmp_path: Path, kind: str, fmt: str
) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    assert refused(stocked, "import", kind, str(source), "--format", fmt) == (
        f"{source}: not valid JSON: nested too deeply"
    )


# --- a damaged or older store ----------------------------------------------------------


def sample_partition(site_dir: Path) -> Path:
    return site_dir / "probes" / "samples" / "api-public" / "2026-08.csv"


@pytest.mark.parametrize("size", [200_000, 2_000_000])
def test_a_store_an_older_version_wrote_with_a_long_field_still_reads(
    stocked: Path, tmp_path: Path, size: int
) -> None:
    with sample_partition(stocked).open("a") as handle:
        handle.write(f"2026-08-12T10:01:00Z,eu-central,0,,503,{'e' * size}\n")
    with (stocked / "tickets" / "2026-08.csv").open("a") as handle:
        handle.write(f"T-9,email,high,{'p' * size},2026-08-12T11:00:00Z,,,,\n")
    code, out, err = run(stocked, "check")
    assert (code, err) == (0, "")
    assert "probe samples: 2 in 1 files" in out
    assert "tickets: 2 in 1 files" in out
    code, out, err = run(stocked, *REPORT)
    assert (code, err) == (0, "")
    source = tmp_path / "more.csv"
    source.write_text(HEADER + "2026-08-12T10:02:00Z,api-public,eu-central,1,40,200,\n")
    code, out, err = run(stocked, "import", "probes", str(source))
    assert (code, err) == (0, "")
    assert "samples 1 added" in out


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "9999-12-31T23:59:59Z,eu-central,1,40,200,\n",
            ":3: timestamp: '9999-12-31T23:59:59Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
        (
            "1970-01-01T00:00:00Z,eu-central,1,40,200,\n",
            ":3: timestamp: '1970-01-01T00:00:00Z' is outside the supported range "
            "2000-01-01 to 2099-12-31",
        ),
    ],
)
def test_a_stored_sample_out_of_range_is_one_line_in_check_and_report(
    stocked: Path, line: str, expected: str
) -> None:
    partition = sample_partition(stocked)
    with partition.open("a") as handle:
        handle.write(line)
    assert refused(stocked, *REPORT) == f"{partition}{expected}"
    code, _, err = run(stocked, "check")
    assert code == 1
    assert err.splitlines() == [f"Error: {partition}{expected}", "1 problem found"]


def test_a_stored_absurd_pause_is_one_line_in_check_and_report(stocked: Path) -> None:
    partition = stocked / "tickets" / "2026-08.csv"
    with partition.open("a") as handle:
        handle.write("T-2,email,high,,2026-08-12T10:00:00Z,,,99999999999,\n")
    expected = f"{partition}:3: paused_minutes: 99999999999 is above the limit of 527,040"
    assert refused(stocked, *REPORT) == expected
    code, _, err = run(stocked, "check")
    assert code == 1
    assert err.splitlines() == [f"Error: {expected}", "1 problem found"]


@pytest.mark.parametrize("store", ["samples", "tickets"])
def test_a_directory_where_a_partition_belongs_is_one_line_everywhere(
    stocked: Path, tmp_path: Path, store: str
) -> None:
    if store == "samples":
        bad = stocked / "probes" / "samples" / "api-public" / "2026-09.csv"
        source = tmp_path / "september.csv"
        source.write_text(HEADER + "2026-09-02T00:00:00Z,api-public,eu-central,1,40,200,\n")
        command = ("import", "probes", str(source))
        report = ("report", "--period", "2026-08", "--as-of", "2026-10-01T00:00:00Z")
    else:
        bad = stocked / "tickets" / "2026-09.csv"
        source = tmp_path / "september.csv"
        source.write_text(TICKET_HEADER + "T-5,email,high,,2026-09-02T00:00:00Z,,,\n")
        command = ("import", "tickets", str(source))
        report = REPORT
    bad.mkdir()
    expected = f"{bad}: is a directory where a partition file belongs"
    assert refused(stocked, *command) == expected
    assert refused(stocked, *report) == expected
    code, _, err = run(stocked, "check")
    assert code == 1
    assert err.splitlines() == [f"Error: {expected}", "1 problem found"]


@pytest.mark.parametrize("store", ["samples", "tickets"])
def test_an_unreadable_partition_is_one_line_everywhere(
    stocked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: str
) -> None:
    # tests run as root, which reads any file whatever its mode: refuse the reads instead
    if store == "samples":
        bad = sample_partition(stocked)
        source = tmp_path / "more.csv"
        source.write_text(HEADER + "2026-08-12T10:02:00Z,api-public,eu-central,1,40,200,\n")
        command = ("import", "probes", str(source))
    else:
        bad = stocked / "tickets" / "2026-08.csv"
        source = tmp_path / "more.csv"
        source.write_text(TICKET_HEADER + "T-5,email,high,,2026-08-13T00:00:00Z,,,\n")
        command = ("import", "tickets", str(source))
    real_open, real_read_csv = Path.open, pacsv.read_csv

    def denied(path: object) -> None:
        if Path(str(path)).resolve() == bad.resolve():
            raise PermissionError(13, "Permission denied", str(path))

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        denied(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    def read_csv(path: object, *args: object, **kwargs: object) -> object:
        denied(path)
        return real_read_csv(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(pacsv, "read_csv", read_csv)
    expected = f"{bad}: cannot be read: Permission denied"
    assert refused(stocked, *command) == expected
    assert refused(stocked, *REPORT) == expected
    code, _, err = run(stocked, "check")
    assert code == 1
    assert err.splitlines() == [f"Error: {expected}", "1 problem found"]
