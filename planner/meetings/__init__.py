"""Meetings: the coordinator's saved recurring meetings (DESIGN.md, "Meetings").

* :mod:`.model` — :class:`Meeting` and its rule (:func:`meeting_dates`).
* :mod:`.parse` — ``[[meeting]]`` tables to meetings, every problem at once.
* :mod:`.schedule` — one meeting's occurrences: decisions, slots, attendee views.
* :mod:`.portfolio` — all meetings: fairness across them, problems, ledger.
* :mod:`.report` — the ``meetings --json`` document.
* :mod:`.record` — the frozen past, in the plan's ``[meeting_record]`` table.
* :mod:`.share` — a schedule table in Markdown, to paste into an issue or a wiki.
"""

from .model import MAX_OCCURRENCES, Meeting, MeetingCadence, OnConflict, meeting_dates
from .parse import MEETING_KEYS, LineLookup, parse_meetings
from .portfolio import (
    LedgerRow,
    MeetingProblem,
    Portfolio,
    ProblemKind,
    find_clashes,
    plan_portfolio,
)
from .record import RECORD_TABLE, read_meeting_record, remember_meeting_record
from .report import portfolio_json
from .schedule import Attendance, MeetingOccurrence, MeetingSchedule, Status, schedule_meeting
from .share import markdown_escape, share_markdown

__all__ = [
    "MAX_OCCURRENCES",
    "MEETING_KEYS",
    "RECORD_TABLE",
    "Attendance",
    "LedgerRow",
    "LineLookup",
    "Meeting",
    "MeetingCadence",
    "MeetingOccurrence",
    "MeetingProblem",
    "MeetingSchedule",
    "OnConflict",
    "Portfolio",
    "ProblemKind",
    "Status",
    "find_clashes",
    "markdown_escape",
    "meeting_dates",
    "parse_meetings",
    "plan_portfolio",
    "portfolio_json",
    "read_meeting_record",
    "remember_meeting_record",
    "schedule_meeting",
    "share_markdown",
]
