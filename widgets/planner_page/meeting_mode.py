"""The check-in planner editing a saved meeting: what of it the panels can show.

The panels plan a check-in on one weekday a week, every two weeks, or on the
same weekday of every month (``planner.series``), for the meeting's attendees.
A saved meeting is shown there with its rule fixed (it is edited on the
Meetings page); its skips and moves become the series' decisions made by
hand, its locks the rotation's, and what the coordinator decides is saved
back as the meeting's ``skip``, ``move`` and ``lock`` keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from planner.i18n import _
from planner.meetings import Meeting
from planner.model import Plan
from planner.series import Decision, DecisionAction

__all__ = ["attendee_plan", "meeting_decisions", "meeting_locks", "not_shown_because",
           "split_decisions"]


def not_shown_because(meeting: Meeting, most: int) -> str | None:
    """Why the planner cannot show the meeting, or None when it can."""
    cadence = meeting.every.series_cadence
    if cadence is None or len(meeting.days) > 1 or \
            (meeting.days and meeting.days[0] != meeting.start.weekday()):
        text = _("“{title}” repeats on several days; the check-in planner shows one day a "
                 "week, every two weeks or a month. Its skips, moves and locks can be edited "
                 "in the plan file.") if meeting.days else \
            _("“{title}” repeats daily; the check-in planner shows one day a week, every two "
              "weeks or a month. Its skips, moves and locks can be edited in the plan file.")
        return text.format(title=meeting.title)
    if len(meeting.rule_dates()) > most:
        return _("“{title}” has {n} occurrences; the check-in planner shows up to {most}."
                 ).format(title=meeting.title, n=len(meeting.rule_dates()), most=most)
    return None


def attendee_plan(plan: Plan, meeting: Meeting | None) -> Plan:
    """The plan as a meeting sees it: its attendees only, optional ones not required."""
    if meeting is None:
        return plan
    invited = set(meeting.attendees)
    members = tuple(replace(m, required=False) if m.required and m.name in meeting.optional
                    else m for m in plan.members if m.name in invited)
    return replace(plan, members=members)


def meeting_decisions(meeting: Meeting) -> dict[date, Decision]:
    """The meeting's skips and moves as decisions made by hand."""
    out = {d: Decision(DecisionAction.SKIP) for d in meeting.skip}
    out.update({d: Decision(DecisionAction.MOVE, t, note=_("moved by hand"))
                for d, t in meeting.move})
    return out


def meeting_locks(meeting: Meeting) -> dict[int, str]:
    """The meeting's locks by occurrence number (1-based), as the rotation counts them."""
    position = {d: i for i, d in enumerate(meeting.rule_dates(), start=1)}
    return {position[d]: slot for d, slot in meeting.lock if d in position}


def split_decisions(decisions: Mapping[date, Decision]
                    ) -> tuple[list[date], dict[date, date]]:
    """Decisions made by hand as a meeting's skip dates and moves ("keep" is neither)."""
    skip = sorted(d for d, x in decisions.items() if x.action is DecisionAction.SKIP)
    move = {d: x.moved_to for d, x in sorted(decisions.items())
            if x.action is DecisionAction.MOVE and x.moved_to is not None}
    return skip, move
