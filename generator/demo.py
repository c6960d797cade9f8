"""The demo site's records: seeded, repeatable, and generated up to a given time.

The demo must look alive whenever someone builds it, so instead of shipping a fixed year of
records (tens of megabytes) it generates them: from the start of the SLA period a year
before ``until`` up to ``until``. Each period's events (outages, blips, no-data gaps,
maintenance, incidents) come from a random generator seeded with (seed, period id), and each
day's checks from one seeded with (seed, monitor, location, day), so the records for a given
time never change: running the demo again later only appends what is new, through the same
idempotent store code an import uses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from generator.compute.intervals import Intervals, union
from generator.compute.periods import Period, period_containing, periods_between, shift
from generator.config.services import Monitor
from generator.demo_tickets import generate_demo_tickets
from generator.errors import GeneratorError
from generator.site import Site, load_site
from generator.store.probes import Sample, StateInterval, write_intervals, write_samples
from generator.timeutil import format_instant

DAY = 86400
LOCATION_OFFSET = {"eu-central": 0, "us-east": 150}
BASE_LATENCY = {"eu-central": 85.0, "us-east": 140.0, "deploy-watch": 0.0}


@dataclass(frozen=True)
class DemoOptions:
    data_root: Path
    until: int
    seed: int = 2026


@dataclass
class Event:
    """Something that happened to a component (ground truth the monitors observe)."""

    kind: str  # outage | blip | gap | slow | maintenance-blip
    component: str
    start: int
    end: int
    location: str | None = None  # for blips and gaps: only this location
    monitor: str | None = None
    title: str = ""
    incident: bool = True
    excluded_reason: str | None = None
    impact: str = "major"
    story: tuple[str, ...] = ()
    postmortem: str = ""


@dataclass
class Window:
    id: str
    title: str
    components: tuple[str, ...]
    start: int
    end: int
    releases: int
    blips: list[tuple[int, int]] = field(default_factory=list)  # second-precise downs


OUTAGES = {
    "tracking": [
        (
            "Tracking endpoint returning 502 errors",
            "A faulty load balancer node returned 502 errors for tracking requests.",
            "The node was removed from the pool and traffic recovered.",
        ),
        (
            "Delayed and failed tracking requests",
            "A database connection pool was exhausted after a traffic spike.",
            "Pool limits were raised and the spike was absorbed.",
        ),
    ],
    "dashboard": [
        (
            "Dashboard login failures",
            "The session store cluster lost its primary and logins failed.",
            "A replica was promoted and logins work again.",
        ),
        (
            "Dashboard unavailable after database failover",
            "An automatic database failover took longer than expected.",
            "The failover completed and the dashboard is back.",
        ),
    ],
    "api": [
        (
            "Reporting API errors",
            "A bad configuration push made the API return errors.",
            "The configuration was rolled back.",
        ),
        (
            "Reporting API timeouts",
            "A slow query saturated the reporting database.",
            "The query was killed and an index was added.",
        ),
    ],
}
THIRD_PARTY = (
    "Upstream DNS provider outage",
    "Our DNS provider had a global resolution outage; Lumentrack's own systems were healthy.",
    "The provider resolved the outage and DNS answers are correct again.",
)


def _rng(*parts: object) -> np.random.Generator:
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _slug(text: str) -> str:
    return "-".join("".join(ch.lower() if ch.isalnum() else " " for ch in text).split())[:48]


def period_events(site: Site, period: Period, seed: int) -> tuple[list[Event], list[Window]]:
    """All events and maintenance windows of one period (independent of ``until``)."""
    rng = _rng(seed, "period", period.id)
    length = period.end - period.start
    events: list[Event] = []

    def at(fraction: float) -> int:
        return period.start + int(length * fraction) // 60 * 60

    # counted outages, spread over the period
    for n, component in enumerate(rng.permutation(["tracking", "dashboard", "api"])):
        component = str(component)
        title, cause, fix = OUTAGES[component][int(rng.integers(len(OUTAGES[component])))]
        start = at(0.08 + 0.28 * n + float(rng.uniform(0, 0.2)))
        duration = int(rng.integers(9, 48)) * 60
        events.append(
            Event(
                "outage",
                component,
                start,
                start + duration,
                title=title,
                incident=n != 1,  # one outage a period has no written incident
                story=(cause, fix),
                postmortem=(
                    f"**What happened.** {cause}\n\n**What we changed.** {fix} "
                    "We added an alert that fires before the condition recurs."
                )
                if n == 0
                else "",
            )
        )
    # a third-party outage, declared excluded
    start = at(float(rng.uniform(0.15, 0.85)))
    events.append(
        Event(
            "outage",
            "tracking",
            start,
            start + int(rng.integers(20, 55)) * 60,
            title=THIRD_PARTY[0],
            excluded_reason="third-party",
            story=THIRD_PARTY[1:],
        )
    )
    # beta component outages: reported, never counted
    for _ in range(2):
        start = at(float(rng.uniform(0.02, 0.95)))
        events.append(
            Event(
                "outage",
                "insights",
                start,
                start + int(rng.integers(40, 180)) * 60,
                title="AI insights unavailable",
                impact="minor",
                story=(
                    "The recommendations model server ran out of memory.",
                    "The server was restarted with more memory.",
                ),
                incident=bool(rng.integers(2)),
            )
        )
    # single-location failures that quorum does not confirm
    for _ in range(6):
        start = at(float(rng.uniform(0.01, 0.99)))
        monitor = str(rng.choice(["tracking-edge", "dashboard-web"]))
        location = str(rng.choice(["eu-central", "us-east"]))
        component = "tracking" if monitor == "tracking-edge" else "dashboard"
        events.append(
            Event(
                "blip",
                component,
                start,
                start + int(rng.integers(1, 3)) * 300,
                location=location,
                monitor=monitor,
                incident=False,
            )
        )
    # prober gaps: a location goes silent (no data, not downtime)
    start = at(float(rng.uniform(0.1, 0.9)))
    events.append(
        Event(
            "gap",
            "dashboard",
            start,
            start + int(rng.integers(2, 5)) * 3600,
            location="us-east",
            monitor="dashboard-web",
            incident=False,
        )
    )
    start = at(float(rng.uniform(0.1, 0.9)))
    events.append(
        Event(
            "gap",
            "api",
            start,
            start + int(rng.integers(1, 3)) * 3600,
            location="eu-central",
            monitor="api-public",
            incident=False,
        )
    )
    # slow but successful: degraded, never down
    start = at(float(rng.uniform(0.1, 0.9)))
    events.append(
        Event(
            "slow",
            "dashboard",
            start,
            start + 90 * 60,
            title="Slow dashboard reports",
            impact="minor",
            story=(
                "Report generation was slow due to a heavy batch job.",
                "The batch job was rescheduled to a quieter hour.",
            ),
        )
    )

    # maintenance: a release window every four weeks, Tuesday 02:00-02:30 local
    windows = []
    local_start = datetime.fromtimestamp(period.start, site.sla.timezone)
    first_tuesday = period.start + ((1 - local_start.weekday()) % 7) * DAY + 2 * 3600
    for k, start in enumerate(range(first_tuesday + 7 * DAY, period.end, 28 * DAY)):
        releases = int(rng.integers(1, 3))
        window = Window(
            id=f"{format_instant(start, site.sla.timezone)[:10]}-release",
            title=f"Release {period.id.replace('-', '.')}.{k + 1}: tracking and API deploy",
            components=("tracking", "api"),
            start=start,
            end=start + 30 * 60,
            releases=releases,
        )
        over = k == 1 and int(period.id[-2:]) % 2 == 0  # every other period, one window overruns
        for r in range(releases):
            blip_start = start + 300 + r * 600 + int(rng.integers(0, 120))
            window.blips.append(
                (blip_start, blip_start + (42 if over and r == 0 else int(rng.integers(2, 9))))
            )
        windows.append(window)
    return events, windows


def _samples(
    monitor: Monitor,
    location: str,
    lo: int,
    hi: int,
    down: Intervals,
    slow: Intervals,
    gaps: Intervals,
    seed: int,
) -> Iterator[Sample]:
    offset = LOCATION_OFFSET.get(location, 0)
    base = BASE_LATENCY.get(location, 100.0)
    first_day = lo // DAY
    for day in range(first_day, (hi - 1) // DAY + 1):
        rng = _rng(seed, "samples", monitor.id, location, day)
        times = np.arange(day * DAY + offset, (day + 1) * DAY, monitor.interval, dtype=np.int64)
        latency = base * rng.lognormal(0.0, 0.22, len(times))
        times_mask = (times >= lo) & (times < hi)
        if not times_mask.any():
            continue
        is_down = _inside(times, down)
        is_slow = _inside(times, slow)
        in_gap = _inside(times, gaps)
        latency = np.where(is_slow, latency * 9 + 900, latency)
        for t, lat, failed, gap, keep in zip(
            times.tolist(),
            latency.tolist(),
            is_down.tolist(),
            in_gap.tolist(),
            times_mask.tolist(),
            strict=True,
        ):
            if not keep or gap:
                continue
            if failed:
                yield Sample(
                    t, monitor.id, location, False, None, 503, "HTTP 503 Service Unavailable"
                )
            else:
                yield Sample(t, monitor.id, location, True, round(lat, 1), 200, "")


def _inside(times: np.ndarray, spans: Intervals) -> np.ndarray:
    if not len(spans):
        return np.zeros(len(times), dtype=bool)
    index = np.searchsorted(spans.start, times, side="right") - 1
    valid = index >= 0
    result = np.zeros(len(times), dtype=bool)
    result[valid] = times[valid] < spans.end[index[valid]]
    return result


def _incident_file(event: Event, tz: object, component_name: str) -> str:
    def ts(t: int) -> str:
        return format_instant(t, tz)  # type: ignore[arg-type]

    cause, fix = event.story if event.story else ("", "")
    detected = event.start + 180
    lines = [
        "---",
        f"title: {event.title}",
        f"components: [{event.component}]",
        f"impact: {event.impact}",
        f"started: {ts(event.start)}",
        f"resolved: {ts(event.end + 300)}",  # declared once checks confirmed recovery
        "updates:",
        f"  - at: {ts(detected)}",
        "    status: investigating",
        f"    message: We are investigating reports of problems with {component_name}.",
        f"  - at: {ts(min(detected + 600, event.end - 120))}",
        "    status: identified",
        f'    message: "{cause}"',
        f"  - at: {ts(event.end - 60)}",
        "    status: monitoring",
        f'    message: "{fix} We are monitoring the results."',
        f"  - at: {ts(event.end + 300)}",
        "    status: resolved",
        "    message: This incident has been resolved.",
    ]
    if event.excluded_reason:
        lines += [
            "sla:",
            "  exclude: true",
            f"  reason: {event.excluded_reason}",
            "  note: outage at a third-party DNS provider",
        ]
    if event.postmortem:
        lines += ["postmortem: |"] + [
            f"  {line}" if line else "" for line in event.postmortem.splitlines()
        ]
    lines += ["---", "", cause, ""]
    return "\n".join(lines)


def _maintenance_file(window: Window, tz: object) -> str:
    return "\n".join(
        [
            "---",
            f'title: "{window.title}"',
            f"components: [{', '.join(window.components)}]",
            f"start: {format_instant(window.start, tz)}",  # type: ignore[arg-type]
            f"end: {format_instant(window.end, tz)}",  # type: ignore[arg-type]
            f"releases: {window.releases}",
            "---",
            "",
            "Scheduled release. Each deploy may make these services unavailable for up to "
            "10 seconds; no tracking data is lost, as the SLA promises: the clients' "
            "pixels retry any request made meanwhile.",
            "",
        ]
    )


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


# The monitors of the demo's services file: the made-up records are shaped for them (an
# api-deploys state log, two locations each), and belong in no other site's store.
DEMO_MONITORS = frozenset(
    {"tracking-edge", "dashboard-web", "api-public", "api-deploys", "insights-web"}
)


def check_demo_site(site: Site) -> None:
    """Refuse a data directory that is not the demo's: its records would be made up."""
    monitors = set(site.services.monitors)
    if monitors != DEMO_MONITORS:
        others = ", ".join(sorted(monitors - DEMO_MONITORS)) or "none of the demo's"
        raise GeneratorError(
            "statusgen demo writes made-up records, so only into the demo's own data "
            f"directory; this one watches other monitors ({others}). To try the demo: "
            "statusgen init --demo DIR, then statusgen demo in DIR",
            file=site.data.root / "services.yml",
        )


def generate_demo(options: DemoOptions) -> str:
    site = load_site(options.data_root)
    check_demo_site(site)
    sla, tz = site.sla, site.sla.timezone
    until = options.until
    first = period_containing(until - 365 * DAY, sla.periods, sla.timezone)
    periods = periods_between(first.start, until, sla.periods, sla.timezone)
    upcoming_period = shift(periods[-1], 1, sla.periods, sla.timezone)
    lo = first.start

    events: list[Event] = []
    windows: list[Window] = []
    for period in [*periods, upcoming_period]:
        period_ev, period_win = period_events(site, period, options.seed)
        events += [e for e in period_ev if e.end <= until - 1800]
        windows += [w for w in period_win if w.start < until + 30 * DAY]

    def spans(predicate: object) -> Intervals:
        return Intervals.of([(e.start, e.end) for e in events if predicate(e)])  # type: ignore[operator]

    past_windows = [w for w in windows if w.end <= until]
    samples: list[Sample] = []
    intervals: list[StateInterval] = []
    for component in site.services.components:
        outages = spans(lambda e, c=component.id: e.kind == "outage" and e.component == c)
        slow = spans(lambda e, c=component.id: e.kind == "slow" and e.component == c)
        for monitor in component.monitors:
            if monitor.id == "api-deploys":
                releases = Intervals.of([b for w in past_windows for b in w.blips])
                intervals += _state_log(monitor, lo, union([outages, releases]))
                continue
            for location in monitor.locations:
                blips = spans(
                    lambda e, m=monitor.id, loc=location: (
                        e.kind == "blip" and e.monitor == m and e.location == loc
                    )
                )
                gaps = spans(
                    lambda e, m=monitor.id, loc=location: (
                        e.kind == "gap" and e.monitor == m and e.location == loc
                    )
                )
                samples += _samples(
                    monitor, location, lo, until, union([outages, blips]), slow, gaps, options.seed
                )

    written = write_samples(site.data, samples)
    written_intervals = write_intervals(site.data, intervals)

    files = 0
    for event in events:
        if event.kind in ("outage", "slow") and event.incident and event.title:
            name = f"{format_instant(event.start, tz)[:10]}-{_slug(event.title)}.md"
            path = site.data.incidents_dir / name
            files += _write_if_changed(
                path, _incident_file(event, tz, site.services.component(event.component).name)
            )
    for window in windows:
        files += _write_if_changed(
            site.data.maintenance_dir / f"{window.id}.md", _maintenance_file(window, tz)
        )

    tickets = generate_demo_tickets(site, lo, until, options.seed)
    return (
        f"demo records from {format_instant(lo, tz)} to {format_instant(until, tz)}: "
        f"samples {written.added} added ({written.unchanged} already stored), "
        f"state intervals {written_intervals.added} added, {written_intervals.updated} updated; "
        f"{files} incident/maintenance files written; {tickets}"
    )


def _state_log(monitor: Monitor, lo: int, downs: Intervals) -> list[StateInterval]:
    """An UptimeRobot-style log: alternating up and down spans, the last one ongoing."""
    location = monitor.locations[0]
    out = []
    cursor = lo
    for start, end in downs:
        if start > cursor:
            out.append(StateInterval(monitor.id, location, cursor, start, True))
        out.append(StateInterval(monitor.id, location, max(start, cursor), end, False))
        cursor = end
    out.append(StateInterval(monitor.id, location, cursor, None, True))
    return out
