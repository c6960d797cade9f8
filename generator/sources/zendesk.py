"""Zendesk: the incremental ticket export (JSON) with its metrics, or the CSV export.

**JSON.** One response of ``GET /api/v2/incremental/tickets/cursor.json`` (or a JSON array of
several pages), read for:

- ``tickets[]``: ``id``, ``created_at``, ``priority``, ``via.channel``, ``tags``, ``status``,
  ``organization_id`` (the requester's organization: the ticket's client, stored as the
  number it is; Zendesk Support API, Tickets, "organization_id");
- ticket metrics, sideloaded as ``metric_sets[]`` (``include=metric_sets``) or given as
  ``ticket_metrics[]`` (``GET /api/v2/ticket_metrics``): ``reply_time_in_seconds`` or
  ``reply_time_in_minutes`` (calendar) and ``solved_at``;
- optionally ``ticket_events[]`` from the incremental ticket event export with
  ``include=comment_events``, and ``users[]`` (sideloaded, for roles).

**The first response is the first public comment by an agent**, never a trigger, an
automation or a bot. With comment events that is decided here, comment by comment: public,
after the ticket was created, written by an agent or admin (by ``users[].role``; without
users, by anyone but the requester and the system user), and not made by a business rule or
a bot (``via`` rule/trigger/automation, or an answer bot / AI agent channel). Without comment
events, Zendesk's own first reply time metric is used: Zendesk defines it the same way (the
first public agent comment; automated and bot actions are not counted).

**CSV.** The ticket CSV export: ``Id``, ``Created at``, ``Priority``, ``Via``, ``Tags``,
``Solved at`` and ``First reply time in minutes`` (minute precision). Times need an offset.

Priority (urgent, high, normal, low; none) maps to an impact, and the channel
(``via.channel``; the CSV's ``Via``) to chat/email/other, through ``support.mappings`` in
the SLA file; a feature-request tag makes the impact ``feature``. Deleted tickets are
skipped. Ids are stored as ``zendesk-<id>``, so several helpdesks never collide.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import RecordError
from generator.sources.base import SourceContext, TicketBatch, ticket_format
from generator.sources.vendor import (
    TicketMapping,
    VendorError,
    array,
    field_error,
    iso,
    load_json,
    obj,
    seconds,
)
from generator.store.fields import FieldError, opaque_id
from generator.store.tickets import Ticket

PREFIX = "zendesk-"
AGENT_ROLES = ("agent", "admin")
SYSTEM_USER = -1
# via channels of comments nobody typed: business rules and bots
_AUTOMATED = re.compile(r"^(rule|trigger|automation|.*bot.*|ai_agent.*)$")


@dataclass
class _Comment:
    at: int
    author: int | None
    public: bool
    automated: bool


@dataclass
class ZendeskExport:
    """Pages of the incremental export gathered by ticket id (later versions win)."""

    tickets: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)
    comments: dict[str, list[_Comment]] = field(default_factory=dict)
    pages: int = 0  # pages with a tickets list

    def add_page(self, page: Any, where: str) -> None:
        doc = obj(page, where)
        prefix = f"{where}." if where != "$" else ""
        if "tickets" in doc:
            self.pages += 1
        for index, raw in enumerate(array(doc.get("tickets", []), f"{prefix}tickets")):
            at = f"{prefix}tickets[{index}]"
            ticket = obj(raw, at)
            if ticket.get("id") is None:
                raise FieldError(f"{at}.id", "is required")
            self.tickets[str(ticket["id"])] = (at, ticket)
        for key in ("metric_sets", "ticket_metrics"):
            for index, raw in enumerate(array(doc.get(key, []), f"{prefix}{key}")):
                metric = obj(raw, f"{prefix}{key}[{index}]")
                if metric.get("ticket_id") is None:
                    raise FieldError(f"{prefix}{key}[{index}].ticket_id", "is required")
                self.metrics[str(metric["ticket_id"])] = metric
        for index, raw in enumerate(array(doc.get("users", []), f"{prefix}users")):
            user = obj(raw, f"{prefix}users[{index}]")
            if isinstance(user.get("id"), int):
                self.roles[user["id"]] = str(user.get("role") or "")
        for index, raw in enumerate(array(doc.get("ticket_events", []), f"{prefix}ticket_events")):
            self._add_event(
                obj(raw, f"{prefix}ticket_events[{index}]"), f"{prefix}ticket_events[{index}]"
            )

    def _add_event(self, event: dict[str, Any], where: str) -> None:
        ticket_id = str(event.get("ticket_id"))
        event_time = event.get("created_at") or event.get("timestamp")
        for index, raw in enumerate(array(event.get("child_events", []), f"{where}.child_events")):
            at = f"{where}.child_events[{index}]"
            child = obj(raw, at)
            if (child.get("event_type") or child.get("type")) != "Comment":
                continue
            when = child.get("created_at") or event_time
            if isinstance(when, int | float) and not isinstance(when, bool):
                stamp = int(when)
            else:
                stamp = iso(when, f"{at}.created_at") or 0
            author = child.get("author_id")
            self.comments.setdefault(ticket_id, []).append(
                _Comment(
                    at=stamp,
                    author=author if isinstance(author, int) else None,
                    public=child.get("public") is True,
                    automated=_automated(child.get("via")) or _automated(event.get("via")),
                )
            )


def _automated(via: Any) -> bool:
    if isinstance(via, dict):
        source = via.get("source") or {}
        rel = source.get("rel") if isinstance(source, dict) else None
        names = [via.get("channel"), rel]
    else:
        names = [via]
    return any(
        isinstance(name, str) and _AUTOMATED.match(name.strip().lower().replace(" ", "_"))
        for name in names
    )


def _first_agent_reply(
    comments: list[_Comment], created: int, requester: Any, roles: dict[int, str]
) -> int | None:
    for comment in sorted(comments, key=lambda c: c.at):
        if not comment.public or comment.automated or comment.at <= created:
            continue
        if comment.author is None or comment.author == SYSTEM_USER:
            continue
        if roles:
            if roles.get(comment.author) not in AGENT_ROLES:
                continue
        elif comment.author == requester:
            continue
        return comment.at
    return None


def _metric_reply(metric: dict[str, Any], created: int, where: str) -> int | None:
    for key, unit in (("reply_time_in_seconds", 1), ("reply_time_in_minutes", 60)):
        value = metric.get(key)
        if isinstance(value, dict) and value.get("calendar") is not None:
            return created + round(seconds(value["calendar"], f"{where}.{key}.calendar") * unit)
    return None


def tickets_from_export(export: ZendeskExport, context: SourceContext) -> list[Ticket]:
    if not export.pages:
        raise FieldError("tickets", "is required: no page of the incremental ticket export")
    mapping = TicketMapping(context)
    out = []
    for ticket_id, (where, ticket) in export.tickets.items():
        if ticket.get("status") == "deleted":
            continue
        created = iso(ticket.get("created_at"), f"{where}.created_at")
        assert created is not None
        via = ticket.get("via") or {}
        channel_name = via.get("channel") if isinstance(via, dict) else None
        tags = [str(t) for t in array(ticket.get("tags") or [], f"{where}.tags")]
        metric = export.metrics.get(ticket_id, {})
        if ticket_id in export.comments:
            first = _first_agent_reply(
                export.comments[ticket_id], created, ticket.get("requester_id"), export.roles
            )
        else:
            first = _metric_reply(metric, created, f"metrics[ticket_id={ticket_id}]")
        solved = iso(
            metric.get("solved_at"), f"metrics[ticket_id={ticket_id}].solved_at", optional=True
        )
        out.append(
            Ticket(
                id=PREFIX + ticket_id,
                channel=mapping.channel(channel_name),
                impact=mapping.impact(ticket.get("priority"), tags, f"{where}.priority"),
                created_at=created,
                first_response_at=first,
                resolved_at=solved,
                client=opaque_id(ticket.get("organization_id"), f"{where}.organization_id"),
            )
        )
    return out


# --- the CSV export ---------------------------------------------------------------------

_CSV_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}:?\d{2})$")


def _csv_time(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    match = _CSV_TIME.match(value)
    if match:
        date, clock, offset = match.groups()
        if offset != "Z" and ":" not in offset:
            offset = f"{offset[:3]}:{offset[3:]}"
        value = f"{date}T{clock}{offset}"
    return iso(value, column)


def _read_csv(path: Path, context: SourceContext) -> TicketBatch:
    mapping = TicketMapping(context)
    batch = TicketBatch()
    seen: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for column in ("Id", "Created at", "Priority", "Via"):
            if column not in header:
                raise RecordError(
                    f"column {column!r} is missing; is this Zendesk's ticket CSV export?",
                    file=path,
                    line=1,
                    field=column,
                )
        for row in reader:
            line = reader.line_num
            try:
                ticket_id = (row.get("Id") or "").strip()
                if not ticket_id:
                    raise FieldError("Id", "is required")
                if (row.get("Status") or "").strip().lower() == "deleted":
                    continue
                created = _csv_time(row.get("Created at") or "", "Created at")
                if created is None:
                    raise FieldError("Created at", "is required")
                reply = (row.get("First reply time in minutes") or "").strip()
                first = None
                if reply:
                    first = created + round(seconds(reply, "First reply time in minutes") * 60)
                tags = re.split(r"[\s,]+", (row.get("Tags") or "").strip())
                priority = (row.get("Priority") or "").strip() or None
                ticket = Ticket(
                    id=PREFIX + ticket_id,
                    channel=mapping.channel(row.get("Via"), (row.get("Via") or "").split(" ")[0]),
                    impact=mapping.impact(priority, [t for t in tags if t], "Priority"),
                    created_at=created,
                    first_response_at=first,
                    resolved_at=_csv_time(row.get("Solved at") or "", "Solved at"),
                )
            except FieldError as exc:
                raise RecordError(exc.message, file=path, line=line, field=exc.field) from None
            if ticket.id in seen:
                raise RecordError(
                    f"ticket {ticket_id} is also on line {seen[ticket.id]}", file=path, line=line
                )
            seen[ticket.id] = line
            batch.tickets.append(ticket)
    return batch


def _is_json(path: Path) -> bool:
    with path.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"{", b"[")


@ticket_format("zendesk")
def read_zendesk(path: Path, context: SourceContext) -> TicketBatch:
    if not _is_json(path):
        try:
            return _read_csv(path, context)
        except UnicodeDecodeError:
            raise VendorError("not UTF-8 text", file=path) from None
    document = load_json(path)
    export = ZendeskExport()
    try:
        if isinstance(document, list):
            for index, page in enumerate(document):
                export.add_page(page, f"[{index}]")
        else:
            export.add_page(document, "$")
        return TicketBatch(tickets_from_export(export, context))
    except FieldError as exc:
        raise field_error(path, exc) from None


__all__ = ["ZendeskExport", "read_zendesk", "tickets_from_export"]
