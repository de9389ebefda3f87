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
(:func:`planner.clocks.banner_shifts`).  E-mail (the Meetings page's
invitations and cancellations, the Clock changes page's heads-ups) goes
through :class:`~app.mail_ui.MailUi`, which also says what the buttons offer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner.clocks import Shift, banner_shifts, banner_text
from planner.context import PlanContext
from planner.meetings import Portfolio, plan_portfolio, read_meeting_record
from planner.zones import get_zone
from widgets.clock_changes import ClockBanner, ClockChangesPage
from widgets.formatting import Formats
from widgets.grid import GridStyle
from widgets.meetings_page import MeetingsPage, PortfolioPage

from .editing import TeamEditor
from .mail_ui import MailUi, sent_notices

Clock = Callable[[], datetime]


class MeetingsUi(QObject):
    """The Meetings page wired to the plan document; the portfolio, the Clock changes
    page and the banner shown from the meetings as planned."""

    planner_requested = Signal(str)  # show this meeting in the check-in planner
    clocks_requested = Signal()      # show the Clock changes page

    def __init__(self, editor: TeamEditor, mail: MailUi, clock: Clock, formats: Formats,
                 style: GridStyle, window: QWidget):
        super().__init__(window)
        self._editor = editor
        self.mail = mail
        self._clock = clock
        self._ctx: PlanContext | None = None
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
        page.meeting_selected.connect(self._on_page_meeting_selected)
        page.invite_requested.connect(self._on_page_invite_requested)
        page.cancel_requested.connect(self._on_page_cancel_requested)
        self.clocks_page.send_requested.connect(self._on_clocks_page_send_requested)
        self.banner.details_requested.connect(self._on_banner_details_requested)
        self.mail.sent.connect(self.update_mail)
        self.mail.running_changed.connect(self.update_mail)

    def show_context(self, ctx: PlanContext) -> None:
        # The portfolio first: selecting a meeting on the page asks what its e-mail
        # buttons offer, which the portfolio answers.
        self._ctx = ctx
        self.portfolio = portfolio = self._plan_portfolio(ctx)
        self.page.set_context(ctx)
        self.portfolio_page.set_portfolio(portfolio, ctx.plan)
        self.clocks_page.set_portfolio(portfolio, ctx.plan)
        self.banner.set_text(banner_text(banner_shifts(ctx.plan, portfolio, portfolio.today))
                             if portfolio is not None else None)
        self.update_mail()

    def update_mail(self, *_: object) -> None:
        """Say what the e-mail buttons offer, from what the plan recorded as sent."""
        ctx = self._ctx
        if ctx is None:
            return
        self._update_meeting_mail(self.page.selected.id if self.page.selected else None)
        config, why = self.mail.available(ctx)
        self.clocks_page.set_mail(sent_notices(ctx), config is not None, why,
                                  sending=self.mail.running)

    def _update_meeting_mail(self, meeting_id: str | None) -> None:
        ctx, portfolio = self._ctx, self.portfolio
        if ctx is not None and portfolio is not None and meeting_id is not None:
            self.page.set_mail_state(meeting_id, self.mail.state(ctx, portfolio, meeting_id))

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

    def _on_page_meeting_selected(self, meeting_id: str | None) -> None:
        self._update_meeting_mail(meeting_id)

    def _on_page_invite_requested(self, meeting_id: str) -> None:
        if self._ctx is not None and self.portfolio is not None:
            self.mail.preview(self._ctx, self.portfolio, meeting_id)

    def _on_page_cancel_requested(self, meeting_id: str, day: date | None) -> None:
        if self._ctx is not None and self.portfolio is not None:
            self.mail.preview(self._ctx, self.portfolio, meeting_id, cancel=True, day=day)

    def _on_clocks_page_send_requested(self, shifts: tuple[Shift, ...]) -> None:
        if self._ctx is not None:
            self.mail.send_notices(self._ctx, shifts)

    def _on_banner_details_requested(self) -> None:
        self.clocks_page.show_next_weeks()
        self.clocks_requested.emit()

    def _on_page_add_requested(self, table: dict[str, Any]) -> None:
        self._editor.add_meeting(table)

    def _on_page_change_requested(self, index: int, values: dict[str, Any]) -> None:
        self._editor.change_meeting(index, values)

    def _on_page_remove_requested(self, index: int) -> None:
        self._editor.remove_meeting(index)
