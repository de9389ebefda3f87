"""The table both planner panels list their occurrences in."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QTableView, QWidget

from ..table_model import table_view

MIN_ROWS = 4


def occurrence_view(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """One occurrence a row, one selected at a time, each row a line of text high, and
    never fewer than :data:`MIN_ROWS` rows on screen (the page scrolls instead)."""
    view = table_view(model, parent)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    row = view.fontMetrics().height() + 8
    view.verticalHeader().setDefaultSectionSize(row)
    view.setMinimumHeight(view.horizontalHeader().sizeHint().height() + MIN_ROWS * row +
                          view.horizontalScrollBar().sizeHint().height() + 2 * view.frameWidth())
    return view
