"""Publishing check-ins to a shared CalDAV calendar, and busy times from one.

The plan names the calendar in ``[calendar]`` (``url``, ``user``, optional
``name``, optional ``[calendar.busy]`` member calendars); the password or app
token never goes into the plan: it comes from the operating system's keyring,
``keyring.get_password("overlap", "<user>@<url>")`` with the url exactly as the
plan writes it, and only where no keyring runs (a headless box) from the
environment variable :data:`PASSWORD_ENV`.

Publishing (RFC 4791):

* **One resource per UID, no METHOD.**  Each series or rotation slot is stored
  as its own calendar object resource holding the components of one UID and
  no ``METHOD`` property (RFC 4791 4.1 forbids both the mix and METHOD; strict
  servers reject them, Radicale accepts them, so :func:`check_resources`
  checks every object before anything is sent).  The UIDs are those of the
  file export (:mod:`planner.ics.export`), so an event imported from a file
  and the published one are the same event.
* **Conditional writes.**  A new object is written with ``If-None-Match: *``
  (never replacing what someone else stored), an update with ``If-Match`` and
  the ETag of our last write (RFC 9110 13.1; RFC 4791 5.3.4).  The plan keeps,
  per UID, the object's address, the ETag and the digest of the content that
  was published, as ``caldav_href``, ``caldav_etag`` and ``caldav_digest`` in
  the ``[[exports]]`` entry export already keeps for that UID (the SEQUENCE
  memory), so file export and publishing count SEQUENCE together.
* **Check first, then write.**  Before writing, every object concerned is
  read back in one ``calendar-multiget`` (and unknown UIDs are looked up with
  a ``calendar-query`` on ``UID``, so an event that was imported from a file
  under another name is found).  An object that changed on the server since
  our last publish (or was deleted there, or was put there by someone else)
  is a *conflict*: nothing at all is written unless ``force`` is given.  A
  server object with exactly our content (a publish whose answer was lost) is
  simply adopted.
* **Idempotent.**  An object whose content is what we published last, and
  whose ETag the server still reports, is skipped; so is the whole run when
  nothing changed.  Rotation slots that are no longer part of the rotation
  are deleted (``If-Match``), never objects we did not write.
* **Nothing half-published without saying so.**  CalDAV has no transactions;
  when a run stops midway (the network fails, a write races with another
  client) the :class:`CalDavError` carries a :class:`PublishReport` naming
  what was written and what was not.  The caller records what was written
  (:func:`remember_published`), so the next run skips it and finishes.

Every failure to reach or use the server (unreachable, timeout, wrong
password, no such calendar, an answer that is not CalDAV) is a
:class:`CalDavError` naming the address and the fix.  The ``caldav`` library
does the HTTP (authentication, sessions, timeouts) and its ``DAVClient`` is
created with RFC 6764 DNS discovery off: the plan gives the address.

Busy times (:func:`fetch_busy`): per member named in ``[calendar.busy]``, a
``free-busy-query`` REPORT (RFC 4791 7.10) where the server supports it,
otherwise the events in the range (``calendar-query`` with a time range)
expanded by :mod:`planner.ics.busy_import`, exactly like a busy ``.ics`` file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

import icalendar

from planner.availability import Span, merge, to_seconds
from planner.errors import InputError, Problem
from planner.ics.busy_import import BusyFile, busy_spans
from planner.model import Plan

if TYPE_CHECKING:
    from planner.ics.export import Export
    from planner.planfile import PlanDocument

__all__ = [
    "ADOPT",
    "CONFLICT",
    "CREATE",
    "DEFAULT_TIMEOUT",
    "DELETE",
    "DONE",
    "FAILED",
    "FORGET",
    "KEEP",
    "KEYRING_SERVICE",
    "NOT_ATTEMPTED",
    "PASSWORD_ENV",
    "PLANNED",
    "UPDATE",
    "CalDavError",
    "CalendarConfig",
    "ObjectResult",
    "PublishReport",
    "PublishedRecord",
    "ServerBusy",
    "check_resources",
    "fetch_busy",
    "find_password",
    "publish",
    "publish_plan",
    "read_calendar_config",
    "read_published",
    "remember_published",
]

KEYRING_SERVICE = "overlap"
PASSWORD_ENV = "OVERLAP_CALDAV_PASSWORD"
DEFAULT_TIMEOUT = 30.0

_DAV = "DAV:"
_CAL = "urn:ietf:params:xml:ns:caldav"
_ICS_TYPE = "text/calendar; charset=utf-8"
_XML_TYPE = "application/xml; charset=utf-8"
_SNIPPET = 120  # characters of a server's answer quoted in a message

# What happens to one calendar object ...
CREATE, UPDATE, DELETE, KEEP, ADOPT, FORGET = (
    "create", "update", "delete", "keep", "adopt", "forget")
# ... and how it ended.
DONE, PLANNED, CONFLICT, FAILED, NOT_ATTEMPTED = (
    "done", "planned", "conflict", "failed", "not attempted")
_WRITES = (CREATE, UPDATE, DELETE)
_PAST = {CREATE: "created", UPDATE: "updated", DELETE: "deleted", KEEP: "unchanged",
         ADOPT: "already there", FORGET: "already gone"}
_FUTURE = {CREATE: "would create", UPDATE: "would update", DELETE: "would delete",
           KEEP: "unchanged", ADOPT: "already there", FORGET: "already gone"}


# --- values -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CalendarConfig:
    """The plan's ``[calendar]``: where to publish, as whom, and members' calendars."""

    url: str  # as written in the plan: the keyring entry is named after it
    user: str | None = None
    name: str | None = None  # a display name: ``url`` is then the account, not the calendar
    busy: tuple[tuple[str, str], ...] = ()  # (member name, absolute calendar URL)

    @property
    def keyring_user(self) -> str:
        """The name of the keyring entry holding the password: ``user@url``."""
        return f"{self.user}@{self.url}"


@dataclass(frozen=True, slots=True)
class PublishedRecord:
    """What the plan remembers of one UID: export memory plus where it was published."""

    uid: str
    what: str = ""
    group: str = ""
    href: str | None = None
    etag: str | None = None
    digest: str | None = None  # the export digest of the content last published


@dataclass(frozen=True, slots=True)
class ObjectResult:
    """One calendar object in a publish run: what was (or would be) done, and how it ended."""

    uid: str
    what: str
    action: str  # create, update, delete, keep, adopt, forget
    outcome: str  # done, planned (dry run), conflict, failed, not attempted
    href: str
    sequence: int | None = None  # None for a deletion
    etag: str | None = None  # the server's ETag after the run, when known
    digest: str | None = None  # the content digest now on the server (None: deleted)
    reason: str = ""  # why a conflict or failure happened; what a conflict is about

    @property
    def written(self) -> bool:
        """The server was changed for this object in this run."""
        return self.outcome == DONE and self.action in _WRITES

    @property
    def verb(self) -> str:
        """How the object ended, in words: "created", "would update", "conflict" ..."""
        if self.outcome == DONE:
            return _PAST[self.action]
        if self.outcome == PLANNED:
            return _FUTURE[self.action]
        return self.outcome


@dataclass(frozen=True, slots=True)
class PublishReport:
    calendar: str  # the calendar collection URL used
    dry_run: bool
    results: tuple[ObjectResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def written(self) -> tuple[ObjectResult, ...]:
        return tuple(r for r in self.results if r.written)

    @property
    def not_written(self) -> tuple[ObjectResult, ...]:
        """Objects the run should have changed on the server and did not."""
        return tuple(r for r in self.results
                     if r.outcome != DONE and (r.action in _WRITES or r.outcome == CONFLICT))

    @property
    def conflicts(self) -> tuple[ObjectResult, ...]:
        return tuple(r for r in self.results if r.outcome == CONFLICT)

    @property
    def complete(self) -> bool:
        """Everything is (or, in a dry run, would be) as the plan says."""
        return all(r.outcome in (DONE, PLANNED) for r in self.results)

    @property
    def changes_memory(self) -> bool:
        """The plan has something new to remember (addresses, ETags)."""
        return any(r.outcome == DONE and r.action != KEEP for r in self.results)


class CalDavError(InputError):
    """The calendar server could not be used, or publishing stopped.

    ``report`` tells, when a run got as far as the server's objects, what was
    written and what was not; ``plan_changed`` is set by :func:`publish_plan`
    when it recorded the objects that were written before the run stopped.
    """

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...] | str, *,
                 report: PublishReport | None = None):
        super().__init__(problems)
        self.report = report
        self.plan_changed = False


# --- the plan's settings and memory -----------------------------------------------------------

def _doc(source: PlanDocument | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    return source.doc


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _collection_url(url: str) -> str:
    """A collection's URL with its path quoted and a trailing slash (RFC 4918 5.2)."""
    parts = urlsplit(url.strip())
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if not path.endswith("/"):
        path += "/"
    return parts._replace(path=path, query="", fragment="").geturl()


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def read_calendar_config(source: PlanDocument | Mapping[str, Any]) -> CalendarConfig | None:
    """The plan's ``[calendar]``, or None when it has none.

    The plan loader has checked the values already; this still raises
    :class:`CalDavError` for a table it would not accept (a document built by
    hand), and for a member calendar on another server (the password is only
    ever sent to the plan's own server).
    """
    raw = _plain(_doc(source).get("calendar"))
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("url"), str) \
            or not raw["url"].strip():
        raise CalDavError(Problem("the plan's [calendar] has no url", field="calendar.url",
                                  suggestion='add url = "https://…" (the calendar\'s CalDAV '
                                  "address) under [calendar]"))
    url = raw["url"].strip()
    user = raw.get("user")
    name = raw.get("name")
    user = user.strip() if isinstance(user, str) and user.strip() else None
    name = name.strip() if isinstance(name, str) and name.strip() else None
    base = _collection_url(url)
    busy: list[tuple[str, str]] = []
    problems: list[Problem] = []
    raw_busy = raw.get("busy") or {}
    if isinstance(raw_busy, Mapping):
        for member, where in raw_busy.items():
            if not isinstance(where, str) or not where.strip():
                continue
            absolute = _collection_url(urljoin(base, where.strip()))
            if _origin(absolute) != _origin(base):
                problems.append(Problem(
                    f"{where} is on another server than the calendar ({base})",
                    field=f"calendar.busy.{member}", suggestion="the user name and password "
                    "are only sent to the plan's own server; give an address on it"))
            busy.append((str(member), absolute))
    if problems:
        raise CalDavError(problems)
    return CalendarConfig(url=url, user=user, name=name, busy=tuple(busy))


def read_published(source: PlanDocument | Mapping[str, Any] | None) -> dict[str, PublishedRecord]:
    """What the plan remembers of earlier exports and publishes, by UID."""
    if source is None:
        return {}
    raw = _plain(_doc(source).get("exports"))
    entries: list[tuple[Any, Any]] = []
    if isinstance(raw, list):
        entries = [(e.get("uid") if isinstance(e, Mapping) else None, e) for e in raw]
    elif isinstance(raw, Mapping):
        entries = list(raw.items())
    out: dict[str, PublishedRecord] = {}
    for uid, entry in entries:
        if not isinstance(uid, str) or not isinstance(entry, Mapping):
            continue

        def text(key: str, e: Mapping[str, Any] = entry) -> str | None:
            value = e.get(key)
            return value if isinstance(value, str) and value else None

        out[uid] = PublishedRecord(uid, text("what") or "", text("group") or "",
                                   text("caldav_href"), text("caldav_etag"),
                                   text("caldav_digest"))
    return out


def remember_published(pd: PlanDocument, export: Export, report: PublishReport) -> bool:
    """Record in the plan what the run did on the server; True when the plan changed.

    Only objects whose run outcome is *done* are recorded (their address,
    ETag and published digest in their ``[[exports]]`` entry, next to the
    SEQUENCE memory of :func:`planner.ics.export.remember_exports`); deleted
    ones lose those keys.  Nothing is recorded for a dry run, nor when the run
    changed nothing, so a failed run leaves the plan as it was.
    """
    if report.dry_run or not report.changes_memory:
        return False
    from planner.ics.export import remember_exports

    changed = remember_exports(pd, export)
    index = {}
    for i, e in enumerate(pd.doc.get("exports") or []):
        if isinstance(e, Mapping) and isinstance(e.get("uid"), str):
            index[e["uid"]] = i
    for r in report.results:
        if r.outcome != DONE or r.action == KEEP or r.uid not in index:
            continue
        if r.action in (DELETE, FORGET):
            values: dict[str, Any] = {"caldav_href": None, "caldav_etag": None,
                                      "caldav_digest": None}
        else:
            values = {"caldav_href": r.href, "caldav_etag": r.etag or "",
                      "caldav_digest": r.digest}
        current = pd.entry("exports", index[r.uid])
        if any(current.get(k) != v for k, v in values.items()):
            pd.update_entry("exports", index[r.uid], values)
            changed = True
    return changed


# --- credentials ------------------------------------------------------------------------------

def find_password(config: CalendarConfig, *,
                  environ: Mapping[str, str] | None = None) -> str | None:
    """The password for ``config.user`` from the keyring, else from :data:`PASSWORD_ENV`.

    None when the plan names no user (a server without authentication).
    ``environ`` is the process environment to consult (None: do not).
    """
    if config.user is None:
        return None
    why = ""
    try:
        import keyring

        secret = keyring.get_password(KEYRING_SERVICE, config.keyring_user)
    except Exception as e:  # any backend may fail: locked, no D-Bus, a plugin's own error
        secret, why = None, f"{type(e).__name__}: {e}".strip()
    if secret:
        return secret
    fallback = (environ or {}).get(PASSWORD_ENV)
    if fallback:
        return fallback
    where = (f"the system keyring is not available ({why})" if why
             else "the system keyring has none")
    raise CalDavError(Problem(
        f'no password for "{config.keyring_user}": {where}', field="calendar.user",
        suggestion=f'store it with: keyring set {KEYRING_SERVICE} "{config.keyring_user}" '
        f"(the keyring command comes with Overlap), or, where no keyring runs, set "
        f"{PASSWORD_ENV}"))


# --- checking what is sent --------------------------------------------------------------------

def check_resources(export: Export) -> list[tuple[str, bytes]]:
    """The export's calendar objects, each checked to be storable (RFC 4791 4.1).

    Raises ValueError (a programming error, not the user's) for an export not
    made with ``caldav=True``, an object with ``METHOD``, more than one UID,
    or a UID the export's records do not name.
    """
    if not export.resources:
        raise ValueError("publish needs an export made with caldav=True (one object per UID)")
    known = {r.uid for r in export.records}
    out = []
    for uid, data in export.resources:
        cal = icalendar.Calendar.from_ical(data)
        if "METHOD" in cal:
            raise ValueError(f"calendar object {uid} has METHOD; RFC 4791 4.1 forbids METHOD "
                             "in stored calendar objects")
        uids = {str(c.get("UID")) for c in cal.subcomponents if c.name != "VTIMEZONE"}
        if uids != {uid} or uid not in known:
            raise ValueError(f"calendar object {uid} holds UIDs {sorted(uids)}; RFC 4791 4.1 "
                             "wants exactly one UID per object")
        out.append((uid, data))
    return out


def _event_key(component: Any) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    props = []
    for name, value in component.property_items(recursive=False, sorted=False):
        if name in ("BEGIN", "END", "DTSTAMP"):
            continue
        params = tuple(sorted((str(k).upper(), str(v)) for k, v in
                              getattr(value, "params", {}).items()))
        raw = value.to_ical() if hasattr(value, "to_ical") else value
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        props.append((name, text, params))
    return tuple(sorted(props))


def _same_events(a: str | bytes, b: str | bytes) -> bool:
    """Whether two calendar objects hold the same events, DTSTAMP aside.

    Compared property by property after parsing, so a server that refolds
    lines, reorders properties or rewrites its VTIMEZONEs still matches.
    """
    try:
        left, right = icalendar.Calendar.from_ical(a), icalendar.Calendar.from_ical(b)
    except Exception:
        return False
    events = [sorted(_event_key(c) for c in cal.walk("VEVENT")) for cal in (left, right)]
    return bool(events[0]) and events[0] == events[1]


def _etag_equal(a: str | None, b: str | None) -> bool:
    """Weak comparison (RFC 9110 8.8.3.2): quoting and W/ aside."""
    if not a or not b:
        return False

    def bare(tag: str) -> str:
        tag = tag.strip()
        return tag[2:].strip('"') if tag.startswith("W/") else tag.strip('"')
    return bare(a) == bare(b)


# --- the server -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Answer:
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
class _Remote:
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


class _Server:
    """One calendar collection on a CalDAV server, reached through caldav's DAVClient.

    Every failure to talk to it becomes a :class:`CalDavError` naming the URL.
    """

    def __init__(self, config: CalendarConfig, password: str | None, timeout: float):
        from caldav.davclient import DAVClient  # imported here: it costs a second of start-up

        # caldav logs oddities of an answer as warnings; without a handler Python would
        # print them on stderr next to our own message about the same answer.
        logging.getLogger("caldav").addHandler(_QUIET)
        self.config = config
        self.url = _collection_url(config.url)
        self.timeout = timeout
        # caldav annotates timeout as int; niquests takes seconds as a float.
        self.client = DAVClient(url=self.url, username=config.user, password=password,
                                timeout=timeout,  # type: ignore[arg-type]
                                enable_rfc6764=False)

    # -- errors --

    def _problem(self, reason: str, suggestion: str, url: str | None = None) -> CalDavError:
        return CalDavError(Problem(reason, path=url or self.url, suggestion=suggestion))

    def _credentials_error(self, url: str) -> CalDavError:
        if self.config.user is None:
            return self._problem(
                "the server asks for a user name and password (401)",
                'add user = "…" under [calendar] in the plan and store the password with: '
                f'keyring set {KEYRING_SERVICE} "<user>@{self.config.url}"', url)
        return self._problem(
            f'the server refused the password of "{self.config.user}" (401)',
            f'store the right password or app token with: keyring set {KEYRING_SERVICE} '
            f'"{self.config.keyring_user}" (many servers want an app password when two-factor '
            "login is on)", url)

    @contextmanager
    def _guard(self, url: str, doing: str) -> Iterator[None]:
        from caldav.lib import error as dav_error
        from caldav.lib.http_sync import requests as http

        try:
            yield
        except CalDavError:
            raise
        except dav_error.AuthorizationError as e:
            if e.status == 403:
                raise self._problem(f"the server does not allow {doing} (403 Forbidden)",
                                    f'check that "{self.config.user or "anonymous"}" may use '
                                    "this calendar (shared with write access?)", url) from None
            raise self._credentials_error(url) from None
        except http.exceptions.Timeout:
            raise self._problem(f"the server did not answer within {self.timeout:g} s while "
                                f"{doing}", "check that the server is up and the address is "
                                "right; try again later", url) from None
        except http.exceptions.SSLError as e:
            raise self._problem(f"the secure connection failed while {doing}: "
                                f"{_os_reason(e) or 'certificate or TLS problem'}",
                                "check the address (https) and the server's certificate",
                                url) from None
        except http.exceptions.ConnectionError as e:
            why = _os_reason(e) or "the connection failed"
            raise self._problem(f"cannot reach the server while {doing}: {why}",
                                "check the address in [calendar] url, that the server is "
                                "running and that this computer is online", url) from None
        except http.exceptions.RequestException as e:
            raise self._problem(f"the request failed while {doing}: {type(e).__name__}",
                                "check the address in [calendar] url", url) from None
        except dav_error.DAVError as e:
            status = f" ({e.status})" if getattr(e, "status", None) else ""
            raise self._problem(f"the server refused {doing}{status}: "
                                f"{' '.join(str(e.reason).split())[:_SNIPPET]}",
                                "check the address in [calendar] url", url) from None
        except Exception as e:  # the answer could not be read: not a CalDAV server
            raise self._problem(f"the server's answer while {doing} is not a CalDAV answer "
                                f"({type(e).__name__})", "check that [calendar] url is the "
                                "calendar's CalDAV address, not its web page", url) from None

    def request(self, method: str, url: str, body: str | bytes = "",
                headers: Mapping[str, str] | None = None, *, doing: str) -> _Answer:
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
            return _Answer(int(r.status), r.headers, r.tree, text)

    def _unexpected(self, answer: _Answer, doing: str, url: str) -> CalDavError:
        if answer.status == 401:
            return self._credentials_error(url)
        if answer.status == 404:
            return self._problem(f"not found (404) while {doing}",
                                 "check the address in [calendar] url", url)
        text = f": {answer.snippet()}" if answer.text.strip() else ""
        if answer.status < 300:
            return self._problem(f"the server's answer while {doing} is not a CalDAV answer"
                                 f"{text}", "check that [calendar] url is the calendar's CalDAV "
                                 "address, not its web page", url)
        return self._problem(f"the server answered {answer.status} while {doing}{text}",
                             "try again later; if it persists, check the server's log", url)

    def _multistatus(self, answer: _Answer, doing: str, url: str) -> Any:
        tree = answer.tree
        if answer.status != 207 or tree is None or tree.tag != f"{{{_DAV}}}multistatus":
            raise self._unexpected(answer, doing, url)
        return tree

    # -- the calendar --

    def open(self) -> None:
        """Check the calendar: it exists, is a calendar, and we may read it."""
        if self.config.name is not None:
            self.url = self._find_by_name(self.config.name)
            return
        body = (f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="{_DAV}">'
                "<D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>")
        doing = "opening the calendar"
        answer = self.request("PROPFIND", self.url, body,
                              {"Depth": "0", "Content-Type": _XML_TYPE}, doing=doing)
        if answer.status == 404:
            raise self._problem("there is no calendar at this address (404)",
                                "check [calendar] url in the plan; create the calendar in your "
                                "calendar app first, then copy its CalDAV address")
        tree = self._multistatus(answer, doing, self.url)
        kinds = [el.tag for el in tree.iter(f"{{{_DAV}}}resourcetype") for el in el]
        if f"{{{_CAL}}}calendar" not in kinds:
            what = "a folder" if f"{{{_DAV}}}collection" in kinds else "not a collection"
            raise self._problem(f"this address is {what}, not a calendar",
                                "give the address of the calendar itself (or its display name "
                                'as name = "…" with the account\'s address as url)')

    def _find_by_name(self, name: str) -> str:
        doing = "looking up the calendars of the account"
        with self._guard(self.url, doing):
            calendars = self.client.get_calendars()
            found = [(str(c.get_display_name() or ""), str(c.url)) for c in calendars]
        for display, url in found:
            if display == name:
                return _collection_url(url)
        names = ", ".join(f'"{d}"' for d, _ in found if d) or "none"
        raise self._problem(f'the account has no calendar named "{name}" (calendars: {names})',
                            "fix name = … under [calendar], or create the calendar first")

    def inside(self, href: str) -> bool:
        full = urljoin(self.url, href)
        return _origin(full) == _origin(self.url) and \
            unquote(urlsplit(full).path).startswith(unquote(urlsplit(self.url).path))

    def href_for(self, uid: str) -> str:
        return urljoin(self.url, quote(uid, safe="") + ".ics")

    def _objects(self, tree: Any) -> dict[str, _Remote]:
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
                out[unquote(urlsplit(href).path)] = _Remote(href, (etag or "").strip() or None,
                                                            data)
        return out

    def fetch(self, hrefs: Sequence[str]) -> dict[str, _Remote]:
        """The objects at ``hrefs`` (calendar-multiget, RFC 4791 7.9), by unquoted path."""
        if not hrefs:
            return {}
        refs = "".join(f"<D:href>{escape(urlsplit(h).path)}</D:href>" for h in hrefs)
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:calendar-multiget xmlns:D="{_DAV}" xmlns:C="{_CAL}">'
                f"<D:prop><D:getetag/><C:calendar-data/></D:prop>{refs}</C:calendar-multiget>")
        doing = "reading the published events"
        answer = self.request("REPORT", self.url, body, {"Content-Type": _XML_TYPE}, doing=doing)
        return self._objects(self._multistatus(answer, doing, self.url))

    def find_uid(self, uid: str) -> _Remote | None:
        """The object holding ``uid``, wherever it is stored (calendar-query, RFC 4791 7.8)."""
        body = (f'<?xml version="1.0" encoding="utf-8"?>'
                f'<C:calendar-query xmlns:D="{_DAV}" xmlns:C="{_CAL}">'
                "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
                '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
                '<C:prop-filter name="UID"><C:text-match collation="i;octet">'
                f"{escape(uid)}</C:text-match></C:prop-filter>"
                "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>")
        doing = "looking for events published before"
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
        doing = "asking for free/busy times"
        answer = self.request("REPORT", self.url, body,
                              {"Depth": "1", "Content-Type": _XML_TYPE}, doing=doing)
        if answer.status in (400, 403, 404, 405, 415, 422, 501) or answer.status == 207:
            return None  # not offered here (a 207 multistatus is how some servers refuse)
        if answer.status != 200:
            raise self._unexpected(answer, doing, self.url)
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
        doing = "reading events"
        answer = self.request("REPORT", self.url, body,
                              {"Depth": "1", "Content-Type": _XML_TYPE}, doing=doing)
        spans: list[Span] = []
        for remote in self._objects(self._multistatus(answer, doing, self.url)).values():
            spans.extend(busy_spans(remote.data.encode("utf-8"), start, end, zone,
                                    path=remote.href))
        return merge(spans)

    # -- writing --

    def put(self, href: str, data: bytes, *, etag: str | None, create: bool) -> _Answer:
        headers = {"Content-Type": _ICS_TYPE}
        if create:
            headers["If-None-Match"] = "*"
        elif etag and not etag.startswith("W/"):
            # If-Match compares strongly (RFC 9110 13.1.1): a weak tag would never match,
            # so it is not sent and the check before writing stands alone.
            headers["If-Match"] = etag
        return self.request("PUT", href, data, headers, doing="writing an event")

    def delete(self, href: str, etag: str | None) -> _Answer:
        headers = {"If-Match": etag} if etag and not etag.startswith("W/") else {}
        return self.request("DELETE", href, "", headers, doing="deleting an event")


def _answer_from_bytes(status: int, headers: Mapping[str, str], body: Any) -> _Answer:
    raw = body if isinstance(body, bytes) else str(body or "").encode("utf-8")
    tree = None
    if raw.strip().startswith(b"<"):
        from lxml import etree  # caldav's own parser

        try:
            tree = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False,
                                                                 no_network=True))
        except Exception:
            tree = None
    return _Answer(status, headers, tree, raw.decode("utf-8", "replace"))


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


# --- publishing -------------------------------------------------------------------------------

@dataclass
class _Step:
    """One object's work, decided before anything is written."""

    uid: str
    what: str
    action: str
    href: str
    sequence: int | None = None
    data: bytes | None = None
    digest: str | None = None
    etag: str | None = None  # the precondition: the server's ETag we expect
    create: bool = False  # If-None-Match: *
    conflict: str = ""  # why writing would overwrite someone's change
    result_etag: str | None = None  # ETag known without writing (keep, adopt)

    def result(self, outcome: str, *, etag: str | None = None, reason: str = "") -> ObjectResult:
        gone = self.action in (DELETE, FORGET)
        return ObjectResult(self.uid, self.what, self.action, outcome, self.href, self.sequence,
                            None if gone else etag, None if gone else self.digest,
                            reason or self.conflict)


def _plan_steps(server: _Server, export: Export, resources: Sequence[tuple[str, bytes]],
                memory: Mapping[str, PublishedRecord]) -> list[_Step]:
    records = {r.uid: r for r in export.records}
    groups = {r.group for r in export.records}
    ours = {uid: m for uid, m in memory.items() if m.href and server.inside(m.href)}
    stale = [m for uid, m in ours.items() if m.group in groups and uid not in records]
    known_hrefs = [ours[uid].href for uid, _ in resources if uid in ours]
    remote = server.fetch([h for h in [*known_hrefs, *(m.href for m in stale)] if h])

    def at(href: str | None) -> _Remote | None:
        return remote.get(unquote(urlsplit(href).path)) if href else None

    steps: list[_Step] = []
    for uid, data in resources:
        rec = records[uid]
        step = _Step(uid, rec.what, KEEP, server.href_for(uid), rec.sequence, data, rec.digest)
        mine = ours.get(uid)
        if mine is not None and mine.href:
            step.href = mine.href
            there = at(mine.href)
            if there is None:
                step.action, step.create = CREATE, True
                step.conflict = "deleted on the server since it was published"
            elif mine.etag and _etag_equal(there.etag, mine.etag):
                if mine.digest == rec.digest:
                    step.result_etag = there.etag
                else:
                    step.action, step.etag = UPDATE, mine.etag
            elif _same_events(there.data, data):
                step.action, step.result_etag = ADOPT, there.etag
            else:
                step.action, step.etag = UPDATE, there.etag
                step.conflict = "changed on the server since it was published"
        else:
            there = server.find_uid(uid)
            if there is None:
                step.action, step.create = CREATE, True
            elif _same_events(there.data, data):
                step.action, step.href, step.result_etag = ADOPT, there.href, there.etag
            else:
                step.action, step.href, step.etag = UPDATE, there.href, there.etag
                step.conflict = ("already in the calendar with other content, not published "
                                 "from this plan file (imported from an .ics file, or published "
                                 "by another coordinator?)")
        steps.append(step)
    for m in stale:
        assert m.href is not None
        there = at(m.href)
        step = _Step(m.uid, m.what or m.uid, DELETE, m.href)
        if there is None:
            step.action = FORGET
        elif m.etag and _etag_equal(there.etag, m.etag):
            step.etag = m.etag
        else:
            step.etag = there.etag
            step.conflict = "no longer part of the plan, but changed on the server since it " \
                            "was published"
        steps.append(step)
    return steps


def _write(server: _Server, step: _Step) -> tuple[str, str | None, str]:
    """Do one step on the server: (outcome, ETag, reason)."""
    if step.action == DELETE:
        answer = server.delete(step.href, step.etag)
        if answer.status in (200, 202, 204, 404):
            return DONE, None, ""
    elif step.action in (CREATE, UPDATE):
        assert step.data is not None
        answer = server.put(step.href, step.data, etag=step.etag, create=step.create)
        if answer.status in (200, 201, 204):
            etag = answer.headers.get("ETag") or answer.headers.get("etag")
            if not etag:
                # RFC 4791 5.3.4: no ETag when the server changed what it stored; ask for it.
                # Not knowing it is no failure: the next run compares the content instead.
                try:
                    etag = server.etag_of(step.href)
                except CalDavError:
                    etag = None
            return DONE, etag, ""
    else:
        return DONE, step.result_etag, ""
    if answer.status == 412:
        if step.create:
            return CONFLICT, None, "created on the server by someone else while publishing"
        return CONFLICT, None, "changed on the server while publishing (the ETag no longer " \
                               "matches)"
    if answer.status in (403, 409) and any(p.endswith("no-uid-conflict")
                                           for p in answer.preconditions()):
        return CONFLICT, None, "another event in the calendar already has this UID"
    raise server._unexpected(answer, "deleting an event" if step.action == DELETE
                             else "writing an event", step.href)


def publish(export: Export, config: CalendarConfig, *,
            memory: Mapping[str, PublishedRecord] | None = None, password: str | None = None,
            force: bool = False, dry_run: bool = False, timeout: float = DEFAULT_TIMEOUT,
            progress: Callable[[int, int, ObjectResult], None] | None = None) -> PublishReport:
    """Put the export's calendar objects on the calendar ``config`` names.

    ``export`` is made with ``caldav=True``; ``memory`` is :func:`read_published`
    of the plan.  Returns what happened to every object (and, in a dry run,
    what would happen: the server is read, never written).  Conflicts stop the
    run before anything is written unless ``force``, which overwrites (and
    deletes) the server's versions, still guarded by their current ETags.
    ``progress(done, total, result)`` is called after each object.

    Raises :class:`CalDavError`: for a server that cannot be used (nothing was
    written), for conflicts (nothing was written), and when the run stops
    midway (its ``report`` says what was written); record the report's done
    objects with :func:`remember_published` in every case it carries one.
    """
    resources = check_resources(export)
    server = _Server(config, password, timeout)
    server.open()
    steps = _plan_steps(server, export, resources, memory or {})
    handled = {s.what for s in steps if s.action in (DELETE, FORGET)}
    notes = tuple(n for n in export.notes
                  if not any(n.startswith(f'"{w}" was exported before') for w in handled))
    total = len(steps)
    conflicts = [s for s in steps if s.conflict]

    def report(results: Iterable[ObjectResult]) -> PublishReport:
        return PublishReport(server.url, dry_run, tuple(results), notes)

    if dry_run:
        return report(s.result(CONFLICT if s.conflict and not force else PLANNED,
                               etag=s.result_etag) for s in steps)
    if conflicts and not force:
        stopped = [s.result(CONFLICT) if s.conflict else s.result(NOT_ATTEMPTED) for s in steps]
        raise CalDavError([Problem(f'"{s.what}" was {s.conflict}', path=s.href,
                                   suggestion="look at it in your calendar app; publish with "
                                   "--force to replace the server's version with the plan's")
                           for s in conflicts] + [Problem(
                               "nothing was published", path=server.url,
                               suggestion="resolve the conflicts above, then publish again")],
                          report=report(stopped))
    # Writes first, deletions last: a run that stops midway never leaves a rotation
    # with a removed slot and no replacement.
    order = sorted(steps, key=lambda s: s.action in (DELETE, FORGET))
    results: list[ObjectResult] = []
    for n, step in enumerate(order, start=1):
        try:
            outcome, etag, reason = _write(server, step)
        except CalDavError as e:
            results.append(step.result(FAILED, reason="; ".join(p.reason for p in e.problems)))
            results += [s.result(NOT_ATTEMPTED) for s in order[n:]]
            raise _stopped(report(results), e) from None
        result = step.result(outcome, etag=etag, reason=reason if outcome != DONE else "")
        if outcome == DONE and step.conflict:
            result = replace(result, reason=f"{step.conflict}; replaced (--force)")
        results.append(result)
        if progress is not None:
            progress(n, total, result)
        if outcome != DONE:
            results += [s.result(NOT_ATTEMPTED) for s in order[n:]]
            raise _stopped(report(results), None)
    return report(results)


def _stopped(rep: PublishReport, cause: CalDavError | None) -> CalDavError:
    stop = next(r for r in rep.results if r.outcome in (FAILED, CONFLICT))
    problems = list(cause.problems) if cause else [Problem(
        f'"{stop.what}" was {stop.reason}', path=stop.href,
        suggestion="look at it in your calendar app; publish with --force to replace the "
        "server's version with the plan's")]
    written = [f'"{r.what}"' for r in rep.written] or ["nothing"]
    missing = [f'"{r.what}"' for r in rep.not_written]
    problems.append(Problem(f"publishing stopped: written {', '.join(written)}; not written "
                            f"{', '.join(missing)}", path=rep.calendar,
                            suggestion="publish again: what was written is skipped and the rest "
                            "is published"))
    return CalDavError(problems, report=rep)


def publish_plan(document: PlanDocument, export: Export, *, force: bool = False,
                 dry_run: bool = False, password: str | None = None,
                 environ: Mapping[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT,
                 progress: Callable[[int, int, ObjectResult], None] | None = None
                 ) -> PublishReport:
    """Publish ``export`` to the plan's ``[calendar]`` and remember it in ``document``.

    The password comes from ``password``, else the keyring, else ``environ``'s
    :data:`PASSWORD_ENV` (pass ``os.environ`` to allow it).  The document is
    changed in memory only (save it afterwards); when the run stops midway,
    what was written is recorded before the :class:`CalDavError` is raised
    (its ``plan_changed`` says so), so saving then lets the next run finish.
    Network I/O: call from a worker thread in a GUI, and apply nothing to the
    document there; :func:`publish` plus :func:`remember_published` on the GUI
    thread split it that way.
    """
    config = read_calendar_config(document)
    if config is None:
        raise CalDavError(Problem(
            "the plan names no calendar to publish to", path=str(document.path or "") or None,
            field="calendar", suggestion='add [calendar] with url = "https://…" (the '
            'calendar\'s CalDAV address) and user = "…"; see docs/caldav.md'))
    if password is None:
        password = find_password(config, environ=environ)
    try:
        rep = publish(export, config, memory=read_published(document), password=password,
                      force=force, dry_run=dry_run, timeout=timeout, progress=progress)
    except CalDavError as e:
        if e.report is not None:
            e.plan_changed = remember_published(document, export, e.report)
        raise
    remember_published(document, export, rep)
    return rep


# --- busy times -------------------------------------------------------------------------------

class ServerBusy(BusyFile):
    """Busy spans fetched from a calendar server for [start, end).

    A :class:`~planner.ics.busy_import.BusyFile` to :class:`~planner.ics.busy_import.MemberBusy`:
    ``MemberBusy({name: [*files, server_busy]}, zones)`` cuts them out of a
    member's working hours like a busy file.  Outside the fetched range it
    knows nothing and reports no busy time.
    """

    def __init__(self, url: str, start: datetime, end: datetime, spans: Sequence[Span]):
        super().__init__(url, None, {})
        self.start, self.end = start, end
        self.busy = tuple(merge(spans))

    def spans(self, start: datetime, end: datetime, zone: str) -> list[Span]:
        s0, e0 = to_seconds(start), to_seconds(end)
        return [(max(a, s0), min(b, e0)) for a, b in self.busy if a < e0 and b > s0]


@dataclass(frozen=True, slots=True)
class _BusySource:
    member: str
    url: str
    zone: str


def fetch_busy(plan: Plan, config: CalendarConfig, start: datetime, end: datetime, *,
               members: Iterable[str] | None = None, password: str | None = None,
               mode: str = "auto", timeout: float = DEFAULT_TIMEOUT
               ) -> dict[str, ServerBusy]:
    """Busy times in [start, end) of the members named in ``[calendar.busy]``.

    ``mode``: ``"freebusy"`` asks for free/busy times only, ``"events"`` reads
    the events and expands them like a busy ``.ics`` file, ``"auto"`` reads the
    events and asks for free/busy times only where the events cannot be read
    (a coordinator may be allowed free/busy only).  Events come first because
    servers get recurring events across a DST change wrong in their free/busy
    answers (Radicale 3.9 keeps the first occurrence's UTC offset for every
    instance, Kozea/Radicale#1621); our own expansion follows the zone rules.
    ``members`` limits the members asked for.  Every member is fetched before
    any result is returned: one failure is a :class:`CalDavError` and nothing
    is used.  Each value's ``spans(start, end, zone)`` gives merged UTC epoch
    second spans, like :meth:`planner.ics.busy_import.BusyFile.spans`.
    """
    if mode not in ("auto", "freebusy", "events"):
        raise ValueError(f"mode must be auto, freebusy or events, not {mode!r}")
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    zones = {m.name: m.zone for m in plan.members}
    wanted = set(members) if members is not None else None
    sources = [_BusySource(name, url, zones[name]) for name, url in config.busy
               if name in zones and (wanted is None or name in wanted)]
    if wanted is not None and (missing := sorted(wanted - {s.member for s in sources})):
        raise CalDavError(Problem(f"no calendar is named for {', '.join(missing)}",
                                  field="calendar.busy", suggestion='add e.g. "Priya" = '
                                  '"…/priya/calendar/" under [calendar.busy]'))
    out: dict[str, ServerBusy] = {}
    for source in sources:
        server = _Server(replace(config, url=source.url, name=None), password, timeout)
        server.open()
        if mode == "events":
            spans = server.events(start, end, source.zone)
        elif mode == "auto":
            try:
                spans = server.events(start, end, source.zone)
            except CalDavError as unreadable:
                found = server.freebusy(start, end)
                if found is None:
                    raise unreadable from None
                spans = found
        else:
            found = server.freebusy(start, end)
            if found is None:
                raise CalDavError(Problem("the server offers no free/busy times for this "
                                          "calendar", path=source.url,
                                          suggestion="read the events instead (mode events)"))
            spans = found
        s0, e0 = to_seconds(start), to_seconds(end)
        clipped = [(max(a, s0), min(b, e0)) for a, b in spans if a < e0 and b > s0]
        out[source.member] = ServerBusy(server.url, start, end, clipped)
    return out

