"""The grid page: navigation bar, the time grid with its key, and slot details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.availability import DayOff
from planner.i18n import _
from planner.model import Plan
from planner.zones import city_of

from .formatting import Formats
from .grid import GridRange, GridStyle, TimeGrid, light_style
from .grid.legend import ComfortLegend
from .slot_details import SlotDetails

Clock = Callable[[], datetime]


class GridPage(QWidget):
    range_changed = Signal(object)   # GridRange

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._clock = clock
        self._formats = formats or Formats()
        self._plan: Plan | None = None
        self._calendar: DayOff | None = None
        style = style or light_style()
        self.grid = TimeGrid(clock, self._formats, style, self)
        self.legend = ComfortLegend(style, self)
        self.details = SlotDetails(self._formats, style, self)
        self.prev_button = self._tool("◀", _("Previous day or week (PageUp)"))
        self.today_button = self._tool(_("Today"), _("Show today (T)"))
        self.next_button = self._tool("▶", _("Next day or week (PageDown)"))
        # Arrows alone would be read out as "black left-pointing triangle".
        self.prev_button.setAccessibleName(_("Previous day or week"))
        self.next_button.setAccessibleName(_("Next day or week"))
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        # The locale's date format once a plan is shown (babel loads after the first paint).
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setToolTip(_("Go to a date"))
        self.date_edit.setAccessibleName(_("Go to date"))
        self.day_button = self._tool(_("Day"), _("One day"))
        self.week_button = self._tool(_("Week"), _("One week"))
        for b in (self.day_button, self.week_button):
            b.setCheckable(True)
        self.day_button.setChecked(True)
        self._span_group = QButtonGroup(self)
        self._span_group.addButton(self.day_button)
        self._span_group.addButton(self.week_button)
        self.prev_window_button = self._tool(_("◀ Window"),
                                             _("Previous overlap window (Shift+N)"))
        self.next_window_button = self._tool(_("Window ▶"), _("Next overlap window (N)"))
        self.prev_window_button.setAccessibleName(_("Previous overlap window"))
        self.next_window_button.setAccessibleName(_("Next overlap window"))
        self.min_count = QSpinBox(self)
        self.min_count.setRange(0, 999)
        self.min_count.setSpecialValueText(_("everyone required"))
        self.min_count.setPrefix("≥ ")
        self.min_count.setSuffix(_(" people"))
        self.min_count.setAccessibleName(_("Overlap windows need"))
        self.min_count.setToolTip(_("Which stretches count as overlap windows: when every "
                                  "required member is in, or when at least this many people are"))
        self.zone_label = QLabel(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.prev_button, self.today_button, self.next_button, self.date_edit,
                  self.day_button, self.week_button, self.prev_window_button,
                  self.next_window_button):
            bar.addWidget(w)
        bar.addWidget(QLabel(_("windows:"), self))
        bar.addWidget(self.min_count)
        bar.addStretch(1)
        self.zone_label.hide()   # the grid's corner names the zone; this is for the tooltip
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.grid, 1)
        top_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.details.clear()
        self._splitter_moved = False
        self._connect_signals()

    def _tool(self, text: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b

    def _connect_signals(self) -> None:
        self.prev_button.clicked.connect(self._on_prev_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.day_button.toggled.connect(self._on_span_toggled)
        self.next_window_button.clicked.connect(self._on_next_window_button_clicked)
        self.prev_window_button.clicked.connect(self._on_prev_window_button_clicked)
        self.grid.selection_changed.connect(self._on_grid_selection_changed)
        self.grid.range_changed.connect(self._on_grid_range_changed)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self.min_count.valueChanged.connect(self._on_min_count_value_changed)

    # --- inputs -------------------------------------------------------------

    def set_plan(self, plan: Plan, calendar: DayOff) -> None:
        self._plan, self._calendar = plan, calendar
        self.date_edit.setDisplayFormat(self._formats.qt_date_format)
        self.min_count.setMaximum(max(1, len(plan.members)))
        self.grid.set_plan(plan, calendar)
        self.zone_label.setText(_("Grid in {city} time ({zone})").format(
            city=city_of(plan.reference_zone), zone=plan.reference_zone))
        self.grid.setToolTip("")
        self.grid.setStatusTip(self.zone_label.text())
        sel = self.grid.selection()
        if sel:
            self._on_grid_selection_changed(*sel)
        self._fit_splitter()

    def _fit_splitter(self) -> None:
        """Give the grid the height its rows need (at most two thirds) until the user
        moves the divider."""
        if self._splitter_moved:
            return
        total = sum(self.splitter.sizes()) or self.height()
        frame = 2 * self.grid.frameWidth() + self.grid.horizontalScrollBar().sizeHint().height()
        want = self.grid.geometry_model.content_height + frame + \
            self.legend.sizeHint().height() + self.today_button.sizeHint().height() + 16
        top = min(want, total * 2 // 3)
        self.splitter.setSizes([top, max(1, total - top)])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_splitter()

    def _on_next_window_button_clicked(self) -> None:
        self.grid.jump_to_window(True)

    def _on_prev_window_button_clicked(self) -> None:
        self.grid.jump_to_window(False)

    def _on_min_count_value_changed(self, value: int) -> None:
        self.grid.set_min_count(value or None)

    def _on_splitter_moved(self, pos: int, index: int) -> None:
        self._splitter_moved = True

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._plan is not None:
            self.date_edit.setDisplayFormat(formats.qt_date_format)
        self.grid.set_formats(formats)
        self.details.set_formats(formats)
        sel = self.grid.selection()
        if sel:
            self._on_grid_selection_changed(*sel)

    def set_grid_style(self, style: GridStyle) -> None:
        self.grid.set_grid_style(style)
        self.legend.set_grid_style(style)
        self.details.model.set_grid_style(style)

    def show_day(self, day: date, week: bool | None = None) -> None:
        if week is None:
            week = self.week_button.isChecked()
        if week:
            self.grid.show_week(day)
        else:
            self.grid.show_day(day)

    def tick(self) -> None:
        self.grid.tick()

    # --- slots --------------------------------------------------------------

    def _on_prev_button_clicked(self) -> None:
        r = self.grid.grid_range
        if r is not None:
            self.grid.set_range(r.shifted(-1))

    def _on_next_button_clicked(self) -> None:
        r = self.grid.grid_range
        if r is not None:
            self.grid.set_range(r.shifted(1))

    def _on_today_button_clicked(self) -> None:
        now = self._clock()
        self.grid.select_interval(now, now)
        self.grid.setFocus()

    def _on_date_edit_date_changed(self, qdate: QDate) -> None:
        day = date(qdate.year(), qdate.month(), qdate.day())
        r = self.grid.grid_range
        if r is not None and r.first <= day < r.shifted(1).first:
            return
        self.show_day(day)

    def _on_span_toggled(self, day_checked: bool) -> None:
        r = self.grid.grid_range
        if r is None:
            return
        sel = self.grid.selection()
        anchor = r.first
        if sel and self._plan is not None:
            from planner.zones import get_zone

            anchor = sel[0].astimezone(get_zone(self._plan.reference_zone)).date()
        self.show_day(anchor, week=not day_checked)
        if sel:
            self.grid.select_interval(*sel)

    def _on_grid_selection_changed(self, start: datetime, end: datetime) -> None:
        if self._plan is None or self._calendar is None:
            return
        self.details.show_slot(self._plan, self._calendar, start, end)

    def _on_grid_range_changed(self, grid_range: GridRange) -> None:
        self.date_edit.blockSignals(True)
        d = grid_range.first
        self.date_edit.setDate(QDate(d.year, d.month, d.day))
        self.date_edit.blockSignals(False)
        week = grid_range.days == 7
        if self.week_button.isChecked() != week:
            self.week_button.blockSignals(True)
            self.day_button.blockSignals(True)
            self.week_button.setChecked(week)
            self.day_button.setChecked(not week)
            self.week_button.blockSignals(False)
            self.day_button.blockSignals(False)
        self.range_changed.emit(grid_range)
