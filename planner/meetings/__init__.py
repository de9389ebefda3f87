"""Meetings: the coordinator's saved recurring meetings (DESIGN.md, "Meetings").

* :mod:`.model` — :class:`Meeting` and its rule (:func:`meeting_dates`).
* :mod:`.parse` — ``[[meeting]]`` tables to meetings, every problem at once.
* :mod:`.schedule` — one meeting's occurrences: decisions, slots, attendee views.
"""

from .model import MAX_OCCURRENCES, Meeting, MeetingCadence, OnConflict, meeting_dates
from .parse import MEETING_KEYS, LineLookup, parse_meetings
from .schedule import Attendance, MeetingOccurrence, MeetingSchedule, Status, schedule_meeting

__all__ = [
    "MAX_OCCURRENCES",
    "MEETING_KEYS",
    "Attendance",
    "LineLookup",
    "Meeting",
    "MeetingCadence",
    "MeetingOccurrence",
    "MeetingSchedule",
    "OnConflict",
    "Status",
    "meeting_dates",
    "parse_meetings",
    "schedule_meeting",
]
