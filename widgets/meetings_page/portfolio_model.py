"""Every meeting's occurrences over a range of dates, with what the coordinator
should look at, as a table; and each member's burden across all meetings.

A thin view of a :class:`planner.meetings.Portfolio`: the rows are its
occurrences dated in the range (as ``meetings --json`` selects them, skipped
ones included), the problem columns its problems of that meeting and date.
Nothing is computed here but the stacking of the burden bars.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from planner.i18n import N_, _
from planner.meetings import MeetingOccurrence, MeetingProblem, Portfolio, ProblemKind, Status
from planner.model import Plan
from planner.zones import city_of

from ..burden_chart import STACK, BurdenBar
from ..formatting import Formats
from ..table_model import Index, RowsTableModel

KINDS = (ProblemKind.DRIFT, ProblemKind.DAY_OFF, ProblemKind.OUTSIDE_HOURS, ProblemKind.CLASH)
KIND_LABELS = {ProblemKind.DRIFT: N_("Clock drift"), ProblemKind.DAY_OFF: N_("Day off"),
               ProblemKind.OUTSIDE_HOURS: N_("Outside hours"), ProblemKind.CLASH: N_("Clash")}
# Light backgrounds with black text; every problem cell also names the members.
KIND_COLOURS = {ProblemKind.DRIFT: "#E6CFE0", ProblemKind.DAY_OFF: "#F5C6B0",
                ProblemKind.OUTSIDE_HOURS: "#F6DFA4", ProblemKind.CLASH: "#F0A8A0"}


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One occurrence of one meeting, and its problems by kind."""

    meeting: str  # id
    title: str
    occurrence: MeetingOccurrence
    slot_text: str  # "A · 06:30 New York", or "09:00 New York" for a fixed meeting
    problems: tuple[MeetingProblem, ...]

    def of_kind(self, kind: ProblemKind) -> tuple[MeetingProblem, ...]:
        return tuple(p for p in self.problems if p.kind is kind)


def portfolio_rows(portfolio: Portfolio, first: date | None, last: date | None
                   ) -> tuple[PortfolioRow, ...]:
    """The occurrences dated in [first, last] (None: unbounded), by date, start, plan order."""
    rows = []
    for order, s in enumerate(portfolio.schedules):
        m = s.meeting
        problems = portfolio.problems_of(m.id)
        for o in s.occurrences:
            if (first is not None and o.date < first) or (last is not None and o.date > last):
                continue
            slot = s.slot(o.slot) if o.slot is not None else m.anchor
            text = f"{slot.time_text} {city_of(slot.zone)}"
            if m.rotating:
                text = f"{o.slot or '–'} · {text}"
            mine = tuple(p for p in problems if p.date == o.date) if o.held else ()
            rows.append(((o.date, o.start, order, o.index),
                         PortfolioRow(m.id, m.title, o, text, mine)))
    rows.sort(key=lambda r: r[0])
    return tuple(r for _, r in rows)


class PortfolioModel(RowsTableModel[PortfolioRow]):
    """Date, meeting, slot, status, then one column per kind of problem."""

    FIXED = (N_("Date"), N_("Meeting"), N_("Slot"), N_("Status"))
    COLUMNS = (*FIXED, *(KIND_LABELS[k] for k in KINDS))

    def __init__(self, formats: Formats | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._all: tuple[PortfolioRow, ...] = ()
        self._rows: tuple[PortfolioRow, ...] = ()
        self._only_problems = False
        self._formats = formats or Formats()

    def set_rows(self, rows: tuple[PortfolioRow, ...]) -> None:
        self.beginResetModel()
        self._all = rows
        self._rows = self._shown()
        self.endResetModel()

    def set_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        self._only_problems = only
        self._rows = self._shown()
        self.endResetModel()

    def _shown(self) -> tuple[PortfolioRow, ...]:
        return tuple(r for r in self._all if r.problems) if self._only_problems else self._all

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.all_changed([Qt.ItemDataRole.DisplayRole])

    @property
    def rows(self) -> tuple[PortfolioRow, ...]:
        return self._rows

    def _items(self) -> tuple[PortfolioRow, ...]:
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        col = index.column()
        o = row.occurrence
        if col < len(self.FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                return (self._formats.day(o.date), row.title, row.slot_text,
                        self._status(o))[col]
            if role == Qt.ItemDataRole.ToolTipRole and col == 1:
                return _("{title} (id: {id})").format(title=row.title, id=row.meeting)
            if role == Qt.ItemDataRole.ToolTipRole and col == 3 and o.note:
                return o.note
            return None
        kind = KINDS[col - len(self.FIXED)]
        found = row.of_kind(kind)
        if not found:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(dict.fromkeys(n for p in found for n in p.members))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p.detail for p in found)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(KIND_COLOURS[kind]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#000000"))
        return None

    def _status(self, o: MeetingOccurrence) -> str:
        if o.status is Status.SKIPPED:
            return _("skipped")
        if o.status is Status.MOVED:
            return _("moved from {day}").format(day=self._formats.day(o.rule_date))
        return _("locked") if o.locked else ""


def portfolio_bars(portfolio: Portfolio, plan: Plan, first: date | None, last: date | None
                   ) -> tuple[BurdenBar, ...]:
    """Each member's burden across every meeting held in [first, last], stacked by
    comfort (for drawing only; the totals are the ledger's), split by meeting in the tip."""
    titles = {s.meeting.id: s.meeting.title for s in portfolio.schedules}
    parts: dict[str, dict[str, float]] = {}
    for s in portfolio.schedules:
        for o in s.held:
            if (first is not None and o.date < first) or (last is not None and o.date > last):
                continue
            for a in o.attendees:
                if a.required:
                    mine = parts.setdefault(a.name, dict.fromkeys(STACK, 0.0))
                    for comfort in STACK:
                        mine[comfort] += a.view.minutes_in(comfort) * plan.costs.rate(comfort) / 60
    bars = []
    for row in portfolio.ledger(first, last):
        mine = parts.get(row.name, dict.fromkeys(STACK, 0.0))
        split = "\n".join(f"{titles[mid]}: {minutes / 60:g}" for mid, minutes in row.meetings)
        bars.append(BurdenBar(row.name, True, 0.0, tuple((c, mine[c]) for c in STACK),
                              row.night, row.early_late, row.total_cost, split))
    return tuple(bars)
