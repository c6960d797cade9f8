"""A wall-clock deadline for one HTTP request: connecting, headers and body together.

``requests`` timeouts bound each socket operation, so a server that sends one byte every
second never trips them: a response can be stretched forever. Here every socket a request
opens (or reuses) is registered with the current thread's :class:`Watch`; when the deadline
passes, a timer shuts those sockets down, which wakes any read blocked on them (headers,
body, even a TLS handshake), and the caller sees :attr:`Watch.fired`.

Use :func:`deadline_session` (or mount :class:`DeadlineAdapter`) and run each request
inside ``with watch(seconds) as w:``; after any exception or a short body, check
``w.fired``. :func:`read_body` reads a streamed body with the deadline and a size cap.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

CHUNK = 65536

_current = threading.local()


class Watch:
    """Shuts down the sockets registered with it once ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(self.ends - time.monotonic(), 0.0)

    def expired(self) -> bool:
        return self.fired or time.monotonic() >= self.ends

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if not self.fired:
                self._sockets.append(sock)
                return
        _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shutdown(sock)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.cancel()
        self._timer.join()
        with self._lock:
            self._sockets = []


@contextmanager
def watch(seconds: float) -> Iterator[Watch]:
    """Arm a deadline for the requests this thread makes inside the block."""
    current = Watch(seconds)
    previous = getattr(_current, "watch", None)
    _current.watch = current
    current.start()
    try:
        yield current
    finally:
        _current.watch = previous
        current.stop()


def _register(sock: socket.socket | None) -> None:
    current: Watch | None = getattr(_current, "watch", None)
    if current is not None and sock is not None:
        current.add(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to wake
        sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """A urllib3 connection whose socket the current watch can shut down.

    The watch gets a duplicate of the socket: TLS wraps (and detaches) the original, but a
    shutdown through any descriptor of a socket reaches the connection itself.
    """

    _twin: socket.socket | None = None

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        self._close_twin()
        self._twin = sock.dup()
        _register(self._twin)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self._twin)  # a kept-alive connection is watched by this request too
        super().request(*args, **kwargs)  # type: ignore[misc]

    def close(self) -> None:
        try:
            super().close()  # type: ignore[misc]
        finally:
            self._close_twin()

    def _close_twin(self) -> None:
        if self._twin is not None:
            self._twin.close()
            self._twin = None


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


def _watched_pools(manager: PoolManager) -> PoolManager:
    manager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
    return manager


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections that a :class:`Watch` can cut off."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        _watched_pools(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> PoolManager:
        manager = super().proxy_manager_for(proxy, **kwargs)
        return _watched_pools(manager)


def mount(session: requests.Session) -> requests.Session:
    session.mount("http://", DeadlineAdapter())
    session.mount("https://", DeadlineAdapter())
    return session


def deadline_session() -> requests.Session:
    return mount(requests.Session())


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        size = f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit} bytes"
        super().__init__(f"the response is larger than {size}")
        self.limit = limit


class DeadlinePassed(Exception):
    pass


def read_body(response: requests.Response, current: Watch, limit: int) -> bytes:
    """The (decoded) body of a streamed response, at most ``limit`` bytes, within the deadline.

    BodyTooLarge past the limit; DeadlinePassed when the watch ran out (a cut-off body may
    otherwise look like a short, complete one).
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(limit)
            if current.expired():
                raise DeadlinePassed
            chunks.append(chunk)
    except requests.RequestException:
        if current.expired():
            raise DeadlinePassed from None
        raise
    if current.expired():
        raise DeadlinePassed
    return b"".join(chunks)
