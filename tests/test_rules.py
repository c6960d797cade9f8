"""The default policy (the README's "How uptime is computed" and "How support attainment is
computed"), one test per rule whose breakage must fail the suite: small inputs built by hand, expected figures worked out by hand (the arithmetic is
in the comments) and written as literals.

The uptime rules run end to end: a data directory with the reference SLA file, a services
file written here, probe records, incident and maintenance files, then ``build_report`` and
its JSON, so a default read from the services file (quorum, max_gap) is tested the way a
user's site meets it. ``scripts/mutation_check.py`` breaks each rule in turn and runs this
file; every mutation it lists must fail a test here.

All uptime figures are over the completed period Aug-Oct 2026: 1 Aug 2026 00:00+03:00 to
1 Nov 2026 00:00+03:00 = 92 days = 92 x 86,400 = 7,948,800 s.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.compute.periods import period_by_id
from generator.compute.support import (
    BREACHED,
    MET,
    PENDING,
    attainment_percent,
    deadline_for,
    outcome,
    tally,
)
from generator.config.sla import load_sla
from generator.config.support import SupportPolicy, support_policy
from generator.model.report import percent
from generator.render.badges import uptime_badge
from generator.render.formatting import pct
from generator.reporting import build_report
from generator.site import Site, load_site
from generator.store.probes import Sample, write_samples
from generator.store.tickets import Ticket
from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
PERIOD = "2026-08"
START = parse_instant("2026-08-01T00:00:00+03:00")
END = parse_instant("2026-11-01T00:00:00+03:00")
T = START + 10 * 3600  # 1 Aug 2026 10:00+03:00: every outage below starts from here
MIN, H = 60, 3600

SERVICES = """\
components:
  - id: web
    name: Website
    monitors:
      - id: web-check
        name: Website check
        interval: 5m
        locations: [eu, us, asia]   # three locations, no quorum given: the default applies
  - id: api
    name: API
    monitors:
      - id: api-check
        name: API check
        interval: 5m
        locations: [eu]             # one location, no max_gap given: the default applies
  - id: labs
    name: Labs
    beta: true
    monitors:
      - id: labs-check
        name: Labs check
        interval: 5m
        locations: [eu]
"""


def site_with(
    tmp_path: Path,
    checks: list[tuple[str, str, int, bool]],
    records: dict[str, str] | None = None,
) -> Site:
    """A data directory with the reference SLA, the services above, the checks
    (monitor, location, seconds after T, ok) and record files (path under data: text)."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(REPO / "data" / "sla.yml", data / "sla.yml")
    (data / "services.yml").write_text(SERVICES, encoding="utf-8")
    for name, text in (records or {}).items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    site = load_site(data)
    write_samples(site.data, [Sample(T + at, m, loc, ok) for m, loc, at, ok in checks])
    return load_site(data)


def report(site: Site) -> dict[str, Any]:
    period = period_by_id(PERIOD, site.sla.periods, site.sla.timezone)
    return build_report(site, period, END).to_json()


def component(rep: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in rep["uptime"]["components"] if c["id"] == cid)


def steady(monitor: str, location: str, offsets: range, ok: bool = True) -> list:
    return [(monitor, location, at, ok) for at in offsets]


# -- uptime: quorum --------------------------------------------------------------------------


def test_three_locations_without_a_quorum_need_two_down(tmp_path: Path) -> None:
    # checks every 300 s at T+0..T+900 from eu, us, asia:
    #   eu   ok  FAIL FAIL ok
    #   us   ok  FAIL ok   ok
    #   asia ok  ok   ok   ok
    # [T+300, T+600): eu and us down = 2 of 3 >= quorum 2: down, 300 s
    # [T+600, T+900): only eu down = 1 of 3: up
    site = site_with(
        tmp_path,
        [
            ("web-check", "eu", 0, True),
            ("web-check", "eu", 300, False),
            ("web-check", "eu", 600, False),
            ("web-check", "eu", 900, True),
            ("web-check", "us", 0, True),
            ("web-check", "us", 300, False),
            ("web-check", "us", 600, True),
            ("web-check", "us", 900, True),
            *steady("web-check", "asia", range(0, 901, 300)),
        ],
    )
    assert site.services.monitors["web-check"].quorum == 2
    rep = report(site)
    assert component(rep, "web")["downtime_seconds"] == 300
    assert rep["uptime"]["downtime_seconds"] == 300
    # 100 x (1 - 300 / 7,948,800) = 99.996225..., truncated to 4 decimals
    assert rep["uptime"]["percent"] == 99.9962


def test_one_location_of_three_down_is_not_downtime(tmp_path: Path) -> None:
    # only asia fails, T+300 to T+900: 1 of 3 locations is no outage
    site = site_with(
        tmp_path,
        [
            *steady("web-check", "eu", range(0, 1201, 300)),
            *steady("web-check", "us", range(0, 1201, 300)),
            ("web-check", "asia", 0, True),
            ("web-check", "asia", 300, False),
            ("web-check", "asia", 600, False),
            ("web-check", "asia", 900, True),
        ],
    )
    rep = report(site)
    assert component(rep, "web")["downtime_seconds"] == 0
    assert rep["uptime"]["percent"] == 100.0


def test_a_monitor_with_one_location_is_down_on_one_failure(tmp_path: Path) -> None:
    # default quorum 1 for one location: fail at T+0, ok at T+300: 300 s down
    site = site_with(tmp_path, [("api-check", "eu", 0, False), ("api-check", "eu", 300, True)])
    assert site.services.monitors["api-check"].quorum == 1
    assert report(site)["uptime"]["downtime_seconds"] == 300


# -- uptime: max_gap and no data -------------------------------------------------------------


def test_a_state_holds_three_intervals_then_there_is_no_data(tmp_path: Path) -> None:
    # interval 5 min, no max_gap given: 3 x 300 = 900 s.
    # fail at T+0, fail at T+900 (exactly 3 intervals later: the state held until then),
    # then silence until ok at T+2400: down T+0..T+900 and T+900..T+1800 (held 900 s),
    # no data T+1800..T+2400. Down 1800 s; with a longer gap it would be 2400 s.
    site = site_with(
        tmp_path,
        [
            ("api-check", "eu", 0, False),
            ("api-check", "eu", 900, False),
            ("api-check", "eu", 2400, True),
        ],
    )
    assert site.services.monitors["api-check"].max_gap == 900
    rep = report(site)
    api = component(rep, "api")
    assert api["downtime_seconds"] == 1800
    # no data: the whole period but the 1800 s down and the 900 s the last ok holds
    # (T+2400..T+3300): 7,948,800 - 2,700 = 7,946,100 s = 132,435 min
    assert api["no_data_minutes"] == 132435.0
    # 100 x (1 - 1800 / 7,948,800) = 99.977355..., truncated
    assert rep["uptime"]["percent"] == 99.9773


def test_no_data_is_not_downtime(tmp_path: Path) -> None:
    # a single ok check, then nothing for the rest of the period: 900 s up, the rest no data,
    # nothing down: 100%, not 0%
    site = site_with(tmp_path, [("api-check", "eu", 0, True)])
    rep = report(site)
    assert rep["uptime"]["downtime_seconds"] == 0
    assert rep["uptime"]["percent"] == 100.0
    assert rep["uptime"]["met"] is True
    # 7,948,800 - 900 = 7,947,900 s = 132,465 min without data, reported
    assert component(rep, "api")["no_data_minutes"] == 132465.0


# -- uptime: the service is the union of counted components ----------------------------------


def test_overlapping_component_outages_count_once_in_the_service(tmp_path: Path) -> None:
    # api down T+0..T+600; web down (eu and us) T+300..T+900: union T+0..T+900 = 900 s,
    # not 600 + 600 = 1200 s
    web = [
        (m, loc, at, not (300 <= at < 900))
        for m, loc in (("web-check", "eu"), ("web-check", "us"))
        for at in range(0, 1201, 300)
    ]
    site = site_with(
        tmp_path,
        [
            ("api-check", "eu", 0, False),
            ("api-check", "eu", 300, False),
            ("api-check", "eu", 600, True),
            *web,
        ],
    )
    rep = report(site)
    assert component(rep, "api")["downtime_seconds"] == 600
    assert component(rep, "web")["downtime_seconds"] == 600
    assert rep["uptime"]["downtime_seconds"] == 900
    # 100 x (1 - 900 / 7,948,800) = 99.988677..., truncated
    assert rep["uptime"]["percent"] == 99.9886


def test_beta_components_are_reported_never_counted(tmp_path: Path) -> None:
    # labs (beta) down T+0..T+600; api up meanwhile
    site = site_with(
        tmp_path,
        [
            ("labs-check", "eu", 0, False),
            ("labs-check", "eu", 300, False),
            ("labs-check", "eu", 600, True),
            *steady("api-check", "eu", range(0, 601, 300)),
        ],
    )
    rep = report(site)
    labs = component(rep, "labs")
    assert (labs["counted"], labs["downtime_seconds"], labs["counted_downtime_minutes"]) == (
        False,
        600,
        0.0,
    )
    assert labs["observed_percent"] == 99.9924  # 100 x (1 - 600 / 7,948,800) = 99.992451...
    assert rep["uptime"]["downtime_seconds"] == 0
    assert rep["uptime"]["percent"] == 100.0
    assert [(e["component"], e["rule"], e["seconds"]) for e in rep["uptime"]["excluded"]] == [
        ("labs", "beta", 600)
    ]


# -- uptime: exclusions ----------------------------------------------------------------------

INCIDENT = """\
---
title: Upstream DNS provider outage
components: [api]
impact: major
started: 2026-08-01T10:00:00+03:00
resolved: 2026-08-01T10:10:00+03:00
sla:
  exclude: true
  reason: third-party
  note: outage at our DNS provider
---
Our DNS provider failed.
"""


def maintenance_file(cancelled: bool) -> str:
    return (
        "---\ntitle: Database upgrade\ncomponents: [api]\n"
        "start: 2026-08-01T10:00:00+03:00\nend: 2026-08-01T10:30:00+03:00\n"
        f"releases: 1\ncancelled: {'true' if cancelled else 'false'}\n---\nUpgrade.\n"
    )


API_DOWN_20_MIN = [
    ("api-check", "eu", at, at >= 1200) for at in range(0, 1501, 300)
]  # fail T+0..T+900, ok from T+1200: down T+0..T+1200 = 1200 s


def test_a_cancelled_maintenance_window_excludes_nothing(tmp_path: Path) -> None:
    site = site_with(
        tmp_path, API_DOWN_20_MIN, {"maintenance/db-upgrade.md": maintenance_file(True)}
    )
    rep = report(site)
    assert rep["uptime"]["excluded"] == []
    assert rep["uptime"]["downtime_seconds"] == 1200
    # 100 x (1 - 1200 / 7,948,800) = 99.984903..., truncated
    assert rep["uptime"]["percent"] == 99.9849


def test_a_maintenance_window_excludes_its_downtime(tmp_path: Path) -> None:
    site = site_with(
        tmp_path, API_DOWN_20_MIN, {"maintenance/db-upgrade.md": maintenance_file(False)}
    )
    rep = report(site)
    assert rep["uptime"]["downtime_seconds"] == 0
    assert [(e["rule"], e["seconds"], e["source"]) for e in rep["uptime"]["excluded"]] == [
        ("scheduled-release", 1200, "maintenance/db-upgrade.md")
    ]
    check = rep["uptime"]["maintenance"][0]
    # 1 release x 10 s allowed, 1200 s observed: exceeded
    assert (check["allowed_seconds"], check["observed_downtime_seconds"], check["exceeded"]) == (
        10,
        1200,
        True,
    )


def test_an_excluded_incident_excludes_its_span_with_its_reason(tmp_path: Path) -> None:
    # down T+0..T+1200; the incident (excluded, third-party) covers T+0..T+600:
    # 600 s excluded with the reason, 600 s counted
    site = site_with(
        tmp_path,
        API_DOWN_20_MIN,
        {"incidents/2026-08-17-upstream-dns-provider-outage.md": INCIDENT},
    )
    rep = report(site)
    assert rep["uptime"]["downtime_seconds"] == 600
    [excluded] = rep["uptime"]["excluded"]
    assert (excluded["rule"], excluded["seconds"]) == ("third-party", 600)
    assert excluded["reason"].endswith(": outage at our DNS provider")


def test_published_sources_are_relative_to_the_data_directory(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        [*API_DOWN_20_MIN, ("labs-check", "eu", 0, False), ("labs-check", "eu", 300, True)],
        {"incidents/2026-08-17-upstream-dns-provider-outage.md": INCIDENT},
    )
    rep = report(site)
    assert [e["source"] for e in rep["uptime"]["excluded"]] == [
        "incidents/2026-08-17-upstream-dns-provider-outage.md",  # api, from T+0
        "services.yml",  # labs, beta, from T+0 (sorted by start, then component)
    ]
    published = json.dumps(rep)
    assert str(tmp_path) not in published
    assert str(tmp_path.resolve()) not in published


# -- display: truncated, never rounded -------------------------------------------------------


def test_the_model_truncates_percentages() -> None:
    # 1 s lost in 7,948,800 s: 99.9999874... is 99.9999, never 100.0
    assert percent(1, 7_948_800) == 99.9999
    # 389 s: 99.9951061... is 99.9951
    assert percent(389, 7_948_800) == 99.9951
    assert percent(0, 7_948_800) == 100.0


def test_displayed_percentages_are_truncated_never_rounded() -> None:
    assert pct(99.9951, 2) == "99.99%"
    assert pct(99.9951, 2, strip=True) == "99.99%"
    assert pct(99.9999, 2, strip=True) == "99.99%"
    assert pct(99.9999) == "99.99%"  # people read 2 decimals by default
    assert pct(99.9999, 4) == "99.9999%"
    assert pct(100.0, 2, strip=True) == "100%"  # only when nothing was lost
    assert pct(99.5, 2, strip=True) == "99.5%"


def test_a_period_that_lost_one_second_never_shows_100_percent(tmp_path: Path) -> None:
    # fail at T+0, ok at T+1: 1 s down over the period
    site = site_with(tmp_path, [("api-check", "eu", 0, False), ("api-check", "eu", 1, True)])
    rep = report(site)
    assert rep["uptime"]["percent"] == 99.9999  # 99.9999874..., truncated
    api = component(rep, "api")
    badge = uptime_badge("API", api["percent"], 99.9, "Aug–Oct 2026")
    assert 'aria-label="uptime: 99.99%"' in badge
    assert "<title>API: 99.99% uptime, Aug–Oct 2026</title>" in badge
    assert ">100%<" not in badge


# -- support response ------------------------------------------------------------------------

_policy = support_policy(load_sla(REPO / "data" / "sla.yml"))
assert _policy is not None
POLICY: SupportPolicy = _policy


def at(text: str) -> int:
    return parse_instant(text + "+03:00")


def ticket(impact: str, created: str, answered: str | None = None, paused: float = 0.0) -> Ticket:
    return Ticket(
        id="LT-9",
        channel="email",
        impact=impact,
        plan="Pro",
        created_at=at(created),
        first_response_at=at(answered) if answered else None,
        paused_minutes=paused,
    )


# Thursday 15 Oct 2026, inside the support calendar (Mon-Fri 09:00-21:00 +03:00)
@pytest.mark.parametrize(
    ("answered", "status"),
    [
        ("2026-10-15T14:59:59", MET),
        ("2026-10-15T15:00:00", MET),  # at the deadline exactly: met (<=)
        ("2026-10-15T15:00:01", BREACHED),
    ],
)
def test_met_iff_the_first_response_is_at_or_before_the_deadline(
    answered: str, status: str
) -> None:
    # email high: 1 h calendar time from 14:00 = 15:00
    tk = ticket("high", "2026-10-15T14:00:00", answered)
    assert deadline_for(POLICY, tk).at == at("2026-10-15T15:00:00")
    assert outcome(POLICY, tk, at("2026-10-16T00:00:00")).status == status


def test_pending_tickets_are_shown_not_counted() -> None:
    as_of = at("2026-10-15T14:30:00")
    outcomes = [
        outcome(POLICY, ticket("high", "2026-10-15T12:00:00", "2026-10-15T12:40:00"), as_of),
        outcome(POLICY, ticket("high", "2026-10-15T12:00:00"), as_of),  # due 13:00: breached
        outcome(POLICY, ticket("high", "2026-10-15T14:00:00"), as_of),  # due 15:00: pending
    ]
    assert [o.status for o in outcomes] == [MET, BREACHED, PENDING]
    figures = tally(outcomes)
    assert (figures.tickets, figures.met, figures.breached, figures.pending) == (3, 1, 1, 1)
    assert figures.attainment_percent == 50.0  # 1 met of 2 counted, not 1 of 3 (33.3333)


def test_support_attainment_is_truncated() -> None:
    # 2 of 3: 66.66666... is 66.6666, not 66.6667; 19,999 of 20,000: 99.995 stays 99.995
    assert attainment_percent(2, 1) == 66.6666
    assert attainment_percent(19_999, 1) == 99.995
    # 199,999 of 200,000 = 99.9995: truncated 99.9995; 1,999,999 of 2,000,000 = 99.99995
    assert attainment_percent(1_999_999, 1) == 99.9999


def test_paused_minutes_extend_the_deadline() -> None:
    # email high, calendar time: 14:00 + 1 h + 30 min paused = 15:30
    assert deadline_for(POLICY, ticket("high", "2026-10-15T14:00:00", paused=30)).at == at(
        "2026-10-15T15:30:00"
    )
    # email medium, business clock: 10:00 + 5 h + 60 min paused = 16:00 (inside 09-21)
    assert deadline_for(POLICY, ticket("medium", "2026-10-15T10:00:00", paused=60)).at == at(
        "2026-10-15T16:00:00"
    )


def test_critical_outside_business_hours_gets_24_hours() -> None:
    # Saturday 17 Oct 2026 10:00: outside the calendar: 10:00 Sunday
    tk = ticket("critical", "2026-10-17T10:00:00")
    assert deadline_for(POLICY, tk).at == at("2026-10-18T10:00:00")
    # the same in business hours: 15 minutes
    assert deadline_for(POLICY, ticket("critical", "2026-10-15T10:00:00")).at == at(
        "2026-10-15T10:15:00"
    )


def test_high_whose_deadline_falls_after_closing_gets_24_hours() -> None:
    # Thursday 20:30 + 1 h = 21:30, after the 21:00 close: 20:30 Friday instead
    tk = ticket("high", "2026-10-15T20:30:00")
    assert deadline_for(POLICY, tk).at == at("2026-10-16T20:30:00")


# -- terms -----------------------------------------------------------------------------------


def test_review_is_overdue_once_the_next_review_date_has_passed(tmp_path: Path) -> None:
    terms = load_sla(REPO / "data" / "sla.yml").terms
    assert terms.next_review == date(2024, 11, 20)
    assert terms.review_overdue(date(2024, 11, 19)) is False
    assert terms.review_overdue(date(2024, 11, 20)) is False  # due today, not yet passed
    assert terms.review_overdue(date(2024, 11, 21)) is True
    rep = report(site_with(tmp_path, []))
    assert (rep["terms"]["review_overdue"], rep["terms"]["review_overdue_since"]) == (
        True,
        "2024-11-20",
    )
