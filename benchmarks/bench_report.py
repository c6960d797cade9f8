"""Benchmark: the probe store and the report at scale.

Generates one year of 1-minute samples for 20 monitors (about 10.5 million rows) into a
temporary store, then times, each in a fresh process:

  (a) the floor: reading the samples the report needs with the fastest plain reader for the
      format (pyarrow's multithreaded CSV reader, default options), and, for reference,
      reading every stored sample;
  (b) ``statusgen report`` for the last full period (loading, computing, JSON).

It prints both times, the ratio b/a and the report's peak memory (max RSS). The targets are
b/a <= 2 and peak memory <= 2 GB. Run:  python benchmarks/bench_report.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

REPO = Path(__file__).resolve().parent.parent
MONITORS = 20
INTERVAL = 60
YEAR = 365 * 86400


def make_site(root: Path, until: int) -> int:
    """Write sla.yml, services.yml and a year of samples; return the row count."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "sla.yml", root / "sla.yml")
    components = []
    for c in range(MONITORS // 2):
        monitors = "\n".join(
            f"      - {{id: m{c:02d}-{k}, interval: 1m, locations: [probe-{k}]}}" for k in range(2)
        )
        components.append(f"  - id: c{c:02d}\n    name: Component {c}\n    monitors:\n{monitors}")
    (root / "services.yml").write_text("components:\n" + "\n".join(components) + "\n")

    rng = np.random.default_rng(7)
    start = (until - YEAR) // INTERVAL * INTERVAL
    times = np.arange(start, until, INTERVAL, dtype=np.int64)
    months = times.astype("datetime64[s]").astype("datetime64[M]")
    rows = 0
    for c in range(MONITORS // 2):
        for k in range(2):
            monitor = f"m{c:02d}-{k}"
            ok = np.ones(len(times), dtype=bool)
            for _ in range(12):  # a dozen outages a year, 5 to 60 minutes
                at = int(rng.integers(len(times)))
                ok[at : at + int(rng.integers(5, 60))] = False
            ok &= rng.random(len(times)) > 0.0005  # and stray failed checks
            latency = np.round(rng.lognormal(4.5, 0.25, len(times)), 1)
            table = pa.table(
                {
                    "timestamp": pc.strftime(
                        pa.array(times.astype("datetime64[s]")), format="%Y-%m-%dT%H:%M:%SZ"
                    ),
                    "location": pa.array(np.full(len(times), f"probe-{k}")),
                    "ok": pa.array(ok.astype(np.int8)),
                    "latency_ms": pa.array(np.where(ok, latency, np.nan)),
                    "status_code": pa.array(np.where(ok, 200, 503).astype(np.int16)),
                    "error": pa.array(np.where(ok, "", "HTTP 503")),
                }
            )
            directory = root / "probes" / "samples" / monitor
            directory.mkdir(parents=True)
            for month in np.unique(months):
                mask = months == month
                part = table.filter(pa.array(mask))
                path = directory / f"{np.datetime_as_string(month)}.csv"
                pacsv.write_csv(
                    part, path, write_options=pacsv.WriteOptions(quoting_style="needed")
                )
            rows += len(times)
    return rows


CHILD = textwrap.dedent(
    """
    import json, os, resource, shutil, sys, tempfile, time
    from pathlib import Path
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from generator.commands.report import ReportOptions, make_report
    from generator.store.cache import cache_path

    root, mode, period, as_of = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    files = json.loads(sys.argv[5])

    def floor():
        return sum(pacsv.read_csv(f).num_rows for f in files)

    def report():
        return len(make_report(ReportOptions(root, period, as_of)))

    warm = tempfile.mkdtemp(prefix="statusgen-bench-cache-")

    def report_cold():  # an empty cache: every partition parsed (and its entry written)
        os.environ["STATUSGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="statusgen-bench-cold-")
        try:
            return report()
        finally:
            shutil.rmtree(os.environ["STATUSGEN_CACHE_DIR"])

    def report_warm():
        os.environ["STATUSGEN_CACHE_DIR"] = warm
        return report()

    def floor_cache():  # the cache's own columns, memory-mapped, as the warm report reads them
        os.environ["STATUSGEN_CACHE_DIR"] = warm
        rows = 0
        for f in files:
            with pa.memory_map(str(cache_path(root, Path(f)))) as source:
                rows += pa.ipc.open_file(source).read_all().num_rows
        return rows

    if mode == "memory":  # one report in a fresh process: its peak is the report's
        report_cold()
        print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        sys.exit()
    # interleaved, best of five each: both see the same machine load
    report_warm()  # fills the warm cache
    best = {name: float("inf") for name in ("floor", "report", "warm", "floor_cache")}
    for _ in range(5):
        for name, fn in (
            ("floor", floor),
            ("report", report_cold),
            ("floor_cache", floor_cache),
            ("warm", report_warm),
        ):
            t = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
    rows = floor()
    files = json.loads(sys.argv[6])
    t = time.perf_counter()
    best["rows_all"] = floor()
    best["floor_all"] = time.perf_counter() - t
    best["rows"] = rows
    print(json.dumps(best))
    """
)


def child(
    root: Path, mode: str, period: str, as_of: int, files: list[str], everything: list[str]
) -> dict:
    args = [
        sys.executable,
        "-c",
        CHILD,
        str(root),
        mode,
        period,
        str(as_of),
        json.dumps(files),
        json.dumps(everything),
    ]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()

    from generator.commands.report import resolve_period
    from generator.config.sla import load_sla
    from generator.store.probes import months_overlapping

    until = int(time.time()) // 86400 * 86400
    root = args.keep or Path(tempfile.mkdtemp(prefix="statusgen-bench-")) / "data"
    try:
        t = time.perf_counter()
        rows = make_site(root, until)
        print(
            f"generated {rows:,} samples for {MONITORS} monitors in {time.perf_counter() - t:.1f} s"
        )
        sla = load_sla(root / "sla.yml")
        period = resolve_period(sla, "previous", until)
        # the partitions the report reads: the period's months plus the max_gap lookback
        months = set(months_overlapping(period.start - 3 * INTERVAL, period.end))
        needed = sorted(
            str(p) for p in (root / "probes" / "samples").glob("*/*.csv") if p.stem in months
        )
        everything = sorted(str(p) for p in (root / "probes" / "samples").glob("*/*.csv"))

        times = child(root, "time", period.id, until, needed, everything)
        memory = child(root, "memory", period.id, until, needed, everything)
        print(f"period {period.id} ({period.label}): {times['rows']:,} rows in {len(needed)} files")
        print(f"(a) floor, pyarrow.csv.read_csv of the period's partitions: {times['floor']:.3f} s")
        print(
            f"    for reference, all {times['rows_all']:,} stored rows: {times['floor_all']:.3f} s"
        )
        print(f"(b) statusgen report --period {period.id}, cold cache: {times['report']:.3f} s")
        print(
            f"ratio b/a: {times['report'] / times['floor']:.2f} (target <= 2; best of 5, interleaved)"
        )
        print(
            "(c) floor of a warm report: the cache's own Arrow IPC files of those partitions, "
            f"memory-mapped and read (pyarrow.ipc.open_file(...).read_all()): "
            f"{times['floor_cache']:.3f} s"
        )
        print(f"(d) the same report, warm cache: {times['warm']:.3f} s")
        print(
            f"ratio d/c: {times['warm'] / times['floor_cache']:.2f}; d/a (warm against the CSV "
            f"floor): {times['warm'] / times['floor']:.2f} (target <= 0.5); d/b (warm against "
            f"cold): {times['warm'] / times['report']:.2f}"
        )
        print(f"peak memory of a report process: {memory['peak_mb']:.0f} MB (target <= 2048)")
    finally:
        if not args.keep:
            shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
