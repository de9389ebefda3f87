"""Clock changes ahead: the window's banner, and the page listing transitions, the
meetings they move for whom, and the heads-up message."""

from .banner import ClockBanner
from .models import ShiftsModel, TransitionsModel
from .page import SEND_COMMAND, ClockChangesPage

__all__ = ["SEND_COMMAND", "ClockBanner", "ClockChangesPage", "ShiftsModel", "TransitionsModel"]
