"""Uptime Kuma's heartbeat table, read from a kuma.db built from the fixture's SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import PROBE_FORMATS
from generator.timeutil import format_utc
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
