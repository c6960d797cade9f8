"""The display policy people read (generator.render.formatting), with expected strings worked
out by hand: 2-decimal truncated percentages, "100%" only when nothing was lost, durations
in the two largest units."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.compute.periods import period_by_id
from generator.model.report import Report
from generator.render import formatting as fmt
from generator.render.pages import SitePages, Urls, template_environment
from generator.render.verdict import verdict
from generator.reporting import build_report
from generator.reporting.site import build_model
from generator.site import load_site
from generator.timeutil import parse_instant
from tests.conftest import DEMO_UNTIL


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (99.9951, "99.99%"),  # truncated: rounding would claim 100%
        (100.0, "100%"),  # nothing lost
        (99.9513, "99.95%"),
        (99.999999, "99.99%"),
        (92.405, "92.40%"),
        (50.0, "50.00%"),
        (0.0, "0.00%"),
        (None, "no data"),
    ],
)
def test_percentages_have_two_truncated_decimals(value: float | None, shown: str) -> None:
    assert fmt.pct(value) == shown


def test_the_exact_figure_keeps_four_decimals() -> None:
    assert fmt.pct(99.9513, 4) == "99.9513%"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (42, "42 s"),
        (42.9, "42 s"),
        (60, "1 min"),
        (750, "12 min 30 s"),
        (3900, "1 h 05 min"),
        (3870, "1 h 04 min"),  # 1 h 04 min 30 s: the seconds are dropped past an hour
        (7948.8, "2 h 12 min"),  # 0.1% of 92 days
        (86400, "1 d"),
        (187200, "2 d 4 h"),
    ],
)
def test_durations_are_in_human_units(seconds: float, shown: str) -> None:
    assert fmt.duration(seconds) == shown


def test_minutes_from_the_report_read_as_durations() -> None:
    assert fmt.minutes_duration(132.48) == "2 h 12 min"
    assert fmt.minutes_duration(64.5) == "1 h 04 min"


@pytest.fixture(scope="module")
def august(demo_data: Path) -> Report:
    site = load_site(demo_data)
    return build_report(
        site, period_by_id("2026-08", site.sla.periods, site.sla.timezone), DEMO_UNTIL
    )


def test_the_verdict_comes_first_in_words_and_units_people_use(august: Report) -> None:
    # 3,870 s counted of 7,948,800 s: 99.951313...% -> 99.95%; 3,870 s = 1 h 04 min 30 s;
    # allowed 7,948.8 s = 2 h 12 min 28.8 s
    v = verdict(august)
    assert v.sentence == (
        "SLA met: 99.95% uptime against the 99.9% objective; 1 h 04 min of downtime counted"
        " of 2 h 12 min allowed."
    )
    assert [(t.label, t.value, t.state) for t in v.tiles] == [
        ("Uptime", "99.95%", "met"),
        ("Downtime counted", "1 h 04 min", "met"),
        ("Support on time", "92.40%", "neutral"),  # 73 of 79: 92.405063...
        ("Maintenance kept", "2 of 3", "missed"),  # 8 Sep: 42 s observed, 20 s allowed
    ]


def test_support_gets_a_verdict_only_against_a_stated_objective(august: Report) -> None:
    assert verdict(august).support == (
        "Support: 92.40% of first responses on time (73 of 79); the SLA sets no attainment target."
    )
    assert verdict(august, Decimal("95")).support == (
        "Support target missed: 92.40% of first responses on time (73 of 79) against 95%."
    )
    assert verdict(august, Decimal("90")).support == (
        "Support target met: 92.40% of first responses on time (73 of 79) against 90%."
    )


def test_nothing_after_the_as_of_time_is_shown(demo_data: Path) -> None:
    # built as of 1 Sep 2026 on records up to 20 Nov 2026: the 29 Sep database failover
    # and the 17 Oct slowdown had not happened yet
    as_of = parse_instant("2026-09-01T12:00:00+03:00")
    model = build_model(load_site(demo_data), as_of)
    pages = SitePages(model, template_environment([]), Urls(), charts={}).sources()
    assert "incidents/2026-09-29-dashboard-unavailable-after-database-failover.md" not in pages
    assert "incidents/2026-08-19-tracking-endpoint-returning-502-errors.md" in pages
    for src, text in pages.items():
        assert "Dashboard unavailable after database failover" not in text, src
        assert "13 Sep 2026" not in text, src  # the api outage of 13 Sep, with no incident


def test_an_incident_is_known_as_it_was_at_the_as_of_time(demo_data: Path) -> None:
    site = load_site(demo_data)
    incident = next(
        i for i in site.incidents if i.id == "2026-08-19-tracking-endpoint-returning-502-errors"
    )
    assert incident.resolved is not None and len(incident.updates) >= 2
    # between its second update and its resolution: open, and told only what was written
    during = incident.updates[1].at
    known = next(i for i in site.known_at(during).incidents if i.id == incident.id)
    assert known.resolved is None
    assert known.updates == incident.updates[:2]
    assert known.open_at(during)
    # before it started it is not there at all; after, it is unchanged
    assert incident.id not in {i.id for i in site.known_at(incident.started - 1).incidents}
    assert next(i for i in site.known_at(incident.resolved).incidents if i.id == incident.id) == (
        incident
    )
