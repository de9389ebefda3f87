"""The team panel: members grouped by site, with add, edit and remove."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.availability import DayOff
from planner.i18n import _
from planner.model import Plan

from .formatting import Formats
from .responsive import flow_row
from .team_model import COL_CITY, COL_OFFSET, COL_TODAY, ItemRole, TeamModel

Clock = Callable[[], datetime]
# The columns a narrow panel gives up first (name and local time stay; the grid shows
# the city, the site rows the local time of the site).
DROP_ORDER = (COL_OFFSET, COL_TODAY, COL_CITY)


class TeamPanel(QWidget):
    add_member_requested = Signal()
    add_site_requested = Signal()
    edit_requested = Signal(str, int)     # "member" or "site", index in the plan
    remove_requested = Signal(str, int)
    member_selected = Signal(int)

    def __init__(self, plan: Plan, calendar: DayOff, clock: Clock,
                 formats: Formats | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = TeamModel(plan, calendar, clock, formats, self)
        self.view = QTreeView(self)
        self.view.setAccessibleName(_("Team members and sites"))
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAllColumnsShowFocus(True)
        header = self.view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setIndentation(14)
        self.add_member_button = QPushButton(_("Add member…"), self)
        self.add_site_button = QPushButton(_("Add site…"), self)
        self.edit_button = QPushButton(_("Edit…"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        # The buttons wrap in a narrow dock instead of setting its minimum width.
        self.buttons = flow_row(self, [self.add_member_button, self.add_site_button,
                                       self.edit_button, self.remove_button])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._on_model_reset()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Hide the columns of ``DROP_ORDER`` that do not fit, rather than scroll sideways."""
        view, header = self.view, self.view.header()
        room = view.viewport().width() or view.width()

        def need(column: int) -> int:
            if column == 0:
                return view.columnWidth(0)
            return max(view.sizeHintForColumn(column), header.sectionSizeHint(column))

        shown = list(range(self.model.columnCount()))
        for column in DROP_ORDER:
            if sum(need(c) for c in shown) <= room:
                break
            shown.remove(column)
        for column in range(self.model.columnCount()):
            view.setColumnHidden(column, column not in shown)

    def _connect_signals(self) -> None:
        self.add_member_button.clicked.connect(self.add_member_requested)
        self.add_site_button.clicked.connect(self.add_site_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.model.modelReset.connect(self._on_model_reset)

    def set_plan(self, plan: Plan, calendar: DayOff) -> None:
        """Show another version of the plan; the selected member or site stays selected
        (found by name or id; at its place when it was renamed), and nothing is
        selected when it is gone: a delete never moves the selection onto the next
        person."""
        before = self.model.plan
        current = self.current_item()
        self.model.set_plan(plan, calendar)
        if current is None:
            self.clear_current()
            return
        kind, i = current
        if kind == "member":
            old_ids, new_ids = [m.name for m in before.members], [m.name for m in plan.members]
        else:
            old_ids, new_ids = [s.id for s in before.sites], [s.id for s in plan.sites]
        if i < len(old_ids) and old_ids[i] in new_ids:
            self.select(kind, new_ids.index(old_ids[i]))
        elif len(old_ids) == len(new_ids) and i < len(new_ids):
            self.select(kind, i)  # renamed
        else:
            self.clear_current()

    def clear_current(self) -> None:
        """No current row and nothing selected; the keyboard stays in the list (a
        view gaining focus without a current row would make the first one current)."""
        self.view.setCurrentIndex(QModelIndex())
        self.view.clearSelection()
        self._update_buttons()

    def set_formats(self, formats: Formats) -> None:
        self.model.set_formats(formats)

    def tick(self) -> None:
        self.model.tick()

    def current_item(self) -> tuple[str, int] | None:
        index = self.view.currentIndex()
        return self.model.item(index) if index.isValid() else None

    def select(self, kind: str, i: int) -> None:
        index = self.model.member_index(i) if kind == "member" else self.model.site_index(i)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def _update_buttons(self) -> None:
        has = self.current_item() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _on_model_reset(self) -> None:
        # Site rows span every column so long site names don't widen the name column.
        root = self.view.rootIndex()
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, root, True)
        self.view.expandAll()
        fm = self.view.fontMetrics()
        names = [self.model.data(self.model.index(r, 0, self.model.index(g, 0)))
                 for g in range(self.model.rowCount())
                 for r in range(self.model.rowCount(self.model.index(g, 0)))]
        width = max((fm.horizontalAdvance(str(n)) for n in names), default=80)
        self.view.setColumnWidth(0, width + 2 * self.view.indentation() + 12)
        self._fit_columns()
        self._update_buttons()

    def _on_view_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._update_buttons()
        item = self.model.item(current)
        if item is not None and item[0] == "member":
            self.member_selected.emit(item[1])

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        item = self.model.data(index.siblingAtColumn(0), ItemRole)
        if item is not None:
            self.edit_requested.emit(*item)

    def _on_edit_button_clicked(self) -> None:
        item = self.current_item()
        if item is not None:
            self.edit_requested.emit(*item)

    def _on_remove_button_clicked(self) -> None:
        item = self.current_item()
        if item is not None:
            # The button is disabled once nothing is selected: the keyboard goes back
            # to the list rather than on to whatever follows the button.
            self.view.setFocus()
            self.remove_requested.emit(*item)
