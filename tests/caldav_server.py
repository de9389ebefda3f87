"""A real CalDAV server for the tests: Radicale on 127.0.0.1, and an in-process keyring.

Shared by the CalDAV tests of planner/ and app/; the fixtures are in tests/conftest.py.
Only loopback addresses are used.
"""

from __future__ import annotations

import base64
import http.client
import itertools
import socket
import subprocess
import sys
import time as clock
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar
import keyring
import keyring.backend
import keyring.errors
import pytest

LENA_PASSWORD = "correct horse battery"
PRIYA_PASSWORD = "priya-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Radicale:
    """Radicale on 127.0.0.1 as a subprocess, with its own storage folder.

    ``users`` switches on htpasswd authentication (plain passwords, no delay
    after a wrong one) with every authenticated user allowed everywhere, so a
    coordinator can read members' calendars.
    """

    def __init__(self, folder: Path, users: dict[str, str] | None = None):
        self.folder = folder
        self.users = users
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._made = itertools.count(1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Radicale:
        self.folder.mkdir(parents=True, exist_ok=True)
        auth = "type = none"
        if self.users is not None:
            htpasswd = self.folder / "htpasswd"
            htpasswd.write_text("".join(f"{u}:{p}\n" for u, p in self.users.items()))
            auth = (f"type = htpasswd\nhtpasswd_filename = {htpasswd}\n"
                    "htpasswd_encryption = plain\ndelay = 0")
        for _attempt in range(3):  # the port may be taken between choosing and binding
            self.port = free_port()
            config = self.folder / "config"
            config.write_text(
                f"[server]\nhosts = 127.0.0.1:{self.port}\n[auth]\n{auth}\n"
                f"[rights]\ntype = {'authenticated' if self.users is not None else 'owner_only'}"
                f"\n[storage]\nfilesystem_folder = {self.folder / 'storage'}\n"
                "[web]\ntype = none\n[logging]\nlevel = error\n")
            log = (self.folder / "radicale.log").open("wb")
            self.proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config",
                                          str(config)], stdout=log, stderr=subprocess.STDOUT)
            if self._wait():
                return self
            self.stop()
        raise RuntimeError("Radicale did not start: "
                           + (self.folder / "radicale.log").read_text(errors="replace"))

    def _wait(self) -> bool:
        deadline = clock.monotonic() + 20
        while clock.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                return False
            try:
                status, _, _ = self.http("OPTIONS", "/")
                if status < 500:
                    return True
            except OSError:
                clock.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    # -- plain HTTP, independent of the code under test --

    def http(self, method: str, path: str, body: str | bytes = b"",
             headers: dict[str, str] | None = None, user: str | None = None
             ) -> tuple[int, dict[str, str], bytes]:
        headers = dict(headers or {})
        if user is not None and self.users is not None:
            token = base64.b64encode(f"{user}:{self.users[user]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        data = body.encode() if isinstance(body, str) else body
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, urlsplit(path).path or "/", body=data, headers=headers)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def make_calendar(self, owner: str = "lena", name: str | None = None) -> str:
        """A new, empty calendar of ``owner``; returns its URL."""
        self.http("MKCOL", f"/{owner}/", user=owner)  # 405 when it exists already
        path = f"/{owner}/cal-{next(self._made)}/"
        body = ""
        if name is not None:
            body = ('<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
                    'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>'
                    f"{name}</D:displayname></D:prop></D:set></C:mkcalendar>")
        status, _, text = self.http("MKCALENDAR", path, body, user=owner)
        assert status == 201, text
        return f"{self.url.rstrip('/')}{path}"

    def objects(self, calendar: str, user: str | None = None) -> dict[str, str]:
        """Every object stored in a calendar: path -> its iCalendar text."""
        body = ('<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>'
                '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>')
        return {href: data for href, data, _ in self._report(calendar, body, user)}

    def expansion(self, calendar: str, start: datetime, end: datetime,
                  user: str | None = None) -> list[tuple[datetime, datetime, str]]:
        """The server's own expansion (RFC 4791 9.6.5): (start, end, UID) of every instance."""
        s, e = (t.strftime("%Y%m%dT%H%M%SZ") for t in (start, end))
        body = ('<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data>'
                f'<C:expand start="{s}" end="{e}"/></C:calendar-data></D:prop>'
                '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
                f'<C:time-range start="{s}" end="{e}"/></C:comp-filter></C:comp-filter>'
                "</C:filter></C:calendar-query>")
        out = []
        for _, data, _ in self._report(calendar, body, user):
            for ev in icalendar.Calendar.from_ical(data).walk("VEVENT"):
                out.append((ev.decoded("DTSTART").astimezone(UTC),
                            ev.decoded("DTEND").astimezone(UTC), str(ev["UID"])))
        return sorted(out)

    def _report(self, calendar: str, body: str, user: str | None
                ) -> list[tuple[str, str, str | None]]:
        status, _, text = self.http("REPORT", calendar, body,
                                    {"Depth": "1", "Content-Type": "application/xml"}, user)
        assert status == 207, text
        ns = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}
        out = []
        for response in ET.fromstring(text).findall("D:response", ns):
            href = response.findtext("D:href", namespaces=ns) or ""
            data = response.findtext(".//C:calendar-data", namespaces=ns)
            etag = response.findtext(".//D:getetag", namespaces=ns)
            if data:
                out.append((href, data, etag))
        return out

    def put(self, url: str, data: str | bytes, user: str | None = None) -> int:
        """Another client's write: no precondition."""
        status, _, _ = self.http("PUT", url, data, {"Content-Type": "text/calendar"}, user)
        return status


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that lives in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the keyring is locked")


def fail_on_put(monkeypatch: pytest.MonkeyPatch, which: int) -> list[str]:
    """Make the ``which``-th PUT fail as if the network went away."""
    import caldav
    from caldav.lib.http_sync import requests as http

    real = caldav.DAVClient.request
    seen: list[str] = []

    def request(self: Any, url: str, method: str = "GET", *args: Any, **kw: Any) -> Any:
        if method == "PUT":
            seen.append(url)
            if len(seen) == which:
                raise http.exceptions.ConnectionError("connection reset by peer")
        return real(self, url, method, *args, **kw)

    monkeypatch.setattr(caldav.DAVClient, "request", request)
    return seen
