"""The recurring check-in: a form for the rule, the occurrences it gives with
drift and holiday conflicts, and a keep, skip or move decision per occurrence.

Computed by ``planner.series`` (``resolve_conflicts``, ``analyse_series``,
``find_move_date``), the same calls the ``series`` command makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.errors import InputError, Problem, problems_text
from planner.i18n import N_, _, ngettext
from planner.meetings import Meeting
from planner.model import Plan
from planner.series import (
    Cadence,
    Decision,
    DecisionAction,
    Series,
    SeriesReport,
    analyse_series,
    find_move_date,
    resolve_conflicts,
)
from planner.zones import get_zone

from ..colours import PROBLEM_STYLE
from ..formatting import Formats
from ..grid.style import GridStyle
from ..zone_picker import ZonePicker
from .meeting_mode import attendee_plan, meeting_decisions, not_shown_because
from .occurrence_view import occurrence_view
from .series_model import SeriesModel
from .sharing import Sharing

Clock = Callable[[], datetime]
# Translated where shown: _(label).
CADENCE_LABELS = {Cadence.WEEK: N_("Weekly"), Cadence.TWO_WEEKS: N_("Every two weeks"),
                  Cadence.MONTH: N_("Monthly")}
CONFLICT_POLICIES = (("keep", N_("keep them")), ("skip", N_("skip them")),
                     ("move", N_("move to a nearby day")))


@dataclass(frozen=True, slots=True)
class Repeat:
    """How the form repeats a check-in; a rotation over the same dates uses it too."""

    start: date
    cadence: Cadence
    count: int
    duration: int  # minutes


class SeriesPanel(QGroupBox):
    """Plan a recurring check-in: the rule, its occurrences and a decision per occurrence."""

    series_changed = Signal(object)  # SeriesReport
    decided = Signal()               # a decision was made by hand (keep, skip or move)

    def __init__(self, clock: Clock, formats: Formats, style: GridStyle,
                 parent: QWidget | None = None):
        super().__init__(_("Recurring check-in"), parent)
        self._clock = clock
        self._date_text = formats.short_date
        self._ctx: PlanContext | None = None
        self._plan: Plan | None = None  # the context's plan, or a meeting's attendees of it
        self._meeting: Meeting | None = None  # the saved meeting shown, if any
        self._series: Series | None = None
        # Decisions made by hand, by rule date.  Kept apart from what the conflict
        # policy decides, so a re-plan (another plan, locale or policy) recomputes the
        # policy's part and keeps these.
        self._hand: dict[date, Decision] = {}
        # Whether the count is the user's own (typed, or from a meeting) rather than
        # the cadence's default: a change of cadence then leaves it alone.
        self._count_chosen = False
        # Typing in the form re-plans once the user pauses.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self.start_edit = QDateEdit(self)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(formats.qt_date_format)
        self.time_edit = QTimeEdit(self)
        # A time reads left to right in Arabic too; mirrored, QDateTimeEdit writes its
        # sections in reverse order and 15:00 would show as "00:15".  Before the format:
        # the edit lays out its sections when the format is set.
        self.time_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime(15, 0))
        self.zone_edit = ZonePicker(clock, formats, self)
        self.cadence = QComboBox(self)
        for cadence, text in CADENCE_LABELS.items():
            self.cadence.addItem(_(text), cadence.value)
        self.count = QSpinBox(self)
        self.count.setRange(1, 200)
        self.count.setValue(Cadence.WEEK.default_count)
        self.count.setSuffix(_(" times"))
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(30)
        self.duration.setSuffix(_(" min"))
        self.on_conflict = QComboBox(self)
        for key, text in CONFLICT_POLICIES:
            self.on_conflict.addItem(_(text), key)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.model = SeriesModel(formats, style, self)
        self.view = occurrence_view(self.model, self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_button = QPushButton(_("Keep"), self)
        self.skip_button = QPushButton(_("Skip"), self)
        self.move_button = QPushButton(_("Move to nearest free day"), self)
        self.sharing = Sharing(self, export_text=_("Export .ics…"),
                               publish_text=_("Publish &check-in to calendar server…"),
                               what=_("the check-in"), first=_("Plan a check-in above first"))
        self._lay_out()
        self._connect_signals()
        self._update_buttons()

    def _lay_out(self) -> None:
        form = QGridLayout()
        for row, cells in enumerate((
                (QLabel(_("First date"), self), self.start_edit, QLabel(_("at"), self),
                 self.time_edit, QLabel(_("in"), self), self.zone_edit),
                (QLabel(_("Cadence"), self), self.cadence, QLabel(_("for"), self), self.count,
                 QLabel(_("lasting"), self), self.duration),
                (QLabel(_("Holiday conflicts:"), self), self.on_conflict))):
            for column, widget in enumerate(cells):
                form.addWidget(widget, row, column)
        form.setColumnStretch(5, 1)
        decide = QHBoxLayout()
        decide.addWidget(QLabel(_("Selected occurrence:"), self))
        for b in (self.keep_button, self.skip_button, self.move_button):
            decide.addWidget(b)
        decide.addStretch(1)
        # Export and publish beside the summary (as the rotation's), so that the page
        # fits beside the team panel on a 1024-pixel screen.
        summary = QHBoxLayout()
        summary.addWidget(self.summary, 1)
        summary.addWidget(self.sharing.export_button, 0, Qt.AlignmentFlag.AlignTop)
        summary.addWidget(self.sharing.publish_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addLayout(summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(decide)

    def _connect_signals(self) -> None:
        for w in (self.start_edit, self.time_edit):
            w.editingFinished.connect(self._schedule)
        self.start_edit.dateChanged.connect(self._schedule)
        self.time_edit.timeChanged.connect(self._schedule)
        self.zone_edit.textChanged.connect(self._schedule)
        self.cadence.currentIndexChanged.connect(self._on_cadence_current_index_changed)
        self.count.valueChanged.connect(self._on_count_value_changed)
        self.duration.valueChanged.connect(self._schedule)
        self.on_conflict.currentIndexChanged.connect(self._schedule)
        self._timer.timeout.connect(self.analyse)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.skip_button.clicked.connect(self._on_skip_button_clicked)
        self.move_button.clicked.connect(self._on_move_button_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    # --- inputs -------------------------------------------------------------

    def set_context(self, ctx: PlanContext, meeting: Meeting | None = None) -> None:
        """A plan was opened (a new context: the form starts afresh) or changed, or
        the locale changed (the same context): re-plan, keeping decisions made by hand.

        With a ``meeting`` the form shows its rule (fixed here: the Meetings page
        edits it) for its attendees, and its skips and moves as decisions by hand.
        """
        fresh = ctx is not self._ctx
        self._ctx = ctx
        self._plan = attendee_plan(ctx.plan, meeting)
        if meeting != self._meeting:
            self._meeting = meeting
            if meeting is None:
                self._reset_inputs(ctx)
            else:
                self._show_meeting(meeting)
        elif fresh:
            self._reset_inputs(ctx)
        self._set_rule_editable(meeting is None)
        self.analyse()
        self._update_buttons()

    @property
    def _rule_inputs(self) -> tuple[QWidget, ...]:
        return (self.start_edit, self.time_edit, self.zone_edit, self.cadence, self.count,
                self.duration, self.on_conflict)

    def _show_meeting(self, m: Meeting) -> None:
        self._timer.stop()
        for w in self._rule_inputs:
            w.blockSignals(True)
        slot = m.anchor
        self.start_edit.setDate(QDate(m.start.year, m.start.month, m.start.day))
        self.time_edit.setTime(QTime(slot.local_time.hour, slot.local_time.minute))
        self.zone_edit.setText(slot.zone)
        cadence = m.every.series_cadence
        if cadence is not None:
            self.cadence.setCurrentIndex(self.cadence.findData(cadence.value))
        self.count.setValue(len(m.rule_dates()))
        self.duration.setValue(m.duration)
        self.on_conflict.setCurrentIndex(self.on_conflict.findData(m.on_conflict.value))
        for w in self._rule_inputs:
            w.blockSignals(False)
        self._count_chosen = True
        self._hand = meeting_decisions(m)

    def _set_rule_editable(self, editable: bool) -> None:
        tip = "" if editable else _("The saved meeting's rule: change it on the Meetings page")
        for w in self._rule_inputs:
            w.setEnabled(editable)
            w.setToolTip(tip)

    def _reset_inputs(self, ctx: PlanContext) -> None:
        """The form as for a plan never planned: next Monday, 15:00 in the plan's zone."""
        self._timer.stop()
        today = self._clock().astimezone(get_zone(ctx.plan.reference_zone)).date()
        monday = today + timedelta(days=(7 - today.weekday()) % 7)
        for w in self._rule_inputs:
            w.blockSignals(True)
        self.start_edit.setDate(QDate(monday.year, monday.month, monday.day))
        self.time_edit.setTime(QTime(15, 0))
        self.zone_edit.setText(ctx.plan.reference_zone)
        self.cadence.setCurrentIndex(self.cadence.findData(Cadence.WEEK.value))
        self.count.setValue(Cadence.WEEK.default_count)
        self.duration.setValue(30)
        self.on_conflict.setCurrentIndex(0)
        for w in self._rule_inputs:
            w.blockSignals(False)
        self._count_chosen = False
        self._hand = {}
        self._series = None
        self.model.set_report(None)

    def set_formats(self, formats: Formats) -> None:
        self._date_text = formats.short_date  # the summary's dates in the user's locale
        self.start_edit.setDisplayFormat(formats.qt_date_format)
        self.model.set_formats(formats)
        self._update_summary()

    def set_grid_style(self, style: GridStyle) -> None:
        self.model.set_grid_style(style)

    def start_from_slot(self, start: datetime, end: datetime) -> None:
        """Prefill the form from a slot chosen in the grid (anchored in the grid's zone)."""
        zone = self._ctx.plan.reference_zone if self._ctx else "UTC"
        local = start.astimezone(get_zone(zone))
        self._timer.stop()
        fields = (self.start_edit, self.time_edit, self.zone_edit, self.duration)
        for w in fields:
            w.blockSignals(True)
        self.start_edit.setDate(QDate(local.year, local.month, local.day))
        self.time_edit.setTime(QTime(local.hour, local.minute))
        self.zone_edit.setText(zone)
        self.duration.setValue(max(5, int((end - start).total_seconds() // 60)))
        for w in fields:
            w.blockSignals(False)
        self.analyse()

    def repeat(self) -> Repeat:
        q = self.start_edit.date()
        return Repeat(start=date(q.year(), q.month(), q.day()),
                      cadence=Cadence(self.cadence.currentData()), count=self.count.value(),
                      duration=self.duration.value())

    def build_series(self) -> Series:
        repeat, t = self.repeat(), self.time_edit.time()
        return Series(start=repeat.start, local_time=time(t.hour(), t.minute()),
                      zone=self.zone_edit.zone(), cadence=repeat.cadence,
                      duration=repeat.duration, count=repeat.count)

    # --- planning -----------------------------------------------------------

    def analyse(self) -> SeriesReport | None:
        """Recompute the series from the form (decisions made by hand are kept)."""
        self._timer.stop()
        if self._ctx is None or self._plan is None:
            return None
        plan, cal = self._plan, self._ctx.calendar
        if self._meeting is not None:
            why = not_shown_because(self._meeting, self.count.maximum())
            if why is not None:
                self._series = None
                self.model.set_report(None)
                self._show_problem(InputError(Problem(why)))
                self._update_summary()
                return None
        try:
            series = self.build_series()
            series = series.with_decisions(self._hand_decisions(series))
            series = resolve_conflicts(series, plan, cal, str(self.on_conflict.currentData()))
            report = analyse_series(series, plan, cal)
        except InputError as e:
            self._show_problem(e)
            return None
        self._show_problem(None)
        self._series = series
        self._show_report(report)
        return report

    def _hand_decisions(self, series: Series) -> dict[date, Decision]:
        """The decisions made by hand that still apply to the rule's dates (a move
        onto a date the rule now holds itself is dropped)."""
        rule = set(series.rule_dates())
        return {d: x for d, x in self._hand.items()
                if d in rule and (x.moved_to is None or x.moved_to not in rule)}

    @property
    def hand_decisions(self) -> dict[date, Decision]:
        """Decisions made by hand that apply to the current rule, by rule date."""
        return self._hand_decisions(self._series) if self._series is not None else {}

    def decide(self, action: str, row: int | None = None) -> bool:
        """Keep, skip or move one occurrence (the selected one by default)."""
        if self._ctx is None or self._plan is None or self._series is None:
            return False
        row = self.selected_occurrence() if row is None else row
        report = self.model.report
        if row is None or report is None:
            return False
        o = report.occurrences[row]
        series = self._series
        if action == "move":
            taken = frozenset(series.held_date(d) or d for d in series.rule_dates()) - \
                {o.rule_date}
            target = find_move_date(series, self._plan, self._ctx.calendar, o.rule_date,
                                    taken)
            if target is None:
                self._show_problem(InputError(Problem(
                    _("no day near {date} has every required member working").format(
                        date=o.rule_date),
                    suggestion=_("keep or skip it"))))
                return False
            decision = Decision(DecisionAction.MOVE, target, note=_("moved by hand"))
        else:
            decision = Decision(DecisionAction(action))
        self._hand[o.rule_date] = decision
        self._series = series.with_decisions({o.rule_date: decision})
        self._show_report(analyse_series(self._series, self._plan, self._ctx.calendar))
        self.view.selectRow(row)
        self.decided.emit()
        return True

    @property
    def series(self) -> Series | None:
        return self._series

    def selected_occurrence(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # --- showing ------------------------------------------------------------

    def _show_report(self, report: SeriesReport) -> None:
        row = self.selected_occurrence()
        self.model.set_report(report, self._plan.members if self._plan is not None else ())
        if row is not None and row < self.model.rowCount():
            self.view.selectRow(row)
        self._update_summary()
        self.series_changed.emit(report)

    def _show_problem(self, e: InputError | None) -> None:
        if e is None:
            self.problem_label.hide()
            return
        self.problem_label.setText("⚠ " + problems_text(e.problems))
        self.problem_label.show()

    def _update_summary(self) -> None:
        report = self.model.report
        if report is None or self._series is None:
            self.summary.setText("")
            return
        s = self._series
        drifting = [(n, ev) for n, ev in report.drift_by_member() if ev]
        conflicts = report.conflicting
        parts = [f"<b>{s.describe(self._date_text)}</b>"]
        if drifting:
            parts.append(_("Drift: {changes}").format(changes="; ".join(
                f"{n} " + ", ".join(_("{minutes} min at #{number}").format(
                    minutes=f"{m:+d}", number=i) for i, m in ev)
                for n, ev in drifting)))
        else:
            parts.append(_("No drift: every member's local time stays the same."))
        # What the summary counts is what will happen: skips and moves take an
        # occurrence off a day off; the ones kept anyway still conflict.
        held = [o for o in conflicts if o.held and o.conflicts]
        avoided = len(conflicts) - len(held)
        # The English keeps "occurrence(s)" for both forms; languages give their own.
        text = ngettext("{n} occurrence(s) held with a required member off.",
                        "{n} occurrence(s) held with a required member off.",
                        len(held)).format(n=len(held)) if held \
            else _("No holiday conflicts.") if not conflicts else \
            _("No occurrence is held on a required member's day off.")
        if avoided:
            text += " " + _("{n} skipped or moved away from one.").format(n=avoided)
        parts.append(text)
        self.summary.setText("<br>".join(parts))

    def _update_buttons(self, *_: object) -> None:
        has_row = self.selected_occurrence() is not None
        for b in (self.keep_button, self.skip_button, self.move_button):
            b.setEnabled(has_row)
        self.sharing.set_value(self._series)

    # --- slots --------------------------------------------------------------

    def _schedule(self, *_: object) -> None:
        self._timer.start()

    def _on_cadence_current_index_changed(self, *_: object) -> None:
        if not self._count_chosen:
            self.count.blockSignals(True)
            self.count.setValue(Cadence(self.cadence.currentData()).default_count)
            self.count.blockSignals(False)
        self._schedule()

    def _on_count_value_changed(self, *_: object) -> None:
        self._count_chosen = True
        self._schedule()

    def _on_keep_button_clicked(self) -> None:
        self.decide("keep")

    def _on_skip_button_clicked(self) -> None:
        self.decide("skip")

    def _on_move_button_clicked(self) -> None:
        self.decide("move")
