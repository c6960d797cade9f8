"""Pingdom summary.outage states and results."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import PROBE_FORMATS
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, context


def test_outage_summary_states_become_intervals(site_dir: Path) -> None:
    batch = PROBE_FORMATS["pingdom"](
        FIXTURES / "pingdom" / "summary.outage.json", context(site_dir, monitor="api-public")
    )
    assert [(format_utc(i.start), format_utc(i.end or 0), i.up) for i in batch.intervals] == [
        ("2026-08-12T09:00:00Z", "2026-08-12T10:00:00Z", True),
        ("2026-08-12T10:00:00Z", "2026-08-12T10:07:00Z", False),
        ("2026-08-12T10:07:00Z", "2026-08-12T10:50:00Z", True),
    ]  # the unknown span is no data
    assert {i.location for i in batch.intervals} == {"eu-central"}


def test_results_keep_confirmed_verdicts_only(site_dir: Path) -> None:
    batch = PROBE_FORMATS["pingdom"](
        FIXTURES / "pingdom" / "results.json", context(site_dir, monitor="api-public")
    )
    assert [(format_utc(s.timestamp), s.ok, s.latency_ms, s.error) for s in batch.samples] == [
        ("2026-08-12T10:02:00Z", True, 198.0, ""),
        ("2026-08-12T10:04:00Z", False, 30000.0, "Timeout (> 30s)"),
        ("2026-08-12T10:05:00Z", True, 212.0, ""),
    ]


# results-api-3.1.json is shaped like the answer of GET /api/3.1/results/{checkid} in
# Pingdom's API 3.1 reference (https://docs.pingdom.com/api/#tag/Results): "activeprobes",
# then "results" newest first, each with probeid, time, status, responsetime (ms),
# statusdesc and statusdesclong. The reference's status values are up, down, unconfirmed
# and unknown, and responsetime is 0 when no response was received. Written here.
def test_api_3_1_results_unconfirmed_is_skipped_and_no_response_has_no_latency(
    site_dir: Path,
) -> None:
    batch = PROBE_FORMATS["pingdom"](
        FIXTURES / "pingdom" / "results-api-3.1.json", context(site_dir, monitor="api-public")
    )
    assert [(format_utc(s.timestamp), s.ok, s.latency_ms, s.error) for s in batch.samples] == [
        ("2026-08-12T11:00:00Z", True, 203.0, ""),
        # 11:01 unknown: skipped
        ("2026-08-12T11:02:00Z", False, 412.0, "HTTP/1.1 503 Service Unavailable"),
        # 11:03 unconfirmed: skipped
        ("2026-08-12T11:04:00Z", False, None, "Timeout (> 30s)"),  # no response: no latency
        ("2026-08-12T11:05:00Z", True, 187.0, ""),
    ]


def test_an_unknown_result_status_names_the_result(site_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text('{"results": [{"time": 1786532400, "status": "flapping", "responsetime": 1}]}')
    with pytest.raises(RecordError) as err:
        PROBE_FORMATS["pingdom"](path, context(site_dir, monitor="api-public"))
    assert "results[0].status: 'flapping' is not one of up, down, unconfirmed" in str(err.value)


def test_a_pingdom_file_needs_its_monitor(site_dir: Path) -> None:
    path = FIXTURES / "pingdom" / "results.json"
    with pytest.raises(RecordError, match="pass --monitor"):
        PROBE_FORMATS["pingdom"](path, context(site_dir))


def test_cli_takes_the_monitor(site_dir: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    path = FIXTURES / "pingdom" / "summary.outage.json"
    args = ["--data", str(site_dir), "import", "probes", str(path), "--format", "pingdom"]
    result = CliRunner().invoke(main, [*args, "--monitor", "api-public"])
    assert result.exit_code == 0, result.output
    assert "intervals 3 added" in result.output
    wrong = CliRunner().invoke(main, [*args, "--monitor", "nope"])
    assert wrong.exit_code == 1
    assert "--monitor 'nope' is not a monitor" in wrong.output
