"""Intercom: conversations JSON (``GET /conversations`` or a search: an object with
``conversations[]``, or several such pages in an array).

A conversation is a support request from the moment the customer first wrote:
``first_contact_reply.created_at`` (or ``statistics.first_contact_reply_at``). One the
customer never wrote in (an outbound message nobody answered) is no request and is skipped.
The first response is ``statistics.first_admin_reply_at``: Intercom's first visible reply by
a human teammate after that, which leaves out Operator and other bots. The channel is the
first contact reply's ``type`` (``conversation`` for the Messenger, ``email``, ...) mapped
through ``support.mappings.channels``; ``priority`` (``priority``/``not_priority``) maps
through ``support.mappings.impacts``; tags (``tags.tags[].name``) can mark a feature
request. A closed conversation is resolved at ``statistics.last_close_at``. The
conversation's ``company`` (API 2.15) is its client. Ids are stored as ``intercom-<id>``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from generator.sources.base import SourceContext, TicketBatch, ticket_format
from generator.sources.vendor import TicketMapping, array, epoch, field_error, load_json, obj
from generator.store.fields import FieldError, opaque_id
from generator.store.tickets import Ticket

log = logging.getLogger(__name__)

PREFIX = "intercom-"


def _optional_epoch(value: Any, where: str) -> int | None:
    return None if value in (None, 0, "") else epoch(value, where)


def parse_conversations(document: Any, context: SourceContext, origin: Path | str) -> TicketBatch:
    path = Path(origin)
    mapping = TicketMapping(context)
    found: dict[str, Ticket] = {}
    skipped = 0
    try:
        pages = document if isinstance(document, list) else [document]
        for page_index, raw_page in enumerate(pages):
            prefix = f"[{page_index}]." if isinstance(document, list) else ""
            page = obj(raw_page, prefix.rstrip(".") or "$")
            items = array(page.get("conversations"), f"{prefix}conversations")
            for index, raw in enumerate(items):
                where = f"{prefix}conversations[{index}]"
                ticket = _conversation(obj(raw, where), where, mapping)
                if ticket is None:
                    skipped += 1
                else:
                    found[ticket.id] = ticket
    except FieldError as exc:
        raise field_error(path, exc) from None
    if skipped:
        log.info("%s: skipped %d conversation(s) the customer never wrote in", path, skipped)
    return TicketBatch(list(found.values()))


def _conversation(doc: dict[str, Any], where: str, mapping: TicketMapping) -> Ticket | None:
    if doc.get("id") is None:
        raise FieldError(f"{where}.id", "is required")
    statistics = obj(doc.get("statistics") or {}, f"{where}.statistics")
    first_contact = doc.get("first_contact_reply")
    created = None
    channel_name = None
    if isinstance(first_contact, dict):
        created = _optional_epoch(
            first_contact.get("created_at"), f"{where}.first_contact_reply.created_at"
        )
        channel_name = first_contact.get("type")
    if created is None:
        created = _optional_epoch(
            statistics.get("first_contact_reply_at"), f"{where}.statistics.first_contact_reply_at"
        )
    if created is None:
        return None
    source = doc.get("source") or {}
    if channel_name is None and isinstance(source, dict):
        channel_name = source.get("type")
    tags_doc = doc.get("tags") or {}
    tags = [
        str(t.get("name"))
        for t in array(
            tags_doc.get("tags", []) if isinstance(tags_doc, dict) else [], f"{where}.tags.tags"
        )
        if isinstance(t, dict)
    ]
    priority = doc.get("priority")
    first = _optional_epoch(
        statistics.get("first_admin_reply_at"), f"{where}.statistics.first_admin_reply_at"
    )
    closed = doc.get("state") == "closed"
    resolved = (
        _optional_epoch(statistics.get("last_close_at"), f"{where}.statistics.last_close_at")
        if closed
        else None
    )
    return Ticket(
        id=PREFIX + str(doc["id"]),
        channel=mapping.channel(channel_name),
        impact=mapping.impact(
            priority if isinstance(priority, str) else None, tags, f"{where}.priority"
        ),
        created_at=created,
        first_response_at=first if first is None or first >= created else None,
        resolved_at=resolved,
        client=_company(doc, where),
    )


def _company(doc: dict[str, Any], where: str) -> str:
    """The conversation's company (its client): ``company.id`` (Intercom's id; REST API 2.15,
    the Conversation model's ``company``), or ``company_id`` as the Unstable API gives it."""
    company = doc.get("company")
    if isinstance(company, dict):
        return opaque_id(company.get("id"), f"{where}.company.id")
    return opaque_id(doc.get("company_id"), f"{where}.company_id")


@ticket_format("intercom")
def read_intercom(path: Path, context: SourceContext) -> TicketBatch:
    return parse_conversations(load_json(path), context, path)
