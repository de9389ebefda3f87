"""The HTTP session under caldav's ``DAVClient``: every answer bounded in time and size.

caldav sends its requests through a niquests ``Session`` (``client.session``),
which left alone

* applies the timeout to each socket operation, so a server sending a byte a
  second is never timed out;
* holds the whole answer in memory, however large;
* follows redirects to any server, re-sending a PUT's event to it.

:class:`GuardedSession` takes its place and keeps its interface (``request``,
``close``).  Each answer is read as a stream within one deadline, the
timeout, counted from the request until the answer's last byte (same-server
redirects included); a watchdog shuts down the connection at the deadline,
so a read waiting on the socket ends too.  Answers over :data:`MAX_ANSWER`
are refused.  Redirects are followed only within the same origin (scheme, host
and port, RFC 6454), keeping the method and body (303 becomes a GET without
one, RFC 9110 15.4.4); a redirect elsewhere is refused before anything is sent
there.  Failures are :class:`AnswerError` s naming the request.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any
from urllib.parse import urljoin, urlsplit

from planner.i18n import _

__all__ = [
    "MAX_ANSWER",
    "MAX_REDIRECTS",
    "AnswerError",
    "AnswerTimedOut",
    "AnswerTooLarge",
    "GuardedSession",
    "RedirectRefused",
    "same_origin",
]

MAX_ANSWER = 64 * 2**20
"""The largest answer read, in bytes (after content decoding).

A PROPFIND or REPORT of one calendar (every event with its data) stays far
below; more means a misbehaving server or a URL that is not one calendar.
"""

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_origin(a: str, b: str) -> bool:
    """Whether two absolute URLs share scheme, host and port (RFC 6454 4)."""
    x, y = urlsplit(a), urlsplit(b)
    try:
        return (x.scheme.lower(), x.hostname, x.port or _DEFAULT_PORTS.get(x.scheme.lower())) \
            == (y.scheme.lower(), y.hostname, y.port or _DEFAULT_PORTS.get(y.scheme.lower()))
    except ValueError:  # a port that is not a number
        return False


def _host(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        port = None
    host = parts.hostname or "?"
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port else host


class AnswerError(Exception):
    """The answer to one request could not be used."""

    def __init__(self, method: str, url: str, message: str):
        super().__init__(message)
        self.method = method
        self.url = url

    @property
    def request(self) -> str:
        """The request, as "PROPFIND /calendars/lena/work/"."""
        return f"{self.method} {urlsplit(self.url).path or '/'}"


class AnswerTimedOut(AnswerError):
    """The whole answer did not arrive within the deadline."""

    def __init__(self, method: str, url: str, seconds: float, received: int | None):
        self.seconds = seconds
        self.received = received  # bytes of the body received; None: not even the headers
        super().__init__(method, url, f"{method} {url}: no complete answer within {seconds:g} s")

    @property
    def progress(self) -> str:
        if self.received is None:
            return _("got no answer in time")
        return _("was still receiving the answer: {received} bytes so "
                 "far").format(received=self.received)


class AnswerTooLarge(AnswerError):
    """The answer is larger than the session reads."""

    def __init__(self, method: str, url: str, limit: int):
        self.limit = limit
        super().__init__(method, url, f"{method} {url}: answer over {limit} bytes")


class RedirectRefused(AnswerError):
    """The server redirected the request to another origin, or in circles."""

    def __init__(self, method: str, url: str, target: str, *, loop: bool = False):
        self.target = target
        self.host = _host(target)  # "host:port", as the user would look for it
        self.loop = loop
        why = (_("more than {count} redirects").format(count=MAX_REDIRECTS) if loop
               else _("another origin"))
        super().__init__(method, url, f"{method} {url}: redirect to {target} refused ({why})")


class _Deadline:
    """The deadline of one exchange; at it, the connection in use is shut down.

    A thread waits for the deadline and then shuts down, every 50 ms until the
    exchange ends, the socket of the last connection the exchange took from
    the pool (the exchange may still be connecting, or be retried on another
    connection).  ``shutdown`` wakes a read blocked on the socket, and the
    exchange fails at once.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds
        self.expired = False
        self._conn: Any = None
        self._lock = threading.Lock()
        self._done = threading.Event()
        if seconds is not None:
            threading.Thread(target=self._watch, name="caldav-deadline", daemon=True).start()

    def left(self) -> float | None:
        if self.end is None:
            return None
        return self.end - time.monotonic()

    def passed(self) -> bool:
        left = self.left()
        return self.expired or (left is not None and left <= 0)

    def attach(self, conn: Any) -> None:
        with self._lock:
            if not self._done.is_set():
                self._conn = conn

    def finish(self) -> None:
        with self._lock:  # after this, the watchdog never touches the connection again
            self._done.set()
            self._conn = None

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.expired = True
        while True:
            with self._lock:
                if self._done.is_set():
                    return
                sock = getattr(self._conn, "sock", None)
                if sock is not None:
                    with suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
            if self._done.wait(0.05):
                return


def _watched_pools(manager: Any, on_conn: Callable[[Any], None]) -> None:
    """Make ``manager``'s connection pools report each connection they hand out."""
    classes = getattr(manager, "pool_classes_by_scheme", None)
    if not isinstance(classes, dict):
        return

    def watched(base: type) -> type:
        def _get_conn(self: Any, *args: Any, **kwargs: Any) -> Any:
            conn = base._get_conn(self, *args, **kwargs)  # type: ignore[attr-defined]
            on_conn(conn)
            return conn
        return type(f"Watched{base.__name__}", (base,), {"_get_conn": _get_conn})

    # A new dict: the class default is shared by every pool manager in the process.
    manager.pool_classes_by_scheme = {scheme: watched(cls) for scheme, cls in classes.items()}


class GuardedSession:
    """A niquests (or requests) ``Session`` whose answers are bounded; see the module."""

    def __init__(self, inner: Any, *, max_answer: int = MAX_ANSWER):
        from caldav.lib.http_sync import requests as http

        self.inner = inner
        self.max_answer = max_answer
        self._timeouts: tuple[type[BaseException], ...] = (http.exceptions.Timeout,)
        self._deadlines: dict[int, _Deadline] = {}  # by thread
        for adapter in inner.adapters.values():
            self._watch_adapter(adapter)

    def _watch_adapter(self, adapter: Any) -> None:
        _watched_pools(getattr(adapter, "poolmanager", None), self._attach)
        proxy_manager_for = getattr(adapter, "proxy_manager_for", None)
        if proxy_manager_for is None:
            return

        def watched_proxy_manager_for(proxy: Any, **kwargs: Any) -> Any:
            known = proxy in getattr(adapter, "proxy_manager", {})
            manager = proxy_manager_for(proxy, **kwargs)
            if not known:
                _watched_pools(manager, self._attach)
            return manager
        adapter.proxy_manager_for = watched_proxy_manager_for

    def _attach(self, conn: Any) -> None:
        deadline = self._deadlines.get(threading.get_ident())
        if deadline is not None:
            deadline.attach(conn)

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, name: str) -> Any:  # anything else caldav may read off its session
        if name == "inner":  # not set yet (copy, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def request(self, method: str, url: str, *, data: Any = None, timeout: Any = None,
                **kwargs: Any) -> Any:
        """Send one request and return its answer, read whole (``r.content``).

        ``timeout`` (seconds) is the deadline for the answer; ``allow_redirects``
        and ``stream`` are ignored (see the module).
        """
        kwargs.pop("allow_redirects", None)
        kwargs.pop("stream", None)
        seconds = float(timeout) if isinstance(timeout, int | float) else None
        deadline = _Deadline(seconds)
        me = threading.get_ident()
        self._deadlines[me] = deadline
        try:
            return self._exchange(method, url, data, deadline, {**kwargs, "timeout": timeout})
        finally:
            deadline.finish()
            self._deadlines.pop(me, None)

    def _exchange(self, method: str, url: str, data: Any, deadline: _Deadline,
                  kwargs: dict[str, Any]) -> Any:
        for _attempt in range(MAX_REDIRECTS + 1):
            r = self._send(method, url, data, deadline, kwargs)
            location = r.headers.get("Location") if r.status_code in _REDIRECTS else None
            self._read(r, method, url, deadline)  # so that the connection can be reused
            if not location:
                return r
            target = urljoin(url, location)
            if not same_origin(url, target):
                raise RedirectRefused(method, url, target)
            if r.status_code == 303 and method != "HEAD":
                method, data = "GET", None
            url = target
        raise RedirectRefused(method, url, url, loop=True)

    def _send(self, method: str, url: str, data: Any, deadline: _Deadline,
              kwargs: dict[str, Any]) -> Any:
        left = deadline.left()
        if left is not None:
            if left <= 0:
                raise AnswerTimedOut(method, url, deadline.seconds or 0, None)
            kwargs = {**kwargs, "timeout": left}  # no single read may outlast the deadline
        try:
            return self.inner.request(method, url, data=data, stream=True,
                                      allow_redirects=False, **kwargs)
        except Exception as e:
            if deadline.passed() or isinstance(e, self._timeouts):
                raise AnswerTimedOut(method, url, deadline.seconds or 0, None) from e
            raise

    def _read(self, r: Any, method: str, url: str, deadline: _Deadline) -> None:
        """Read the answer's body within the deadline and the cap into ``r.content``."""
        declared = str(r.headers.get("Content-Length") or "").strip()
        body = bytearray()
        try:
            if declared.isdigit() and int(declared) > self.max_answer:
                raise AnswerTooLarge(method, url, self.max_answer)
            try:
                for chunk in r.iter_content(_CHUNK):
                    body += chunk
                    if len(body) > self.max_answer:
                        raise AnswerTooLarge(method, url, self.max_answer)
                    if deadline.passed():
                        raise AnswerTimedOut(method, url, deadline.seconds or 0, len(body))
            except AnswerError:
                raise
            except Exception as e:
                if deadline.passed() or isinstance(e, self._timeouts):
                    raise AnswerTimedOut(method, url, deadline.seconds or 0, len(body)) from e
                raise
        except BaseException:
            r.close()  # the connection is not reused: the rest of the answer is unread
            raise
        # The body is read; hand it over as requests does after a read (``r.content``).
        r._content = bytes(body)
        r._content_consumed = True
