"""The window's saved meetings: the Meetings page and the plan edits it asks for,
the portfolio of every meeting scheduled, and the clock changes ahead (the
banner and the Clock changes page).

:class:`MeetingsUi` owns the pages; the window adds them as tabs and calls
:meth:`MeetingsUi.show_context` whenever the plan is shown again.  Every edit
goes through :class:`~app.editing.TeamEditor`, so it changes the plan
document (comments survive), refreshes every page and marks the window
modified.  The portfolio is planned here, when first needed after each
showing (a page, the banner, an e-mail), with today from the window's clock
(in the plan's zone) and the plan's record of the past; the banner announces
what a clock change moves within four weeks of today
(:func:`planner.clocks.banner_shifts`).  E-mail (the Meetings page's
invitations and cancellations, the Clock changes page's heads-ups) goes
through :class:`~app.mail_ui.MailUi`, which also says what the buttons offer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from widgets.formatting import Formats
from widgets.grid import GridStyle

from .editing import TeamEditor
from .mail_ui import MailUi, sent_notices

if TYPE_CHECKING:  # the pages and the portfolio load when first needed, after the first paint
    from planner.clocks import Shift
    from planner.context import PlanContext
    from planner.meetings import Portfolio
    from widgets.clock_changes import ClockBanner, ClockChangesPage
    from widgets.meetings_page import MeetingsPage, PortfolioPage

Clock = Callable[[], datetime]


class MeetingsUi(QObject):
    """The Meetings page wired to the plan document; the portfolio, the Clock changes
    page and the banner shown from the meetings as planned.

    Nothing of it is needed for the window's first paint: each page is built when
    first asked for (``page``, ``portfolio_page``, ``clocks_page``; then
    ``page_built`` tells the window to put it in its tab), the portfolio is planned
    when something first needs it after each showing, and the banner is filled in
    by :meth:`update_banner`, which the window calls once the grid has painted the
    plan (``banner_pending`` until then).
    """

    planner_requested = Signal(str)  # show this meeting in the check-in planner
    clocks_requested = Signal()      # show the Clock changes page
    page_built = Signal(str, object)  # view ("meetings", "portfolio", "clocks"), its page

    def __init__(self, editor: TeamEditor, mail: MailUi, clock: Clock, formats: Formats,
                 style: GridStyle, window: QWidget,
                 place_banner: Callable[[QWidget], object] | None = None):
        super().__init__(window)
        self._editor = editor
        self.mail = mail
        self._clock = clock
        self._formats = formats
        self._style = style
        self._window = window
        self._place_banner = place_banner
        self._ctx: PlanContext | None = None
        self._portfolio: Portfolio | None = None
        self._planned = False  # whether _portfolio is the current plan's
        self._page: MeetingsPage | None = None
        self._portfolio_page: PortfolioPage | None = None
        self._clocks_page: ClockChangesPage | None = None
        self._banner: ClockBanner | None = None
        self._banner_stale = False
        self.mail.sent.connect(self.update_mail)
        self.mail.running_changed.connect(self.update_mail)

    # --- built when first asked for ---------------------------------------------------

    @property
    def page(self) -> MeetingsPage:
        if self._page is None:
            from widgets.meetings_page import MeetingsPage

            page = self._page = MeetingsPage(self._clock, self._formats, self._window)
            page.add_requested.connect(self._on_page_add_requested)
            page.change_requested.connect(self._on_page_change_requested)
            page.remove_requested.connect(self._on_page_remove_requested)
            page.planner_requested.connect(self.planner_requested)
            page.meeting_selected.connect(self._on_page_meeting_selected)
            page.invite_requested.connect(self._on_page_invite_requested)
            page.cancel_requested.connect(self._on_page_cancel_requested)
            if self._ctx is not None:
                page.set_context(self._ctx)  # selects a meeting: its e-mail state follows
            self.page_built.emit("meetings", page)
        return self._page

    @property
    def portfolio_page(self) -> PortfolioPage:
        if self._portfolio_page is None:
            from widgets.meetings_page import PortfolioPage

            page = self._portfolio_page = PortfolioPage(self._formats, self._style,
                                                        self._window)
            if self._ctx is not None:
                page.set_portfolio(self.portfolio, self._ctx.plan)
            self.page_built.emit("portfolio", page)
        return self._portfolio_page

    @property
    def clocks_page(self) -> ClockChangesPage:
        if self._clocks_page is None:
            from widgets.clock_changes import ClockChangesPage

            page = self._clocks_page = ClockChangesPage(self._formats, self._style,
                                                        self._window)
            page.send_requested.connect(self._on_clocks_page_send_requested)
            if self._ctx is not None:
                page.set_portfolio(self.portfolio, self._ctx.plan)
            self.page_built.emit("clocks", page)
            self.update_mail()
        return self._clocks_page

    @property
    def banner(self) -> ClockBanner:
        """The line above the pages (hidden while there is nothing to say)."""
        if self._banner is None:
            from widgets.clock_changes import ClockBanner

            banner = self._banner = ClockBanner(self._window)
            banner.details_requested.connect(self._on_banner_details_requested)
            if self._place_banner is not None:
                self._place_banner(banner)
        return self._banner

    @property
    def banner_pending(self) -> bool:
        """Whether the banner is yet to be brought up to date with the plan shown."""
        return self._banner_stale

    @property
    def portfolio(self) -> Portfolio | None:
        """Every saved meeting planned from today (None without meetings or a plan)."""
        if not self._planned and self._ctx is not None:
            self._portfolio = self._plan_portfolio(self._ctx)
            self._planned = True
        return self._portfolio

    # --- the plan ---------------------------------------------------------------------

    def show_context(self, ctx: PlanContext) -> None:
        self._ctx = ctx
        self._planned = False
        if self._page is not None:
            self._page.set_context(ctx)
        if self._portfolio_page is not None:
            self._portfolio_page.set_portfolio(self.portfolio, ctx.plan)
        if self._clocks_page is not None:
            self._clocks_page.set_portfolio(self.portfolio, ctx.plan)
        self._banner_stale = True  # the window asks for it once the grid shows the plan
        self.update_mail()

    def update_mail(self, *_: object) -> None:
        """Say what the e-mail buttons offer, from what the plan recorded as sent."""
        ctx = self._ctx
        if ctx is None:
            return
        if self._page is not None:
            selected = self._page.selected
            self._update_meeting_mail(selected.id if selected else None)
        if self._clocks_page is not None:
            config, why = self.mail.available(ctx)
            self._clocks_page.set_mail(sent_notices(ctx), config is not None, why,
                                       sending=self.mail.running)

    def _update_meeting_mail(self, meeting_id: str | None) -> None:
        ctx = self._ctx
        if ctx is None or meeting_id is None or self._page is None:
            return
        portfolio = self.portfolio
        if portfolio is not None:
            self._page.set_mail_state(meeting_id, self.mail.state(ctx, portfolio, meeting_id))

    def _plan_portfolio(self, ctx: PlanContext) -> Portfolio | None:
        from planner.meetings import plan_portfolio, read_meeting_record
        from planner.zones import get_zone

        plan = ctx.plan
        if not plan.meetings:
            return None
        # The loader checked the meetings (attendees, unique ids): nothing is refused here.
        today = self._clock().astimezone(get_zone(plan.reference_zone)).date()
        return plan_portfolio(plan.meetings, plan, ctx.calendar, today=today,
                              record=read_meeting_record(ctx.document))

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._page is not None:
            self._page.set_formats(formats)
        if self._portfolio_page is not None:
            self._portfolio_page.set_formats(formats)
        if self._clocks_page is not None:
            self._clocks_page.set_formats(formats)

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        if self._portfolio_page is not None:
            self._portfolio_page.set_grid_style(style)
        if self._clocks_page is not None:
            self._clocks_page.set_grid_style(style)

    def add_meeting(self) -> None:
        """Edit → Add meeting: as the page's own button."""
        self.page.add_button.click()

    def update_banner(self) -> None:
        """Bring the banner up to date with the plan shown (plans the portfolio if need be;
        the banner is built when it first has something to say)."""
        from planner.clocks import banner_shifts, banner_text

        if not self._banner_stale:
            return
        self._banner_stale = False
        ctx, portfolio = self._ctx, self.portfolio
        text = banner_text(banner_shifts(ctx.plan, portfolio, portfolio.today)) \
            if ctx is not None and portfolio is not None else None
        if text is not None or self._banner is not None:  # built when it has something to say
            self.banner.set_text(text)

    # --- slots ------------------------------------------------------------------------

    def _on_page_meeting_selected(self, meeting_id: str | None) -> None:
        self._update_meeting_mail(meeting_id)

    def _on_page_invite_requested(self, meeting_id: str) -> None:
        portfolio = self.portfolio
        if self._ctx is not None and portfolio is not None:
            self.mail.preview(self._ctx, portfolio, meeting_id)

    def _on_page_cancel_requested(self, meeting_id: str, day: date | None) -> None:
        portfolio = self.portfolio
        if self._ctx is not None and portfolio is not None:
            self.mail.preview(self._ctx, portfolio, meeting_id, cancel=True, day=day)

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
