"""One notify run: compare, queue, send, record, under the data directory's write lock.

The order makes each event go out once per channel however runs repeat, retry or overlap:

1. the model is built from the data (the same model the site is built from);
2. under the lock, the state is read; if it already records newer facts (a later run
   finished first) nothing new is compared, or the older data would announce old news;
3. the changes since the recorded facts are queued in each channel's outbox, and the
   state (facts and outboxes together) is saved before anything is sent;
4. each channel's outbox is sent in order; an accepted message leaves the outbox and its
   key is remembered, a refused one stays for the next run, and the state is saved after
   each channel. A run killed between a channel accepting and the save may send that
   message again: at least once, never lost.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.config.notify import Channel
from generator.i18n import language
from generator.notify.deliver import Delivery, Outgoing, channel_url, send_channel
from generator.notify.events import Event, Wording, diff
from generator.notify.facts import Facts, Now, current_facts
from generator.notify.state import KEEP_OUTBOX, KEEP_SENT, NotifyState, load_state, save_state
from generator.reporting.site import build_model
from generator.site import load_site
from generator.store.lock import write_lock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotifyOptions:
    data_root: Path
    as_of: int | None = None  # default: now
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class NotifyResult:
    baseline: bool  # the first run: the current status was recorded, nothing queued
    events: tuple[Event, ...]  # found this run
    deliveries: tuple[Delivery, ...]
    pending: dict[str, int]  # channel -> messages left in its outbox

    @property
    def ok(self) -> bool:
        return all(d.error is None for d in self.deliveries)


def run_url(env: Mapping[str, str]) -> str | None:
    parts = [env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    return f"{parts[0]}/{parts[1]}/actions/runs/{parts[2]}" if all(parts) else None


def wants(channel: Channel, event: Event) -> bool:
    if event.group not in channel.events or event.message(channel.audience) is None:
        return False
    if channel.components is None or not event.components:
        return True
    return bool(set(event.components) & set(channel.components))


def _calendar(state: NotifyState, now: Now) -> bool:
    """Bump a window's revision when it changes: the calendar feed's SEQUENCE."""
    changed = False
    for window in now.model.site.maintenance:
        mark = f"{window.start}-{window.end}-{int(window.cancelled)}-{window.title}"
        entry = state.calendar.get(window.id)
        if entry is None:
            state.calendar[window.id] = {"fingerprint": mark, "sequence": 0}
        elif entry.get("fingerprint") != mark:
            state.calendar[window.id] = {
                "fingerprint": mark,
                "sequence": int(entry.get("sequence", 0)) + 1,
            }
        else:
            continue
        changed = True
    return changed


def _queue(state: NotifyState, channels: tuple[Channel, ...], events: list[Event]) -> bool:
    """Queue each event for the channels that want it; whether any outbox changed."""
    before = repr((state.outbox, state.sent))
    ids = {c.id for c in channels}
    for gone in set(state.outbox) - ids:
        del state.outbox[gone]
    for gone in set(state.sent) - ids:
        del state.sent[gone]
    for channel in channels:
        box = state.outbox.setdefault(channel.id, [])
        known = {m["key"] for m in box} | set(state.sent.get(channel.id, ()))
        for event in events:
            message = event.message(channel.audience)
            if message is None or not wants(channel, event) or event.key in known:
                continue
            box.append({"key": event.key, "title": message.title, "body": message.body})
        if len(box) > KEEP_OUTBOX:
            log.warning(
                "%s: outbox full, dropping its %d oldest", channel.id, len(box) - KEEP_OUTBOX
            )
            del box[: len(box) - KEEP_OUTBOX]
    return repr((state.outbox, state.sent)) != before


def notify(options: NotifyOptions) -> NotifyResult:
    site = load_site(options.data_root)
    as_of = options.as_of if options.as_of is not None else int(time.time())
    model = build_model(site, as_of)
    status = model.status  # degraded performance included, as the site shows it
    now = Now(model, status, site.services.notifications)
    channels = now.notifications.channels
    wording = Wording(now, run_url(options.env), language(site.sla.language))

    with write_lock(site.data.root):
        state = load_state(site.data)
        before: Facts = state.facts or {}
        baseline = state.facts is None
        events: list[Event] = []
        changed = baseline
        if before.get("as_of", -1) < as_of:
            facts = current_facts(now, before)
            if not baseline:
                events = diff(before, facts, wording)
            # The state changes only with what it records (no commit on a quiet run); its
            # as_of is the time of the last change, which an older run cannot go behind.
            if facts != {k: v for k, v in before.items() if k != "as_of"}:
                state.facts = {**facts, "as_of": as_of}
                changed = True
            changed = _calendar(state, now) or changed
        else:
            log.info("the state records newer facts; only its outboxes are sent")
        changed = _queue(state, channels, events) or changed
        if changed:
            save_state(site.data, state)

        deliveries = []
        for channel in channels:
            box = state.outbox.get(channel.id, [])
            if not box:
                continue
            url = channel_url(options.env, channel.url_env)
            if url is None:
                error = f"the environment variable {channel.url_env} is not set"
                deliveries.append(Delivery(channel.id, (), error))
                continue
            messages = [Outgoing(m["key"], m["title"], m["body"]) for m in box]
            delivery = send_channel(channel.id, url, messages, options.sleep)
            deliveries.append(delivery)
            done = set(delivery.sent)
            state.outbox[channel.id] = [m for m in box if m["key"] not in done]
            state.sent[channel.id] = [*state.sent.get(channel.id, []), *delivery.sent][-KEEP_SENT:]
            save_state(site.data, state)
    return NotifyResult(
        baseline=baseline,
        events=tuple(events),
        deliveries=tuple(deliveries),
        pending={c.id: len(state.outbox.get(c.id, [])) for c in channels},
    )
