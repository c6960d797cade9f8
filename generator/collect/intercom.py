"""Intercom: ``POST /conversations/search`` for the conversations updated since the cursor,
150 a page (the search's maximum), following ``pages.next.starting_after`` to the end.

Auth is an access token as a bearer token; ``Intercom-Version`` pins the answer's shape.
Every page goes to the importer's parser together.

Resume: the high-water mark is the latest ``updated_at`` seen (Unix seconds, never later
than the run). The search has no "at or after", so the next run asks for ``updated_at >
mark - 1``: conversations updated in that same second are fetched again (the store keeps
the newest), none is skipped.
"""

from __future__ import annotations

from typing import Any

from generator.collect.base import CollectContext, Fetched
from generator.collect.state import CursorKey, is_unix_time
from generator.sources.intercom import parse_conversations

PER_PAGE = 150
MAX_PAGES = 10_000
VERSION = "2.15"  # the first whose conversations carry their company
CURSOR = (CursorKey("updated_since", is_unix_time, "a Unix time in seconds"),)


def collect_intercom(ctx: CollectContext) -> Fetched:
    source = ctx.source
    token = source.token()
    ctx.client.add_secret(token)
    headers = {
        "Authorization": f"Bearer {token}",
        "Intercom-Version": VERSION,
        "Accept": "application/json",
    }
    since = int(ctx.state.get("updated_since", ctx.first_start()))
    query = {"field": "updated_at", "operator": ">", "value": since - 1}
    pages: list[Any] = []
    high_water = since
    after: str | None = None
    for _ in range(MAX_PAGES):
        pagination: dict[str, Any] = {"per_page": PER_PAGE}
        if after:
            pagination["starting_after"] = after
        body, _ = ctx.client.request_json(
            "POST",
            f"{source.url}/conversations/search",
            json_body={"query": query, "pagination": pagination},
            headers=headers,
        )
        pages.append(body)
        for conversation in body.get("conversations") or [] if isinstance(body, dict) else []:
            updated: Any = (
                conversation.get("updated_at") if isinstance(conversation, dict) else None
            )
            if is_unix_time(updated):
                high_water = max(high_water, int(updated))
        after = _next_cursor(body)
        if after is None:
            break
    batch = parse_conversations(pages, ctx.source_context, "conversations/search")
    return Fetched(tickets=batch, state={"updated_since": min(high_water, ctx.now)})


def _next_cursor(body: Any) -> str | None:
    pages = body.get("pages") if isinstance(body, dict) else None
    following = pages.get("next") if isinstance(pages, dict) else None
    cursor = following.get("starting_after") if isinstance(following, dict) else None
    return cursor if isinstance(cursor, str) and cursor else None
