"""The window's saved meetings: the Meetings page and the plan edits it asks for.

:class:`MeetingsUi` owns the page; the window adds it as a tab and calls
:meth:`MeetingsUi.show_context` whenever the plan is shown again.  Every edit
goes through :class:`~app.editing.TeamEditor`, so it changes the plan
document (comments survive), refreshes every page and marks the window
modified.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner.context import PlanContext
from widgets.formatting import Formats
from widgets.meetings_page import MeetingsPage

from .editing import TeamEditor

Clock = Callable[[], datetime]


class MeetingsUi(QObject):
    """The Meetings page wired to the plan document."""

    planner_requested = Signal(str)  # show this meeting in the check-in planner

    def __init__(self, editor: TeamEditor, clock: Clock, formats: Formats, window: QWidget):
        super().__init__(window)
        self._editor = editor
        self.page = MeetingsPage(clock, formats, window)
        self._connect_signals()

    def _connect_signals(self) -> None:
        page = self.page
        page.add_requested.connect(self._on_page_add_requested)
        page.change_requested.connect(self._on_page_change_requested)
        page.remove_requested.connect(self._on_page_remove_requested)
        page.planner_requested.connect(self.planner_requested)

    def show_context(self, ctx: PlanContext) -> None:
        self.page.set_context(ctx)

    def set_formats(self, formats: Formats) -> None:
        self.page.set_formats(formats)

    def add_meeting(self) -> None:
        """Edit → Add meeting: as the page's own button."""
        self.page.add_button.click()

    # --- slots ------------------------------------------------------------------------

    def _on_page_add_requested(self, table: dict[str, Any]) -> None:
        self._editor.add_meeting(table)

    def _on_page_change_requested(self, index: int, values: dict[str, Any]) -> None:
        self._editor.change_meeting(index, values)

    def _on_page_remove_requested(self, index: int) -> None:
        self._editor.remove_meeting(index)
