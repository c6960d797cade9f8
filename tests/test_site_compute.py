"""The status site's pure computations, with hand-worked numbers: current status,
rolling-window uptime, 90-day bars and response-time percentiles."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone

import numpy as np
import pytest

from generator.compute.intervals import Intervals
from generator.compute.latency import nearest_rank, percentiles
from generator.compute.status import (
    DEGRADED,
    MAINTENANCE,
    MAJOR,
    NO_DATA,
    OPERATIONAL,
    PARTIAL,
    Freshness,
    component_statuses,
    newest_record,
    page_status,
)
from generator.compute.uptime import Timeline
from generator.compute.windows import daily_bars, hour_edges, last_days, rolling_windows
from generator.config.services import Component, Monitor, Services
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance

TZ = timezone(timedelta(hours=3))
NOW = 1_000_000  # an arbitrary instant
H = 3600


def monitor(mid: str, component: str) -> Monitor:
    return Monitor(mid, mid, component, 300, ("a", "b"), 2, 900)


def services() -> Services:
    web = Component(
        "web", "Web", "", None, True, False, (monitor("w1", "web"), monitor("w2", "web"))
    )
    api = Component("api", "API", "", None, True, False, (monitor("a1", "api"),))
    beta = Component("beta", "Beta", "", None, True, True, (monitor("b1", "beta"),))
    return Services("services.yml", (web, api, beta), (), {})


def timeline(down: list[tuple[int, int]] = (), up: list[tuple[int, int]] = ()) -> Timeline:
    return Timeline(NOW - 10 * H, NOW, Intervals.of(down), Intervals.of(up))


def all_up() -> dict[str, Timeline]:
    return {m: timeline(up=[(NOW - 10 * H, NOW)]) for m in ("w1", "w2", "a1", "b1")}


def incident(
    impact: str, components: tuple[str, ...], started: int, resolved: int | None
) -> Incident:
    return Incident(
        "i1", "i1.md", "Title", components, impact, started, resolved, (), "", "", False, None, ""
    )


def window(components: tuple[str, ...], start: int, end: int) -> Maintenance:
    return Maintenance("m1", "m1.md", "Release", components, start, end, 1, False, "")


def by_id(statuses: list) -> dict[str, str]:
    return {s.component: s.status for s in statuses}


def test_everything_up_is_operational() -> None:
    s = by_id(component_statuses(services(), all_up(), [], [], NOW))
    assert s == {"web": OPERATIONAL, "api": OPERATIONAL, "beta": OPERATIONAL}


def test_some_monitors_down_is_partial_all_down_is_major() -> None:
    monitors = all_up()
    monitors["w1"] = timeline(down=[(NOW - 600, NOW)], up=[(NOW - 10 * H, NOW - 600)])
    statuses = component_statuses(services(), monitors, [], [], NOW)
    assert by_id(statuses)["web"] == PARTIAL
    assert statuses[0].down_since == NOW - 600
    monitors["w2"] = timeline(down=[(NOW - 300, NOW)])
    assert by_id(component_statuses(services(), monitors, [], [], NOW))["web"] == MAJOR


def test_an_outage_that_ended_before_now_is_not_current() -> None:
    monitors = all_up()
    monitors["a1"] = timeline(down=[(NOW - 900, NOW - 1)], up=[(NOW - 1, NOW)])
    assert by_id(component_statuses(services(), monitors, [], [], NOW))["api"] == OPERATIONAL


def test_no_current_data_is_no_data() -> None:
    monitors = all_up()
    monitors["a1"] = timeline(up=[(NOW - 10 * H, NOW - 3600)])
    assert by_id(component_statuses(services(), monitors, [], [], NOW))["api"] == NO_DATA


@pytest.mark.parametrize(
    ("impact", "status"),
    [("none", OPERATIONAL), ("minor", DEGRADED), ("major", PARTIAL), ("critical", MAJOR)],
)
def test_open_incident_declares_its_impact(impact: str, status: str) -> None:
    open_now = incident(impact, ("api",), NOW - 100, None)
    assert by_id(component_statuses(services(), all_up(), [open_now], [], NOW))["api"] == status


def test_resolved_incident_declares_nothing() -> None:
    done = incident("critical", ("api",), NOW - 100, NOW - 10)
    assert by_id(component_statuses(services(), all_up(), [done], [], NOW))["api"] == OPERATIONAL


def test_maintenance_in_progress_covers_detected_downtime_but_not_a_declared_outage() -> None:
    monitors = all_up()
    monitors["a1"] = timeline(down=[(NOW - 60, NOW)])
    windows = [window(("api",), NOW - 300, NOW + 300)]
    assert by_id(component_statuses(services(), monitors, [], windows, NOW))["api"] == MAINTENANCE
    declared = [incident("critical", ("api",), NOW - 100, None)]
    assert by_id(component_statuses(services(), monitors, declared, windows, NOW))["api"] == MAJOR


def freshness(newest: dict[str, int | None]) -> list[Freshness]:
    return [Freshness(m, m[0], t, 300, 900) for m, t in newest.items()]


def test_page_status_is_the_worst_component_and_lists_stale_monitors() -> None:
    monitors = all_up()
    monitors["b1"] = timeline(down=[(NOW - 60, NOW)])  # the beta component: a major outage
    fresh = freshness({"w1": NOW - 60, "w2": NOW - 900, "a1": NOW - 901, "b1": None})
    page = page_status(services(), monitors, fresh, [], [], NOW)
    assert (page.status, page.indicator, page.words) == (MAJOR, "critical", "major outage")
    assert page.last_checked == NOW - 60
    # 900 s old is exactly max_gap: still current; 901 s is stale; never reported is stale
    assert [f.monitor for f in page.stale] == ["a1", "b1"]


def test_page_status_ignores_components_without_data_unless_all_are() -> None:
    monitors = all_up()
    monitors["a1"] = timeline()
    fresh = [Freshness("a1", "api", NOW - 4000, 300, 900)]  # stale: the API's last check
    page = page_status(services(), monitors, fresh, [], [], NOW)
    # operational as far as anyone knows, but not "all systems": the API has no data
    assert (page.status, page.indicator) == (OPERATIONAL, "none")
    assert page.description == "All checked systems operational" and page.partly_checked
    assert [c.component for c in page.without_data] == ["api"]
    assert page.unchecked_since == NOW - 4000
    # the API down too: the page says so, whatever it cannot see
    monitors["w1"] = timeline(down=[(NOW - 60, NOW)])
    page = page_status(services(), monitors, fresh, [], [], NOW)
    assert (page.status, page.description, page.partly_checked) == (
        PARTIAL,
        "Partial outage",
        False,
    )
    assert page_status(services(), all_up(), [], [], [], NOW).description == (
        "All systems operational"
    )
    silent = {m: timeline() for m in monitors}
    assert page_status(services(), silent, [], [], [], NOW).words == "no data"


def test_newest_record() -> None:
    assert newest_record([10, 30, 20], [], [], 100) == 30
    assert newest_record([10, 150], [], [], 100) == 10  # a record after "now" is not known yet
    assert newest_record([10], [5], [40], 100) == 40  # an interval counts at its end
    assert newest_record([10], [5], [-1], 100) == 10  # an ongoing state: seen when it began
    assert newest_record([], [], [], 100) is None


def test_rolling_windows_hand_worked() -> None:
    now = 100 * 86400
    down = Intervals.of([(now - 600, now - 300), (now - 2 * 86400, now - 2 * 86400 + 864)])
    excluded = Intervals.of([(now - 5000, now - 4000)])
    no_data = Intervals.of([(now - 3 * 86400, now - 3 * 86400 + 1000)])
    windows = {
        w.key: w for w in rolling_windows(down, excluded, no_data, now, ("Q", now - 10 * 86400))
    }
    # 24 h: 300 s down of 86,400 s = 99.65277...% -> truncated 99.6527
    assert windows["24h"].downtime_seconds == 300
    assert windows["24h"].percent == 99.6527
    assert windows["24h"].excluded_seconds == 1000
    # 7 d: 300 + 864 = 1,164 s of 604,800 s = 99.807539...% -> 99.8075
    assert windows["7d"].downtime_seconds == 1164
    assert windows["7d"].percent == 99.8075
    assert windows["7d"].no_data_seconds == 1000
    # the period: 1,164 s of 864,000 s = 99.865277...% -> 99.8652
    assert windows["period"].percent == 99.8652
    assert windows["period"].label == "Q"


def test_daily_bars_hand_worked() -> None:
    now = int(np.datetime64("2026-08-13T09:00:00").astype("datetime64[s]").astype(int)) - 3 * 3600
    days, edges = last_days(now, 3, TZ)
    assert days == [date(2026, 8, 11), date(2026, 8, 12), date(2026, 8, 13)]
    assert edges[-1] == now and edges[1] - edges[0] == 86400
    d12 = int(edges[1])
    down = Intervals.of([(d12 + 3600, d12 + 3600 + 600)])  # 10 min on 12 Aug
    excluded = Intervals.of([(int(edges[0]) + 60, int(edges[0]) + 120)])  # 1 min on 11 Aug
    no_data = Intervals.of([(int(edges[2]), now)])  # all of 13 Aug so far
    bars = daily_bars(days, edges, down, excluded, no_data, [("inc", d12 + 3000, d12 + 5000)])
    assert [b.level for b in bars] == ["excluded", "partial", "no-data"]
    # 600 s of 86,400 s: 99.30555...% -> 99.3055
    assert bars[1].percent == 99.3055 and bars[1].incidents == ("inc",)
    assert bars[0].percent == 100.0 and bars[2].percent is None


def test_day_levels_by_downtime_minutes() -> None:
    days, edges = last_days(86400 * 10 + 43200, 1, UTC)
    lo = int(edges[0])
    for seconds, level in [
        (0, "up"),
        (300, "minor"),
        (301, "partial"),
        (1800, "partial"),
        (1801, "major"),
    ]:
        bar = daily_bars(
            days, edges, Intervals.of([(lo, lo + seconds)]), Intervals.empty(), Intervals.empty()
        )[0]
        assert bar.level == level, seconds


def test_hour_edges_start_at_local_midnight_six_days_ago() -> None:
    now = 10 * 86400 + 5 * 3600 + 120  # 10 days + 05:02 UTC = 08:02 at +03:00
    edges = hour_edges(now, 7, TZ)
    assert edges[0] == 4 * 86400 - 3 * 3600
    assert edges[-1] == now and all(np.diff(edges[:-1]) == 3600)
    assert len(edges) - 1 == 6 * 24 + 9


def test_nearest_rank() -> None:
    assert [nearest_rank(n, 50) for n in (1, 2, 3, 4, 10)] == [1, 1, 2, 2, 5]
    assert [nearest_rank(n, 95) for n in (1, 19, 20, 21, 100)] == [1, 19, 19, 20, 95]


def test_percentiles_per_bucket_hand_worked() -> None:
    ts = np.array([0, 10, 20, 30, 40, 3600, 3610, 7300], dtype=np.int64)
    lat = np.array([50, 10, 40, 30, np.nan, 500, 100, 5], dtype=np.float32)
    ok = np.array([True, True, True, True, True, False, True, True])
    series = percentiles(ts, lat, ok, [0, 3600, 7200, 10800, 14400])
    assert series.counts == [4, 1, 1, 0]  # NaN and the failed check are left out
    # bucket 0 sorted: 10 30 40 50 -> p50 = rank 2 = 30, p95 = rank 4 = 50
    assert series.values[50] == [30.0, 100.0, 5.0, None]
    assert series.values[95] == [50.0, 100.0, 5.0, None]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_percentiles_of_negative_and_double_latencies(dtype: type) -> None:
    # a latency the store never writes (below zero) still sorts below the others, and a
    # float64 series sorts as a float32 one does
    ts = np.array([0, 1, 2, 3, 3600, 3601], dtype=np.int64)
    lat = np.array([5, -1, 3, 0.5, 2, 7], dtype=dtype)
    ok = np.ones(6, dtype=bool)
    series = percentiles(ts, lat, ok, [0, 3600, 7200])
    assert series.counts == [4, 2]
    # bucket 0 sorted: -1 0.5 3 5 -> p50 = rank 2 = 0.5, p95 = rank 4 = 5; bucket 1: 2 7
    assert series.values[50] == [0.5, 2.0]
    assert series.values[95] == [5.0, 7.0]
