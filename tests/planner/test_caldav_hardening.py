"""The CalDAV client against hostile or broken servers: slow, huge and redirecting answers.

Each test starts tiny fake servers on 127.0.0.1 (``http.server`` in a thread,
port 0).  A fake calendar answers just enough CalDAV for a publish run: a
PROPFIND that says "calendar", REPORTs that find nothing, PUTs that create.
One request is then made to misbehave: its answer trickles in a byte at a
time, never ends, or redirects elsewhere.  Every misbehaving answer stops by
itself after a few seconds, or as soon as the client hangs up, so a test never
outlives its bound even when the client under test is broken.
"""

from __future__ import annotations

import http.server
import threading
import time as clock
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import Any

import caldav.davclient  # noqa: F401  (imported now: its second of start-up is not timed)
import pytest

from planner import caldav as cs
from planner.caldav.transport import Server
from planner.context import build_calendar
from planner.ics.export import Export, ExportOptions, export_series, read_exports
from planner.planfile import PlanDocument, parse_plan
from planner.series import Series
from tests.builders import plan_text

STAMP = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
CALENDAR = "/lena/checkins/"
MISBEHAVE_FOR = 6.0  # seconds a misbehaving answer goes on at most
DAV = "DAV:"
CAL = "urn:ietf:params:xml:ns:caldav"


# --- a fake calendar --------------------------------------------------------------------------

Misbehaviour = Callable[["_Calendar"], None]


class _Calendar(http.server.BaseHTTPRequestHandler):
    """A calendar that accepts everything, unless the server says a method misbehaves."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self.server.record(self.command, self.path, self.body)
        special = self.server.misbehave.get(self.command)
        if special is not None and self.path.startswith(self.server.only_path):
            special(self)
            return
        if self.command == "PROPFIND":
            self.reply(207, f'<?xml version="1.0"?><D:multistatus xmlns:D="{DAV}" '
                       f'xmlns:C="{CAL}"><D:response><D:href>{self.path}</D:href><D:propstat>'
                       "<D:prop><D:resourcetype><D:collection/><C:calendar/></D:resourcetype>"
                       "<D:displayname>Check-ins</D:displayname></D:prop>"
                       "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
                       "</D:multistatus>")
        elif self.command == "REPORT":
            self.reply(207, f'<?xml version="1.0"?><D:multistatus xmlns:D="{DAV}"/>')
        elif self.command == "PUT":
            self.reply(201, "", etag='"1"')
        else:
            self.reply(204, "")

    do_PROPFIND = do_REPORT = do_PUT = do_DELETE = do_GET = do_OPTIONS = _any

    def reply(self, status: int, text: str, *, etag: str | None = None) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, misbehave: dict[str, Misbehaviour], only_path: str) -> None:
        super().__init__(("127.0.0.1", 0), _Calendar)
        self.misbehave = misbehave
        self.only_path = only_path  # misbehave for paths starting so
        self.seen: list[tuple[str, str, bytes]] = []
        self.sent = 0  # bytes of misbehaving answers written
        self._lock = threading.Lock()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def calendar(self) -> str:
        return self.origin + CALENDAR

    def record(self, method: str, path: str, body: bytes) -> None:
        with self._lock:
            self.seen.append((method, path, body))

    def requests(self) -> list[str]:
        with self._lock:
            return [f"{m} {p}" for m, p, _ in self.seen]


@contextmanager
def serving(misbehave: dict[str, Misbehaviour] | None = None,
            only_path: str = "/") -> Iterator[_Server]:
    server = _Server(misbehave or {}, only_path)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# --- misbehaving answers ----------------------------------------------------------------------

_MULTISTATUS_HEAD = (b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\n"
                     b"Content-Length: 4000\r\n\r\n")


def trickle(*, head_too: bool) -> Misbehaviour:
    """An answer arriving one byte every 0.2 s: each read is quick, the answer is never done."""
    def answer(h: _Calendar) -> None:
        h.close_connection = True
        data = _MULTISTATUS_HEAD + b" " * 4000
        if not head_too:
            h.wfile.write(_MULTISTATUS_HEAD)
            data = data[len(_MULTISTATUS_HEAD):]
        stop = clock.monotonic() + MISBEHAVE_FOR
        for byte in data:
            if clock.monotonic() > stop:
                break
            try:
                h.wfile.write(bytes([byte]))
            except OSError:  # the client hung up
                break
            clock.sleep(0.2)
    return answer


_CHUNK = b"<x>" * 21_845 + b"\n"  # 64 KiB


def endless(framing: str) -> Misbehaviour:
    """An answer as fast as the network takes it, for MISBEHAVE_FOR seconds or 48 MiB."""
    def answer(h: _Calendar) -> None:
        h.close_connection = True
        h.send_response(207)
        h.send_header("Content-Type", "application/xml")
        if framing == "chunked":
            h.send_header("Transfer-Encoding", "chunked")
        elif framing == "declared":
            h.send_header("Content-Length", str(10**12))
        else:  # the body ends when the connection does
            h.send_header("Connection", "close")
        h.end_headers()
        stop = clock.monotonic() + MISBEHAVE_FOR
        piece = (b"%x\r\n%s\r\n" % (len(_CHUNK), _CHUNK)) if framing == "chunked" else _CHUNK
        while clock.monotonic() < stop and h.server.sent < 48 * 2**20:
            try:
                h.wfile.write(piece)
            except OSError:
                break
            h.server.sent += len(piece)
    return answer


def redirect(status: int, to: Callable[[_Calendar], str]) -> Misbehaviour:
    def answer(h: _Calendar) -> None:
        h.send_response(status)
        h.send_header("Location", to(h))
        h.send_header("Content-Length", "0")
        h.end_headers()
    return answer


# --- plans and exports ------------------------------------------------------------------------

SERIES = Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
                cadence="week", count=4, duration=45)


def plan_doc(url: str) -> PlanDocument:
    return parse_plan(plan_text("berlin-new-york-kolkata") + f'\n[calendar]\nurl = "{url}"\n')


def series_export(pd: PlanDocument) -> Export:
    return export_series(pd.plan, build_calendar(pd.plan), SERIES, stamp=STAMP,
                         memory=read_exports(pd), options=ExportOptions(caldav=True))


def publish_fails(url: str, **kw: Any) -> tuple[cs.CalDavError, float]:
    pd = plan_doc(url)
    before = pd.dumps()
    started = clock.monotonic()
    with pytest.raises(cs.CalDavError) as caught:
        cs.publish_plan(pd, series_export(pd), **kw)
    elapsed = clock.monotonic() - started
    assert pd.dumps() == before  # nothing was written, nothing is remembered
    assert caught.value.report is None or not caught.value.report.written
    return caught.value, elapsed


# --- 1. the timeout is a deadline for each answer ---------------------------------------------

@pytest.mark.parametrize("head_too", [True, False], ids=["status-line", "body"])
@pytest.mark.parametrize(("method", "doing"), [("PROPFIND", "opening the calendar"),
                                               ("PUT", "writing an event")])
def test_a_trickling_answer_stops_at_the_timeout_not_after_every_byte(
        method: str, doing: str, head_too: bool) -> None:
    with serving({method: trickle(head_too=head_too)}) as server:
        err, elapsed = publish_fails(server.calendar, timeout=1.0)
    assert elapsed < 1.0 + 1.5, f"took {elapsed:.1f} s with --timeout 1"
    text = str(err)
    assert f"did not answer within 1 s while {doing}" in text
    assert f"{method} {CALENDAR}" in text  # the request that ran out of time
    assert "longer timeout" in (err.problems[0].suggestion or "")


def test_a_fast_server_is_not_cut_by_the_deadline() -> None:
    with serving() as server:
        runs = []
        for _ in range(2):
            pd = plan_doc(server.calendar)
            runs.append(cs.publish_plan(pd, series_export(pd), timeout=1.0))
            clock.sleep(1.2)  # a deadline left running would now cut the reused connection
    assert [[r.verb for r in run.results] for run in runs] == [["created"], ["created"]]


# --- 2. answers are streamed and capped -------------------------------------------------------

@pytest.mark.parametrize("framing", ["chunked", "until-close", "declared"])
@pytest.mark.parametrize("method", ["PROPFIND", "REPORT"])
def test_an_endless_answer_is_refused_after_the_cap_not_buffered(method: str,
                                                                 framing: str) -> None:
    with serving({method: endless(framing)}) as fake:
        server = Server(cs.CalendarConfig(url=fake.calendar), None, 10.0, max_answer=64 * 1024)
        tracemalloc.start()
        started = clock.monotonic()
        try:
            with pytest.raises(cs.CalDavError) as caught:
                server.open()
                server.find_uid("someone-else@example.com")
            elapsed = clock.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        sent = fake.sent
    text = str(caught.value)
    assert f"the server's answer to {method} {CALENDAR} is larger than 64 KiB" in text
    assert caught.value.problems[0].path == fake.calendar
    assert elapsed < 3, f"took {elapsed:.1f} s"
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MiB held while reading"
    assert sent < 16 * 2**20  # the client hung up; loopback buffers hold a few MiB at most


def test_the_default_cap_is_documented_and_generous() -> None:
    from planner.caldav.session import MAX_ANSWER

    assert MAX_ANSWER == 64 * 2**20
    assert Server(cs.CalendarConfig(url="http://127.0.0.1:9/cal/"), None, 1.0).max_answer \
        == MAX_ANSWER


# --- 3. redirects stay on the plan's server ---------------------------------------------------

@pytest.mark.parametrize(("status", "method"), [(301, "PROPFIND"), (308, "REPORT"),
                                                (307, "PUT")])
def test_a_redirect_to_another_server_is_refused_and_the_other_server_gets_nothing(
        status: int, method: str) -> None:
    with serving() as other, \
            serving({method: redirect(status, lambda h: other.origin + h.path)}) as first:
        err, _ = publish_fails(first.calendar)
        received = other.requests()
    assert received == []
    text = str(err)
    assert f"127.0.0.1:{other.server_address[1]}" in text
    assert f"{method} {CALENDAR}" in text
    assert "another server" in text


def test_a_redirect_to_another_host_name_on_the_same_port_is_refused() -> None:
    with serving({"PROPFIND": redirect(301, lambda h: f"http://localhost:"
                                       f"{h.server.server_address[1]}{h.path}")}) as server:
        err, _ = publish_fails(server.calendar)
        seen = server.requests()
    assert seen == [f"PROPFIND {CALENDAR}"]  # once: the redirect was not followed
    assert f"localhost:{server.server_address[1]}" in str(err)


def test_redirects_on_the_same_server_are_still_followed() -> None:
    with serving({"PROPFIND": redirect(301, lambda h: CALENDAR)}, only_path="/old/") as moved, \
            serving({"PUT": redirect(307, lambda h: "/moved" + h.path)},
                    only_path=CALENDAR) as put_moved:
        for start in (moved.origin + "/old/", put_moved.calendar):
            pd = plan_doc(start)
            report = cs.publish_plan(pd, series_export(pd))
            assert [r.verb for r in report.results] == ["created"]
        opened = moved.requests()
        puts = [(p, body) for m, p, body in put_moved.seen if m == "PUT"]
    assert opened[:2] == ["PROPFIND /old/", f"PROPFIND {CALENDAR}"]
    assert [p.startswith("/moved" + CALENDAR) for p, _ in puts] == [False, True]
    assert puts[0][1] == puts[1][1] and b"BEGIN:VCALENDAR" in puts[1][1]  # the body followed


def test_a_redirect_in_circles_stops_after_five() -> None:
    with serving({"PROPFIND": redirect(302, lambda h: h.path)}) as server:
        err, _ = publish_fails(server.calendar)
        seen = server.requests()
    assert f"redirected PROPFIND {CALENDAR} more than 5 times" in str(err)
    assert len(seen) == 6


@pytest.mark.parametrize(("a", "b", "same"), [
    ("http://cal.example.com/a/", "http://CAL.example.com:80/b/", True),
    ("https://cal.example.com/a/", "https://cal.example.com:443/b/", True),
    ("https://u@cal.example.com/a/", "https://cal.example.com/b/", True),
    ("http://cal.example.com/a/", "https://cal.example.com/a/", False),
    ("http://cal.example.com/a/", "http://cal.example.com:8080/a/", False),
    ("http://cal.example.com/a/", "http://evil.example.com/a/", False),
    ("http://127.0.0.1:5232/", "http://localhost:5232/", False),
])
def test_same_origin_means_scheme_host_and_port(a: str, b: str, same: bool) -> None:
    from planner.caldav.session import same_origin

    assert same_origin(a, b) is same
