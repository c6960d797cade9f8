"""What a collector gets and gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.collect.http import SourceClient
from generator.config.sources import SourceConfig
from generator.site import Site
from generator.sources.base import ProbeBatch, SourceContext, TicketBatch


@dataclass
class CollectContext:
    site: Site
    source: SourceConfig
    client: SourceClient
    state: dict[str, Any]  # the cursor saved by the last successful run ({} the first time)
    now: int

    @property
    def source_context(self) -> SourceContext:
        return SourceContext(
            self.site.sla, self.site.services, self.source.location, source=self.source
        )

    def first_start(self) -> int:
        """Where a source's first run starts: its configured start, or lookback from now."""
        return (
            self.source.start if self.source.start is not None else self.now - self.source.lookback
        )


@dataclass
class Fetched:
    probes: ProbeBatch = field(default_factory=ProbeBatch)
    tickets: TicketBatch = field(default_factory=TicketBatch)
    state: dict[str, Any] = field(default_factory=dict)  # the cursor to save once written
    requests: int = 0


Collector = Callable[[CollectContext], Fetched]
