"""Building exported events: times, recurrence, people, SEQUENCE and the calendar.

The rules each export follows (RFC 5545 3.3.5 times, 3.3.10 UNTIL, 3.8.5.1
EXDATE, 3.8.4.4 RECURRENCE-ID, RFC 5546 METHOD) are listed in
:mod:`planner.ics.export`; this module applies them for every kind of export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import icalendar

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.i18n import _
from planner.ics.export.describe import Formats, one_description
from planner.ics.export.memory import MAX_SEQUENCE, ExportRecord, content_digest
from planner.ics.export.options import Resolved
from planner.ics.export.text import clean_text, fold_content, mailto, param_text
from planner.ics.vtimezone import add_vtimezones
from planner.model import Plan
from planner.zones import UTC_KEYS, get_zone

__all__ = ["PRODID", "Export", "Group", "Instance", "anchored", "finish_export", "gone_note",
           "is_utc",
           "make_event", "people", "recurring", "written_span", "written_value"]

PRODID = "-//Overlap//Overlap check-in planner//EN"


@dataclass(frozen=True, slots=True)
class Export:
    """An exported calendar: the icalendar object, its bytes and what to remember."""

    calendar: icalendar.Calendar
    data: bytes
    records: tuple[ExportRecord, ...]
    notes: tuple[str, ...] = ()  # things the user should know (not errors)
    resources: tuple[tuple[str, bytes], ...] = field(default=())  # per UID, for CalDAV

    @property
    def uids(self) -> tuple[str, ...]:
        return tuple(r.uid for r in self.records)


def is_utc(zone: str) -> bool:
    """Whether times in the zone are written in UTC's "Z" form (no TZID)."""
    return zone in UTC_KEYS


def anchored(day: date, at: time, zone: str) -> datetime:
    """The wall-clock value written for a rule date: TZID form, or UTC for UTC anchors.

    Not normalised through UTC: DTSTART, EXDATE and RECURRENCE-ID must carry
    the rule's own wall time even on a day where it falls in a DST gap.
    """
    if is_utc(zone):
        return datetime.combine(day, at, tzinfo=UTC)
    return datetime.combine(day, at, tzinfo=get_zone(zone))


def written_value(instant: datetime, zone: str) -> datetime:
    """An instant as written in DTSTART or DTEND: its local time in ``zone`` (TZID
    form), or UTC when that local time occurs twice (a repeated hour).

    RFC 5545 3.3.5 reads a repeated local time as its first occurrence, but
    libical (Evolution) takes the second: only the UTC form names the instant
    for every reader.
    """
    if is_utc(zone) or _ambiguous(instant, zone):
        return instant.astimezone(UTC)
    return instant.astimezone(get_zone(zone))


def written_span(start: datetime, end: datetime, zone: str) -> tuple[datetime, datetime]:
    """DTSTART and DTEND of one event: both local (TZID form), or both UTC when either
    local time is repeated or the event spans an offset change.

    Mixed forms are valid RFC 5545, but readers that subtract or add local times
    (recurring-ical-events among them) then get the length an hour wrong; the
    UTC pair names both instants for every reader.
    """
    if is_utc(zone) or _ambiguous(start, zone) or _ambiguous(end, zone) \
            or _spans_change(start, end, zone):
        return start.astimezone(UTC), end.astimezone(UTC)
    z = get_zone(zone)
    return start.astimezone(z), end.astimezone(z)


def _ambiguous(instant: datetime, zone: str) -> bool:
    """Whether the instant's local time in ``zone`` occurs twice (a repeated hour)."""
    local = instant.astimezone(get_zone(zone))
    return local.replace(fold=0).astimezone(UTC) != local.replace(fold=1).astimezone(UTC)


def _spans_change(start: datetime, end: datetime, zone: str) -> bool:
    """Whether the zone's UTC offset at ``end`` differs from the one at ``start``
    (a meeting that ends right at a change counts: its local end moved too)."""
    if is_utc(zone):
        return False
    z = get_zone(zone)
    return start.astimezone(z).utcoffset() != end.astimezone(z).utcoffset()


def people(event: icalendar.Event, plan: Plan, opts: Resolved) -> list[str]:
    """ORGANIZER and (for REQUEST) ATTENDEEs; returns notes for the user."""
    notes: list[str] = []
    if opts.organizer is not None:
        name, mail = opts.organizer
        org = mailto(mail, "organizer")
        if name:
            org.params["CN"] = param_text(name)
        event.add("ORGANIZER", org)
    if opts.method != "request":
        return notes
    org_mail = opts.organizer[1].lower() if opts.organizer else None
    invited = 0
    for m in plan.members:
        if not m.email:
            notes.append(_("{member} has no e-mail address and is not "
                           "invited").format(member=clean_text(m.name)))
            continue
        attendee = mailto(m.email, f'member "{clean_text(m.name)}".email')
        is_organizer = m.email.strip().lower() == org_mail
        attendee.params.update({
            "CN": param_text(m.name),
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT" if m.required else "OPT-PARTICIPANT",
            "PARTSTAT": "ACCEPTED" if is_organizer else "NEEDS-ACTION",
            "RSVP": "FALSE" if is_organizer else "TRUE",
        })
        event.add("ATTENDEE", attendee)
        invited += 1
    if invited == 0:
        raise InputError(Problem(_("no member has an e-mail address, so an invitation "
                                   "(METHOD:REQUEST) would invite nobody"), field="email",
                                 suggestion=_('add email = "…" to the members, or export with '
                                              "--method publish")))
    return notes


def make_event(opts: Resolved, uid: str, start: datetime, end: datetime | timedelta,
               description: str) -> icalendar.Event:
    """A VEVENT; ``end`` is DTEND, or DURATION when it is a timedelta."""
    event = icalendar.Event()
    event.add("UID", uid)
    event.add("SUMMARY", opts.title)
    event.add("DTSTART", start)
    event.add("DURATION" if isinstance(end, timedelta) else "DTEND", end)
    event.add("DESCRIPTION", description)
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    return event


def gone_note(what: str) -> str:
    """The note for an event exported before and not part of this export: publishing
    deletes such events itself and drops exactly this note."""
    return _('"{event}" was exported before and is not part of this export any more; delete it '
             "from calendars that imported it").format(event=what)


@dataclass
class Group:
    """The components of one UID, before SEQUENCE and DTSTAMP are known."""

    uid: str
    what: str
    group: str
    components: list[icalendar.Event]


def _years(values: Iterable[datetime]) -> tuple[int, int]:
    years = [v.year for v in values]
    return min(years), max(years)


def finish_export(groups: Sequence[Group], opts: Resolved, stamp: datetime,
                  memory: Mapping[str, ExportRecord] | None, written: Sequence[datetime],
                  notes: list[str]) -> Export:
    """The calendar of all groups, with SEQUENCE from ``memory`` and DTSTAMP ``stamp``,
    VTIMEZONEs for the years of every datetime ``written``, folded bytes and (CalDAV)
    one object per UID.  InputError, naming the plan's ``[[exports]]`` entry, when
    a remembered SEQUENCE would go beyond what RFC 5545 allows."""
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime")
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    memory = memory or {}
    records = []
    problems: list[Problem] = []
    for g in groups:
        digest = content_digest(g.components)
        before = memory.get(g.uid)
        if before is None:
            sequence = 0
        elif before.digest == digest:
            sequence = before.sequence
        else:
            sequence = before.sequence + 1
        if before is not None and sequence > MAX_SEQUENCE:
            problems.append(before.sequence_problem(sequence))
            continue
        for c in g.components:
            c.add("SEQUENCE", sequence)
            c.add("DTSTAMP", stamp)
        records.append(ExportRecord(g.uid, sequence, digest, g.what, g.group))
    if problems:
        raise InputError(problems)
    exported = {g.uid for g in groups}
    group_names = {g.group for g in groups}
    for old in memory.values():
        if old.group in group_names and old.uid not in exported:
            notes.append(gone_note(old.what or old.uid))

    def calendar(parts: Sequence[Group]) -> icalendar.Calendar:
        cal = icalendar.Calendar()
        cal.add("PRODID", PRODID)
        cal.add("VERSION", "2.0")
        cal.add("CALSCALE", "GREGORIAN")
        if not opts.caldav:
            cal.add("METHOD", opts.method.upper() if opts.method else "PUBLISH")
        for g in parts:
            for c in g.components:
                cal.add_component(c)
        first, last = _years(written)
        add_vtimezones(cal, first, last)
        return cal

    cal = calendar(groups)
    data = fold_content(cal.to_ical())
    resources: tuple[tuple[str, bytes], ...] = ()
    if opts.caldav:
        # RFC 4791 4.1: one UID per stored calendar object.
        resources = tuple((g.uid, fold_content(calendar([g]).to_ical())) for g in groups)
    return Export(cal, data, tuple(records), tuple(notes), resources)


@dataclass(frozen=True, slots=True)
class Instance:
    """One date of a rule as the export needs it."""

    rule_day: date  # the rule's local date (RECURRENCE-ID)
    start: datetime  # UTC, as held
    end: datetime
    held: bool
    moved: bool
    description: str | None = None  # for an override; None: the plain occurrence text


def _irregular(day: date, at: time, zone: str, length: timedelta) -> bool:
    """Whether readers may place this rule date's meeting differently.

    True when the wall time does not exist on ``day`` (a DST gap: RFC 5545
    moves it forward; libical reads it with the other offset, libical#1402),
    when it occurs twice (RFC 5545 takes the first, libical the second), or
    when the meeting spans an offset change (readers that add or subtract
    local times get the length wrong).  An end in a repeated hour alone is
    no reason: readers add the length exactly, so the plain instance is right.
    """
    if is_utc(zone):
        return False
    wall = anchored(day, at, zone)
    instant = wall.astimezone(UTC)
    local = instant.astimezone(get_zone(zone))
    return local.replace(tzinfo=None) != wall.replace(tzinfo=None) \
        or _ambiguous(instant, zone) or _spans_change(instant, instant + length, zone)


def recurring(opts: Resolved, plan: Plan, cal: DayOff, fmt: Formats, uid: str, zone: str,
              at: time, length: timedelta, rule: Mapping[str, object] | None,
              instances: Sequence[Instance], description: str
              ) -> tuple[list[icalendar.Event], list[datetime], list[str]]:
    """The master VEVENT (RRULE, EXDATE) and its overrides for rule dates from
    DTSTART on; the first instance is held.  Returns (components, datetimes
    written, notes).

    Overrides: moved dates, and dates where clients could disagree
    (:func:`_irregular`): those get an override whose DTSTART and DTEND are
    UTC, so that no reader can misplace them (libical reads a local time in a
    repeated hour as its second occurrence, one in a gap an hour early);
    RECURRENCE-ID is the rule's wall time in DTSTART's form (RFC 5545
    3.8.4.4).  Ordinary dates get no override.  When the first date is irregular the
    master carries DURATION instead of DTEND, since a DTEND there would give
    the readers that subtract local times a wrong length for every date.
    """
    head = instances[0]
    if rule is None:  # one date: a plain event at its real times
        begin, finish = written_span(head.start, head.end, zone)
        event = make_event(opts, uid, begin, finish, description)
        return [event], [begin, finish], people(event, plan, opts)
    start = anchored(head.rule_day, at, zone)
    if _irregular(head.rule_day, at, zone, length):
        master = make_event(opts, uid, start, length, description)
        written = [start]
    else:
        rule_start = start.astimezone(UTC)
        finish = written_value(rule_start + length, zone)
        master = make_event(opts, uid, start, finish, description)
        written = [start, finish]
    master.add("RRULE", dict(rule))
    excluded = [anchored(i.rule_day, at, zone) for i in instances if not i.held]
    if excluded:
        master.add("EXDATE", excluded)
        written += excluded
    notes = people(master, plan, opts)
    components = [master]
    for i in instances:
        irregular = _irregular(i.rule_day, at, zone, length)
        if not i.held or not (i.moved or irregular):
            continue
        rid = anchored(i.rule_day, at, zone)
        if irregular:  # a date around a clock change: the instants themselves
            begin, finish = i.start.astimezone(UTC), i.end.astimezone(UTC)
        else:  # moved, perhaps onto a clock change
            begin, finish = written_span(i.start, i.end, zone)
        override = make_event(opts, uid, begin, finish,
                              i.description or one_description(plan, cal, i.start, fmt))
        override.add("RECURRENCE-ID", rid)
        people(override, plan, opts)
        components.append(override)
        written += [rid, begin, finish]
    return components, written, notes
