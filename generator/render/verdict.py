"""The verdict a reader sees first: one sentence and a few tiles per period, the same on the
period page, the home page and the PDF's first page.

Only words and the display policy (:mod:`generator.render.formatting`) are added here; every
figure is the report's. The support verdict compares the report's attainment with the SLA
file's optional attainment objective: without one, the attainment is stated with no verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.i18n import Language, language
from generator.locales import N_, SOURCE_LANGUAGE
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
    "met": N_("SLA met"),
    "missed": N_("SLA missed"),
    "track": N_("On track"),
    "nodata": N_("No data yet"),
}


def verdict(
    report: Report, support_objective: Decimal | None = None, lang: Language | None = None
) -> Verdict:
    """The period's verdict in ``lang`` (English when none is given)."""
    lang = lang or language(SOURCE_LANGUAGE)
    _ = lang.gettext
    u, p = report.uptime, report.period
    state = uptime_state(report)
    headline = _(HEADLINES[state])
    used = lang.duration(u.downtime_minutes * 60)
    allowed = lang.duration(u.allowed_downtime_minutes * 60)
    objective = lang.pct(u.objective_percent, 4, strip=True)
    if state == "nodata":
        sentence = (
            _(
                "%(headline)s: no probe results were recorded for the covered components so "
                "far, so no uptime can be stated against the %(objective)s objective."
            )
            if p.to_date
            else _(
                "%(headline)s: no probe results were recorded for the covered components, so "
                "no uptime can be stated against the %(objective)s objective."
            )
        ) % {"headline": headline, "objective": objective}
    else:
        # time without data is not downtime: say how little was measured when it could hide
        # a breach
        unmeasured = (u.elapsed_minutes - u.measured_minutes) * 60
        note = fmt.measured(
            unmeasured,
            u.elapsed_minutes * 60,
            u.objective_percent,
        )
        figures = {
            "headline": headline,
            "uptime": lang.pct(u.percent),
            "objective": objective,
            "used": used,
            "allowed": allowed,
            # the seconds fmt.measured named, in the reader's units
            "measured": lang.duration(u.elapsed_minutes * 60 - unmeasured) if note else "",
        }
        if p.to_date and note:
            message = _(
                "%(headline)s: %(uptime)s uptime so far over %(measured)s measured against the "
                "%(objective)s objective; %(used)s of downtime counted of %(allowed)s allowed "
                "for the whole period."
            )
        elif p.to_date:
            message = _(
                "%(headline)s: %(uptime)s uptime so far against the %(objective)s objective; "
                "%(used)s of downtime counted of %(allowed)s allowed for the whole period."
            )
        elif note:
            message = _(
                "%(headline)s: %(uptime)s uptime over %(measured)s measured against the "
                "%(objective)s objective; %(used)s of downtime counted of %(allowed)s allowed."
            )
        else:
            message = _(
                "%(headline)s: %(uptime)s uptime against the %(objective)s objective; "
                "%(used)s of downtime counted of %(allowed)s allowed."
            )
        sentence = message % figures
    tiles = [
        Tile(
            _("Uptime to date") if p.to_date else _("Uptime"),
            lang.pct(u.percent),
            _("objective %(objective)s") % {"objective": objective},
            state,
        ),
        Tile(
            _("Downtime counted"),
            used,
            _("of %(allowed)s allowed") % {"allowed": allowed},
            "missed" if u.error_budget_minutes < 0 else ("nodata" if state == "nodata" else "met"),
        ),
    ]
    support_sentence = None
    s = report.support
    if s is not None:
        if s.attainment_percent is None:
            support_sentence = (
                _("Support: no request was due so far.")
                if p.to_date
                else _("Support: no request was due.")
            )
            tiles.append(
                Tile(_("Support on time"), _("no data"), _("no request was due"), "nodata")
            )
        else:
            share = lang.pct(s.attainment_percent)
            counts = _("%(part)d of %(whole)d") % {"part": s.met, "whole": s.met + s.breached}
            if support_objective is None:
                support_sentence = _(
                    "Support: %(share)s of first responses on time (%(counts)s); the SLA sets "
                    "no attainment target."
                ) % {"share": share, "counts": counts}
                tiles.append(
                    Tile(
                        _("Support on time"),
                        share,
                        _("%(counts)s; no target set") % {"counts": counts},
                        "neutral",
                    )
                )
            else:
                met = Decimal(str(s.attainment_percent)) >= support_objective
                target = lang.pct(float(support_objective), 4, strip=True)
                figures = {"share": share, "counts": counts, "target": target}
                if not met:
                    message = _(
                        "Support target missed: %(share)s of first responses on time "
                        "(%(counts)s) against %(target)s."
                    )
                elif p.to_date:
                    message = _(
                        "Support target on track: %(share)s of first responses on time "
                        "(%(counts)s) against %(target)s."
                    )
                else:
                    message = _(
                        "Support target met: %(share)s of first responses on time "
                        "(%(counts)s) against %(target)s."
                    )
                support_sentence = message % figures
                tiles.append(
                    Tile(
                        _("Support on time"),
                        share,
                        _("%(counts)s; target %(target)s") % figures,
                        ("track" if p.to_date else "met") if met else "missed",
                    )
                )
    judged = [w for w in u.maintenance if w.state not in UNJUDGED_STATES]
    maintenance_sentence = None
    if judged:
        kept = sum(1 for w in judged if not w.exceeded)
        limit = lang.duration(report.methodology.scheduled_downtime_per_release_seconds)
        commitments = {"part": kept, "whole": len(judged), "limit": limit}
        maintenance_sentence = (
            _(
                "Maintenance commitments kept: %(part)d of %(whole)d (at most %(limit)s of "
                "downtime per release)."
            )
            % commitments
        )
        tiles.append(
            Tile(
                _("Maintenance kept"),
                _("%(part)d of %(whole)d") % commitments,
                _("within the per-release limit"),
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
