"""Uptime attainment for a period, with hand-worked numbers.

The reference quarter 2026-08 has 92 days = 132,480 minutes; 99.9% allows 132.48 minutes
(7,948.8 seconds) of counted downtime.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.compute.attainment import uptime_section
from generator.compute.intervals import Intervals, complement
from generator.compute.periods import Period, period_by_id
from generator.compute.uptime import Timeline
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.site import Site, load_site

H = 3600


@pytest.fixture
def site(site_dir: Path) -> Site:
    return load_site(site_dir)


@pytest.fixture
def period(site: Site) -> Period:
    return period_by_id("2026-08", site.sla.periods, site.sla.timezone)


def timelines(
    site: Site,
    lo: int,
    hi: int,
    down: dict[str, list[tuple[int, int]]],
    no_data: dict[str, list[tuple[int, int]]] | None = None,
) -> dict[str, Timeline]:
    """Components up all the time except the given (offset) down and no-data spans."""
    out = {}
    for c in site.services.components:
        d = Intervals.of([(lo + a, lo + b) for a, b in down.get(c.id, [])])
        gaps = Intervals.of([(lo + a, lo + b) for a, b in (no_data or {}).get(c.id, [])])
        up = complement(d | gaps, lo, hi)
        out[c.id] = Timeline(lo, hi, d, up)
    return out


def section(
    site: Site,
    period: Period,
    down: dict,
    *,
    as_of: int | None = None,
    no_data=None,
    incidents=(),
    maintenance=(),
):
    as_of = period.end + 1 if as_of is None else as_of
    hi = min(period.end, as_of)
    return uptime_section(
        site.sla,
        site.services,
        period,
        as_of,
        timelines(site, period.start, hi, down, no_data),
        list(incidents),
        list(maintenance),
    )


def component(result, cid):
    return next(c for c in result.components if c.id == cid)


def test_overlapping_component_outages_count_once(site: Site, period: Period) -> None:
    u = section(site, period, {"tracking": [(H, H + 600)], "dashboard": [(H + 300, H + 900)]})
    assert u.downtime_seconds == 900
    assert u.downtime_minutes == 15.0
    # 100 x (1 - 900 / 7,948,800) = 99.988677..., truncated
    assert u.percent == 99.9886
    assert u.allowed_downtime_minutes == 132.48
    assert u.error_budget_minutes == 117.48
    assert u.met is True
    assert component(u, "tracking").downtime_minutes == 10.0
    assert component(u, "dashboard").downtime_minutes == 10.0


def test_met_is_decided_on_exact_seconds(site: Site, period: Period) -> None:
    assert section(site, period, {"api": [(0, 7948)]}).met is True
    missed = section(site, period, {"api": [(0, 7949)]})
    assert missed.met is False
    assert missed.error_budget_minutes < 0
    # the truncated percentage never shows the missed objective as met
    assert missed.percent < 99.9


def test_beta_downtime_is_reported_and_excluded(site: Site, period: Period) -> None:
    u = section(site, period, {"insights": [(H, 2 * H)]})
    assert u.downtime_seconds == 0
    beta = component(u, "insights")
    assert beta.downtime_minutes == 60.0
    assert beta.excluded_minutes == 60.0
    assert beta.percent == 100.0
    assert beta.observed_percent == pytest.approx(99.9547, abs=1e-4)
    assert [(e.component, e.minutes, e.rule) for e in u.excluded] == [("insights", 60.0, "beta")]
    assert u.excluded[0].reason == "Any features identified as beta or similar"


def test_out_of_scope_components_are_reported_never_counted(site: Site, period: Period) -> None:
    services = dataclasses.replace(
        site.services,
        components=tuple(
            dataclasses.replace(c, covered=False) if c.id == "dashboard" else c
            for c in site.services.components
        ),
    )
    other = dataclasses.replace(site, services=services)
    u = section(other, period, {"dashboard": [(H, H + 600)]})
    assert u.downtime_seconds == 0
    assert u.excluded[0].rule == "not-covered"


def maintenance(period: Period, start: int, minutes: int = 30, releases: int = 1) -> Maintenance:
    return Maintenance(
        "release-1",
        "data/maintenance/release-1.md",
        "Release 1",
        ("tracking", "api"),
        period.start + start,
        period.start + start + minutes * 60,
        releases,
        False,
        "",
    )


def test_downtime_in_a_maintenance_window_is_excluded_and_checked_against_10_s(
    site: Site, period: Period
) -> None:
    window = maintenance(period, 10 * H)
    u = section(site, period, {"api": [(10 * H + 300, 10 * H + 342)]}, maintenance=[window])
    assert u.downtime_seconds == 0
    assert [(e.rule, e.seconds, e.source) for e in u.excluded] == [
        ("scheduled-release", 42, "data/maintenance/release-1.md")
    ]
    check = u.maintenance[0]
    assert (check.allowed_seconds, check.observed_downtime_seconds, check.exceeded) == (
        10,
        42,
        True,
    )
    assert check.counted_seconds == 0


def test_two_releases_allow_20_seconds(site: Site, period: Period) -> None:
    window = maintenance(period, 10 * H, releases=2)
    u = section(
        site,
        period,
        {"api": [(10 * H + 300, 10 * H + 307), (10 * H + 900, 10 * H + 911)]},
        maintenance=[window],
    )
    check = u.maintenance[0]
    assert (check.allowed_seconds, check.observed_downtime_seconds, check.exceeded) == (
        20,
        18,
        False,
    )


def test_excess_counts_when_the_sla_file_says_so(site: Site, period: Period) -> None:
    policy = site.sla.uptime
    strict = dataclasses.replace(
        site,
        sla=dataclasses.replace(
            site.sla,
            uptime=dataclasses.replace(
                policy,
                scheduled_downtime=dataclasses.replace(
                    policy.scheduled_downtime, excess_counts=True
                ),
            ),
        ),
    )
    window = maintenance(period, 10 * H)
    u = section(strict, period, {"api": [(10 * H + 300, 10 * H + 342)]}, maintenance=[window])
    assert u.downtime_seconds == 32  # the first 10 s stay excluded
    assert [e.seconds for e in u.excluded] == [10]
    assert u.maintenance[0].counted_seconds == 32


def incident(period: Period, start: int, end: int, excluded: bool = True) -> Incident:
    return Incident(
        id="dns",
        file="data/incidents/dns.md",
        title="DNS provider outage",
        components=("tracking",),
        impact="major",
        started=period.start + start,
        resolved=period.start + end,
        updates=(),
        body="",
        postmortem="",
        excluded=excluded,
        exclusion="third-party" if excluded else None,
        exclusion_note="outage at our DNS provider",
    )


def test_an_excluded_incident_excludes_only_its_span_and_splits_the_outage(
    site: Site, period: Period
) -> None:
    u = section(
        site,
        period,
        {"tracking": [(5 * H, 5 * H + 2400)]},
        incidents=[incident(period, 5 * H - 60, 5 * H + 1800)],
    )
    assert u.downtime_seconds == 600
    assert u.excluded_minutes == 30.0
    outages = component(u, "tracking").outages
    assert [(o.seconds, o.excluded, o.rule) for o in outages] == [
        (1800, True, "third-party"),
        (600, False, None),
    ]
    # the counted tail began after the incident was declared resolved
    assert [o.incidents for o in outages] == [["dns"], []]
    assert u.excluded[0].reason.endswith(": outage at our DNS provider")


def test_an_incident_not_declared_excluded_changes_nothing(site: Site, period: Period) -> None:
    u = section(
        site,
        period,
        {"tracking": [(5 * H, 5 * H + 2400)]},
        incidents=[incident(period, 5 * H, 5 * H + 2400, excluded=False)],
    )
    assert u.downtime_seconds == 2400
    assert u.excluded == []


def test_no_data_is_reported_not_counted(site: Site, period: Period) -> None:
    u = section(site, period, {}, no_data={"dashboard": [(H, 2 * H)]})
    assert u.downtime_seconds == 0
    assert u.no_data_minutes == 60.0
    assert component(u, "dashboard").no_data_minutes == 60.0
    assert u.percent == 100.0


def test_a_running_period_is_reported_to_date_with_a_projection(site: Site, period: Period) -> None:
    as_of = period.start + 10 * 86400
    u = section(site, period, {"tracking": [(H, H + 600)]}, as_of=as_of)
    assert u.elapsed_minutes == 14400.0
    assert u.allowed_downtime_minutes == 132.48  # the whole period's allowance
    assert u.percent == 99.9305  # 1 - 600 / 864,000
    assert u.projection is not None
    assert u.projection.downtime_minutes == 92.0  # 10 min in 10 days, scaled to 92 days
    assert u.projection.met is True
    assert u.projection.no_further_downtime_percent == 99.9924  # 1 - 600 / 7,948,800
    assert len(u.daily) == 10


def test_daily_series_adds_up_to_the_period(site: Site, period: Period) -> None:
    # an outage across local midnight between the 1st and the 2nd of August
    u = section(site, period, {"tracking": [(86400 - 300, 86400 + 600)]})
    assert len(u.daily) == 92
    assert [d.downtime_seconds for d in u.daily[:3]] == [300, 600, 0]
    assert u.daily[-1].cumulative_downtime_minutes == u.downtime_minutes == 15.0
    assert component(u, "tracking").daily_downtime_minutes[:2] == [5.0, 10.0]


def test_with_nothing_measured_there_is_no_figure_and_no_verdict(
    site: Site, period: Period
) -> None:
    everything = {c.id: [(0, period.seconds)] for c in site.services.components}
    u = section(site, period, {}, no_data=everything)
    assert (u.percent, u.met, u.measured_minutes) == (None, None, 0.0)
    assert all(c.percent is None and c.observed_percent is None for c in u.components)
    assert all(d.percent is None for d in u.daily)
    assert u.allowed_downtime_minutes == 132.48  # the commitment still stands


def test_measured_time_is_when_any_counted_component_had_data(site: Site, period: Period) -> None:
    # dashboard silent for the first day, everything else measured throughout
    u = section(site, period, {}, no_data={"dashboard": [(0, 86400)]})
    assert u.measured_minutes == 132480.0
    assert u.no_data_minutes == 1440.0
    only_beta_measured = {
        c.id: [(0, period.seconds)] for c in site.services.components if c.counted
    }
    u = section(site, period, {}, no_data=only_beta_measured)
    assert u.percent is None  # a beta component's records say nothing about the SLA
