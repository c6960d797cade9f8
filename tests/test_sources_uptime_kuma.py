"""Uptime Kuma's heartbeat table, read from a kuma.db built from the fixture's SQL."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import RecordError
from generator.sources import PROBE_FORMATS
from generator.timeutil import format_utc
from tests.conftest import REPO
from tests.vendor_helpers import FIXTURES, add_sources, context


@pytest.fixture
def kuma_db(tmp_path: Path) -> Path:
    path = tmp_path / "kuma.db"
    connection = sqlite3.connect(path)
    connection.executescript((FIXTURES / "uptime-kuma" / "kuma.sql").read_text())
    connection.close()
    return path


def test_heartbeats_with_pending_and_maintenance_decided(site_dir: Path, kuma_db: Path) -> None:
    add_sources(site_dir, "  - id: kuma\n    type: uptime-kuma\n    monitors: {'1': api-public}\n")
    batch = PROBE_FORMATS["uptime-kuma"](kuma_db, context(site_dir))
    got = [(format_utc(s.timestamp)[11:16], s.ok) for s in batch.samples]
    assert got == [
        ("09:58", True),
        ("09:59", True),
        ("10:00", False),  # pending, then down: the outage began here
        ("10:01", False),
        ("10:02", False),
        ("10:03", False),
        ("10:04", True),
        # 10:05 pending, then up: never confirmed, skipped
        ("10:06", True),
        # 10:07 and 10:08 maintenance: no data
        ("10:09", True),
        # 10:10 pending at the end: undecided, left for the next import
    ]
    first = batch.samples[0]
    assert (first.monitor, first.location, first.latency_ms) == ("api-public", "eu-central", 120.0)
    assert batch.samples[5].error == "Request failed with status code 503"


def test_not_a_kuma_database(site_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "kuma.db"
    path.write_text("not a database")
    with pytest.raises(RecordError, match="not an Uptime Kuma database"):
        PROBE_FORMATS["uptime-kuma"](path, context(site_dir))


def test_an_unknown_status_names_the_heartbeat(site_dir: Path, kuma_db: Path) -> None:
    connection = sqlite3.connect(kuma_db)
    connection.execute("UPDATE heartbeat SET status = 7 WHERE id = 2")
    connection.commit()
    connection.close()
    with pytest.raises(RecordError) as err:
        PROBE_FORMATS["uptime-kuma"](kuma_db, context(site_dir, monitor="api-public"))
    assert "heartbeat[id=2].status: 7 is not a heartbeat status" in str(err.value)


@pytest.mark.parametrize("value", [2461000.5, "yesterday"])
def test_a_time_that_is_not_one_names_the_heartbeat(
    site_dir: Path, kuma_db: Path, value: object
) -> None:
    """SQLite reads a number as a Julian day: the importer does not, whatever SQLite says."""
    connection = sqlite3.connect(kuma_db)
    connection.execute("UPDATE heartbeat SET time = ? WHERE id = 2", (value,))
    connection.commit()
    connection.close()
    with pytest.raises(RecordError) as err:
        PROBE_FORMATS["uptime-kuma"](kuma_db, context(site_dir, monitor="api-public"))
    assert f"heartbeat[id=2].time: {value!r} is not a time" in str(err.value)


# Kuma 2.x's daily cleanup, Database.clearHeartbeatData() in server/database.js of
# louislam/uptime-kuma (commit 6398a9581d1c3c427a7536559f47ccf45dac08b4; since 2.0.0, PR
# #5075): per monitor, delete the beats that are not important and older than 24 hours,
# except the monitor's 100 newest. Its SQL, with "now" a parameter instead of the clock.
KUMA_2_CLEANUP = """
DELETE FROM heartbeat
WHERE monitor_id = :monitor AND important = 0 AND time < DATETIME(:now, '-24 hours')
AND id NOT IN (
    SELECT id FROM (
        SELECT id FROM heartbeat WHERE monitor_id = :monitor ORDER BY time DESC LIMIT 100
    ) AS limited_ids
)
"""


def kuma_2_database(path: Path, outages: list[tuple[str, str]]) -> None:
    """Three days of 1-minute beats from 2026-08-10 00:00 UTC, down in each [start, end) of
    ``outages`` (times of day as 'YYYY-MM-DD HH:MM'), marked important as Kuma marks them
    (Monitor.isImportantBeat in server/model/monitor.js: the first beat, and each change
    between up and down)."""
    connection = sqlite3.connect(path)
    connection.executescript((FIXTURES / "uptime-kuma" / "kuma-2-schema.sql").read_text())
    connection.execute(
        "INSERT INTO monitor (id, name, interval, url, type, maxretries) "
        "VALUES (1, 'Reporting API', 60, 'https://api.lumentrack.example/v1/health', 'http', 0)"
    )
    start = datetime(2026, 8, 10, tzinfo=UTC)
    rows, previous = [], None
    for minute in range(3 * 24 * 60):
        at = (start + timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M")
        status = 0 if any(a <= at < b for a, b in outages) else 1
        important = int(status != previous)
        message = "200 - OK" if status else "Request failed with status code 503"
        rows.append((important, status, message, f"{at}:00.000", 87 if status else None))
        previous = status
    connection.executemany(
        "INSERT INTO heartbeat (monitor_id, important, status, msg, time, ping, duration) "
        "VALUES (1, ?, ?, ?, ?, ?, 60)",
        rows,
    )
    connection.commit()
    connection.close()


def api_outages(data: Path, kuma_db: Path) -> list[tuple[str, str, int]]:
    add = ["--data", str(data), "import", "probes", str(kuma_db), "--format", "uptime-kuma"]
    imported = CliRunner().invoke(main, add)
    assert imported.exit_code == 0, imported.output
    report = CliRunner().invoke(
        main,
        ["--data", str(data), "report", "--period", "2026-08", "--as-of", "2026-08-13T00:00:00Z"],
    )
    assert report.exit_code == 0, report.output
    (api,) = [c for c in json.loads(report.output)["uptime"]["components"] if c["id"] == "api"]
    return [(o["start"], o["end"], o["seconds"]) for o in api["outages"]]


def test_kuma_2_retention_keeps_the_downtime(tmp_path: Path) -> None:
    outages = [("2026-08-11 10:00", "2026-08-11 12:00"), ("2026-08-12 15:00", "2026-08-12 15:07")]
    full, thinned = tmp_path / "full.db", tmp_path / "thinned.db"
    kuma_2_database(full, outages)
    kuma_2_database(thinned, outages)
    connection = sqlite3.connect(thinned)
    connection.execute(KUMA_2_CLEANUP, {"monitor": 1, "now": "2026-08-13 00:00:00"})
    connection.commit()
    # left: the first beat, the two changes of the 2-hour outage, and the last day in full
    assert connection.execute("SELECT COUNT(*) FROM heartbeat").fetchone() == (3 + 1440,)
    connection.close()

    expected = [  # SLA time zone +03:00
        ("2026-08-11T13:00:00+03:00", "2026-08-11T15:00:00+03:00", 7200),
        ("2026-08-12T18:00:00+03:00", "2026-08-12T18:07:00+03:00", 420),
    ]
    sites = []
    for name in ("before", "after"):
        data = tmp_path / name
        data.mkdir()
        for file in ("sla.yml", "services.yml"):
            shutil.copy(REPO / "data" / file, data / file)
        add_sources(data, "  - id: kuma\n    type: uptime-kuma\n    monitors: {'1': api-public}\n")
        sites.append(data)
    assert api_outages(sites[0], full) == expected
    # Kuma 2.x thinned the first two days to three beats; their state changes still bound
    # the 2-hour outage (read as samples valid for max_gap, it would be 15 minutes)
    assert api_outages(sites[1], thinned) == expected


def test_thinned_beats_become_state_intervals(site_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "kuma.db"
    kuma_2_database(path, [("2026-08-11 10:00", "2026-08-11 12:00")])
    connection = sqlite3.connect(path)
    connection.execute(KUMA_2_CLEANUP, {"monitor": 1, "now": "2026-08-13 00:00:00"})
    connection.commit()
    connection.close()
    batch = PROBE_FORMATS["uptime-kuma"](path, context(site_dir, monitor="api-public"))
    got = [(format_utc(i.start), format_utc(i.end or 0), i.up) for i in batch.intervals]
    assert got == [
        ("2026-08-10T00:00:00Z", "2026-08-11T10:00:00Z", True),
        ("2026-08-11T10:00:00Z", "2026-08-11T12:00:00Z", False),
        ("2026-08-11T12:00:00Z", "2026-08-12T00:00:00Z", True),  # to the first full beat
    ]
    assert len(batch.samples) == 1440  # the last day, one sample a minute
    assert format_utc(batch.samples[0].timestamp) == "2026-08-12T00:00:00Z"


def test_a_large_database_imports_in_batches_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import reads kuma.db in batches (here of 100 samples): it writes every beat, and
    a bad beat in the last batch still leaves the store untouched (everything is checked
    before anything is written)."""
    import generator.sources.uptime_kuma as kuma

    monkeypatch.setattr(kuma, "BATCH", 100)
    path = tmp_path / "kuma.db"
    kuma_2_database(path, [("2026-08-11 10:00", "2026-08-11 12:00")])
    data = tmp_path / "data"
    data.mkdir()
    for file in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / file, data / file)
    add_sources(data, "  - id: kuma\n    type: uptime-kuma\n    monitors: {'1': api-public}\n")
    connection = sqlite3.connect(path)
    connection.execute("UPDATE heartbeat SET status = 9 WHERE time = '2026-08-12 23:59:00.000'")
    connection.commit()
    command = ["--data", str(data), "import", "probes", str(path), "--format", "uptime-kuma"]
    failed = CliRunner().invoke(main, command)
    assert failed.exit_code == 1
    assert failed.output.endswith(
        "9 is not a heartbeat status (0 down, 1 up, 2 pending, 3 maintenance)\n"
    )
    assert "heartbeat[id=4320].status" in failed.output
    assert not (data / "probes").exists()

    connection.execute("UPDATE heartbeat SET status = 1 WHERE status = 9")
    connection.commit()
    connection.close()
    imported = CliRunner().invoke(main, command)
    assert imported.exit_code == 0, imported.output
    assert imported.output == (
        f"{path}: read 4320 records: samples 4320 added, 0 updated, 0 already stored; "
        "intervals 0 added, 0 updated, 0 already stored\n"
    )
    again = CliRunner().invoke(main, command)
    assert again.output == (
        f"{path}: read 4320 records: samples 0 added, 0 updated, 4320 already stored; "
        "intervals 0 added, 0 updated, 0 already stored\n"
    )
