"""The verdict a reader sees first: one sentence and a few tiles per period, the same on the
period page, the home page and the PDF's first page.

Only words and the display policy (:mod:`generator.render.formatting`) are added here; every
figure is the report's. The support verdict compares the report's attainment with the SLA
file's optional attainment objective: without one, the attainment is stated with no verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.report import Report
from generator.render import formatting as fmt

# maintenance windows whose downtime cannot be judged (yet) against the commitment
UNJUDGED_STATES = ("upcoming", "cancelled")


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str
    state: str  # met | missed | track | nodata | neutral


@dataclass(frozen=True)
class Verdict:
    state: str  # met | missed | track | nodata: the uptime objective's
    headline: str  # "SLA met"
    sentence: str  # the uptime verdict in one sentence
    support: str | None  # the support verdict in one sentence (None: no support commitment)
    maintenance: str | None  # the maintenance commitments in one sentence (None: no window)
    tiles: tuple[Tile, ...]


def uptime_state(report: Report) -> str:
    u, p = report.uptime, report.period
    if u.met is None:
        return "nodata"
    if not u.met:
        return "missed"
    return "track" if p.to_date else "met"


HEADLINES = {
    "met": "SLA met",
    "missed": "SLA missed",
    "track": "On track",
    "nodata": "No data yet",
}


def verdict(report: Report, support_objective: Decimal | None = None) -> Verdict:
    u, p = report.uptime, report.period
    state = uptime_state(report)
    headline = HEADLINES[state]
    used = fmt.minutes_duration(u.downtime_minutes)
    allowed = fmt.minutes_duration(u.allowed_downtime_minutes)
    objective = fmt.number(u.objective_percent)
    if state == "nodata":
        sentence = (
            f"{headline}: no probe results were recorded for the covered components"
            f"{' so far' if p.to_date else ''}, so no uptime can be stated against the "
            f"{objective}% objective."
        )
    else:
        so_far = " so far" if p.to_date else ""
        # time without data is not downtime: say how little was measured when it could hide
        # a breach
        note = fmt.measured(
            (u.elapsed_minutes - u.measured_minutes) * 60,
            u.elapsed_minutes * 60,
            u.objective_percent,
        )
        if note:
            so_far += f" over {note} measured"
        sentence = (
            f"{headline}: {fmt.pct(u.percent)} uptime{so_far} against the {objective}% "
            f"objective; {used} of downtime counted of {allowed} allowed"
            f"{' for the whole period' if p.to_date else ''}."
        )
    tiles = [
        Tile(
            "Uptime" + (" to date" if p.to_date else ""),
            fmt.pct(u.percent),
            f"objective {objective}%",
            state,
        ),
        Tile(
            "Downtime counted",
            used,
            f"of {allowed} allowed",
            "missed" if u.error_budget_minutes < 0 else ("nodata" if state == "nodata" else "met"),
        ),
    ]
    support_sentence = None
    s = report.support
    if s is not None:
        if s.attainment_percent is None:
            support_sentence = (
                "Support: no request was due" + (" so far" if p.to_date else "") + "."
            )
            tiles.append(Tile("Support on time", fmt.NO_DATA, "no request was due", "nodata"))
        else:
            share = f"{fmt.pct(s.attainment_percent)} of first responses on time"
            counts = f"{s.met} of {s.met + s.breached}"
            if support_objective is None:
                support_sentence = (
                    f"Support: {share} ({counts}); the SLA sets no attainment target."
                )
                tiles.append(
                    Tile(
                        "Support on time",
                        fmt.pct(s.attainment_percent),
                        f"{counts}; no target set",
                        "neutral",
                    )
                )
            else:
                met = Decimal(str(s.attainment_percent)) >= support_objective
                word = ("on track" if p.to_date else "met") if met else "missed"
                target = fmt.number(float(support_objective))
                support_sentence = f"Support target {word}: {share} ({counts}) against {target}%."
                tiles.append(
                    Tile(
                        "Support on time",
                        fmt.pct(s.attainment_percent),
                        f"{counts}; target {target}%",
                        ("track" if p.to_date else "met") if met else "missed",
                    )
                )
    judged = [w for w in u.maintenance if w.state not in UNJUDGED_STATES]
    maintenance_sentence = None
    if judged:
        kept = sum(1 for w in judged if not w.exceeded)
        maintenance_sentence = (
            f"Maintenance commitments kept: {kept} of {len(judged)}"
            f" (at most {fmt.duration(report.methodology.scheduled_downtime_per_release_seconds)}"
            " of downtime per release)."
        )
        tiles.append(
            Tile(
                "Maintenance kept",
                f"{kept} of {len(judged)}",
                "within the per-release limit",
                "met" if kept == len(judged) else "missed",
            )
        )
    return Verdict(
        state=state,
        headline=headline,
        sentence=sentence,
        support=support_sentence,
        maintenance=maintenance_sentence,
        tiles=tuple(tiles),
    )
