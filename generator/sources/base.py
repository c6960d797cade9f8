"""What every source format produces, and the registry that finds a format by name.

A probe format is a function ``read(path, context) -> ProbeBatch``; a ticket format
``read(path, context) -> TicketBatch``. Formats validate as they read and raise
:class:`~generator.errors.RecordError` naming file, line and field, so a bad file imports
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from generator.config.services import Services
from generator.config.sla import Sla
from generator.errors import GeneratorError, RecordError
from generator.store.fields import FieldError
from generator.store.probes import Sample, StateInterval
from generator.store.tickets import Ticket

if TYPE_CHECKING:
    from generator.config.sources import SourceConfig


@dataclass(frozen=True)
class SourceContext:
    sla: Sla
    services: Services
    location: str | None = None  # default location for formats that carry none
    monitor: str | None = None  # for vendor files that name no monitor (a Pingdom check's)
    source: SourceConfig | None = None  # the configured source (monitor mapping) if known


@dataclass
class ProbeBatch:
    samples: list[Sample] = field(default_factory=list)
    intervals: list[StateInterval] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.samples) + len(self.intervals)


@dataclass
class TicketBatch:
    tickets: list[Ticket] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.tickets)


ProbeReader = Callable[[Path, SourceContext], ProbeBatch]
TicketReader = Callable[[Path, SourceContext], Any]

PROBE_FORMATS: dict[str, ProbeReader] = {}
TICKET_FORMATS: dict[str, TicketReader] = {}


class ProbeSnapshot(Protocol):
    """A large input opened once and read in batches, as often as needed, always the same
    records: an import checks every batch, then writes them, in bounded memory."""

    def batches(self, context: SourceContext, *, warn: bool = True) -> Iterator[ProbeBatch]: ...

    def close(self) -> None: ...


# formats that also offer a snapshot (their reader stays, for callers that want one batch)
PROBE_SNAPSHOTS: dict[str, Callable[[Path], ProbeSnapshot]] = {}


def probe_format(name: str) -> Callable[[ProbeReader], ProbeReader]:
    def register(reader: ProbeReader) -> ProbeReader:
        PROBE_FORMATS[name] = reader
        return reader

    return register


def probe_snapshot(
    name: str,
) -> Callable[[Callable[[Path], ProbeSnapshot]], Callable[[Path], ProbeSnapshot]]:
    def register(opener: Callable[[Path], ProbeSnapshot]) -> Callable[[Path], ProbeSnapshot]:
        PROBE_SNAPSHOTS[name] = opener
        return opener

    return register


def ticket_format(name: str) -> Callable[[TicketReader], TicketReader]:
    def register(reader: TicketReader) -> TicketReader:
        TICKET_FORMATS[name] = reader
        return reader

    return register


def record_error(path: Path, line: int | None, exc: FieldError) -> RecordError:
    return RecordError(exc.message, file=path, line=line, field=exc.field)


def check_monitor_location(context: SourceContext, monitor_id: str, location: str) -> None:
    monitor = context.services.monitors.get(monitor_id)
    if monitor is None:
        known = ", ".join(sorted(context.services.monitors))
        raise FieldError(
            "monitor", f"{monitor_id!r} is not a monitor in the services file ({known})"
        )
    if location not in monitor.locations:
        raise FieldError(
            "location",
            f"{location!r} is not one of monitor {monitor_id}'s locations "
            f"({', '.join(monitor.locations)})",
        )


def default_location(context: SourceContext, monitor_id: str, given: str) -> str:
    """An empty location means the monitor's only location (or the context's default)."""
    if given:
        return given
    if context.location:
        return context.location
    monitor = context.services.monitors.get(monitor_id)
    if monitor is not None and len(monitor.locations) == 1:
        return monitor.locations[0]
    if monitor is not None:
        raise FieldError("location", f"is required: monitor {monitor_id} has several locations")
    return ""


class UnknownFormat(GeneratorError):
    pass


R = TypeVar("R")


def reader_for(registry: dict[str, R], kind: str, name: str, file: Path) -> R:
    """The registered reader of format ``name`` for an existing ``file``, or a clear error."""
    reader = registry.get(name)
    if reader is None:
        known = ", ".join(sorted(registry))
        raise UnknownFormat(f"unknown {kind} format {name!r} (known: {known})")
    if not file.is_file():
        raise GeneratorError("file not found", file=file)
    return reader
