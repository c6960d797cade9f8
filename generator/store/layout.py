"""Where everything lives under a site's data directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
