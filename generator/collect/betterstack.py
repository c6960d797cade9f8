"""Better Stack Uptime: ``GET /api/v3/incidents?from=...&to=...&per_page=50``, a bearer
token, following ``pagination.next`` to the last page.

Every page goes to the importer's parser together (an incident listed on two pages counts
once; incidents of no HTTP check stay out of downtime unless the mapping names their
monitor). ``pagination.next`` is a full URL; one that leaves the configured origin is
refused like a redirect, so the token never follows it.

Resume: ``from`` and ``to`` are dates. The cursor is the date the next run asks from: the
day the oldest incident still unresolved began (it is fetched again until it is resolved,
and its end is then stored), else the day of this run; a day earlier still, since the API's
days need not be UTC days. What is fetched again is already stored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from generator.collect.base import CollectContext, Fetched
from generator.collect.state import CursorKey
from generator.sources.betterstack import parse_incidents
from generator.timeutil import TimeFormatError, parse_instant

PER_PAGE = 50  # the incidents list's maximum
MAX_PAGES = 10_000
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CURSOR = (
    CursorKey("since", lambda v: isinstance(v, str) and bool(DATE.match(v)), "a date YYYY-MM-DD"),
)


def collect_betterstack(ctx: CollectContext) -> Fetched:
    source = ctx.source
    token = source.token()
    ctx.client.add_secret(token)
    headers = {"Authorization": f"Bearer {token}"}
    since = ctx.state.get("since") or _day(ctx.first_start())
    url: str | None = f"{source.url}/api/v3/incidents"
    params: dict[str, Any] | None = {"from": since, "to": _day(ctx.now), "per_page": PER_PAGE}
    pages: list[Any] = []
    for _ in range(MAX_PAGES):
        if url is None:
            break
        body, _ = ctx.client.get_json(url, params=params, headers=headers)
        pages.append(body)
        pagination = body.get("pagination") if isinstance(body, dict) else None
        following = pagination.get("next") if isinstance(pagination, dict) else None
        url = following if isinstance(following, str) and following else None
        params = None  # the next link carries its own query
    batch = parse_incidents(pages, ctx.source_context, "incidents")
    open_since = [
        start for start in (_unresolved_start(item) for item in _items(pages)) if start is not None
    ]
    resume = min([*open_since, ctx.now])
    return Fetched(probes=batch, state={"since": _day(resume - 86400)})


def _items(pages: list[Any]) -> list[dict[str, Any]]:
    return [
        item
        for page in pages
        if isinstance(page, dict) and isinstance(page.get("data"), list)
        for item in page["data"]
        if isinstance(item, dict)
    ]


def _unresolved_start(item: dict[str, Any]) -> int | None:
    attributes = item.get("attributes")
    if not isinstance(attributes, dict) or attributes.get("resolved_at") is not None:
        return None
    try:
        return parse_instant(str(attributes.get("started_at")))
    except TimeFormatError:
        return None  # the parser has already refused such a page


def _day(instant: int) -> str:
    return datetime.fromtimestamp(instant, UTC).strftime("%Y-%m-%d")
