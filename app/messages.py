"""What the window tells the user: shared texts, and where messages go.

A text used in more than one place lives here, once.  Problems are formatted
by :func:`planner.errors.problems_text` (the same formatter the widgets use);
:class:`Reporter` puts messages in the status bar and problems in a message
box, or on stderr when the window is not interactive (``--screenshot``):
nothing there may wait for a click.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from planner.errors import InputError, problems_text
from planner.i18n import N_, _
from planner.zones import TZDATA_VERSION

from . import version


def about_text() -> str:
    return _("Overlap {version}\nPlan fair, DST-proof check-ins for distributed teams.\n"
             "Time-zone rules: tzdata {tzdata}.").format(version=version(),
                                                         tzdata=TZDATA_VERSION)


# --- the calendar server -------------------------------------------------------------

# Shown through _() where they are used: _(messages.NO_CALENDAR).
NO_CALENDAR = N_("The plan names no calendar server. To publish there, add to the plan file a "
                 '[calendar] table with url = "https://…" (the calendar\'s CalDAV address) and '
                 'user = "…"; the password goes into the system keyring (see docs/caldav.md).')
NO_CALENDAR_FOR_BUSY = N_(
    "The plan names no calendar server. To read busy times from one, add to the plan file a "
    '[calendar] table with url = "https://…" (the calendar\'s CalDAV address) and '
    'user = "…"; the password goes into the system keyring (see docs/caldav.md).')
NO_BUSY = N_("The plan names no member calendars to read busy times from. Add a "
             '[calendar.busy] table to the plan file, e.g. Priya = "https://…/priya/work/" '
             "(on the same server as [calendar]; see docs/caldav.md).")
FORGET_BUSY = N_("Show working hours without the busy times read from the calendar server")
NOTHING_FETCHED = N_("No busy times have been fetched from the server.")
BUSY_FORGOTTEN = N_("Busy times from the server are no longer shown")

# --- files ---------------------------------------------------------------------------

CANNOT_OPEN = N_("Cannot open the plan")
PLAN_FILES = N_("Plans (*.toml)")
UNSAVED_CHANGES = N_("Unsaved changes")
CHANGED_ON_DISK = N_("The file changed on disk")
REMEMBERS_EXPORT = N_("save the plan so a later export updates the same events")
# The Calendar server menu's publish items, before the check-in planner is built (then
# they show the planner's own actions, whose texts these are).
PUBLISH_SERIES = N_("Publish &check-in to calendar server…")
PUBLISH_ROTATION = N_("Publish &rotation to calendar server…")
OPEN_A_PLAN = N_("Open a plan first.")


def error_text(error: BaseException) -> str:
    """An error for a message box: every problem with where it is, or what failed."""
    if isinstance(error, InputError):
        return problems_text(error.problems, located=True)
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or error}"
    return f"{type(error).__name__}: {error}"


class Reporter:
    """The window's status bar and message boxes."""

    def __init__(self, window: QMainWindow, *, interactive: bool = True):
        self._window = window
        # False for --screenshot: problems go to stderr, never to a modal box.
        self.interactive = interactive

    def status(self, text: str, timeout_ms: int = 0) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    def clear_status(self) -> None:
        self._window.statusBar().clearMessage()

    def warn(self, title: str, error: BaseException, *, later: bool = False) -> None:
        """A problem: its first line in the status bar, all of it in a warning box
        (``later``: once the event loop runs, e.g. while the window is still opening)."""
        text = error_text(error)
        self.status(f"{title}: {text.splitlines()[0]}" if text else title, 10000)
        if not self.interactive:
            print(f"overlap: {title.lower()}:\n{text}", file=sys.stderr)
            return
        if later:
            QTimer.singleShot(0, lambda: QMessageBox.warning(self._window, title, text))
        else:
            QMessageBox.warning(self._window, title, text)

    def inform(self, title: str, text: str) -> None:
        """Something to read and acknowledge (not a problem with the user's input)."""
        if self.interactive:
            QMessageBox.information(self._window, title, text)
