"""Benchmark: peak memory of importing a 1 M-heartbeat Uptime Kuma database.

Builds, in a temporary directory, a ``kuma.db`` with Kuma 2.x's own schema
(``tests/fixtures/uptime-kuma/kuma-2-schema.sql``): five monitors, one heartbeat a minute
each, 200,000 beats per monitor (1,000,000 in all; about 139 days), with a 20-minute outage
(pending, then down) every two days and Kuma's ``important`` flag on each change of state.
It then measures, each in a fresh child process, the peak resident set size (RSS) of:

  * ``floor``: Python's ``sqlite3`` reading the same rows with the importer's query, one at
    a time and keeping none: what any import of this file costs at least;
  * ``import``: ``statusgen import probes kuma.db --format uptime-kuma`` into an empty site.

The target is an import under 200 MB peak. Run:  python benchmarks/bench_import_kuma.py
[--beats N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_MB = 200
MONITORS = {
    1: "tracking-edge",
    2: "dashboard-web",
    3: "api-public",
    4: "api-deploys",
    5: "insights-web",
}
START = datetime(2026, 2, 1, tzinfo=UTC)

FLOOR = """
import sqlite3, sys
from generator.sources.uptime_kuma import QUERY
connection = sqlite3.connect(sys.argv[1])
rows = 0
for row in connection.execute(QUERY):
    rows += 1
print(rows)
"""

# Runs one command and prints its peak RSS (KiB, as Linux reports ru_maxrss): measured in
# its own process so that nothing the benchmark itself holds is counted.
PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
if done.returncode:
    sys.exit(done.stdout + done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def make_database(path: Path, beats: int) -> None:
    connection = sqlite3.connect(path)
    schema = REPO / "tests" / "fixtures" / "uptime-kuma" / "kuma-2-schema.sql"
    connection.executescript(schema.read_text())
    for kuma_id in MONITORS:
        connection.execute(
            "INSERT INTO monitor (id, name, interval, type, maxretries) VALUES (?, ?, 60, 'http', 1)",
            (kuma_id, f"Monitor {kuma_id}"),
        )
    per_monitor = beats // len(MONITORS)
    for kuma_id in MONITORS:
        previous = None
        rows = []
        for minute in range(per_monitor):
            in_cycle = minute % 2880  # an outage every two days
            status = 2 if in_cycle == 1000 else 0 if 1000 < in_cycle < 1020 else 1
            important = int(previous is None or (status != previous and status != 2))
            at = (START + timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M:%S.000")
            message = "200 - OK" if status == 1 else "Request failed with status code 503"
            rows.append(
                (kuma_id, important, status, message, at, 90 + minute % 40 if status == 1 else None)
            )
            previous = status
            if len(rows) == 50_000:
                _insert(connection, rows)
                rows = []
        _insert(connection, rows)
    connection.commit()
    connection.close()


def _insert(connection: sqlite3.Connection, rows: Sequence[tuple[object, ...]]) -> None:
    connection.executemany(
        "INSERT INTO heartbeat (monitor_id, important, status, msg, time, ping, duration) "
        "VALUES (?, ?, ?, ?, ?, ?, 60)",
        rows,
    )


def make_site(root: Path) -> Path:
    data = root / "data"
    data.mkdir()
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    mapping = ", ".join(f"'{k}': {v}" for k, v in MONITORS.items())
    services = data / "services.yml"
    services.write_text(
        services.read_text()
        + f"\nsources:\n  - id: kuma\n    type: uptime-kuma\n    location: kuma\n"
        f"    monitors: {{{mapping}}}\n"
    )
    # every mapped monitor stores the Kuma beats under one location, kuma
    text = services.read_text()
    for location in ("[eu-central, us-east]", "[eu-central]", "[deploy-watch]"):
        text = text.replace(f"locations: {location}", "locations: [kuma]")
    services.write_text(text)
    return data


def peak_mb(*command: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, cwd=REPO
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beats", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build in this new directory and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-kuma-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        database = root / "kuma.db"
        started = time.perf_counter()
        make_database(database, args.beats)
        built = time.perf_counter() - started
        data = make_site(root)
        size = database.stat().st_size / (1 << 20)
        print(f"kuma.db: {args.beats:,} heartbeats, {size:.0f} MiB (built in {built:.0f} s)")
        floor = peak_mb(sys.executable, "-c", FLOOR, str(database))
        started = time.perf_counter()
        imported = peak_mb(
            sys.executable, "-m", "generator", "--data", str(data), "import", "probes",
            str(database), "--format", "uptime-kuma",
        )  # fmt: skip
        seconds = time.perf_counter() - started
        verdict = "met" if imported < TARGET_MB else "MISSED"
        print(f"floor  (sqlite3 reading the rows): {floor:6.0f} MB peak RSS")
        print(f"import (statusgen import probes):  {imported:6.0f} MB peak RSS, {seconds:.0f} s")
        print(f"target: under {TARGET_MB} MB: {verdict}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
