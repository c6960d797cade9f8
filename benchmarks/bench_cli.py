"""How long `statusgen --help` takes, against starting Python itself.

Floor: `python -c pass`, the interpreter's own start. Subject: `python -m generator --help`
and `python -m generator report --help`, which must not load the pipeline (jsonschema,
pyarrow, matplotlib, WeasyPrint). Runs interleaved, best of N; prints each ratio.

    python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "statusgen --help": [sys.executable, "-m", "generator", "--help"],
    "statusgen report --help": [sys.executable, "-m", "generator", "report", "--help"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    best = dict.fromkeys(COMMANDS, float("inf"))
    for _ in range(runs):
        for name, command in COMMANDS.items():  # interleaved: load spikes hit all alike
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            best[name] = min(best[name], time.perf_counter() - started)
    floor = best["python -c pass (floor)"]
    for name, seconds in best.items():
        print(f"{name:28} {seconds * 1000:7.1f} ms  {seconds / floor:4.1f}x")


if __name__ == "__main__":
    main()
