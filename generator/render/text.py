"""The report as plain text tables, for terminals and e-mails."""

from __future__ import annotations

from generator.model.report import Report
from generator.render import formatting as fmt
from generator.render.text_client import render_client_text, render_clients_text
from generator.render.text_support import render_support_text
from generator.render.text_table import table


def _pct(value: float | None) -> str:
    return fmt.pct(value, 4)


def _min(value: float) -> str:
    return f"{value:g} min"


def render_text(report: Report) -> str:
    p = report.period
    u = report.uptime
    t = report.terms
    out = [
        f"{report.company}: SLA report {p.label} ({p.id})",
        f"Period {p.start} to {p.end}"
        + (
            f", not started as of {p.as_of}"
            if p.to_date and not p.elapsed_minutes
            else f", to date as of {p.as_of}"
            if p.to_date
            else ""
        ),
        "",
        "Uptime",
        f"  Uptime            {_pct(u.percent)} (objective {u.objective_percent:g}%): "
        + ("NO DATA" if u.met is None else "MET" if u.met else "MISSED")
        + (" so far" if p.to_date and p.elapsed_minutes else ""),
        f"  Counted downtime  {_min(u.downtime_minutes)} of {_min(u.allowed_downtime_minutes)} allowed",
        f"  Error budget      {_min(u.error_budget_minutes)} left ({u.error_budget_used_percent:g}% used)",
        f"  Excluded          {_min(u.excluded_minutes)} (listed below)",
        f"  No data           {_min(u.no_data_minutes)} (not counted as downtime)",
    ]
    if u.projection:
        pr = u.projection
        out.append(
            f"  Projection        {_pct(pr.percent)} at the current rate "
            f"({'on track' if pr.met else 'objective at risk'}); "
            f"{_pct(pr.no_further_downtime_percent)} with no further downtime"
        )
    out += ["", "Components"]
    out += table(
        ["component", "SLA", "uptime", "downtime", "excluded", "counted", "no data"],
        [
            [
                c.id,
                "counted" if c.counted else ("beta" if c.beta else "not covered"),
                _pct(c.percent if c.counted else c.observed_percent),
                _min(c.downtime_minutes),
                _min(c.excluded_minutes),
                _min(c.counted_downtime_minutes),
                _min(c.no_data_minutes),
            ]
            for c in u.components
        ],
        right=(2, 3, 4, 5, 6),
    )
    out += [
        f"  Degraded performance, not counted as downtime: {c.id} {_min(c.degraded_minutes)}"
        for c in u.components
        if c.degraded_seconds
    ]
    outages = [(c.id, o) for c in u.components for o in c.outages]
    out += ["", "Outages"]
    if outages:
        out += table(
            ["component", "start", "end", "minutes", "counted"],
            [
                [
                    cid,
                    o.start,
                    o.end,
                    f"{o.minutes:g}",
                    "excluded" if o.excluded else "yes",
                ]
                for cid, o in sorted(outages, key=lambda x: x[1].start)
            ],
            right=(3,),
        )
    else:
        out.append("  none")
    out += ["", "Excluded downtime"]
    if u.excluded:
        out += table(
            ["component", "start", "end", "minutes", "rule", "reason"],
            [[e.component, e.start, e.end, f"{e.minutes:g}", e.rule, e.reason] for e in u.excluded],
            right=(3,),
        )
    else:
        out.append("  none")
    out += ["", "Scheduled maintenance"]
    if u.maintenance:
        out += table(
            ["window", "start", "releases", "allowed", "observed", "commitment"],
            [
                [
                    m.title,
                    m.start,
                    m.releases,
                    f"{m.allowed_seconds} s",
                    f"{m.observed_downtime_seconds} s",
                    "EXCEEDED" if m.exceeded else "kept",
                ]
                for m in u.maintenance
            ],
            right=(2, 3, 4),
        )
    else:
        out.append("  none")
    if report.client:
        out.insert(1, f"Client edition for {report.client.name} ({report.client.id})")
        out += ["", *render_client_text(report.client)]
    if report.support:
        out += ["", *render_support_text(report.support)]
    if report.clients is not None:
        out += ["", *render_clients_text(report.clients)]
    out += [
        "",
        "Terms",
        f"  Effective {t.effective_date}, last review {t.last_review}, next review {t.next_review}",
    ]
    if t.review_overdue:
        out.append(f"  REVIEW OVERDUE since {t.review_overdue_since}")
    return "\n".join(out) + "\n"
