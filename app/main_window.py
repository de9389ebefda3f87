"""The main window: team panel, grid page, check-in planner, holidays and deadlines.

It builds its children, then connects them in one ``_connect_signals()``.
The plan and its file belong to :class:`~app.documents.Documents`, the
actions and menus are declared in :mod:`app.actions`, the calendar server is
:class:`~app.publish_ui.CalendarSync`.  Widgets get the plan, the clock and
the formats passed in and report back with signals.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.calendar import TeamCalendar
from planner.i18n import _, ngettext
from planner.model import Plan
from planner.zones import TZDATA_VERSION
from widgets.empty_state import EmptyState
from widgets.formatting import Formats
from widgets.grid import GridRange, GridStyle, light_style
from widgets.grid_page import GridPage
from widgets.team_panel import TeamPanel

from . import actions, messages, window_layout
from .actions import VIEWS, ActionId, enable_actions, plain, text_of
from .documents import Documents, PlanIO
from .editing import TeamEditor
from .exports import Exportable, SlotToExport, open_export_dialog
from .mail_ui import MailUi
from .meetings_ui import MeetingsUi
from .messages import Reporter
from .publish_ui import CalendarSync, grid_bounds, publish_available
from .recovery import RecoveryStore
from .settings import AppSettings
from .themes import apply_theme
from .undo import follow_stack

if TYPE_CHECKING:
    from planner.context import PlanContext
    from planner.holidays.report import RecordSource
    from widgets.holidays_page import HolidaysPage
    from widgets.meetings_page import MeetingsPage
    from widgets.planner_page import PlannerPage

    from .dialogs import SettingsDialog
    from .shortcut_sheet import ShortcutSheet

A = ActionId
Clock = Callable[[], datetime]
PAGES = tuple(VIEWS.values())  # in tab order
AUTOSAVE_MS = 60_000
TICK_MS = 15_000


def system_clock() -> datetime:
    return datetime.now(UTC)


def holiday_records(ctx: PlanContext) -> RecordSource:
    """Public and company holidays of the plan's members (the holidays page's source)."""
    return ctx.holiday_records


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, clock: Clock = system_clock,
                 plan_io: PlanIO | None = None, recovery_dir: Path | None = None,
                 autosave_ms: int = AUTOSAVE_MS, *, interactive: bool = True):
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(_("Overlap"))
        self._clock = clock
        self._after_paint: list[Callable[[], object]] | None = []
        self.settings = AppSettings(settings or QSettings())
        self._formats: Formats = self.settings.formats()
        self._grid_style: GridStyle = light_style()
        self._apply_theme()
        self.reporter = Reporter(self, interactive=interactive)
        folder = recovery_dir or Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation)) / "recovery"
        self.documents = Documents(self.settings, self.reporter, self._formats, clock, self,
                                   io=plan_io, recovery=RecoveryStore(folder),
                                   autosave_ms=autosave_ms)
        self.editor = TeamEditor(self.documents, self.reporter, clock, self._formats, self)
        self.calendar_sync = CalendarSync(self, self, clock)
        self.mail = MailUi(self, self, clock)
        self._shortcut_sheet: ShortcutSheet | None = None
        self._build_pages()
        self._build_actions()
        self._build_status_bar()
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(TICK_MS)
        self._connect_signals()
        self._restore_window_state()
        window_layout.set_tab_order(self)
        self._tick_timer.start()
        self._update_actions()

    # --- building ---------------------------------------------------------------------

    def _build_pages(self) -> None:
        empty = Plan(name="", reference_zone="UTC", members=())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Pages"))
        self.grid_page = GridPage(self._clock, self._formats, self._grid_style, self)
        self.grid = self.grid_page.grid
        # The other pages are built when first shown, or one by one once the plan is on
        # screen: the window paints without them (and their modules).
        self._planner_page: PlannerPage | None = None
        self._holidays_page: HolidaysPage | None = None
        self._pages_timer = QTimer(self)
        self._pages_timer.setSingleShot(True)
        # What waits for the grid to paint the plan shown (the banner, the other pages);
        # the timer stands in when the grid does not paint (hidden, minimised).
        self._after_plan_paint: list[Callable[[], object]] = []
        self._plan_paint_timer = QTimer(self)
        self._plan_paint_timer.setSingleShot(True)
        self.grid.viewport().installEventFilter(self)
        self._placeholders: list[QWidget] = []
        for action_id, view in VIEWS.items():
            if view != "grid":
                self._placeholders.append(QWidget(self))
            page = self.grid_page if view == "grid" else self._placeholders[-1]
            self.tabs.addTab(page, text_of(action_id))
            page.setAccessibleName(plain(text_of(action_id)))
        # The clock-change banner runs above the pages, when there is something to say
        # (built then).
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.meetings = MeetingsUi(self.editor, self.mail, self._clock, self._formats,
                                   self._grid_style, self,
                                   place_banner=lambda banner: column.insertWidget(0, banner))
        self.team_panel = TeamPanel(empty, TeamCalendar(empty), self._clock, self._formats, self)
        self.team_dock = QDockWidget(_("Team"), self)
        self.team_dock.setObjectName("team_dock")
        self.team_dock.setWidget(self.team_panel)
        self.team_panel.setAccessibleName(_("Team"))
        self.team_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                                   QDockWidget.DockWidgetFeature.DockWidgetClosable |
                                   QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        # Qt does not mirror dock areas: in a right-to-left language the team goes right.
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea if self.isRightToLeft()
                           else Qt.DockWidgetArea.LeftDockWidgetArea, self.team_dock)

    def _build_actions(self) -> None:
        # The planner page owns its publish actions; until it is built the menu shows
        # these, which then follow the page's (_follow).
        publish = {A.PUBLISH_SERIES: QAction(_(messages.PUBLISH_SERIES), self),
                   A.PUBLISH_ROTATION: QAction(_(messages.PUBLISH_ROTATION), self)}
        for action in publish.values():
            action.setEnabled(False)
            action.setToolTip(_(messages.OPEN_A_PLAN))
        self.window_actions, submenus = actions.install(self, {
            A.TEAM_PANEL: self.team_dock.toggleViewAction(), **publish})
        team_toggle = self.team_dock.toggleViewAction()
        team_toggle.setText(_("T&eam panel"))  # a mnemonic of its own
        team_toggle.setShortcut("F9")   # show or hide the panel: room for the grid
        team_toggle.setStatusTip(_("Show or hide the team panel"))
        self.team_panel.addAction(self.window_actions[A.REMOVE_ITEM])  # Delete: in the team
        self.recent_menu = submenus[actions.RECENT.name]
        self._update_recent_menu()

    def _build_status_bar(self) -> None:
        self.plan_label = QLabel(self)
        self.tzdata_label = QLabel(f"tzdata {TZDATA_VERSION}", self)
        self.tzdata_label.setToolTip(_("Time-zone rules in use (the tzdata package)"))
        bar = self.statusBar()
        for widget in (self.plan_label, self.tzdata_label, self.calendar_sync.progress,
                       self.mail.progress):
            bar.addPermanentWidget(widget)

    def _connect_signals(self) -> None:
        docs, editor, grid_page = self.documents, self.editor, self.grid_page
        window_actions = self.window_actions
        for action_id, slot in {
            A.NEW: docs.new_plan, A.OPEN: docs.choose_and_open, A.OPEN_DEMO: docs.open_demo,
            A.SAVE: docs.save, A.SAVE_AS: lambda: docs.save_as(), A.QUIT: self.close,
            A.UNDO: editor.undo, A.REDO: editor.redo,
            A.ADD_MEMBER: lambda: editor.edit_entry("member", None),
            A.ADD_SITE: lambda: editor.edit_entry("site", None),
            A.ADD_MEETING: self._on_add_meeting_action_triggered,
            A.EDIT_ITEM: self._on_edit_item_action_triggered,
            A.REMOVE_ITEM: self._on_remove_item_action_triggered,
            A.SETTINGS: self.open_settings,
            A.TODAY: grid_page.today_button.click, A.PREVIOUS: grid_page.prev_button.click,
            A.NEXT: grid_page.next_button.click,
            A.NEXT_WINDOW: lambda: self._jump_to_window(True),
            A.PREVIOUS_WINDOW: lambda: self._jump_to_window(False),
            A.FETCH_BUSY: self._on_fetch_busy_action_triggered,
            A.FORGET_BUSY: self.calendar_sync.forget_busy,
            A.MAIL_PASSWORD: lambda: self.mail.ask_password(),
            A.SHORTCUTS: self._on_shortcuts_action_triggered,
            A.ABOUT: self._on_about_action_triggered,
        }.items():
            window_actions[action_id].triggered.connect(slot)
        for action_id, view in VIEWS.items():
            window_actions[action_id].triggered.connect(
                lambda _=False, v=view: self.show_view(v))
        window_actions[A.WEEK].toggled.connect(self._on_week_action_toggled)
        docs.opened.connect(self._on_documents_opened)
        docs.modified_changed.connect(self.setWindowModified)
        docs.saved.connect(self._update_title)
        docs.saved.connect(self.meetings.update_mail)  # a saved demo copy may send
        docs.recent_changed.connect(self._update_recent_menu)
        editor.changed.connect(self.show_context)
        editor.added.connect(self.team_panel.select)
        editor.removed.connect(self._on_editor_removed)
        follow_stack(docs.undo_stack, window_actions[A.UNDO], window_actions[A.REDO])
        self.team_panel.add_member_requested.connect(lambda: editor.edit_entry("member", None))
        self.team_panel.add_site_requested.connect(lambda: editor.edit_entry("site", None))
        self.team_panel.edit_requested.connect(editor.edit_entry)
        self.team_panel.remove_requested.connect(editor.remove_entry)
        self.team_panel.member_selected.connect(self._on_team_panel_member_selected)
        grid_page.range_changed.connect(self._on_grid_page_range_changed)
        grid_page.status_requested.connect(lambda text: self.reporter.status(text, 15000))
        grid_page.details.plan_recurring_requested.connect(
            self._on_details_plan_recurring_requested)
        grid_page.details.export_requested.connect(self._on_details_export_requested)
        self.meetings.planner_requested.connect(self._on_meetings_planner_requested)
        self.meetings.clocks_requested.connect(lambda: self.show_view("clocks"))
        self.meetings.page_built.connect(self._on_meetings_page_built)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._pages_timer.timeout.connect(self._on_pages_timer_timeout)
        self._plan_paint_timer.timeout.connect(self._on_plan_paint_timer_timeout)
        self.calendar_sync.running_changed.connect(self._on_calendar_sync_running_changed)
        self._tick_timer.timeout.connect(self.tick)

    def _connect_empty_state(self, empty: EmptyState) -> None:
        empty.add_member_requested.connect(lambda: self.editor.edit_entry("member", None))
        empty.open_demo_requested.connect(self.documents.open_demo)
        empty.open_plan_requested.connect(self.documents.choose_and_open)

    # --- the plan ---------------------------------------------------------------------

    @property
    def ctx(self) -> PlanContext | None:
        return self.documents.ctx

    @property
    def formats(self) -> Formats:
        return self._formats

    # --- pages built when first needed --------------------------------------------------

    @property
    def planner_page(self) -> PlannerPage:
        if self._planner_page is None:
            from widgets.planner_page import PlannerPage

            page = self._planner_page = PlannerPage(self._clock, self._formats,
                                                    self._grid_style, self)
            page.set_publishing(self.calendar_sync.running)
            if self.ctx is not None:
                page.set_context(self.ctx)
                page.set_publish_available(*publish_available(self.ctx))
            page.export_requested.connect(self.export)
            page.meeting_change_requested.connect(self.editor.change_meeting_by_id)
            self._connect_empty_state(page.empty_state)
            page.publish_requested.connect(self.calendar_sync.publish)
            _follow(self.window_actions[A.PUBLISH_SERIES], page.publish_series_action)
            _follow(self.window_actions[A.PUBLISH_ROTATION], page.publish_rotation_action)
            self._put_page("planner", page)
        return self._planner_page

    @property
    def holidays_page(self) -> HolidaysPage:
        if self._holidays_page is None:
            from widgets.holidays_page import HolidaysPage

            page = self._holidays_page = HolidaysPage(self._clock, holiday_records,
                                                      self._formats, self)
            if self.ctx is not None:
                page.set_context(self.ctx)
            self._put_page("holidays", page)
        return self._holidays_page

    @property
    def meetings_page(self) -> MeetingsPage:
        return self.meetings.page

    def page(self, view: str) -> QWidget:
        """The page of a view (one of :data:`PAGES`), built if it was not yet."""
        if view == "planner":
            return self.planner_page
        if view == "holidays":
            return self.holidays_page
        if view == "meetings":
            return self.meetings.page
        if view == "portfolio":
            return self.meetings.portfolio_page
        if view == "clocks":
            return self.meetings.clocks_page
        widget = self.tabs.widget(PAGES.index(view))
        assert widget is not None
        return widget

    def _put_page(self, view: str, page: QWidget) -> None:
        """Replace a tab's placeholder with its page, the current tab staying current."""
        i, current = PAGES.index(view), self.tabs.currentIndex()
        placeholder = self.tabs.widget(i)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.insertTab(i, page, text_of(list(VIEWS)[i]))
        page.setAccessibleName(plain(text_of(list(VIEWS)[i])))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        window_layout.set_tab_order(self)   # the page's widgets after the tabs again
        if placeholder in self._placeholders:
            self._placeholders.remove(placeholder)
            placeholder.deleteLater()

    def show_context(self, ctx: PlanContext) -> None:
        """Show the plan (freshly loaded, edited, or with new busy times) on every page."""
        plan = ctx.plan
        self.team_panel.set_plan(plan, ctx.calendar)
        self.grid_page.set_plan(plan, ctx.calendar)
        if self._planner_page is not None:
            self._planner_page.set_context(ctx)
            self._planner_page.set_publish_available(*publish_available(ctx))
        if self._holidays_page is not None:
            self._holidays_page.set_context(ctx)
        self.meetings.show_context(ctx)
        self._update_title()
        self._update_actions()
        # The banner and the other pages, once the grid shows the plan.
        self.after_plan_paint(self._on_plan_painted)

    def mark_modified(self) -> None:
        self.documents.set_modified(True)

    def _update_title(self) -> None:
        if self.ctx is None:
            self.setWindowTitle(_("Overlap"))
            return
        path = self.ctx.document.path
        where = path.name if path else \
            _("demo copy, not saved yet") if self.documents.demo_copy else _("not saved yet")
        self.setWindowTitle(_("{plan} ({where})[*] — Overlap").format(plan=self.ctx.plan.name,
                                                                       where=where))
        n = len(self.ctx.plan.members)
        self.plan_label.setText(ngettext("{n} member · grid in {zone}",
                                         "{n} members · grid in {zone}", n).format(
            n=n, zone=self.ctx.plan.reference_zone))

    def _update_actions(self) -> None:
        has = self.ctx is not None
        enable_actions(self.window_actions, plan=has,
                       item=has and self.team_panel.current_item() is not None)
        self.calendar_sync.update_actions(self.window_actions[A.FETCH_BUSY],
                                          self.window_actions[A.FORGET_BUSY])
        self.mail.update_action(self.window_actions[A.MAIL_PASSWORD])

    def _update_recent_menu(self) -> None:
        actions.fill_recent_menu(self.recent_menu, self.settings.recent_files(),
                                 self.documents.open_path)

    def export(self, what: Exportable) -> None:
        """Open the export dialog for a slot, a series or a rotation of the open plan."""
        if self.ctx is not None:
            dialog = open_export_dialog(self.ctx, what, self._clock, self._formats.locale, self)
            dialog.written.connect(self._on_export_dialog_written)

    # --- the window -------------------------------------------------------------------

    def after_first_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the window has been painted (soon, if it already was).

        Start-up shows the window first and then opens the plan: reading it, the
        holiday data and the zones' clock changes are not needed to paint a window.
        A zero timer is not enough: Qt runs it before the first paint.
        """
        if self._after_paint is None:
            QTimer.singleShot(0, work)
        else:
            self._after_paint.append(work)

    def after_plan_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the grid has painted the plan shown, or soon when the grid is
        not on screen (another page is shown, the window is hidden)."""
        if work not in self._after_plan_paint:
            self._after_plan_paint.append(work)
        self._plan_paint_timer.start(250 if self.grid.isVisible() else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._after_plan_paint and \
                watched is self.grid.viewport():
            QTimer.singleShot(0, self._on_plan_paint_timer_timeout)  # once this paint is done
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and self._after_paint is not None:
            pending, self._after_paint = self._after_paint, None
            for work in pending:
                QTimer.singleShot(0, work)
        return handled

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.mail.wait()  # what was sent is recorded before the plan is closed
        if not self.documents.close():
            event.ignore()
            return
        self.calendar_sync.wait()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self._tick_timer.stop()
        event.accept()

    def _restore_window_state(self) -> None:
        geometry, state = self.settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*window_layout.DEFAULT_SIZE)
        # Never larger than the screen (a geometry from a bigger screen, scale factors).
        window_layout.fit_to_screen(self)
        restored = state is not None and self.restoreState(state)
        # Without a stored layout the Team dock keeps its share of the width as the window
        # is resized, until the user moves the divider.
        self.dock_share = window_layout.DockShare(self, self.team_dock, follow=not restored)

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self._grid_style = apply_theme(app, self.settings.theme)

    def open_settings(self) -> SettingsDialog:
        from .dialogs import SettingsDialog

        zone = self.ctx.plan.reference_zone if self.ctx else "UTC"
        dialog = SettingsDialog(self.settings, zone, self._clock, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_settings_dialog_accepted(dialog))
        dialog.open()
        return dialog

    def apply_preferences(self) -> None:
        """Push locale, clock format, week start and theme to every widget."""
        self._formats = self.documents.formats = self.editor.formats = self.settings.formats()
        self._apply_theme()
        if self.ctx is not None and self.ctx.locale != self._formats.locale:
            # Holiday names come in the user's language where the data has it.
            self.ctx.locale = self._formats.locale
            self.ctx.refresh()
            self.show_context(self.ctx)
        self.grid_page.set_formats(self._formats)
        self.grid_page.set_grid_style(self._grid_style)
        if self._planner_page is not None:
            self._planner_page.set_formats(self._formats)
            self._planner_page.set_grid_style(self._grid_style)
        self.team_panel.set_formats(self._formats)
        if self._holidays_page is not None:
            self._holidays_page.set_formats(self._formats)
        self.meetings.set_formats(self._formats)
        self.meetings.set_grid_style(self._grid_style)

    def show_view(self, view: str) -> None:
        if view not in PAGES:
            raise ValueError(f"unknown view {view!r}; choose from {', '.join(PAGES)}")
        self.tabs.setCurrentIndex(PAGES.index(view))
        if view == "grid":
            self.grid.setFocus()

    def tick(self) -> None:
        self.team_panel.tick()
        self.grid_page.tick()

    # --- slots ------------------------------------------------------------------------

    def _on_documents_opened(self, ctx: PlanContext) -> None:
        self.show_context(ctx)
        self.grid.setFocus()

    def _on_settings_dialog_accepted(self, dialog: SettingsDialog) -> None:
        dialog.apply_to(self.settings)
        self.apply_preferences()
        zone = dialog.zone.zone()
        if self.ctx is not None and zone != self.ctx.plan.reference_zone:
            self.editor.set_reference_zone(zone)

    def _on_add_meeting_action_triggered(self) -> None:
        self.show_view("meetings")
        self.meetings.add_meeting()

    def _on_meetings_planner_requested(self, meeting_id: str) -> None:
        self.planner_page.edit_meeting(meeting_id)
        self.show_view("planner")

    def _on_edit_item_action_triggered(self) -> None:
        item = self.team_panel.current_item()
        if item is not None:
            self.editor.edit_entry(*item)

    def _on_remove_item_action_triggered(self) -> None:
        item = self.team_panel.current_item()
        if item is not None:
            self.editor.remove_entry(*item)

    def _on_editor_removed(self, table: str, index: int) -> None:
        # Nothing is selected after a delete (a second Delete must not remove the next
        # person); the keyboard stays in the team list.
        self.team_panel.clear_current()
        self._update_actions()

    def _on_team_panel_member_selected(self, index: int) -> None:
        self._update_actions()
        self.grid.set_cursor_row(index)

    def _jump_to_window(self, forward: bool) -> None:
        # The window is selected in the grid (and, if there is none, explained there).
        self.show_view("grid")
        self.grid_page.jump_to_window(forward)

    def _on_week_action_toggled(self, week: bool) -> None:
        (self.grid_page.week_button if week else self.grid_page.day_button).setChecked(True)

    def _on_grid_page_range_changed(self, grid_range: GridRange) -> None:
        week_action = self.window_actions[A.WEEK]
        week = grid_range.days == 7
        if week_action.isChecked() != week:
            week_action.blockSignals(True)
            week_action.setChecked(week)
            week_action.blockSignals(False)

    def _on_details_plan_recurring_requested(self, start: datetime, end: datetime) -> None:
        self.planner_page.start_from_slot(start, end)
        self.show_view("planner")

    def _on_details_export_requested(self, start: datetime, end: datetime) -> None:
        self.export(SlotToExport(start, end))

    def _on_export_dialog_written(self, path: Path, plan_changed: bool) -> None:
        # The plan remembers the exported UIDs, so it is modified.
        if plan_changed:
            self.documents.set_modified(True)
        self.reporter.status(_("Exported to {path}").format(path=path) + (
            f" — {_(messages.REMEMBERS_EXPORT)}" if plan_changed else ""), 10000)

    def _on_fetch_busy_action_triggered(self) -> None:
        grid_range = self.grid.grid_range
        if grid_range is not None:
            self.calendar_sync.fetch_busy(*grid_bounds(grid_range))

    def _on_calendar_sync_running_changed(self, running: bool) -> None:
        if self._planner_page is not None:
            self._planner_page.set_publishing(running)
        self._update_actions()

    def _on_tabs_current_changed(self, index: int) -> None:
        self.page(PAGES[index])  # built when first shown

    def _on_plan_paint_timer_timeout(self) -> None:
        self._plan_paint_timer.stop()
        pending, self._after_plan_paint = self._after_plan_paint, []
        for work in pending:
            work()

    def _on_plan_painted(self) -> None:
        self.meetings.update_banner()
        self._pages_timer.start(0)

    def _on_pages_timer_timeout(self) -> None:
        # Built while the user looks at the grid, one per turn of the event loop so that
        # a key pressed meanwhile waits for one page at most.
        for view in PAGES:
            if not self._is_built(view):
                self.page(view)
                self._pages_timer.start(0)
                return

    def _is_built(self, view: str) -> bool:
        return self.tabs.widget(PAGES.index(view)) not in self._placeholders

    def _on_meetings_page_built(self, view: str, page: QWidget) -> None:
        self._put_page(view, page)
        if view == "meetings":
            self._connect_empty_state(self.meetings.page.empty_state)

    def _on_shortcuts_action_triggered(self) -> None:
        self.show_shortcut_sheet()

    def show_shortcut_sheet(self) -> ShortcutSheet:
        """The keyboard shortcut sheet (one, raised if already open)."""
        from .shortcut_sheet import ShortcutSheet

        if self._shortcut_sheet is None:
            self._shortcut_sheet = ShortcutSheet(self.window_actions, self)
        self._shortcut_sheet.show()
        self._shortcut_sheet.raise_()
        self._shortcut_sheet.activateWindow()   # typing right after F1 filters the sheet
        self._shortcut_sheet.filter_edit.setFocus()
        return self._shortcut_sheet

    def _on_about_action_triggered(self) -> None:
        QMessageBox.about(self, _("About Overlap"), messages.about_text())


def _follow(menu_action: QAction, page_action: QAction) -> None:
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
