"""The occurrences of a fair rotation as a table (slot, lock, every member's
cost) and the burden bars drawn beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from planner.i18n import N_, _
from planner.model import Plan
from planner.rotation.planning import Rotation, RotationOccurrence
from planner.zones import city_of, get_zone

from ..burden_chart import STACK, BurdenBar
from ..formatting import Formats
from ..grid.style import COMFORT_LABELS, GridStyle, light_style
from ..table_model import Index, StyledRowsModel


class RotationModel(StyledRowsModel[RotationOccurrence]):
    """Occurrences of a rotation: the slot, a lock box, and every member's cost."""

    FIXED = (N_("#"), N_("Date"), N_("Slot"), N_("Locked"))
    LOCK_COLUMN = FIXED.index("Locked")
    locks_changed = Signal()

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._rotation: Rotation | None = None
        self._formats = formats or Formats()
        self._style = style or light_style()
        self._locks: dict[int, str] = {}
        # Zones per member column come from the plan the page holds.
        self.zones: tuple[str, ...] = ()

    def set_rotation(self, rotation: Rotation | None) -> None:
        self.beginResetModel()
        self._rotation = rotation
        if rotation is None:
            self._locks = {}
        else:
            self._locks = {o.index: o.slot for o in rotation.occurrences if o.locked}
        self.endResetModel()

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
            i = self.index(index - 1, self.LOCK_COLUMN)
            self.dataChanged.emit(i, i, [Qt.ItemDataRole.CheckStateRole])
        self.locks_changed.emit()

    def _items(self) -> tuple[RotationOccurrence, ...]:
        return self._rotation.occurrences if self._rotation is not None else ()

    def columns(self) -> tuple[str, ...]:
        if self._rotation is None:
            return ()
        return (*(_(c) for c in self.FIXED),
                *(e.name if e.counted else _("{name} (not counted)").format(name=e.name)
                  for e in self._rotation.ledger))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.LOCK_COLUMN:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, o = self._rotation, self.row_at(index)
        if r is None or o is None:
            return None
        col = index.column()
        f = self._formats
        if col == self.LOCK_COLUMN:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if o.index in self._locks else \
                    Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Keep this occurrence on its slot when re-optimising")
            return None
        if col < len(self.FIXED):
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
            return _("{comfort}, cost {cost}").format(comfort=_(COMFORT_LABELS[view.worst]),
                                                      cost=f"{view.cost_minutes / 60:g}")
        return None

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        o = self.row_at(index)
        if o is None or index.column() != self.LOCK_COLUMN or \
                role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.lock(o.index, o.slot if checked else None)
        return True

    def _zone_of(self, k: int) -> str:
        return self.zones[k] if k < len(self.zones) else "UTC"


def burden_bars(rotation: Rotation, plan: Plan) -> tuple[BurdenBar, ...]:
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
