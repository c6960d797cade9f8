"""statusgen probe: run the services file's checks once, from here, and append the samples.

Each check has its own total deadline (:func:`generator.probe.run_check`); on top of that,
the run as a whole waits at most the longest check timeout (per round of workers) plus a
grace period. A check still unfinished then, stuck where no deadline reaches (a hung DNS
lookup), becomes a failed sample "timed out after N s", written with every finished one.
The workers are daemon threads, so a stuck one never keeps the process from exiting.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.config.services import Monitor
from generator.errors import GeneratorError
from generator.probe import (
    MAX_WORKERS,
    CheckResult,
    check_timeout,
    location_from_environment,
    run_check,
    timed_out,
)
from generator.site import load_site
from generator.store.csvlog import WriteSummary
from generator.store.probes import Sample, write_samples

log = logging.getLogger(__name__)

GRACE = 5.0  # seconds past the longest deadline before an unfinished check is given up


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
    if not plan:
        # a location no monitor checks from is a typo or a missing entry, not a quiet no-op
        locations = sorted({loc for m in monitors for loc in m.locations})
        raise GeneratorError(
            f"no monitor checks from location {location!r}; the services file's locations "
            f"are {', '.join(locations)}",
            file=site.services.file,
        )
    results = run_checks(plan, options.clock) if plan else []
    written = write_samples(site.data, [r.sample for r in results])
    return ProbeRun(results, skipped, written)


def run_checks(plan: list[tuple[Monitor, str]], clock: Callable[[], float]) -> list[CheckResult]:
    """Every check's result, in plan order, within a bounded time whatever the servers do."""
    workers = min(MAX_WORKERS, len(plan))
    rounds = math.ceil(len(plan) / workers)
    budget = rounds * max(check_timeout(m) for m, _ in plan) + GRACE
    results: list[CheckResult | None] = [None] * len(plan)
    next_job = iter(range(len(plan)))
    lock = threading.Lock()
    finished = threading.Condition(lock)
    done = 0
    started = int(clock())  # the time of a sample given up on: when its check began

    def work() -> None:
        nonlocal done
        while True:
            with lock:
                index = next(next_job, None)
            if index is None:
                return
            monitor, location = plan[index]
            result = _checked(monitor, location, clock)
            with finished:
                results[index] = result
                done += 1
                finished.notify_all()

    for _ in range(workers):
        threading.Thread(target=work, name="statusgen-probe", daemon=True).start()
    ends = time.monotonic() + budget
    with finished:
        while done < len(plan) and (left := ends - time.monotonic()) > 0:
            finished.wait(left)
        # nothing unfinished is picked up or recorded from here on
        for _ in next_job:
            pass
        snapshot = list(results)
    out: list[CheckResult] = []
    for (monitor, location), result in zip(plan, snapshot, strict=True):
        if result is None:
            timeout = check_timeout(monitor)
            sample = Sample(started, monitor.id, location, False, None, None, timed_out(timeout))
            log.warning("%s from %s: gave up after %.0f s", monitor.id, location, budget)
            result = CheckResult(sample, monitor.id)
        out.append(result)
    return out


def _checked(monitor: Monitor, location: str, clock: Callable[[], float]) -> CheckResult:
    """run_check, with a fault no check foresaw (a malformed URL, say) as a failed sample."""
    try:
        return run_check(monitor, location, clock)
    except Exception as exc:  # one bad check must not cost the others their samples
        log.debug("%s: check failed", monitor.id, exc_info=True)
        error = f"check failed: {type(exc).__name__}"
        sample = Sample(int(clock()), monitor.id, location, False, None, None, error)
        return CheckResult(sample, monitor.id)
