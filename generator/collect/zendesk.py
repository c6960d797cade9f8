"""Zendesk: the incremental ticket export, cursor based, with ticket metrics and users.

``GET /api/v2/incremental/tickets/cursor.json?start_time=...&include=metric_sets,users`` on
the first run, then ``?cursor=...``, page after page until ``end_of_stream``. Resume: the
cursor is the last page's ``after_cursor``, which Zendesk hands out exactly for that. Auth
is an API token: ``{user}/token`` and the token, as Basic auth.
"""

from __future__ import annotations

from generator.collect.base import CollectContext, Fetched
from generator.collect.http import basic_auth_header
from generator.collect.state import CursorKey
from generator.sources.vendor import field_error
from generator.sources.zendesk import ZendeskExport, tickets_from_export
from generator.store.fields import FieldError

INCLUDE = "metric_sets,users"
MAX_PAGES = 10_000  # a guard against a server that never ends its stream
CURSOR = (
    CursorKey(
        "cursor",
        lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= 4096),
        "an after_cursor string or null",
    ),
)


def collect_zendesk(ctx: CollectContext) -> Fetched:
    source = ctx.source
    token = source.token()
    user = f"{source.user}/token"
    ctx.client.add_secret(token)
    ctx.client.add_secret(basic_auth_header(user, token))
    url = f"{source.url}/api/v2/incremental/tickets/cursor.json"
    cursor = ctx.state.get("cursor")
    # Zendesk refuses a start_time within the last minute
    params: dict[str, object] = (
        {"cursor": cursor, "include": INCLUDE}
        if cursor
        else {"start_time": min(ctx.first_start(), ctx.now - 60), "include": INCLUDE}
    )
    export = ZendeskExport()
    for page in range(1, MAX_PAGES + 1):
        body, _ = ctx.client.get_json(url, params=params, auth=(user, token))
        origin = f"incremental tickets page {page}"
        try:
            export.add_page(body, "$")
        except FieldError as exc:
            raise field_error(origin, exc) from None
        after = body.get("after_cursor")
        if after:
            cursor = after
        if body.get("end_of_stream") is True or not after:
            break
        params = {"cursor": after, "include": INCLUDE}
    try:
        tickets = tickets_from_export(export, ctx.source_context)
    except FieldError as exc:
        raise field_error("incremental tickets", exc) from None
    fetched = Fetched()
    fetched.tickets.tickets.extend(tickets)
    fetched.state = {"cursor": cursor or None}
    return fetched
