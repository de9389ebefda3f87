"""The main window: team panel, grid page, check-in planner, holidays and deadlines.

Owns the open plan (a :class:`~planner.context.PlanContext`), file handling
(new, open, save, save as, recent files, the modified marker, the close guard,
autosave to a recovery file) and preferences.  Widgets get the plan, the clock
and the formats passed in and report back with signals.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
)

from planner.calendar import TeamCalendar
from planner.context import PlanContext, open_plan
from planner.errors import InputError
from planner.holidays.report import RecordSource
from planner.model import Plan
from planner.planfile import PlanConflictError, parse_plan, save_plan
from planner.zones import TZDATA_VERSION, check_zone_key
from resources import DEMO_PLAN
from widgets.formatting import Formats
from widgets.grid import GridRange, GridStyle, light_style
from widgets.grid_page import GridPage
from widgets.holidays_page import HolidaysPage
from widgets.planner_page import PlannerPage
from widgets.team_panel import TeamPanel

from . import actions, messages
from .actions import VIEWS, ActionId, enable_actions, shortcut_help, text_of
from .dialogs import EntryDialog, SettingsDialog
from .exports import Exportable, SlotToExport, open_export_dialog
from .messages import Reporter
from .publish_ui import CalendarSync, grid_bounds, publish_available
from .recovery import RecoveryEntry, RecoveryStore
from .settings import AppSettings
from .themes import apply_theme

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
A = ActionId
PAGES = tuple(VIEWS.values())  # in tab order
AUTOSAVE_MS = 60_000
TICK_MS = 15_000

NEW_PLAN = """\
# A new Overlap plan. Add members in the window, or edit this file by hand.
version = 1
name = "{name}"
reference_zone = "{zone}"   # the zone the grid is drawn in
"""


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class PlanIO:
    """How plans are read; tests swap in loaders that need no holiday data."""

    load: Callable[[Path, str | None], PlanContext]
    parse: Callable[[str, Path | None, str | None], PlanContext]

    @classmethod
    def default(cls) -> PlanIO:
        def load(path: Path, locale: str | None) -> PlanContext:
            return open_plan(path, locale)

        def parse(text: str, path: Path | None, locale: str | None) -> PlanContext:
            return PlanContext.from_document(parse_plan(text, path=path), locale)

        return cls(load, parse)


def holiday_records(ctx: PlanContext) -> RecordSource:
    """Public and company holidays of the plan's members (the holidays page's source)."""
    return ctx.holiday_records


def _local_zone_key() -> str:
    """The system's zone key when it is a usable IANA key, else UTC."""
    from PySide6.QtCore import QTimeZone

    key = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return key if key and check_zone_key(key) is None else "UTC"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, clock: Clock = system_clock,
                 plan_io: PlanIO | None = None, recovery_dir: Path | None = None,
                 autosave_ms: int = AUTOSAVE_MS, *, interactive: bool = True):
        super().__init__()
        self.setObjectName("main_window")
        self._clock = clock
        self.settings = AppSettings(settings or QSettings())
        self._io = plan_io or PlanIO.default()
        folder = recovery_dir or Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation)) / "recovery"
        self.recovery = RecoveryStore(folder)
        self._session = f"{os.getpid()}-{id(self)}"
        self.ctx: PlanContext | None = None
        self.reporter = Reporter(self, interactive=interactive)
        self._formats: Formats = self.settings.formats()
        self._grid_style: GridStyle = light_style()
        self._apply_theme()
        self.setWindowTitle("Overlap")
        self.calendar_sync = CalendarSync(self, self, clock)
        self._build_pages()
        self._build_actions()
        self._build_status_bar()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(autosave_ms)
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(TICK_MS)
        self._connect_signals()
        self._restore_window_state()
        self._autosave_timer.start()
        self._tick_timer.start()
        self._update_actions()

    # --- building -------------------------------------------------------------

    def _build_pages(self) -> None:
        empty = Plan(name="", reference_zone="UTC", members=())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.grid_page = GridPage(self._clock, self._formats, self._grid_style, self)
        self.grid = self.grid_page.grid
        self.planner_page = PlannerPage(self._clock, self._formats, self._grid_style, self)
        self.holidays_page = HolidaysPage(self._clock, holiday_records, self._formats, self)
        for page, action_id in zip((self.grid_page, self.planner_page, self.holidays_page),
                                   VIEWS, strict=True):
            self.tabs.addTab(page, text_of(action_id))
        self.setCentralWidget(self.tabs)
        self.team_panel = TeamPanel(empty, TeamCalendar(empty), self._clock, self._formats, self)
        self.team_dock = QDockWidget("Team", self)
        self.team_dock.setObjectName("team_dock")
        self.team_dock.setWidget(self.team_panel)
        self.team_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                                   QDockWidget.DockWidgetFeature.DockWidgetClosable |
                                   QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.team_dock)
        self.grid_page.details.set_export_available(True)
        self.planner_page.set_export_available(True, "")

    def _build_actions(self) -> None:
        self.window_actions, submenus = actions.install(self, {
            A.TEAM_PANEL: self.team_dock.toggleViewAction(),
            A.PUBLISH_SERIES: self.planner_page.publish_series_action,
            A.PUBLISH_ROTATION: self.planner_page.publish_rotation_action})
        self.team_panel.addAction(self.window_actions[A.REMOVE_ITEM])  # Delete: in the team
        self.recent_menu = submenus[actions.RECENT.name]
        self._update_recent_menu()

    def _build_status_bar(self) -> None:
        self.plan_label = QLabel(self)
        self.tzdata_label = QLabel(f"tzdata {TZDATA_VERSION}", self)
        self.tzdata_label.setToolTip("Time-zone rules in use (the tzdata package)")
        bar = self.statusBar()
        for widget in (self.plan_label, self.tzdata_label, self.calendar_sync.progress):
            bar.addPermanentWidget(widget)

    def _connect_signals(self) -> None:
        window_actions = self.window_actions
        for action_id, slot in {
            A.NEW: self._on_new_action_triggered, A.OPEN: self._on_open_action_triggered,
            A.OPEN_DEMO: self._on_open_demo_action_triggered, A.SAVE: self.save,
            A.SAVE_AS: self._on_save_as_action_triggered, A.QUIT: self.close,
            A.ADD_MEMBER: lambda: self.edit_entry("member", None),
            A.ADD_SITE: lambda: self.edit_entry("site", None),
            A.EDIT_ITEM: self._on_edit_item_action_triggered,
            A.REMOVE_ITEM: self._on_remove_item_action_triggered,
            A.SETTINGS: self.open_settings,
            A.TODAY: self.grid_page.today_button.click,
            A.PREVIOUS: self.grid_page.prev_button.click,
            A.NEXT: self.grid_page.next_button.click,
            A.NEXT_WINDOW: lambda: self.grid.jump_to_window(True),
            A.PREVIOUS_WINDOW: lambda: self.grid.jump_to_window(False),
            A.FETCH_BUSY: self._on_fetch_busy_action_triggered,
            A.FORGET_BUSY: self.calendar_sync.forget_busy,
            A.SHORTCUTS: self._on_shortcuts_action_triggered,
            A.ABOUT: self._on_about_action_triggered,
        }.items():
            window_actions[action_id].triggered.connect(slot)
        for action_id, view in VIEWS.items():
            window_actions[action_id].triggered.connect(
                lambda _=False, v=view: self.show_view(v))
        window_actions[A.WEEK].toggled.connect(self._on_week_action_toggled)
        self.team_panel.add_member_requested.connect(lambda: self.edit_entry("member", None))
        self.team_panel.add_site_requested.connect(lambda: self.edit_entry("site", None))
        self.team_panel.edit_requested.connect(self.edit_entry)
        self.team_panel.remove_requested.connect(self.remove_entry)
        self.team_panel.member_selected.connect(self._on_team_panel_member_selected)
        self.grid_page.range_changed.connect(self._on_grid_page_range_changed)
        self.grid_page.details.plan_recurring_requested.connect(
            self._on_details_plan_recurring_requested)
        self.grid_page.details.export_requested.connect(self._on_details_export_requested)
        self._autosave_timer.timeout.connect(self.autosave)
        self._tick_timer.timeout.connect(self.tick)
        self.planner_page.publish_requested.connect(self.calendar_sync.publish)
        self.calendar_sync.running_changed.connect(self._on_calendar_sync_running_changed)
        self.planner_page.export_requested.connect(self.export)

    # --- the plan ---------------------------------------------------------------

    @property
    def formats(self) -> Formats:
        return self._formats

    def mark_modified(self) -> None:
        self.setWindowModified(True)

    def show_context(self, ctx: PlanContext) -> None:
        """Show the plan (freshly loaded, edited, or with new busy times) on every page."""
        self.ctx = ctx
        plan = ctx.plan
        self.team_panel.set_plan(plan, ctx.calendar)
        self.grid_page.set_plan(plan, ctx.calendar)
        self.planner_page.set_context(ctx)
        self.holidays_page.set_context(ctx)
        self.planner_page.set_publish_available(*publish_available(ctx))
        self._update_title()
        self._update_actions()

    def _update_title(self) -> None:
        if self.ctx is None:
            self.setWindowTitle("Overlap")
            return
        path = self.ctx.document.path
        where = path.name if path else "not saved yet"
        self.setWindowTitle(f"{self.ctx.plan.name} ({where})[*] — Overlap")
        n = len(self.ctx.plan.members)
        self.plan_label.setText(f"{n} member{'s' if n != 1 else ''} · grid in "
                                f"{self.ctx.plan.reference_zone}")

    def _update_actions(self) -> None:
        has = self.ctx is not None
        enable_actions(self.window_actions, plan=has,
                       item=has and self.team_panel.current_item() is not None)
        self.calendar_sync.update_actions(self.window_actions[A.FETCH_BUSY],
                                          self.window_actions[A.FORGET_BUSY])

    def open_path(self, path: str | Path, fallback: Path | None = None) -> bool:
        """Open a plan file; on failure show why (and fall back when asked to)."""
        p = Path(path)
        if self.ctx is not None and not self.maybe_save():
            return False
        try:
            ctx = self._io.load(p, self._formats.locale)
        except InputError as e:
            log.info("cannot open %s: %s", p, e)
            if fallback is not None and p != fallback:
                self.statusBar().showMessage(f"Could not open {p}; showing the demo plan", 8000)
                ok = self._open_unchecked(fallback)
                self.reporter.warn(messages.CANNOT_OPEN, e, later=True)
                return ok
            self.reporter.warn(messages.CANNOT_OPEN, e)
            self.settings.remove_recent(str(p.resolve()))
            self._update_recent_menu()
            return False
        self._discard_recovery()
        self._set_loaded(ctx)
        if p.resolve() != DEMO_PLAN.resolve():
            self.settings.add_recent(p)
        self._update_recent_menu()
        for w in ctx.document.warnings:
            log.info("%s", w)
        msg = f"Opened {p}"
        if ctx.document.warnings:
            msg += f" ({len(ctx.document.warnings)} warning(s): {ctx.document.warnings[0]})"
        self.statusBar().showMessage(msg, 8000)
        return True

    def _open_unchecked(self, path: Path) -> bool:
        try:
            ctx = self._io.load(path, self._formats.locale)
        except InputError as e:
            self.reporter.warn(messages.CANNOT_OPEN, e)
            return False
        self._set_loaded(ctx)
        return True

    def _set_loaded(self, ctx: PlanContext) -> None:
        self.show_context(ctx)
        self.setWindowModified(False)
        self.grid.setFocus()

    def new_plan(self) -> bool:
        if self.ctx is not None and not self.maybe_save():
            return False
        text = NEW_PLAN.format(name="New plan", zone=_local_zone_key())
        try:
            ctx = self._io.parse(text, None, self._formats.locale)
        except InputError as e:
            self.reporter.warn("Cannot start a new plan", e)
            return False
        self._discard_recovery()
        self._set_loaded(ctx)
        self.statusBar().showMessage("New plan: add members with Edit → Add member", 8000)
        return True

    def save(self) -> bool:
        if self.ctx is None:
            return False
        if self.ctx.document.path is None:
            return self.save_as()
        return self._save_to(self.ctx.document.path)

    def save_as(self, path: str | Path | None = None) -> bool:
        if self.ctx is None:
            return False
        if path is None:
            start = str(self.ctx.document.path or Path.home() / "plan.toml")
            chosen, _ = QFileDialog.getSaveFileName(self, "Save plan as", start,
                                                    messages.PLAN_FILES)
            if not chosen:
                return False
            path = chosen
        p = Path(path)
        if p.suffix == "":
            p = p.with_suffix(".toml")
        return self._save_to(p)

    def _save_to(self, path: Path) -> bool:
        assert self.ctx is not None
        doc = self.ctx.document
        old_path = doc.path
        try:
            try:
                save_plan(doc, path)
            except PlanConflictError as e:
                answer = QMessageBox.question(
                    self, messages.CHANGED_ON_DISK,
                    f"{path}\n\n{e.problems[0].reason}.\n\nSave anyway and overwrite those "
                    "changes?", QMessageBox.StandardButton.Save |
                    QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
                if answer != QMessageBox.StandardButton.Save:
                    return False
                save_plan(doc, path, force=True)
        except InputError as e:
            self.reporter.warn("Cannot save the plan", e)
            return False
        if old_path != doc.path:
            self.recovery.discard(old_path, self._session)
        self._discard_recovery()
        self.setWindowModified(False)
        self.settings.add_recent(path)
        self._update_recent_menu()
        self._update_title()
        self.statusBar().showMessage(f"Saved to {path}", 8000)
        return True

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False means the user cancelled."""
        if self.ctx is None or not self.isWindowModified():
            return True
        answer = QMessageBox.question(
            self, messages.UNSAVED_CHANGES,
            f"Save the changes to “{self.ctx.plan.name}” before closing it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard |
            QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._discard_recovery()
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self.calendar_sync.wait()
        self._discard_recovery()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self._autosave_timer.stop()
        self._tick_timer.stop()
        event.accept()

    def _restore_window_state(self) -> None:
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        if state is None or not self.restoreState(state):
            self.resizeDocks([self.team_dock], [520], Qt.Orientation.Horizontal)

    # --- editing ----------------------------------------------------------------

    def apply_edit(self, change: Callable[[], None], message: str) -> bool:
        """Run an edit of the document; on success refresh everything and mark modified."""
        assert self.ctx is not None
        try:
            change()
        except InputError as e:
            self.reporter.warn("The change was not made", e)
            return False
        self.ctx.refresh()
        self.show_context(self.ctx)
        self.setWindowModified(True)
        self.statusBar().showMessage(message, 5000)
        return True

    def edit_entry(self, table: str, index: int | None) -> EntryDialog | None:
        """Open the form for a member or site (index None adds one); returns the dialog."""
        if self.ctx is None:
            return None
        dialog = EntryDialog(self.ctx.document, table, index, self._clock, self._formats, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_entry_dialog_accepted(dialog))
        dialog.open()
        return dialog

    def _on_entry_dialog_accepted(self, dialog: EntryDialog) -> None:
        assert self.ctx is not None
        form = dialog.form
        values = form.values()
        doc = self.ctx.document
        if not values:
            return
        name = values.get("name") or values.get("id") or ""
        if form.entry_index is None:
            ok = self.apply_edit(lambda: doc.add_entry(form.table, values),
                                 f"Added {form.table} {name}".strip())
            if ok:
                n = len(self.ctx.plan.members if form.table == "member" else self.ctx.plan.sites)
                self.team_panel.select(form.table, n - 1)
        else:
            index = form.entry_index
            self.apply_edit(lambda: doc.update_entry(form.table, index, values),
                            f"Changed {form.table} {name}".strip())

    def remove_entry(self, table: str, index: int) -> bool:
        if self.ctx is None:
            return False
        plan = self.ctx.plan
        if table == "member":
            label = plan.members[index].name
        else:
            site = plan.sites[index]
            users = [m.name for m in plan.members if m.site == site.id]
            if users:
                QMessageBox.information(
                    self, "Site in use", f"“{site.name}” is the site of "
                    f"{', '.join(users)}. Move them to another site (or remove them) first.")
                return False
            label = site.name
        doc = self.ctx.document
        return self.apply_edit(lambda: doc.remove_entry(table, index), f"Removed {label}")

    def set_reference_zone(self, zone: str) -> bool:
        if self.ctx is None or zone == self.ctx.plan.reference_zone:
            return False
        doc = self.ctx.document
        return self.apply_edit(lambda: doc.set_value("reference_zone", zone),
                               f"The grid now shows {zone} time")

    # --- recovery ---------------------------------------------------------------

    def autosave(self) -> Path | None:
        """Write the modified plan to the recovery folder (not to its own file)."""
        if self.ctx is None or not self.isWindowModified():
            return None
        try:
            return self.recovery.write(self.ctx.document.dumps(), self.ctx.document.path,
                                       self._session, self.ctx.plan.name, self._clock())
        except OSError as e:
            log.warning("autosave failed: %s", e)
            self.statusBar().showMessage(f"Autosave failed: {e}", 8000)
            return None

    def _discard_recovery(self) -> None:
        if self.ctx is not None:
            self.recovery.discard(self.ctx.document.path, self._session)

    def pending_recovery(self) -> list[RecoveryEntry]:
        return self.recovery.pending()

    def offer_recovery(self) -> bool:
        """After a crash: offer to restore the newest unsaved changes left behind."""
        entries = self.pending_recovery()
        if not entries:
            return False
        entry = entries[0]
        where = str(entry.original) if entry.original else "a plan that was never saved"
        when = self._formats.day_time(entry.saved_at.astimezone())
        answer = QMessageBox.question(
            self, "Restore unsaved changes?",
            f"Overlap did not close cleanly. Unsaved changes to “{entry.name}” ({where}) "
            f"from {when} were kept.\n\nRestore them? (They stay unsaved until you save.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            for e in entries:
                self.recovery.discard_entry(e)
            return False
        return self.restore(entry)

    def restore(self, entry: RecoveryEntry) -> bool:
        try:
            ctx = self._io.parse(entry.read(), entry.original, self._formats.locale)
        except (InputError, OSError) as e:
            self.reporter.warn("Cannot restore the changes", e)
            return False
        if entry.original is not None and entry.original.is_file():
            ctx.document.remember_disk()  # the file as it is now is what we replace
        self.recovery.discard_entry(entry)
        self.show_context(ctx)
        self.setWindowModified(True)
        self.autosave()
        self.statusBar().showMessage("Restored unsaved changes; save to keep them", 8000)
        return True

    # --- settings ---------------------------------------------------------------

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self._grid_style = apply_theme(app, self.settings.theme)

    def open_settings(self) -> SettingsDialog:
        zone = self.ctx.plan.reference_zone if self.ctx else "UTC"
        dialog = SettingsDialog(self.settings, zone, self._clock, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_settings_dialog_accepted(dialog))
        dialog.open()
        return dialog

    def _on_settings_dialog_accepted(self, dialog: SettingsDialog) -> None:
        dialog.apply_to(self.settings)
        self.apply_preferences()
        zone = dialog.zone.zone()
        if self.ctx is not None and zone != self.ctx.plan.reference_zone:
            self.set_reference_zone(zone)

    def apply_preferences(self) -> None:
        """Push locale, clock format, week start and theme to every widget."""
        self._formats = self.settings.formats()
        self._apply_theme()
        if self.ctx is not None and self.ctx.locale != self._formats.locale:
            # Holiday names come in the user's language where the data has it.
            self.ctx.locale = self._formats.locale
            self.ctx.refresh()
            self.show_context(self.ctx)
        self.grid_page.set_formats(self._formats)
        self.grid_page.set_grid_style(self._grid_style)
        self.team_panel.set_formats(self._formats)
        self.planner_page.set_formats(self._formats)
        self.planner_page.set_grid_style(self._grid_style)
        self.holidays_page.set_formats(self._formats)

    # --- views ------------------------------------------------------------------

    def show_view(self, view: str) -> None:
        if view not in PAGES:
            raise ValueError(f"unknown view {view!r}; choose from {', '.join(PAGES)}")
        self.tabs.setCurrentIndex(PAGES.index(view))
        if view == "grid":
            self.grid.setFocus()

    def prepare_screenshot(self, view: str) -> None:
        """Put something worth seeing on screen for --screenshot (docs, README)."""
        if self.ctx is None:
            return
        if view == "grid":
            data = self.grid.grid_data
            if data is not None and data.slots:
                self.grid.select_interval(datetime.fromtimestamp(data.start, tz=UTC),
                                          datetime.fromtimestamp(data.start, tz=UTC))
                if not data.windows and max(data.available) >= 2:
                    # Nobody-overlaps-everybody is the demo's point; show the
                    # stretches where most people are in instead.
                    self.grid_page.min_count.setValue(max(data.available))
                self.grid.jump_to_window(True)
            self.team_panel.select("member", 0)
            self.grid.setFocus()
        if view == "planner":
            self.planner_page.prepare_screenshot()

    def tick(self) -> None:
        self.team_panel.tick()
        self.grid_page.tick()

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for i, f in enumerate(files):
            a = self.recent_menu.addAction(f"&{i + 1} {Path(f).name}")
            a.setToolTip(f)
            a.setStatusTip(f)
            a.triggered.connect(lambda _=False, path=f: self.open_path(path))
        if not files:
            a = self.recent_menu.addAction("No recent plans")
            a.setEnabled(False)

    # --- slots --------------------------------------------------------------------

    def _on_new_action_triggered(self) -> None:
        self.new_plan()

    def _on_open_action_triggered(self) -> None:
        start = str(self.ctx.document.path.parent) if self.ctx and self.ctx.document.path \
            else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", start, messages.PLAN_FILES)
        if path:
            self.open_path(path)

    def _on_open_demo_action_triggered(self) -> None:
        self.open_path(DEMO_PLAN)

    def _on_save_as_action_triggered(self) -> None:
        self.save_as()

    def _on_edit_item_action_triggered(self) -> None:
        item = self.team_panel.current_item()
        if item is not None:
            self.edit_entry(*item)

    def _on_remove_item_action_triggered(self) -> None:
        item = self.team_panel.current_item()
        if item is not None:
            self.remove_entry(*item)

    def _on_team_panel_member_selected(self, index: int) -> None:
        self._update_actions()
        self.grid.set_cursor_row(index)

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

    def export(self, what: Exportable) -> None:
        """Open the export dialog for a slot, a series or a rotation of the open plan."""
        if self.ctx is not None:
            dialog = open_export_dialog(self.ctx, what, self._clock, self._formats.locale, self)
            dialog.written.connect(self._on_export_dialog_written)

    def _on_export_dialog_written(self, path: Path, plan_changed: bool) -> None:
        # The plan remembers the exported UIDs, so it is modified.
        if plan_changed:
            self.setWindowModified(True)
        self.statusBar().showMessage(
            f"Exported to {path}" + (f" — {messages.REMEMBERS_EXPORT}" if plan_changed
                                     else ""), 10000)

    def _on_fetch_busy_action_triggered(self) -> None:
        grid_range = self.grid.grid_range
        if grid_range is not None:
            self.calendar_sync.fetch_busy(*grid_bounds(grid_range))

    def _on_calendar_sync_running_changed(self, running: bool) -> None:
        self.planner_page.set_publishing(running)
        self._update_actions()

    def _on_shortcuts_action_triggered(self) -> None:
        self.reporter.inform("Keyboard shortcuts", shortcut_help(self.window_actions))

    def _on_about_action_triggered(self) -> None:
        QMessageBox.about(self, "About Overlap", messages.about_text())
