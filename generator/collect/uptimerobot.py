"""UptimeRobot API v2: ``POST getMonitors`` with ``logs=1``, 50 monitors a page.

Resume: the cursor holds, per UptimeRobot monitor, the start of its newest log (its current
state). The next run asks for logs from the earliest of those, so each monitor's current
state comes back with its grown duration, and nothing older is fetched again.

Plans: the v2 documentation gives ``logs_start_date`` and ``logs_end_date`` as "works only
for the Pro Plan as 24 hour+ logs are kept only in the Pro Plan", and without them (and
without ``logs_limit``) getMonitors returns every log the account keeps. So on ``plan:
free`` (the default, which works on every plan) no date range is sent: each monitor's whole
log comes back, newest first, and only the logs that reach past the cursor are kept, so a
second run stores nothing it stored before. ``plan: pro`` asks for the range itself.
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
        form: dict[str, Any] = {"api_key": token, "format": "json", "logs": 1}
        if ctx.source.plan == "pro":
            form.update(logs_start_date=since, logs_end_date=ctx.now)
        body, _ = ctx.client.request_json(
            "POST", f"{ctx.source.url}/getMonitors", data={**form, "offset": offset, "limit": PAGE}
        )
        origin = f"getMonitors offset {offset}"
        page = parse_monitors(body, ctx.source_context, origin)
        # the Free plan's answer holds the whole log: keep what reaches past the cursor
        fetched.probes.intervals.extend(i for i in page.intervals if i.end is None or i.end > since)
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
