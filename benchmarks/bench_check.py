"""Benchmark: ``statusgen check`` of the demo store and of a large generated store.

Each case times, each run in a fresh process, interleaved, best of N:

  (a) the floor: ``python -c "import pyarrow.csv as c, pathlib, sys;
      [c.read_csv(p) for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.csv'))]" DATA``,
      pyarrow's multithreaded CSV reader with its default options reading every CSV file
      of the data directory (the partitions and the tickets check reads; not the YAML
      and Markdown files, which check reads too);
  (b) ``statusgen --data DATA check`` cold: an empty derived cache, so every partition
      is checked (whole columns where they vouch for it, line by line otherwise);
  (c) the same check warm: what (b) found valid is remembered per partition content,
      so nothing unchanged is checked again (the content is still hashed).

Every process runs from bytecode, as an installed statusgen does (pip compiles it; a
checkout's first run writes it): PYTHONDONTWRITEBYTECODE is dropped from the environment
and the bytecode goes to a temporary PYTHONPYCACHEPREFIX, written by one untimed run of each
command first. Otherwise a run's time depends on whether some earlier run could write
bytecode for the files it imports (with PYTHONDONTWRITEBYTECODE set and a changed file,
every run compiled it again: about 0.1 s of statusgen's modules).

It prints each time, the ratios b/a and c/a, and each process's peak memory (max RSS);
with --reference, once per case (the demo only by default: it takes minutes on the large
store), the line-by-line check every partition went through before.
Target: b/a and c/a <= 2. Cases: the demo (``statusgen demo --until 2026-11-20``: 5
monitors, 3 locations, a year of checks) and MONITORS monitors x 3 locations of 1-minute
checks for --months months. Run:  python benchmarks/bench_check.py [--months N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

REPO = Path(__file__).resolve().parent.parent
MONITORS = 20
LOCATIONS = 3
INTERVAL = 60
UNTIL = "2026-11-20T12:00:00+03:00"

FLOOR = (
    "import pyarrow.csv as c, pathlib, sys; "
    "[c.read_csv(p) for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.csv'))]"
)
CHECK = "import sys; from generator.cli import main; main(sys.argv[1:])"
REFERENCE = (
    "import sys; from generator.commands import check; "
    "from generator.store.verify import verify_partition; "
    "check.verify_known = lambda record, root, path, *rest: verify_partition(path, *rest); "
    "from generator.cli import main; main(sys.argv[1:])"
)


def demo_data(root: Path) -> Path:
    data = root / "data"
    data.mkdir(parents=True)
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    command = [sys.executable, "-c", CHECK, "--data", str(data), "demo", "--until", UNTIL]
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return data


def large_data(root: Path, months: int) -> Path:
    """MONITORS monitors x LOCATIONS locations, a check a minute each for ``months``
    whole UTC months before Nov 2026, written straight into the store in its own form."""
    data = root / "data"
    data.mkdir(parents=True)
    shutil.copy(REPO / "data" / "sla.yml", data / "sla.yml")
    locations = [f"probe-{k}" for k in range(LOCATIONS)]
    lines = ["components:"]
    for c in range(MONITORS):
        lines.append(
            f"  - id: c{c:02d}\n    name: Component {c}\n    monitors:\n"
            f"      - {{id: m{c:02d}, interval: 1m, locations: [{', '.join(locations)}]}}"
        )
    (data / "services.yml").write_text("\n".join(lines) + "\n")
    rng = np.random.default_rng(7)
    first = np.datetime64("2026-11", "M") - months
    for m in range(months):
        month = first + m
        lo = month.astype("datetime64[s]").astype(np.int64)
        hi = (month + 1).astype("datetime64[s]").astype(np.int64)
        times = np.arange(lo, hi, INTERVAL, dtype=np.int64)
        stamps = np.char.add(np.datetime_as_string(times.astype("datetime64[s]"), unit="s"), "Z")
        n = len(times) * LOCATIONS
        for c in range(MONITORS):
            ok = rng.random(n) > 0.002
            latency = np.round(rng.lognormal(4.5, 0.25, n), 1).astype(str)
            table = pa.table(
                {
                    "timestamp": np.repeat(stamps, LOCATIONS),
                    "location": np.tile(np.array(locations), len(times)),
                    "ok": np.where(ok, "1", "0"),
                    "latency_ms": np.where(ok, latency, ""),
                    "status_code": np.where(ok, "200", "503"),
                    "error": np.where(ok, "", "HTTP 503"),
                }
            )
            directory = data / "probes" / "samples" / f"m{c:02d}"
            directory.mkdir(parents=True, exist_ok=True)
            options = pacsv.WriteOptions(include_header=False, quoting_style="none")
            with (directory / f"{month}.csv").open("wb") as handle:
                handle.write(",".join(table.column_names).encode() + b"\n")  # as the store
                pacsv.write_csv(table, handle, write_options=options)
    return data


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024


def bench(name: str, data: Path, work: Path, runs: int, reference: bool) -> None:
    rows = sum(max(0, len(p.read_bytes().splitlines()) - 1) for p in data.rglob("*.csv"))
    size = sum(p.stat().st_size for p in data.rglob("*.csv")) / 1e6
    print(f"{name}: {rows:,} CSV rows, {size:.0f} MB")
    cache = work / f"cache-{name}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"STATUSGEN_CACHE_DIR": str(cache), "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    floor = [sys.executable, "-c", FLOOR, str(data)]
    check = [sys.executable, "-c", CHECK, "--data", str(data), "check"]
    for command in (floor, check):  # untimed: writes the bytecode every timed run reads
        timed(command, env)
    best = dict.fromkeys(("floor", "cold", "warm"), (np.inf, 0.0))
    for _ in range(runs):
        for what, command in (("floor", floor), ("cold", check), ("warm", check)):
            if what == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            seconds, peak = timed(command, env)
            if seconds < best[what][0]:
                best[what] = (seconds, peak)
    (a, a_mb), (b, b_mb), (c, c_mb) = best["floor"], best["cold"], best["warm"]
    print(f'  (a) floor: python -c "{FLOOR}" DATA: {a:.2f} s, {a_mb:.0f} MB')
    print(f"  (b) statusgen check, cold (empty cache): {b:.2f} s, {b_mb:.0f} MB")
    print(f"  (c) statusgen check, warm (nothing changed): {c:.2f} s, {c_mb:.0f} MB")
    print(f"  ratio b/a: {b / a:.2f}, c/a: {c / a:.2f} (target <= 2); best of {runs}, interleaved")
    if reference:
        shutil.rmtree(cache, ignore_errors=True)
        seconds, peak = timed([sys.executable, "-c", REFERENCE, *check[3:]], env)
        print(
            f"  (d) the line-by-line check, once: {seconds:.2f} s, {peak:.0f} MB "
            f"({seconds / a:.1f}x the floor)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=2, help="of the large store (default 2)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument(
        "--large-reference", action="store_true", help="the line-by-line check of it too"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="statusgen-bench-check-"))
    try:
        bench("demo", demo_data(work / "demo"), work, args.runs, not args.no_reference)
        large = large_data(work / "large", args.months)
        label = f"large ({MONITORS} monitors x {LOCATIONS} locations, {args.months} months)"
        bench(label, large, work, args.runs, args.large_reference)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
