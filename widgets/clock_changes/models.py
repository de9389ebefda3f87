"""Clock changes as tables: the transitions, and the meetings they move for whom.

Thin views of a :class:`planner.clocks.ClockReport`; the comfort of the time
before and after is coloured as in the grid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from planner.clocks import ClockTransition, MemberShift, Shift, format_offset
from planner.zones import city_of

from ..formatting import Formats
from ..grid.style import COMFORT_LABELS, GridStyle, light_style
from ..table_model import Index, RowsTableModel

# Short enough for a table cell; the grid's legend has the long ones.
COMFORT_WORDS = {"work": "working", "shoulder": "shoulder", "early_late": "early/late",
                 "off": "day off", "night": "night"}


def _hours(minutes: int) -> str:
    h, m = divmod(abs(minutes), 60)
    return f"{h} h" + (f" {m:02d} min" if m else "") if h else f"{m} min"


class TransitionsModel(RowsTableModel[ClockTransition]):
    COLUMNS = ("Date", "Where", "Clocks", "Members there")

    def __init__(self, formats: Formats | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: tuple[ClockTransition, ...] = ()
        self._formats = formats or Formats()

    def set_transitions(self, rows: tuple[ClockTransition, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.all_changed([Qt.ItemDataRole.DisplayRole])

    def _items(self) -> tuple[ClockTransition, ...]:
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        t = self.row_at(index)
        if t is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            way = "forward" if t.minutes > 0 else "back"
            return (self._formats.day(t.local_date), city_of(t.zone),
                    f"{way} {_hours(t.minutes)} ({format_offset(t.offset_before)} → "
                    f"{format_offset(t.offset_after)})",
                    ", ".join(t.members) or "—")[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return t.zone
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{t.onset:%Y-%m-%d %H:%M} local time ({t.at:%Y-%m-%d %H:%M} UTC)"
        return None


class ShiftsModel(RowsTableModel[tuple[Shift, MemberShift]]):
    """One row per attendee a clock change moves, at one occurrence of one meeting."""

    COLUMNS = ("Date", "Meeting", "Who", "Before", "After", "Change", "Back on")
    BEFORE, AFTER = 3, 4

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._rows: tuple[tuple[Shift, MemberShift], ...] = ()
        self._formats = formats or Formats()
        self._style = style or light_style()

    def set_shifts(self, shifts: tuple[Shift, ...]) -> None:
        self.beginResetModel()
        self._rows = tuple((s, m) for s in shifts for m in s.members)
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.all_changed([Qt.ItemDataRole.DisplayRole])

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.all_changed([Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole])

    def shift_at(self, row: int) -> Shift | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def _items(self) -> tuple[tuple[Shift, MemberShift], ...]:
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index)
        if item is None:
            return None
        s, m = item
        col = index.column()
        f = self._formats
        comfort = m.comfort_before if col == self.BEFORE else \
            m.comfort_after if col == self.AFTER else None
        if role == Qt.ItemDataRole.DisplayRole:
            if comfort is not None:
                local = m.before if col == self.BEFORE else m.after
                return f"{f.time(local)} {COMFORT_WORDS[comfort.value]}"
            return (f.day(s.date), s.title, m.name, "", "", f"{m.change_text} min",
                    f.day(m.returns) if m.returns else "stays to the end")[col]
        if comfort is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(self._style.comfort[comfort.value]))
        if comfort is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(self._style.comfort_text[comfort.value]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return f"id: {s.meeting}; compared with {s.previous.isoformat()}"
            if col == 2:
                return city_of(m.zone) + ("" if m.required else " (optional)")
            if comfort is not None:
                local = m.before if col == self.BEFORE else m.after
                return f"{local.isoformat(' ', 'minutes')}, {COMFORT_LABELS[comfort.value]}"
            if col == 6 and m.returns is None:
                return f"the meeting's last date is {s.last.isoformat()}"
        return None
