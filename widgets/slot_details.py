"""Slot details: every member's local date and time, comfort and day off for a slot.

Local times are on the clock in force (a period may have a member working from
elsewhere, DESIGN.md "Periods"); the period's note follows the offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.availability import DayOff, MeetingComforts, ZoneClock, meeting_comfort, to_seconds
from planner.i18n import N_, _
from planner.model import Plan
from planner.periods import local_at, local_end, period_at, zone_at
from planner.zones import city_of, get_zone

from .formatting import Formats, offset_and_abbreviation
from .grid.periods import period_label
from .grid.style import COMFORT_LABELS, GridStyle, light_style
from .table_model import Index, RowsTableModel, table_view

COLUMNS = (N_("Member"), N_("Local start"), N_("Local end"), N_("Offset"), N_("Comfort"),
           N_("Day off"))


@dataclass(frozen=True, slots=True)
class MemberSlot:
    name: str
    zone: str
    start: datetime   # local, aware
    end: datetime
    comfort: str      # worst over the slot's minutes
    minutes_working: int
    day_off: str | None
    required: bool
    period_note: str | None = None   # the period in force during the slot, if any


def member_slots(plan: Plan, calendar: DayOff, start: datetime, end: datetime
                 ) -> tuple[MemberSlot, ...]:
    """Every member's view of a slot; members sharing a zone, night window and schedule
    (a team of thousands is a few such groups) are computed once."""
    s, e = to_seconds(start), to_seconds(end)
    comforts = MeetingComforts(plan, calendar)
    zones: dict[str, tuple[ZoneClock, datetime, datetime]] = {}
    seen: dict[tuple[object, ...], tuple[str, int, str | None]] = {}
    out = []
    last = max(start, end - timedelta(seconds=1))
    for m in plan.members:
        if m.periods:  # a zone and hours of their own per instant: never shared
            ls, le = local_at(m, start), local_end(m, start, end)
            mc = meeting_comfort(m, calendar, start, end, plan)
            period = period_at(m, start) or period_at(m, last)
            note = None if period is None else (period.note or period_label(period))
            out.append(MemberSlot(m.name, zone_at(m, start), ls, le, mc.worst,
                                  mc.minutes_in("work"), calendar.day_off(m, ls.date()),
                                  m.required, note))
            continue
        local = zones.get(m.zone)
        if local is None:
            zone = get_zone(m.zone)
            local = zones[m.zone] = (ZoneClock(m.zone, s, e), start.astimezone(zone),
                                     end.astimezone(zone))
        clock, ls, le = local
        key = (m.zone, m.night, calendar.schedule_key(m))
        view = seen.get(key)
        if view is None:
            mc = comforts.get(m, s, e, clock)
            view = seen[key] = (mc.worst, mc.minutes_in("work"), calendar.day_off(m, ls.date()))
        out.append(MemberSlot(m.name, m.zone, ls, le, view[0], view[1], view[2], m.required))
    return tuple(out)


class SlotDetailsModel(RowsTableModel[MemberSlot]):
    COLUMNS = COLUMNS

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._rows: tuple[MemberSlot, ...] = ()
        self._formats = formats or Formats()
        self._style = style or light_style()

    def set_rows(self, rows: tuple[MemberSlot, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 2),
                                  [Qt.ItemDataRole.DisplayRole])

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        if self._rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self._rows) - 1, 4),
                                  [Qt.ItemDataRole.BackgroundRole,
                                   Qt.ItemDataRole.ForegroundRole])

    @property
    def rows(self) -> tuple[MemberSlot, ...]:
        return self._rows

    def _items(self) -> tuple[MemberSlot, ...]:
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index)
        if r is None:
            return None
        col = index.column()
        f = self._formats
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.name if r.required else _("{name} (optional)").format(name=r.name)
            if col == 1:
                return f"{f.day(r.start.date())} {f.time(r.start)}"
            if col == 2:
                same = r.end.date() == r.start.date()
                return f.time(r.end) if same else f"{f.day(r.end.date())} {f.time(r.end)}"
            if col == 3:
                note = f" · {r.period_note}" if r.period_note else ""
                return f"{offset_and_abbreviation(r.start)} {city_of(r.zone)}{note}"
            if col == 4:
                return _(COMFORT_LABELS[r.comfort])
            if col == 5:
                return r.day_off or ""
            return None
        if role == Qt.ItemDataRole.BackgroundRole and col == 4:
            return QBrush(QColor(self._style.comfort[r.comfort]))
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QBrush(QColor(self._style.comfort_text[r.comfort]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return _("{minutes} min inside working hours").format(minutes=r.minutes_working)
        return None


class SlotDetails(QWidget):
    """The selected slot for everyone, with the actions that start from a slot."""

    plan_recurring_requested = Signal(object, object)   # start, end (UTC)
    export_requested = Signal(object, object)

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._formats = formats or Formats()
        self._slot: tuple[datetime, datetime] | None = None
        self.model = SlotDetailsModel(formats, style, self)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.table = table_view(self.model, self)
        self.table.setAccessibleName(_("Selected slot for each member"))
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line a member: long offsets elide, not wrap
        self.plan_button = QPushButton(_("Plan recurring check-in from this slot"), self)
        self.export_button = QPushButton(_("Export slot…"), self)
        self.export_button.setToolTip(_("Save this slot as an .ics event"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self._set_buttons_enabled(False)

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.model.set_formats(formats)

    def _set_buttons_enabled(self, on: bool) -> None:
        self.plan_button.setEnabled(on)
        self.export_button.setEnabled(on)

    def show_slot(self, plan: Plan, calendar: DayOff, start: datetime, end: datetime,
                  available: int | None = None) -> None:
        self._slot = (start, end)
        rows = member_slots(plan, calendar, start, end)
        self.model.set_rows(rows)
        ref = get_zone(plan.reference_zone)
        ls, le = start.astimezone(ref), end.astimezone(ref)
        f = self._formats
        minutes = int((end - start).total_seconds() // 60)
        req = [r for r in rows if r.required]
        ok = sum(1 for r in req if r.minutes_working == minutes)
        line = (f"<b>{f.day(ls.date())} {f.time(ls)}–{f.time(le)}</b> "
                f"{city_of(plan.reference_zone)} · "
                + _("{minutes} min").format(minutes=minutes) + " · "
                + _("{n} of {total} required members in working hours").format(
                    n=ok, total=len(req)))
        self.title.setText(line)
        self._set_buttons_enabled(True)

    def clear(self) -> None:
        self._slot = None
        self.model.set_rows(())
        self.title.setText(_("Select a slot in the grid (drag, or use the arrow keys)."))
        self._set_buttons_enabled(False)

    @property
    def slot(self) -> tuple[datetime, datetime] | None:
        return self._slot

    def _on_plan_button_clicked(self) -> None:
        if self._slot:
            self.plan_recurring_requested.emit(*self._slot)

    def _on_export_button_clicked(self) -> None:
        if self._slot:
            self.export_requested.emit(*self._slot)
