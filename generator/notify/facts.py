"""What the data says now, as plain JSON-able facts to compare with the last announcement.

The facts come from the site's own model (``reporting.site.build_model``), so a message
never says anything the status page does not: a component is down when the page says so
(its monitors' quorum confirmed it), a window is in progress when the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from generator.compute.status import PageStatus
from generator.config.notify import Notifications
from generator.reporting.site import StatusModel
from generator.timeutil import parse_instant

# Only what decides an event: a figure that moves every run (the budget used, the support
# attainment) would rewrite the state, and so make a commit, every run.
Facts = dict[str, Any]


@dataclass(frozen=True)
class Now:
    """The model and status a run compares; ``status`` includes degraded performance."""

    model: StatusModel
    status: PageStatus
    notifications: Notifications

    @property
    def at(self) -> int:
        return self.model.as_of


def outages(model: StatusModel, component_id: str) -> list[tuple[int, int, bool]]:
    """The component's detected outages as (start, end, ongoing), oldest first: the
    reports' pieces, which an exclusion or a period boundary cuts, joined again."""
    pieces = sorted(
        (parse_instant(r.outage.start), parse_instant(r.outage.end), r.outage.ongoing)
        for r in model.component(component_id).outages
    )
    joined: list[tuple[int, int, bool]] = []
    for start, end, ongoing in pieces:
        if joined and start <= joined[-1][1]:
            first, last, still = joined[-1]
            joined[-1] = (first, max(last, end), still or ongoing)
        else:
            joined.append((start, end, ongoing))
    return joined


def component_facts(status: PageStatus, before: Facts, model: StatusModel) -> Facts:
    """Each component's status and since when, and the start of its newest outage: an
    outage that starts and ends between two runs changes no status a run sees, but it is
    newer than the one the last run recorded."""
    out: Facts = {}
    for current in status.components:
        earlier = before.get(current.component)
        found = outages(model, current.component)
        newest = found[-1] if found else None
        # down as the last run saw it, but in an outage that began after it: news too
        another = (
            earlier is not None
            and earlier.get("outage") is not None
            and newest is not None
            and newest[2]
            and newest[0] > earlier["outage"]
        )
        if earlier and earlier["status"] == current.status and not another:
            since = earlier["since"]
        else:
            since = current.down_since if current.down_since is not None else status.now
        out[current.component] = {
            "status": current.status,
            "since": since,
            "slow": list(current.slow),
            "outage": newest[0] if newest else None,
        }
    return out


def incident_facts(model: StatusModel) -> Facts:
    now = model.as_of
    return {
        view.incident.id: {
            "updates": sum(1 for u in view.incident.updates if u.at <= now),
            "resolved": view.incident.resolved is not None and view.incident.resolved <= now,
        }
        for view in model.incidents
        if view.incident.started <= now
    }


def maintenance_phase(start: int, end: int, cancelled: bool, now: int, lead: int) -> str:
    if cancelled:
        return "cancelled"
    if now >= end:
        return "completed"
    if now >= start:
        return "in progress"
    if now >= start - lead:
        return "soon"
    return "upcoming"


def maintenance_facts(model: StatusModel, lead: int) -> Facts:
    return {
        w.id: {
            "start": w.start,
            "end": w.end,
            "cancelled": w.cancelled,
            "phase": maintenance_phase(w.start, w.end, w.cancelled, model.as_of, lead),
        }
        for w in model.site.maintenance
    }


def budget_facts(model: StatusModel, thresholds: tuple[int, ...]) -> Facts:
    report = model.reports[model.current.id]
    used = report.uptime.error_budget_used_percent
    crossed = max((t for t in thresholds if used >= t), default=0)
    return {"period": model.current.id, "crossed": crossed}


def review_facts(model: StatusModel, lead: int) -> Facts:
    terms = model.site.sla.terms
    today = datetime.fromtimestamp(model.as_of, model.tz).date()
    soon = date.fromordinal(today.toordinal() + lead // 86400)
    if terms.review_overdue(today):
        state = "overdue"
    elif terms.next_review <= soon:
        state = "near"
    else:
        state = "ok"
    return {"next_review": terms.next_review.isoformat(), "state": state}


def attainment_objective(model: StatusModel) -> float | None:
    """The SLA's support attainment objective (support.attainment_objective_percent), if
    it states one."""
    value = (model.site.sla.support or {}).get("attainment_objective_percent")
    return None if value is None else float(value)


def support_facts(model: StatusModel) -> Facts:
    objective = attainment_objective(model)
    support = model.reports[model.current.id].support
    attained = support.attainment_percent if support else None
    below = objective is not None and attained is not None and attained < objective
    return {"period": model.current.id, "below": below}


def current_facts(now: Now, before: Facts) -> Facts:
    n = now.notifications
    return {
        "components": component_facts(now.status, before.get("components", {}), now.model),
        "incidents": incident_facts(now.model),
        "maintenance": maintenance_facts(now.model, n.maintenance_lead),
        "budget": budget_facts(now.model, n.budget_thresholds),
        "review": review_facts(now.model, n.review_lead),
        "support": support_facts(now.model),
    }
