"""overlap meetings: every saved meeting, its occurrences, problems and the burden ledger.

The plan's ``[[meeting]]`` tables, scheduled together as of today (DESIGN.md,
"Meetings"): ``--json`` prints :func:`planner.meetings.portfolio_json` (the
shape is a contract); the text is for a coordinator scanning for trouble, one
table per meeting with every attendee's local time, its problems below it,
then the ledger.  ``--from``/``--to`` select occurrences by date, both
inclusive.

A rotation's occurrences before today are frozen: the plan's
``[meeting_record]`` table keeps the slot each was held at, and this command
brings it up to date (saved with a .bak beside the plan; the bundled demo is
never written).  Today is read from the clock here, in the app layer, in the
plan's reference zone; the hidden ``--today DATE`` pins it for tests.

Exit 0 for a valid plan, problems or not; 1 for an invalid plan or option.
"""

from __future__ import annotations

import argparse
from datetime import date

from planner.context import PlanContext
from planner.errors import PlanFileError, Problem
from planner.i18n import N_, _, ngettext, pgettext
from planner.meetings import (
    Attendance,
    MeetingOccurrence,
    MeetingProblem,
    MeetingSchedule,
    Portfolio,
    portfolio_json,
    remember_meeting_record,
)
from planner.planfile import save_plan

from . import PlanCommand
from .builders import date_range, plan_meetings, today_of
from .common import may_save_plan, print_json, table
from .options import add_plan_options, add_range_options, add_today_option

HELP = N_("every saved meeting of the plan: occurrences, local times, problems, burden ledger")

# Beside an attendee's local time: how the meeting sits with them (DESIGN.md, "Comfort").
_MARKS = {"work": "", "shoulder": " (s)", "early_late": " (e)", "night": " (n)", "off": " (o)"}
LEGEND = (N_("(s) outside working hours, (e) early or late, (n) at night, (o) on a day off; "
             "+1/-1: the local date is a day after/before the meeting's date; ? optional attendee"))
_KINDS = {"day_off": N_("day off"), "outside_hours": N_("outside hours"), "drift": N_("drift"),
          "clash": N_("clash")}
_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_range_options(p, required=False)
    add_today_option(p)


def check(args: argparse.Namespace) -> None:
    """The range, before the plan is read (its problems name the options)."""
    date_range(args)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    first, last = date_range(args)
    today = today_of(args, ctx)
    portfolio = plan_meetings(ctx, today)
    if args.json:
        print_json(portfolio_json(portfolio, first=first, last=last))
    else:
        print(portfolio_text(portfolio, first, last))
    if remember_meeting_record(ctx.document, portfolio, today) and \
            may_save_plan(ctx, _("the slots of past rotation occurrences are")):
        try:
            save_plan(ctx.document)
        except PlanFileError as e:
            raise PlanFileError([Problem(
                _("the plan could not record where past occurrences of rotations were held; "
                  "re-planning may move them"), path=str(ctx.document.path)), *e.problems]) \
                from None
        if not args.json:
            print("\n" + _("The plan records where past occurrences of rotations were held "
                           "({path}); re-planning keeps them.").format(path=ctx.document.path))
    return 0


# --- text -----------------------------------------------------------------------

def _in(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def _cadence(s: MeetingSchedule) -> str:
    m = s.meeting
    days = ", ".join(_(_WEEKDAYS[d]) for d in sorted(m.days or (m.start.weekday(),)))
    every = {"day": _("every day"), "weekdays": _("every weekday"),
             "week": _("every week ({days})").format(days=days),
             "2weeks": _("every two weeks ({days})").format(days=days),
             "month": _("every month")}[m.every.value]
    if m.rotating:
        at = _("rotating over {slots}").format(
            slots=", ".join(f"{c.id} {c.text}" for c in m.slots))
    else:
        at = _("at {time}").format(time=m.anchor.text)
    return _("{cadence}, {duration} min, {time}").format(cadence=every, duration=m.duration,
                                                         time=at)


def _local(a: Attendance, o: MeetingOccurrence) -> str:
    text = f"{a.local_start:%H:%M}"
    shift = (a.local_start.date() - o.date).days
    if shift:
        text += f"{shift:+d}"
    return text + _MARKS.get(a.comfort, "")


def _note(o: MeetingOccurrence) -> str:
    parts = []
    if not o.held:
        parts.append(_("skipped"))
    elif o.moved_from is not None:
        parts.append(_("moved from {moved_from}").format(moved_from=o.moved_from))
    if o.locked:
        parts.append(_("locked"))
    if o.note:
        parts.append(o.note)
    return "; ".join(parts)


def _occurrences(s: MeetingSchedule, shown: list[MeetingOccurrence], today: date) -> list[str]:
    m = s.meeting
    header = ["#", pgettext("column", "date"), "UTC",
              *([pgettext("column", "slot")] if m.rotating else []),
              *(n + ("?" if n in m.optional else "") for n in m.attendees),
              pgettext("column", "note")]
    weekdays = [_(d) for d in _WEEKDAYS]
    rows = []
    for o in shown:
        utc = f"{o.start:%H:%M}–{o.end:%H:%M}" if o.held else "—"
        slot = [o.slot or "—"] if m.rotating else []
        cells = [_local(a, o) for a in o.attendees] if o.held else ["—"] * len(m.attendees)
        rows.append([str(o.index), f"{weekdays[o.date.weekday()]} {o.date}", utc, *slot,
                     *cells, _note(o)])
    lines = table(rows, header).splitlines()
    past = sum(1 for o in shown if o.date < today)
    if 0 < past < len(shown):
        lines.insert(2 + past, _("── today, {today} ").format(today=today) + "─" * 20)
    return ["  " + line for line in lines]


def _problems(problems: list[MeetingProblem]) -> list[str]:
    if not problems:
        return ["  " + _("No problems.")]
    rows = [[str(p.date), _(_KINDS.get(p.kind.value, p.kind.value)), p.detail] for p in problems]
    width = max(len(r[1]) for r in rows)
    return ["  " + _("Problems:")] + [f"    {day}  {kind:<{width}}  {detail}"
                                       for day, kind, detail in rows]


def _meeting(s: MeetingSchedule, portfolio: Portfolio, first: date | None,
             last: date | None) -> list[str]:
    m = s.meeting
    shown = sorted((o for o in s.occurrences if _in(o.date, first, last)),
                   key=lambda o: (o.date, o.start, o.index))
    problems = [p for p in portfolio.problems_of(m.id) if _in(p.date, first, last)]
    held = sum(1 for o in shown if o.held)
    counts = _("{count} held").format(count=held)
    if len(shown) > held:
        counts += _(", {count} skipped").format(count=len(shown) - held)
    lines = [f"{m.title}  [{m.id}]", f"{_cadence(s)}.", ""]
    if not shown:
        return [*lines, "  " + _("No occurrence in the range."), ""]
    lines[1] = ngettext("{cadence}; {counts}, {count} problem(s).",
                        "{cadence}; {counts}, {count} problem(s).", len(problems)).format(
        cadence=_cadence(s), counts=counts, count=len(problems))
    return [*lines, *_occurrences(s, shown, portfolio.today), "", *_problems(problems), ""]


def _ledger(portfolio: Portfolio, first: date | None, last: date | None) -> list[str]:
    rows = portfolio.ledger(first, last)
    if not rows:
        return []
    ids = [s.meeting.id for s in portfolio.schedules]
    used = [i for i in ids if any(i in dict(r.meetings) for r in rows)]
    body = [[r.name, f"{round(r.total_minutes / 60, 2):g}", str(r.night), str(r.early_late),
             *(f"{round(dict(r.meetings)[i] / 60, 2):g}" if i in dict(r.meetings) else ""
               for i in used)] for r in rows]
    return [_("Burden of the required attendances (cost = comfort weight per hour × hours):"),
            table(body, [pgettext("column", "member"), pgettext("column", "total"),
                         pgettext("column", "night"), pgettext("column", "early/late"), *used])]


def portfolio_text(portfolio: Portfolio, first: date | None = None,
                   last: date | None = None) -> str:
    """The meetings for a person to scan: a table each, its problems, then the ledger."""
    if not portfolio.schedules:
        return (_("The plan has no saved meetings. Add a [[meeting]] table (see "
                  'resources/demo.toml, or DESIGN.md "Meetings").'))
    span = " ".join(x for x in (_("from {date}").format(date=first) if first else "",
                                _("to {date}").format(date=last) if last else "") if x)
    n = len(portfolio.schedules)
    lines = [ngettext("{count} meeting(s)", "{count} meeting(s)", n).format(count=n)
             + (_(", occurrences {span}").format(span=span) if span else "")
             + _("; today is {today}.").format(today=portfolio.today), ""]
    for s in portfolio.schedules:
        lines += _meeting(s, portfolio, first, last)
    lines += [_(LEGEND), "", *_ledger(portfolio, first, last)]
    return "\n".join(lines).rstrip()


COMMAND = PlanCommand("meetings", HELP, 55, add_arguments, run, check=check)
