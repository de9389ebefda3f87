"""The part every flat table model here shares: row and column counts, column titles;
and the table view they are shown in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from planner.i18n import _

from .formatting import Formats
from .grid.style import GridStyle

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """A table over a sequence of row values; subclasses give ``COLUMNS`` and ``data``."""

    COLUMNS: tuple[str, ...] = ()

    def _items(self) -> Sequence[Row]:
        """The rows shown (a tuple of immutable core values)."""
        raise NotImplementedError

    def columns(self) -> tuple[str, ...]:
        """The column titles shown: ``COLUMNS`` (marked with N_) in the user's language."""
        return tuple(_(c) for c in self.COLUMNS)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        columns = self.columns()
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(columns):
            return columns[section]
        return None

    def row_at(self, index: Index) -> Row | None:
        """The row value an index points at, or None for an invalid index."""
        items = self._items()
        if not index.isValid() or not 0 <= index.row() < len(items):
            return None
        return items[index.row()]

    def all_changed(self, roles: Sequence[Qt.ItemDataRole] = ()) -> None:
        """Every cell may show something new in ``roles`` (all roles when empty)."""
        rows, columns = self.rowCount(), self.columnCount()
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1), list(roles))


class StyledRowsModel(RowsTableModel[Row]):
    """A row table whose cells follow the locale's formats and the grid's comfort colours."""

    _formats: Formats
    _style: GridStyle

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.all_changed([Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.all_changed([Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole])


# The widest a column grows to fit its contents, in average characters: wider cells
# elide, so a table fits a 1024 px window without scrolling sideways.
MAX_COLUMN_CHARS = 26


def table_view(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """A read-only table of rows: no row numbers, whole rows selected, columns as wide as
    their contents (up to a limit: longer text is elided, the cell's tooltip has it) and
    the last one taking the rest; one Tab stop (Tab leaves the table, arrows move in it)."""
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMaximumSectionSize(view.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS)
    header.setStretchLastSection(True)
    return view
