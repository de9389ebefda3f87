"""The window's saved meetings: the Meetings page and the plan edits it asks for,
the portfolio of every meeting scheduled, and the clock changes ahead (the
banner and the Clock changes page).

:class:`MeetingsUi` owns the pages; the window adds them as tabs and calls
:meth:`MeetingsUi.show_context` whenever the plan is shown again.  Every edit
goes through :class:`~app.editing.TeamEditor`, so it changes the plan
document (comments survive), refreshes every page and marks the window
modified.  The portfolio is planned here, once per showing, with today from
the window's clock (in the plan's zone) and the plan's record of the past;
the banner announces what a clock change moves within four weeks of today
(:func:`planner.clocks.banner_shifts`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner.clocks import banner_shifts, banner_text
from planner.context import PlanContext
from planner.meetings import Portfolio, plan_portfolio, read_meeting_record
from planner.zones import get_zone
from widgets.clock_changes import ClockBanner, ClockChangesPage
from widgets.formatting import Formats
from widgets.grid import GridStyle
from widgets.meetings_page import MeetingsPage, PortfolioPage

from .editing import TeamEditor

Clock = Callable[[], datetime]


class MeetingsUi(QObject):
    """The Meetings page wired to the plan document; the portfolio, the Clock changes
    page and the banner shown from the meetings as planned."""

    planner_requested = Signal(str)  # show this meeting in the check-in planner
    clocks_requested = Signal()      # show the Clock changes page

    def __init__(self, editor: TeamEditor, clock: Clock, formats: Formats, style: GridStyle,
                 window: QWidget):
        super().__init__(window)
        self._editor = editor
        self._clock = clock
        self.portfolio: Portfolio | None = None
        self.page = MeetingsPage(clock, formats, window)
        self.portfolio_page = PortfolioPage(formats, style, window)
        self.clocks_page = ClockChangesPage(formats, style, window)
        self.banner = ClockBanner(window)
        self._connect_signals()

    def _connect_signals(self) -> None:
        page = self.page
        page.add_requested.connect(self._on_page_add_requested)
        page.change_requested.connect(self._on_page_change_requested)
        page.remove_requested.connect(self._on_page_remove_requested)
        page.planner_requested.connect(self.planner_requested)
        self.banner.details_requested.connect(self._on_banner_details_requested)

    def show_context(self, ctx: PlanContext) -> None:
        self.page.set_context(ctx)
        self.portfolio = portfolio = self._plan_portfolio(ctx)
        self.portfolio_page.set_portfolio(portfolio, ctx.plan)
        self.clocks_page.set_portfolio(portfolio, ctx.plan)
        self.banner.set_text(banner_text(banner_shifts(ctx.plan, portfolio, portfolio.today))
                             if portfolio is not None else None)

    def _plan_portfolio(self, ctx: PlanContext) -> Portfolio | None:
        plan = ctx.plan
        if not plan.meetings:
            return None
        # The loader checked the meetings (attendees, unique ids): nothing is refused here.
        today = self._clock().astimezone(get_zone(plan.reference_zone)).date()
        return plan_portfolio(plan.meetings, plan, ctx.calendar, today=today,
                              record=read_meeting_record(ctx.document))

    def set_formats(self, formats: Formats) -> None:
        self.page.set_formats(formats)
        self.portfolio_page.set_formats(formats)
        self.clocks_page.set_formats(formats)

    def set_grid_style(self, style: GridStyle) -> None:
        self.portfolio_page.set_grid_style(style)
        self.clocks_page.set_grid_style(style)

    def add_meeting(self) -> None:
        """Edit → Add meeting: as the page's own button."""
        self.page.add_button.click()

    # --- slots ------------------------------------------------------------------------

    def _on_banner_details_requested(self) -> None:
        self.clocks_page.show_next_weeks()
        self.clocks_requested.emit()

    def _on_page_add_requested(self, table: dict[str, Any]) -> None:
        self._editor.add_meeting(table)

    def _on_page_change_requested(self, index: int, values: dict[str, Any]) -> None:
        self._editor.change_meeting(index, values)

    def _on_page_remove_requested(self, index: int) -> None:
        self._editor.remove_meeting(index)
