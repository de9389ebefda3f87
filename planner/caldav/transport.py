"""Talking to one calendar collection on a CalDAV server (RFC 4791, WebDAV RFC 4918).

Every failure to reach or use the server (unreachable, timeout, wrong
password, no such calendar, an answer that is not CalDAV) is a
:class:`~planner.caldav.report.CalDavError` naming the address and the fix.
The ``caldav`` library does the HTTP (authentication, sessions) and its
``DAVClient`` is created with RFC 6764 DNS discovery off: the plan gives the
address.  Its session is a :class:`~planner.caldav.session.GuardedSession`:
the timeout is a deadline for each whole answer, answers over
:data:`~planner.caldav.session.MAX_ANSWER` are refused, and redirects never
leave the server.  The REPORTs are written here: ``calendar-multiget`` (RFC 4791
7.9), ``calendar-query`` (7.8) and ``free-busy-query`` (7.10); writes are
conditional (``If-None-Match``/``If-Match``, RFC 9110 13.1).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

import icalendar

from planner.availability import Span, merge, to_seconds
from planner.errors import Problem
from planner.i18n import _
from planner.ics.busy_import import busy_spans

from .config import DEFAULT_TIMEOUT, KEYRING_SERVICE, CalendarConfig, collection_url, origin
from .report import CalDavError
from .session import (
    MAX_ANSWER,
    MAX_REDIRECTS,
    AnswerTimedOut,
    AnswerTooLarge,
    GuardedSession,
    RedirectRefused,
)

__all__ = ["DEFAULT_TIMEOUT", "MAX_ANSWER", "Answer", "Remote", "Server"]

_DAV = "DAV:"
_CAL = "urn:ietf:params:xml:ns:caldav"
_ICS_TYPE = "text/calendar; charset=utf-8"
_XML_TYPE = "application/xml; charset=utf-8"
_SNIPPET = 120  # characters of a server's answer quoted in a message


@dataclass(frozen=True, slots=True)
class Answer:
    """A server's answer to one request."""

    status: int
    headers: Mapping[str, str]
    tree: Any  # the parsed XML body (lxml), or None
    text: str

    def snippet(self) -> str:
        body = " ".join(self.text.split())
        return body[:_SNIPPET] + ("…" if len(body) > _SNIPPET else "")

    def preconditions(self) -> list[str]:
        if self.tree is None:
            return []
        return [str(child.tag) for child in self.tree if isinstance(child.tag, str)]


@dataclass(frozen=True, slots=True)
class Remote:
    """A calendar object as the server has it."""

    href: str
    etag: str | None
    data: str


def _chain(e: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__
    # requests-style errors keep the low-level reason in args
    for arg in getattr(e, "args", ()):
        if isinstance(arg, BaseException) and id(arg) not in seen:
            yield from _chain(arg)


def _os_reason(e: BaseException) -> str | None:
    for inner in _chain(e):
        if isinstance(inner, OSError) and inner.strerror:
            return inner.strerror.lower()
        reason = getattr(inner, "reason", None)
        if isinstance(reason, OSError) and reason.strerror:
            return reason.strerror.lower()
    return None


_QUIET = logging.NullHandler()


class Server:
    """One calendar collection on a CalDAV server, reached through caldav's DAVClient.

    Every failure to talk to it becomes a :class:`CalDavError` naming the URL.
    ``timeout`` bounds each answer as a whole (seconds), ``max_answer`` its size
    (bytes).
    """

    def __init__(self, config: CalendarConfig, password: str | None, timeout: float, *,
                 max_answer: int = MAX_ANSWER):
        from caldav.davclient import DAVClient  # imported here: it costs a second of start-up

        # caldav logs oddities of an answer as warnings; without a handler Python would
        # print them on stderr next to our own message about the same answer.
        logging.getLogger("caldav").addHandler(_QUIET)
        self.config = config
        self.url = collection_url(config.url)
        self.timeout = timeout
        # caldav annotates timeout as int; niquests takes seconds as a float.
        self.client = DAVClient(url=self.url, username=config.user, password=password,
                                timeout=timeout,  # type: ignore[arg-type]
                                enable_rfc6764=False)
        self.max_answer = max_answer
        # GuardedSession keeps the two methods caldav calls on its session: request, close.
        self.client.session = GuardedSession(  # type: ignore[assignment]
            self.client.session, max_answer=max_answer)

    # -- errors --

    def _problem(self, reason: str, suggestion: str, url: str | None = None) -> CalDavError:
        return CalDavError(Problem(reason, path=url or self.url, suggestion=suggestion))

    def _credentials_error(self, url: str) -> CalDavError:
        if self.config.user is None:
            return self._problem(
                _("the server asks for a user name and password (401)"),
                _('add user = "…" under [calendar] in the plan and store '
                  "the password with: keyring set {service} "
                  '"<user>@{url}"').format(service=KEYRING_SERVICE,
                                           url=self.config.url), url)
        return self._problem(
            _('the server refused the password of "{user}" (401)').format(user=self.config.user),
            _("store the right password or app token with: keyring set {service} "
              '"{keyring_user}" (many servers want an app password when two-factor login is '
              "on)").format(
                  service=KEYRING_SERVICE, keyring_user=self.config.keyring_user), url)

    @contextmanager
    def _guard(self, url: str, doing: str) -> Iterator[None]:
        from caldav.lib import error as dav_error
        from caldav.lib.http_sync import requests as http

        try:
            yield
        except CalDavError:
            raise
        except AnswerTimedOut as e:
            raise self._problem(_("the server did not answer within {seconds:g} s while {doing} "
                                  "({request} {progress})").format(
                                  seconds=e.seconds,
                                  doing=doing,
                                  request=e.request,
                                  progress=e.progress), _("check that the server is up and the "
                                                          "address is right; try again later, or "
                                                          "with a longer timeout"), url) from None
        except AnswerTooLarge as e:
            raise self._problem(_("the server's answer to {request} is larger than {limit} (while "
                                  "{doing})").format(
                                  request=e.request,
                                  limit=_size(e.limit),
                                  doing=doing), _("check that [calendar] url is the CalDAV "
                                                  "address of one calendar; if it is, the server "
                                                  "sends far more than a calendar holds: ask its "
                                                  "administrator"),
                                url) from None
        except RedirectRefused as e:
            if e.loop:
                raise self._problem(_("the server redirected {request} more than {limit} "
                                      "times while {doing}").format(
                                      request=e.request,
                                      limit=MAX_REDIRECTS,
                                      doing=doing), _("check the address in [calendar] url"),
                                                                              url) from None
            raise self._problem(_("the server redirected {request} to another server, {host} "
                                  "({target}), while {doing}; nothing was sent there").format(
                                      request=e.request, host=e.host, target=e.target, doing=doing),
                                _("Overlap only talks to the server in [calendar] url (the "
                                  "password and the events go nowhere else); if the calendar has "
                                  "moved, put its new address there"), url) from None
        except dav_error.AuthorizationError as e:
            if e.status == 403:
                raise self._problem(_("the server does not allow {doing} (403 "
                                      "Forbidden)").format(doing=doing),
                                    _('check that "{user}" may use this '
                                      "calendar (shared with write "
                                      "access?)").format(user=self.config.user or "anonymous"),
                                      url) from None
            raise self._credentials_error(url) from None
        except http.exceptions.Timeout:
            raise self._problem(_("the server did not answer within {timeout:g} s while "
                                  "{doing}").format(timeout=self.timeout, doing=doing),
                                                            _("check that the server is up and "
                                                              "the address is right; try again "
                                                              "later"), url) from None
        except http.exceptions.SSLError as e:
            raise self._problem(_("the secure connection failed while {doing}: {reason}").format(
                doing=doing, reason=_os_reason(e) or _("certificate or TLS problem")),
                                _("check the address (https) and the server's certificate"),
                                url) from None
        except http.exceptions.ConnectionError as e:
            why = _os_reason(e) or _("the connection failed")
            raise self._problem(_("cannot reach the server while {doing}: "
                                  "{why}").format(doing=doing, why=why),
                                _("check the address in [calendar] url, that the server is "
                                  "running and that this computer is online"), url) from None
        except http.exceptions.RequestException as e:
            raise self._problem(_("the request failed while {doing}: "
                                  "{error_type}").format(doing=doing, error_type=type(e).__name__),
                                _("check the address in [calendar] url"), url) from None
        except dav_error.DAVError as e:
            status = f" ({e.status})" if getattr(e, "status", None) else ""
            raise self._problem(_("the server refused {doing}{status}: {reason}").format(
                doing=doing, status=status, reason=' '.join(str(e.reason).split())[:_SNIPPET]),
                                _("check the address in [calendar] url"), url) from None
        except Exception as e:  # the answer could not be read: not a CalDAV server
            raise self._problem(_("the server's answer while {doing} is not a CalDAV answer "
                                  "({error_type})").format(doing=doing,
                                                           error_type=type(e).__name__),
                                                           _("check that [calendar] url is the "
                                                             "calendar's CalDAV address, not its "
                                                             "web page"), url) from None

    def request(self, method: str, url: str, body: str | bytes = "",
                headers: Mapping[str, str] | None = None, *, doing: str) -> Answer:
        from caldav.lib import error as dav_error
        from caldav.lib.python_utilities import WireBytes

        sent: Any = WireBytes(body) if isinstance(body, bytes) else body
        with self._guard(url, doing):
            try:
                r = self.client.request(url, method, sent, dict(headers or {}))
            except dav_error.AuthorizationError as e:
                if e.status != 403:
                    raise
                # A 403 may explain itself (no-uid-conflict, supported-report): let the
                # caller read the precondition.
                return _answer_from_bytes(403, {}, e.body)
            raw = r.raw
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
            return Answer(int(r.status), r.headers, r.tree, text)

    def unexpected(self, answer: Answer, doing: str, url: str) -> CalDavError:
        """The error for an answer the caller cannot use while ``doing`` something at ``url``."""
        if answer.status == 401:
            return self._credentials_error(url)
        if answer.status == 404:
            return self._problem(_("not found (404) while {doing}").format(doing=doing),
                                 _("check the address in [calendar] url"), url)
        text = f": {answer.snippet()}" if answer.text.strip() else ""
        if answer.status < 300:
            return self._problem(_("the server's answer while {doing} is not a CalDAV "
                                   "answer{text}").format(doing=doing, text=text),
                                                          _("check that [calendar] url is the "
                                                            "calendar's CalDAV address, not its "
                                                            "web page"), url)
        return self._problem(_("the server answered {status} while {doing}{text}").format(
            status=answer.status, doing=doing, text=text),
                             _("try again later; if it persists, check the server's log"), url)

    def _multistatus(self, answer: Answer, doing: str, url: str) -> Any:
        tree = answer.tree
        if answer.status != 207 or tree is None or tree.tag != f"{{{_DAV}}}multistatus":
            raise self.unexpected(answer, doing, url)
        return tree

    # -- the calendar --

    def open(self) -> None:
        """Check the calendar: it exists, is a calendar, and we may read it."""
        if self.config.name is not None:
            self.url = self._find_by_name(self.config.name)
            return
        body = (f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="{_DAV}">'
                "<D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>")
        doing = _("opening the calendar")
        answer = self.request("PROPFIND", self.url, body,
                              {"Depth": "0", "Content-Type": _XML_TYPE}, doing=doing)
        if answer.status == 404:
            raise self._problem(_("there is no calendar at this address (404)"),
                                _("check [calendar] url in the plan; create the calendar in your "
                                  "calendar app first, then copy its CalDAV address"))
        tree = self._multistatus(answer, doing, self.url)
        kinds = [el.tag for el in tree.iter(f"{{{_DAV}}}resourcetype") for el in el]
        if f"{{{_CAL}}}calendar" not in kinds:
            what = _("a folder") if f"{{{_DAV}}}collection" in kinds else _("not a collection")
            raise self._problem(_("this address is {what}, not a calendar").format(what=what),
                                _("give the address of the calendar itself (or its display name "
                                  "as name = \"…\" with the account's address as url)"))

    def _find_by_name(self, name: str) -> str:
        doing = _("looking up the calendars of the account")
        with self._guard(self.url, doing):
            calendars = self.client.get_calendars()
            found = [(str(c.get_display_name() or ""), str(c.url)) for c in calendars]
        for display, url in found:
            if display == name:
                return collection_url(url)
        names = ", ".join(f'"{d}"' for d, _ in found if d) or "none"
        raise self._problem(_('the account has no calendar named "{name}" (calendars: '
                              "{names})").format(name=name, names=names),
                            _("fix name = … under [calendar], or create the calendar first"))

    def inside(self, href: str) -> bool:
        full = urljoin(self.url, href)
        return origin(full) == origin(self.url) and \
            unquote(urlsplit(full).path).startswith(unquote(urlsplit(self.url).path))

    def href_for(self, uid: str) -> str:
        return urljoin(self.url, quote(uid, safe="") + ".ics")

    def _objects(self, tree: Any) -> dict[str, Remote]:
        out = {}
        for response in tree.iter(f"{{{_DAV}}}response"):
            href_el = response.find(f"{{{_DAV}}}href")
            if href_el is None or not (href_el.text or "").strip():
                continue
            href = urljoin(self.url, href_el.text.strip())
            etag = data = None
            for propstat in response.iter(f"{{{_DAV}}}propstat"):
                status = propstat.findtext(f"{{{_DAV}}}status") or ""
                if " 200 " not in f"{status} ":
                    continue
                etag = propstat.findtext(f".//{{{_DAV}}}getetag") or etag
                data = propstat.findtext(f".//{{{_CAL}}}calendar-data") or data
            if data is not None:
                out[unquote(urlsplit(href).path)] = Remote(href, (etag or "").strip() or None,
                                                            data)
        return out

    def fetch(self, hrefs: Sequence[str]) -> dict[str, Remote]:
        """The objects at ``hrefs`` (calendar-multiget, RFC 4791 7.9), by unquoted path."""
        if not hrefs:
            return {}
        refs = "".join(f"<D:href>{escape(urlsplit(h).path)}</D:href>" for h in hrefs)
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:calendar-multiget xmlns:D="{_DAV}" xmlns:C="{_CAL}">'
                f"<D:prop><D:getetag/><C:calendar-data/></D:prop>{refs}</C:calendar-multiget>")
        doing = _("reading the published events")
        answer = self.request("REPORT", self.url, body, {"Content-Type": _XML_TYPE}, doing=doing)
        return self._objects(self._multistatus(answer, doing, self.url))

    def find_uid(self, uid: str) -> Remote | None:
        """The object holding ``uid``, wherever it is stored (calendar-query, RFC 4791 7.8)."""
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:calendar-query xmlns:D="{_DAV}" xmlns:C="{_CAL}">'
                "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
                '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
                '<C:prop-filter name="UID"><C:text-match collation="i;octet">'
                f"{escape(uid)}</C:text-match></C:prop-filter>"
                "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>")
        doing = _("looking for events published before")
        answer = self.request("REPORT", self.url, body,
                              {"Depth": "1", "Content-Type": _XML_TYPE}, doing=doing)
        for remote in self._objects(self._multistatus(answer, doing, self.url)).values():
            try:
                cal = icalendar.Calendar.from_ical(remote.data)
            except Exception:
                continue
            if any(str(c.get("UID")) == uid for c in cal.walk("VEVENT")):
                return remote
        return None

    def etag_of(self, href: str) -> str | None:
        remote = self.fetch([href]).get(unquote(urlsplit(href).path))
        return remote.etag if remote else None

    # -- busy times --

    def freebusy(self, start: datetime, end: datetime) -> list[Span] | None:
        """Busy spans by free-busy-query (RFC 4791 7.10), or None if the server has none."""
        body = (f'<?xml version="1.0" encoding="utf-8"?><C:free-busy-query xmlns:C="{_CAL}">'
                f'<C:time-range start="{_utc(start)}" end="{_utc(end)}"/></C:free-busy-query>')
        doing = _("asking for free/busy times")
        answer = self.request("REPORT", self.url, body,
                              {"Depth": "1", "Content-Type": _XML_TYPE}, doing=doing)
        if answer.status in (400, 403, 404, 405, 415, 422, 501) or answer.status == 207:
            return None  # not offered here (a 207 multistatus is how some servers refuse)
        if answer.status != 200:
            raise self.unexpected(answer, doing, self.url)
        try:
            return _freebusy_spans(answer.text)
        except ValueError:
            return None

    def events(self, start: datetime, end: datetime, zone: str) -> list[Span]:
        """Busy spans of the events in the range (calendar-query with a time range),
        each object expanded as a busy ``.ics`` file is (planner.ics.busy_import)."""
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:calendar-query xmlns:D="{_DAV}" xmlns:C="{_CAL}">'
                "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
                '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
                f'<C:time-range start="{_utc(start)}" end="{_utc(end)}"/>'
                "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>")
        doing = _("reading events")
        answer = self.request("REPORT", self.url, body,
                              {"Depth": "1", "Content-Type": _XML_TYPE}, doing=doing)
        spans: list[Span] = []
        for remote in self._objects(self._multistatus(answer, doing, self.url)).values():
            spans.extend(busy_spans(remote.data.encode("utf-8"), start, end, zone,
                                    path=remote.href))
        return merge(spans)

    # -- writing --

    def put(self, href: str, data: bytes, *, etag: str | None, create: bool) -> Answer:
        headers = {"Content-Type": _ICS_TYPE}
        if create:
            headers["If-None-Match"] = "*"
        elif etag and not etag.startswith("W/"):
            # If-Match compares strongly (RFC 9110 13.1.1): a weak tag would never match,
            # so it is not sent and the check before writing stands alone.
            headers["If-Match"] = etag
        return self.request("PUT", href, data, headers, doing=_("writing an event"))

    def delete(self, href: str, etag: str | None) -> Answer:
        headers = {"If-Match": etag} if etag and not etag.startswith("W/") else {}
        return self.request("DELETE", href, "", headers, doing=_("deleting an event"))


def _answer_from_bytes(status: int, headers: Mapping[str, str], body: Any) -> Answer:
    raw = body if isinstance(body, bytes) else str(body or "").encode("utf-8")
    tree = None
    if raw.strip().startswith(b"<"):
        from lxml import etree  # caldav's own parser

        try:
            tree = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False,
                                                                 no_network=True))
        except Exception:
            tree = None
    return Answer(status, headers, tree, raw.decode("utf-8", "replace"))


def _size(n: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit}"
    return f"{n} bytes"


def _utc(t: datetime) -> str:
    if t.tzinfo is None:
        raise ValueError("instants must be aware datetimes")
    return t.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_BUSY_TYPES = ("BUSY", "BUSY-UNAVAILABLE", "BUSY-TENTATIVE")


def _freebusy_spans(text: str) -> list[Span]:
    """Busy spans from a VFREEBUSY answer; ValueError if it is not one.

    FREEBUSY values are UTC periods, start/end or start/duration (RFC 5545
    3.8.2.6, 3.3.9); FBTYPE defaults to BUSY, and only FREE is not busy
    (tentative counts, as a tentative event does for busy files).
    """
    cal = icalendar.Calendar.from_ical(text)
    blocks = list(cal.walk("VFREEBUSY"))
    if not blocks:
        raise ValueError("no VFREEBUSY")
    spans: list[Span] = []
    for vfb in blocks:
        values = vfb.get("FREEBUSY", [])
        for period in values if isinstance(values, list) else [values]:
            if str(period.params.get("FBTYPE", "BUSY")).upper() not in _BUSY_TYPES:
                continue
            begin, finish = period.dt
            if not isinstance(finish, datetime):
                finish = begin + finish  # start/duration
            if begin.tzinfo is None or finish.tzinfo is None:
                raise ValueError("FREEBUSY periods must be in UTC")
            a, b = to_seconds(begin.astimezone(UTC)), to_seconds(finish.astimezone(UTC))
            if b > a:
                spans.append((a, b))
    return merge(spans)
