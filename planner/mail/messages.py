"""E-mail messages: iMIP invitations (RFC 6047) and clock-change notices.

An **invitation** carries an RFC 5546 calendar (``METHOD:REQUEST`` or
``METHOD:CANCEL``) for one saved meeting (DESIGN.md, "E-mail invitations"):

* **Structure** (RFC 6047 2.4; what Google, Outlook, Apple Mail and
  Thunderbird send): ``multipart/mixed`` holding ``multipart/alternative``
  (``text/plain``, ``text/html``, ``text/calendar; method=REQUEST;
  charset=UTF-8``) and the same calendar attached as ``invite.ics``
  (``application/ics``, so no client acts on it twice).  The ``method``
  parameter equals the calendar's ``METHOD`` (RFC 6047 2.4).  The calendar
  part is base64: its CRLF line ends and UTF-8 reach the client untouched.
* **People.**  From: is the organizer (``[mail] from``, else the plan's
  ``organizer``), who is also ``ORGANIZER`` (RFC 6047 3: the sender should
  be the organizer).  To: is ``Member Name <address>`` for every attendee with
  an address, the organizer left out; the SMTP recipients are exactly those.
  Each attendee is one ``ATTENDEE`` with ``CN`` (the name as in the plan),
  ``ROLE`` REQ- or OPT-PARTICIPANT, ``PARTSTAT=NEEDS-ACTION`` and
  ``RSVP=TRUE``; the organizer's own entry is ``ACCEPTED`` and ``RSVP=FALSE``
  (:func:`planner.ics.export.build.people`).
* **The calendar** is :func:`planner.ics.export.export_meetings`'
  (``DTSTART``/``DTEND`` with ``TZID`` = the slot's zone, RRULE-style
  ``VTIMEZONE``\\ s, stable UIDs, one ``VEVENT`` per slot of a rotation, all
  in one calendar).  Every message has Subject and Date (the caller's clock).
* **Updates** keep the UIDs; ``SEQUENCE`` goes up only when an event's content
  differs from what was sent (RFC 5546 2.1.4); when nothing changed the
  invitation says so (:attr:`Invitation.unchanged`) and is not sent again.
* **Cancelling** (RFC 5546 3.2.5): ``METHOD:CANCEL``, ``STATUS:CANCELLED``,
  ``SEQUENCE`` one above what was sent, the same ``ATTENDEE``\\ s (with ``CN``
  and ``ROLE``).  The whole meeting: each slot's event as it was sent.  One
  occurrence: a ``VEVENT`` with ``RECURRENCE-ID;TZID=<slot zone>:<the
  occurrence's original local start>``, the form of ``DTSTART`` (RFC 5545
  3.8.4.4).
* **Texts.**  The plain and HTML parts list every attendee's local time.

A **notice** (DESIGN.md, "Clock changes") is one plain ``text/plain``
message per shifted occurrence, with no calendar part: calendars already
show the new time.
"""

from __future__ import annotations

import dataclasses
import html
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import icalendar

from planner.availability import DayOff
from planner.clocks import Shift, notice_message_text
from planner.errors import InputError, Problem
from planner.i18n import _, ngettext
from planner.ics.export import (
    Export,
    ExportOptions,
    ExportRecord,
    clean_text,
    export_meetings,
    fold_content,
    meeting_uid,
)
from planner.ics.export.build import PRODID, anchored, written_value
from planner.ics.export.describe import FOOTER, Formats, occurrence_lines
from planner.ics.export.options import parse_locale
from planner.ics.vtimezone import add_vtimezones
from planner.meetings import Meeting, MeetingOccurrence, MeetingSchedule, Portfolio
from planner.model import Member, Plan

from .config import parse_name_address
from .sent import SentKind, SentRecord, last_events

__all__ = [
    "ATTACHMENT_NAME",
    "EventState",
    "Invitation",
    "Notice",
    "build_cancellation",
    "build_invitation",
    "build_notice",
    "calendar_part",
]

ATTACHMENT_NAME = "invite.ics"
# Fixed forever: Message-IDs derive from it (no hidden randomness in the core).
_MESSAGE_NAMESPACE = uuid.UUID("2f6b8e0a-3c4d-5e6f-8a9b-0c1d2e3f4a5b")
_CANCELLED = "cancelled"  # the digest remembered for a cancelled event: any re-invite differs


@dataclass(frozen=True, slots=True)
class EventState:
    """One event (UID) of an invitation as it goes out."""

    uid: str
    sequence: int
    digest: str  # what is remembered as sent: the content digest
    what: str = ""


@dataclass(frozen=True, slots=True)
class Invitation:
    """An iMIP message for one meeting, and what to remember once it was sent."""

    meeting: str
    kind: SentKind  # REQUEST or CANCEL
    message: EmailMessage
    calendar: bytes  # the text/calendar part, as folded
    events: tuple[EventState, ...]
    recipients: tuple[str, ...]  # exactly the To: addresses
    unchanged: bool  # nothing changed since it was last sent: do not send it again
    first: bool  # no event of it was sent before
    occurrence: date | None = None  # a single cancelled occurrence
    notes: tuple[str, ...] = ()

    def records(self, sent: datetime) -> tuple[SentRecord, ...]:
        """What :func:`~planner.mail.sent.remember_sent` stores once the server took it."""
        return tuple(SentRecord(self.meeting, self.kind, sent.astimezone(UTC), e.uid,
                                e.sequence, e.digest, self.occurrence, self.recipients)
                     for e in self.events)


@dataclass(frozen=True, slots=True)
class Notice:
    """A clock-change heads-up for one shifted occurrence."""

    meeting: str
    date: date
    message: EmailMessage
    recipients: tuple[str, ...]

    def record(self, sent: datetime) -> SentRecord:
        return SentRecord(self.meeting, SentKind.NOTICE, sent.astimezone(UTC),
                          occurrence=self.date, to=self.recipients)

    @property
    def file_name(self) -> str:
        """``<meeting>-<date>.eml``: one file per meeting and shift date."""
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in self.meeting)
        return f"{safe}-{self.date.isoformat()}.eml"


# --- people -------------------------------------------------------------------------

def _organizer(plan: Plan, sender: str | None) -> tuple[str | None, str]:
    text = sender or plan.organizer
    field = "mail.from" if sender else "organizer"
    if not text:
        raise InputError(Problem(_("an invitation needs an organizer to send it"),
                                 field="organizer",
                                 suggestion=_('add organizer = "Name <address>" to the plan (or '
                                              'from = "…" under [mail])')))
    found = parse_name_address(text)
    if found is None:
        raise InputError(Problem(_('"{text}" '
                                   'is not "Name <address>"').format(text=clean_text(text)),
                                   field=field,
                                 suggestion=_('write e.g. "Lena Vogt <lena@example.com>"')))
    return found


def _attendees(plan: Plan, meeting: Meeting) -> tuple[Member, ...]:
    wanted = set(meeting.attendees)
    return tuple(m for m in plan.members if m.name in wanted)


def _to(plan: Plan, meeting: Meeting, organizer: str) -> tuple[list[str], list[str]]:
    """(To: header values, envelope addresses) of the meeting's attendees with an address,
    the organizer left out."""
    headers, addresses = [], []
    for m in _attendees(plan, meeting):
        if not m.email or m.email.strip().lower() == organizer.lower():
            continue
        headers.append(formataddr((clean_text(m.name), m.email.strip())))
        addresses.append(m.email.strip())
    if not addresses:
        raise InputError(Problem(_('no attendee of "{id}" but the organizer has '
                                   "an e-mail address, so there is no one to send "
                                   "it to").format(id=meeting.id),
                                 field=f'meeting "{meeting.id}".attendees',
                                 suggestion=_('add email = "…" to the attendees in the plan')))
    return headers, addresses


# --- the MIME message ------------------------------------------------------------------

def _html(text: str) -> str:
    """The plain text as simple HTML: paragraphs, and "• " lines as a list."""
    out: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        items = [ln[2:] for ln in lines if ln.startswith("• ")]
        head = [ln for ln in lines if not ln.startswith("• ")]
        if head:
            out.append("<p>" + "<br>\n".join(html.escape(ln) for ln in head) + "</p>")
        if items:
            out.append("<ul>\n" + "\n".join(f"<li>{html.escape(i)}</li>" for i in items)
                       + "\n</ul>")
    body = "\n".join(out)
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
            f'<body style="font-family: sans-serif">\n{body}\n</body></html>\n')


def _message_id(organizer: str, *parts: str) -> str:
    domain = organizer.rsplit("@", 1)[-1] or "overlap.invalid"
    return f"<{uuid.uuid5(_MESSAGE_NAMESPACE, chr(31).join(parts))}@{domain}>"


def _headers(msg: EmailMessage, subject: str, organizer: tuple[str | None, str],
             to: Sequence[str], stamp: datetime, message_id: str) -> None:
    name, address = organizer
    msg["Subject"] = clean_text(subject)
    msg["From"] = formataddr((clean_text(name or ""), address))
    msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(stamp.astimezone(UTC))
    msg["Message-ID"] = message_id


def _imip(subject: str, organizer: tuple[str | None, str], to: Sequence[str],
          stamp: datetime, message_id: str, text: str, calendar: bytes, method: str
          ) -> EmailMessage:
    msg = EmailMessage()
    _headers(msg, subject, organizer, to, stamp, message_id)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(_html(text), subtype="html", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(calendar, "text", "calendar", cte="base64",
                        params={"method": method, "charset": "UTF-8"})
    msg.add_attachment(calendar, "application", "ics", cte="base64",
                       filename=ATTACHMENT_NAME)
    return msg


def calendar_part(msg: EmailMessage) -> EmailMessage | None:
    """The ``text/calendar`` part of a message (the first one), or None."""
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return part
    return None


# --- invitations -------------------------------------------------------------------------

def _schedule(portfolio: Portfolio, meeting_id: str) -> MeetingSchedule:
    for s in portfolio.schedules:
        if s.meeting.id == meeting_id:
            return s
    ids = ", ".join(s.meeting.id for s in portfolio.schedules) or _("none")
    raise InputError(Problem(_('no meeting has the id "{meeting}"').format(meeting=meeting_id),
                             field="meeting", suggestion=_("meetings: {ids}").format(ids=ids)))


def _memory(sent: Mapping[str, SentRecord], exported: Mapping[str, ExportRecord]
            ) -> dict[str, ExportRecord]:
    """SEQUENCE memory for the export: what was sent, never below what was exported
    (a request file mailed by hand carried the exported SEQUENCE)."""
    out = {}
    for uid in {*sent, *exported}:
        s, e = sent.get(uid), exported.get(uid)
        seq = max((s.sequence or 0) if s else 0, e.sequence if e else 0)
        digest = (s.digest or _CANCELLED) if s else (e.digest if e else "")
        out[uid] = ExportRecord(uid, seq, digest)
    return out


def _sent_before(records: Sequence[SentRecord], meeting_id: str) -> dict[str, SentRecord]:
    return last_events(records, meeting_id)


def _request_export(plan: Plan, cal: DayOff, portfolio: Portfolio, meeting_id: str,
                    organizer: tuple[str | None, str], stamp: datetime,
                    memory: Mapping[str, ExportRecord], locale: str | None) -> Export:
    name, address = organizer
    org_text = f"{name} <{address}>" if name else address
    return export_meetings(plan, cal, portfolio, stamp=stamp,
                           options=ExportOptions(method="request", organizer=org_text,
                                                 locale=locale),
                           memory=memory, only=[meeting_id])


def _masters(export: Export) -> list[icalendar.Event]:
    return [e for e in export.calendar.walk("VEVENT")
            if isinstance(e, icalendar.Event) and e.get("RECURRENCE-ID") is None]


def build_invitation(plan: Plan, cal: DayOff, portfolio: Portfolio, meeting_id: str, *,
                     stamp: datetime, sent: Sequence[SentRecord] = (),
                     exported: Mapping[str, ExportRecord] | None = None,
                     sender: str | None = None, locale: str | None = "en") -> Invitation:
    """The ``METHOD:REQUEST`` message of meeting ``meeting_id`` as ``portfolio`` plans it.

    ``sent`` is :func:`~planner.mail.sent.read_sent` of the plan (what was sent
    before: UIDs keep their SEQUENCE unless their content changed, and an
    invitation whose every event was sent as it is now is ``unchanged``);
    ``exported`` is the plan's ``[[exports]]`` memory; ``sender`` is ``[mail]
    from`` (None: the plan's organizer).  InputError for an unknown meeting, no
    organizer, or no attendee with an address.
    """
    schedule = _schedule(portfolio, meeting_id)
    meeting = schedule.meeting
    organizer = _organizer(plan, sender)
    to, addresses = _to(plan, meeting, organizer[1])
    before = _sent_before(sent, meeting_id)
    export = _request_export(plan, cal, portfolio, meeting_id, organizer, stamp,
                             _memory(before, exported or {}), locale)
    events = tuple(EventState(r.uid, r.sequence, r.digest, r.what) for r in export.records)
    # A cancelled occurrence keeps the digest of the invitation it was cut from: sending
    # that invitation again would bring the occurrence back in the attendees' calendars.
    unchanged = all(e.uid in before and not before[e.uid].whole_cancel
                    and before[e.uid].digest == e.digest for e in events)
    first = not any(e.uid in before for e in events)
    notes = list(export.notes)
    gone = [r for uid, r in before.items() if uid not in {e.uid for e in events}
            and not r.whole_cancel]
    if gone:
        # English keeps "event(s)" for both counts, as it always read.
        notes.append(ngettext(
            "{count} event(s) of this meeting that were sent before are no longer part of it "
            "(a slot no longer used); attendees keep them until they delete them",
            "{count} event(s) of this meeting that were sent before are no longer part of it "
            "(a slot no longer used); attendees keep them until they delete them",
            len(gone)).format(count=len(gone)))
    title = clean_text(meeting.title) or meeting.id
    if first:
        subject = _("Invitation: {title}").format(title=title)
        lead = _("You are invited to “{title}”.").format(title=title)
    else:
        subject = _("Updated invitation: {title}").format(title=title)
        lead = _("“{title}” has changed; this invitation replaces the earlier "
                 "one.").format(title=title)
    text = "\n\n".join([lead, *(str(e.get("DESCRIPTION", "")) for e in _masters(export))])
    msg = _imip(subject, organizer, to, stamp, _message_id(
        organizer[1], "request", *(f"{e.uid}:{e.sequence}" for e in events),
        stamp.isoformat()), text, export.data, "REQUEST")
    return Invitation(meeting.id, SentKind.REQUEST, msg, export.data, events, tuple(addresses),
                      unchanged, first, None, tuple(dict.fromkeys(notes)))


def _occurrence(schedule: MeetingSchedule, day: date) -> MeetingOccurrence:
    m = schedule.meeting
    found = [o for o in schedule.occurrences if o.date == day and o.held] or \
        [o for o in schedule.occurrences if o.rule_date == day]
    if not found:
        raise InputError(Problem(_('"{id}" has no occurrence on '
                                   "{date}").format(id=m.id, date=day.isoformat()),
                                 field="--date", suggestion=_("give the date of an occurrence (a "
                                                              "moved one by its new date); "
                                                              "overlap meetings lists them")))
    o = found[0]
    if not o.held:
        raise InputError(Problem(_('the occurrence of "{id}" on {date} is skipped already, so '
                                   "there is nothing to cancel").format(id=m.id,
                                                       date=day.isoformat()), field="--date",
                                 suggestion=_("invite again to send the skip as an update")))
    return o


def _cancelled(event: icalendar.Event, sequence: int, stamp: datetime, description: str
               ) -> icalendar.Event:
    out = icalendar.Event()
    for name, value in event.property_items(recursive=False):
        if name in ("BEGIN", "END", "SEQUENCE", "DTSTAMP", "STATUS", "DESCRIPTION"):
            continue
        out.add(name, value, encode=False)
    out.add("SEQUENCE", sequence)
    out.add("DTSTAMP", stamp)
    out.add("STATUS", "CANCELLED")
    out.add("DESCRIPTION", description)
    return out


def _next_sequence(uid: str, before: Mapping[str, SentRecord],
                   exported: Mapping[str, ExportRecord]) -> int:
    """One above every SEQUENCE the attendees may have seen for the UID (at least 1)."""
    seen = [before[uid].sequence or 0] if uid in before else []
    if uid in exported:
        seen.append(exported[uid].sequence)
    return max([0, *seen]) + 1


def _one_event(export: Export, uid: str) -> bool:
    """Whether the UID's event is a single event (no RRULE): it is cancelled whole."""
    masters = [e for e in _masters(export) if str(e.get("UID")) == uid]
    return not masters or masters[0].get("RRULE") is None


def build_cancellation(plan: Plan, cal: DayOff, portfolio: Portfolio, meeting_id: str, *,
                       stamp: datetime, occurrence: date | None = None,
                       sent: Sequence[SentRecord] = (),
                       exported: Mapping[str, ExportRecord] | None = None,
                       sender: str | None = None, locale: str | None = "en") -> Invitation:
    """The ``METHOD:CANCEL`` message of meeting ``meeting_id``, or of its one occurrence
    held on ``occurrence`` (a moved one by its new date or its original one).

    The events are those the invitation of the same plan carries, with their
    ATTENDEEs, ``STATUS:CANCELLED`` and ``SEQUENCE`` one above what was sent or
    exported.  A whole meeting whose events were all cancelled already is
    ``unchanged``.  See :func:`build_invitation` for the other arguments.
    """
    schedule = _schedule(portfolio, meeting_id)
    meeting = schedule.meeting
    organizer = _organizer(plan, sender)
    to, addresses = _to(plan, meeting, organizer[1])
    exported = exported or {}
    before = _sent_before(sent, meeting_id)
    export = _request_export(plan, cal, portfolio, meeting_id, organizer, stamp,
                             _memory(before, exported), locale)
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    fmt = Formats(parse_locale(locale), {o.date.year for o in schedule.held})
    title = clean_text(meeting.title) or meeting.id
    attendees = dataclasses.replace(plan, members=_attendees(plan, meeting))
    cal_out = icalendar.Calendar()
    cal_out.add("PRODID", PRODID)
    cal_out.add("VERSION", "2.0")
    cal_out.add("CALSCALE", "GREGORIAN")
    cal_out.add("METHOD", "CANCEL")
    events: list[EventState] = []
    years: set[int] = set()
    one = _occurrence(schedule, occurrence) if occurrence is not None else None
    if one is not None and one.slot is not None:
        uid = meeting_uid(plan, meeting.id, one.slot)
        master = next(e for e in _masters(export) if str(e.get("UID")) == uid)
        slot = schedule.slot(one.slot)
        seq = _next_sequence(uid, before, exported)
        lines = [_("“{title}” on {date} is cancelled. The other occurrences stay as they "
                   "are.").format(title=title, date=fmt.day(one.date)), "",
                 _("It was at these local times:")]
        lines += [f"• {x}" for x in occurrence_lines(attendees, cal, one.start, fmt)]
        text = "\n".join([*lines, "", _(FOOTER)])
        event = _cancelled(master, seq, stamp, text)
        if not _one_event(export, uid):
            for name in ("RRULE", "EXDATE", "RDATE", "DTSTART", "DTEND", "DURATION"):
                event.pop(name, None)
            event.add("DTSTART", written_value(one.start, slot.zone))
            event.add("DTEND", written_value(one.end, slot.zone))
            # RFC 5545 3.8.4.4: the original start, in DTSTART's form (TZID or UTC).
            event.add("RECURRENCE-ID", anchored(one.rule_date, slot.local_time, slot.zone))
        cal_out.add_component(event)
        years |= {one.rule_date.year, one.date.year}
        prior = before.get(uid)
        events.append(EventState(uid, seq, prior.digest if prior and prior.digest
                                 else next(r.digest for r in export.records if r.uid == uid),
                                 f"{meeting.id} {one.date.isoformat()}"))
        subject = _("Cancelled: {title} on {date}").format(title=title,
                                                           date=one.date.isoformat())
        unchanged = False
    else:
        masters = _masters(export)
        text = "\n\n".join([_("“{title}” is cancelled: every occurrence is removed from your "
                              "calendar.").format(title=title),
                            *(str(e.get("DESCRIPTION", "")) for e in masters)])
        for master in masters:
            uid = str(master.get("UID"))
            seq = _next_sequence(uid, before, exported)
            cal_out.add_component(_cancelled(master, seq, stamp, text))
            events.append(EventState(uid, seq, _CANCELLED, meeting.id))
        years |= {o.date.year for o in schedule.held} | {o.rule_date.year for o in schedule.held}
        subject = _("Cancelled: {title}").format(title=title)
        unchanged = bool(events) and all(e.uid in before and before[e.uid].whole_cancel
                                          for e in events)
        if unchanged:  # already cancelled: the sequence stays what was sent
            events = [dataclasses.replace(e, sequence=before[e.uid].sequence or e.sequence)
                      for e in events]
    add_vtimezones(cal_out, min(years), max(years))
    data = fold_content(cal_out.to_ical())
    msg = _imip(subject, organizer, to, stamp, _message_id(
        organizer[1], "cancel", *(f"{e.uid}:{e.sequence}" for e in events),
        stamp.isoformat()), text, data, "CANCEL")
    first = not any(e.uid in before for e in events)
    notes = [] if not first else [_('no invitation to "{id}" was sent from this plan before; the '
                                    "cancellation goes out anyway").format(id=meeting.id)]
    if one is not None:
        notes.append(_('to keep it cancelled in later updates, add "{date}" to skip = [...] of '
                       'meeting "{id}"').format(date=one.rule_date.isoformat(), id=meeting.id))
    return Invitation(meeting.id, SentKind.CANCEL, msg, data, tuple(events), tuple(addresses),
                      unchanged, first, one.date if one is not None else None, tuple(notes))


# --- clock-change notices ----------------------------------------------------------------

def build_notice(shift: Shift, plan: Plan, *, stamp: datetime,
                 sender: str | None = None) -> Notice:
    """The plain heads-up for one shifted occurrence (:func:`planner.clocks.
    notice_message_text`), to the meeting's attendees with an address."""
    meeting = next((m for m in plan.meetings if m.id == shift.meeting), None)
    if meeting is None:
        raise InputError(Problem(_("no meeting "
                                   'has the id "{meeting}"').format(meeting=shift.meeting),
                                   field="meeting"))
    organizer = _organizer(plan, sender)
    to, addresses = _to(plan, meeting, organizer[1])
    subject, body = notice_message_text(shift, meeting, plan)
    msg = EmailMessage()
    _headers(msg, subject, organizer, to, stamp, _message_id(
        organizer[1], "notice", shift.meeting, shift.date.isoformat(), stamp.isoformat()))
    msg.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    return Notice(shift.meeting, shift.date, msg, tuple(addresses))

