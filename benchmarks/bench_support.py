"""Benchmark: support tickets at scale, in ``statusgen report`` and the scheduled build.

The demo site (``statusgen demo --until 2026-11-20``: 5 monitors, 3 locations, a year of
checks, 338 tickets) with TICKETS more tickets (100,000 by default, --tickets) over the
year before, written through the store (``write_tickets``) as an import would: the demo's
channels, impacts and plans, 40 clients, first responses spread around the SLA's targets
(some late, the last few days' partly unanswered, some paused). Then, each in a fresh
process from bytecode (as bench_check.py runs them), interleaved, best of N:

  (a) the floor: pyarrow's CSV reader reading every ticket partition,
      ``python -c "import pyarrow.csv as c, pathlib, sys; [c.read_csv(p) for p in
      sorted(pathlib.Path(sys.argv[1]).glob('*.csv'))]" DATA/tickets``;
  (b) ``statusgen report --period 2026-08`` (Aug-Oct 2026, closed) with an empty derived
      cache (cold);
  (c) the same report again (warm: the cache the report before left);
  (d) ``statusgen build --no-pdf``, the next scheduled build (five minutes after a build
      whose cache it finds, one new ticket stored meanwhile);
  (e) the same build of the demo with its own 338 tickets only: d - e is what the
      tickets cost a scheduled build.

--compare DIR times (b) to (e) by the statusgen of another checkout (``git worktree add
/tmp/before <commit>``) in the same rounds, for a before and after. No target is set by an
issue: the figures say what a support desk of that size costs per build. Run:
  python benchmarks/bench_support.py [--tickets N] [--runs N] [--compare DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_check import UNTIL, demo_data  # noqa: E402  (the same demo as check's)

from generator.store.layout import DataDir  # noqa: E402
from generator.store.tickets import Ticket, load_tickets, write_tickets  # noqa: E402
from generator.timeutil import parse_instant  # noqa: E402

CLIENTS = 40
FLOOR = (
    "import pyarrow.csv as c, pathlib, sys; "
    "[c.read_csv(p) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.csv'))]"
)
STATUSGEN = "import sys; from generator.cli import main; main(sys.argv[1:])"
# first responses: minutes after creation, by impact (around the reference SLA's targets)
TYPICAL_MINUTES = {
    "critical": 10,
    "high": 40,
    "medium": 120,
    "low": 300,
    "informational": 600,
    "feature": 1200,
}


def many_tickets(data: DataDir, count: int, until: int) -> None:
    """``count`` tickets over the year before ``until``, seeded, stored as an import does."""
    kinds = sorted({(t.channel, t.impact, t.plan) for t in load_tickets(data)})
    rng = random.Random(12)
    start = until - 365 * 86400
    tickets = []
    for number in range(count):
        created = rng.randrange(start, until - 3600)
        channel, impact, plan = rng.choice(kinds)
        typical = TYPICAL_MINUTES[impact] * (0.2 if channel == "chat" else 1)
        answered: int | None = created + int(rng.lognormvariate(0, 0.8) * typical * 60)
        if answered is not None and answered > until:
            answered = None  # not answered yet
        paused = rng.choice((0, 0, 0, 0, 30, 90)) if answered else 0
        resolved = answered + rng.randrange(600, 86400) if answered else None
        tickets.append(
            Ticket(
                id=f"BT-{number}",
                channel=channel,
                impact=impact,
                created_at=created,
                plan=plan,
                first_response_at=answered,
                resolved_at=resolved if resolved and resolved <= until else None,
                paused_minutes=float(paused),
                client=f"org-{number % CLIENTS:03d}",
            )
        )
    write_tickets(data, tickets)


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout to time beside this one")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="statusgen-bench-support-"))
    try:
        demo = demo_data(work / "demo")
        large = work / "large" / "data"
        shutil.copytree(demo, large)
        until = parse_instant(UNTIL)
        many_tickets(DataDir(large), args.tickets, until)
        stored = len(load_tickets(DataDir(large)))
        print(f"demo with {stored:,} tickets over a year; the demo's own: 338")

        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": str(work / "pycache"), "NO_MKDOCS_2_WARNING": "1"}
        trees = {"": REPO}
        if args.compare is not None:
            trees["before "] = args.compare.resolve()
        best: dict[str, float] = {}
        for run in range(-1, args.runs):  # run -1, untimed: writes the bytecode
            # (name, command, checkout, its cache directory, empty it first, a build's data)
            rounds: list[tuple[str, list[str], Path, Path | None, bool, Path | None]] = [
                (
                    "floor",
                    [sys.executable, "-c", FLOOR, str(large / "tickets")],
                    REPO,
                    None,
                    False,
                    None,
                )
            ]
            for tree, checkout in trees.items():
                cache = work / f"cache-{tree.strip() or 'this'}"
                report = [sys.executable, "-c", STATUSGEN, "--data", str(large), "report"]
                report += ["--period", "2026-08", "--as-of", UNTIL]
                rounds += [
                    (f"{tree}cold", report, checkout, cache, True, None),
                    (f"{tree}warm", report, checkout, cache, False, None),
                ]
                for name, data in (("build", large), ("build-demo", demo)):
                    build = [sys.executable, "-c", STATUSGEN, "--data", str(data), "build"]
                    build += ["--no-pdf", "--offline", "-o", str(work / f"public-{name}")]
                    rounds.append((f"{tree}{name}", build, checkout, cache, False, data))
            for name, command, cwd, cache_dir, empty, data in rounds:
                run_env = dict(env)
                if cache_dir is not None:
                    if empty:
                        shutil.rmtree(cache_dir, ignore_errors=True)
                    run_env["STATUSGEN_CACHE_DIR"] = str(cache_dir)
                if data is not None:
                    # the schedule's run before, whose cache this one finds; then a new
                    # ticket is stored, and this run is five minutes later
                    earlier = [*command, "--as-of", UNTIL]
                    subprocess.run(earlier, env=run_env, cwd=cwd, check=True, capture_output=True)
                    with (data / "tickets" / "2026-11.csv").open("a") as handle:
                        handle.write(
                            f"NT-{name.replace(' ', '-')}-{run},chat,low,,2026-11-20T08:58:00Z,,,,\n"
                        )
                    command = [*command, "--as-of", "2026-11-20T12:05:00+03:00"]
                seconds = timed(command, run_env, cwd)
                if run >= 0:
                    best[name] = min(best.get(name, float("inf")), seconds)
        floor = best["floor"]
        print(f'(a) floor: python -c "{FLOOR}" DATA/tickets: {floor:.2f} s')
        for tree in trees:
            label = f" [{args.compare}]" if tree else ""
            cold, warm = best[f"{tree}cold"], best[f"{tree}warm"]
            build, demo_build = best[f"{tree}build"], best[f"{tree}build-demo"]
            print(
                f"(b) statusgen report, Aug-Oct 2026, cold{label}: {cold:.2f} s ({cold / floor:.1f}x)"
            )
            print(f"(c) the same report, warm{label}: {warm:.2f} s ({warm / floor:.1f}x)")
            print(f"(d) the next scheduled build --no-pdf{label}: {build:.2f} s")
            print(
                f"(e) the same build, the demo's 338 tickets{label}: {demo_build:.2f} s; "
                f"the tickets cost the build {build - demo_build:.2f} s"
            )
        print(f"best of {args.runs}, interleaved; load average at the end: {os.getloadavg()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
