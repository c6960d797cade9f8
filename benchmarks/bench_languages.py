"""What translation costs a build: the demo site in English, then the same in German.

    python benchmarks/bench_languages.py [--repeat N] [--pdf]

Issue 18 asks that a translated site build within 10% of the English one. Both builds run
``build_site`` (what ``statusgen build`` runs: the status model, pages, charts, JSON, feeds,
mkdocs with Material, the atomic publish) on the same demo data in one process; only the SLA
file's ``language:`` differs. Every build is cold (an empty ``$STATUSGEN_CACHE_DIR``, so no
chart, kept report or columnar partition carries over), rounds alternate which language goes
first, and each figure is the best of ``--repeat``, in wall-clock seconds and in CPU
seconds (the process's and its chart workers': steadier than the wall clock on a shared
machine). PDF reports are left out unless ``--pdf``, as in bench_site.py (the PDF renderer
has its own benchmark).

Each round also builds ``languages: [en, uk, de]`` (three whole sites from one status
model), shown against the English build alone: what each further language adds.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.commands.build import BuildOptions, build_site  # noqa: E402
from generator.demo import DemoOptions, generate_demo  # noqa: E402
from generator.reporting.monitor_reads import forget_reads  # noqa: E402
from generator.timeutil import parse_instant  # noqa: E402

UNTIL = parse_instant("2026-11-20T12:00:00+03:00")


def speaking(data: Path, line: str) -> None:
    """The SLA file with ``line`` ('language: de') right after its company."""
    sla = data / "sla.yml"
    text = re.sub(r"^languages?: .*\n", "", sla.read_text(encoding="utf-8"), flags=re.M)
    sla.write_text(text.replace("company: Lumentrack\n", f"company: Lumentrack\n{line}\n", 1))


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(data: Path, root: Path, line: str, pdf: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of one cold build with ``line`` in the SLA file."""
    speaking(data, line)
    cache = root / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["STATUSGEN_CACHE_DIR"] = str(cache)
    forget_reads()  # nor the monitors' reads the build before kept in this process
    started, used = time.perf_counter(), cpu()
    build_site(BuildOptions(data, root / "public", REPO / "mkdocs.yml", UNTIL, pdf=pdf))
    return time.perf_counter() - started, cpu() - used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="builds per language (best)")
    parser.add_argument("--pdf", action="store_true", help="write the PDF reports too")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.ERROR)
    root = Path(tempfile.mkdtemp(prefix="bench-languages-"))
    try:
        data = root / "data"
        data.mkdir()
        for name in ("sla.yml", "services.yml"):
            shutil.copy(REPO / "data" / name, data / name)
        generate_demo(DemoOptions(data, UNTIL, 2026))
        timed(data, root, "language: en", args.pdf)  # the imports, once
        times: dict[str, list[tuple[float, float]]] = {"en": [], "de": [], "three": []}
        for round_ in range(args.repeat):
            order = ("en", "de") if round_ % 2 == 0 else ("de", "en")
            for code in order:
                times[code].append(timed(data, root, f"language: {code}", args.pdf))
            times["three"].append(timed(data, root, "languages: [en, uk, de]", args.pdf))
        load = os.getloadavg()
        print(f"demo site, cold builds, best of {args.repeat}, pdf {'on' if args.pdf else 'off'}")
        for what, index in (("wall", 0), ("CPU", 1)):
            en, de, three = (min(t[index] for t in times[k]) for k in ("en", "de", "three"))
            print(f"  {what:<4} English {en:.2f} s, German {de:.2f} s: German/English {de / en:.3f} (target <= 1.10); en+uk+de in one build {three:.2f} s: {three / en:.2f}x")  # fmt: skip
        print(f"  load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
