"""Uptime Kuma: a running Kuma's status page API, the two routes its status pages poll.

- ``GET /api/status-page/<slug>``: the page's config and ``publicGroupList[].monitorList[]``
  (``id``, ``name``), for mapping monitors by name;
- ``GET /api/status-page/heartbeat/<slug>``: ``heartbeatList``, each monitor's newest 100
  beats, oldest first (``status``, ``time``, ``ping``; ``msg`` is blank on a public page).

Both are in ``server/routers/status-page-router.js`` (louislam/uptime-kuma at commit
6398a9581d1c3c427a7536559f47ccf45dac08b4, 2.x; the same routes since 1.x). Why these: they
are Kuma's only HTTP interface that returns beats. Everything else in its UI goes through a
logged-in socket.io session (a user's password, not an API key), and the ``/metrics``
endpoint, the one that takes an API key, gives each monitor's current status only, with no
history to collect. The heartbeat route answers for a *published* status page only, and
serves only its monitors: publish one (it can be unlisted) holding the monitors the SLA
covers. Kuma caches the answer for a minute.

So each run sees the newest 100 beats of each monitor (100 minutes at a 60-second interval):
collect at least that often, as the status workflow does every 5 minutes, or a gap opens;
it is reported, and an import of ``kuma.db`` fills it. The beats are decided as the import
decides them (pending runs by how they end, maintenance as no data).

Kuma's status page API needs no credentials. ``token_env`` is optional, for a reverse proxy
in front of Kuma, and is sent as a bearer token to the configured origin only.

Resume: the cursor holds, per Kuma monitor, the time of its last decided beat; the next run
reads only the beats after it, and a pending run still open at the end waits for its end.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from generator.collect.base import CollectContext, Fetched
from generator.collect.state import CursorKey, is_unix_time
from generator.sources.uptime_kuma import parse_status_page_heartbeats

CURSOR = (
    CursorKey(
        "monitors",
        lambda v: isinstance(v, dict) and all(is_unix_time(t) for t in v.values()),
        "an object of Kuma monitor ids to Unix times",
    ),
)


def collect_uptime_kuma(ctx: CollectContext) -> Fetched:
    source = ctx.source
    assert source.status_page is not None
    headers: dict[str, str] = {}
    if source.token_env:
        token = source.token()
        ctx.client.add_secret(token)
        headers["Authorization"] = f"Bearer {token}"
    slug = quote(source.status_page.lower(), safe="")
    config, _ = ctx.client.get_json(f"{source.url}/api/status-page/{slug}", headers=headers)
    names = _monitor_names(config)
    body, _ = ctx.client.get_json(f"{source.url}/api/status-page/heartbeat/{slug}", headers=headers)
    if isinstance(body, dict) and body.get("ok") is False:  # Kuma's sendHttpError
        raise ctx.client.fail(f"status page {source.status_page!r}: {body.get('msg')}")
    after = {str(k): int(v) for k, v in ctx.state.get("monitors", {}).items()}
    batch, decided = parse_status_page_heartbeats(
        body, names, ctx.source_context, after, f"status-page/heartbeat/{slug}", ctx.first_start()
    )
    return Fetched(probes=batch, state={"monitors": {**after, **decided}})


def _monitor_names(config: Any) -> dict[str, str]:
    """Kuma monitor id -> name, from the page's public groups (what the answer holds)."""
    groups = config.get("publicGroupList") if isinstance(config, dict) else None
    names: dict[str, str] = {}
    for group in groups if isinstance(groups, list) else []:
        monitors = group.get("monitorList") if isinstance(group, dict) else None
        for monitor in monitors if isinstance(monitors, list) else []:
            if isinstance(monitor, dict) and isinstance(monitor.get("name"), str):
                names[str(monitor.get("id"))] = monitor["name"]
    return names
