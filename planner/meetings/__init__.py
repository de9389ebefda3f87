"""Meetings: the coordinator's saved recurring meetings (DESIGN.md, "Meetings").

* :mod:`.model` — :class:`Meeting` and its rule (:func:`meeting_dates`).
* :mod:`.parse` — ``[[meeting]]`` tables to meetings, every problem at once.
"""

from .model import MAX_OCCURRENCES, Meeting, MeetingCadence, OnConflict, meeting_dates
from .parse import MEETING_KEYS, LineLookup, parse_meetings

__all__ = [
    "MAX_OCCURRENCES",
    "MEETING_KEYS",
    "LineLookup",
    "Meeting",
    "MeetingCadence",
    "OnConflict",
    "meeting_dates",
    "parse_meetings",
]
