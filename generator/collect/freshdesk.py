"""Freshdesk: ``GET /api/v2/tickets?include=stats&updated_since=...``, oldest change first,
100 a page, following the ``Link: rel="next"`` header to the end.

Resume: the high-water mark is the latest ``updated_at`` seen; the next run asks for tickets
updated since then (inclusive, so the newest is fetched again; the store skips it). Auth is
the API key as the Basic auth user with ``X`` as the password.
"""

from __future__ import annotations

from typing import Any

from generator.collect.base import CollectContext, Fetched
from generator.collect.http import basic_auth_header
from generator.collect.state import CursorKey
from generator.sources.freshdesk import parse_tickets
from generator.timeutil import TimeFormatError, format_utc, parse_instant

PER_PAGE = 100
MAX_PAGES = 10_000


def _is_instant(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 64:
        return False
    try:
        parse_instant(value)
    except TimeFormatError:
        return False
    return True


CURSOR = (CursorKey("updated_since", _is_instant, "an ISO 8601 timestamp string"),)


def collect_freshdesk(ctx: CollectContext) -> Fetched:
    source = ctx.source
    token = source.token()
    ctx.client.add_secret(token)  # the key is the Basic auth user; "X" is no secret
    ctx.client.add_secret(basic_auth_header(token, "X"))
    since = ctx.state.get("updated_since") or format_utc(ctx.first_start())
    url: str | None = f"{source.url}/api/v2/tickets"
    params: dict[str, Any] | None = {
        "include": "stats",
        "updated_since": since,
        "order_by": "updated_at",
        "order_type": "asc",
        "per_page": PER_PAGE,
    }
    pages: list[Any] = []
    high_water = since
    for _ in range(MAX_PAGES):
        if url is None:
            break
        body, response = ctx.client.get_json(url, params=params, auth=(token, "X"))
        if not isinstance(body, list):
            raise ctx.client.fail(f"expected a JSON array of tickets, got {type(body).__name__}")
        pages.append(body)
        for ticket in body:
            updated = ticket.get("updated_at") if isinstance(ticket, dict) else None
            if isinstance(updated, str) and _later(updated, high_water):
                high_water = updated
        url = response.links.get("next", {}).get("url")
        params = None  # the next link carries its own query
    batch = parse_tickets(pages, ctx.source_context, "tickets")
    return Fetched(tickets=batch, state={"updated_since": high_water})


def _later(a: str, b: str) -> bool:
    try:
        return parse_instant(a) > parse_instant(b)
    except TimeFormatError:
        return False
