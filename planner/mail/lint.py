"""The interop rules of an iMIP message (``.eml``), for ``overlap check``.

An invitation that calendar clients act on alike (RFC 6047, RFC 5546, and
DESIGN.md "E-mail invitations"):

* ``imip-structure``: a ``text/calendar`` part (RFC 6047 2.4), inside a
  ``multipart/alternative`` with ``text/plain`` and ``text/html``; an
  ``.ics`` attachment, when there is one, holds the same calendar.
* ``imip-headers``: Subject, Date, From and To are present.
* ``imip-method``: the ``method`` parameter of the calendar part equals the
  calendar's ``METHOD`` (RFC 6047 2.4: clients act on the parameter).
* ``imip-organizer``: every event has an ``ORGANIZER``, and it is the From:
  address (RFC 6047 3: replies go to the organizer).
* ``imip-attendee``: one ``ATTENDEE`` per invitee (each To: address), with
  ``CN`` and ``ROLE``, and in a ``REQUEST`` ``RSVP=TRUE``; no attendee who
  is not an invitee, except the organizer.
* ``imip-cancel``: a ``CANCEL`` has ``STATUS:CANCELLED`` and a ``SEQUENCE``
  raised above the invitation's, so never 0 (RFC 5546 3.2.5, 2.1.4).
* ``imip-recurrence-id``: ``RECURRENCE-ID`` is in the form of ``DTSTART``
  (the same TZID, or both UTC, or both dates; RFC 5545 3.8.4.4).
* ``imip-vtimezone``: a ``VTIMEZONE`` with daylight saving time gives it as
  yearly ``RRULE``\\ s, not as a list of dates (Thunderbird ignores the DST of
  the RDATE form, Outlook has been reported to mis-read it; DESIGN.md
  "iCalendar rules").  An error in an invitation, where the .ics linter's
  ``vtimezone-rdate`` is a warning for any file (it is left out here).
* The calendar itself is checked by :func:`planner.ics.lint.lint_ics` (a
  TZID without VTIMEZONE, UNTIL, EXDATE, folding ...), its findings named
  after the calendar part.

Findings about the calendar carry the line within the calendar part.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from planner.i18n import _
from planner.ics.lines import Component, Property, nest, parse_property, read_lines
from planner.ics.lint import Finding, lint_ics
from planner.ics.lint.findings import Report

__all__ = ["is_eml", "lint_eml"]

_DATE = re.compile(r"^\d{8}$")
_DATE_TIME = re.compile(r"^\d{8}T\d{6}Z?$")
_HEADER = re.compile(rb"^[A-Za-z0-9-]+:", re.MULTILINE)


def is_eml(path: str, data: bytes) -> bool:
    """Whether a file is an e-mail message: named ``.eml``, or MIME headers before a
    calendar."""
    if path.lower().endswith(".eml"):
        return True
    head = data[:4096].lstrip()
    return not head.upper().startswith(b"BEGIN:VCALENDAR") and \
        bool(re.search(rb"^MIME-Version:", head, re.MULTILINE | re.IGNORECASE)) and \
        bool(_HEADER.match(head))


def _form(prop: Property) -> tuple[str, str | None] | None:
    value = prop.value.strip()
    if _DATE.fullmatch(value) or (prop.param("VALUE") or "").upper() == "DATE":
        return "date", None
    if _DATE_TIME.fullmatch(value):
        if value.endswith("Z"):
            return "utc", None
        tzid = prop.param("TZID")
        return ("local", tzid) if tzid else ("floating", None)
    return None


def _describe(form: tuple[str, str | None]) -> str:
    what, tzid = form
    return {"date": _("a date"), "utc": _("a UTC time (Z)"), "floating": _("a floating time")}.get(
        what, _("a local time with TZID={tzid}").format(tzid=tzid))


def _address(prop: Property) -> str:
    value = prop.value.strip()
    return (value[7:] if value.lower().startswith("mailto:") else value).strip().lower()


def _vtimezones(data: bytes, report: Report) -> None:
    lines = read_lines(data)
    props = [p for p in (parse_property(c) for c in lines.content) if p is not None]
    for root in nest(props).roots:
        for zone in root.walk():
            if zone.name != "VTIMEZONE":
                continue
            subs = [c for c in zone.components if c.name in ("STANDARD", "DAYLIGHT")]
            if any(c.name == "DAYLIGHT" for c in subs) and \
                    not any(c.get("RRULE") is not None for c in subs):
                tzid = zone.get("TZID")
                report.add(zone.line, "imip-vtimezone",
                           _('VTIMEZONE "{tzid}" gives daylight saving time as '
                             "dates (RDATE or one-off parts), not as a yearly "
                             "RRULE").format(tzid=tzid.value if tzid else ""),
                           _("write one STANDARD and one DAYLIGHT with RRULE:FREQ=YEARLY;... (as "
                             "planner.ics.vtimezone does): Thunderbird ignores the DST of the "
                             "dated form"))


def _events(data: bytes) -> tuple[str | None, list[Component]]:
    lines = read_lines(data)
    props = [p for p in (parse_property(c) for c in lines.content) if p is not None]
    structure = nest(props)
    method = None
    events: list[Component] = []
    for root in structure.roots:
        for c in root.walk():
            if c.name == "VCALENDAR" and c.get("METHOD") is not None and method is None:
                method = (c.get("METHOD") or Property("", (), "", 0)).value.strip().upper()
            elif c.name == "VEVENT":
                events.append(c)
    return method, events


def _check_attendees(event: Component, method: str, invitees: dict[str, str],
                     organizer: str, report: Report) -> None:
    found: dict[str, list[Property]] = {}
    for a in event.all("ATTENDEE"):
        found.setdefault(_address(a), []).append(a)
    for address, shown in invitees.items():
        props = found.get(address, [])
        if len(props) != 1:
            report.add(event.line, "imip-attendee",
                       _("{shown} is a recipient but has {n_props} ATTENDEE lines in this "
                         "event").format(shown=shown, n_props=len(props)),
                                                                _("give every invitee exactly one "
                                  "ATTENDEE;CN=…;ROLE=…;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:… "
                                  "(RFC 5546 3.2.2)"))
            continue
        a = props[0]
        missing = [p for p in ("CN", "ROLE") if not a.param(p)]
        if method == "REQUEST" and (a.param("RSVP") or "").upper() != "TRUE":
            missing.append("RSVP=TRUE")
        if missing:
            report.add(a.line, "imip-attendee",
                       _("the ATTENDEE {shown} has no "
                         "{missing}").format(shown=shown, missing=', '.join(missing)),
                       _("write CN (the name), ROLE (REQ- or OPT-PARTICIPANT) and, in a REQUEST, "
                         "RSVP=TRUE so the client offers Accept/Decline"))
    for address, props in found.items():
        if address not in invitees and address != organizer:
            report.add(props[0].line, "imip-attendee",
                       _("the ATTENDEE {address} is not among the message's recipients "
                         "(To:)").format(address=address),
                       _("send the message to every attendee, or remove the ATTENDEE"))
        elif address in invitees and len(props) > 1:
            continue  # reported above


def _check_calendar(data: bytes, method_param: str | None, sender: str,
                    invitees: dict[str, str], report: Report) -> None:
    method, events = _events(data)
    if method_param is None:
        report.add(None, "imip-method", _("the text/calendar part has no method parameter"),
                   _("write Content-Type: text/calendar; method={method}; charset=UTF-8 (RFC 6047 "
                     "2.4)").format(method=method or "REQUEST"))
    elif method is None or method_param.strip().upper() != method:
        report.add(None, "imip-method",
                   _("the part's method={method_param} differs from the calendar's "
                     "METHOD:{method}").format(method_param=method_param,
                                               method=method or _("(none)")),
                   _("make the Content-Type method parameter equal the calendar's METHOD (RFC "
                     "6047 2.4)"))
    masters: dict[str, Component] = {}
    for e in events:
        uid = e.get("UID")
        if uid is not None and e.get("RECURRENCE-ID") is None:
            masters.setdefault(uid.value.strip(), e)
    for e in events:
        org = e.get("ORGANIZER")
        if org is None:
            report.add(e.line, "imip-organizer", _("the event has no ORGANIZER"),
                       _("add ORGANIZER:mailto:{address} (RFC 5546 "
                         "3.2.2)").format(address=sender or "you@example.com"))
        elif sender and _address(org) != sender:
            report.add(org.line, "imip-organizer",
                       _("ORGANIZER {organizer} is not the sender (From: "
                         "{sender})").format(organizer=_address(org), sender=sender),
                       _("send the message from the organizer's address, or make the ORGANIZER "
                         "the From: address: replies go to the ORGANIZER (RFC 6047 3)"))
        if method in ("REQUEST", "CANCEL"):
            _check_attendees(e, method, invitees, _address(org) if org else "", report)
        if method == "CANCEL":
            status = e.get("STATUS")
            if status is None or status.value.strip().upper() != "CANCELLED":
                report.add(e.line_of("STATUS"), "imip-cancel",
                           _("a METHOD:CANCEL event without STATUS:CANCELLED"),
                           _("add STATUS:CANCELLED (RFC 5546 3.2.5)"))
            seq = e.get("SEQUENCE")
            if seq is None or not seq.value.strip().isdigit() or int(seq.value) < 1:
                report.add(e.line_of("SEQUENCE"), "imip-cancel",
                           _("a cancellation with SEQUENCE {sequence}: clients ignore it as no "
                             "newer than the invitation").format(
                               sequence=seq.value if seq else _("(none)")),
                           _("raise SEQUENCE above the one the invitation carried (RFC 5546 "
                             "2.1.4)"))
        rid = e.get("RECURRENCE-ID")
        if rid is None:
            continue
        uid = e.get("UID")
        master = masters.get(uid.value.strip()) if uid is not None else None
        start = (master or e).get("DTSTART")
        rid_form, start_form = _form(rid), _form(start) if start is not None else None
        if start_form is not None and rid_form != start_form:
            report.add(rid.line, "imip-recurrence-id",
                       _("RECURRENCE-ID is {form} but DTSTART is {start_form}; clients do not "
                         "match it to the occurrence").format(
                         form=_describe(rid_form) if rid_form else _("unreadable"),
                         start_form=_describe(start_form)),
                         _("write RECURRENCE-ID in the form of DTSTART, e.g. "
                           "RECURRENCE-ID;TZID=<the same zone>:<the original local start> (RFC "
                           "5545 3.8.4.4)"))


def _parts(msg: EmailMessage) -> list[EmailMessage]:
    return list(msg.walk())


def lint_eml(data: bytes, path: str | None = None) -> list[Finding]:
    """Interop problems of an iMIP message, then those of its calendar; never raises."""
    report = Report(path)
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        for header in ("Subject", "Date", "From", "To"):
            if not msg.get(header):
                report.add(None, "imip-headers", _("the message has no {header}: "
                                                   "header").format(header=header),
                           _("add {header}: (every invitation has Subject, Date, From and "
                             "To)").format(header=header))
        sender = parseaddr(str(msg.get("From", "")))[1].strip().lower()
        invitees = {a.strip().lower(): a.strip() for _, a in
                    getaddresses([str(v) for v in msg.get_all("To", [])]) if a.strip()}
        parts = _parts(msg)
        calendars = [p for p in parts if p.get_content_type() == "text/calendar"]
        if not calendars:
            report.add(None, "imip-structure", _("the message has no text/calendar part"),
                       _("put the calendar in a text/calendar part inside multipart/alternative "
                         "(RFC 6047 2.4); an attachment alone is not read as an invitation"))
            return report.findings
        part = calendars[0]
        body = part.get_payload(decode=True)
        cal = body if isinstance(body, bytes) else b""
        alternatives = [p for p in parts if p.get_content_type() == "multipart/alternative"]
        inner = {q.get_content_type() for a in alternatives for q in a.iter_parts()}
        want = {"text/plain", "text/html", "text/calendar"}
        if not want <= inner:
            report.add(None, "imip-structure", _("the calendar is not in a multipart/alternative "
                                                 "with text/plain and text/html"),
                       _("send multipart/mixed holding multipart/alternative (text/plain, "
                         "text/html, text/calendar) and the .ics attachment"), "warning")
        for p in parts:
            name = p.get_filename() or ""
            if name.lower().endswith(".ics"):
                attached = p.get_payload(decode=True)
                if attached != cal:
                    report.add(None, "imip-structure",
                               _("the attachment {name} differs from the text/calendar "
                                 "part").format(name=name),
                               _("attach the same calendar as the text/calendar part"))
        method = part.get_param("method")
        _check_calendar(cal, method if isinstance(method, str) else None, sender, invitees,
                        report)
        _vtimezones(cal, report)
        calendar_path = (_("{path} (text/calendar part)").format(path=path) if path
                         else _("text/calendar part"))
        inner_findings = [f for f in lint_ics(cal, calendar_path)
                          if f.code != "vtimezone-rdate"]  # imip-vtimezone says it
    except Exception as exc:  # a message we cannot make sense of is itself a finding
        report.add(None, "imip-structure", _("the message cannot be read: {error_type}: "
                                             "{error}").format(error_type=type(exc).__name__,
                                                               error=exc),
                                                               _("save the message as .eml (RFC "
                                                                 "5322)"))
        return report.findings
    mine = [Finding(f.line, f.code, f.message, f.fix, f.severity,
                    calendar_path if f.line is not None else f.path) for f in report.findings]
    return mine + inner_findings
