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

from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from planner.calendar import TeamCalendar
from planner.i18n import _, ngettext
from planner.model import Plan
from planner.zones import TZDATA_VERSION
from widgets.formatting import Formats
from widgets.grid import GridRange, GridStyle
from widgets.grid_page import GridPage
from widgets.team_panel import TeamPanel

from . import actions, messages, window_layout
from .actions import VIEWS, ActionId, enable_actions
from .appearance import Appearance, open_settings_dialog
from .documents import Documents, PlanIO
from .editing import TeamEditor
from .exports import Exportable, SlotToExport, open_export_dialog
from .mail_ui import MailUi
from .meetings_ui import MeetingsUi
from .messages import Reporter
from .pages import PAGES, Pages, connect_empty_state
from .paint_waits import PaintWaits
from .publish_ui import CalendarSync, grid_bounds
from .recovery import RecoveryStore
from .settings import AppSettings
from .undo import follow_stack

if TYPE_CHECKING:
    from planner.context import PlanContext
    from widgets.holidays_page import HolidaysPage
    from widgets.meetings_page import MeetingsPage
    from widgets.planner_page import PlannerPage

    from .dialogs import SettingsDialog
    from .shortcut_sheet import ShortcutSheet

A = ActionId
Clock = Callable[[], datetime]
AUTOSAVE_MS = 60_000
TICK_MS = 15_000


def system_clock() -> datetime:
    return datetime.now(UTC)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, clock: Clock = system_clock,
                 plan_io: PlanIO | None = None, recovery_dir: Path | None = None,
                 autosave_ms: int = AUTOSAVE_MS, *, interactive: bool = True):
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(_("Overlap"))
        self._clock = clock
        self.settings = AppSettings(settings or QSettings())
        self.appearance = Appearance(self.settings)
        self.reporter = Reporter(self, interactive=interactive)
        folder = recovery_dir or Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation)) / "recovery"
        self.documents = Documents(self.settings, self.reporter, self.formats, clock, self,
                                   io=plan_io, recovery=RecoveryStore(folder),
                                   autosave_ms=autosave_ms)
        self.editor = TeamEditor(self.documents, self.reporter, clock, self.formats, self)
        self.calendar_sync = CalendarSync(self, self, clock)
        self.mail = MailUi(self, self, clock)
        self._shortcut_sheet: ShortcutSheet | None = None
        self._build_pages()
        self._build_actions()
        self._build_status_bar()
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(TICK_MS)
        self._connect_signals()
        self.dock_share = window_layout.restore_state(self, self.settings, self.team_dock)
        window_layout.set_tab_order(self)
        self._tick_timer.start()
        self._update_actions()

    # --- building ---------------------------------------------------------------------

    def _build_pages(self) -> None:
        empty = Plan(name="", reference_zone="UTC", members=())
        self.grid_page = GridPage(self._clock, self.formats, self.grid_style, self)
        self.grid = self.grid_page.grid
        self.pages = Pages(self, self.grid_page, self._clock)
        self.tabs = self.pages.tabs
        self.paint_waits = PaintWaits(self, self.grid, self.grid.viewport())
        # The clock-change banner runs above the pages, when there is something to say
        # (built then).
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.meetings = MeetingsUi(self.editor, self.mail, self._clock, self.formats,
                                   self.grid_style, self,
                                   place_banner=lambda banner: column.insertWidget(0, banner))
        self.team_panel = TeamPanel(empty, TeamCalendar(empty), self._clock, self.formats, self)
        self.team_dock = window_layout.add_team_dock(self, self.team_panel, _("Team"))

    def _build_actions(self) -> None:
        # The planner page owns its publish actions; until it is built the menu shows
        # these, which then follow the page's (pages.follow).
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
        self.calendar_sync.running_changed.connect(self._on_calendar_sync_running_changed)
        self._tick_timer.timeout.connect(self.tick)

    # --- the plan ---------------------------------------------------------------------

    @property
    def ctx(self) -> PlanContext | None:
        return self.documents.ctx

    @property
    def formats(self) -> Formats:
        return self.appearance.formats

    @property
    def grid_style(self) -> GridStyle:
        return self.appearance.grid_style

    # --- pages built when first needed --------------------------------------------------

    @property
    def planner_page(self) -> PlannerPage:
        return self.pages.planner

    @property
    def holidays_page(self) -> HolidaysPage:
        return self.pages.holidays

    @property
    def meetings_page(self) -> MeetingsPage:
        return self.meetings.page

    def page(self, view: str) -> QWidget:
        """The page of a view (one of :data:`PAGES`), built if it was not yet."""
        return self.pages.page(view)

    def show_context(self, ctx: PlanContext) -> None:
        """Show the plan (freshly loaded, edited, or with new busy times) on every page."""
        plan = ctx.plan
        self.team_panel.set_plan(plan, ctx.calendar)
        self.grid_page.set_plan(plan, ctx.calendar)
        self.pages.show_context(ctx)
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
            dialog = open_export_dialog(self.ctx, what, self._clock, self.formats.locale, self)
            dialog.written.connect(self._on_export_dialog_written)

    # --- the window -------------------------------------------------------------------

    def after_first_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the window has been painted (soon, if it already was)."""
        self.paint_waits.after_first_paint(work)

    def after_plan_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the grid has painted the plan shown (or soon, off screen)."""
        self.paint_waits.after_plan_paint(work)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.mail.wait()  # what was sent is recorded before the plan is closed
        if not self.documents.close():
            event.ignore()
            return
        self.calendar_sync.wait()
        window_layout.save_state(self, self.settings)
        self._tick_timer.stop()
        event.accept()

    def open_settings(self) -> SettingsDialog:
        zone = self.ctx.plan.reference_zone if self.ctx else "UTC"
        return open_settings_dialog(self.settings, zone, self._clock, self,
                                    self._on_settings_dialog_accepted)

    def apply_preferences(self) -> None:
        """Push locale, clock format, week start and theme to every widget."""
        self.appearance.reload()
        formats, style = self.formats, self.grid_style
        self.documents.formats = self.editor.formats = formats
        if self.ctx is not None and self.ctx.locale != formats.locale:
            # Holiday names come in the user's language where the data has it.
            self.ctx.locale = formats.locale
            self.ctx.refresh()
            self.show_context(self.ctx)
        self.grid_page.set_formats(formats)
        self.grid_page.set_grid_style(style)
        self.pages.set_formats(formats, style)
        self.team_panel.set_formats(formats)
        self.meetings.set_formats(formats)
        self.meetings.set_grid_style(style)

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
        self.pages.set_publishing(running)
        self._update_actions()

    def _on_plan_painted(self) -> None:
        self.meetings.update_banner()
        self.pages.build_rest()

    def _on_meetings_page_built(self, view: str, page: QWidget) -> None:
        self.pages.put(view, page)
        if view == "meetings":
            connect_empty_state(self, self.meetings.page.empty_state)

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

