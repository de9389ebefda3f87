"""The occurrences of a recurring check-in as a table: one column per member,
coloured by comfort, with the decision taken on each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planner.i18n import N_, _
from planner.series import Occurrence, SeriesReport
from planner.zones import city_of

from ..formatting import Formats
from ..grid.style import COMFORT_LABELS, GridStyle, light_style
from ..table_model import Index, StyledRowsModel

# A required member is off on the rule's date and the occurrence was kept anyway.
KEPT_CONFLICT_BACKGROUND = "#F5C6B0"
KEPT_CONFLICT_TEXT = "#000000"


class SeriesModel(StyledRowsModel[Occurrence]):
    """Occurrences of a series: one column per member, coloured by comfort."""

    FIXED = (N_("#"), N_("Date"), N_("UTC"))

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._report: SeriesReport | None = None
        self._formats = formats or Formats()
        self._style = style or light_style()
        self._names: tuple[str, ...] = ()

    def set_report(self, report: SeriesReport | None) -> None:
        self.beginResetModel()
        self._report = report
        self._names = tuple(m.name for m in report.occurrences[0].members) \
            if report and report.occurrences else ()
        self.endResetModel()

    @property
    def report(self) -> SeriesReport | None:
        return self._report

    def _items(self) -> tuple[Occurrence, ...]:
        return self._report.occurrences if self._report is not None else ()

    def columns(self) -> tuple[str, ...]:
        return (*(_(c) for c in self.FIXED), *self._names, _("Decision"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        o = self.row_at(index)
        if o is None:
            return None
        col = index.column()
        f = self._formats
        k = col - len(self.FIXED)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if not o.held:
                font.setStrikeOut(True)
            if 0 <= k < len(self._names) and any(d.name == self._names[k] for d in o.drift):
                font.setBold(True)
            return font
        if col < len(self.FIXED):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            if col == 0:
                return str(o.index)
            if col == 1:
                return _("{day} (from {rule_day})").format(day=f.day(o.date),
                                                           rule_day=f.day(o.rule_date)) \
                    if o.moved else f.day(o.date)
            return o.start.strftime("%H:%M")
        if k == len(self._names):
            return self._decision(o, role)
        if not 0 <= k < len(self._names):
            return None
        m = o.members[k]
        drift = next((d.minutes for d in o.drift if d.name == m.name), None)
        if role == Qt.ItemDataRole.DisplayRole:
            text = f.time(m.local_start)
            if m.local_start.date() != o.date:
                text = f"{f.babel_locale.days['format']['abbreviated'][m.local_start.weekday()]} " \
                    + text
            if drift is not None:
                text += f" {drift:+d}′"
            if m.day_off is not None and m.day_off != "weekend":
                text += f" ⚠ {m.day_off}"
            elif m.day_off == "weekend":
                text += " ⚠ " + _("weekend")
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(self._style.comfort[m.comfort]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(self._style.comfort_text[m.comfort]))
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{m.name}: {m.local_start.isoformat(' ', 'minutes')} – "
                     f"{f.time(m.local_end)} ({city_of(m.zone)})",
                     _("{comfort}, cost {cost}").format(comfort=_(COMFORT_LABELS[m.comfort]),
                                                        cost=f"{m.cost:g}")]
            if drift is not None:
                lines.append(_("{minutes} minutes against the previous occurrence (DST)").format(
                    minutes=f"{drift:+d}"))
            if m.day_off:
                lines.append(_("day off: {holiday}").format(holiday=m.day_off))
            return "\n".join(lines)
        return None

    def _decision(self, o: Occurrence, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if o.decision.action == "skip":
                return _("skipped")
            if o.moved:
                return _("moved to {day}").format(day=self._formats.day(o.date))
            if o.rule_conflicts:
                who = ", ".join(f"{n} ({r})" for n, r in o.rule_conflicts)
                return _("⚠ kept: {who}").format(who=who)
            return _("kept")
        if role == Qt.ItemDataRole.ToolTipRole and o.decision.note:
            return o.decision.note
        kept_conflict = bool(o.rule_conflicts) and o.decision.action == "keep"
        if role == Qt.ItemDataRole.BackgroundRole and kept_conflict:
            return QBrush(QColor(KEPT_CONFLICT_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and kept_conflict:
            return QBrush(QColor(KEPT_CONFLICT_TEXT))
        return None
