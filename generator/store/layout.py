"""Where everything lives under a site's data directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The columns of the probe partitions, and which of them identify a record (the last line
# per key wins): a check by its time and location, a state interval by its start and location.
SAMPLE_COLUMNS = ("timestamp", "location", "ok", "latency_ms", "status_code", "error")
SAMPLE_KEY = (0, 1)
INTERVAL_COLUMNS = ("start", "end", "location", "state")
INTERVAL_KEY = (0, 2)


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def sla_file(self) -> Path:
        return self.root / "sla.yml"

    @property
    def services_file(self) -> Path:
        return self.root / "services.yml"

    @property
    def incidents_dir(self) -> Path:
        return self.root / "incidents"

    @property
    def maintenance_dir(self) -> Path:
        return self.root / "maintenance"

    @property
    def samples_dir(self) -> Path:
        return self.root / "probes" / "samples"

    @property
    def intervals_dir(self) -> Path:
        return self.root / "probes" / "intervals"

    @property
    def tickets_dir(self) -> Path:
        return self.root / "tickets"

    @property
    def record_dirs(self) -> tuple[Path, ...]:
        """The stores of probe and ticket records (the partitions the store writes)."""
        return (self.samples_dir, self.intervals_dir, self.tickets_dir)

    @property
    def state_dir(self) -> Path:
        """Collector cursors and high-water marks."""
        return self.root / "state"
