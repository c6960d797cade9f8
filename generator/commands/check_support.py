"""The support part of statusgen check: the SLA file's support policy and every stored ticket."""

from __future__ import annotations

from generator.commands.findings import CheckResult
from generator.compute.periods import periods_between
from generator.config.sla import Sla
from generator.config.support import support_policy
from generator.errors import GeneratorError
from generator.store.layout import DataDir
from generator.store.tickets import verify_tickets
from generator.timeutil import format_instant


def check_tickets(data: DataDir, sla: Sla, result: CheckResult) -> None:
    try:
        policy = support_policy(sla)
    except GeneratorError as exc:
        result.problems.append(exc)
        policy = None
    if policy is not None:
        result.found.append(
            f"support: {len(policy.calendars)} calendars ({', '.join(policy.calendars)}), "
            f"{len(policy.impacts)} impact levels, {len(policy.high_load)} high-load windows"
        )
    stats, problems = verify_tickets(data)
    result.problems.extend(problems)
    found = f"tickets: {stats.tickets:,} in {stats.files} files"
    if stats.lines != stats.tickets:
        found += f" ({stats.lines:,} lines: later lines update a ticket)"
    result.found.append(found)
    if stats.first_created is not None and stats.last_created is not None:
        covered = periods_between(
            stats.first_created, stats.last_created + 1, sla.periods, sla.timezone
        )
        result.found.append(
            f"tickets created from {format_instant(stats.first_created, sla.timezone)} to "
            f"{format_instant(stats.last_created, sla.timezone)}: SLA periods {covered[0].id} "
            f"to {covered[-1].id} ({len(covered)})"
        )
