#!/usr/bin/env python3
"""Mutation check: break one rule of the default policy at a time and see a test fail.

Each mutation below replaces one short, exact snippet of the source with a broken version
of the rule it implements (the rule quoted from DESIGN.md, "Default policy" and "Audiences
and display"). For each, the repository's sources and tests are copied once into a temporary
directory, the mutation is applied there (never here), and the mutation's test files run
with ``python -m pytest -x -q`` and PYTHONPATH set to the copy, so the copy's ``generator``
package is imported rather than the editable install. A failing run means the suite noticed
the broken rule (killed); a passing one means it did not (SURVIVED). A mutation whose
snippet is no longer in the source is "not applicable": the code moved, so update its
snippet. Before any mutation, the unmutated copy must pass the same tests.

    python scripts/mutation_check.py              # every mutation, then the score
    python scripts/mutation_check.py --list       # names, files and rules
    python scripts/mutation_check.py --only cancelled-maintenance-excludes

This is a developer's check, not part of CI (it runs the tests once per mutation). It exits
non-zero if a mutation survived, the baseline failed, or a snippet was not found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What a test run needs: sources, tests, templates, the site's pages, the demo's config and
# the docs the tests read. Not .git, caches or build outputs.
COPY_TREES = ("generator", "tests", "templates", "site", "docs")
COPY_FILES = ("pyproject.toml", "mkdocs.yml", "README.md")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")

RULES = "tests/test_rules.py"
UPTIME = (RULES, "tests/test_uptime.py", "tests/test_attainment.py")
SUPPORT = (RULES, "tests/test_support.py")
DISPLAY = (RULES,)


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str
    new: str
    rule: str  # the DESIGN.md rule the mutation breaks
    tests: tuple[str, ...]


MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "quorum-default-all-locations",
        "generator/config/services.py",
        "min(sla.uptime.quorum, len(locations))",
        "len(locations)",
        "quorum default: 2, or 1 for a monitor with one location (three locations: 2)",
        UPTIME,
    ),
    Mutation(
        "quorum-ignored",
        "generator/compute/uptime.py",
        "covered_by_at_least(downs, monitor.quorum)",
        "covered_by_at_least(downs, 1)",
        "a monitor is down while at least quorum of its locations are down",
        UPTIME,
    ),
    Mutation(
        "max-gap-unbounded",
        "generator/compute/uptime.py",
        "np.minimum(timestamp[1:], timestamp[:-1] + max_gap)",
        "timestamp[1:]",
        "a sample's state holds until the next sample, but at most max_gap",
        UPTIME,
    ),
    Mutation(
        "max-gap-default-2x",
        "generator/config/services.py",
        "round(interval * sla.uptime.max_gap_intervals)",
        "round(interval * 2)",
        "max_gap default: 3 x the monitor's interval",
        UPTIME,
    ),
    Mutation(
        "no-data-counted-as-downtime",
        "generator/compute/attainment.py",
        "downtime = service_down.total()",
        "downtime = service_down.total() + service_no_data.total()",
        "no-data time is not downtime",
        UPTIME,
    ),
    Mutation(
        "overlaps-counted-twice",
        "generator/compute/attainment.py",
        "downtime = service_down.total()",
        "downtime = sum(r.counted.total() for r in counted_components)",
        "the service is down while any counted component is down: overlaps counted once",
        UPTIME,
    ),
    Mutation(
        "beta-counted",
        "generator/config/services.py",
        "return self.covered and not self.beta",
        "return self.covered",
        "a component is counted when covered and not beta",
        UPTIME,
    ),
    Mutation(
        "cancelled-maintenance-excludes",
        "generator/compute/attainment.py",
        "if window.cancelled or window.end <= lo",
        "if window.end <= lo",
        "downtime inside a declared maintenance window is excluded (a cancelled one is not)",
        UPTIME,
    ),
    Mutation(
        "maintenance-not-excluded",
        "generator/compute/attainment.py",
        "Intervals.of([(window.start, end)])",
        "Intervals.empty()",
        "downtime inside a declared maintenance window is excluded, with its reason",
        UPTIME,
    ),
    Mutation(
        "excluded-incident-ignored",
        "generator/compute/attainment.py",
        "if not incident.excluded or incident.resolved is None",
        "if True",
        "downtime in an incident declared excluded with a reason is excluded",
        UPTIME,
    ),
    Mutation(
        "absolute-source-paths",
        "generator/reporting/period.py",
        ".relative_to(root).as_posix()",
        ".as_posix()",
        "public outputs hold no file path of the build machine: sources relative to data/",
        (RULES, "tests/test_support_report.py"),
    ),
    Mutation(
        "display-rounded",
        "generator/render/formatting.py",
        'f"{truncate(value, places):.{places}f}"',
        'f"{value:.{places}f}"',
        "displayed percentages are truncated, never rounded (99.9951 shows as 99.99%)",
        DISPLAY,
    ),
    Mutation(
        "model-percent-rounded",
        "generator/model/report.py",
        "rounding=ROUND_FLOOR",
        'rounding="ROUND_HALF_UP"',
        "the JSON's percentages are truncated to 4 decimals",
        UPTIME,
    ),
    Mutation(
        "support-attainment-rounded",
        "generator/compute/support.py",
        "return truncate(Decimal(met) * 100 / Decimal(counted))",
        "return float(round(Decimal(met) * 100 / Decimal(counted), 4))",
        "support attainment is truncated to 4 decimals, never rounded up",
        SUPPORT,
    ),
    Mutation(
        "met-strictly-before-deadline",
        "generator/compute/support.py",
        "MET if answered <= deadline.at",
        "MET if answered < deadline.at",
        "a ticket met its target if first_response_at <= deadline",
        SUPPORT,
    ),
    Mutation(
        "pending-counted",
        "generator/compute/support.py",
        "attainment_percent=attainment_percent(met, breached)",
        "attainment_percent=attainment_percent(met, len(items) - met)",
        "pending tickets are shown, not counted in attainment",
        SUPPORT,
    ),
    Mutation(
        "no-24-hour-rule",
        "generator/compute/support.py",
        'if rule != "calendar":',
        "if False:",
        "critical/high outside business hours: deadline = created_at + 24 hours",
        SUPPORT,
    ),
    Mutation(
        "pause-ignored-calendar-time",
        "generator/compute/support.py",
        "at=at + paused,",
        "at=at,",
        "paused_minutes extends the deadline (calendar time)",
        SUPPORT,
    ),
    Mutation(
        "pause-ignored-business-clock",
        "generator/compute/support.py",
        "target.seconds + paused)",
        "target.seconds)",
        "paused_minutes extends the deadline (business clock)",
        SUPPORT,
    ),
    Mutation(
        "review-overdue-on-the-day",
        "generator/config/sla.py",
        "return today > self.next_review",
        "return today >= self.next_review",
        'when the next review date has passed, "review overdue since ..."',
        (RULES, "tests/test_config.py"),
    ),
)


def copy_repository(target: Path) -> None:
    for tree in COPY_TREES:
        if (REPO / tree).is_dir():
            shutil.copytree(REPO / tree, target / tree, ignore=IGNORE)
    for name in COPY_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target / name)
    (target / "data").mkdir()
    for path in sorted((REPO / "data").glob("*.yml")):
        shutil.copy2(path, target / "data" / path.name)


def run_tests(copy: Path, tests: Sequence[str]) -> subprocess.CompletedProcess[str]:
    present = [t for t in tests if (copy / t).is_file()]
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "PYTHONDONTWRITEBYTECODE": "1",  # a restored file is never read from a stale .pyc
    }
    env.pop("CI", None)  # locally, a skipped test is a skip, not a kill
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *present],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def imports_the_copy(copy: Path) -> bool:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Path(result.stdout.strip()).resolve().is_relative_to(copy.resolve())


def check(mutations: Sequence[Mutation]) -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="statusgen-mutants-") as tmp:
        copy = Path(tmp)
        copy_repository(copy)
        if not imports_the_copy(copy):
            print("error: the copy's generator package is not the one imported", file=sys.stderr)
            return 2
        baseline_tests = sorted({t for m in mutations for t in m.tests})
        baseline = run_tests(copy, baseline_tests)
        if baseline.returncode != 0:
            print("error: the unmutated tests fail; fix them first:", file=sys.stderr)
            print(baseline.stdout[-3000:], file=sys.stderr)
            return 2
        killed = survived = missing = 0
        width = max(len(m.name) for m in mutations)
        for mutation in mutations:
            path = copy / mutation.file
            original = path.read_text(encoding="utf-8") if path.is_file() else ""
            count = original.count(mutation.old)
            if count != 1:
                missing += 1
                why = "not found" if count == 0 else f"found {count} times"
                print(f"{'not applicable':14} {mutation.name:{width}}  ({mutation.file}: {why})")
                continue
            path.write_text(original.replace(mutation.old, mutation.new), encoding="utf-8")
            try:
                result = run_tests(copy, mutation.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            if result.returncode == 0:
                survived += 1
                verdict = "SURVIVED"
            else:
                killed += 1
                verdict = "killed"
            print(f"{verdict:14} {mutation.name:{width}}  {mutation.rule}", flush=True)
    applicable = killed + survived
    elapsed = time.monotonic() - started
    print(
        f"score: {killed}/{applicable} killed"
        + (f", {missing} not applicable" if missing else "")
        + f" ({elapsed:.0f} s)"
    )
    return 0 if survived == 0 and missing == 0 else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", action="append", metavar="NAME", help="run only NAME")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    args = parser.parse_args(argv)
    mutations: Sequence[Mutation] = MUTATIONS
    if args.only:
        known = {m.name for m in MUTATIONS}
        unknown = [n for n in args.only if n not in known]
        if unknown:
            parser.error(f"unknown mutation(s): {', '.join(unknown)}")
        mutations = [m for m in MUTATIONS if m.name in args.only]
    if args.list:
        for m in mutations:
            print(f"{m.name}\n  {m.file}: {m.old!r} -> {m.new!r}\n  rule: {m.rule}")
        return 0
    return check(mutations)


if __name__ == "__main__":
    sys.exit(main())
