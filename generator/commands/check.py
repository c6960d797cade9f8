"""statusgen check: validate the SLA file, the services file and every record."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.compute.periods import periods_between
from generator.config.services import load_services
from generator.config.sla import load_sla
from generator.config.sources import load_sources
from generator.errors import ErrorList, GeneratorError
from generator.model.incidents import load_incident, record_files, unexpected_files
from generator.model.maintenance import load_maintenance_file
from generator.store import probes
from generator.store.csvlog import leftover_temp_files
from generator.store.layout import DataDir
from generator.store.verify import verify_partition
from generator.timeutil import format_instant


@dataclass
class CheckResult:
    found: list[str] = field(default_factory=list)
    problems: list[GeneratorError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _collect(result: CheckResult, exc: GeneratorError) -> None:
    if isinstance(exc, ErrorList):
        result.problems.extend(exc.errors)
    else:
        result.problems.append(exc)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def check_site(root: Path) -> CheckResult:
    data = DataDir(root)
    result = CheckResult()
    try:
        sla = load_sla(data.sla_file)
    except GeneratorError as exc:
        _collect(result, exc)
        return result
    result.found.append(
        f"{data.sla_file}: {sla.company}, {sla.title}: objective {sla.uptime.objective_percent}%, "
        f"{sla.periods.months}-month periods, time zone {sla.timezone_name}; "
        f"next review {sla.terms.next_review}"
    )
    try:
        services = load_services(data.services_file, sla)
    except GeneratorError as exc:
        _collect(result, exc)
        return result
    locations = sorted({loc for m in services.monitors.values() for loc in m.locations})
    beta = sum(c.beta for c in services.components)
    result.found.append(
        f"{data.services_file}: {plural(len(services.components), 'component')} "
        f"({', '.join(c.id + (' (beta)' if c.beta else '') for c in services.components)}), "
        f"{plural(len(services.monitors), 'monitor')}, {plural(len(locations), 'location')}"
        + (f", {beta} beta" if beta else "")
    )

    try:
        sources = load_sources(data.sla_file, data.services_file, services)
        if sources:
            result.found.append(f"sources: {', '.join(f'{s.id} ({s.type})' for s in sources)}")
    except GeneratorError as exc:
        _collect(result, exc)

    for directory, loader, what in (
        (data.incidents_dir, load_incident, "incidents"),
        (data.maintenance_dir, load_maintenance_file, "maintenance windows"),
    ):
        count = 0
        try:
            paths = record_files(directory)
        except GeneratorError as exc:
            _collect(result, exc)
            paths = []
        for path in paths:
            try:
                loader(path, sla, services)
                count += 1
            except GeneratorError as exc:
                _collect(result, exc)
        result.problems.extend(unexpected_files(directory))
        result.found.append(f"{what}: {count}")

    counts = {"samples": 0, "intervals": 0}
    files = {"samples": 0, "intervals": 0}
    span: list[int] = []
    for kind, path in probes.partitions(data):
        monitor = services.monitors.get(path.parent.name)
        if monitor is None:
            result.problems.append(
                GeneratorError(
                    f"records for monitor {path.parent.name!r}, which the services file does not name",
                    file=path,
                )
            )
            continue
        try:
            stats = verify_partition(path, monitor.locations)
            counts[kind] += stats.records
            files[kind] += 1
            span += [t for t in (stats.first, stats.last) if t is not None]
        except GeneratorError as exc:
            _collect(result, exc)
    result.found.append(f"probe samples: {counts['samples']:,} in {files['samples']} files")
    result.found.append(f"state intervals: {counts['intervals']:,} in {files['intervals']} files")
    if span:
        first, last = min(span), max(span)
        covered = periods_between(first, last + 1, sla.periods, sla.timezone)
        result.found.append(
            f"probe records from {format_instant(first, sla.timezone)} to "
            f"{format_instant(last, sla.timezone)}: SLA periods {covered[0].id} to "
            f"{covered[-1].id} ({len(covered)})"
        )
    from generator.commands.check_support import check_tickets

    check_tickets(data, sla, result)
    # harmless (never read, git ignores them) but worth knowing about: a write was killed
    leftovers = leftover_temp_files(data.record_dirs)
    if leftovers:
        result.found.append(
            f"{plural(len(leftovers), 'temporary file')} left by an interrupted write "
            f"(the next write removes them): {', '.join(map(str, leftovers))}"
        )
    return result
