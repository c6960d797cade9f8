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

# Compacted history (generator/store/compact.py): a closed month's samples of one monitor as
# runs of one state per location (the first and last check of each run; the checks between
# were never further apart than the longest step), plus each location's latency per UTC hour.
RUN_COLUMNS = ("first", "last", "location", "state", "checks", "longest_step")
LATENCY_HOUR_COLUMNS = ("hour", "location", "checks", "failures", "measured", "p50_ms", "p95_ms")


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
    def runs_dir(self) -> Path:
        """Compacted samples: state runs, ``<monitor>/<YYYY-MM>.csv``."""
        return self.root / "probes" / "compacted" / "runs"

    @property
    def latency_hours_dir(self) -> Path:
        """Compacted samples: latency per hour, ``<monitor>/<YYYY-MM>.csv``."""
        return self.root / "probes" / "compacted" / "latency"

    @property
    def tickets_dir(self) -> Path:
        return self.root / "tickets"

    @property
    def record_dirs(self) -> tuple[Path, ...]:
        """The stores of probe and ticket records (the partitions the store writes)."""
        return (
            self.samples_dir,
            self.intervals_dir,
            self.runs_dir,
            self.latency_hours_dir,
            self.tickets_dir,
        )

    @property
    def state_dir(self) -> Path:
        """Collector cursors and high-water marks."""
        return self.root / "state"


def compacted_through(samples_partition: Path) -> str | None:
    """The last compacted month of a samples partition's monitor, when the partition's month
    is not after it (samples for it can no longer be added); None otherwise."""
    monitor = samples_partition.parent
    if monitor.parent.name != "samples" or monitor.parent.parent.name != "probes":
        return None
    runs = monitor.parent.parent / "compacted" / "runs" / monitor.name
    months = sorted(p.stem for p in runs.glob("*.csv")) if runs.is_dir() else []
    if months and samples_partition.stem <= months[-1]:
        return months[-1]
    return None
