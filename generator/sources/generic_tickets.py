"""statusgen's own ticket formats: CSV and JSON Lines (a published contract, see README).

CSV header ``id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes,client``
(``id``, ``channel``, ``impact`` and ``created_at`` required, the others may be left out;
``client`` is the client's opaque id, see :mod:`generator.config.clients`);
JSON Lines: one object a line with the same keys. Channel and impact names other than the
SLA's are accepted when the SLA file maps them (``support.mappings``), so an export that
says ``urgent`` or ``web`` imports without editing.
"""

from __future__ import annotations

from pathlib import Path

from generator.config.schema import CHANNELS, IMPACTS
from generator.config.support import Mappings, support_policy
from generator.errors import ConfigError, RecordError
from generator.sources.base import SourceContext, TicketBatch, record_error, ticket_format
from generator.sources.lines import Records, csv_records, jsonl_records
from generator.store import fields as f
from generator.store.tickets import TICKET_COLUMNS, Ticket, parse_stored

REQUIRED = ("id", "channel", "impact", "created_at")


def _mapped(record: dict[str, object], field: str, mapping: Mappings) -> str:
    name = f.text(record, field)
    value = mapping.channel(name) if field == "channel" else mapping.impact(name)
    if value is None:
        known = CHANNELS if field == "channel" else IMPACTS
        mapped = sorted(mapping.channels if field == "channel" else mapping.impacts)
        hint = f"; the SLA file maps {', '.join(mapped)}" if mapped else ""
        raise f.FieldError(
            field,
            f"{name!r} is not one of {', '.join(known)}{hint} "
            f"(add it under support.mappings.{field}s)",
        )
    return value


def parse_ticket(record: dict[str, object], mapping: Mappings) -> Ticket:
    """One ticket record of the generic format, validated and normalised."""
    unknown = set(record) - set(TICKET_COLUMNS)
    if unknown:
        raise f.FieldError(
            sorted(unknown)[0], f"unknown field (expected {', '.join(TICKET_COLUMNS)})"
        )
    ticket_id = f.text(record, "id")
    if any(ch < " " for ch in ticket_id):
        raise f.FieldError("id", f"{ticket_id!r} contains a control character")
    # names mapped onto the SLA's; everything else is checked as the store checks it
    return parse_stored(
        {
            **record,
            "channel": _mapped(record, "channel", mapping),
            "impact": _mapped(record, "impact", mapping),
            "plan": f.text(record, "plan", optional=True).replace("\n", " "),
        }
    )


def _read(path: Path, context: SourceContext, records: Records) -> TicketBatch:
    policy = support_policy(context.sla)
    if policy is None:
        raise ConfigError(
            "has no support section, so there are no targets to import tickets against",
            file=context.sla.file,
        )
    batch = TicketBatch()
    seen: dict[str, tuple[int, Ticket]] = {}
    try:
        for line, record in records:
            try:
                ticket = parse_ticket(record, policy.mappings)
            except f.FieldError as exc:
                raise record_error(path, line, exc) from None
            if ticket.id in seen:
                earlier_line, earlier = seen[ticket.id]
                if earlier != ticket:
                    raise RecordError(
                        f"ticket {ticket.id!r} is also on line {earlier_line} with different "
                        "values; a file gives each ticket once",
                        file=path,
                        line=line,
                        field="id",
                    )
                continue
            seen[ticket.id] = (line, ticket)
            batch.tickets.append(ticket)
    except UnicodeDecodeError:
        raise RecordError("not UTF-8 text", file=path) from None
    return batch


@ticket_format("csv")
def read_csv(path: Path, context: SourceContext) -> TicketBatch:
    return _read(path, context, csv_records(path, TICKET_COLUMNS, REQUIRED))


@ticket_format("jsonl")
def read_jsonl(path: Path, context: SourceContext) -> TicketBatch:
    return _read(path, context, jsonl_records(path))
