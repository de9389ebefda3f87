"""Clock changes: UTC-offset transitions and the meetings they move for someone.

DESIGN.md, "Clock changes: a heads-up before DST moves a meeting for someone".
Calendars keep a series in its organizer's zone, so twice a year attendees
elsewhere find a meeting an hour earlier or later.  This module finds those
occurrences ahead of time; the command line (``overlap dst``), the window's
banner and the notice mails all read the values built here.

Rules, and where they come from:

* **Transitions** are the UTC-offset changes tzdata knows (via
  :func:`planner.zones.zone_transitions`; a change of abbreviation or DST
  flag alone moves no clock and is left out), for every zone in force for a
  member or used by a meeting's slot, between 00:00 of ``first`` and 24:00 of
  ``last`` in the plan's reference zone.  A transition's ``members`` are those
  whose zone in force at that instant is the zone.
* **The zone in force** for a member at an instant comes from
  :func:`zone_spans` alone, which periods (travel) cut.  Shifts read local
  times from the portfolio's attendances, whose zones are the zones in force
  (:func:`planner.periods.in_force`, the same periods).  A different local
  time that comes from the attendee changing zone (travel) is no clock change:
  an attendee whose zone differs between the two occurrences has no shift.
* **A shift** is a held occurrence, dated in the range, where an attendee's
  local start time of day differs from the latest earlier held occurrence of
  the same meeting on the same slot, and a UTC offset changed between the two
  (the slot zone's, or the attendee's own zone's).  Occurrences are ordered
  by their start instant, so a moved occurrence counts at its new date and a
  skipped one is passed over; a change of slot alone is never compared.
  ``change`` is the difference of the local times of day in minutes, taken in
  (-720, +720] so that 23:30 -> 00:30 is +60 (as ``series`` drift).
* **Returns**: the first later held occurrence on the same slot where the
  attendee's local time of day is back to what it was (None: not within the
  meeting's horizon).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from planner.i18n import N_, _, ngettext

from .errors import InputError, Problem
from .meetings.model import Meeting
from .meetings.portfolio import Portfolio
from .meetings.schedule import Attendance, MeetingOccurrence, MeetingSchedule
from .model import Comfort, Member, Plan
from .periods import phases
from .rotation.planning import Candidate
from .zones import city_of, day_bounds, get_zone, zone_transitions

__all__ = [
    "BANNER_DAYS",
    "ClockReport",
    "ClockTransition",
    "MemberShift",
    "Shift",
    "ZoneSpan",
    "banner_shifts",
    "banner_text",
    "clock_report",
    "clock_transitions",
    "dst_json",
    "dst_text",
    "format_offset",
    "meeting_shifts",
    "notice_message_text",
    "zone_in_force",
    "zone_spans",
]

# The window's banner and the command's default range: today and the 27 days after.
BANNER_DAYS = 28

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
              N_("Saturday"), N_("Sunday"))
_SECOND = timedelta(seconds=1)


def format_offset(offset: timedelta) -> str:
    """``+01:00``, ``-03:30``, ``+05:45``; ``+00:00`` for UTC (seconds are dropped)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _utc(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(d: date, *, weekday: bool = False, year: bool = False) -> str:
    """``14 Mar``, ``Sun 14 Mar``, ``14 Mar 2027``: the same in every locale."""
    text = f"{d.day} {_MONTHS[d.month - 1]}"
    if weekday:
        text = f"{_WEEKDAYS[d.weekday()]} {text}"
    return f"{text} {d.year}" if year else text


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise InputError(Problem(_("the range ends ({last}) before it starts "
                                   "({first})").format(last=last, first=first),
                                 field="to", suggestion=_("give a date on "
                                                          "or after {first}").format(first=first)))


def _range(plan: Plan, first: date, last: date) -> tuple[datetime, datetime]:
    _check_range(first, last)
    return day_bounds(first, plan.reference_zone)[0], day_bounds(last, plan.reference_zone)[1]


# --- the zone in force ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ZoneSpan:
    """A stretch [start, end) of UTC during which one zone is in force for a member."""

    start: datetime
    end: datetime
    zone: str


def zone_spans(plan: Plan, member: Member, start: datetime, end: datetime
               ) -> tuple[ZoneSpan, ...]:
    """The zones in force for ``member`` over [start, end), in time order.

    The single place that knows where a member is: their usual zone, cut where
    a period with another zone starts or ends (DESIGN.md, "Periods";
    :func:`planner.periods.phases`).  Neighbouring stretches in one zone are one span.
    """
    if not member.periods:
        return (ZoneSpan(start, end, member.zone),)
    s0, e0 = int(start.timestamp()), int(end.timestamp())
    out: list[ZoneSpan] = []
    for ph in phases(member, s0, e0):
        a = start if ph.start == s0 else datetime.fromtimestamp(ph.start, tz=UTC)
        b = end if ph.end == e0 else datetime.fromtimestamp(ph.end, tz=UTC)
        if out and out[-1].zone == ph.member.zone:
            out[-1] = ZoneSpan(out[-1].start, b, ph.member.zone)
        else:
            out.append(ZoneSpan(a, b, ph.member.zone))
    return tuple(out) or (ZoneSpan(start, end, member.zone),)


def zone_in_force(plan: Plan, member: Member, at: datetime) -> str:
    """The member's zone at instant ``at``."""
    return zone_spans(plan, member, at, at + _SECOND)[0].zone


# --- transitions ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ClockTransition:
    """A change of one zone's UTC offset."""

    zone: str
    at: datetime  # UTC, the first instant of the new offset
    offset_before: timedelta
    offset_after: timedelta
    members: tuple[str, ...] = ()  # plan order: whose zone in force at ``at`` it is

    @property
    def minutes(self) -> int:
        """How far the clocks move: +60 forward, -60 back, +30 on Lord Howe."""
        return int((self.offset_after - self.offset_before).total_seconds()) // 60

    @property
    def onset(self) -> datetime:
        """The naive wall-clock time of the change, read in the offset before it
        (RFC 5545 section 3.6.5 counts a change's onset the same way)."""
        return (self.at + self.offset_before).replace(tzinfo=None)

    @property
    def local_date(self) -> date:
        """The date people there name the change by (the onset's date)."""
        return self.onset.date()


def _meeting_slots(plan: Plan, meetings: Portfolio | Iterable[Meeting] | None
                   ) -> list[Candidate]:
    if meetings is None:
        meetings = plan.meetings
    if isinstance(meetings, Portfolio):
        return [c for s in meetings.schedules for c in s.slots]
    return [c for m in meetings for c in m.slots]


def _members_in(plan: Plan, zone: str, at: datetime) -> tuple[str, ...]:
    return tuple(m.name for m in plan.members if zone_in_force(plan, m, at) == zone)


def _offset_changes(plan: Plan, zone: str, start: datetime, end: datetime
                    ) -> list[ClockTransition]:
    return [ClockTransition(zone, t.at, t.offset_before, t.offset_after,
                            _members_in(plan, zone, t.at))
            for t in zone_transitions(zone, start, end) if t.offset_before != t.offset_after]


def clock_transitions(plan: Plan, portfolio_or_meetings: Portfolio | Iterable[Meeting] | None,
                      first: date, last: date) -> tuple[ClockTransition, ...]:
    """Every UTC-offset change from ``first`` to ``last`` (dates in the plan's
    reference zone, both inclusive) of a zone in force for some member or used by
    a meeting's slot (a portfolio's slots, retired ones included; the meetings'
    slots; or, for None, those of the plan's meetings).  Sorted by instant, then
    zone key."""
    start, end = _range(plan, first, last)
    zones: dict[str, None] = {}
    for member in plan.members:
        for span in zone_spans(plan, member, start, end):
            zones.setdefault(span.zone)
    for slot in _meeting_slots(plan, portfolio_or_meetings):
        zones.setdefault(slot.zone)
    out = [t for zone in zones for t in _offset_changes(plan, zone, start, end)]
    out.sort(key=lambda t: (t.at, t.zone))
    return tuple(out)


# --- shifts -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MemberShift:
    """How one attendee's local start moved between two occurrences."""

    name: str
    zone: str  # the attendee's zone at the occurrence
    required: bool
    before: datetime  # local start at the previous occurrence (aware, attendee's zone)
    after: datetime  # local start now
    change: int  # minutes, in (-720, +720]
    comfort_before: Comfort  # worst over the occurrence's minutes
    comfort_after: Comfort
    day_off_after: str | None  # holiday name, "time off", "weekend" or None
    causes: tuple[ClockTransition, ...]  # the slot zone's and own zone's changes between
    returns: date | None  # first later occurrence on the slot back at ``before``'s time

    @property
    def change_text(self) -> str:
        return f"{self.change:+d}"

    @property
    def outside_hours(self) -> bool:
        """Some minute of the new time is outside the attendee's working hours."""
        return self.comfort_after is not Comfort.WORK


# The shift's ``date`` field hides the type inside its class body.
_Date = date


@dataclass(frozen=True, slots=True)
class Shift:
    """One occurrence at which a clock change moves the meeting for someone."""

    meeting: str  # meeting id
    title: str
    date: date  # the occurrence's date as held, in the slot's zone
    previous: _Date  # the previous held occurrence on the same slot (may be before the range)
    slot: str  # slot id
    slot_zone: str
    start: datetime  # UTC
    previous_start: datetime  # UTC
    last: _Date  # the meeting's last held date (its horizon)
    members: tuple[MemberShift, ...]  # plan order; only those whose local time changed


def _wall(t: datetime) -> int:
    return t.hour * 60 + t.minute


def _change(before: datetime, after: datetime) -> int:
    delta = (_wall(after) - _wall(before)) % 1440
    return delta - 1440 if delta > 720 else delta


def _causes(plan: Plan, zones: Iterable[str], previous: datetime, current: datetime
            ) -> tuple[ClockTransition, ...]:
    # A change at exactly ``previous`` was already in force then; one at exactly
    # ``current`` is not yet undone: the interval is (previous, current].
    found = {(t.at, t.zone): t for z in dict.fromkeys(zones)
             for t in _offset_changes(plan, z, previous + _SECOND, current + _SECOND)}
    return tuple(found[k] for k in sorted(found))


def _member_shift(plan: Plan, slot: Candidate, p: MeetingOccurrence, o: MeetingOccurrence,
                  a: Attendance, b: Attendance, later: Sequence[MeetingOccurrence]
                  ) -> MemberShift | None:
    change = _change(b.local_start, a.local_start)
    if change == 0 or a.zone != b.zone:
        return None  # a change of the attendee's zone is travel, not a clock change
    slot_moved = _placed_offset(p, slot) != _placed_offset(o, slot)
    own_moved = a.local_start.utcoffset() != b.local_start.utcoffset()
    if not (slot_moved or own_moved):
        return None
    # An occurrence whose wall time fell in a gap was placed with the offset before
    # the change, at the very instant of the change: that change is its cause too.
    since = p.start - _SECOND if _in_gap(p, slot) else p.start
    return MemberShift(
        a.name, a.zone, a.required, b.local_start, a.local_start, change,
        Comfort(b.comfort), Comfort(a.comfort), a.day_off,
        _causes(plan, (slot.zone, a.zone), since, o.start),
        _returns(a.name, _wall(b.local_start), later))


def _placed_offset(o: MeetingOccurrence, slot: Candidate) -> timedelta:
    """The UTC offset the slot's wall time was read with on the occurrence's date.

    Not the offset in force at the start instant: a wall time in a DST gap is
    read with the offset before the change (RFC 5545 3.3.5), and lands at the
    change itself, where the new offset is already in force.
    """
    wall = datetime.combine(o.date, slot.local_time)
    return wall - o.start.astimezone(UTC).replace(tzinfo=None)


def _in_gap(o: MeetingOccurrence, slot: Candidate) -> bool:
    return _placed_offset(o, slot) != o.start.astimezone(get_zone(slot.zone)).utcoffset()


def _returns(name: str, wall: int, later: Sequence[MeetingOccurrence]) -> date | None:
    """The first of ``later`` where ``name``'s local start is back at ``wall``."""
    for q in later:
        c = q.attendance(name)
        if c is not None and _wall(c.local_start) == wall:
            return q.date
    return None


def _schedule_shifts(plan: Plan, schedule: MeetingSchedule, first: date, last: date
                     ) -> list[Shift]:
    held = sorted(schedule.held, key=lambda o: (o.start, o.index))
    if not held:
        return []
    horizon = max(o.date for o in held)
    by_slot: dict[str, list[MeetingOccurrence]] = {}
    for o in held:
        if o.slot is not None:
            by_slot.setdefault(o.slot, []).append(o)
    out: list[Shift] = []
    for slot_id, occurrences in by_slot.items():
        slot = schedule.slot(slot_id)
        for i in range(1, len(occurrences)):
            p, o = occurrences[i - 1], occurrences[i]
            if not first <= o.date <= last:
                continue
            rows = []
            for a in o.attendees:
                b = p.attendance(a.name)
                row = None if b is None else \
                    _member_shift(plan, slot, p, o, a, b, occurrences[i + 1:])
                if row is not None:
                    rows.append(row)
            if rows:
                m = schedule.meeting
                out.append(Shift(m.id, m.title, o.date, p.date, slot_id, slot.zone, o.start,
                                 p.start, horizon, tuple(rows)))
    return out


def _selected(portfolio: Portfolio, meetings: Iterable[str] | None) -> set[str]:
    ids = [s.meeting.id for s in portfolio.schedules]
    if meetings is None:
        return set(ids)
    wanted = set(meetings)
    unknown = sorted(wanted - set(ids))
    if unknown:
        known = ", ".join(ids) or _("none")
        raise InputError([Problem(_('no meeting with the id "{meeting}"').format(meeting=u),
                                  field="meeting",
                                  suggestion=_("meetings: {ids}").format(ids=known))
                          for u in unknown])
    return wanted


def meeting_shifts(plan: Plan, portfolio: Portfolio, first: date, last: date,
                   meetings: Iterable[str] | None = None) -> tuple[Shift, ...]:
    """Every occurrence dated in [first, last] (in its slot's zone) that a clock
    change moves for some attendee; ``meetings`` narrows to those ids.  Sorted by
    date, then meeting id."""
    _check_range(first, last)
    wanted = _selected(portfolio, meetings)
    out = [s for schedule in portfolio.schedules if schedule.meeting.id in wanted
           for s in _schedule_shifts(plan, schedule, first, last)]
    out.sort(key=lambda s: (s.date, s.meeting, s.start))
    return tuple(out)


def banner_shifts(plan: Plan, portfolio: Portfolio, today: date) -> tuple[Shift, ...]:
    """The shifts the window's banner announces: dated within four weeks of today."""
    return meeting_shifts(plan, portfolio, today, today + timedelta(days=BANNER_DAYS - 1))


# --- the report: JSON and text ------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ClockReport:
    """What ``overlap dst`` shows: transitions and shifts of one range."""

    first: date
    last: date
    transitions: tuple[ClockTransition, ...]
    shifts: tuple[Shift, ...]


def clock_report(plan: Plan, portfolio: Portfolio, first: date, last: date,
                 meetings: Iterable[str] | None = None) -> ClockReport:
    """Transitions for every zone of the plan and its meetings; shifts of the
    meetings asked for (``--meeting`` narrows shifts only)."""
    return ClockReport(first, last, clock_transitions(plan, portfolio, first, last),
                       meeting_shifts(plan, portfolio, first, last, meetings))


def _transition_json(t: ClockTransition) -> dict[str, Any]:
    return {"zone": t.zone, "at": _utc(t.at), "offset_before": format_offset(t.offset_before),
            "offset_after": format_offset(t.offset_after), "members": list(t.members)}


def dst_json(report: ClockReport) -> dict[str, Any]:
    """The ``dst --json`` document (DESIGN.md; keys may be added, never renamed).

    Added keys: ``from``/``to``; a shift's ``title``, ``slot``, ``zone`` (the
    slot's), ``start`` (UTC); a member's ``zone``, ``required``, ``returns``.
    """
    return {
        "transitions": [_transition_json(t) for t in report.transitions],
        "shifts": [{
            "meeting": s.meeting, "date": s.date.isoformat(), "previous": s.previous.isoformat(),
            "members": [{
                "name": m.name, "before": m.before.isoformat(), "after": m.after.isoformat(),
                "change": m.change_text, "comfort_before": m.comfort_before.value,
                "comfort_after": m.comfort_after.value, "zone": m.zone,
                "required": m.required,
                "returns": m.returns.isoformat() if m.returns else None,
            } for m in s.members],
            "title": s.title, "slot": s.slot, "zone": s.slot_zone, "start": _utc(s.start),
        } for s in report.shifts],
        "from": report.first.isoformat(), "to": report.last.isoformat(),
    }


_COMFORT_WORDS = {Comfort.WORK: N_("work"), Comfort.SHOULDER: N_("shoulder"),
                  Comfort.EARLY_LATE: N_("early/late"), Comfort.NIGHT: N_("night"),
                  Comfort.OFF: N_("off")}


def _comfort_word(c: Comfort) -> str:
    return _(_COMFORT_WORDS[c])


def _times(m: MemberShift) -> str:
    """``15:00 → 14:00``, with weekdays when the local day changes (23:30 → 00:30)."""
    if m.before.weekday() == m.after.weekday():
        return f"{m.before:%H:%M} → {m.after:%H:%M}"
    return (f"{_WEEKDAYS[m.before.weekday()]} {m.before:%H:%M} → "
            f"{_WEEKDAYS[m.after.weekday()]} {m.after:%H:%M}")


def _transition_line(t: ClockTransition, year: bool) -> str:
    who = f": {', '.join(t.members)}" if t.members else ""
    return (f"{_day(t.local_date, year=year)} {city_of(t.zone)} "
            f"({format_offset(t.offset_before)} → {format_offset(t.offset_after)}{who})")


def dst_text(report: ClockReport) -> str:
    """A few lines a coordinator reads in ten seconds: which clocks change, and
    which meetings move for whom."""
    year = report.first.year != report.last.year
    span = f"{_day(report.first, year=year)} – {_day(report.last, year=True)}"
    lines: list[str] = []
    if report.transitions:
        lines.append(_("Clocks change ({span}):").format(span=span))
        lines.extend("  " + _transition_line(t, year) for t in report.transitions)
    else:
        lines.append(_("No clock changes {span}.").format(span=span))
    listed = {(t.zone, t.at) for t in report.transitions}
    if not report.shifts:
        lines.append(_("No meeting moves for anyone.") if report.transitions else
                     _("No meeting moves for anyone in this range."))
        return "\n".join(lines) + "\n"
    lines.append(_("Meetings that move:"))
    for s in report.shifts:
        who = ", ".join(f"{m.name}: {_times(m)} "
                        f"({_comfort_word(m.comfort_before)} → {_comfort_word(m.comfort_after)})"
                        for m in s.members)
        earlier = sorted({(c.at, c.zone): c for m in s.members for c in m.causes
                          if (c.zone, c.at) not in listed}.items())
        after = _("; after {changes}").format(changes=", ".join(
            f"{city_of(c.zone)} {_day(c.local_date)}" for _at, c in earlier)) if earlier else ""
        lines.append(_("  {title} on {day} moves for {who}{after}").format(
            title=s.title, day=_day(s.date, year=year), who=who, after=after))
    return "\n".join(lines) + "\n"


def banner_text(shifts: Sequence[Shift]) -> str | None:
    """The window's one line, e.g. "Clocks change on 8 Mar in New York: Weekly sync
    moves to 10:00 for Maya"; None when nothing moves."""
    if not shifts:
        return None
    s = shifts[0]
    causes = [c for m in s.members for c in m.causes]
    cause = max(causes, key=lambda c: c.at) if causes else None
    where = _(" on {day} in {city}").format(day=_day(cause.local_date),
                                  city=city_of(cause.zone)) if cause else ""
    who = ", ".join(_("{time:%H:%M} for {name}").format(time=m.after, name=m.name)
                    for m in s.members)
    text = _("Clocks change{where}: {title} moves to "
             "{who}").format(where=where, title=s.title, who=who)
    more = len(shifts) - 1
    if more:
        text += ngettext(" (and {count} more occurrence)", " (and {count} more occurrences)",
                         more).format(count=more)
    return text


# --- the notice: one plain message per shifted occurrence ----------------------------

def _amount(minutes: int) -> str:
    minutes = abs(minutes)
    hours, rest = divmod(minutes, 60)
    words = {1: _("one hour"), 2: _("two hours")}
    if not rest:
        return words.get(hours) or ngettext("{count} hour", "{count} hours",
                                            hours).format(count=hours)
    if hours:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=rest)
    # English has always said "1 minutes"; the singular keeps that output.
    return ngettext("{count} minutes", "{count} minutes", rest).format(count=rest)


def _why(c: ClockTransition, slot_zone: str, own_zone: str) -> str:
    place = city_of(c.zone)
    if c.zone == slot_zone and c.zone != own_zone:
        place += _(" (the meeting's time zone)")
    if c.minutes > 0:
        text = _("clocks in {place} went forward {amount} ({offset_before} → {offset_after}) "
                 "on {day}")
    else:
        text = _("clocks in {place} went back {amount} ({offset_before} → {offset_after}) "
                 "on {day}")
    return (text.format(
              place=place,
              amount=_amount(c.minutes),
              offset_before=format_offset(c.offset_before),
              offset_after=format_offset(c.offset_after),
              day=_day(c.local_date, weekday=True, year=True)))


_COMFORT_PHRASE = {
    Comfort.NIGHT: N_("at night"), Comfort.OFF: N_("on a day off"),
    Comfort.EARLY_LATE: N_("early or late in the day"),
    Comfort.SHOULDER: N_("near the edge of the day"),
}


def _hours_sentence(m: MemberShift, end: datetime) -> str:
    new = f"{m.after:%H:%M}–{end:%H:%M}"
    if not m.outside_hours:
        return _("{new} is within {name}'s working hours.").format(new=new, name=m.name)
    phrase = _COMFORT_PHRASE.get(m.comfort_after, "")
    phrase = _(phrase) if phrase else ""
    if m.comfort_after is Comfort.OFF and m.day_off_after:
        phrase = _("on a day off ({day_off_after})").format(day_off_after=m.day_off_after)
    return _("{new} is outside {name}'s working hours "
             "({phrase}).").format(new=new, name=m.name, phrase=phrase)


def _returns_sentence(m: MemberShift, s: Shift) -> str:
    if m.returns is not None:
        return _("It is back at {before:%H:%M} from "
                 "{date}.").format(before=m.before, date=m.returns.isoformat())
    if s.date >= s.last:
        return _("This is the last occurrence of the series.")
    return _("It stays at {after:%H:%M} until the series ends "
             "({end_date}).").format(after=m.after, end_date=s.last.isoformat())


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=72, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


def _sender(plan: Plan) -> str:
    if not plan.organizer:
        return "Overlap"
    name = plan.organizer.split("<", 1)[0].strip().strip('"')
    return _("{name} (sent with Overlap)").format(name=name) if name else "Overlap"


def notice_message_text(shift: Shift, meeting: Meeting, plan: Plan) -> tuple[str, str]:
    """The plain (subject, body) of the heads-up for one shifted occurrence.

    The Subject names the meeting and the date as YYYY-MM-DD.  For each shifted
    attendee the body gives the old and new local time, why (which zone changed
    and when), whether the new time is outside their working hours, and when
    it returns.  Calendars already show the new time, so there is no calendar part.
    """
    title = meeting.title or meeting.id
    subject = _("Clock change: {title} on {date} moves for {names}").format(
        title=title, date=shift.date.isoformat(), names=", ".join(m.name for m in shift.members))
    length = timedelta(minutes=meeting.duration)
    paragraphs = [
        _("Hello,"),
        _wrap(_("A clock change moves “{title}” on {date} ({weekday}) to a different local time "
                "for some of you than the meeting on {previous_date}. Your calendars already show "
                "the new time; this is only a heads-up.").format(
                title=title,
                date=shift.date.isoformat(),
                weekday=_(_DAY_NAMES[shift.date.weekday()]),
                previous_date=shift.previous.isoformat())),
    ]
    for m in shift.members:
        where = city_of(m.zone)
        if m.after.date() != shift.date:  # their own date, e.g. the next morning in Sydney
            where += ", " + _day(m.after.date(), weekday=True)
        moved = (_("{name} ({place}): {times}, {amount} later.") if m.change > 0
                 else _("{name} ({place}): {times}, {amount} earlier."))
        lines = [_wrap(moved.format(name=m.name, place=where, times=_times(m),
                                    amount=_amount(m.change)))]
        why = [_why(c, shift.slot_zone, m.zone) for c in m.causes]
        if why:
            lines.append(_wrap(_("Why: {reasons}.").format(reasons=_("; and ").join(why)), "  "))
        end = (m.after.astimezone(UTC) + length).astimezone(m.after.tzinfo)
        lines.append(_wrap(_hours_sentence(m, end), "  "))
        lines.append(_wrap(_returns_sentence(m, shift), "  "))
        paragraphs.append("\n".join(lines))
    paragraphs.append(f"-- \n{_sender(plan)}")
    return subject, "\n\n".join(paragraphs) + "\n"
