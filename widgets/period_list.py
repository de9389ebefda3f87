"""The periods of a member (``[[member.period]]``): a small editable list.

Each row is one period: dates, zone, hours, note (DESIGN.md, "Periods").
Keys the list does not show (``country``, ``subdivision``, unknown ones) are
kept with their row.  The list only collects text; the member form checks it
by a dry run of the real edit (the plan file's own ``parse_periods``) and
shows the problems under the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import N_, _

from .colours import PROBLEM_STYLE

COLUMNS = (N_("Dates"), N_("Zone"), N_("Hours"), N_("Note"))
KEYS = ("dates", "zone", "hours", "note")
HINTS = ("2027-05-03..2027-05-14", N_("Asia/Tokyo (empty: usual)"),
         N_("10:00-16:00 (empty: usual)"), N_("what it is"))
_EXTRA = Qt.ItemDataRole.UserRole + 1


def _hours_text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return "" if value is None else str(value)


class PeriodList(QWidget):
    """Rows of periods; ``entries()`` gives them as plan-file tables."""

    periods_changed = Signal()

    def __init__(self, entries: list[dict[str, Any]] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setTabKeyNavigation(False)  # one Tab stop; arrows move between cells
        self.table.setObjectName("periods")
        self.table.setAccessibleName(_("Periods"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Dates ("2027-02-08..2027-03-08") are read whole; the note takes what is left.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setToolTip(_("Periods: travel (zone), other hours, with inclusive dates. "
                                "Empty zone or hours keep the usual ones.") + "\n" +
                              _("Hints: {hints}").format(hints=" · ".join(_(h) for h in HINTS)))
        self.add_button = QPushButton(_("Add period"), self)
        self.remove_button = QPushButton(_("Remove period"), self)
        self.error = QLabel(self)
        self.error.setObjectName("error_period")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(PROBLEM_STYLE)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        for entry in entries or []:
            self._append(entry)
        self.table.setMinimumHeight(self.table.horizontalHeader().height() * 4)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def _append(self, entry: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, key in enumerate(KEYS):
            value = entry.get(key)
            text = _hours_text(value) if key == "hours" else ("" if value is None else str(value))
            item = QTableWidgetItem(text)
            if col == 0:
                item.setData(_EXTRA, {k: v for k, v in entry.items() if k not in KEYS})
            self.table.setItem(row, col, item)
        return row

    def add_period(self, entry: dict[str, Any] | None = None) -> int:
        """Add a row (empty, or ``entry``) and return it."""
        self.table.blockSignals(True)
        try:
            row = self._append(entry or {})
        finally:
            self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        self.periods_changed.emit()
        return row

    def remove_period(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.removeRow(row)
            self.periods_changed.emit()

    def set_cell(self, row: int, key: str, text: str) -> None:
        item = self.table.item(row, KEYS.index(key))
        assert item is not None
        item.setText(text)  # itemChanged: periods_changed

    def entries(self) -> list[dict[str, Any]]:
        """The rows as tables: empty cells left out, hidden keys kept, hours as text."""
        out = []
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            extra = first.data(_EXTRA) if first is not None else None
            entry: dict[str, Any] = {}
            for col, key in enumerate(KEYS):
                item = self.table.item(row, col)
                text = item.text().strip() if item is not None else ""
                if text:
                    entry[key] = text
            entry.update(extra or {})
            out.append(entry)
        return out

    def set_problems(self, messages: list[str]) -> None:
        self.error.setText("<br>".join(messages))
        self.error.setVisible(bool(messages))

    def _on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self.periods_changed.emit()

    def _on_add_button_clicked(self) -> None:
        row = self.add_period()
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def _on_remove_button_clicked(self) -> None:
        self.remove_period(self.table.currentRow())
