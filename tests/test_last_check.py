""" "Last check" is the time of the newest thing a monitor saw: a sample, or a state log's
record (when its state began or ended), never the build's time that a state log's ongoing
state is extended to. The ongoing state still makes its monitor current, so the status and
the stale-data warning are as before.

The demo's deploy watch (api-deploys) is such a state log: its state has been "up" since
2026-11-09T23:07:02Z, while the other monitors' newest samples are from the demo's last
minutes (2026-11-20 11:55:00 and 11:57:30 at UTC+03:00).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, build_site
from generator.compute.status import (
    OPERATIONAL,
    Freshness,
    newest_record,
    ongoing_state,
    page_status,
)
from generator.timeutil import parse_instant
from tests.conftest import REPO
from tests.test_site_compute import NOW, all_up, services

ONGOING = -1  # an interval's end as the store reads an empty one


def test_newest_record_is_a_sample_or_a_state_change_never_now() -> None:
    # samples at 1,000 and 2,000; a state log down 500-1,500, then up from 1,500, ongoing
    assert newest_record([1000, 2000], [500, 1500], [1500, ONGOING], 9000) == 2000
    assert newest_record([1000], [500, 1500], [1500, ONGOING], 9000) == 1500
    # a state that ends after now was seen when it began
    assert newest_record([], [100], [9500], 9000) == 100
    # a state that ended was seen ending
    assert newest_record([], [100], [800], 9000) == 800
    # a record after now is not known yet
    assert newest_record([9100], [9500], [ONGOING], 9000) is None


def test_an_ongoing_state_is_current_however_old() -> None:
    assert ongoing_state([500, 1500], [1500, ONGOING], 9000)
    assert ongoing_state([100], [9500], 9000)
    assert not ongoing_state([100], [800], 9000)
    assert not ongoing_state([9500], [ONGOING], 9000)  # begins after now
    assert not ongoing_state([], [], 9000)
    # 8,900 s since the state began, max_gap 900 s: current, as its timeline counts it
    watch = Freshness("a1", "api", 100, 30, 900, ongoing=True)
    assert not watch.stale(9000)
    assert Freshness("a1", "api", 100, 30, 900).stale(9000)


def test_last_check_is_the_newest_observation_not_the_ongoing_states_now() -> None:
    fresh = [
        Freshness("w1", "web", NOW - 7200, 300, 900),  # checked 2 h ago: stale
        Freshness("w2", "web", NOW - 7230, 300, 900),
        Freshness("a1", "api", NOW - 950_000, 30, 90, ongoing=True),  # up for 11 days
        Freshness("b1", "beta", None, 300, 900),
    ]
    page = page_status(services(), all_up(), fresh, [], [], NOW)
    assert page.last_checked == NOW - 7200
    assert [f.monitor for f in page.stale] == ["w1", "w2", "b1"]
    assert page.component("api").status == OPERATIONAL


@pytest.fixture(scope="module")
def two_hours_later(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built 2 h after its last record."""
    out = tmp_path_factory.mktemp("two-hours-later") / "public"
    as_of = parse_instant("2026-11-20T14:00:00+03:00")
    build_site(BuildOptions(demo_data, out, REPO / "mkdocs.yml", as_of, pdf=False))
    return out


@pytest.mark.slow
def test_status_json_and_home_page_give_the_newest_sample_as_last_check(
    two_hours_later: Path,
) -> None:
    status = json.loads((two_hours_later / "api/status.json").read_text(encoding="utf-8"))
    assert status["page"]["updated_at"] == "2026-11-20T14:00:00+03:00"
    assert status["last_checked"] == "2026-11-20T11:57:30+03:00"
    # the deploy watch's ongoing "up" keeps it current; every sampled monitor is stale
    assert [(m["monitor"], m["newest"]) for m in status["stale_monitors"]] == [
        ("tracking-edge", "2026-11-20T11:57:30+03:00"),
        ("dashboard-web", "2026-11-20T11:57:30+03:00"),
        ("api-public", "2026-11-20T11:55:00+03:00"),
        ("insights-web", "2026-11-20T11:55:00+03:00"),
    ]
    home = (two_hours_later / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<p class="sg-overall__meta">(.*?)</p>', home, re.S)
    assert meta is not None
    assert " ".join(re.sub(r"<[^>]+>", "", meta.group(1)).split()) == (
        "Last check 20 Nov 2026 11:57 UTC+03:00 · page built for 20 Nov 2026 14:00 UTC+03:00"
    )
    assert '<time datetime="2026-11-20T11:57:30+03:00">' in meta.group(1)
