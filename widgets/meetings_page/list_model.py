"""The plan's saved meetings as a list: the title, and the rule in a few words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from planner.i18n import N_, _, ngettext
from planner.meetings import Meeting, MeetingCadence
from planner.zones import city_of

from ..formatting import Formats
from ..table_model import Index, RowsTableModel

_EVERY = {MeetingCadence.DAY: N_("every day"), MeetingCadence.WEEKDAYS: N_("every weekday"),
          MeetingCadence.WEEK: N_("every week"), MeetingCadence.TWO_WEEKS: N_("every two weeks"),
          MeetingCadence.MONTH: N_("every month")}


def meeting_summary(m: Meeting, formats: Formats, *, span: bool = True) -> str:
    """ "every week on Thu · 09:00 New York · 5 Nov 2026 – 24 Jun 2027" (the dates only
    with ``span``)."""
    when = _(_EVERY[m.every])
    if m.every.takes_days:
        names = formats.babel_locale.days["format"]["abbreviated"]
        when = _("{cadence} on {days}").format(cadence=when, days=", ".join(
            str(names[d]) for d in (m.days or (m.start.weekday(),))))
    slots = " / ".join(f"{s.time_text} {city_of(s.zone)}" for s in m.slots)
    if m.rotating:
        slots = _("rotates {slots}").format(slots=slots)
    dates = ngettext("{n} time from {date}", "{n} times from {date}", m.count).format(
        n=m.count, date=formats.short_date(m.start)) if m.count is not None else \
        f"{formats.short_date(m.start)} – {formats.short_date(m.until)}" if m.until else ""
    return " · ".join((when, slots, dates) if span else (when, slots))


class MeetingListModel(RowsTableModel[Meeting]):
    """One row per meeting, in plan order; the id is the tooltip and the UserRole."""

    COLUMNS = (N_("Meeting"),)

    def __init__(self, formats: Formats | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._meetings: tuple[Meeting, ...] = ()
        self._formats = formats or Formats()

    def set_meetings(self, meetings: tuple[Meeting, ...]) -> None:
        if meetings == self._meetings:
            return
        self.beginResetModel()
        self._meetings = meetings
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.all_changed([Qt.ItemDataRole.DisplayRole])

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return self._meetings

    def _items(self) -> tuple[Meeting, ...]:
        return self._meetings

    def row_of(self, meeting_id: str) -> int | None:
        return next((i for i, m in enumerate(self._meetings) if m.id == meeting_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.row_at(index)
        if m is None or index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{m.title}\n{meeting_summary(m, self._formats, span=False)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{meeting_summary(m, self._formats)}\nid: {m.id}"
        if role == Qt.ItemDataRole.UserRole:
            return m.id
        return None
