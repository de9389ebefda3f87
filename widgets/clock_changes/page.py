"""The Clock changes page: which clocks change in the coming weeks, which meetings
that moves for whom, and the heads-up message for a moved occurrence.

Computed by :func:`planner.clocks.clock_report` over the portfolio the window
planned, the same report ``overlap dst`` prints; the message is
:func:`planner.clocks.notice_message_text`.  Sending is asked for with
``send_requested`` (the selected occurrence's heads-up, or every one not sent
yet); the window sends as ``overlap dst --notify --send`` does and says what
the plan recorded as sent with :meth:`ClockChangesPage.set_mail`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.clocks import BANNER_DAYS, ClockReport, Shift, clock_report, notice_message_text
from planner.i18n import N_, _, ngettext
from planner.meetings import Portfolio
from planner.model import Plan

from ..formatting import Formats
from ..grid.style import GridStyle
from ..table_model import table_view
from .models import ShiftsModel, TransitionsModel

# (label, days from today to the last date shown)
# Texts are translated where shown: _(label).
RANGES: tuple[tuple[str, int], ...] = (
    (N_("the next 4 weeks"), BANNER_DAYS - 1), (N_("the next 3 months"), 91),
    (N_("the next 6 months"), 182), (N_("the next 12 months"), 365))
SEND_COMMAND = "overlap dst PLAN --notify --send"
SEND_TIP = N_("Send the heads-up of the selected occurrence to that meeting's attendees, "
              "through the plan's [mail] server (as overlap dst PLAN --notify --send does)")
SEND_ALL = N_("Send all not sent ({n})")
SEND_ALL_TIP = N_("Send every heads-up of the shown range that was not sent yet, one message "
                  "per moved occurrence")


class ClockChangesPage(QWidget):
    """Shows the clock changes of a plan and its scheduled meetings."""

    send_requested = Signal(object)  # tuple[Shift, ...]: the heads-ups to send

    def __init__(self, formats: Formats | None = None, style: GridStyle | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._plan: Plan | None = None
        self._portfolio: Portfolio | None = None
        self.report: ClockReport | None = None
        self._formats = formats or Formats()
        self._sent: dict[tuple[str, date], datetime] = {}
        self._can_send, self._why_not = False, _("Open a plan first.")
        self._sending = False
        self.range_box = QComboBox(self)
        for text, days in RANGES:
            self.range_box.addItem(_(text), days)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.transitions = TransitionsModel(formats, self)
        self.transitions_view = table_view(self.transitions, self)
        self.shifts = ShiftsModel(formats, style, self)
        self.shifts_view = table_view(self.shifts, self)
        self.shifts_view.setSelectionMode(self.shifts_view.SelectionMode.SingleSelection)
        for view in (self.transitions_view, self.shifts_view):
            view.setWordWrap(False)
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        self.preview_button = QPushButton(_("Preview message"), self)
        self.preview_button.setToolTip(_("The heads-up the attendees of the selected meeting "
                                       "would get for this occurrence"))
        self.send_button = QPushButton(_("Send"), self)
        self.send_all_button = QPushButton(_(SEND_ALL).format(n=0), self)
        self.message = QPlainTextEdit(self)
        self.message.setReadOnly(True)
        self.message.setPlaceholderText(_("Select a moved meeting above, then Preview message."))
        self._lay_out()
        self.range_box.currentIndexChanged.connect(self._on_range_box_current_index_changed)
        self.shifts_view.selectionModel().selectionChanged.connect(
            self._on_shifts_view_selection_changed)
        self.preview_button.clicked.connect(self.preview)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.send_all_button.clicked.connect(self._on_send_all_button_clicked)
        self._update_buttons()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Clock changes over"), self))
        bar.addWidget(self.range_box)
        bar.addStretch(1)
        transitions = QGroupBox(_("Clocks that change"), self)
        QVBoxLayout(transitions).addWidget(self.transitions_view)
        shifts = QGroupBox(_("Meetings that move for someone"), self)
        column = QVBoxLayout(shifts)
        column.addWidget(self.shifts_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.send_all_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        message = QGroupBox(_("Message to the attendees (read only)"), self)
        QVBoxLayout(message).addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for w in (transitions, shifts, message):
            split.addWidget(w)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # --- inputs -------------------------------------------------------------

    def set_portfolio(self, portfolio: Portfolio | None, plan: Plan) -> None:
        """The plan and its meetings as planned (None: no meetings; transitions only
        for the members' zones)."""
        self._plan, self._portfolio = plan, portfolio
        self._show()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.transitions.set_formats(formats)
        self.shifts.set_formats(formats)
        self._show()

    def set_grid_style(self, style: GridStyle) -> None:
        self.shifts.set_grid_style(style)

    def set_mail(self, sent: Mapping[tuple[str, date], datetime], can_send: bool,
                 why_not: str = "", sending: bool = False) -> None:
        """What the plan recorded as sent ((meeting id, date) -> when), whether the plan
        can send (and why not), and whether a send is running."""
        self._sent = dict(sent)
        self._can_send, self._why_not, self._sending = can_send, why_not, sending
        self.shifts.set_sent(self._sent)
        self._update_buttons()

    def pending(self) -> tuple[Shift, ...]:
        """The shown shifts whose heads-up was not sent yet, in the report's order."""
        shifts = self.report.shifts if self.report is not None else ()
        return tuple(s for s in shifts if (s.meeting, s.date) not in self._sent)

    def show_next_weeks(self) -> None:
        """The range the banner speaks of: today and the 27 days after."""
        self.range_box.setCurrentIndex(0)

    # --- the message --------------------------------------------------------

    def selected_shift(self) -> Shift | None:
        rows = self.shifts_view.selectionModel().selectedRows()
        return self.shifts.shift_at(rows[0].row()) if rows else None

    def preview(self) -> str | None:
        """Show the message for the selected shift; returns its text."""
        shift, p, plan = self.selected_shift(), self._portfolio, self._plan
        if shift is None or p is None or plan is None:
            return None
        subject, body = notice_message_text(shift, p.schedule(shift.meeting).meeting, plan)
        text = _("Subject: {subject}").format(subject=subject) + f"\n\n{body}"
        self.message.setPlainText(text)
        return text

    # --- showing ------------------------------------------------------------

    def _show(self) -> None:
        p, plan = self._portfolio, self._plan
        self.message.clear()
        if plan is None or p is None:
            self.report = None
            self.transitions.set_transitions(())
            self.shifts.set_shifts(())
            self.summary.setText(_("Clock changes are shown for the plan's saved meetings; "
                                 "add meetings on the Meetings page."))
            self._update_buttons()
            return
        first = p.today
        last = first + timedelta(days=int(self.range_box.currentData()))
        self.report = report = clock_report(plan, p, first, last)
        self.transitions.set_transitions(report.transitions)
        self.shifts.set_shifts(report.shifts)
        f = self._formats
        first_text, last_text = f.short_date(first), f.short_date(last)
        moved, changes = len(report.shifts), len(report.transitions)
        self.summary.setText(
            (ngettext("{n} clock change from {first} to {last}.",
                      "{n} clock changes from {first} to {last}.", changes)
             if changes else _("No clock changes from {first} to {last}.")).format(
                n=changes, first=first_text, last=last_text) + " " +
            (ngettext("{n} occurrence of the meetings moves for someone: their calendars "
                      "will show the new time, so tell them ahead.",
                      "{n} occurrences of the meetings move for someone: their calendars "
                      "will show the new time, so tell them ahead.", moved).format(n=moved)
             if moved else _("No meeting moves for anyone.")))
        if moved:
            self.shifts_view.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        shift = self.selected_shift()
        self.preview_button.setEnabled(shift is not None)
        sent = self._sent.get((shift.meeting, shift.date)) if shift is not None else None
        pending = self.pending()
        ready = self._can_send and not self._sending
        why = _("Sending …") if self._sending else self._why_not
        self.send_button.setEnabled(ready and shift is not None and sent is None)
        self.send_button.setToolTip(
            why if not ready else _("Select a moved meeting above") if shift is None else
            _("Sent on {when} UTC, as the plan records; it is not sent twice").format(
                when=f"{sent:%Y-%m-%d %H:%M}") if sent is not None else _(SEND_TIP))
        self.send_all_button.setText(_(SEND_ALL).format(n=len(pending)))
        self.send_all_button.setEnabled(ready and bool(pending))
        self.send_all_button.setToolTip(
            why if not ready else _(SEND_ALL_TIP) if pending else
            _("Every heads-up of the shown range was sent") if self.report and self.report.shifts
            else _("No meeting moves for anyone in the shown range"))

    # --- slots --------------------------------------------------------------

    def _on_range_box_current_index_changed(self, *_: object) -> None:
        self._show()

    def _on_shifts_view_selection_changed(self, selected: QItemSelection,
                                          deselected: QItemSelection) -> None:
        self.message.clear()  # never the message of another occurrence
        self._update_buttons()

    def _on_send_button_clicked(self) -> None:
        shift = self.selected_shift()
        if shift is not None:
            self.send_requested.emit((shift,))

    def _on_send_all_button_clicked(self) -> None:
        pending = self.pending()
        if pending:
            self.send_requested.emit(pending)
