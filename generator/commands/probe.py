"""statusgen probe: run the services file's checks once, from here, and append the samples."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.config.services import Monitor
from generator.errors import GeneratorError
from generator.probe import MAX_WORKERS, CheckResult, location_from_environment, run_check
from generator.site import load_site
from generator.store.csvlog import WriteSummary
from generator.store.probes import write_samples


@dataclass(frozen=True)
class ProbeOptions:
    data_root: Path
    location: str | None = None
    monitors: tuple[str, ...] = ()  # empty: every monitor with a check
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    clock: Callable[[], float] = time.time


@dataclass
class ProbeRun:
    results: list[CheckResult]
    skipped: list[str]
    written: WriteSummary


def probe(options: ProbeOptions) -> ProbeRun:
    site = load_site(options.data_root)
    location = options.location or location_from_environment(options.environ)
    monitors = [m for m in site.services.monitors.values() if m.check is not None]
    if options.monitors:
        known = {m.id: m for m in site.services.monitors.values()}
        for wanted in options.monitors:
            if wanted not in known:
                raise GeneratorError(f"no monitor {wanted!r} in {site.services.file}")
            if known[wanted].check is None:
                raise GeneratorError(
                    f"monitor {wanted} has no check in {site.services.file}", field="check"
                )
        monitors = [known[w] for w in options.monitors]
    plan: list[tuple[Monitor, str]] = []
    skipped: list[str] = []
    for monitor in monitors:
        if location is None:
            if len(monitor.locations) != 1:
                raise GeneratorError(
                    f"monitor {monitor.id} checks from {', '.join(monitor.locations)}: say "
                    "which location this is with --location or STATUSGEN_LOCATION"
                )
            plan.append((monitor, monitor.locations[0]))
        elif location in monitor.locations:
            plan.append((monitor, location))
        else:
            skipped.append(f"{monitor.id} (not checked from {location})")
    if not plan and not skipped:
        raise GeneratorError(f"no monitor in {site.services.file} has a check to run")
    results: list[CheckResult] = []
    if plan:
        with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(plan))) as pool:
            futures = [pool.submit(run_check, m, loc, options.clock) for m, loc in plan]
            results = [f.result() for f in futures]
    written = write_samples(site.data, [r.sample for r in results])
    return ProbeRun(results, skipped, written)
