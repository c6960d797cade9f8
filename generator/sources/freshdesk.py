"""Freshdesk: ``GET /api/v2/tickets?include=stats`` (a JSON array of tickets; several pages
may be given as an array of arrays).

Read: ``id``, ``created_at``, ``priority`` (1 low, 2 medium, 3 high, 4 urgent), ``source``
(1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound email, ...), ``tags``
and ``stats.first_responded_at`` (Freshdesk's first response by an agent) and
``stats.resolved_at``, and ``company_id`` (the company the ticket belongs to: its client;
Freshdesk API v2, Tickets, "company_id"). The priority's and source's names map to an impact and a channel
through ``support.mappings`` in the SLA file; a feature-request tag makes the impact
``feature``. Spam and deleted tickets are skipped. Ids are stored as ``freshdesk-<id>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.sources.base import SourceContext, TicketBatch, ticket_format
from generator.sources.vendor import TicketMapping, array, field_error, iso, load_json, obj
from generator.store.fields import FieldError, opaque_id
from generator.store.tickets import Ticket

PREFIX = "freshdesk-"
PRIORITIES = {1: "low", 2: "medium", 3: "high", 4: "urgent"}
SOURCES = {
    1: "email",
    2: "portal",
    3: "phone",
    4: "forum",
    5: "twitter",
    6: "facebook",
    7: "chat",
    8: "mobihelp",
    9: "feedback_widget",
    10: "outbound_email",
}


def parse_tickets(document: Any, context: SourceContext, origin: Path | str) -> TicketBatch:
    path = Path(origin)
    mapping = TicketMapping(context)
    found: dict[str, Ticket] = {}
    try:
        items = array(document, "$")
        pages = items if items and all(isinstance(i, list) for i in items) else [items]
        for page_index, page in enumerate(pages):
            prefix = f"[{page_index}]" if len(pages) > 1 else ""
            for index, raw in enumerate(page):
                where = f"{prefix}[{index}]"
                ticket = _ticket(obj(raw, where), where, mapping)
                if ticket is not None:
                    found[ticket.id] = ticket  # a later page has the later version
    except FieldError as exc:
        raise field_error(path, exc) from None
    return TicketBatch(list(found.values()))


def _ticket(doc: dict[str, Any], where: str, mapping: TicketMapping) -> Ticket | None:
    if doc.get("id") is None:
        raise FieldError(f"{where}.id", "is required")
    if doc.get("spam") is True or doc.get("deleted") is True:
        return None
    if "stats" not in doc:
        raise FieldError(f"{where}.stats", "is missing: fetch the tickets with include=stats")
    stats = obj(doc["stats"], f"{where}.stats")
    priority = doc.get("priority")
    if priority not in PRIORITIES:
        raise FieldError(f"{where}.priority", f"{priority!r} is not 1, 2, 3 or 4")
    source = doc.get("source")
    tags = [str(t) for t in array(doc.get("tags") or [], f"{where}.tags")]
    created = iso(doc.get("created_at"), f"{where}.created_at")
    assert created is not None
    return Ticket(
        id=PREFIX + str(doc["id"]),
        channel=mapping.channel(SOURCES.get(source) if isinstance(source, int) else None),
        impact=mapping.impact(PRIORITIES[priority], tags, f"{where}.priority"),
        created_at=created,
        first_response_at=iso(
            stats.get("first_responded_at"), f"{where}.stats.first_responded_at", optional=True
        ),
        resolved_at=iso(stats.get("resolved_at"), f"{where}.stats.resolved_at", optional=True),
        client=opaque_id(doc.get("company_id"), f"{where}.company_id"),
    )


@ticket_format("freshdesk")
def read_freshdesk(path: Path, context: SourceContext) -> TicketBatch:
    return parse_tickets(load_json(path), context, path)
