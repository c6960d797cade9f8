"""UptimeRobot API v2: ``POST getMonitors`` with ``logs=1``, 50 monitors a page.

Resume: the cursor holds, per UptimeRobot monitor, the start of its newest log (its current
state). The next run asks for logs from the earliest of those, so each monitor's current
state comes back with its grown duration, and nothing older is fetched again.
"""

from __future__ import annotations

from typing import Any

from generator.collect.base import CollectContext, Fetched
from generator.sources.uptimerobot import parse_monitors

PAGE = 50


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
            starts = [int(e["datetime"]) for e in monitor.get("logs", []) if "datetime" in e]
            if starts:
                newest[str(monitor.get("id"))] = max(starts)
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
