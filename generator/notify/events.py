"""Events: what changed between the last announced facts and the current ones, worded for
each audience.

The public wording is the status site's (its status labels, component names, times in the
SLA's time zone) and never names a monitor; the internal wording adds the monitors and a
link to the workflow run. Each event has a key that is unique for what it announces, so an
event queued twice is sent once.

Messages are in the SLA's language (``language:``), as the site is; the names, titles and
updates the company wrote stay as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.compute.status import (
    DEGRADED,
    LABELS,
    MAINTENANCE,
    MAJOR,
    NO_DATA,
    OPERATIONAL,
    PARTIAL,
)
from generator.i18n import ENGLISH, Language
from generator.locales import N_
from generator.notify.facts import Facts, Now, attainment_objective, outages
from generator.render.formatting import offset_text
from generator.render.pages import UPDATE_WORDS, Urls, incident_page
from generator.render.words import INCIDENT_IMPACT_WORDS
from generator.timeutil import to_datetime

# "operational again after ...": one sentence per status left, so each language can decline it
AGAIN = {
    NO_DATA: N_("%(component)s is operational again after no recent data since %(time)s."),
    DEGRADED: N_("%(component)s is operational again after degraded performance since %(time)s."),
    PARTIAL: N_("%(component)s is operational again after partial outage since %(time)s."),
    MAJOR: N_("%(component)s is operational again after major outage since %(time)s."),
    OPERATIONAL: N_("%(component)s is operational again since %(time)s."),
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
    lang: Language = field(default=ENGLISH)

    @property
    def tz(self) -> Any:
        return self.now.model.tz

    def _(self, message: str, **values: Any) -> str:
        """``message`` in the reader's language, its placeholders filled."""
        text = self.lang.gettext(message)
        return text % values if values else text

    def when(self, instant: int) -> str:
        """'12 Aug 2026 14:05 UTC+03:00' in the SLA's time zone and the reader's language."""
        return self.lang.when(to_datetime(instant, self.tz))

    def span(self, start: int, end: int) -> str:
        """'12 Aug 2026 14:05–14:30 UTC+03:00', or both ends in full when the days differ."""
        first, last = to_datetime(start, self.tz), to_datetime(end, self.tz)
        if first.date() == last.date() and offset_text(first) == offset_text(last):
            return (
                f"{self.lang.day(first.date())} {self.lang.clock(first)}\u2013"
                f"{self.lang.clock(last)} {offset_text(last)}"
            )
        return f"{self.lang.when(first)} \u2013 {self.lang.when(last)}"

    def duration(self, seconds: float) -> str:
        return self.lang.duration(seconds)

    def pct(self, value: float | None) -> str:
        return self.lang.pct(value)

    def objective(self, value: float) -> str:
        """An objective as the SLA states it: '99.9%', '99,9 %'."""
        return self.lang.pct(value, 4, strip=True)

    def period(self) -> str:
        """The running SLA period's label: 'Aug–Oct 2026'."""
        current = self.now.model.current
        return self.lang.months(current.first_day, current.last_day)

    def label(self, status: str) -> str:
        return self.lang.gettext(LABELS[status])

    def name(self, component: str) -> str:
        return self.now.model.site.services.component(component).name

    def names(self, components: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.name(c) for c in components)

    def link(self, src_uri: str = "index.md") -> str | None:
        site = self.now.notifications.site_url
        if not site:
            return None
        return (site if site.endswith("/") else site + "/") + Urls().of(src_uri)

    def _status_line(self, src_uri: str) -> list[str]:
        link = self.link(src_uri)
        return [self._("Status: %(link)s", link=link)] if link else []

    def public(self, title: str, lines: list[str], src_uri: str = "index.md") -> Message:
        return Message(title, "\n".join([*lines, *self._status_line(src_uri)]))

    def internal(
        self, title: str, lines: list[str], extra: list[str], src_uri: str = "index.md"
    ) -> Message:
        tail = [*extra, *self._status_line(src_uri)]
        tail += [self._("Run: %(link)s", link=self.run_url)] if self.run_url else []
        return Message(title, "\n".join([*lines, *tail]))


def _monitor_lines(cid: str, slow: list[str], w: Wording) -> list[str]:
    services = w.now.model.site.services
    monitors = services.component(cid).monitors
    named = ", ".join(f"{m.name} ({m.id})" for m in monitors)
    lines = [w._("Monitors: %(monitors)s", monitors=named)]
    if slow:
        said = []
        for m in slow:
            monitor = services.monitors[m]
            assert monitor.degraded is not None  # slow: it has a latency threshold
            said.append(
                w._(
                    "%(monitor)s (p%(percentile)s above %(latency)s ms)",
                    monitor=monitor.name,
                    percentile=monitor.degraded.percentile,
                    latency=monitor.degraded.latency_ms,
                )
            )
        lines.append(w._("Slow: %(monitors)s", monitors=", ".join(said)))
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
    if len(unseen) == 1:
        title = w._("%(component)s: Outage resolved", component=name)
    else:
        title = w.lang.ngettext(
            "%(component)s: %(num)d outage resolved",
            "%(component)s: %(num)d outages resolved",
            len(unseen),
        ) % {"component": name, "num": len(unseen)}
    lines = [
        w._(
            "%(component)s was down %(span)s (%(duration)s).",
            component=name,
            span=w.span(start, end),
            duration=w.duration(end - start),
        )
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
        name, label = w.name(cid), w.label(now_status)
        at = w.now.at
        if now_status == OPERATIONAL:
            again = AGAIN.get(was, AGAIN[OPERATIONAL])
            lines = [w._(again, component=name, time=w.when(before["since"]))]
        else:
            lines = [
                w._(
                    "%(status)s on %(component)s since %(time)s.",
                    status=label,
                    component=name,
                    time=w.when(fact["since"]),
                )
            ]
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
        affected = w._("Affected: %(components)s.", components=w.names(incident.components))
        updates = [u for u in incident.updates if u.at <= w.now.at]
        resolved_at = incident.resolved or w.now.at
        if before.get("new") and fact["resolved"]:
            # written after the fact: one message, not a replay of every update
            last = updates[-1].message if updates else incident.body
            title = w._("Resolved: %(title)s", title=incident.title)
            lines = [_update_line("resolved", resolved_at, last, w), affected]
            events.append(_incident(f"incident:{iid}:resolved", incident, title, lines, page, w))
            continue
        if before.get("new"):
            first = updates[0] if updates else None
            text = first.message if first else incident.body
            title = w._("Incident: %(title)s", title=incident.title)
            state = first.status if first else "investigating"
            lines = [_update_line(state, incident.started, text, w), affected]
            events.append(_incident(f"incident:{iid}:opened", incident, title, lines, page, w))
            seen = 1 if first else 0
        else:
            seen = before["updates"]
        for index in range(seen, fact["updates"]):
            update = updates[index]
            if update.status == "resolved" and fact["resolved"]:
                continue  # the resolved event below carries it
            title = w._("Update: %(title)s", title=incident.title)
            lines = [_update_line(update.status, update.at, update.message, w)]
            events.append(
                _incident(f"incident:{iid}:update:{index}", incident, title, lines, page, w)
            )
        if fact["resolved"] and not before["resolved"]:
            final = updates[-1] if updates else None
            text = final.message if final and final.status == "resolved" else w._("Resolved.")
            title = w._("Resolved: %(title)s", title=incident.title)
            lines = [_update_line("resolved", resolved_at, text, w)]
            events.append(_incident(f"incident:{iid}:resolved", incident, title, lines, page, w))
    return events


def _update_line(state: str, at: int, text: str, w: Wording) -> str:
    """'Investigating (12 Aug 2026 14:05 UTC+03:00): what the company wrote'."""
    return w._(
        "%(state)s (%(time)s): %(text)s",
        state=w._(UPDATE_WORDS[state]),
        time=w.when(at),
        text=text,
    )


def _incident(
    key: str, incident: Any, title: str, lines: list[str], page: str, w: Wording
) -> Event:
    impact = w._(INCIDENT_IMPACT_WORDS.get(incident.impact, incident.impact))
    extra = [w._("Impact: %(impact)s", impact=impact)]
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
        when_text = w.span(window.start, window.end)
        affected = w._("Affected: %(components)s.", components=w.names(window.components))
        named = {"title": window.title}
        kinds: list[tuple[str, str, list[str]]] = []  # (key suffix, title, lines)
        if before is None:
            if phase in ("completed", "cancelled"):
                continue  # history, not news
            kinds.append(
                ("announced", w._("Maintenance scheduled: %(title)s", **named), [when_text])
            )
            if phase == "in progress":
                kinds.append(
                    ("started", w._("Maintenance started: %(title)s", **named), [when_text])
                )
        elif phase == "cancelled":
            if before["phase"] != "cancelled":
                title = w._("Maintenance cancelled: %(title)s", **named)
                kinds.append(("cancelled", title, [when_text]))
        elif (before["start"], before["end"]) != (fact["start"], fact["end"]) or before[
            "phase"
        ] == "cancelled":
            kinds.append(
                (
                    f"rescheduled:{fact['start']}-{fact['end']}",
                    w._("Maintenance rescheduled: %(title)s", **named),
                    [w._("Now %(span)s.", span=when_text)],
                )
            )
        if before is not None and phase != before["phase"] and phase != "cancelled":
            if phase == "soon":
                title = w._("Maintenance starts soon: %(title)s", **named)
                kinds.append(("soon", title, [w._("Starts %(span)s.", span=when_text)]))
            elif phase == "in progress":
                kinds.append(
                    ("started", w._("Maintenance started: %(title)s", **named), [when_text])
                )
            elif phase == "completed":
                lines = [w._("Ended %(time)s.", time=w.when(window.end))]
                check = checks.get(mid)
                if check is not None and check.observed_downtime_seconds:
                    figures = {
                        "observed": w.duration(check.observed_downtime_seconds),
                        "allowed": w.duration(check.allowed_seconds),
                    }
                    if check.exceeded:
                        lines.append(
                            w._(
                                "Downtime exceeded the commitment: %(observed)s observed,"
                                " %(allowed)s allowed.",
                                **figures,
                            )
                        )
                    else:
                        lines.append(
                            w._(
                                "Downtime within the commitment: %(observed)s of %(allowed)s.",
                                **figures,
                            )
                        )
                elif check is not None:
                    lines.append(w._("No downtime was observed."))
                kinds.append(("ended", w._("Maintenance ended: %(title)s", **named), lines))
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
    label = w.period()
    title = w._(
        "Error budget %(share)s used: %(period)s",
        share=w.lang.pct(new["crossed"], 0),
        period=label,
    )
    lines = [
        w._(
            "%(used)s of the downtime allowed in %(period)s is used (%(downtime)s of"
            " %(allowed)s); uptime to date %(uptime)s against the %(objective)s objective.",
            used=w.pct(u.error_budget_used_percent),
            period=label,
            downtime=w.duration(u.downtime_seconds),
            allowed=w.duration(u.allowed_downtime_seconds),
            uptime=w.pct(u.percent),
            objective=w.objective(u.objective_percent),
        )
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
    review = w.lang.day(date.fromisoformat(new["next_review"]))
    if new["state"] == "overdue":
        title = w._("SLA review overdue")
        line = w._("The SLA's scheduled review (%(day)s) is overdue.", day=review)
    else:
        title = w._("SLA review due soon")
        line = w._("The SLA's next scheduled review is on %(day)s.", day=review)
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
    label = w.period()
    support = model.reports[model.current.id].support
    objective = attainment_objective(model)
    title = w._("Support below target: %(period)s", period=label)
    lines = [
        w._(
            "First-response attainment in %(period)s is %(attainment)s, below the"
            " %(objective)s objective.",
            period=label,
            attainment=w.pct(support.attainment_percent if support else None),
            objective=w.objective(objective or 0),
        )
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
