"""The keyboard shortcut sheet: every action of the window's menus with its keys and
menu, and the grid's own keys, in a table that a line edit filters.

Generated from the action table (:func:`app.actions.shortcut_rows`), so a new
action or a changed shortcut shows up here by itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _

from .actions import ActionId, shortcut_rows

ACTION, KEYS, WHERE = range(3)


class ShortcutSheet(QDialog):
    """Not modal: it stays open beside the window while the keys are tried."""

    def __init__(self, actions: Mapping[ActionId, QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcut_sheet")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([_("Action"), _("Keys"), _("Where")])
        for row in shortcut_rows(actions):
            keys = QStandardItem(row.keys or "—")
            if not row.keys:
                keys.setToolTip(_("No shortcut: open the {menu} menu with Alt and its "
                                  "underlined letter").format(menu=row.where))
            self.model.appendRow([QStandardItem(row.action), keys, QStandardItem(row.where)])
        for r in range(self.model.rowCount()):
            for c in range(3):
                item = self.model.item(r, c)
                if item is not None:
                    item.setEditable(False)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)   # any column: "save", "ctrl+j", "grid"
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("shortcut_filter")
        self.filter_edit.setPlaceholderText(_("Filter: an action, a key (Ctrl+J) or a menu"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter shortcuts"))
        self.view = QTableView(self)
        self.view.setObjectName("shortcut_table")
        self.view.setModel(self.proxy)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.setSortingEnabled(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ACTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEYS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.count_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self._on_filter_edit_text_changed("")
        width = self.fontMetrics().averageCharWidth()
        self.resize(min(90 * width, 900), min(40 * self.fontMetrics().height(), 640))

    def shown(self) -> list[tuple[str, str, str]]:
        """The rows the filter lets through, as shown (action, keys, where)."""
        return [tuple(str(self.proxy.index(r, c).data()) for c in range(3))  # type: ignore[misc]
                for r in range(self.proxy.rowCount())]

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(_("{shown} of {total} shown").format(shown=shown, total=total)
                                 if text.strip() else
                                 _("{total} actions and keys").format(total=total))
