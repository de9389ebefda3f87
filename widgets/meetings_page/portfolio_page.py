"""The portfolio: every saved meeting over the coming months, what to look at in
each occurrence (clock drift, days off, outside hours, clashes), and the burden
each member carries across all of them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import N_, _, ngettext
from planner.meetings import Portfolio, ProblemKind
from planner.model import Plan

from ..burden_chart import BurdenChart
from ..formatting import Formats
from ..grid.style import GridStyle
from ..table_model import table_view
from .portfolio_model import KINDS, PortfolioModel, portfolio_bars, portfolio_rows

# (label, days after today; None: every occurrence, past ones too)
HORIZONS: tuple[tuple[str, int | None], ...] = (
    (N_("the next 4 weeks"), 27), (N_("the next 3 months"), 91), (N_("the next 6 months"), 182),
    (N_("the next 12 months"), 365), (N_("every occurrence"), None))
DEFAULT_HORIZON = 1


class PortfolioPage(QWidget):
    """Shows a :class:`~planner.meetings.Portfolio` the window computed."""

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._portfolio: Portfolio | None = None
        self._plan: Plan | None = None
        self._formats = formats or Formats()
        self.horizon = QComboBox(self)
        for text, days in HORIZONS:
            self.horizon.addItem(_(text), days)
        self.horizon.setCurrentIndex(DEFAULT_HORIZON)
        self.only_problems = QCheckBox(_("Only occurrences with something to look at"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = PortfolioModel(formats, self)
        self.view = table_view(self.model, self)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        # The meeting's title and the problem columns (which name members) get a fixed
        # width each, the rest in the tooltip, so that all four kinds stay in view
        # beside the team panel.
        header = self.view.horizontalHeader()
        em = self.view.fontMetrics().horizontalAdvance("M")
        titles = PortfolioModel.COLUMNS
        widths = {1: 11 * em, **{c: max(6 * em, header.fontMetrics().horizontalAdvance(
            _(titles[c])) + em) for c in range(len(PortfolioModel.FIXED), len(titles) - 1)}}
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        self.view.setAccessibleName(_("Meetings and their burden"))
        self.chart = BurdenChart(style, self)
        self._lay_out()
        self.horizon.currentIndexChanged.connect(self._on_horizon_current_index_changed)
        self.only_problems.toggled.connect(self.model.set_only_problems)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Meetings over"), self))
        bar.addWidget(self.horizon)
        bar.addWidget(self.only_problems)
        bar.addStretch(1)
        chart_box = QGroupBox(_("Burden per member across all meetings (required attendances, "
                              "same dates)"), self)
        chart_box.setToolTip(_("Rest the pointer on a bar for the split by meeting"))
        QVBoxLayout(chart_box).addWidget(self.chart)
        # The table is wide and the chart short: the chart goes under the table.
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(chart_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # --- inputs -------------------------------------------------------------

    def set_portfolio(self, portfolio: Portfolio | None, plan: Plan) -> None:
        """The plan's meetings, scheduled (None: the plan has none)."""
        self._portfolio, self._plan = portfolio, plan
        self._show()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.model.set_formats(formats)
        self._show()

    def set_grid_style(self, style: GridStyle) -> None:
        self.chart.set_grid_style(style)

    def range(self) -> tuple[date | None, date | None]:
        """The dates shown, both inclusive (None: unbounded)."""
        if self._portfolio is None:
            return None, None
        days = self.horizon.currentData()
        if days is None:
            return None, None
        today = self._portfolio.today
        return today, today + timedelta(days=int(days))

    # --- showing ------------------------------------------------------------

    def _show(self) -> None:
        p, plan = self._portfolio, self._plan
        if p is None or plan is None or not p.schedules:
            self.model.set_rows(())
            self.chart.set_bars(())
            self.summary.setText(_("The plan has no saved meetings yet: add them on the "
                                 "Meetings page."))
            return
        first, last = self.range()
        rows = portfolio_rows(p, first, last)
        self.model.set_rows(rows)
        self.chart.set_bars(portfolio_bars(p, plan, first, last))
        f = self._formats
        span = _("from {first} to {last}").format(first=f.short_date(first),
                                                   last=f.short_date(last)) \
            if first and last else _("over their whole span")
        counts = {k: sum(1 for r in rows for q in r.problems if q.kind is k) for k in KINDS}
        found = ", ".join(_count_text(k, n) for k, n in counts.items() if n)
        held, meetings = sum(1 for r in rows if r.occurrence.held), len(p.schedules)
        self.summary.setText(
            ngettext("<b>{n} meeting</b>", "<b>{n} meetings</b>", meetings).format(n=meetings)
            + ", " + ngettext("{n} occurrence held {span}.", "{n} occurrences held {span}.",
                              held).format(n=held, span=span) + " "
            + (_("To look at: {problems}.").format(problems=found) if found
               else _("Nothing to look at.")))

    def _on_horizon_current_index_changed(self, *_: object) -> None:
        self._show()


def _count_text(kind: ProblemKind, n: int) -> str:
    """ "2 clock drifts", "1 day off", "3 outside hours", "1 clash"."""
    if kind is ProblemKind.DRIFT:
        text = ngettext("{n} clock drift", "{n} clock drifts", n)
    elif kind is ProblemKind.DAY_OFF:
        text = ngettext("{n} day off", "{n} days off", n)
    elif kind is ProblemKind.OUTSIDE_HOURS:
        text = ngettext("{n} outside hours", "{n} outside hours", n)
    else:
        text = ngettext("{n} clash", "{n} clashes", n)
    return text.format(n=n)
