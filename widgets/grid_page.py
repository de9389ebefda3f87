"""The grid page: navigation bar, the time grid with its key, and slot details."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QLabel,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.availability import DayOff
from planner.i18n import _, ngettext
from planner.model import Plan
from planner.zones import city_of

from .formatting import Formats
from .grid import GridRange, GridStyle, TimeGrid, light_style
from .grid.legend import ComfortLegend
from .responsive import flow_row
from .slot_details import SlotDetails

Clock = Callable[[], datetime]


class GridPage(QWidget):
    range_changed = Signal(object)   # GridRange
    status_requested = Signal(str)   # a sentence for the window's status bar

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
        # The bar wraps onto a second line rather than widening the window (FlowLayout).
        self.bar = flow_row(self, [self.prev_button, self.today_button, self.next_button,
                                   self.date_edit, self.day_button, self.week_button,
                                   self.prev_window_button, self.next_window_button,
                                   QLabel(_("windows:"), self), self.min_count])
        self.zone_label.hide()   # the grid's corner names the zone; this is for the tooltip
        # Why "next overlap window" found nothing, and what to try (a link sets the count).
        self.window_note = QLabel(self)
        self.window_note.setObjectName("window_note")
        self.window_note.setWordWrap(True)
        self.window_note.setTextFormat(Qt.TextFormat.RichText)
        self.window_note.setTextInteractionFlags(  # Tab reaches the link, Enter follows it
            Qt.TextInteractionFlag.LinksAccessibleByMouse |
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.window_note.hide()
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.bar)
        top_layout.addWidget(self.window_note)
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
        self.grid.window_not_found.connect(self._on_grid_window_not_found)
        self.window_note.linkActivated.connect(self._on_window_note_link_activated)

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
        bar = self.bar.heightForWidth(max(1, self.width() - 8))
        note = self.window_note.sizeHint().height() if self.window_note.isVisible() else 0
        want = self.grid.geometry_model.content_height + frame + \
            self.legend.heightForWidth(self.legend.width() or self.width()) + max(bar, 0) + \
            note + 16
        top = min(want, total * 2 // 3)
        self.splitter.setSizes([top, max(1, total - top)])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_splitter()

    def jump_to_window(self, forward: bool = True) -> bool:
        """Select the next (or previous) overlap window; when there is none, say why and
        what to try (the grid's N and Shift+N land here too, by ``window_not_found``)."""
        return self.grid.jump_to_window(forward)

    def _on_next_window_button_clicked(self) -> None:
        self.jump_to_window(True)

    def _on_prev_window_button_clicked(self) -> None:
        self.jump_to_window(False)

    def _on_min_count_value_changed(self, value: int) -> None:
        self._hide_window_note()
        self.grid.set_min_count(value or None)

    def _on_grid_window_not_found(self, forward: bool, searched: tuple[GridRange, ...],
                                  most: int) -> None:
        data = self.grid.grid_data
        if data is None or not searched:
            return
        text, suggest = no_window_text(forward, searched, most, data.required_total,
                                       self.grid.min_count, self._formats)
        link = ""
        if suggest is not None:
            link = " " + _('<a href="count:{count}">Look for times when at least {count} '
                           'people are in</a>.').format(count=suggest)
        self.window_note.setText(html.escape(text) + link)
        self.window_note.setToolTip(text)
        self.window_note.show()
        self.status_requested.emit(text)
        self._fit_splitter()

    def _on_window_note_link_activated(self, link: str) -> None:
        if link.startswith("count:"):
            self.min_count.setValue(int(link.removeprefix("count:")))
            self.jump_to_window(True)

    def _hide_window_note(self) -> None:
        if self.window_note.isVisible():
            self.window_note.hide()
            self._fit_splitter()

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
        self._hide_window_note()
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


def no_window_text(forward: bool, searched: tuple[GridRange, ...], most: int, required: int,
                   min_count: int | None, formats: Formats) -> tuple[str, int | None]:
    """Why no overlap window was found in ``searched`` (the ranges looked at, nearest
    first), and the "at least N people" to suggest instead (None: nothing to suggest)."""
    last = searched[-1]
    if forward:
        edge = formats.day(last.shifted(1).first - timedelta(days=1))
        where = _("after the cursor up to {day}").format(day=edge)
    else:
        where = _("before the cursor back to {day}").format(day=formats.day(last.first))
    if min_count is None:
        reason = ngettext("No overlap window {where}: the {count} required member is never "
                          "in working hours then.",
                          "No overlap window {where}: the {count} required members are "
                          "never all in working hours at the same time.",
                          required).format(where=where, count=required)
    else:
        reason = ngettext("No time {where} with at least {count} person in working hours.",
                          "No time {where} with at least {count} people in working hours.",
                          min_count).format(where=where, count=min_count)
    if most > 0 and (min_count is None or most < min_count):
        hint = ngettext("At most {most} person is in at once.",
                        "At most {most} people are in at once.", most).format(most=most)
        return f"{reason} {hint}", most
    step = _("Try the next weeks (PageDown), then N again.") if forward else \
        _("Try earlier weeks (PageUp), then Shift+N again.")
    return f"{reason} {step}", None
