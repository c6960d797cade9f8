"""A closed period's report is stamped with the moment it last changed, and its figures
as known then are its figures as known at the build's as-of time: what lets the scheduled
build reuse every closed period's PDF instead of drawing it again for a new time on it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.commands.report import ReportOptions, make_report
from generator.compute.intervals import Intervals, complement, union
from generator.compute.periods import Period, period_by_id
from generator.compute.support import deadline_for
from generator.compute.uptime import Timeline
from generator.config.support import support_policy
from generator.model.incidents import Incident, IncidentUpdate
from generator.model.maintenance import Maintenance
from generator.model.report import reference
from generator.reporting.period import build_report, component_timelines
from generator.reporting.settled import review_overdue_from, settled_at
from generator.site import Site, load_site
from generator.store.tickets import Ticket, load_tickets
from tests.conftest import DEMO_UNTIL, REPO
from tests.contracts import write_clients

HOUR, DAY = 3600, 86400


def unstamped(report: Any) -> Any:
    """The report's JSON with its stamps left out: its figures."""
    plain = report.to_json()
    plain["generated_at"] = plain["period"]["as_of"] = ""
    return plain


def content(site: Site, period: Period, at: int, tickets: list[Ticket], **kw: Any) -> Any:
    """The internal edition (every ticket's outcome listed) as known at ``at``, unstamped."""
    return unstamped(build_report(site.known_at(at), period, at, "internal", tickets=tickets, **kw))


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The demo's SLA and services files, no records (each test gives its own)."""
    data = tmp_path_factory.mktemp("settled") / "data"
    data.mkdir()
    for name in ("sla.yml", "services.yml"):
        (data / name).write_bytes((REPO / "data" / name).read_bytes())
    return load_site(data)


QUARTER_END = int(datetime(2026, 11, 1, tzinfo=ZoneInfo("Europe/Moscow")).timestamp())
# around the end of the Aug-Oct quarter: where its records still change after it ends
near_end = st.integers(QUARTER_END - 6 * DAY, QUARTER_END + 6 * DAY)
later = st.integers(0, 12 * DAY)


@st.composite
def tickets(draw: st.DrawFn) -> list[Ticket]:
    out = []
    for n in range(draw(st.integers(0, 8))):
        created = draw(st.integers(QUARTER_END - 6 * DAY, QUARTER_END - 1))
        answered = draw(st.none() | later.map(lambda d, c=created: c + d))
        out.append(
            Ticket(
                id=f"T{n}",
                channel=draw(st.sampled_from(["chat", "email", "other"])),
                impact=draw(st.sampled_from(["critical", "high", "medium", "low", "feature"])),
                created_at=created,
                plan=draw(st.sampled_from(["", "Enterprise", "Starter"])),
                first_response_at=answered,
                paused_minutes=draw(st.sampled_from([0.0, 0.0, 90.0, 1441.5])),
            )
        )
    return out


def reviewed(site: Site, next_review: date) -> Site:
    """``site`` with its SLA's next review on ``next_review``."""
    terms = replace(site.sla.terms, next_review=next_review)
    return replace(site, sla=replace(site.sla, terms=terms))


def incident(
    n: int,
    started: int,
    resolved: int | None,
    *,
    components: tuple[str, ...] = ("api",),
    impact: str = "major",
    updates: tuple[IncidentUpdate, ...] = (),
    exclusion: str | None = None,
) -> Incident:
    return Incident(
        id=f"inc-{n}",
        file=f"incidents/inc-{n}.md",
        title=f"Incident {n}",
        components=components,
        impact=impact,
        started=started,
        resolved=resolved,
        updates=updates,
        body="",
        postmortem="",
        excluded=exclusion is not None,
        exclusion=exclusion,
        exclusion_note="",
    )


def window(n: int, start: int, end: int, cancelled: bool = False) -> Maintenance:
    return Maintenance(
        id=f"mw-{n}",
        file=f"maintenance/mw-{n}.md",
        title=f"Window {n}",
        components=("api",),
        start=start,
        end=end,
        releases=1,
        cancelled=cancelled,
        body="",
    )


@st.composite
def incidents(draw: st.DrawFn) -> list[Incident]:
    out = []
    for n in range(draw(st.integers(0, 3))):
        started = draw(near_end)
        resolved = draw(st.none() | later.map(lambda d, s=started: s + 1 + d))
        updates = sorted(draw(st.lists(later, max_size=3)))
        out.append(
            incident(
                n,
                started,
                resolved,
                components=draw(st.sampled_from([("api",), ("api", "dashboard")])),
                impact=draw(st.sampled_from(["major", "minor", "critical"])),
                updates=tuple(IncidentUpdate(started + d, "update", "text") for d in updates),
                exclusion=draw(st.sampled_from([None, "third-party", "performance"])),
            )
        )
    return out


@st.composite
def windows(draw: st.DrawFn) -> list[Maintenance]:
    out = []
    for n in range(draw(st.integers(0, 2))):
        start = draw(near_end)
        end = start + draw(st.integers(60, 2 * DAY))
        out.append(window(n, start, end, cancelled=draw(st.booleans())))
    return out


def downtime(site: Site, period: Period, spans: list[tuple[int, int]]) -> dict[str, Timeline]:
    """Every component up over the period but for ``spans`` (clipped to it), down."""
    down = union([Intervals.of([(s, min(e, period.end))]) for s, e in spans])
    return {
        c.id: Timeline(period.start, period.end, down, complement(down, period.start, period.end))
        for c in site.services.components
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tickets=tickets(),
    incidents=incidents(),
    maintenance=windows(),
    outages=st.lists(near_end.map(lambda s: (s, s + 1800)), max_size=3).map(
        lambda spans: [(s, e) for s, e in spans if s < QUARTER_END]
    ),
    next_review=st.integers(-3, 20).map(lambda d: date(2026, 11, 1) + timedelta(days=d)),
    after=st.integers(1, 16 * DAY),
)
def test_the_report_as_of_its_stamp_is_the_report_as_of_the_build(
    records: Site,
    tickets: list[Ticket],
    incidents: list[Incident],
    maintenance: list[Maintenance],
    outages: list[tuple[int, int]],
    next_review: date,
    after: int,
) -> None:
    site = replace(reviewed(records, next_review), incidents=incidents, maintenance=maintenance)
    period = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    assert period.end == QUARTER_END
    as_of = period.end + after
    stamp = settled_at(site.known_at(as_of), period, as_of, tickets)

    assert period.end < stamp <= as_of
    timelines = downtime(site, period, outages)
    assert content(site, period, stamp, tickets, timelines=timelines) == content(
        site, period, as_of, tickets, timelines=timelines
    )


def _scenario(records: Site, kind: str) -> tuple[Site, list[Ticket], int]:
    """Records of the Aug-Oct quarter whose report changes after its end, at the moment
    returned, in one way: the moments :func:`settled_at` must know, one by one."""
    period = period_by_id("2026-08", records.sla.periods, records.sla.timezone)
    end = period.end
    site = replace(reviewed(records, date(2027, 6, 1)), incidents=[], maintenance=[])
    if kind == "first response":
        answered = end + 2 * DAY + 17
        return (
            site,
            [Ticket("T1", "email", "low", end - HOUR, first_response_at=answered)],
            answered,
        )
    if kind == "deadline":
        ticket = Ticket("T1", "email", "critical", end - 600)  # never answered
        policy = support_policy(site.sla)
        assert policy is not None
        return site, [ticket], deadline_for(policy, ticket).at + 1  # breached from then
    if kind == "incident resolved":
        resolved = end + DAY + 5
        excluded = incident(0, end - HOUR, resolved, exclusion="third-party")
        return replace(site, incidents=[excluded]), [], resolved
    if kind == "maintenance ended":
        return (
            replace(site, maintenance=[window(0, end - HOUR, end + 3 * HOUR)]),
            [],
            end + 3 * HOUR,
        )
    assert kind == "review overdue"
    overdue = review_overdue_from(date(2026, 11, 4), records.sla.timezone)
    return reviewed(site, date(2026, 11, 4)), [], overdue


@pytest.mark.parametrize(
    "kind",
    ["first response", "deadline", "incident resolved", "maintenance ended", "review overdue"],
)
def test_each_moment_after_the_end_that_changes_the_report_moves_its_stamp(
    records: Site, kind: str
) -> None:
    site, given_tickets, moment = _scenario(records, kind)
    period = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    timelines = downtime(site, period, [(period.end - 1800, period.end - 600)])

    def at(instant: int) -> Any:
        return content(site, period, instant, given_tickets, timelines=timelines)

    assert period.end + 1 < moment
    assert at(moment - 1) != at(moment)  # the report does change then
    assert settled_at(site, period, moment - 1, given_tickets) < moment
    assert settled_at(site, period, moment, given_tickets) == moment
    assert settled_at(site, period, moment + 20 * DAY, given_tickets) == moment
    assert at(moment) == at(moment + 20 * DAY)


def test_the_stamp_is_the_last_change(records: Site) -> None:
    period = period_by_id("2026-08", records.sla.periods, records.sla.timezone)
    created = period.end - HOUR
    answered = period.end + 3 * DAY + 7
    ticket = Ticket("T1", "email", "low", created, first_response_at=answered)
    site = reviewed(records, date(2027, 1, 1))

    # closed, nothing after its end: from the second after it
    assert settled_at(site, period, period.end + 1, []) == period.end + 1
    assert settled_at(site, period, period.end + 45 * DAY, []) == period.end + 1
    # running: the as-of time itself
    assert settled_at(site, period, period.end - 5, [ticket]) == period.end - 5
    # an answer after the period's end changes its report when it is given
    assert settled_at(site, period, answered - 1, [ticket]) < answered
    assert settled_at(site, period, answered, [ticket]) == answered
    assert settled_at(site, period, answered + 30 * DAY, [ticket]) == answered
    # the review falling overdue changes every report that states the terms
    overdue = review_overdue_from(date(2027, 1, 1), site.sla.timezone)
    assert settled_at(site, period, overdue + DAY, [ticket]) == overdue


def test_the_review_is_overdue_from_the_first_second_of_the_next_local_day() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    assert review_overdue_from(date(2026, 11, 20), moscow) == int(
        datetime(2026, 11, 21, tzinfo=moscow).timestamp()
    )
    # a zone whose clocks went forward at midnight (Santiago, 2022-09-11: 00:00 -> 01:00):
    # the day after 10 Sep begins at 01:00 local, one second after 23:59:59 of the 10th
    santiago = ZoneInfo("America/Santiago")
    at = review_overdue_from(date(2022, 9, 10), santiago)
    assert datetime.fromtimestamp(at, santiago).date() == date(2022, 9, 11)
    assert datetime.fromtimestamp(at - 1, santiago).date() == date(2022, 9, 10)


def test_demo_reports_as_of_their_stamps_equal_those_as_of_every_later_time(
    demo_data: Path,
) -> None:
    """On the demo's records: for each closed quarter, at its stamp and at many later
    as-of times (each second a ticket, incident or window moved, and the second before),
    the same figures."""
    full = load_site(demo_data)
    stored = load_tickets(full.data)
    sla = full.sla
    for period_id in ["2025-11", "2026-02", "2026-05", "2026-08"]:
        period = period_by_id(period_id, sla.periods, sla.timezone)
        timelines = component_timelines(full, period.start, period.end)
        moments = {t.first_response_at for t in stored if t.first_response_at} | {
            i.started for i in full.incidents
        }
        times = sorted(
            {period.end + 1, DEMO_UNTIL}
            | {m + d for m in moments for d in (-1, 0) if period.end < m + d <= DEMO_UNTIL}
        )
        seen: dict[int, Any] = {}
        for as_of in times[:: max(1, len(times) // 60)]:
            stamp = settled_at(full.known_at(as_of), period, as_of, stored)
            if stamp not in seen:
                seen[stamp] = content(full, period, stamp, stored, timelines=timelines)
            assert seen[stamp] == content(full, period, as_of, stored, timelines=timelines), (
                period_id,
                as_of,
            )


def test_the_reference_tells_apart_reports_with_one_stamp_and_other_figures(
    demo_data: Path,
) -> None:
    site = load_site(demo_data)
    period = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    report = build_report(site, period, DEMO_UNTIL, tickets=[])
    restamped = replace(report, generated_at="x", period=replace(report.period, as_of="x"))
    amended = replace(report, uptime=replace(report.uptime, downtime_seconds=1))
    assert reference(report) == reference(restamped)
    assert reference(report) != reference(amended)
    assert len(reference(report)) == 9 and reference(report)[4] == "-"


@pytest.mark.slow
def test_the_periods_page_quotes_its_pdfs_reference_and_stamp(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client reading the period's page can quote the reference its PDF prints, and sees
    since when a closed period's figures have not changed."""
    from generator.commands.build import BuildOptions, build_site

    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "site"
    build_site(
        BuildOptions(demo_data, out, REPO / "mkdocs.yml", DEMO_UNTIL, strict=True, pdf=False)
    )
    quoted = re.compile(
        r'class="sg-reference"><strong>Reference</strong>: (\w{4}-\w{4})\. (.*?)</p>'
    )
    for period_id, since in [
        ("2025-11", "2 Feb 2026 09:14"),  # its last late first response
        ("2026-08", "1 Nov 2026 00:00"),  # the second after its end
        ("2026-11", None),  # running
    ]:
        found = quoted.search((out / "sla" / period_id / "index.html").read_text())
        assert found is not None, period_id
        options = ReportOptions(demo_data, period_id, DEMO_UNTIL, format="pdf")
        pdf = make_report(options)
        assert isinstance(pdf, bytes)
        cover = " ".join(PdfReader(BytesIO(pdf)).pages[0].extract_text().split())
        reference_, words = found.groups()
        assert f"{reference_}. " in cover, period_id
        if since is None:
            assert words == "Quote it when you ask about a figure."
        else:
            assert f"have not changed since {since}" in cover
            assert "have not changed since <time" in words and f">{since} " in words


def test_report_and_build_stamp_a_closed_quarter_alike(demo_data: Path) -> None:
    from generator.reporting.site import build_model

    site = load_site(demo_data)
    model = build_model(site, DEMO_UNTIL, reuse_reports=False)
    for period_id in ["2025-11", "2026-08", "2026-11"]:
        options = ReportOptions(data_root=demo_data, period=period_id, as_of=DEMO_UNTIL)
        text = make_report(options)
        assert isinstance(text, str)
        assert f'"generated_at": "{model.reports[period_id].generated_at}"' in text
    # the running quarter bears the as-of time; a closed one the moment it last changed
    assert model.reports["2026-11"].generated_at.startswith("2026-11-20T")
    assert model.reports["2026-08"].generated_at == "2026-11-01T00:00:01+03:00"


@pytest.fixture(scope="module")
def clients_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three demo clients: one on a contract with credits, one on a contract that also gives
    72 h out of hours (other deadlines, so other moments), one on the site's SLA."""
    root = tmp_path_factory.mktemp("clients")
    return write_clients(root)


def test_client_editions_as_of_their_stamps_equal_those_as_of_every_later_time(
    demo_data: Path, clients_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.config.clients import load_clients
    from generator.reporting.client import own_tickets

    site = load_site(demo_data)
    stored = load_tickets(site.data)
    clients = load_clients(clients_file, site.sla)
    for period_id in ["2025-11", "2026-08"]:
        period = period_by_id(period_id, site.sla.periods, site.sla.timezone)
        times = {DEMO_UNTIL, period.end + 1}
        for client in clients.clients:
            policy = support_policy(client.sla or site.sla)
            assert policy is not None
            for ticket in own_tickets(stored, client):
                if period.contains(ticket.created_at):
                    breached = deadline_for(policy, ticket).at + 1
                    answered = ticket.first_response_at or breached
                    times |= {answered - 1, answered, breached - 1, breached}
        times = {t for t in times if period.end < t <= DEMO_UNTIL}
        if period_id == "2025-11":  # org-4302's LT-14989, answered late, on 2 Feb 2026
            assert len(times) > 2
        for as_of in sorted(times):
            _same_client_figures(demo_data, clients_file, site, period, as_of, monkeypatch)


def _same_client_figures(
    data: Path,
    clients_file: Path,
    site: Site,
    period: Period,
    as_of: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each client's edition and the internal one with the per-client table, as known at
    their stamps and as known at ``as_of`` itself, have the same figures."""
    import generator.commands.report as command
    import generator.reporting.client as client_module
    from generator.config.clients import load_clients
    from generator.reporting.client import client_report

    stored = load_tickets(site.data)
    clients = load_clients(clients_file, site.sla)

    def internal(as_of: int) -> Any:
        options = ReportOptions(
            data_root=data, period=period.id, as_of=as_of, audience="internal",
            clients=clients_file,
        )  # fmt: skip
        report, _ = command.period_report(options, site.known_at(as_of), period)
        return report

    known = site.known_at(as_of)
    stamped = {c.id: client_report(known, period, as_of, c, stored) for c in clients.clients}
    table = internal(as_of)
    with monkeypatch.context() as patch:  # as known at the as-of time itself
        patch.setattr(client_module, "client_settled_at", lambda s, p, t, *a: t)
        patch.setattr(command, "client_settled_at", lambda s, p, t, *a: t)
        patch.setattr(command, "settled_at", lambda s, p, t, *a: t)
        for client in clients.clients:
            at_as_of = client_report(known, period, as_of, client, stored)
            assert unstamped(stamped[client.id]) == unstamped(at_as_of), (client.id, as_of)
        assert unstamped(table) == unstamped(internal(as_of)), as_of


def test_a_clients_own_deadline_after_the_end_moves_its_editions_stamp(
    records: Site, clients_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an unanswered critical email on the quarter's last evening, out of hours: the site's
    # terms give 24 h, org-4302's contract 72 h, so its edition changes two days later
    import generator.reporting.client as client_module
    from generator.config.clients import load_clients
    from generator.reporting.client import client_report

    site = reviewed(records, date(2027, 6, 1))
    period = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    ticket = Ticket("T1", "email", "critical", period.end - 600, client="org-4302")
    client = load_clients(clients_file, site.sla).get("org-4302")
    assert client is not None and client.sla is not None
    own = support_policy(client.sla)
    assert own is not None
    breached = deadline_for(own, ticket).at + 1
    assert breached > period.end + 2 * DAY

    def figures(as_of: int, settle: bool = True) -> Any:
        with monkeypatch.context() as patch:
            if not settle:
                patch.setattr(client_module, "client_settled_at", lambda s, p, t, *a: t)
            return client_report(site, period, as_of, client, [ticket])

    later = figures(breached + DAY)
    assert later.generated_at == figures(breached).generated_at
    assert unstamped(later) == unstamped(figures(breached + DAY, settle=False))
    assert unstamped(figures(breached - 1)) != unstamped(later)  # pending until then
