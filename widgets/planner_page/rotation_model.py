"""The occurrences of a fair rotation as a table (slot, lock, every member's
cost) and the burden bars drawn beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from planner.rotation.planning import Rotation
from planner.zones import city_of, get_zone

from ..burden_chart import STACK, BurdenBar
from ..formatting import Formats
from ..grid.style import COMFORT_LABELS, GridStyle, light_style
from ..table_model import Index


class RotationModel(QAbstractTableModel):
    """Occurrences of a rotation: the slot, a lock box, and every member's cost."""

    FIXED = ("#", "Date", "Slot", "Locked")
    locks_changed = Signal()

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._rotation: Rotation | None = None
        self._formats = formats or Formats()
        self._style = style or light_style()
        self._locks: dict[int, str] = {}

    def set_rotation(self, rotation: Rotation | None) -> None:
        self.beginResetModel()
        self._rotation = rotation
        if rotation is None:
            self._locks = {}
        else:
            self._locks = {o.index: o.slot for o in rotation.occurrences if o.locked}
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.set_formats(self._formats)

    @property
    def rotation(self) -> Rotation | None:
        return self._rotation

    @property
    def locks(self) -> dict[int, str]:
        return dict(self._locks)

    def lock(self, index: int, slot: str | None) -> None:
        """Lock occurrence ``index`` (1-based) to a slot id, or unlock it (None)."""
        if slot is None:
            self._locks.pop(index, None)
        else:
            self._locks[index] = slot
        if self._rotation is not None and 1 <= index <= len(self._rotation.occurrences):
            i = self.index(index - 1, 3)
            self.dataChanged.emit(i, i, [Qt.ItemDataRole.CheckStateRole])
        self.locks_changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self._rotation is None:
            return 0
        return len(self._rotation.occurrences)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self._rotation is None:
            return 0
        return len(self.FIXED) + len(self._rotation.members)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.FIXED):
            return self.FIXED[section]
        if self._rotation is not None:
            k = section - len(self.FIXED)
            if 0 <= k < len(self._rotation.members):
                e = self._rotation.ledger[k]
                return e.name if e.counted else f"{e.name} (not counted)"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 3:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self._rotation
        if not index.isValid() or r is None or not 0 <= index.row() < len(r.occurrences):
            return None
        o = r.occurrences[index.row()]
        col = index.column()
        f = self._formats
        if col == 3:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if o.index in self._locks else \
                    Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Keep this occurrence on its slot when re-optimising"
            return None
        if col < 3:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            if col == 0:
                return str(o.index)
            if col == 1:
                return f.day(o.date)
            c = r.candidate(o.slot)
            return f"{c.id} · {c.time_text} {city_of(c.zone)}"
        k = col - len(self.FIXED)
        if not 0 <= k < len(r.members):
            return None
        ci = [c.id for c in r.candidates].index(o.slot)
        view = o.views[ci][k]
        if role == Qt.ItemDataRole.DisplayRole:
            local = o.start.astimezone(get_zone(self._zone_of(k)))
            cost = view.cost_minutes / 60
            return f.time(local) + (f" ({cost:g})" if cost else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(self._style.comfort[view.worst]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(self._style.comfort_text[view.worst]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{COMFORT_LABELS[view.worst]}, cost {view.cost_minutes / 60:g}"
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        r = self._rotation
        if r is None or not index.isValid() or index.column() != 3 or \
                role != Qt.ItemDataRole.CheckStateRole:
            return False
        o = r.occurrences[index.row()]
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.lock(o.index, o.slot if checked else None)
        return True

    # Zones per member column come from the plan the page holds.
    zones: tuple[str, ...] = ()

    def _zone_of(self, k: int) -> str:
        return self.zones[k] if k < len(self.zones) else "UTC"


def burden_bars(rotation: Rotation, plan: Any) -> tuple[BurdenBar, ...]:
    """Each member's chosen-slot cost split by comfort class (for drawing only)."""
    ids = [c.id for c in rotation.candidates]
    bars = []
    for k, entry in enumerate(rotation.ledger):
        parts = dict.fromkeys(STACK, 0.0)
        for o in rotation.occurrences:
            view = o.views[ids.index(o.slot)][k]
            for comfort in STACK:
                parts[comfort] += view.minutes_in(comfort) * plan.costs.rate(comfort) / 60
        bars.append(BurdenBar(entry.name, entry.counted, entry.prior,
                              tuple((c, parts[c]) for c in STACK), len(entry.night),
                              len(entry.early_late), entry.total_cost))
    return tuple(bars)
