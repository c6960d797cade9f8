"""Benchmark: what exact compaction saves, for a year of 20 monitors x 3 locations at 1 minute.

Generates the store (31.5 million samples: 10 components of 2 monitors, each checked every
minute from 3 locations, quorum 2, a dozen outages a year per location and stray failed
checks), copies it, and compacts the copy with ``statusgen compact --before previous``
(everything before the UTC month the previous period starts in). Then it prints:

- lines and bytes of the probe files, before and after;
- git's pack size, ``git gc`` in a temporary repository: the store as one commit, before
  and after (what a new repository, or a shallow clone, holds); with ``--history`` also the
  compaction committed on top of the samples' commit (history keeps every sample: what an
  existing repository holds after compacting; another long ``git gc``);
- ``statusgen report`` (JSON) in a fresh process for a closed period wholly compacted and
  for the one the cut runs through, on the store before and after, cold (an empty columnar
  cache) and warm; before and after interleaved, best of N;
- that every report is byte-identical before and after.

Run:  python benchmarks/bench_compact.py [--monitors 20] [--days 365] [--rounds 3] [--history]
      [--keep DIR]
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
import pyarrow.compute as pc
import pyarrow.csv as pacsv

REPO = Path(__file__).resolve().parent.parent
LOCATIONS = ("eu", "us", "ap")
INTERVAL = 60
UNTIL = 1_795_158_000  # 2026-11-20T09:00:00Z: Nov 2026-Jan 2027 running, Aug-Oct closed
AS_OF = "2026-11-20T12:00:00+03:00"


def make_site(root: Path, monitors: int, days: int) -> int:
    """sla.yml, services.yml and ``days`` of samples; returns the number of samples."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "data" / "sla.yml", root / "sla.yml")
    components = []
    for c in range(monitors // 2):
        lines = "\n".join(
            f"      - {{id: m{c:02d}-{k}, interval: 1m, locations: [{', '.join(LOCATIONS)}]}}"
            for k in range(2)
        )
        components.append(f"  - id: c{c:02d}\n    name: Component {c}\n    monitors:\n{lines}")
    (root / "services.yml").write_text("components:\n" + "\n".join(components) + "\n")
    rng = np.random.default_rng(7)
    start = UNTIL - days * 86400
    rows = 0
    for c in range(monitors // 2):
        for k in range(2):
            monitor = f"m{c:02d}-{k}"
            parts = []
            for offset, location in enumerate(LOCATIONS):
                times = np.arange(start + 7 * offset, UNTIL, INTERVAL, dtype=np.int64)
                ok = np.ones(len(times), dtype=bool)
                for _ in range(12):  # a dozen outages a year, 5 to 60 minutes
                    at = int(rng.integers(len(times)))
                    ok[at : at + int(rng.integers(5, 60))] = False
                ok &= rng.random(len(times)) > 0.0005  # and stray failed checks
                latency = np.round(rng.lognormal(4.5, 0.25, len(times)), 1)
                parts.append(
                    pa.table(
                        {
                            "seconds": times,
                            "location": pa.array(np.full(len(times), location)),
                            "ok": pa.array(ok.astype(np.int8)),
                            "latency_ms": pa.array(np.where(ok, latency, np.nan)),
                            "status_code": pa.array(np.where(ok, 200, 503).astype(np.int16)),
                            "error": pa.array(np.where(ok, "", "HTTP 503")),
                        }
                    )
                )
            table = pa.concat_tables(parts).sort_by([("seconds", "ascending")])
            seconds = table["seconds"].to_numpy()
            stamps = pc.strftime(
                pa.array(seconds.astype("datetime64[s]")), format="%Y-%m-%dT%H:%M:%SZ"
            )
            table = table.drop_columns(["seconds"]).add_column(0, "timestamp", stamps)
            months = seconds.astype("datetime64[s]").astype("datetime64[M]")
            directory = root / "probes" / "samples" / monitor
            directory.mkdir(parents=True)
            for month in np.unique(months):
                part = table.filter(pa.array(months == month))
                path = directory / f"{np.datetime_as_string(month)}.csv"
                pacsv.write_csv(
                    part, path, write_options=pacsv.WriteOptions(quoting_style="needed")
                )
            rows += len(table)
    return rows


def store_size(root: Path) -> tuple[int, int]:
    """(lines, bytes) of every probe file."""
    lines = size = 0
    for path in (root / "probes").rglob("*.csv"):
        content = path.read_bytes()
        lines += content.count(b"\n")
        size += len(content)
    return lines, size


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def pack_size(repo: Path) -> int:
    git(repo, "gc", "--quiet")
    return sum(p.stat().st_size for p in (repo / ".git" / "objects" / "pack").glob("*.pack"))


def commit_tree(repo: Path, data: Path, message: str) -> None:
    target = repo / "data"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(data, target)
    git(repo, "add", "-A", "data")
    git(
        repo,
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.com",
        "commit",
        "-qm",
        message,
    )


def fresh_repo(base: Path, name: str) -> Path:
    repo = base / name
    repo.mkdir()
    git(repo, "init", "-q")
    return repo


def statusgen(data: Path, *args: str, cache: Path) -> tuple[float, bytes]:
    env = {**os.environ, "STATUSGEN_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "generator", "--data", str(data), *args]
    t = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    return time.perf_counter() - t, out.stdout


def time_reports(base: Path, rounds: int) -> None:
    """``statusgen report`` before and after, cold and warm, interleaved, best of ``rounds``."""
    before, after = base / "before" / "data", base / "after" / "data"
    periods = ("2026-02", "2026-05")  # wholly compacted; the cut (2026-07-01) inside
    best: dict[tuple[str, str, str], float] = {}
    outputs: dict[tuple[str, str], set[bytes]] = {}
    warm = {name: base / f"cache-warm-{name}" for name in ("before", "after")}
    for round_ in range(rounds):
        for period in periods:
            for name, data in (("before", before), ("after", after)):
                report = ("report", "--period", period, "--as-of", AS_OF)
                cold = base / f"cache-cold-{round_}-{name}-{period}"
                took, out = statusgen(data, *report, cache=cold)
                shutil.rmtree(cold, ignore_errors=True)
                key = (period, name, "cold")
                best[key] = min(best.get(key, float("inf")), took)
                outputs.setdefault((period, name), set()).add(out)
                took, out = statusgen(data, *report, cache=warm[name])
                key = (period, name, "warm")
                best[key] = min(best.get(key, float("inf")), took)
    for period in periods:
        same = outputs[(period, "before")] == outputs[(period, "after")]
        for mode in ("cold", "warm"):
            b, a = best[(period, "before", mode)], best[(period, "after", mode)]
            print(
                f"report {period} {mode}: before {b:.2f} s, after {a:.2f} s: {a / b:.2f}x "
                f"(best of {rounds}, interleaved)"
            )
        print(f"report {period}: JSON identical before and after: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--monitors", type=int, default=20)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--history", action="store_true", help="also gc the two commits")
    parser.add_argument("--keep", type=Path, help="work in this (new) directory and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="statusgen-bench-compact-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        before, after = base / "before" / "data", base / "after" / "data"
        t = time.perf_counter()
        rows = make_site(before, args.monitors, args.days)
        print(
            f"generated {rows:,} samples ({args.monitors} monitors x {len(LOCATIONS)} locations, "
            f"{args.days} days at 1 minute) in {time.perf_counter() - t:.0f} s"
        )
        shutil.copytree(before, after)
        t = time.perf_counter()
        _, out = statusgen(
            after, "compact", "--before", "previous", "--as-of", AS_OF, cache=base / "cache-c"
        )
        print(f"statusgen compact: {out.decode().strip()} ({time.perf_counter() - t:.1f} s)")

        (lines0, bytes0), (lines1, bytes1) = store_size(before), store_size(after)
        print(
            f"probe files: {lines0:,} lines, {bytes0 / 1e6:,.1f} MB before; {lines1:,} lines, "
            f"{bytes1 / 1e6:,.1f} MB after ({lines1 / lines0:.2%} of the lines)"
        )
        repos = base / "repos"
        repos.mkdir()
        one = fresh_repo(repos, "before")
        commit_tree(one, before, "samples")
        t = time.perf_counter()
        pack0 = pack_size(one)
        gc0 = time.perf_counter() - t
        two = fresh_repo(repos, "after")
        commit_tree(two, after, "compacted")
        pack1 = pack_size(two)
        print(
            f"git pack (git gc): store before {pack0 / 1e6:,.1f} MB (gc {gc0:.0f} s); after "
            f"{pack1 / 1e6:,.2f} MB ({pack1 / pack0:.2%})"
        )
        if args.history:
            commit_tree(one, after, "compacted")
            pack2 = pack_size(one)
            print(f"git pack, compaction committed on top of the samples: {pack2 / 1e6:,.1f} MB")
        shutil.rmtree(repos)
        time_reports(base, args.rounds)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
