"""Publishing check-ins to a shared CalDAV calendar (RFC 4791).

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
  client) the :class:`~planner.caldav.report.CalDavError` carries a
  :class:`~planner.caldav.report.PublishReport` naming what was written and
  what was not.  The caller records what was written
  (:func:`remember_published`), so the next run skips it and finishes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import icalendar

from planner.errors import Problem
from planner.i18n import _
from planner.ics.export.build import gone_note

from .config import CalendarConfig, document_value, find_password, read_calendar_config
from .report import CalDavError, ObjectResult, PublishAction, PublishOutcome, PublishReport
from .transport import DEFAULT_TIMEOUT, Remote, Server

if TYPE_CHECKING:
    from planner.ics.export import Export
    from planner.planfile import PlanDocument

__all__ = [
    "PublishedRecord",
    "check_resources",
    "publish",
    "publish_plan",
    "read_published",
    "remember_published",
]


# --- the plan's memory -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PublishedRecord:
    """What the plan remembers of one UID: export memory plus where it was published."""

    uid: str
    what: str = ""
    group: str = ""
    href: str | None = None
    etag: str | None = None
    digest: str | None = None  # the export digest of the content last published


def read_published(source: PlanDocument | Mapping[str, Any] | None) -> dict[str, PublishedRecord]:
    """What the plan remembers of earlier exports and publishes, by UID."""
    if source is None:
        return {}
    raw = document_value(source, "exports")
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
    for i, e in enumerate(pd.data.get("exports") or []):
        if isinstance(e, Mapping) and isinstance(e.get("uid"), str):
            index[e["uid"]] = i
    for r in report.results:
        if r.outcome != PublishOutcome.DONE or r.action == PublishAction.KEEP \
                or r.uid not in index:
            continue
        if r.action.removes:
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

# --- publishing -------------------------------------------------------------------------------

@dataclass
class _Step:
    """One object's work, decided before anything is written."""

    uid: str
    what: str
    action: PublishAction
    href: str
    sequence: int | None = None
    data: bytes | None = None
    digest: str | None = None
    etag: str | None = None  # the precondition: the server's ETag we expect
    create: bool = False  # If-None-Match: *
    conflict: str = ""  # why writing would overwrite someone's change
    result_etag: str | None = None  # ETag known without writing (keep, adopt)

    def result(self, outcome: PublishOutcome, *, etag: str | None = None,
               reason: str = "") -> ObjectResult:
        gone = self.action.removes
        return ObjectResult(self.uid, self.what, self.action, outcome, self.href, self.sequence,
                            None if gone else etag, None if gone else self.digest,
                            reason or self.conflict)


def _plan_steps(server: Server, export: Export, resources: Sequence[tuple[str, bytes]],
                memory: Mapping[str, PublishedRecord]) -> list[_Step]:
    records = {r.uid: r for r in export.records}
    groups = {r.group for r in export.records}
    ours = {uid: m for uid, m in memory.items() if m.href and server.inside(m.href)}
    stale = [m for uid, m in ours.items() if m.group in groups and uid not in records]
    known_hrefs = [ours[uid].href for uid, _ in resources if uid in ours]
    remote = server.fetch([h for h in [*known_hrefs, *(m.href for m in stale)] if h])

    def at(href: str | None) -> Remote | None:
        return remote.get(unquote(urlsplit(href).path)) if href else None

    steps: list[_Step] = []
    for uid, data in resources:
        rec = records[uid]
        step = _Step(uid, rec.what, PublishAction.KEEP, server.href_for(uid), rec.sequence,
                     data, rec.digest)
        mine = ours.get(uid)
        if mine is not None and mine.href:
            step.href = mine.href
            there = at(mine.href)
            if there is None:
                step.action, step.create = PublishAction.CREATE, True
                step.conflict = _("deleted on the server since it was published")
            elif mine.etag and _etag_equal(there.etag, mine.etag):
                if mine.digest == rec.digest:
                    step.result_etag = there.etag
                else:
                    step.action, step.etag = PublishAction.UPDATE, mine.etag
            elif _same_events(there.data, data):
                step.action, step.result_etag = PublishAction.ADOPT, there.etag
            else:
                step.action, step.etag = PublishAction.UPDATE, there.etag
                step.conflict = _("changed on the server since it was published")
        else:
            there = server.find_uid(uid)
            if there is None:
                step.action, step.create = PublishAction.CREATE, True
            elif _same_events(there.data, data):
                step.action, step.href = PublishAction.ADOPT, there.href
                step.result_etag = there.etag
            else:
                step.action, step.href, step.etag = PublishAction.UPDATE, there.href, there.etag
                step.conflict = (_("already in the calendar with other content, not published "
                                   "from this plan file (imported from an .ics file, or published "
                                   "by another coordinator?)"))
        steps.append(step)
    for m in stale:
        assert m.href is not None
        there = at(m.href)
        step = _Step(m.uid, m.what or m.uid, PublishAction.DELETE, m.href)
        if there is None:
            step.action = PublishAction.FORGET
        elif m.etag and _etag_equal(there.etag, m.etag):
            step.etag = m.etag
        else:
            step.etag = there.etag
            step.conflict = _("no longer part of the plan, but changed on the server since it was "
                              "published")
        steps.append(step)
    return steps


def _write(server: Server, step: _Step) -> tuple[PublishOutcome, str | None, str]:
    """Do one step on the server: (outcome, ETag, reason)."""
    if step.action == PublishAction.DELETE:
        answer = server.delete(step.href, step.etag)
        if answer.status in (200, 202, 204, 404):
            return PublishOutcome.DONE, None, ""
    elif step.action in (PublishAction.CREATE, PublishAction.UPDATE):
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
            return PublishOutcome.DONE, etag, ""
    else:
        return PublishOutcome.DONE, step.result_etag, ""
    if answer.status == 412:
        if step.create:
            return (PublishOutcome.CONFLICT, None,
                    _("created on the server by someone else while publishing"))
        return (PublishOutcome.CONFLICT, None,
                _("changed on the server while publishing (the ETag no longer matches)"))
    if answer.status in (403, 409) and any(p.endswith("no-uid-conflict")
                                           for p in answer.preconditions()):
        return PublishOutcome.CONFLICT, None, _("another event in the calendar already has this "
                                                "UID")
    raise server.unexpected(answer, _("deleting an event") if step.action == PublishAction.DELETE
                             else _("writing an event"), step.href)


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
    server = Server(config, password, timeout)
    server.open()
    steps = _plan_steps(server, export, resources, memory or {})
    handled = {s.what for s in steps if s.action.removes}
    gone = {gone_note(w) for w in handled}
    notes = tuple(n for n in export.notes if n not in gone)
    total = len(steps)
    conflicts = [s for s in steps if s.conflict]

    def report(results: Iterable[ObjectResult]) -> PublishReport:
        return PublishReport(server.url, dry_run, tuple(results), notes)

    if dry_run:
        return report(s.result(PublishOutcome.CONFLICT if s.conflict and not force
                               else PublishOutcome.PLANNED, etag=s.result_etag) for s in steps)
    if conflicts and not force:
        stopped = [s.result(PublishOutcome.CONFLICT if s.conflict
                            else PublishOutcome.NOT_ATTEMPTED) for s in steps]
        raise CalDavError([Problem(f'"{s.what}" was {s.conflict}', path=s.href,
                                   suggestion=_("look at it in your calendar app; publish with "
                                                "--force to replace the server's version with the "
                                                "plan's"))
                           for s in conflicts] + [Problem(
                               _("nothing was published"), path=server.url,
                               suggestion=_("resolve the conflicts above, then publish again"))],
                          report=report(stopped))
    # Writes first, deletions last: a run that stops midway never leaves a rotation
    # with a removed slot and no replacement.
    order = sorted(steps, key=lambda s: s.action.removes)
    results: list[ObjectResult] = []
    for n, step in enumerate(order, start=1):
        try:
            outcome, etag, reason = _write(server, step)
        except CalDavError as e:
            results.append(step.result(PublishOutcome.FAILED,
                                       reason="; ".join(p.reason for p in e.problems)))
            results += [s.result(PublishOutcome.NOT_ATTEMPTED) for s in order[n:]]
            raise _stopped(report(results), e) from None
        result = step.result(outcome, etag=etag,
                             reason=reason if outcome != PublishOutcome.DONE else "")
        if outcome == PublishOutcome.DONE and step.conflict:
            result = replace(result, reason=f"{step.conflict}; replaced (--force)")
        results.append(result)
        if progress is not None:
            progress(n, total, result)
        if outcome != PublishOutcome.DONE:
            results += [s.result(PublishOutcome.NOT_ATTEMPTED) for s in order[n:]]
            raise _stopped(report(results), None)
    return report(results)


def _stopped(rep: PublishReport, cause: CalDavError | None) -> CalDavError:
    stop = next(r for r in rep.results
                if r.outcome in (PublishOutcome.FAILED, PublishOutcome.CONFLICT))
    problems = list(cause.problems) if cause else [Problem(
        f'"{stop.what}" was {stop.reason}', path=stop.href,
        suggestion=_("look at it in your calendar app; publish with --force to replace the "
                     "server's version with the plan's"))]
    written = [f'"{r.what}"' for r in rep.written] or ["nothing"]
    missing = [f'"{r.what}"' for r in rep.not_written]
    problems.append(Problem(_("publishing stopped: written {written}; not written "
                              "{missing}").format(
                              written=', '.join(written),
                              missing=', '.join(missing)), path=rep.calendar,
                            suggestion=_("publish again: what was written is skipped and the rest "
                                         "is published")))
    return CalDavError(problems, report=rep)


def publish_plan(document: PlanDocument, export: Export, *, force: bool = False,
                 dry_run: bool = False, password: str | None = None,
                 environ: Mapping[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT,
                 progress: Callable[[int, int, ObjectResult], None] | None = None
                 ) -> PublishReport:
    """Publish ``export`` to the plan's ``[calendar]`` and remember it in ``document``.

    The password comes from ``password``, else the keyring, else ``environ``'s
    :data:`~planner.caldav.config.PASSWORD_ENV` (pass ``os.environ`` to allow it).  The document is
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
            _("the plan names no calendar to publish to"), path=str(document.path or "") or None,
            field="calendar", suggestion=_('add [calendar] with url = "https://…" (the '
                                           "calendar's CalDAV address) and user = \"…\"; see "
                                           "docs/caldav.md")))
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
