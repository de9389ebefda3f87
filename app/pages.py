"""The main window's pages: one tab each, built when first needed.

The grid page is built with the window; the others are placeholders until their
tab is first shown, or until :meth:`Pages.build_rest` builds them one by one
once the plan is on screen: the window paints without them (and their modules).
The planner and holidays pages are built here; the meetings, portfolio and clock
pages by :class:`~app.meetings_ui.MeetingsUi`, which hands them over
(:meth:`Pages.put`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget

from planner.i18n import _
from widgets.formatting import Formats
from widgets.grid import GridStyle

from . import window_layout
from .actions import VIEWS, ActionId, plain, text_of
from .publish_ui import publish_available

if TYPE_CHECKING:
    from planner.context import PlanContext
    from planner.holidays.report import RecordSource
    from widgets.empty_state import EmptyState
    from widgets.holidays_page import HolidaysPage
    from widgets.planner_page import PlannerPage

    from .main_window import MainWindow

A = ActionId
Clock = Callable[[], datetime]
PAGES = tuple(VIEWS.values())  # in tab order


def holiday_records(ctx: PlanContext) -> RecordSource:
    """Public and company holidays of the plan's members (the holidays page's source)."""
    return ctx.holiday_records


def connect_empty_state(window: MainWindow, empty: EmptyState) -> None:
    """A page's "no plan yet" buttons: add a member, open the demo, open a plan."""
    empty.add_member_requested.connect(lambda: window.editor.edit_entry("member", None))
    empty.open_demo_requested.connect(window.documents.open_demo)
    empty.open_plan_requested.connect(window.documents.choose_and_open)


def follow(menu_action: QAction, page_action: QAction) -> None:
    """The window's menu item shows a page's action (the page is built after the menu):
    text, state and tips follow it, and choosing the item triggers it."""
    def copy() -> None:
        menu_action.setText(page_action.text())
        menu_action.setEnabled(page_action.isEnabled())
        menu_action.setToolTip(page_action.toolTip())
        menu_action.setStatusTip(page_action.statusTip())

    page_action.changed.connect(copy)
    menu_action.triggered.connect(page_action.trigger)
    copy()


class Pages(QObject):
    """The window's tab widget and the pages in it (see the module's text)."""

    def __init__(self, window: MainWindow, grid_page: QWidget, clock: Clock):
        super().__init__(window)
        self._window, self._clock = window, clock
        self.tabs = QTabWidget(window)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Pages"))
        self._planner: PlannerPage | None = None
        self._holidays: HolidaysPage | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._placeholders: list[QWidget] = []
        for action_id, view in VIEWS.items():
            if view != "grid":
                self._placeholders.append(QWidget(window))
            page = grid_page if view == "grid" else self._placeholders[-1]
            self.tabs.addTab(page, text_of(action_id))
            page.setAccessibleName(plain(text_of(action_id)))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    @property
    def planner(self) -> PlannerPage:
        if self._planner is None:
            from widgets.planner_page import PlannerPage

            w = self._window
            page = self._planner = PlannerPage(self._clock, w.formats, w.grid_style, w)
            page.set_publishing(w.calendar_sync.running)
            if w.ctx is not None:
                page.set_context(w.ctx)
                page.set_publish_available(*publish_available(w.ctx))
            page.export_requested.connect(w.export)
            page.meeting_change_requested.connect(w.editor.change_meeting_by_id)
            connect_empty_state(w, page.empty_state)
            page.publish_requested.connect(w.calendar_sync.publish)
            follow(w.window_actions[A.PUBLISH_SERIES], page.publish_series_action)
            follow(w.window_actions[A.PUBLISH_ROTATION], page.publish_rotation_action)
            self.put("planner", page)
        return self._planner

    @property
    def holidays(self) -> HolidaysPage:
        if self._holidays is None:
            from widgets.holidays_page import HolidaysPage

            w = self._window
            page = self._holidays = HolidaysPage(self._clock, holiday_records, w.formats, w)
            if w.ctx is not None:
                page.set_context(w.ctx)
            self.put("holidays", page)
        return self._holidays

    def page(self, view: str) -> QWidget:
        """The page of a view (one of :data:`PAGES`), built if it was not yet."""
        meetings = self._window.meetings
        if view == "planner":
            return self.planner
        if view == "holidays":
            return self.holidays
        if view == "meetings":
            return meetings.page
        if view == "portfolio":
            return meetings.portfolio_page
        if view == "clocks":
            return meetings.clocks_page
        widget = self.tabs.widget(PAGES.index(view))
        assert widget is not None
        return widget

    def put(self, view: str, page: QWidget) -> None:
        """Replace a tab's placeholder with its page, the current tab staying current."""
        i, current = PAGES.index(view), self.tabs.currentIndex()
        placeholder = self.tabs.widget(i)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.insertTab(i, page, text_of(list(VIEWS)[i]))
        page.setAccessibleName(plain(text_of(list(VIEWS)[i])))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        window_layout.set_tab_order(self._window)   # the page's widgets after the tabs again
        if placeholder in self._placeholders:
            self._placeholders.remove(placeholder)
            placeholder.deleteLater()

    def is_built(self, view: str) -> bool:
        return self.tabs.widget(PAGES.index(view)) not in self._placeholders

    def build_rest(self) -> None:
        """Build the pages not built yet, one per turn of the event loop."""
        self._timer.start(0)

    # --- what the built pages show --------------------------------------------------

    def show_context(self, ctx: PlanContext) -> None:
        if self._planner is not None:
            self._planner.set_context(ctx)
            self._planner.set_publish_available(*publish_available(ctx))
        if self._holidays is not None:
            self._holidays.set_context(ctx)

    def set_formats(self, formats: Formats, style: GridStyle) -> None:
        if self._planner is not None:
            self._planner.set_formats(formats)
            self._planner.set_grid_style(style)
        if self._holidays is not None:
            self._holidays.set_formats(formats)

    def set_publishing(self, running: bool) -> None:
        if self._planner is not None:
            self._planner.set_publishing(running)

    # --- slots ------------------------------------------------------------------------

    def _on_tabs_current_changed(self, index: int) -> None:
        self.page(PAGES[index])  # built when first shown

    def _on_timer_timeout(self) -> None:
        # Built while the user looks at the grid, one per turn of the event loop so that
        # a key pressed meanwhile waits for one page at most.
        for view in PAGES:
            if not self.is_built(view):
                self.page(view)
                self._timer.start(0)
                return
