"""Prometheus HTTP API: ``GET /api/v1/query_range`` with the source's ``query`` and ``step``.

A long range is split into chunks of at most ``chunk`` seconds (and never more than 10,000
points per series, below Prometheus's 11,000 limit), each one request. Resume: the cursor
is the end of the last range fetched; the next run starts one step before it, so the edge
point is read again rather than missed.
"""

from __future__ import annotations

from generator.collect.base import CollectContext, Fetched
from generator.collect.state import CursorKey, is_unix_time
from generator.sources.prometheus import parse_matrix

MAX_POINTS = 10_000
CURSOR = (CursorKey("until", is_unix_time, "a Unix time in seconds"),)


def collect_prometheus(ctx: CollectContext) -> Fetched:
    source = ctx.source
    assert source.query is not None
    headers = {}
    if source.token_env:
        token = source.token()
        ctx.client.add_secret(token)
        headers["Authorization"] = f"Bearer {token}"
    step = source.step
    chunk = max(step, min(source.chunk, step * MAX_POINTS))
    start = int(ctx.state["until"]) - step if "until" in ctx.state else ctx.first_start()
    end = ctx.now - ctx.now % step  # whole steps, so consecutive runs line up
    fetched = Fetched()
    lo = start
    while lo < end:
        hi = min(lo + chunk, end)
        body, _ = ctx.client.get_json(
            f"{source.url}/api/v1/query_range",
            params={"query": source.query, "start": lo, "end": hi, "step": step},
            headers=headers,
        )
        origin = f"query_range {lo}-{hi}"
        fetched.probes.samples.extend(parse_matrix(body, ctx.source_context, origin).samples)
        lo = hi
    fetched.state = {"until": max(end, start)}
    return fetched
