"""The Meetings page (the coordinator's saved meetings, each edited in a form) and the
portfolio page (all of them over the coming months, and the burden they add up to)."""

from .editor import MeetingEditor
from .list_model import MeetingListModel, meeting_summary
from .page import MeetingsPage
from .portfolio_model import PortfolioModel, PortfolioRow, portfolio_bars, portfolio_rows
from .portfolio_page import PortfolioPage

__all__ = ["MeetingEditor", "MeetingListModel", "MeetingsPage", "PortfolioModel", "PortfolioPage",
           "PortfolioRow", "meeting_summary", "portfolio_bars", "portfolio_rows"]
