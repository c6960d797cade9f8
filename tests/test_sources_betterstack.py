"""Better Stack incidents (JSON:API) -> down intervals with up between them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import PROBE_FORMATS
from generator.sources.base import ProbeBatch
from generator.timeutil import format_utc
from tests.vendor_helpers import FIXTURES, add_sources, context


# incidents.json is one page of GET /api/v2/incidents, shaped like the response in Better
# Stack's "List all incidents" reference (https://betterstack.com/docs/uptime/api/list-all-incidents/).
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


# incidents-v3-pages.json is two pages of GET /api/v3/incidents saved one after the other,
# shaped like the response in Better Stack's "List incidents" reference
# (https://betterstack.com/docs/uptime/api/list-all-incidents/): data[] of JSON:API
# incidents whose v3 metadata values are lists of {type, value}, and pagination
# {first, last, prev, next}. The reference's second example, "disk usage monitoring" with
# cause "Disk space usage high", has url and http_method null: no request failed. (Its
# relationships are not shown there; here it names a monitor.) The list moved between the
# two requests, so incident 40000208 is on both pages, unresolved on the first. Written here.
V3_PAGES = FIXTURES / "betterstack" / "incidents-v3-pages.json"


def test_a_file_of_v3_pages_reads_every_page_and_each_incident_once(
    site_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    add_sources(
        site_dir, "  - id: bs\n    type: betterstack\n    monitors: {'1234567': api-public}\n"
    )
    batch = PROBE_FORMATS["betterstack"](V3_PAGES, context(site_dir))
    assert spans(batch) == [
        ("2026-08-12T10:00:00Z", "2026-08-12T10:07:00Z", False),
        ("2026-08-12T10:07:00Z", "2026-08-13T08:00:00Z", True),
        ("2026-08-13T08:00:00Z", "2026-08-13T08:30:00Z", False),  # the later, resolved copy
        ("2026-08-13T08:30:00Z", None, True),
    ]  # the disk usage incident is no downtime
    assert "skipped 1 incident(s) of no HTTP check ('Disk space usage high')" in caplog.text


def test_a_mapping_that_names_the_monitor_makes_a_non_http_incident_downtime(
    site_dir: Path,
) -> None:
    add_sources(
        site_dir,
        "  - id: bs\n    type: betterstack\n"
        "    monitors: {'1234567': api-public, '2345678': api-public}\n",
    )
    batch = PROBE_FORMATS["betterstack"](V3_PAGES, context(site_dir))
    assert spans(batch)[3:] == [
        ("2026-08-13T08:30:00Z", "2026-08-13T12:00:00Z", True),
        ("2026-08-13T12:00:00Z", "2026-08-13T13:00:00Z", False),
        ("2026-08-13T13:00:00Z", None, True),
    ]


def test_a_page_cut_short_is_a_warning(
    site_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    add_sources(
        site_dir, "  - id: bs\n    type: betterstack\n    monitors: {'1234567': api-public}\n"
    )
    first_page = json.loads(V3_PAGES.read_text())[0]
    path = tmp_path / "page1.json"
    path.write_text(json.dumps(first_page))
    batch = PROBE_FORMATS["betterstack"](path, context(site_dir))
    assert spans(batch) == [("2026-08-13T08:00:00Z", None, False)]
    assert "the last page says more follow" in caplog.text


def test_a_bad_page_names_its_place(site_dir: Path, tmp_path: Path) -> None:
    pages = json.loads(V3_PAGES.read_text())
    pages[1]["data"][1]["attributes"]["started_at"] = "yesterday"
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(pages))
    with pytest.raises(RecordError) as err:
        PROBE_FORMATS["betterstack"](path, context(site_dir, monitor="api-public"))
    assert "[1].data[1].attributes.started_at" in str(err.value)


def spans(batch: ProbeBatch) -> list[tuple[str, str | None, bool]]:
    return [
        (format_utc(i.start), format_utc(i.end) if i.end else None, i.up) for i in batch.intervals
    ]
