"""Export of saved meetings (DESIGN.md, "Meetings"): one calendar holding each
selected ``[[meeting]]`` as its :class:`~planner.meetings.Portfolio` schedules it.

Built from the same blocks as the series and rotation exports
(:func:`~.build.recurring` for RRULE, EXDATE and overrides,
:func:`~.build.finish_export` for SEQUENCE, DTSTAMP and VTIMEZONEs), so the
rules listed in :mod:`planner.ics.export` hold here too.  What is particular
to meetings:

* **One recurring event per slot.**  A fixed meeting is one ``VEVENT`` whose
  ``RRULE`` is the meeting's rule (``FREQ=DAILY``; ``FREQ=WEEKLY`` with
  ``BYDAY`` for ``weekdays``, ``week`` and ``2weeks``, ``INTERVAL=2`` and
  ``WKST=MO`` for the last, RFC 5545 3.3.10 counting the weeks from the one
  holding DTSTART; ``FREQ=MONTHLY;BYDAY=<n><day>``), skips as ``EXDATE`` and
  moves as overrides with ``RECURRENCE-ID`` = the rule date.  A rotation is
  one such event per slot, as :func:`~.rotation.export_rotation` writes it:
  the slot's rule runs from the first to the last occurrence it holds and
  excludes the rest with ``EXDATE``, so every occurrence is shown by exactly
  one slot.  Each rule starts at its first held date and ends at its last
  (``COUNT``), so no ``EXDATE`` falls on ``DTSTART`` or after the end.
* **Identity.**  ``UID`` = :func:`~.memory.event_uid` over the plan name and
  ``"<meeting id> <slot id>"`` (a fixed meeting is slot ``A``): the title,
  the time of day, the rule and the attendees are content, so changing them
  and exporting again updates the same events with a raised ``SEQUENCE``
  (from the plan's ``[[exports]]`` memory); a fixed meeting that becomes a
  rotation keeps its events as slot ``A``.  The ``[[exports]]`` group is
  ``meeting <id>``: a slot exported before and now gone is named in the notes.
* **People.**  ``ATTENDEE``\\ s (``REQUEST``) are the meeting's attendees,
  ``OPT-PARTICIPANT`` for its optional ones; the description lists their
  local times, not the whole team's.  ``SUMMARY`` is the meeting's title
  (``ExportOptions.title``, when given, replaces it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from babel.dates import get_day_names

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.i18n import _, ngettext
from planner.ics.export.build import Export, Group, Instance, finish_export, is_utc, recurring
from planner.ics.export.describe import FOOTER, Formats, member_lines, occurrence_lines
from planner.ics.export.memory import ExportRecord, event_uid
from planner.ics.export.options import ExportOptions, Resolved, resolve
from planner.ics.export.text import clean_text
from planner.meetings import (
    Meeting,
    MeetingCadence,
    MeetingOccurrence,
    MeetingSchedule,
    Portfolio,
    plan_portfolio,
)
from planner.model import Plan
from planner.rotation.planning import Candidate
from planner.series import monthly_ordinal_of
from planner.zones import get_zone

__all__ = ["export_meetings", "meeting_rule", "meeting_uid"]

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def meeting_uid(plan: Plan, meeting_id: str, slot_id: str = "A") -> str:
    """The UID of a meeting's events on one slot (a fixed meeting's is slot A)."""
    return event_uid(plan.name, "meeting", f"{meeting_id} {slot_id}")


def meeting_rule(meeting: Meeting, count: int) -> dict[str, object]:
    """The RRULE parts whose first ``count`` dates, from any of the meeting's rule
    dates as DTSTART, are the meeting's next ``count`` rule dates."""
    every = meeting.every
    parts: dict[str, object]
    if every is MeetingCadence.DAY:
        parts = {"FREQ": "DAILY"}
    elif every is MeetingCadence.MONTH:
        # planner.series.rule_dates: the start's ordinal weekday of every month.
        ordinal = monthly_ordinal_of(meeting.start)
        parts = {"FREQ": "MONTHLY", "BYDAY": f"{ordinal}{_BYDAY[meeting.start.weekday()]}"}
    else:
        days: Iterable[int] = range(5) if every is MeetingCadence.WEEKDAYS \
            else meeting.days or (meeting.start.weekday(),)
        parts = {"FREQ": "WEEKLY"}
        if every is MeetingCadence.TWO_WEEKS:
            parts["INTERVAL"] = 2
        parts["BYDAY"] = [_BYDAY[d] for d in sorted(days)]
        parts["WKST"] = "MO"  # the weeks of planner.meetings.model.meeting_dates
    parts["COUNT"] = count
    return parts


def _selected(plan: Plan, cal: DayOff, meetings: Portfolio | Sequence[Meeting],
              today: date | None, record: Mapping[str, Mapping[date, str]] | None,
              only: Iterable[str] | None) -> list[MeetingSchedule]:
    if isinstance(meetings, Portfolio):
        if today is not None and today != meetings.today:
            raise ValueError("the portfolio was planned for another today")
        if record is not None:
            raise ValueError("a planned portfolio already holds its record")
        portfolio = meetings
    else:
        if today is None:
            raise ValueError("today is needed to plan the meetings")
        portfolio = plan_portfolio(meetings, plan, cal, today=today, record=record)
    schedules = list(portfolio.schedules)
    if not schedules:
        raise InputError(Problem(_("the plan has no meetings to export"), field="meeting",
                                 suggestion=_("add a [[meeting]] table to the plan")))
    if only is None:
        return schedules
    by_id = {s.meeting.id: s for s in schedules}
    wanted = list(dict.fromkeys(only))
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise InputError(Problem(
            ngettext("no meeting has the id {ids}", "no meeting has the id {ids}",
                     len(unknown)).format(ids=", ".join(f'"{i}"' for i in unknown)),
            field="meeting", suggestion=_("meetings: {ids}").format(ids=", ".join(by_id))))
    return [s for s in schedules if s.meeting.id in wanted]


def _attendee_plan(plan: Plan, meeting: Meeting) -> Plan:
    """The plan narrowed to the meeting's attendees, optional ones not required, so the
    shared builders invite and describe exactly them."""
    invited = set(meeting.attendees)
    members = tuple(dataclasses.replace(m, required=m.required and m.name not in meeting.optional)
                    for m in plan.members if m.name in invited)
    return dataclasses.replace(plan, members=members)


def _in_meeting(problem: Problem, meeting: Meeting) -> Problem:
    return dataclasses.replace(problem, field=f'meeting "{meeting.id}".{problem.field or "email"}')


def export_meetings(plan: Plan, cal: DayOff, meetings: Portfolio | Sequence[Meeting], *,
                    stamp: datetime, today: date | None = None,
                    options: ExportOptions | None = None,
                    memory: Mapping[str, ExportRecord] | None = None,
                    record: Mapping[str, Mapping[date, str]] | None = None,
                    only: Iterable[str] | None = None) -> Export:
    """One calendar holding every selected meeting as it is scheduled.

    ``meetings`` is a planned :class:`~planner.meetings.Portfolio` (pass the
    whole plan's, so that a rotation is as fair as ``meetings`` shows it), or
    meetings to plan together here with ``today`` and ``record``.  ``only``
    names the meeting ids to export (``--meeting ID``; None: all of them,
    ``--all``).  ``memory`` is :func:`~planner.ics.export.memory.read_exports`
    of the plan; ``options`` say how it is written (default: a calendar to
    publish, in English).  Raises InputError for an unknown meeting id, a plan
    without meetings, a selection with no occurrence held, or options that do
    not fit (see :func:`~planner.ics.export.series.export_series`).  A meeting
    whose every occurrence is skipped is left out, with a note, when other
    meetings are exported with it.
    """
    options = options or ExportOptions()
    base = resolve(plan, options)
    schedules = _selected(plan, cal, meetings, today, record, only)
    groups: list[Group] = []
    written: list[datetime] = []
    notes: list[str] = []
    for schedule in schedules:
        m = schedule.meeting
        if not schedule.held:
            if len(schedules) == 1:
                raise InputError(Problem(_('every occurrence of "{id}" is skipped; there is '
                                           "nothing to export").format(id=m.id),
                                           field=f'meeting "{m.id}".skip',
                                         suggestion=_("keep or move at least one occurrence")))
            notes.append(_('"{title}" has no occurrence held and is not '
                           "exported").format(title=clean_text(m.title)))
            continue
        title = base.title if options.title and clean_text(options.title) else m.title
        opts = dataclasses.replace(base, title=clean_text(title) or base.title)
        try:
            more = _meeting_groups(plan, cal, schedule, opts)
        except InputError as e:
            raise InputError([_in_meeting(p, m) for p in e.problems]) from None
        for group, dates, group_notes in more:
            groups.append(group)
            written += dates
            notes += group_notes
    return finish_export(groups, base, stamp, memory, written,
                         sorted(set(notes), key=notes.index))


def _meeting_groups(plan: Plan, cal: DayOff, schedule: MeetingSchedule, opts: Resolved
                    ) -> list[tuple[Group, list[datetime], list[str]]]:
    m = schedule.meeting
    sub = _attendee_plan(plan, m)
    held = schedule.held
    fmt = Formats(opts.fmt_locale, {o.start.astimezone(get_zone(p.zone)).year
                                     for o in held for p in sub.members})
    length = timedelta(minutes=m.duration)
    occurrences = schedule.occurrences
    out = []
    for slot in schedule.slots:
        owned = [i for i, o in enumerate(occurrences) if o.held and o.slot == slot.id]
        if not owned:
            continue
        span = occurrences[owned[0]:owned[-1] + 1]
        description = _description(sub, schedule, slot, fmt)
        instances = [Instance(o.rule_date, o.start, o.end, o.held and o.slot == slot.id,
                              o.moved_from is not None,
                              _moved_description(sub, cal, m, o, fmt)
                              if o.moved_from is not None else description)
                     for o in span]
        rule = meeting_rule(m, len(span)) if len(span) > 1 else None
        uid = meeting_uid(plan, m.id, slot.id)
        components, dates, notes = recurring(opts, sub, cal, fmt, uid, slot.zone,
                                             slot.local_time, length, rule, instances,
                                             description)
        what = f'meeting "{m.id}"' + (f", slot {slot.id} ({slot.text})" if m.rotating else "")
        out.append((Group(uid, what, f"meeting {m.id}", components), dates, notes))
    return out


# --- descriptions -----------------------------------------------------------------

def _where(slot: Candidate, fmt: Formats) -> str:
    return "UTC" if is_utc(slot.zone) else fmt.city(slot.zone)


def _cadence(m: Meeting, fmt: Formats) -> str:
    names = get_day_names("wide", locale=fmt.locale)
    days = ", ".join(str(names[d]) for d in sorted(m.days or (m.start.weekday(),)))
    return {
        MeetingCadence.DAY: _("every day"),
        MeetingCadence.WEEKDAYS: _("every weekday (Monday to Friday)"),
        MeetingCadence.WEEK: _("every week on {days}").format(days=days),
        MeetingCadence.TWO_WEEKS: _("every two weeks on {days}").format(days=days),
        MeetingCadence.MONTH: _("every month"),
    }[m.every]


def _description(sub: Plan, schedule: MeetingSchedule, slot: Candidate, fmt: Formats) -> str:
    m = schedule.meeting
    # English has always said "1 times" here; the singular keeps that output.
    span = (ngettext("{count} times", "{count} times", m.count).format(count=m.count)
            if m.count is not None
            else _("until {date}").format(date=fmt.day(m.until)) if m.until is not None else "")
    lines = []
    if m.rotating:
        others = ", ".join(f"{c.id} {c.time_text} {_where(c, fmt)}" for c in schedule.slots
                           if c.id != slot.id)
        lines += [_("{title}, {cadence} ({duration} min), from {start}, {span}, rotating over "
                    "{n_slots} slots to share early and late hours fairly.").format(
                    title=clean_text(m.title),
                    cadence=_cadence(m, fmt),
                    duration=m.duration,
                    start=fmt.day(m.start),
                    span=span,
                    n_slots=len(schedule.slots)),
                  _("This is slot {id}: {time_text} {place} time.").format(
                      id=slot.id, time_text=slot.time_text, place=_where(slot, fmt))
                  + (_(" Other slots: {others}.").format(others=others) if others else ""),
                  "", _("Dates in this slot:")]
        locked = _(" (locked)")
        lines += [f"• {fmt.day(o.date)}" + (locked if o.locked else "")
                  for o in schedule.held if o.slot == slot.id]
    else:
        lines.append(_("{title}, {cadence} at {time_text} {place} time ({duration} min), from "
                       "{start}, {span}.").format(
                       title=clean_text(m.title),
                       cadence=_cadence(m, fmt),
                       time_text=slot.time_text,
                       place=_where(slot, fmt),
                       duration=m.duration,
                       start=fmt.day(m.start),
                       span=span))
    mine = [o for o in schedule.held if o.slot == slot.id]
    lines += ["", _("Local times:")]
    lines += [f"• {x}" for x in member_lines(sub, [o.start for o in mine], fmt)]
    skipped = [o for o in schedule.occurrences if not o.held]
    moved = [o for o in mine if o.moved_from is not None]
    if skipped:
        lines += ["", _("Skipped:")]
        lines += [f"• {fmt.day(o.rule_date)}{_why(o)}" for o in skipped]
    if moved:
        lines += ["", _("Moved:")]
        lines += [f"• {fmt.day(o.rule_date)} → {fmt.day(o.date)}{_why(o)}" for o in moved]
    lines += ["", _(FOOTER)]
    return "\n".join(lines)


def _why(o: MeetingOccurrence) -> str:
    return f" ({clean_text(o.note)})" if o.note else ""


def _moved_description(sub: Plan, cal: DayOff, m: Meeting, o: MeetingOccurrence,
                       fmt: Formats) -> str:
    assert o.moved_from is not None
    lines = [_("{title}, moved from {old_date} to {new_date}{reason}.").format(
               title=clean_text(m.title),
               old_date=fmt.day(o.moved_from),
               new_date=fmt.day(o.date),
               reason=_why(o)), "", _("Local times:")]
    lines += [f"• {x}" for x in occurrence_lines(sub, cal, o.start, fmt)]
    lines += ["", _(FOOTER)]
    return "\n".join(lines)
