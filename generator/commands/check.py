"""statusgen check: validate the SLA file, the services file and every record."""

from __future__ import annotations

from pathlib import Path

from generator.commands.check_support import check_tickets
from generator.commands.findings import CheckResult, collect_problem
from generator.compute.periods import periods_between
from generator.config.clients import clients_file, load_clients
from generator.config.schema import INCIDENT_SCHEMA, MAINTENANCE_SCHEMA, SERVICES_SCHEMA
from generator.config.schema_clients import CLIENTS_SCHEMA
from generator.config.services import Monitor, Services, load_services
from generator.config.sla import Sla, load_sla, require_file
from generator.config.sources import load_sources
from generator.config.validate import validate
from generator.config.yamlfile import load_yaml
from generator.errors import GeneratorError
from generator.model.incidents import (
    load_incident,
    read_front_matter,
    record_files,
    unexpected_files,
)
from generator.model.maintenance import load_maintenance_file
from generator.store import probes
from generator.store.concurrent import in_order
from generator.store.csvlog import leftover_temp_files
from generator.store.layout import DataDir
from generator.store.validated import ValidatedRecord, verify_known
from generator.store.verify import PartitionStats
from generator.timeutil import format_instant


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def check_site(root: Path, clients: Path | None = None) -> CheckResult:
    """Everything that can be checked, however much of it is broken: every problem is listed,
    across files. What depends on a broken file (records need the services file, which needs
    the SLA file) is checked as far as it can be without it. The private clients file is
    checked when one is named: ``clients`` (``--clients``), else $STATUSGEN_CLIENTS."""
    data = DataDir(root)
    result = CheckResult()
    sla = services = None
    try:
        sla = load_sla(data.sla_file)
        result.found.append(
            f"{data.sla_file}: {sla.company}, {sla.title}: objective "
            f"{sla.uptime.objective_percent}%, {sla.periods.months}-month periods, time zone "
            f"{sla.timezone_name}; next review {sla.terms.next_review}"
        )
        if sla.site_url is None:
            result.found.append(
                f"warning: {data.sla_file}: site_url is not set: the feed, the badges' links "
                "and the sitemap need the site's address (set it here and in mkdocs.yml)"
            )
    except GeneratorError as exc:
        collect_problem(result, exc)
    try:
        if sla is None:  # its schema at least; references to the SLA wait for a good one
            validate(load_yaml(data.services_file), SERVICES_SCHEMA, "services file")
        else:
            services = load_services(data.services_file, sla)
    except GeneratorError as exc:
        collect_problem(result, exc)
    if services is not None:
        _found_services(result, data, services)
    _check_records_files(result, data, sla, services)
    clients = clients_file(clients)
    if clients is not None:
        _check_clients(result, clients, sla)
    if sla is None or services is None:
        result.found.append("records not checked: the SLA and services files must load first")
        return result
    _check_probes(result, data, sla, services)
    check_tickets(data, sla, result)
    # harmless (never read, git ignores them) but worth knowing about: a write was killed
    leftovers = leftover_temp_files(data.record_dirs)
    if leftovers:
        result.found.append(
            f"{plural(len(leftovers), 'temporary file')} left by an interrupted write "
            f"(the next write removes them): {', '.join(map(str, leftovers))}"
        )
    return result


def _found_services(result: CheckResult, data: DataDir, services: Services) -> None:
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
        collect_problem(result, exc)


def _check_clients(result: CheckResult, path: Path, sla: Sla | None) -> None:
    """The clients file in full, or its schema alone without the SLA file that contracts
    must match. Only counts are printed: a check's output may reach public CI logs, and the
    file names a company's customers."""
    try:
        if sla is None:
            require_file(path, "clients file")
            validate(load_yaml(path), CLIENTS_SCHEMA, "clients file")
            return
        loaded = load_clients(path, sla)
    except GeneratorError as exc:
        collect_problem(result, exc)
        return
    contracts = {c.sla.file for c in loaded.clients if c.sla is not None}
    result.found.append(
        f"{path}: {plural(len(loaded.clients), 'client')}"
        + (f", {plural(len(contracts), 'contract SLA file')}" if contracts else "")
    )


def _check_records_files(
    result: CheckResult, data: DataDir, sla: Sla | None, services: Services | None
) -> None:
    """Incident and maintenance files: in full, or their front matter alone without the SLA
    and services files to resolve exclusions and components against."""
    for directory, loader, what, schema in (
        (data.incidents_dir, load_incident, "incident", INCIDENT_SCHEMA),
        (data.maintenance_dir, load_maintenance_file, "maintenance window", MAINTENANCE_SCHEMA),
    ):
        count = 0
        try:
            paths = record_files(directory)
        except GeneratorError as exc:
            collect_problem(result, exc)
            paths = []
        for path in paths:
            try:
                if sla is None or services is None:
                    read_front_matter(path, what, schema)
                else:
                    loader(path, sla, services)
                count += 1
            except GeneratorError as exc:
                collect_problem(result, exc)
        result.problems.extend(unexpected_files(directory))
        result.found.append(f"{'incidents' if what == 'incident' else what + 's'}: {count}")


def _check_probes(result: CheckResult, data: DataDir, sla: Sla, services: Services) -> None:
    counts = dict.fromkeys(("samples", "intervals", "runs", "latency"), 0)
    files = dict.fromkeys(counts, 0)
    span: list[int] = []
    record = ValidatedRecord.load(data.root)
    partitions = [
        (kind, path, services.monitors.get(path.parent.name))
        for kind, path in probes.partitions(data)
    ]

    def verify(item: tuple[str, Path, Monitor | None]) -> PartitionStats | GeneratorError | None:
        _, path, monitor = item
        if monitor is None:
            return None
        try:
            return verify_known(record, data.root, path, monitor.locations, monitor.max_gap)
        except GeneratorError as exc:
            return exc

    # partitions checked on the store's threads (pyarrow parses and compares without
    # Python's lock), their findings taken in the partitions' order
    for (kind, path, monitor), found in zip(partitions, in_order(verify, partitions), strict=True):
        if monitor is None:
            result.problems.append(
                GeneratorError(
                    f"records for monitor {path.parent.name!r}, which the services file does not name",
                    file=path,
                )
            )
            continue
        if isinstance(found, GeneratorError):
            collect_problem(result, found)
        elif found is not None:
            counts[kind] += found.records
            files[kind] += 1
            span += [t for t in (found.first, found.last) if t is not None]
        if kind == "runs" and (data.samples_dir / monitor.id / path.name).exists():
            result.found.append(
                f"compaction of {monitor.id} {path.stem} was cut short: its samples are "
                "still read, not its runs (run statusgen compact again to finish it)"
            )
    record.save()
    result.found.append(f"probe samples: {counts['samples']:,} in {files['samples']} files")
    result.found.append(f"state intervals: {counts['intervals']:,} in {files['intervals']} files")
    if files["runs"] or files["latency"]:
        result.found.append(
            f"compacted samples: {counts['runs']:,} runs in {files['runs']} files, "
            f"{counts['latency']:,} latency hours in {files['latency']} files"
        )
    if span:
        first, last = min(span), max(span)
        covered = periods_between(first, last + 1, sla.periods, sla.timezone)
        result.found.append(
            f"probe records from {format_instant(first, sla.timezone)} to "
            f"{format_instant(last, sla.timezone)}: SLA periods {covered[0].id} to "
            f"{covered[-1].id} ({len(covered)})"
        )
