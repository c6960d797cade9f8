"""The ticket part of statusgen check (filled in by the support-SLA work)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.config.sla import Sla
from generator.store.layout import DataDir

if TYPE_CHECKING:
    from generator.commands.check import CheckResult


def check_tickets(data: DataDir, sla: Sla, result: CheckResult) -> None:
    files = sorted(data.tickets_dir.glob("*.csv")) if data.tickets_dir.exists() else []
    result.found.append(f"ticket files: {len(files)}")
