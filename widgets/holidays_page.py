"""Holidays and deadlines: upcoming holidays across the team's sites, and the
working days each site has left before a deadline.

Both tables show what ``planner.holidays.report.holidays_between`` and
``planner.deadline.deadline_report`` compute; nothing is counted here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QObject, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.deadline import DeadlineReport, SiteDays, deadline_report
from planner.errors import InputError, problems_text
from planner.holidays.report import HolidayRow, RecordSource, holidays_between
from planner.i18n import N_, _, ngettext
from planner.zones import get_zone

from .formatting import Formats
from .table_model import Index, RowsTableModel, table_view

Clock = Callable[[], datetime]
RecordsFor = Callable[[PlanContext], RecordSource]


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class HolidaysModel(RowsTableModel[HolidayRow]):
    COLUMNS = (N_("Date"), N_("Holiday"), N_("Where"), N_("Sites"), N_("Members off"))

    def __init__(self, formats: Formats | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: tuple[HolidayRow, ...] = ()
        self._formats = formats or Formats()
        self._site_names: dict[str, str] = {}

    def set_rows(self, rows: tuple[HolidayRow, ...], site_names: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._site_names = site_names
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.DisplayRole])

    @property
    def rows(self) -> tuple[HolidayRow, ...]:
        return self._rows

    def _items(self) -> tuple[HolidayRow, ...]:
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index)
        if r is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self._formats.day(r.date)
            if col == 1:
                return _("{holiday} (estimated)").format(holiday=r.name) if r.estimated \
                    else r.name
            if col == 2:
                if r.kind == "company":
                    return _("company")
                return "-".join(x for x in (r.country, r.subdivision) if x)
            if col == 3:
                return ", ".join(self._site_names.get(s, s) for s in r.sites)
            if col == 4:
                return ", ".join(r.members)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and r.estimated:
            return _("The date of this holiday is an estimate (it depends on an observation)")
        return None


class DeadlineModel(RowsTableModel[SiteDays]):
    COLUMNS = (N_("Site"), N_("Working days"), N_("Holidays in between"), N_("Time off"))

    def __init__(self, formats: Formats | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._sites: tuple[SiteDays, ...] = ()
        self._formats = formats or Formats()

    def set_report(self, report: DeadlineReport | None) -> None:
        self.beginResetModel()
        self._sites = report.sites if report else ()
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._sites:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._sites) - 1, 3),
                                  [Qt.ItemDataRole.DisplayRole])

    def _items(self) -> tuple[SiteDays, ...]:
        return self._sites

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self.row_at(index)
        if s is None:
            return None
        col = index.column()
        f = self._formats
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return s.name if s.required else _("{name} (optional)").format(name=s.name)
            if col == 1:
                return str(s.working_days)
            if col == 2:
                return "; ".join(f"{f.day(d)} {n}" for d, n in s.holidays) or _("none")
            if col == 3:
                return "; ".join(f"{n} {f.day(d)}" for n, d in s.time_off)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return _("Members: {names}").format(names=", ".join(s.members))
        if role == Qt.ItemDataRole.ToolTipRole and col in (2, 3):
            return "\n".join(f"{f.day(d)} {n}" for d, n in s.holidays) if col == 2 else \
                "\n".join(f"{n} {f.day(d)}" for n, d in s.time_off) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _table(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    view = table_view(model, parent)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


class HolidaysPage(QWidget):
    def __init__(self, clock: Clock, records_for: RecordsFor, formats: Formats | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._clock = clock
        self._records_for = records_for
        self._formats = formats or Formats()
        self._ctx: PlanContext | None = None
        self.holidays_model = HolidaysModel(self._formats, self)
        self.deadline_model = DeadlineModel(self._formats, self)
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 104)
        self.weeks.setValue(8)
        self.weeks.setSuffix(_(" weeks"))
        self.holidays_title = QLabel(self)
        self.holidays_view = _table(self.holidays_model, self)
        upcoming = QGroupBox(_("Upcoming holidays across the team"), self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Next"), self))
        bar.addWidget(self.weeks)
        bar.addWidget(self.holidays_title, 1)
        box = QVBoxLayout(upcoming)
        box.addLayout(bar)
        box.addWidget(self.holidays_view)
        self.start_edit = QDateEdit(self)
        self.deadline_edit = QDateEdit(self)
        for e in (self.start_edit, self.deadline_edit):
            e.setCalendarPopup(True)
            e.setDisplayFormat(self._formats.qt_date_format)
        self.shared_label = QLabel(self)
        self.shared_label.setWordWrap(True)
        self.deadline_view = _table(self.deadline_model, self)
        header = self.deadline_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.deadline_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        deadline = QGroupBox(_("Working days before a deadline"), self)
        bar2 = QHBoxLayout()
        bar2.addWidget(QLabel(_("From"), self))
        bar2.addWidget(self.start_edit)
        bar2.addWidget(QLabel(_("to the deadline"), self))
        bar2.addWidget(self.deadline_edit)
        bar2.addStretch(1)
        box2 = QVBoxLayout(deadline)
        box2.addLayout(bar2)
        box2.addWidget(self.shared_label)
        box2.addWidget(self.deadline_view)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(upcoming)
        split.addWidget(deadline)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.weeks.valueChanged.connect(self._on_weeks_value_changed)
        self.start_edit.dateChanged.connect(self._on_deadline_inputs_changed)
        self.deadline_edit.dateChanged.connect(self._on_deadline_inputs_changed)

    def today(self) -> date:
        zone = self._ctx.plan.reference_zone if self._ctx else "UTC"
        return self._clock().astimezone(get_zone(zone)).date()

    def set_context(self, ctx: PlanContext) -> None:
        first = self._ctx is None
        self._ctx = ctx
        if first:
            today = self.today()
            for e, d in ((self.start_edit, today), (self.deadline_edit,
                                                    today + timedelta(weeks=4))):
                e.blockSignals(True)
                e.setDate(_qdate(d))
                e.blockSignals(False)
        self.refresh()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        for e in (self.start_edit, self.deadline_edit):
            e.setDisplayFormat(formats.qt_date_format)
        self.holidays_model.set_formats(formats)
        self.deadline_model.set_formats(formats)
        self.refresh()

    def set_deadline(self, deadline: date, start: date | None = None) -> None:
        if start is not None:
            self.start_edit.setDate(_qdate(start))
        self.deadline_edit.setDate(_qdate(deadline))

    def refresh(self) -> None:
        self._refresh_holidays()
        self._refresh_deadline()

    def _refresh_holidays(self) -> None:
        if self._ctx is None:
            return
        plan = self._ctx.plan
        start = self.today()
        end = start + timedelta(weeks=self.weeks.value()) - timedelta(days=1)
        rows = holidays_between(plan, self._records_for(self._ctx), start, end)
        self.holidays_model.set_rows(rows, {s.id: s.name for s in plan.sites})
        f = self._formats
        self.holidays_title.setText(ngettext("{first} – {last}: {n} holiday",
                                             "{first} – {last}: {n} holidays", len(rows)).format(
            first=f.short_date(start), last=f.short_date(end), n=len(rows)))

    def _refresh_deadline(self) -> None:
        if self._ctx is None:
            return
        start = _pydate(self.start_edit.date())
        deadline = _pydate(self.deadline_edit.date())
        try:
            report = deadline_report(self._ctx.plan, self._ctx.calendar, start, deadline)
        except InputError as e:
            self.deadline_model.set_report(None)
            self.shared_label.setText("⚠ " + problems_text(e.problems))
            return
        self.deadline_model.set_report(report)
        f = self._formats
        days = report.shared_working_days
        self.shared_label.setText(
            ngettext("<b>{n} shared working day</b> from {first} to {last} (both counted) when "
                     "every required site works.",
                     "<b>{n} shared working days</b> from {first} to {last} (both counted) when "
                     "every required site works.", days).format(
                n=days, first=f.short_date(start), last=f.short_date(deadline)))

    def _on_weeks_value_changed(self, value: int) -> None:
        self._refresh_holidays()

    def _on_deadline_inputs_changed(self, *args: Any) -> None:
        self._refresh_deadline()
