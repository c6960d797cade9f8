"""The report's support section as plain text tables (part of ``report --format text``)."""

from __future__ import annotations

from generator.model.support_report import (
    InternalSupportSection,
    SupportGroup,
    SupportPlan,
    SupportSection,
)
from generator.render import formatting as fmt
from generator.render.text_table import table
from generator.timeutil import format_duration


def _pct(value: float | None) -> str:
    return fmt.pct(value, 4)


def _min(value: float | None) -> str:
    return "" if value is None else format_duration(value * 60)


_FIGURES = ["tickets", "met", "breached", "pending", "attainment", "median", "p90"]


def _figures(row: SupportGroup | SupportPlan | SupportSection) -> list[object]:
    return [
        row.tickets,
        row.met,
        row.breached,
        row.pending,
        _pct(row.attainment_percent),
        _min(row.median_response_minutes),
        _min(row.p90_response_minutes),
    ]


def render_support_text(support: SupportSection) -> list[str]:
    """Lines for the support section: the totals, by channel and impact, by plan, breaches."""
    s = support
    counted = s.met + s.breached
    out = [
        "Support response",
        f"  Attainment        {_pct(s.attainment_percent)}: {s.met} of {counted} "
        f"tickets answered by their deadline",
        f"  Tickets           {s.tickets} created: {s.met} met, {s.breached} breached, "
        f"{s.pending} pending (not counted yet)",
        "",
        "  By channel and impact (response minutes on the target's clock)",
    ]
    out += [
        "  " + line
        for line in table(
            ["channel", "impact", *_FIGURES, "target"],
            [[g.channel, g.impact, *_figures(g), g.target] for g in s.groups],
            right=(2, 3, 4, 5, 6, 7, 8),
        )
    ]
    out += ["", "  By plan"]
    if s.plans:
        out += [
            "  " + line
            for line in table(
                ["plan", *_FIGURES],
                [[p.plan or "(none)", *_figures(p)] for p in s.plans],
                right=(1, 2, 3, 4, 5, 6, 7),
            )
        ]
    else:
        out.append("    no tickets")
    if s.high_load:
        out += ["", "  High-load windows (chat target relaxed)"]
        out += [f"    {w.start} to {w.end}: {w.reason}" for w in s.high_load]
    if isinstance(s, InternalSupportSection):
        out += ["", "  Breaches (internal)"]
        if s.breaches:
            out += [
                "  " + line
                for line in table(
                    ["ticket", "created", "deadline", "first response", "response", "rule"],
                    [
                        [
                            b.id,
                            b.created,
                            b.deadline,
                            b.first_response or "unanswered",
                            _min(b.response_minutes),
                            b.explanation,
                        ]
                        for b in s.breaches
                    ],
                    right=(4,),
                )
            ]
        else:
            out.append("    none")
    return out
