"""Clock changes as tables: the transitions, and the meetings they move for whom.

Thin views of a :class:`planner.clocks.ClockReport`; the comfort of the time
before and after is coloured as in the grid.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from planner.clocks import ClockTransition, MemberShift, Shift, format_offset
from planner.i18n import N_, _
from planner.zones import city_of

from ..formatting import Formats
from ..grid.style import COMFORT_LABELS, GridStyle, light_style
from ..table_model import Index, RowsTableModel

# Short enough for a table cell; the grid's legend has the long ones.
COMFORT_WORDS = {"work": N_("working"), "shoulder": N_("shoulder"), "early_late": N_("early/late"),
                 "off": N_("day off"), "night": N_("night")}


def _hours(minutes: int) -> str:
    h, m = divmod(abs(minutes), 60)
    if not h:
        return _("{minutes} min").format(minutes=m)
    return _("{hours} h {minutes:02d} min").format(hours=h, minutes=m) if m else \
        _("{hours} h").format(hours=h)


class TransitionsModel(RowsTableModel[ClockTransition]):
    COLUMNS = (N_("Date"), N_("Where"), N_("Clocks"), N_("Members there"))

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
            change = _("forward {amount} ({before} → {after})") if t.minutes > 0 else \
                _("back {amount} ({before} → {after})")
            return (self._formats.day(t.local_date), city_of(t.zone),
                    change.format(amount=_hours(t.minutes),
                                  before=format_offset(t.offset_before),
                                  after=format_offset(t.offset_after)),
                    ", ".join(t.members) or "—")[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return t.zone
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return _("{local} local time ({utc} UTC)").format(
                local=f"{t.onset:%Y-%m-%d %H:%M}", utc=f"{t.at:%Y-%m-%d %H:%M}")
        return None


class ShiftsModel(RowsTableModel[tuple[Shift, MemberShift]]):
    """One row per attendee a clock change moves, at one occurrence of one meeting; the
    last column says whether the heads-up for that occurrence was sent."""

    COLUMNS = (N_("Date"), N_("Meeting"), N_("Who"), N_("Before"), N_("After"), N_("Change"),
               N_("Back on"), N_("Heads-up"))
    BEFORE, AFTER, SENT = 3, 4, 7

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._rows: tuple[tuple[Shift, MemberShift], ...] = ()
        self._formats = formats or Formats()
        self._style = style or light_style()
        self._sent: Mapping[tuple[str, date], datetime] = {}

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

    def set_sent(self, sent: Mapping[tuple[str, date], datetime]) -> None:
        """When each (meeting id, date) heads-up was sent, as the plan recorded it."""
        self._sent = dict(sent)
        self.all_changed([Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

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
        sent = self._sent.get((s.meeting, s.date))
        if role == Qt.ItemDataRole.DisplayRole:
            if comfort is not None:
                local = m.before if col == self.BEFORE else m.after
                return f"{f.time(local)} {_(COMFORT_WORDS[comfort.value])}"
            return (f.day(s.date), s.title, m.name, "", "",
                    _("{change} min").format(change=m.change_text),
                    f.day(m.returns) if m.returns else _("stays to the end"),
                    _("sent {date}").format(date=f.short_date(sent.date())) if sent
                    else _("not sent"))[col]
        if comfort is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(self._style.comfort[comfort.value]))
        if comfort is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(self._style.comfort_text[comfort.value]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return _("id: {id}; compared with {date}").format(
                    id=s.meeting, date=s.previous.isoformat())
            if col == 2:
                return city_of(m.zone) if m.required else \
                    _("{city} (optional)").format(city=city_of(m.zone))
            if comfort is not None:
                local = m.before if col == self.BEFORE else m.after
                return f"{local.isoformat(' ', 'minutes')}, {_(COMFORT_LABELS[comfort.value])}"
            if col == 6 and m.returns is None:
                return _("the meeting's last date is {date}").format(date=s.last.isoformat())
            if col == self.SENT:
                return (_("The plan records that this heads-up was sent on {when} UTC").format(
                            when=f"{sent:%Y-%m-%d %H:%M}") if sent else
                        _("Not sent from this plan yet"))
        return None
