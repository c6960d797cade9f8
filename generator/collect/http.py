"""The HTTP client every collector uses: deadlines, retries, rate limits, and no leaked tokens.

- Every request has a total deadline (the source's ``timeout``) for connecting, headers and
  body together, which a server dripping one byte at a time cannot stretch
  (:mod:`.deadline`), and a body is at most ``max_body`` bytes. A source as a whole (every
  page, retry and wait) has a deadline too.
- Connection errors, requests that get no answer in time, and 5xx answers are retried with
  exponential backoff; an answer that starts but does not finish in time is not (the server
  is up and too slow, and would only be slow again).
- 429 waits for ``Retry-After`` (seconds or an HTTP date), then retries.
- 401/403 fail at once with an error naming the source and the variable to set.
- Credentials go only to the configured origin (scheme, host, port): redirects are followed
  here, within that origin only, and any URL elsewhere (a redirect, a paging link) is refused
  with an error rather than sent a header or a body that holds a token.
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
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import requests

from generator.collect.deadline import BodyTooLarge, DeadlinePassed, read_body, watch
from generator.config.sources import SourceConfig
from generator.errors import GeneratorError

log = logging.getLogger(__name__)

Sleep = Callable[[float], None]
Clock = Callable[[], float]

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
DEFAULT_PORTS = {"http": 80, "https": 443}


class CollectError(GeneratorError):
    """A source could not be fetched (its message is already free of secrets)."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries for connection errors and 5xx answers
    backoff: float = 1.0  # first wait in seconds; doubles each retry
    max_backoff: float = 60.0
    rate_limit_attempts: int = 10  # 429 answers tolerated in a row
    max_retry_after: float = 900.0  # a longer Retry-After is capped (a scheduled run must end)
    source_deadline: float = 1800.0  # one source's pages, retries and waits together
    max_body: int = 50 << 20  # bytes of one (decoded) response body


class _Retryable(Exception):
    """An attempt that got no answer (its text is the reason); worth another try."""


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
        monotonic: Clock = time.monotonic,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.source = source
        self.session = session
        self.sleep = sleep
        self.clock = clock
        self.monotonic = monotonic
        self.policy = policy or RetryPolicy()
        self.origin = origin(source.url)
        self._secrets = _variants(secrets)
        self._started = monotonic()
        self.requests = 0

    def add_secret(self, secret: str) -> None:
        """Redact ``secret`` from every message from now on."""
        self._secrets = _variants((*self._secrets, secret))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def fail(self, message: str) -> CollectError:
        """An error with secrets redacted, on one line whatever the server sent."""
        text = self.redact(message)
        return CollectError("".join(c if c.isprintable() else "?" for c in text))

    def request_json(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> tuple[Any, requests.Response]:
        """The decoded JSON body and the response, after retries; CollectError otherwise.

        ``data`` is sent as a form, ``json_body`` as JSON (a search query, say)."""
        self._check_origin(url)
        where = _where(url)
        failures = 0
        limited = 0
        while True:
            self._check_budget(where)
            try:
                status, body, response = self._send(
                    method, url, params, data, json_body, headers, auth
                )
            except _Retryable as exc:
                failures += 1
                if failures >= self.policy.attempts:
                    raise self.fail(f"{where}: {exc} ({failures} attempts)") from None
                self._backoff(where, failures, str(exc))
                continue
            if status == 429:
                limited += 1
                if limited > self.policy.rate_limit_attempts:
                    raise self.fail(f"{where}: still rate limited (HTTP 429) after {limited} waits")
                wait = self._retry_after(response)
                log.warning("%s: rate limited (HTTP 429), waiting %.0f s", self.source.id, wait)
                self._wait(where, wait, "rate limited (HTTP 429)")
                continue
            if status >= 500:
                failures += 1
                if failures >= self.policy.attempts:
                    raise self.fail(
                        f"{where}: HTTP {status} {response.reason} ({failures} attempts): "
                        f"{_snippet(body)}"
                    )
                self._backoff(where, failures, f"HTTP {status}")
                continue
            if status in (401, 403):
                variable = self.source.token_env or "the token variable"
                raise self.fail(
                    f"HTTP {status} {response.reason}: {self.source.type} rejected the "
                    f"credentials; set {variable} to a valid {self.source.type} API token"
                )
            if status >= 300:
                raise self.fail(f"{where}: HTTP {status} {response.reason}: {_snippet(body)}")
            try:
                return json.loads(body), response
            except (ValueError, UnicodeDecodeError):
                raise self.fail(
                    f"{where}: the response is not JSON (HTTP {status}, "
                    f"{response.headers.get('Content-Type', 'no content type')}): "
                    f"{_snippet(body)}"
                ) from None
            except RecursionError:
                raise self.fail(f"{where}: the response's JSON is nested too deeply") from None

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None,
        data: dict[str, Any] | None,
        json_body: Any,
        headers: dict[str, str] | None,
        auth: tuple[str, str] | None,
    ) -> tuple[int, bytes, requests.Response]:
        """One attempt: the request and its same-origin redirects, with one total deadline.

        Redirects are followed here rather than by requests, so that a credential (a header,
        or an api_key in a POST body) is never replayed to another origin: a redirect there
        is refused.
        """
        seconds = min(float(self.source.timeout), self._budget_left())
        with watch(seconds) as current:
            for _ in range(MAX_REDIRECTS + 1):
                self.requests += 1
                log.info("%s: %s %s", self.source.id, method, self.redact(_where(url)))
                try:
                    response = self.session.request(
                        method,
                        url,
                        params=params,
                        data=data,
                        json=json_body,
                        headers=headers,
                        auth=auth,
                        timeout=(max(current.remaining(), 0.01), max(current.remaining(), 0.01)),
                        allow_redirects=False,
                        stream=True,
                    )
                except requests.RequestException as exc:
                    if current.expired():
                        raise _Retryable(f"timed out after {seconds:g} s") from None
                    raise _Retryable(_connection_reason(exc)) from None
                if current.expired():  # cut off in the headers, which then looked complete
                    response.close()
                    raise _Retryable(f"timed out after {seconds:g} s")
                with response:
                    try:
                        body = read_body(response, current, self.policy.max_body)
                    except DeadlinePassed:
                        raise self.fail(
                            f"{_where(url)}: timed out after {seconds:g} s: the response "
                            f"did not finish within the source's {seconds:g} s timeout"
                        ) from None
                    except BodyTooLarge as exc:
                        raise self.fail(f"{_where(url)}: {exc}") from None
                    except requests.RequestException as exc:
                        raise _Retryable(_connection_reason(exc)) from None
                status = response.status_code
                if status not in REDIRECTS:
                    return status, body, response
                target = response.headers.get("Location")
                if not target:
                    raise self.fail(f"{_where(url)}: HTTP {status} redirect without a Location")
                target = urljoin(response.url or url, target)
                if origin(target) != self.origin:
                    raise self.fail(
                        f"{_where(url)}: HTTP {status} redirect to {_origin_text(target)}; "
                        f"refused: {self._only_to()} (set url: to where the API now lives)"
                    )
                url = target
                params = None  # the Location carries its own query
                if status == 303 or (status in (301, 302) and method not in ("GET", "HEAD")):
                    method, data, json_body = "GET", None, None
            raise self.fail(f"{_where(url)}: more than {MAX_REDIRECTS} redirects")

    def _check_origin(self, url: str) -> None:
        """Refuse a URL outside the configured origin (e.g. a paging link pointing away)."""
        if origin(url) != self.origin:
            raise self.fail(f"{_where(url)}: refused: {self._only_to()}")

    def _only_to(self) -> str:
        return (
            "requests with this source's credentials go only to its configured origin "
            f"{_origin_text(self.source.url)}"
        )

    def _budget_left(self) -> float:
        return self.policy.source_deadline - (self.monotonic() - self._started)

    def _check_budget(self, where: str) -> None:
        if self._budget_left() <= 0:
            raise self.fail(
                f"{where}: gave up: the source's {self.policy.source_deadline:g} s deadline "
                f"has passed ({self.requests} requests)"
            )

    def _wait(self, where: str, seconds: float, reason: str) -> None:
        if seconds >= self._budget_left():
            raise self.fail(
                f"{where}: {reason}; waiting {seconds:.0f} s more would pass the source's "
                f"{self.policy.source_deadline:g} s deadline"
            )
        self.sleep(seconds)

    def get_json(self, url: str, **kwargs: Any) -> tuple[Any, requests.Response]:
        return self.request_json("GET", url, **kwargs)

    def _backoff(self, where: str, failures: int, reason: str) -> None:
        wait = min(self.policy.backoff * 2 ** (failures - 1), self.policy.max_backoff)
        if wait >= self._budget_left():
            raise self.fail(
                f"{where}: {reason} ({failures} attempts); no time left for another within "
                f"the source's {self.policy.source_deadline:g} s deadline"
            )
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


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in; host lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme)


def _origin_text(url: str) -> str:
    scheme, host, port = origin(url)
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" + ("" if port == DEFAULT_PORTS.get(scheme) else f":{port}")


def _snippet(body: bytes) -> str:
    text = " ".join(body[:4096].decode("utf-8", errors="replace").split())
    return text[:200] + ("..." if len(text) > 200 else "") if text else "(empty body)"


def _connection_reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__
