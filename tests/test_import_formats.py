"""Import formats: --format is a choice, and without it the format is told from the file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import GeneratorError
from generator.formats import PROBE_FORMAT_NAMES, TICKET_FORMAT_NAMES, guess_format
from generator.sources import PROBE_FORMATS, TICKET_FORMATS

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_the_listed_formats_are_the_registered_readers() -> None:
    assert sorted(PROBE_FORMAT_NAMES) == sorted(PROBE_FORMATS)
    assert sorted(TICKET_FORMAT_NAMES) == sorted(TICKET_FORMATS)


@pytest.mark.parametrize(
    ("fixture", "kind", "expected"),
    [
        ("uptimerobot/getMonitors.json", "probe", "uptimerobot"),
        ("pingdom/results.json", "probe", "pingdom"),
        ("pingdom/summary.outage.json", "probe", "pingdom"),
        ("prometheus/query_range.json", "probe", "prometheus"),
        ("betterstack/incidents.json", "probe", "betterstack"),
        ("betterstack/incidents-v3-pages.json", "probe", "betterstack"),
        ("zendesk/incremental_tickets.json", "ticket", "zendesk"),
        ("zendesk/tickets_export.csv", "ticket", "zendesk"),
        ("freshdesk/tickets.json", "ticket", "freshdesk"),
        ("intercom/conversations.json", "ticket", "intercom"),
    ],
)
def test_a_vendor_export_is_told_by_its_contents(fixture: str, kind: str, expected: str) -> None:
    assert guess_format(FIXTURES / fixture, kind) == expected


def test_statusgen_files_are_told_by_extension_and_first_line(tmp_path: Path) -> None:
    csv = tmp_path / "checks.csv"
    csv.write_text("timestamp,location,ok\n")
    jsonl = tmp_path / "checks.jsonl"
    jsonl.write_text('{"timestamp": "2026-08-01T00:00:00Z"}\n')
    misnamed = tmp_path / "checks.txt"
    misnamed.write_text('{"timestamp": "2026-08-01T00:00:00Z"}\n')
    assert guess_format(csv, "probe") == "csv"
    assert guess_format(jsonl, "probe") == "jsonl"
    assert guess_format(misnamed, "ticket") == "jsonl"


def test_an_uptime_kuma_database_is_told_by_its_header(tmp_path: Path) -> None:
    db = tmp_path / "kuma"
    sqlite3.connect(db).execute("create table heartbeat (id integer)").connection.commit()
    assert guess_format(db, "probe") == "uptime-kuma"


def test_a_file_that_matches_nothing_names_the_formats(tmp_path: Path) -> None:
    unknown = tmp_path / "export.json"
    unknown.write_text(json.dumps({"something": []}))
    with pytest.raises(GeneratorError) as caught:
        guess_format(unknown, "probe")
    assert str(caught.value) == (
        f"{unknown}: cannot tell which probe format this is from its name and contents; give "
        "--format, one of: csv, jsonl, uptimerobot, pingdom, uptime-kuma, prometheus, "
        "betterstack"
    )


def test_a_jsonl_file_imports_without_format(site_dir: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "checks.jsonl"
    jsonl.write_text(
        '{"timestamp": "2026-08-01T00:00:00Z", "monitor": "api-public", '
        '"location": "eu-central", "ok": true, "latency_ms": 120}\n'
    )
    result = run("--data", str(site_dir), "import", "probes", str(jsonl))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{jsonl}: read 1 record: samples 1 added, 0 updated, 0 already stored; intervals 0 "
        "added, 0 updated, 0 already stored\n"
    )


def test_an_unknown_format_is_a_usage_error_listing_the_formats(
    site_dir: Path, tmp_path: Path
) -> None:
    result = run(
        "--data", str(site_dir), "import", "tickets", str(tmp_path / "x"), "--format", "xls"
    )
    assert result.exit_code == 2
    assert (
        "Error: Invalid value for '--format': 'xls' is not one of 'csv', 'jsonl', 'zendesk', "
        "'freshdesk', 'intercom'."
    ) in result.stderr
