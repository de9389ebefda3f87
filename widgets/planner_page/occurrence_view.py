"""The table both planner panels list their occurrences in."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QTableView, QWidget

from ..table_model import table_view


def occurrence_view(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """One occurrence a row, one selected at a time, each row a line of text high."""
    view = table_view(model, parent)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view
