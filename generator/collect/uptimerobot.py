"""UptimeRobot API v2: ``POST getMonitors`` with ``logs=1``, 50 monitors a page.

Resume: the cursor holds, per UptimeRobot monitor, the start of its newest log (its current
state). The next run asks for logs from the earliest of those, so each monitor's current
state comes back with its grown duration, and nothing older is fetched again.
"""

from __future__ import annotations

from typing import Any

from generator.collect.base import CollectContext, Fetched
from generator.collect.state import CursorKey, is_unix_time
from generator.sources.uptimerobot import parse_monitors

PAGE = 50
CURSOR = (
    CursorKey(
        "monitors",
        lambda v: isinstance(v, dict) and all(is_unix_time(t) for t in v.values()),
        "an object of UptimeRobot monitor ids to Unix times",
    ),
)


def collect_uptimerobot(ctx: CollectContext) -> Fetched:
    token = ctx.source.token()
    ctx.client.add_secret(token)
    newest: dict[str, int] = {str(k): int(v) for k, v in ctx.state.get("monitors", {}).items()}
    since = min(newest.values()) if newest else ctx.first_start()
    fetched = Fetched()
    offset = 0
    while True:
        body, _ = ctx.client.request_json(
            "POST",
            f"{ctx.source.url}/getMonitors",
            data={
                "api_key": token,
                "format": "json",
                "logs": 1,
                "logs_start_date": since,
                "logs_end_date": ctx.now,
                "offset": offset,
                "limit": PAGE,
            },
        )
        origin = f"{ctx.source.id}: getMonitors offset {offset}"
        page = parse_monitors(body, ctx.source_context, origin)
        fetched.probes.intervals.extend(page.intervals)
        for monitor in body.get("monitors", []):
            # unmapped monitors are not validated by the parser: take only what is sound
            logs = monitor.get("logs")
            starts = [
                _unix_time(e.get("datetime"))
                for e in (logs if isinstance(logs, list) else [])
                if isinstance(e, dict)
            ]
            known = [t for t in starts if t is not None]
            if known:
                newest[str(monitor.get("id"))] = max(known)
        total = _total(body)
        offset += PAGE
        if total is None or offset >= total or not body.get("monitors"):
            break
    fetched.state = {"monitors": newest}
    return fetched


def _total(body: dict[str, Any]) -> int | None:
    pagination = body.get("pagination")
    if isinstance(pagination, dict) and isinstance(pagination.get("total"), int):
        return int(pagination["total"])
    return None


def _unix_time(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if is_unix_time(value) else None
