"""The Meetings page: the coordinator's saved meetings, each edited in a form."""

from .editor import MeetingEditor
from .list_model import MeetingListModel, meeting_summary
from .page import MeetingsPage

__all__ = ["MeetingEditor", "MeetingListModel", "MeetingsPage", "meeting_summary"]
