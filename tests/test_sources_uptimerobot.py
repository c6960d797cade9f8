"""UptimeRobot getMonitors logs -> state intervals."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import PROBE_FORMATS
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, add_sources, context

FIXTURE = FIXTURES / "uptimerobot" / "getMonitors.json"


@pytest.fixture
def data(site_dir: Path) -> Path:
    add_sources(
        site_dir,
        "  - id: uptimerobot\n"
        "    type: uptimerobot\n"
        "    token_env: UPTIMEROBOT_API_KEY\n"
        '    monitors: {"778123456": api-public}\n',
    )
    return site_dir


def spans(batch) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    return [
        (format_utc(i.start), format_utc(i.end) if i.end else None, "up" if i.up else "down")
        for i in sorted(batch.intervals, key=lambda i: i.start)
    ]


def test_logs_become_intervals_and_started_and_paused_are_no_data(
    data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        batch = PROBE_FORMATS["uptimerobot"](FIXTURE, context(data))
    assert spans(batch) == [
        ("2026-08-12T09:01:00Z", "2026-08-12T09:05:00Z", "up"),
        ("2026-08-12T09:15:00Z", "2026-08-12T10:00:00Z", "up"),
        ("2026-08-12T10:00:00Z", "2026-08-12T10:07:00Z", "down"),
        ("2026-08-12T10:07:00Z", "2026-08-12T11:00:00Z", "up"),
    ]
    assert {(i.monitor, i.location) for i in batch.intervals} == {("api-public", "eu-central")}
    # the unmapped monitor is skipped, and said so
    assert "'Marketing blog' (1)" in caplog.text


def test_a_monitor_named_like_ours_needs_no_mapping(site_dir: Path, tmp_path: Path) -> None:
    doc = json.loads(FIXTURE.read_text())
    doc["monitors"][0]["friendly_name"] = "api-public"
    path = tmp_path / "named.json"
    path.write_text(json.dumps(doc))
    batch = PROBE_FORMATS["uptimerobot"](path, context(site_dir))
    assert len(batch.intervals) == 4


def test_an_unknown_log_type_names_its_json_path(data: Path, tmp_path: Path) -> None:
    doc = json.loads(FIXTURE.read_text())
    doc["monitors"][0]["logs"][2]["type"] = 7
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(RecordError) as err:
        PROBE_FORMATS["uptimerobot"](path, context(data))
    assert str(err.value) == (
        f"{path}: monitors[0].logs[2].type: 7 is not a log type "
        "(1 down, 2 up, 98 started, 99 paused)"
    )


def test_a_failed_api_answer_is_an_error(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "fail.json"
    path.write_text(
        '{"stat": "fail", "error": {"type": "invalid_parameter", "message": "api_key is invalid."}}'
    )
    with pytest.raises(RecordError, match="stat: fail: api_key is invalid"):
        PROBE_FORMATS["uptimerobot"](path, context(data))


def test_a_two_location_monitor_needs_a_location(site_dir: Path) -> None:
    add_sources(
        site_dir,
        "  - id: ur\n    type: uptimerobot\n    token_env: X\n"
        '    monitors: {"778123456": tracking-edge}\n',
    )
    with pytest.raises(
        RecordError, match="location is required: monitor tracking-edge has several"
    ):
        PROBE_FORMATS["uptimerobot"](FIXTURE, context(site_dir))


def test_import_through_the_cli_is_idempotent(data: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()
    args = ["--data", str(data), "import", "probes", str(FIXTURE), "--format", "uptimerobot"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "intervals 4 added" in first.output
    second = runner.invoke(main, args)
    assert "intervals 0 added, 0 updated, 4 already stored" in second.output
