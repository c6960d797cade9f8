"""The report's client parts as plain text: a client's credit and tickets, and the internal
edition's per-client table (part of ``report --format text``)."""

from __future__ import annotations

from generator.model.client_report import ClientSection, ClientSummary, CreditOwed
from generator.render import formatting as fmt
from generator.render.text_table import table
from generator.timeutil import format_duration

CREDIT_WORDS = {
    "owed": "OWED",
    "none": "none owed",
    "voided": "VOID",
    "pending": "to be decided when the period ends",
}


def credit_line(credit: CreditOwed) -> str:
    if credit.status == "owed":
        return f"{credit.amount} {credit.currency} ({credit.percent}% of {credit.fee})"
    return CREDIT_WORDS[credit.status]


def render_client_text(client: ClientSection) -> list[str]:
    out = ["Service credit"]
    if client.credit is None:
        out.append("  The SLA promises no service credits.")
    else:
        c = client.credit
        out.append(f"  Credit            {credit_line(c)}")
        out.append(f"  Why               {c.reason}")
        if c.clause:
            out.append(f'  The SLA says      "{c.clause}"')
    out += ["", f"Your requests ({len(client.tickets)})"]
    if not client.tickets:
        out.append("  none in this period")
        return out
    out += [
        "  " + line
        for line in table(
            ["ticket", "channel", "impact", "created", "due", "first response", "outcome"],
            [
                [
                    t.id,
                    t.channel,
                    t.impact,
                    t.created,
                    t.deadline,
                    t.first_response or "unanswered",
                    t.status
                    + (
                        ""
                        if t.response_minutes is None
                        else f" ({format_duration(t.response_minutes * 60)})"
                    ),
                ]
                for t in client.tickets
            ],
        )
    ]
    return out


def render_clients_text(clients: list[ClientSummary]) -> list[str]:
    out = ["Clients (internal)"]
    if not clients:
        return [*out, "  none in the clients file"]
    out += [
        "  " + line
        for line in table(
            ["client", "name", "tickets", "met", "breached", "pending", "attainment", "credit"],
            [
                [
                    c.id,
                    c.name,
                    c.tickets,
                    c.met,
                    c.breached,
                    c.pending,
                    fmt.pct(c.attainment_percent, 4),
                    "no credit terms"
                    if c.credit_status is None
                    else f"{c.credit_amount} {c.currency}"
                    if c.credit_status == "owed"
                    else CREDIT_WORDS[c.credit_status],
                ]
                for c in clients
            ],
            right=(2, 3, 4, 5, 6),
        )
    ]
    return out
