"""Pingdom API 3.1: ``GET /results/{checkid}`` with ``from``, ``to``, ``limit`` and
``offset``, a bearer token, one check at a time.

The checks are the keys of the source's ``monitors`` mapping (Pingdom check id -> our
monitor): a results answer does not name its check, so the mapping is what says whose
results they are. A time range is asked in chunks of at most ``chunk`` seconds, each paged
with ``offset`` (1,000 results a page, Pingdom's maximum) until a short page; every page of
a chunk goes to the importer's parser together, so two probes reporting in the same second
resolve across pages as within one (down wins), and unconfirmed results are skipped there.

Raw results rather than ``summary.outage``: they keep each check's response time, and they
say which failures Pingdom confirmed from a second probe.

Resume: the cursor holds, per check, the end of the last range fetched. A result can be
published a little after its time, so the next run starts ``SETTLE`` seconds before that
end; what it fetches again is already stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.collect.base import CollectContext, Fetched
from generator.collect.state import CursorKey, is_unix_time
from generator.sources.pingdom import parse_pingdom

LIMIT = 1000  # results per page: API 3.1's maximum
MAX_PAGES = 1000  # per chunk: a guard against a server that never ends its pages
SETTLE = 600
CURSOR = (
    CursorKey(
        "checks",
        lambda v: isinstance(v, dict) and all(is_unix_time(t) for t in v.values()),
        "an object of Pingdom check ids to Unix times",
    ),
)


def collect_pingdom(ctx: CollectContext) -> Fetched:
    source = ctx.source
    checks = sorted(source.monitors.items())
    if not checks:
        raise source.error(
            f"source {source.id} needs monitors: each Pingdom check id and the monitor its "
            "results belong to",
            "monitors",
        )
    for check, _ in checks:
        if not check.isdigit():
            raise source.error(f"{check!r} is not a Pingdom check id (a number)", "monitors")
    token = source.token()
    ctx.client.add_secret(token)
    headers = {"Authorization": f"Bearer {token}"}
    until: dict[str, int] = {str(k): int(v) for k, v in ctx.state.get("checks", {}).items()}
    fetched = Fetched()
    for check, monitor in checks:
        context = replace(ctx.source_context, monitor=monitor)
        start = until[check] - SETTLE if check in until else ctx.first_start()
        lo = start
        while lo < ctx.now:
            hi = min(lo + source.chunk, ctx.now)
            results: list[Any] = []
            for page in range(MAX_PAGES):
                body, _ = ctx.client.get_json(
                    f"{source.url}/results/{check}",
                    params={"from": lo, "to": hi, "limit": LIMIT, "offset": page * LIMIT},
                    headers=headers,
                )
                if not isinstance(body, dict) or "results" not in body:
                    parse_pingdom(body, context, f"results/{check} {lo}-{hi}")  # says why
                    raise ctx.client.fail(f"results/{check}: the answer has no results")
                rows = body["results"]
                results.extend(rows if isinstance(rows, list) else [rows])
                if not isinstance(rows, list) or len(rows) < LIMIT:
                    break
            batch = parse_pingdom({"results": results}, context, f"results/{check} {lo}-{hi}")
            fetched.probes.samples.extend(batch.samples)
            lo = hi
        until[check] = max(ctx.now, start)
    fetched.state = {"checks": until}
    return fetched
