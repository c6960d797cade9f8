"""Sending through Apprise, one channel at a time, with retries, and never a URL in sight.

Apprise speaks Slack, Microsoft Teams, Discord, Telegram, e-mail over SMTP, generic JSON
webhooks and a hundred more behind one URL scheme, and is kept up by people who follow
those services' API changes; statusgen only chooses what to say and when. A channel's URL
(and the webhook token or mail password in it) comes from the environment variable the
channel names, and every word Apprise logs is passed through :func:`redact` first.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import apprise

log = logging.getLogger(__name__)

ATTEMPTS = 3  # a first try and two retries
BACKOFF = 2.0  # seconds before the first retry, doubled before each next one
SEND_TIMEOUT = 30  # seconds Apprise may take for one message, retries aside


@dataclass(frozen=True)
class Outgoing:
    key: str
    title: str
    body: str


@dataclass(frozen=True)
class Delivery:
    channel: str
    sent: tuple[str, ...]  # keys accepted, in order
    error: str | None  # the failure, redacted; None when every message went


def secrets_of(url: str) -> list[str]:
    """Every part of ``url`` that may be a credential, longest first."""
    parts = {url}
    try:
        split = urlsplit(url)
    except ValueError:
        return [url]
    for piece in (split.username, split.password, split.netloc, split.path, split.query):
        if piece:
            parts.add(piece)
            parts.add(unquote(piece))
    parts.update(p for p in re.split(r"[/:@?&=,;]+", url) if len(p) >= 6)
    parts.discard(split.scheme)
    return sorted(parts, key=len, reverse=True)


def redact(text: str, url: str) -> str:
    for secret in secrets_of(url):
        if secret:
            text = text.replace(secret, "***")
    return text


def _reason(captured: str, url: str) -> str:
    lines = [line.split(" - ", 2)[-1] for line in captured.splitlines() if line.strip()]
    return redact(lines[-1], url) if lines else "the service did not accept the message"


def send_channel(
    channel: str,
    url: str,
    messages: list[Outgoing],
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Send ``messages`` in order; stop at the first that fails after every retry, so the
    rest keep their place in the outbox."""
    notifier = apprise.Apprise()
    if not notifier.add(url):
        return Delivery(channel, (), "its URL is not one Apprise understands")
    apprise_log = logging.getLogger("apprise")
    sent: list[str] = []
    for message in messages:
        reason = ""
        for attempt in range(ATTEMPTS):
            if attempt:
                sleep(BACKOFF * 2 ** (attempt - 1))
            propagate = apprise_log.propagate
            apprise_log.propagate = False  # its debug lines carry the URL
            try:
                with apprise.LogCapture(level=logging.WARNING) as captured:  # type: ignore[no-untyped-call]
                    ok = bool(
                        notifier.notify(
                            body=message.body,
                            title=message.title,
                            body_format=apprise.NotifyFormat.TEXT,
                            timeout=SEND_TIMEOUT,
                        )
                    )
                text = captured.getvalue()
            finally:
                apprise_log.propagate = propagate
            if ok:
                break
            reason = _reason(text, url)
            log.info("%s: attempt %d failed: %s", channel, attempt + 1, reason)
        else:
            return Delivery(channel, tuple(sent), f"{reason} (tried {ATTEMPTS} times)")
        sent.append(message.key)
    return Delivery(channel, tuple(sent), None)


def channel_url(env: Mapping[str, str], variable: str) -> str | None:
    value = env.get(variable, "").strip()
    return value or None
