"""The HTTP client every collector uses: timeouts, retries, rate limits, and no leaked tokens.

- Every request has a timeout.
- Connection errors, timeouts and 5xx answers are retried with exponential backoff.
- 429 waits for ``Retry-After`` (seconds or an HTTP date), then retries.
- 401/403 fail at once with an error naming the source and the variable to set.
- Tokens are never logged, and any error text is passed through :meth:`redact` first, so a
  token echoed in an error body or a URL never reaches the terminal or a CI log.
- Sleeping goes through an injectable function, so tests never really wait.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

import requests

from generator.config.sources import SourceConfig
from generator.errors import GeneratorError

log = logging.getLogger(__name__)

Sleep = Callable[[float], None]
Clock = Callable[[], float]


class CollectError(GeneratorError):
    """A source could not be fetched (its message is already free of secrets)."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries for connection errors and 5xx answers
    backoff: float = 1.0  # first wait in seconds; doubles each retry
    max_backoff: float = 60.0
    rate_limit_attempts: int = 10  # 429 answers tolerated in a row
    max_retry_after: float = 900.0  # a longer Retry-After is capped (a scheduled run must end)


class SourceClient:
    """HTTP for one source: knows its secrets (to redact them) and its token variable."""

    def __init__(
        self,
        source: SourceConfig,
        session: requests.Session,
        *,
        secrets: tuple[str, ...] = (),
        sleep: Sleep = time.sleep,
        clock: Clock = time.time,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.source = source
        self.session = session
        self.sleep = sleep
        self.clock = clock
        self.policy = policy or RetryPolicy()
        self._secrets = _variants(secrets)
        self.requests = 0

    def add_secret(self, secret: str) -> None:
        """Redact ``secret`` from every message from now on."""
        self._secrets = _variants((*self._secrets, secret))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def fail(self, message: str) -> CollectError:
        return CollectError(self.redact(message))

    def request_json(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> tuple[Any, requests.Response]:
        """The decoded JSON body and the response, after retries; CollectError otherwise."""
        where = _where(url)
        failures = 0
        limited = 0
        while True:
            self.requests += 1
            log.info("%s: %s %s", self.source.id, method, self.redact(where))
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    auth=auth,
                    timeout=self.source.timeout,
                )
            except requests.RequestException as exc:
                failures += 1
                reason = _connection_reason(exc)
                if failures >= self.policy.attempts:
                    raise self.fail(f"{where}: {reason} ({failures} attempts)") from None
                self._backoff(failures, f"{reason}")
                continue
            status = response.status_code
            if status == 429:
                limited += 1
                if limited > self.policy.rate_limit_attempts:
                    raise self.fail(f"{where}: still rate limited (HTTP 429) after {limited} waits")
                wait = self._retry_after(response)
                log.warning("%s: rate limited (HTTP 429), waiting %.0f s", self.source.id, wait)
                self.sleep(wait)
                continue
            if status >= 500:
                failures += 1
                if failures >= self.policy.attempts:
                    raise self.fail(
                        f"{where}: HTTP {status} {response.reason} ({failures} attempts): "
                        f"{_snippet(response)}"
                    )
                self._backoff(failures, f"HTTP {status}")
                continue
            if status in (401, 403):
                variable = self.source.token_env or "the token variable"
                raise self.fail(
                    f"HTTP {status} {response.reason}: {self.source.type} rejected the "
                    f"credentials; set {variable} to a valid {self.source.type} API token"
                )
            if status >= 400:
                raise self.fail(f"{where}: HTTP {status} {response.reason}: {_snippet(response)}")
            try:
                return response.json(), response
            except (json.JSONDecodeError, ValueError):
                raise self.fail(
                    f"{where}: the response is not JSON (HTTP {status}, "
                    f"{response.headers.get('Content-Type', 'no content type')}): "
                    f"{_snippet(response)}"
                ) from None

    def get_json(self, url: str, **kwargs: Any) -> tuple[Any, requests.Response]:
        return self.request_json("GET", url, **kwargs)

    def _backoff(self, failures: int, reason: str) -> None:
        wait = min(self.policy.backoff * 2 ** (failures - 1), self.policy.max_backoff)
        log.warning(
            "%s: %s, retrying in %.0f s (attempt %d of %d)",
            self.source.id,
            reason,
            wait,
            failures + 1,
            self.policy.attempts,
        )
        self.sleep(wait)

    def _retry_after(self, response: requests.Response) -> float:
        value = response.headers.get("Retry-After", "").strip()
        wait: float | None = None
        if value.isdigit():
            wait = float(value)
        elif value:
            try:
                wait = parsedate_to_datetime(value).timestamp() - self.clock()
            except (TypeError, ValueError):
                wait = None
        if wait is None:
            wait = self.policy.backoff
        return min(max(wait, 0.0), self.policy.max_retry_after)


def _variants(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """Each secret as it may appear in text: raw, URL-quoted, and inside Basic auth."""
    out: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        out.update({secret, quote(secret, safe=""), quote_plus(secret)})
    # longest first, so a secret containing another is replaced whole
    return tuple(sorted(out, key=len, reverse=True))


def basic_auth_header(user: str, password: str) -> str:
    """The Basic auth header value, which carries a credential in base64 (to redact too)."""
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _snippet(response: requests.Response) -> str:
    text = " ".join(response.text.split())
    return text[:200] + ("..." if len(text) > 200 else "") if text else "(empty body)"


def _connection_reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__
