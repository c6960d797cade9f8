"""Better Stack incidents (JSON:API) -> down intervals with up between them."""

from __future__ import annotations

from pathlib import Path

from generator.sources import PROBE_FORMATS
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, add_sources, context


def test_incidents_are_downtime_and_the_time_between_them_is_up(site_dir: Path) -> None:
    add_sources(
        site_dir, "  - id: bs\n    type: betterstack\n    monitors: {'1234567': api-public}\n"
    )
    batch = PROBE_FORMATS["betterstack"](
        FIXTURES / "betterstack" / "incidents.json", context(site_dir)
    )
    got = [
        (format_utc(i.start), format_utc(i.end) if i.end else None, i.up) for i in batch.intervals
    ]
    assert got == [
        ("2026-08-12T10:00:00Z", "2026-08-12T10:07:00Z", False),
        ("2026-08-12T10:07:00Z", "2026-08-12T11:00:00Z", True),
        ("2026-08-12T11:00:00Z", None, False),  # unresolved: ongoing
    ]
