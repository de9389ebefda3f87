"""The team as a tree: sites, and under each its members.

Columns: name, city, local time now, UTC offset with abbreviation, today's
status (working, off hours, weekend, time off, or the holiday's name).  A
member on a period (travel, seasonal hours) shows the zone and hours in force
now, and the status says so: "working · in Tokyo until 14 May".
A thin adapter over the immutable plan: the calendar answers every question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from planner.availability import DayOff, to_seconds, working_spans
from planner.i18n import N_, _
from planner.model import Member, Plan
from planner.periods import in_force, local_at
from planner.zones import city_of, get_zone

from .formatting import Formats, offset_and_abbreviation, short_offset
from .period_text import period_now
from .table_model import Index

Clock = Callable[[], datetime]

COLUMNS = (N_("Name"), N_("City"), N_("Local time"), N_("UTC"), N_("Today"))
COL_NAME, COL_CITY, COL_TIME, COL_OFFSET, COL_TODAY = range(5)
# Item kind and index in the plan, for views and the app: ("member", i) or ("site", i).
ItemRole = Qt.ItemDataRole.UserRole + 1
_GROUP = 0xFFFFFFFF


def member_status(member: Member, calendar: DayOff, now: datetime) -> str:
    """Today's status in the member's own local date, where they are now."""
    local = local_at(member, now)
    reason = calendar.day_off(member, local.date())
    if reason is not None:
        return reason
    t = to_seconds(now)
    # Marked here, translated where shown (the window compares with "working").
    return N_("working") if working_spans(member, calendar, t, t + 1) else N_("off hours")


@dataclass(frozen=True, slots=True)
class _Group:
    site_index: int | None   # None: members without a site
    title: str
    zone: str | None
    members: tuple[int, ...]


def _groups(plan: Plan) -> tuple[_Group, ...]:
    out = []
    for si, site in enumerate(plan.sites):
        members = tuple(i for i, m in enumerate(plan.members) if m.site == site.id)
        out.append(_Group(si, site.name or site.id, site.zone, members))
    loose = tuple(i for i, m in enumerate(plan.members) if m.site is None or
                  plan.site(m.site) is None)
    if loose:
        out.append(_Group(None, _("Members without a site"), None, loose))
    return tuple(out)


class TeamModel(QAbstractItemModel):
    def __init__(self, plan: Plan, calendar: DayOff, clock: Clock,
                 formats: Formats | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._plan = plan
        self._calendar = calendar
        self._clock = clock
        self._formats = formats or Formats()
        self._now = clock()
        self._groups = _groups(plan)

    @property
    def plan(self) -> Plan:
        return self._plan

    # --- inputs -------------------------------------------------------------

    def set_plan(self, plan: Plan, calendar: DayOff) -> None:
        self.beginResetModel()
        self._plan, self._calendar = plan, calendar
        self._groups = _groups(plan)
        self._now = self._clock()
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self._emit_columns(COL_TIME, COL_TIME)

    def tick(self) -> None:
        """Refresh the time-dependent columns from the clock."""
        self._now = self._clock()
        self._emit_columns(COL_CITY, COL_TODAY)

    def _emit_columns(self, first: int, last: int) -> None:
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole]
        if not self._groups:
            return
        self.dataChanged.emit(self.index(0, first), self.index(len(self._groups) - 1, last),
                              roles)
        for gi, g in enumerate(self._groups):
            if g.members:
                parent = self.index(gi, 0)
                self.dataChanged.emit(self.index(0, first, parent),
                                      self.index(len(g.members) - 1, last, parent), roles)

    # --- lookups for views --------------------------------------------------

    def member_index(self, member: int) -> QModelIndex:
        for gi, g in enumerate(self._groups):
            if member in g.members:
                return self.index(g.members.index(member), 0, self.index(gi, 0))
        return QModelIndex()

    def site_index(self, site: int) -> QModelIndex:
        for gi, g in enumerate(self._groups):
            if g.site_index == site:
                return self.index(gi, 0)
        return QModelIndex()

    def item(self, index: Index) -> tuple[str, int] | None:
        value = self.data(index.sibling(index.row(), 0), ItemRole) if index.isValid() else None
        return value

    # --- Qt model -----------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row())

    # QObject.parent() and QAbstractItemModel.parent(index) share the name; the stubs
    # cannot express that Qt dispatches on the argument.
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()), 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()].members)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            if not 0 <= index.row() < len(self._groups):
                return None
            return self._group_data(self._groups[index.row()], index.column(), role)
        gi = int(index.internalId())
        if not 0 <= gi < len(self._groups) or \
                not 0 <= index.row() < len(self._groups[gi].members):
            return None
        return self._member_data(self._groups[gi].members[index.row()], index.column(), role)

    def _group_data(self, g: _Group, col: int, role: int) -> Any:
        if role == ItemRole:
            return ("site", g.site_index) if g.site_index is not None else None
        if role == Qt.ItemDataRole.FontRole and col == COL_NAME:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and g.site_index is not None:
            site = self._plan.sites[g.site_index]
            region = " · ".join(x for x in (site.country, site.subdivision) if x)
            return f"{site.name} ({site.id}) {region} {site.zone or ''}".strip()
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == COL_NAME:
            where = ""
            if g.zone:
                local = self._now.astimezone(get_zone(g.zone))
                where = f" · {city_of(g.zone)} {self._formats.time(local)}"
            return f"{g.title} ({len(g.members)}){where}"
        if g.zone is None:
            return None
        if col == COL_CITY:
            return city_of(g.zone)
        local = self._now.astimezone(get_zone(g.zone))
        if col == COL_TIME:
            return self._formats.time(local)
        if col == COL_OFFSET:
            return short_offset(local)
        return None

    def _member_data(self, mi: int, col: int, role: int) -> Any:
        m = self._plan.members[mi]
        if role == ItemRole:
            return ("member", mi)
        if role == Qt.ItemDataRole.ToolTipRole:
            local = local_at(m, self._now)
            period = period_now(m, self._now, self._formats)
            if period is not None and col == COL_TODAY:
                return period[1]
            parts = [m.name, f"{local.tzinfo}, {offset_and_abbreviation(local)}",
                     _("hours: {hours}").format(hours=in_force(m, self._now).hours.describe())]
            if period is not None:
                parts.append(period[0])
            if m.email:
                parts.append(m.email)
            if not m.required:
                parts.append(_("optional: never blocks a slot"))
            return "\n".join(parts)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_TODAY:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            if member_status(m, self._calendar, self._now) != "working":
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled,
                                                    QPalette.ColorRole.Text)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == COL_NAME:
            return m.name if m.required else _("{name} (optional)").format(name=m.name)
        if col == COL_CITY:
            here = in_force(m, self._now)
            return here.city or city_of(here.zone)
        local = local_at(m, self._now)
        if col == COL_TIME:
            today = self._now.astimezone(get_zone(self._plan.reference_zone)).date()
            day = local.date()
            shift = "" if day == today else \
                " " + (_("(+1 day)") if day > today else _("(−1 day)"))
            return self._formats.time(local) + shift
        if col == COL_OFFSET:
            return short_offset(local)
        if col == COL_TODAY:
            status = _(member_status(m, self._calendar, self._now))
            period = period_now(m, self._now, self._formats)
            return status if period is None else f"{status} · {period[0]}"
        return None
