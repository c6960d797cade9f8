"""Events: what changed between the last announced facts and the current ones, worded for
each audience.

The public wording is the status site's (its status labels, component names, times in the
SLA's time zone) and never names a monitor; the internal wording adds the monitors and a
link to the workflow run. Each event has a key that is unique for what it announces, so an
event queued twice is sent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.compute.status import LABELS, MAINTENANCE, NO_DATA, OPERATIONAL
from generator.notify.facts import Facts, Now, attainment_objective, outages
from generator.render.formatting import day, duration, number, pct, span, when
from generator.render.pages import Urls, incident_page

UPDATE_WORDS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclass(frozen=True)
class Event:
    key: str
    group: str  # component | incident | maintenance | budget | review | support
    at: int
    components: tuple[str, ...]
    public: Message | None  # None: for internal channels only
    internal: Message

    def message(self, audience: str) -> Message | None:
        return self.internal if audience == "internal" else self.public


@dataclass(frozen=True)
class Wording:
    """What the words need besides the facts."""

    now: Now
    run_url: str | None

    @property
    def tz(self) -> Any:
        return self.now.model.tz

    def name(self, component: str) -> str:
        return self.now.model.site.services.component(component).name

    def names(self, components: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.name(c) for c in components)

    def link(self, src_uri: str = "index.md") -> str | None:
        site = self.now.notifications.site_url
        if not site:
            return None
        return (site if site.endswith("/") else site + "/") + Urls().of(src_uri)

    def public(self, title: str, lines: list[str], src_uri: str = "index.md") -> Message:
        link = self.link(src_uri)
        return Message(title, "\n".join([*lines, *([f"Status: {link}"] if link else [])]))

    def internal(
        self, title: str, lines: list[str], extra: list[str], src_uri: str = "index.md"
    ) -> Message:
        link = self.link(src_uri)
        tail = [*extra, *([f"Status: {link}"] if link else [])]
        tail += [f"Run: {self.run_url}"] if self.run_url else []
        return Message(title, "\n".join([*lines, *tail]))


def _monitor_lines(cid: str, slow: list[str], w: Wording) -> list[str]:
    services = w.now.model.site.services
    monitors = services.component(cid).monitors
    lines = ["Monitors: " + ", ".join(f"{m.name} ({m.id})" for m in monitors)]
    if slow:
        lines.append(
            "Slow: "
            + ", ".join(
                f"{services.monitors[m].name} (p{services.monitors[m].degraded.percentile}"  # type: ignore[union-attr]
                f" above {services.monitors[m].degraded.latency_ms} ms)"  # type: ignore[union-attr]
                for m in slow
            )
        )
    return lines


def _unseen_outages(cid: str, before: Facts, old_as_of: int, w: Wording) -> list[Event]:
    """Outages that began and ended between two runs, so no run saw the component down:
    newer than the newest outage the last run recorded, ended after that run's facts were
    recorded (history imported later is not news), and not inside a maintenance window
    (its own events say that). One notice per component and run, listing each."""
    newer_than = before.get("outage")
    windows = [m for m in w.now.model.site.maintenance if cid in m.components and not m.cancelled]
    unseen = [
        (start, end)
        for start, end, ongoing in outages(w.now.model, cid)
        if not ongoing
        and (newer_than is None or start > newer_than)
        and end > old_as_of
        and not any(m.start <= start and end <= m.end for m in windows)
    ]
    if not unseen:
        return []
    name = w.name(cid)
    title = (
        f"{name}: Outage resolved"
        if len(unseen) == 1
        else f"{name}: {len(unseen)} outages resolved"
    )
    lines = [
        f"{name} was down {span(start, end, w.tz)} ({duration(end - start)})."
        for start, end in unseen
    ]
    return [
        Event(
            key=f"component:{cid}:outage:{unseen[0][0]}-{unseen[-1][0]}",
            group="component",
            at=unseen[0][0],
            components=(cid,),
            public=w.public(title, lines),
            internal=w.internal(title, lines, _monitor_lines(cid, [], w)),
        )
    ]


def _component_events(old: Facts, new: Facts, w: Wording, old_as_of: int) -> list[Event]:
    events = []
    for cid, fact in new.items():
        before = old.get(cid)
        if before is None:
            continue
        events += _unseen_outages(cid, before, old_as_of, w)
        if (before["status"], before["since"]) == (fact["status"], fact["since"]):
            continue
        was, now_status = before["status"], fact["status"]
        if MAINTENANCE in (was, now_status):
            continue  # the maintenance window's own events say it
        name, label = w.name(cid), LABELS[now_status]
        at = w.now.at
        if now_status == OPERATIONAL:
            lines = [
                f"{name} is operational again after {LABELS[was].lower()} since "
                f"{when(before['since'], w.tz)}."
            ]
        else:
            lines = [f"{label} on {name} since {when(fact['since'], w.tz)}."]
        extra = _monitor_lines(cid, fact["slow"], w)
        internal_only = NO_DATA in (was, now_status)  # our monitoring, not the service
        title = f"{name}: {label}"
        events.append(
            Event(
                key=f"component:{cid}:{was}>{now_status}@{at}",
                group="component",
                at=fact["since"] if now_status != OPERATIONAL else at,
                components=(cid,),
                public=None if internal_only else w.public(title, lines),
                internal=w.internal(title, lines, extra),
            )
        )
    return events


def _incident_events(old: Facts, new: Facts, w: Wording) -> list[Event]:
    events = []
    incidents = {v.incident.id: v.incident for v in w.now.model.incidents}
    for iid, fact in new.items():
        before = old.get(iid, {"updates": 0, "resolved": False, "new": True})
        incident = incidents[iid]
        page = incident_page(iid)
        affected = f"Affected: {w.names(incident.components)}."
        updates = [u for u in incident.updates if u.at <= w.now.at]
        if before.get("new") and fact["resolved"]:
            # written after the fact: one message, not a replay of every update
            last = updates[-1].message if updates else incident.body
            title = f"Resolved: {incident.title}"
            lines = [f"Resolved ({when(incident.resolved or w.now.at, w.tz)}): {last}", affected]
            events.append(_incident(f"incident:{iid}:resolved", incident, title, lines, page, w))
            continue
        if before.get("new"):
            first = updates[0] if updates else None
            status = UPDATE_WORDS[first.status] if first else "Investigating"
            text = first.message if first else incident.body
            title = f"Incident: {incident.title}"
            lines = [f"{status} ({when(incident.started, w.tz)}): {text}", affected]
            events.append(_incident(f"incident:{iid}:opened", incident, title, lines, page, w))
            seen = 1 if first else 0
        else:
            seen = before["updates"]
        for index in range(seen, fact["updates"]):
            update = updates[index]
            if update.status == "resolved" and fact["resolved"]:
                continue  # the resolved event below carries it
            title = f"Update: {incident.title}"
            lines = [f"{UPDATE_WORDS[update.status]} ({when(update.at, w.tz)}): {update.message}"]
            events.append(
                _incident(f"incident:{iid}:update:{index}", incident, title, lines, page, w)
            )
        if fact["resolved"] and not before["resolved"]:
            final = updates[-1] if updates else None
            text = final.message if final and final.status == "resolved" else "Resolved."
            title = f"Resolved: {incident.title}"
            lines = [f"Resolved ({when(incident.resolved or w.now.at, w.tz)}): {text}"]
            events.append(_incident(f"incident:{iid}:resolved", incident, title, lines, page, w))
    return events


def _incident(
    key: str, incident: Any, title: str, lines: list[str], page: str, w: Wording
) -> Event:
    extra = [f"Impact: {incident.impact}"]
    return Event(
        key=key,
        group="incident",
        at=w.now.at,
        components=tuple(incident.components),
        public=w.public(title, lines, page),
        internal=w.internal(title, lines, extra, page),
    )


def _maintenance_events(old: Facts, new: Facts, w: Wording) -> list[Event]:
    events = []
    windows = {m.id: m for m in w.now.model.site.maintenance}
    checks = w.now.model.maintenance_checks
    page = "maintenance/index.md"
    for mid, fact in new.items():
        window = windows[mid]
        before = old.get(mid)
        phase = fact["phase"]
        when_text = span(window.start, window.end, w.tz)
        affected = f"Affected: {w.names(window.components)}."
        kinds: list[tuple[str, str, list[str]]] = []  # (key suffix, title, lines)
        if before is None:
            if phase in ("completed", "cancelled"):
                continue  # history, not news
            kinds.append(("announced", f"Maintenance scheduled: {window.title}", [when_text]))
            if phase == "in progress":
                kinds.append(("started", f"Maintenance started: {window.title}", [when_text]))
        elif phase == "cancelled":
            if before["phase"] != "cancelled":
                kinds.append(("cancelled", f"Maintenance cancelled: {window.title}", [when_text]))
        elif (before["start"], before["end"]) != (fact["start"], fact["end"]) or before[
            "phase"
        ] == "cancelled":
            kinds.append(
                (
                    f"rescheduled:{fact['start']}-{fact['end']}",
                    f"Maintenance rescheduled: {window.title}",
                    [f"Now {when_text}."],
                )
            )
        if before is not None and phase != before["phase"] and phase != "cancelled":
            if phase == "soon":
                kinds.append(
                    ("soon", f"Maintenance starts soon: {window.title}", [f"Starts {when_text}."])
                )
            elif phase == "in progress":
                kinds.append(("started", f"Maintenance started: {window.title}", [when_text]))
            elif phase == "completed":
                lines = [f"Ended {when(window.end, w.tz)}."]
                check = checks.get(mid)
                if check is not None and check.observed_downtime_seconds:
                    observed = duration(check.observed_downtime_seconds)
                    allowed = duration(check.allowed_seconds)
                    if check.exceeded:
                        lines.append(
                            f"Downtime exceeded the commitment: {observed} observed, "
                            f"{allowed} allowed."
                        )
                    else:
                        lines.append(f"Downtime within the commitment: {observed} of {allowed}.")
                elif check is not None:
                    lines.append("No downtime was observed.")
                kinds.append(("ended", f"Maintenance ended: {window.title}", lines))
        for suffix, title, lines in kinds:
            events.append(
                Event(
                    key=f"maintenance:{mid}:{suffix}:{fact['start']}",
                    group="maintenance",
                    at=w.now.at,
                    components=tuple(window.components),
                    public=w.public(title, [*lines, affected], page),
                    internal=w.internal(title, [*lines, affected], [], page),
                )
            )
    return events


def _budget_events(old: Facts, new: Facts, w: Wording) -> list[Event]:
    same_period = old.get("period") == new["period"]
    if new["crossed"] <= (old.get("crossed", 0) if same_period else 0):
        return []
    model = w.now.model
    report = model.reports[model.current.id]
    u = report.uptime
    label = model.current.label
    title = f"Error budget {new['crossed']}% used: {label}"
    lines = [
        f"{pct(u.error_budget_used_percent)} of the downtime allowed in {label} is used "
        f"({duration(u.downtime_seconds)} of {duration(u.allowed_downtime_seconds)}); "
        f"uptime to date {pct(u.percent)} against the {number(u.objective_percent)}% objective."
    ]
    src = f"sla/{model.current.id}.md"
    return [
        Event(
            key=f"budget:{new['period']}:{new['crossed']}",
            group="budget",
            at=w.now.at,
            components=(),
            public=w.public(title, lines, src),
            internal=w.internal(title, lines, [], src),
        )
    ]


def _review_events(old: Facts, new: Facts, w: Wording) -> list[Event]:
    if new["state"] == "ok" or (
        old.get("state") == new["state"] and old.get("next_review") == new["next_review"]
    ):
        return []
    review = day(date.fromisoformat(new["next_review"]))
    if new["state"] == "overdue":
        title, line = "SLA review overdue", f"The SLA's scheduled review ({review}) is overdue."
    else:
        title, line = "SLA review due soon", f"The SLA's next scheduled review is on {review}."
    return [
        Event(
            key=f"review:{new['next_review']}:{new['state']}",
            group="review",
            at=w.now.at,
            components=(),
            public=w.public(title, [line], "terms.md"),
            internal=w.internal(title, [line], [], "terms.md"),
        )
    ]


def _support_events(old: Facts, new: Facts, w: Wording) -> list[Event]:
    if not new["below"] or (old.get("below") and old.get("period") == new["period"]):
        return []
    model = w.now.model
    label = model.current.label
    support = model.reports[model.current.id].support
    objective = attainment_objective(model)
    title = f"Support below target: {label}"
    lines = [
        f"First-response attainment in {label} is "
        f"{pct(support.attainment_percent if support else None)}, below the "
        f"{number(objective or 0)}% objective."
    ]
    return [
        Event(
            key=f"support:{new['period']}:below",
            group="support",
            at=w.now.at,
            components=(),
            public=None,
            internal=w.internal(title, lines, [], f"sla/{new['period']}.md"),
        )
    ]


def diff(old: Facts, new: Facts, wording: Wording) -> list[Event]:
    """The events between two sets of facts, in the order they are sent."""
    return [
        *_maintenance_events(old.get("maintenance", {}), new["maintenance"], wording),
        *_incident_events(old.get("incidents", {}), new["incidents"], wording),
        *_component_events(
            old.get("components", {}), new["components"], wording, old.get("as_of", -1)
        ),
        *_budget_events(old.get("budget", {}), new["budget"], wording),
        *_review_events(old.get("review", {}), new["review"], wording),
        *_support_events(old.get("support", {}), new["support"], wording),
    ]
