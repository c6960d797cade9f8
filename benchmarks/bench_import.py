"""Benchmark: ``statusgen import probes`` of a large file of statusgen's own CSV format.

Writes one CSV file of 1-minute checks for MONITORS monitors x 3 locations (5 million rows
by default, the size the targets name: --rows), then times, each run in a fresh process,
interleaved, best of N:

  (a) the floor: ``python -c "import pyarrow.csv as c; c.read_csv(FILE)"``, pyarrow's
      multithreaded CSV reader with its default options, reading the same file;
  (b) ``statusgen --data SITE import probes FILE`` into an empty store;
  (c) the same import again, every row already stored (a no-op the derived cache knows
      from the file's and the partitions' content digests, generator/store/imported.py);
  (e) the same rows from another file (the lines in reverse order), all stored: every row
      is read, checked and compared with the stored ones;
  (f) the part of (e) before the comparison: a process that reads and checks the other
      file's rows as the import does (``read_csv_columnar``), and stops there;
  (d) once, unless --no-reference: (b) by the row-by-row reference reader, for the record
      of what the columnar import replaced.

It prints each time, the ratios b/a, c/a, e/a and f/a, and each process's peak memory (max
RSS). Targets: b/a <= 3 with a peak <= 600 MB, c/a and e/a <= 1.5 (f/a shows how much of
e/a reading and checking the rows takes before a stored one is looked at).

--compare DIR also times (b) and (e) by the statusgen of another checkout (another commit,
say: ``git worktree add /tmp/before <commit>``) in the same rounds, for a before and after.

Every process runs from bytecode, as an installed statusgen does: PYTHONDONTWRITEBYTECODE
is dropped and the bytecode goes to a temporary PYTHONPYCACHEPREFIX, written by one untimed
run first (bench_check.py does the same). Run:
  python benchmarks/bench_import.py [--rows N] [--runs N] [--compare DIR] [--no-reference]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = ".statusgen-cache"  # the derived cache, beside each data directory
MONITORS = 20
LOCATIONS = 3
INTERVAL = 60

FLOOR = "import pyarrow.csv as c, sys; c.read_csv(sys.argv[1])"
IMPORT = "import sys; from generator.cli import main; main(sys.argv[1:])"
READ = (
    "import sys, time; from pathlib import Path\n"
    "from generator.site import load_site\n"
    "from generator.sources.base import SourceContext\n"
    "from generator.sources.generic_columnar import read_csv_columnar\n"
    "from generator.store.bounds import TimeWindow\n"
    "site = load_site(Path(sys.argv[1]))\n"
    "context = SourceContext(site.sla, site.services, None, None)\n"
    "window = TimeWindow.for_sla(site.sla.terms.effective_date, int(time.time()))\n"
    "assert read_csv_columnar(Path(sys.argv[2]), context, window) is not None\n"
)
REFERENCE = (
    "import sys; from generator.commands import importing; "
    "importing.read_csv_columnar = lambda *a: None; "
    "from generator.cli import main; main(sys.argv[1:])"
)


def make_site(root: Path) -> None:
    root.mkdir(parents=True)
    shutil.copy(REPO / "data" / "sla.yml", root / "sla.yml")
    components = []
    for c in range(MONITORS):
        locations = ", ".join(f"probe-{k}" for k in range(LOCATIONS))
        components.append(
            f"  - id: c{c:02d}\n    name: Component {c}\n    monitors:\n"
            f"      - {{id: m{c:02d}, interval: 1m, locations: [{locations}]}}"
        )
    (root / "services.yml").write_text("components:\n" + "\n".join(components) + "\n")


def make_file(path: Path, rows: int, until: int) -> int:
    """About ``rows`` checks ending at ``until``, in time order as an export lists them."""
    per_series = max(1, rows // (MONITORS * LOCATIONS))
    times = until - INTERVAL * per_series + INTERVAL * np.arange(per_series, dtype=np.int64)
    rng = np.random.default_rng(7)
    n = per_series * MONITORS * LOCATIONS
    stamp = np.repeat(times, MONITORS * LOCATIONS)
    series = np.tile(np.arange(MONITORS * LOCATIONS), per_series)
    ok = rng.random(n) > 0.002
    latency = np.round(rng.lognormal(4.5, 0.25, n), 1)
    table = pa.table(
        {
            "timestamp": pc.strftime(
                pa.array(stamp.astype("datetime64[s]")), format="%Y-%m-%dT%H:%M:%SZ"
            ),
            "monitor": pa.array(np.char.add("m", np.char.zfill((series // 3).astype(str), 2))),
            "location": pa.array(np.char.add("probe-", (series % 3).astype(str))),
            "ok": pa.array(ok.astype(np.int8)),
            "latency_ms": pa.array(latency, mask=~ok),
            "status_code": pa.array(np.where(ok, 200, 503).astype(np.int16)),
            "error": pa.array(np.where(ok, "", "HTTP 503")),
        }
    )
    options = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(table, path, write_options=options)
    reverse = pa.array(np.arange(n - 1, -1, -1))
    pacsv.write_csv(table.take(reverse), path.with_suffix(".reversed.csv"), write_options=options)
    return n


def timed(args: list[str], env: dict[str, str], cwd: Path = REPO) -> tuple[float, float, float]:
    """(seconds, peak MB, CPU seconds) of one fresh process, run in ``cwd`` (whose
    statusgen it runs). The CPU time is printed too: on a shared machine it moves less
    with the load than the time does."""
    t = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - t
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout to time beside this one")
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="statusgen-bench-import-"))
    try:
        site, source = work / "empty", work / "checks.csv"
        make_site(site)
        until = int(time.time()) // 86400 * 86400
        # written by another process: a child started from this one carries this one's
        # memory high-water mark into its own peak (ru_maxrss survives the exec)
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            rows = pool.submit(make_file, source, args.rows, until).result()
        size = source.stat().st_size / 1e6
        print(f"{rows:,} rows ({MONITORS} monitors x {LOCATIONS} locations), {size:.0f} MB CSV")

        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        trees = {"": REPO}
        if args.compare is not None:
            trees["before "] = args.compare.resolve()
        floor_cmd = [sys.executable, "-c", FLOOR, str(source)]
        other = source.with_suffix(".reversed.csv")
        best: dict[str, tuple[float, float, float]] = {}
        for run in range(-1, args.runs):  # run -1, untimed: writes the bytecode
            rounds: list[tuple[str, list[str], Path]] = [("floor", floor_cmd, REPO)]
            for tree, checkout in trees.items():
                target = work / f"run{run}{tree.strip()}"
                shutil.copytree(site, target)
                command = [sys.executable, "-c", IMPORT, "--data", str(target), "import", "probes"]
                rounds += [
                    (f"{tree}import", [*command, str(source)], checkout),
                    (f"{tree}again", [*command, str(source)], checkout),
                    (f"{tree}other", [*command, str(other)], checkout),
                ]
                if not tree:  # the checkout before may not read as this one does
                    read = [sys.executable, "-c", READ, str(target), str(other)]
                    rounds.append(("read", read, checkout))
            for name, cmd, cwd in rounds:
                seconds, peak, cpu = timed(cmd, env, cwd)
                if run >= 0 and seconds < best.get(name, (np.inf, 0.0, 0.0))[0]:
                    best[name] = (seconds, peak, cpu)
            for tree in trees:
                shutil.rmtree(work / f"run{run}{tree.strip()}")
                shutil.rmtree(work / CACHE_DIR / f"run{run}{tree.strip()}", ignore_errors=True)
        floor = best["floor"]
        print(
            f'(a) floor: python -c "{FLOOR}" FILE: {floor[0]:.2f} s, {floor[1]:.0f} MB, '
            f"CPU {floor[2]:.2f} s"
        )
        for tree in trees:
            imported, again, other_run = (best[tree + n] for n in ("import", "again", "other"))
            label = f" [{args.compare}]" if tree else ""
            print(
                f"(b) statusgen import probes FILE, empty store{label}: {imported[0]:.2f} s, "
                f"{imported[1]:.0f} MB, CPU {imported[2]:.2f} s"
            )
            print(
                f"(c) the same import again (all rows stored){label}: {again[0]:.2f} s, "
                f"{again[1]:.0f} MB, CPU {again[2]:.2f} s"
            )
            print(
                f"(e) the same rows from another file, all stored{label}: {other_run[0]:.2f} s, "
                f"{other_run[1]:.0f} MB, CPU {other_run[2]:.2f} s"
            )
            if not tree:
                checked = best["read"]
                print(
                    f"(f) the part of (e) before the comparison, the rows read and checked: "
                    f"{checked[0]:.2f} s, {checked[1]:.0f} MB, CPU {checked[2]:.2f} s"
                )
            print(
                f"ratio b/a: {imported[0] / floor[0]:.2f} (target <= 3, peak <= 600 MB); "
                f"c/a: {again[0] / floor[0]:.2f}, e/a: {other_run[0] / floor[0]:.2f} "
                f"(target <= 1.5){label}"
                + ("" if tree else f", f/a: {best['read'][0] / floor[0]:.2f}")
                + f"; best of {args.runs}, interleaved"
            )
        print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
        if not args.no_reference:
            target = work / "reference"
            shutil.copytree(site, target)
            ref = [sys.executable, "-c", REFERENCE, "--data", str(target), "import", "probes"]
            seconds, peak, _ = timed([*ref, str(source)], env)
            print(
                f"(d) the row-by-row reference import, once: {seconds:.2f} s, {peak:.0f} MB "
                f"({seconds / floor[0]:.0f}x the floor)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
