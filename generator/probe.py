"""statusgen's own prober: run the services file's http and tcp checks once, concurrently.

Each check gives one sample (timestamp, location, ok, latency, status code, error) for its
monitor, appended to the probe store like any import. A scheduled workflow runs it every
few minutes from one or more places; each place names itself:

1. ``--location NAME``;
2. ``STATUSGEN_LOCATION``;
3. the platform's region variable, if the runner has one (``FLY_REGION``,
   ``AWS_REGION``/``AWS_DEFAULT_REGION``, ``RAILWAY_REPLICA_REGION``, ``VERCEL_REGION``),
   lower-cased; GitHub-hosted runners have none, so a workflow sets STATUSGEN_LOCATION;
4. otherwise each monitor's only location (a monitor with several needs one of the above).

A monitor is checked only from one of its own locations; the others are skipped and listed.

**http**: ``method`` (GET), following redirects; up when the final status is in
``expect_status`` (200) and, if ``keyword`` is set, the body (first MiB, decoded) contains
it (case-sensitive). **tcp**: up when a connection to ``host:port`` opens. ``timeout``
(10 s) is a total deadline for the whole check (connecting, redirects, headers and body), so
a server dripping its answer a byte at a time cannot stretch it (:mod:`generator.collect.
deadline`); a check past its deadline is down, "timed out after N s". Latency is measured
here, from sending the request to the end of the body (to the open connection for tcp), in ms.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

from generator.collect.deadline import deadline_session, watch
from generator.config.services import Monitor
from generator.store.probes import Sample
from generator.timeutil import parse_duration

log = logging.getLogger(__name__)

REGION_VARIABLES = (
    "FLY_REGION",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "RAILWAY_REPLICA_REGION",
    "VERCEL_REGION",
)
BODY_LIMIT = 1 << 20  # the keyword is looked for in the first MiB
MAX_WORKERS = 64
MAX_REDIRECTS = 10
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class CheckResult:
    sample: Sample
    target: str

    def describe(self) -> str:
        s = self.sample
        state = "up" if s.ok else "DOWN"
        parts = [f"{s.monitor} from {s.location}: {state}"]
        if s.status_code is not None:
            parts.append(f"HTTP {s.status_code}")
        if s.latency_ms is not None:
            parts.append(f"{s.latency_ms:.0f} ms")
        if s.error:
            parts.append(s.error)
        return ", ".join(parts)


def location_from_environment(environ: Mapping[str, str]) -> str | None:
    explicit = environ.get("STATUSGEN_LOCATION", "").strip()
    if explicit:
        return explicit
    for name in REGION_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-") or None
    return None


def run_check(
    monitor: Monitor, location: str, clock: Callable[[], float] = time.time
) -> CheckResult:
    check = monitor.check or {}
    timeout = check_timeout(monitor)
    timestamp = int(clock())
    if check["type"] == "tcp":
        target = f"{check['host']}:{check['port']}"
        ok, latency, status, error = _tcp(check["host"], int(check["port"]), timeout)
    else:
        target = str(check["url"])
        ok, latency, status, error = _http(check, timeout)
    sample = Sample(timestamp, monitor.id, location, ok, latency, status, error)
    log.info("%s", CheckResult(sample, target).describe())
    return CheckResult(sample, target)


def check_timeout(monitor: Monitor) -> float:
    """The check's total deadline in seconds."""
    check = monitor.check or {}
    return float(parse_duration(check.get("timeout", "10s"))) or DEFAULT_TIMEOUT


def timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


Outcome = tuple[bool, float | None, int | None, str]


def _http(check: Mapping[str, object], timeout: float) -> Outcome:
    with deadline_session() as session, watch(timeout) as current:
        session.max_redirects = MAX_REDIRECTS
        try:
            return _http_once(session, check, timeout, current.expired)
        except requests.RequestException as exc:
            if current.expired():
                return False, None, None, timed_out(timeout)
            if isinstance(exc, requests.Timeout):
                return False, None, None, timed_out(timeout)
            if isinstance(exc, requests.TooManyRedirects):
                return False, None, None, f"more than {MAX_REDIRECTS} redirects"
            if isinstance(exc, requests.ConnectionError):
                return False, None, None, f"could not connect: {_reason(exc)}"
            return False, None, None, f"request failed: {_reason(exc)}"


def _http_once(
    session: requests.Session,
    check: Mapping[str, object],
    timeout: float,
    expired: Callable[[], bool],
) -> Outcome:
    method = str(check.get("method", "GET"))
    expected = check.get("expect_status") or [200]
    keyword = check.get("keyword")
    started = time.perf_counter()
    with session.request(
        method,
        str(check["url"]),
        timeout=timeout,
        allow_redirects=True,
        stream=True,
        headers={"User-Agent": "statusgen-probe"},
    ) as response:
        body = b""
        if keyword and method != "HEAD":
            for chunk in response.iter_content(chunk_size=65536):
                body += chunk
                if len(body) >= BODY_LIMIT or expired():
                    break
        if expired():  # the deadline cut the answer short: it did not come in time
            return False, None, None, timed_out(timeout)
        latency = (time.perf_counter() - started) * 1000
        status = response.status_code
        if status not in expected:  # type: ignore[operator]
            wanted = ", ".join(str(s) for s in expected)  # type: ignore[attr-defined]
            return False, latency, status, f"status {status}, expected {wanted}"
        if keyword:
            try:
                text = body.decode(response.encoding or "utf-8", errors="replace")
            except LookupError:  # a charset Python does not know
                text = body.decode("utf-8", errors="replace")
            if str(keyword) not in text:
                return False, latency, status, f"keyword {keyword!r} not found"
        return True, latency, status, ""


def _tcp(host: str, port: int, timeout: float) -> Outcome:
    started = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            latency = (time.perf_counter() - started) * 1000
        return True, latency, None, ""
    except TimeoutError:
        return False, None, None, timed_out(timeout)
    except ConnectionRefusedError:
        return False, None, None, "connection refused"
    except socket.gaierror:
        return False, None, None, f"cannot resolve {host}"
    except OSError as exc:
        return False, None, None, f"could not connect: {exc.strerror or exc}"


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "timed out"):
        if marker in text:
            return marker.lower()
    return text.split(":")[-1].strip(" )'\"")[:120] or type(exc).__name__
