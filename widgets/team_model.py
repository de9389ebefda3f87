"""The team as a table: name, city, local time now, offset, today's status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from planner.availability import to_seconds, working_spans
from planner.context import PlanContext
from planner.zones import city_of, get_zone

Clock = Callable[[], datetime]
Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Name", "Site", "City", "Local time", "UTC offset", "Today")


def member_status(ctx: PlanContext, member_index: int, now: datetime) -> str:
    """working / off hours / the reason for a day off, for the member's local today."""
    member = ctx.plan.members[member_index]
    local = now.astimezone(get_zone(member.zone))
    reason = ctx.calendar.day_off(member, local.date())
    if reason is not None:
        return "off: " + reason
    t = to_seconds(now)
    spans = working_spans(member, ctx.calendar, t, t + 1)
    return "working" if spans else "outside hours"


def offset_text(now: datetime, zone: str) -> str:
    local = now.astimezone(get_zone(zone))
    off = local.utcoffset() or timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    abbr = local.tzname() or ""
    text = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text} ({abbr})" if abbr and not abbr.startswith(("+", "-")) else text


class TeamModel(QAbstractTableModel):
    def __init__(self, ctx: PlanContext, clock: Clock, parent: Any = None):
        super().__init__(parent)
        self._ctx = ctx
        self._clock = clock
        self._now = clock()

    def set_context(self, ctx: PlanContext) -> None:
        self.beginResetModel()
        self._ctx = ctx
        self._now = self._clock()
        self.endResetModel()

    def tick(self) -> None:
        """Refresh the time-dependent columns."""
        self._now = self._clock()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 3), self.index(self.rowCount() - 1, 5),
                                  [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ctx.plan.members)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= index.row() < len(self._ctx.plan.members):
            return None
        m = self._ctx.plan.members[index.row()]
        col = index.column()
        if col == 0:
            return m.name + ("" if m.required else " (optional)")
        if col == 1:
            site = self._ctx.plan.site(m.site) if m.site else None
            return site.name if site else ""
        if col == 2:
            return m.city or city_of(m.zone)
        if col == 3:
            return self._now.astimezone(get_zone(m.zone)).strftime("%a %H:%M")
        if col == 4:
            return offset_text(self._now, m.zone)
        if col == 5:
            return member_status(self._ctx, index.row(), self._now)
        return None
