"""Status-site build times: the demo site and a large site, against plain mkdocs.

    python benchmarks/bench_site.py [--repeat N] [--keep DIR]

For each site it times ``statusgen build`` (the whole pipeline: loading the store,
timelines, every period's report, status, 90-day bars, latency percentiles, charts, pages,
JSON, badges, feed, then mkdocs with Material) and then a plain ``mkdocs build`` of the same
number of pages: the Markdown the plugin generated, written out as ordinary files with the
same theme, extensions and assets, built by the same mkdocs API in the same process. The
ratio is statusgen's overhead over what mkdocs itself costs for those pages; the target is
at most 1.5x (issue 12). The floor's pages are the Markdown as a reader gets it, statusgen's
HTML (tables, day bars, banners) in place, so Markdown's HTML extractor reads every raw
block to find its end and mkdocs reads it again for ids; statusgen's own build sets those
blocks aside before the conversion and puts them back after it (mkdocs_plugin/raw_html.py),
for the same HTML, byte for byte: work saved, not pages left out. A second statusgen figure leaves the charts out, to show their share (they are
drawn by matplotlib in forked worker processes while mkdocs renders, so they cost the build
little as long as a core is free). Every build is cold: each starts on an empty cache
directory (``$STATUSGEN_CACHE_DIR``) with nothing kept in memory from the build before, so
nothing kept helps.
Each figure is the best of ``--repeat`` builds in one process, statusgen's and the floor's
interleaved (one of each in turn, so the machine's load moves them alike), after a first
statusgen build that is not timed (it pays the imports and gives the floor its pages).

The rebuild line times the incremental build: a cold build, then one probe line appended to
the running period's partition of one monitor, then the rebuild (the columnar cache filled;
kept from the cold build: the closed periods' reports, the charts, the pages' Markdown
conversions and their HTML and search entries, each reused where its inputs are unchanged,
and, in memory, the monitors' reads, as ``serve`` keeps them between its rebuilds),
against that cold build in the same round; and, to show what reuse adds over the columnar
cache alone, the same rebuild with everything kept deleted (and forgotten) first. Rounds
are interleaved, best of ``--repeat``. These builds run in this process, as ``serve`` runs them; the line
after them times a cold build and the rebuild each in a new ``statusgen build --no-pdf``
process, as the scheduled build runs them (the interpreter's start and imports included;
only the cache directory reused), and the next scheduled build: another line five minutes
on, built as of five minutes later (every page or file that shows the as-of time changes;
for the demo also with its PDF reports, each of which shows the as-of time). The site's last line times the same three builds of the status
model alone (``build_model``: the store, timelines, reports, windows). Under the new-process
line, a new interpreter that imports every module the cold build's process imported, and does
nothing else, timed in the same rounds: what any build process costs before its work.

The line under each site gives what the charts cost drawn one after the other in one
process, the work the workers share. PDF reports are left out (``--no-pdf``): they are the
PDF renderer's cost, timed by its own benchmark; but for the demo a line times the default
build too, its PDF reports included (cold), against the same plain mkdocs floor (issue 12's
target: at most 3x), and its CPU seconds (the process and its chart and PDF workers) beside
the ``--no-pdf`` build's: spread over every core, they are the least time any scheduling of
that work could take.

- demo: ``statusgen demo`` records (4 components, 5 monitors, a year of 5-minute checks from
  up to 2 locations, ~20 incidents), generated to a fixed date.
- large: 50 components in 5 groups, one monitor each checking every 5 minutes, over 4 SLA
  periods (a year: ~5.3 million checks), 48 incidents and 12 maintenance windows.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.commands.build import BuildOptions  # noqa: E402
from generator.mkdocs_plugin.plugin import RunSettings, running  # noqa: E402
from generator.timeutil import format_instant, parse_instant, parse_timezone  # noqa: E402

UNTIL = parse_instant("2026-11-20T12:00:00+03:00")
STATUSGEN = "import sys; from generator.cli import main; main(sys.argv[1:])"
START = parse_instant("2025-11-01T00:00:00+03:00")  # 4 periods: Nov 2025 to Jan 2027
COMPONENTS = 50
KEPT = ("reports", "charts", "rendered", "pages")  # what builds keep besides the columnar cache
GROUPS = 5


def demo_data(root: Path) -> Path:
    from generator.demo import DemoOptions, generate_demo

    data = root / "data"
    data.mkdir(parents=True)
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    generate_demo(DemoOptions(data, UNTIL, 2026))
    return data


def large_data(root: Path) -> Path:
    """50 components, a year of 5-minute checks each, written straight into the store."""
    data = root / "data"
    data.mkdir(parents=True)
    shutil.copy(REPO / "data" / "sla.yml", data / "sla.yml")
    groups = [{"id": f"g{g}", "name": f"Region {g + 1}"} for g in range(GROUPS)]
    components = [
        {
            "id": f"c{i:02d}",
            "name": f"Service {i:02d}",
            "description": f"Synthetic component {i}",
            "group": f"g{i % GROUPS}",
            "monitors": [{"id": f"m{i:02d}", "interval": "5m", "locations": ["eu"]}],
        }
        for i in range(COMPONENTS)
    ]
    (data / "services.yml").write_text(yaml.safe_dump({"groups": groups, "components": components}))
    rng = np.random.default_rng(7)
    times = np.arange(START, UNTIL, 300, dtype=np.int64)
    months = times.astype("datetime64[s]").astype("datetime64[M]")
    stamps = np.char.add(np.datetime_as_string(times.astype("datetime64[s]"), unit="s"), "Z")
    for i in range(COMPONENTS):
        ok = np.ones(len(times), dtype=bool)
        for start in rng.choice(len(times) - 20, size=4, replace=False):
            ok[start : start + rng.integers(1, 12)] = False
        latency = np.round(rng.gamma(6, 18, len(times)), 1).astype(str)
        directory = data / "probes/samples" / f"m{i:02d}"
        directory.mkdir(parents=True)
        for month in np.unique(months):
            pick = months == month
            n = int(pick.sum())
            table = pa.table(
                {
                    "timestamp": stamps[pick],
                    "location": np.full(n, "eu"),
                    "ok": np.where(ok[pick], "1", "0"),
                    "latency_ms": latency[pick],
                    "status_code": np.where(ok[pick], "200", "503"),
                    "error": np.full(n, ""),
                }
            )
            options = pacsv.WriteOptions(quoting_style="none")
            pacsv.write_csv(table, directory / f"{month}.csv", write_options=options)
    (data / "incidents").mkdir()
    (data / "maintenance").mkdir()
    zone = parse_timezone("+03:00")
    for k in range(48):
        started = START + int(rng.integers(0, UNTIL - START - 7200))
        ts = format_instant(started, zone)
        resolved = format_instant(started + 1800, zone)
        (data / "incidents" / f"incident-{k:02d}.md").write_text(
            f"---\ntitle: Elevated errors on service {k % COMPONENTS:02d}\n"
            f"components: [c{k % COMPONENTS:02d}]\nimpact: major\nstarted: {ts}\n"
            f"resolved: {resolved}\nupdates:\n  - at: {ts}\n    status: investigating\n"
            f"    message: We are looking into it.\n  - at: {resolved}\n    status: resolved\n"
            "    message: Resolved.\n---\n\nA synthetic incident.\n"
        )
    for k in range(12):
        start = START + k * 30 * 86400 + 86400
        (data / "maintenance" / f"release-{k:02d}.md").write_text(
            f"---\ntitle: Release {k}\ncomponents: [c00, c01]\n"
            f"start: {format_instant(start, zone)}\nend: {format_instant(start + 1800, zone)}\n"
            "---\n\nA synthetic release.\n"
        )
    return data


def plain_site(generated: dict[str, str], root: Path) -> Path:
    """The same pages as ordinary Markdown files (as generated: the HTML in place), with the
    site's assets and theme."""
    docs = root / "docs"
    shutil.copytree(REPO / "site", docs)
    for src, text in generated.items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(docs / "overrides")
    config["plugins"] = ["search"]
    config.pop("not_in_nav", None)
    # The theme overrides say their words through gettext (``_()``); any translated theme
    # needs this hook, so the floor pays for it too: English, no catalogue.
    hook = root / "gettext_hook.py"
    hook.write_text(
        "import gettext\n\n\ndef on_env(env, config, files):\n"
        "    env.add_extension('jinja2.ext.i18n')\n"
        "    env.install_gettext_translations(gettext.NullTranslations(), newstyle=True)\n"
        "    return env\n"
    )
    config["hooks"] = [str(hook)]
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(yaml.safe_dump(config))
    return mkdocs_yml


def time_statusgen(
    data: Path, out: Path, repeat: int, charts: bool = True, cpu: list[float] | None = None
) -> tuple[float, dict[str, str], Any]:
    """Best seconds of the statusgen build (as ``statusgen build --no-pdf`` runs it, less
    the final directory swap), the Markdown pages it generated and its model; each build's
    CPU seconds (:func:`cpu_seconds`) are added to ``cpu``."""
    from mkdocs.commands.build import build

    from generator.commands.build import load_mkdocs_config

    times = []
    generated: dict[str, str] = {}
    model = None
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        _fresh_cache(out.parent / "cache")
        started, cpu_started = time.perf_counter(), cpu_seconds()
        options = BuildOptions(data, out, REPO / "mkdocs.yml", UNTIL, pdf=False)
        config = load_mkdocs_config(options, site_dir=str(out))
        config.plugins["statusgen"].config.charts = charts  # type: ignore[attr-defined]
        with running(RunSettings(data.resolve(), UNTIL, pdf=False)):
            build(config)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(cpu_seconds() - cpu_started)
        plugin = config.plugins["statusgen"]  # type: ignore[attr-defined]
        generated = {k: v for k, v in plugin.generated.items() if k.endswith(".md")}
        model = plugin.model
    return min(times), generated, model


def _fresh_cache(root: Path) -> Path:
    """An empty cache directory for the next build, and nothing kept in memory either."""
    shutil.rmtree(root, ignore_errors=True)
    os.environ["STATUSGEN_CACHE_DIR"] = str(root)
    _forget_kept_reads()
    return root


def _forget_kept_reads() -> None:
    """The monitors' reads a build keeps in memory for the next build of this process (as
    ``serve`` rebuilds) let go of: a cold build, or one with only the columnar cache, must
    not find them."""
    from generator.reporting.monitor_reads import forget_reads

    forget_reads()


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the chart workers): on cores
    other engineers share, it changes far less with their load than the wall clock."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


CPU: dict[str, list[float]] = {"cold": [], "rebuild": []}  # CPU seconds of time_rebuild's builds


def _build(data: Path, out: Path, cpu: list[float] | None = None) -> float:
    from mkdocs.commands.build import build

    from generator.commands.build import load_mkdocs_config

    shutil.rmtree(out, ignore_errors=True)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    options = BuildOptions(data, out, REPO / "mkdocs.yml", UNTIL, pdf=False)
    with running(RunSettings(data.resolve(), UNTIL, pdf=False)):
        build(load_mkdocs_config(options, site_dir=str(out)))
    if cpu is not None:
        cpu.append(cpu_seconds() - cpu_started)
    return time.perf_counter() - started


def time_with_pdfs(data: Path, out: Path, repeat: int, cpu: list[float] | None = None) -> float:
    """Best seconds of the default build, PDF reports included (``statusgen build``), cold;
    each build's CPU seconds (the PDF and chart workers' included) are added to ``cpu``."""
    from mkdocs.commands.build import build

    from generator.commands.build import load_mkdocs_config

    times = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        _fresh_cache(out.parent / "cache")
        started, cpu_started = time.perf_counter(), cpu_seconds()
        options = BuildOptions(data, out, REPO / "mkdocs.yml", UNTIL, pdf=True)
        with running(RunSettings(data.resolve(), UNTIL, pdf=True)):
            build(load_mkdocs_config(options, site_dir=str(out)))
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(cpu_seconds() - cpu_started)
    os.environ.pop("STATUSGEN_CACHE_DIR", None)
    return min(times)


def time_rebuild(data: Path, base: Path, repeat: int) -> tuple[float, float, float]:
    """Best seconds of: a cold build, a rebuild after one new probe line in the running
    period, and that rebuild with only the columnar cache (everything kept deleted)."""
    partition = sorted((data / "probes/samples").glob("*/2026-11.csv"))[0]
    size = partition.stat().st_size
    location = partition.read_text().splitlines()[-1].split(",")[1]
    line = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(UNTIL - 150))
    colds, rebuilds, store_only = [], [], []
    try:
        for _ in range(repeat):
            cache = _fresh_cache(base / "cache")
            colds.append(_build(data, base / "public", CPU["cold"]))
            with partition.open("a") as handle:
                handle.write(f"{line},{location},0,,503,\n")
            rebuilds.append(_build(data, base / "public", CPU["rebuild"]))
            with partition.open("r+") as handle:
                handle.truncate(size)
            for kept in KEPT:
                shutil.rmtree(cache / data.name / kept, ignore_errors=True)
            _forget_kept_reads()
            store_only.append(_build(data, base / "public"))
    finally:
        os.environ.pop("STATUSGEN_CACHE_DIR", None)
    return min(colds), min(rebuilds), min(store_only)


# a statusgen process that writes, as it exits, the name of every module it imported
RECORDING = (
    "import atexit, sys; names = sys.argv.pop(1); atexit.register(lambda: open(names, 'w')"
    ".write('\\n'.join(sorted(sys.modules)))); from generator.cli import main; main(sys.argv[1:])"
)
# a process that only imports those modules (any that cannot be imported alone is skipped)
IMPORTING = (
    "import importlib, sys\n"
    "for name in open(sys.argv[1]).read().split():\n"
    "    if name != '__main__':\n"
    "        try:\n"
    "            importlib.import_module(name)\n"
    "        except BaseException:\n"
    "            pass\n"
)


def time_rebuild_processes(
    data: Path, base: Path, repeat: int, pdf: bool = False
) -> tuple[float, float, float, float | None]:
    """Best seconds of a cold ``statusgen build --no-pdf`` (``--pdf``: the default build),
    of the rebuild after one new probe line, and of the next scheduled build five minutes
    later (another line, the as-of time five minutes on), each in a new process, as the
    scheduled build runs them: the interpreter's start and the imports included, and only
    what the cache directory holds reused (the rebuild in one process also has what the
    build before left in memory). The fourth figure (``--no-pdf`` only, else None) is what
    any such process costs before it does any work: a new interpreter importing every
    module the cold build imported, and nothing else, timed in the same rounds."""
    partition = sorted((data / "probes/samples").glob("*/2026-11.csv"))[0]
    size = partition.stat().st_size
    location = partition.read_text().splitlines()[-1].split(",")[1]
    env = {**os.environ, "STATUSGEN_CACHE_DIR": str(base / "cache-process")}
    modules = base / "modules.txt"

    def build(until: int, record: bool = False) -> float:
        as_of = format_instant(until, parse_timezone("+03:00"))
        command = [
            sys.executable,
            "-c",
            *((RECORDING, str(modules)) if record else (STATUSGEN,)),
            *("--data", str(data), "build", "--pdf" if pdf else "--no-pdf", "--as-of", as_of),
            *("-o", str(base / "public-process")),
        ]
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True)
        return time.perf_counter() - started

    def imports() -> float:
        started = time.perf_counter()
        command = [sys.executable, "-c", IMPORTING, str(modules)]
        subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True)
        return time.perf_counter() - started

    def append(at: int) -> None:
        with partition.open("a") as handle:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
            handle.write(f"{stamp},{location},0,,503,\n")

    if not pdf:
        shutil.rmtree(env["STATUSGEN_CACHE_DIR"], ignore_errors=True)
        build(UNTIL, record=True)  # not timed: the modules a cold build imports
    colds, rebuilds, later, started = [], [], [], []
    for _ in range(repeat):
        shutil.rmtree(env["STATUSGEN_CACHE_DIR"], ignore_errors=True)
        colds.append(build(UNTIL))
        try:
            append(UNTIL - 150)
            rebuilds.append(build(UNTIL))
            append(UNTIL + 150)
            later.append(build(UNTIL + 300))
        finally:
            with partition.open("r+") as handle:
                handle.truncate(size)
        if not pdf:
            started.append(imports())
    return min(colds), min(rebuilds), min(later), min(started, default=None)


def time_model_rebuild(data: Path, base: Path, repeat: int) -> tuple[float, float, float]:
    """The same three builds as time_rebuild, of the status model alone (build_model: the
    store, timelines, reports, windows), without pages, mkdocs or charts."""
    from generator.reporting.site import build_model
    from generator.site import load_site

    partition = sorted((data / "probes/samples").glob("*/2026-11.csv"))[0]
    size = partition.stat().st_size
    location = partition.read_text().splitlines()[-1].split(",")[1]
    line = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(UNTIL - 150))
    colds, rebuilds, store_only = [], [], []
    try:
        for _ in range(repeat):
            _fresh_cache(base / "cache")
            for times, reuse in ((colds, True), (rebuilds, True), (store_only, False)):
                if times is not colds:
                    with partition.open("a") as handle:
                        handle.write(f"{line},{location},0,,503,\n")
                started = time.perf_counter()
                build_model(load_site(data), UNTIL, reuse_reports=reuse)
                times.append(time.perf_counter() - started)
                with partition.open("r+") as handle:
                    handle.truncate(size)
    finally:
        os.environ.pop("STATUSGEN_CACHE_DIR", None)
    return min(colds), min(rebuilds), min(store_only)


def time_charts(model: Any) -> tuple[int, float]:
    """How many charts the site has and the seconds to draw them all in this process."""
    from generator.render.site_charts import chart_jobs, draw

    jobs = chart_jobs(model)
    started = time.perf_counter()
    for job in jobs:
        draw(job)
    return len(jobs), time.perf_counter() - started


def time_plain(mkdocs_yml: Path, out: Path, repeat: int) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        build(load_config(config_file=str(mkdocs_yml), site_dir=str(out)))
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per measurement (best)")
    parser.add_argument("--keep", type=Path, help="keep the generated data and sites here")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.ERROR)
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        print(
            f"{'site':<8}{'pages':>7}{'statusgen build':>18}{'plain mkdocs':>15}{'ratio':>8}"
            f"{'without charts':>17}{'ratio':>8}"
        )
        for name, make in (("demo", demo_data), ("large", large_data)):
            base = root / name
            started = time.perf_counter()
            data = make(base)
            made = time.perf_counter() - started
            # a first build, not timed: the floor's pages, and the imports paid
            _, generated, model = time_statusgen(data, base / "public", 1)
            pages = len(generated)
            floor = plain_site(generated, base / "plain")
            times: dict[str, list[float]] = {"ours": [], "plain": [], "bare": [], "pdf": []}
            cpu: dict[str, list[float]] = {"ours": [], "pdf": []}
            for _ in range(args.repeat):  # interleaved: the machine's load moves them alike
                times["ours"].append(time_statusgen(data, base / "public", 1, cpu=cpu["ours"])[0])
                times["plain"].append(time_plain(floor, base / "plain-out", 1))
                times["bare"].append(time_statusgen(data, base / "public", 1, charts=False)[0])
                if name == "demo":
                    times["pdf"].append(time_with_pdfs(data, base / "with-pdfs", 1, cpu["pdf"]))
            ours, plain, bare = min(times["ours"]), min(times["plain"]), min(times["bare"])
            os.environ.pop("STATUSGEN_CACHE_DIR", None)
            count, drawing = time_charts(model)
            print(f"{name:<8}{pages:>7}{ours:>17.2f}s{plain:>14.2f}s{ours / plain:>7.2f}x"
                  f"{bare:>16.2f}s{bare / plain:>7.2f}x   (data generated in {made:.1f} s)")  # fmt: skip
            print(f"{'':<8}{count:>7} charts, drawn in one process: {drawing:.2f} s,"
                  f" {1000 * drawing / max(count, 1):.1f} ms each")  # fmt: skip
            if name == "demo":
                with_pdfs = min(times["pdf"])
                print(f"{'':<8}the default build, with the {len(model.periods)} PDF reports:"
                      f" {with_pdfs:.2f} s vs plain {plain:.2f} s: {with_pdfs / plain:.1f}x"
                      " (target <= 3x)")  # fmt: skip
                # no build is done sooner than its CPU seconds spread over every core
                cores = os.cpu_count() or 1
                work, sites = min(cpu["pdf"]), min(cpu["ours"])
                print(f"{'':<8}its CPU seconds (the process, its chart and PDF workers):"
                      f" {work:.2f} s, {work - sites:.2f} s more than --no-pdf's {sites:.2f} s;"
                      f" spread over the {cores} cores, no less than {work / cores:.2f} s:"
                      f" {work / cores / plain:.1f}x plain, the PDFs alone"
                      f" {(work - sites) / cores / plain:.1f}x")  # fmt: skip
            cold, rebuild, store_only = time_rebuild(data, base, args.repeat)
            print(f"{'':<8}rebuild after one new probe line: {rebuild:.2f} s vs cold"
                  f" {cold:.2f} s: {rebuild / cold:.0%} of cold (target <= 25%);"
                  f" columnar cache only {store_only:.2f} s: {store_only / cold:.0%}")  # fmt: skip
            cpu_cold, cpu_rebuild = min(CPU["cold"]), min(CPU["rebuild"])
            print(f"{'':<8}the same in CPU seconds (the process and its chart workers):"
                  f" rebuild {cpu_rebuild:.2f} s vs cold {cpu_cold:.2f} s:"
                  f" {cpu_rebuild / cpu_cold:.0%}")  # fmt: skip
            CPU["cold"].clear()
            CPU["rebuild"].clear()
            cold, rebuild, later, alone = time_rebuild_processes(data, base, args.repeat)
            print(f"{'':<8}each in a new process, as the scheduled build runs them (with the"
                  f" interpreter's start): rebuild {rebuild:.2f} s vs cold {cold:.2f} s:"
                  f" {rebuild / cold:.0%}; the next scheduled build, 5 minutes later:"
                  f" {later:.2f} s: {later / cold:.0%}")  # fmt: skip
            if alone is not None:
                print(f"{'':<8}a new interpreter importing the modules a build imports, and"
                      f" nothing else: {alone:.2f} s: {alone / cold:.0%} of the cold"
                      " build")  # fmt: skip
            if name == "demo":
                cold, rebuild, later, _ = time_rebuild_processes(data, base, args.repeat, pdf=True)
                print(f"{'':<8}the same with the PDF reports (the default build): rebuild"
                      f" {rebuild:.2f} s vs cold {cold:.2f} s: {rebuild / cold:.0%}; 5 minutes"
                      f" later: {later:.2f} s: {later / cold:.0%} (only the running period's"
                      " PDF drawn again: a closed one bears the moment its figures last"
                      " changed)")  # fmt: skip
            cold, rebuild, store_only = time_model_rebuild(data, base, args.repeat)
            print(f"{'':<8}the status model alone: rebuild {rebuild:.2f} s vs cold {cold:.2f} s:"
                  f" {rebuild / cold:.0%}; without kept reports {store_only:.2f} s:"
                  f" {store_only / cold:.0%}")  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
