"""The check-in planner: a recurring check-in with drift and conflicts, and a
fair rotation over a few slots with locks and a burden chart.

Everything is computed by ``planner.series`` (``analyse_series``,
``resolve_conflicts``, ``find_move_date``) and ``planner.rotation.planning``
(``plan_rotation``) -- the same calls the ``series`` and ``rotate`` commands
make -- and shown here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.errors import InputError, Problem
from planner.rotation.planning import Candidate, Rotation, parse_candidate, plan_rotation
from planner.series import (
    Cadence,
    Decision,
    Series,
    SeriesReport,
    analyse_series,
    find_move_date,
    resolve_conflicts,
)
from planner.zones import city_of, get_zone

from ..burden_chart import BurdenChart
from ..formatting import Formats, problems_text
from ..grid.style import GridStyle, light_style
from ..table_model import table_view
from ..zone_picker import ZonePicker
from .rotation_model import RotationModel, burden_bars
from .series_model import SeriesModel
from .sharing import Sharing

Clock = Callable[[], datetime]
CADENCES = (("week", "Weekly"), ("2weeks", "Every two weeks"), ("month", "Monthly"))


def _table(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    view = table_view(model, parent)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


class PlannerPage(QWidget):
    """Plan a recurring check-in and a fair rotation; export with the app's exporter."""

    series_changed = Signal(object)     # SeriesReport
    rotation_changed = Signal(object)   # Rotation
    export_requested = Signal(object)   # Series or Rotation
    publish_requested = Signal(object)  # Series or Rotation, to the plan's CalDAV calendar

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._clock = clock
        self._formats = formats or Formats()
        self._style = style or light_style()
        self._ctx: PlanContext | None = None
        self._series: Series | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        # --- the series form
        self.start_edit = QDateEdit(self)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        self.time_edit = QTimeEdit(self)
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime(15, 0))
        self.zone_edit = ZonePicker(clock, self._formats, self)
        self.cadence = QComboBox(self)
        for key, text in CADENCES:
            self.cadence.addItem(text, key)
        self.count = QSpinBox(self)
        self.count.setRange(1, 200)
        self.count.setValue(Cadence.WEEK.default_count)
        self.count.setSuffix(" times")
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(30)
        self.duration.setSuffix(" min")
        self.on_conflict = QComboBox(self)
        for key, text in (("keep", "keep them"), ("skip", "skip them"),
                          ("move", "move to a nearby day")):
            self.on_conflict.addItem(text, key)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #C0392B;")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        form = QGridLayout()
        form.addWidget(QLabel("First date", self), 0, 0)
        form.addWidget(self.start_edit, 0, 1)
        form.addWidget(QLabel("at", self), 0, 2)
        form.addWidget(self.time_edit, 0, 3)
        form.addWidget(QLabel("in", self), 0, 4)
        form.addWidget(self.zone_edit, 0, 5)
        form.addWidget(QLabel("Cadence", self), 1, 0)
        form.addWidget(self.cadence, 1, 1)
        form.addWidget(QLabel("for", self), 1, 2)
        form.addWidget(self.count, 1, 3)
        form.addWidget(QLabel("lasting", self), 1, 4)
        form.addWidget(self.duration, 1, 5)
        form.addWidget(QLabel("Holiday conflicts:", self), 2, 0)
        form.addWidget(self.on_conflict, 2, 1)
        form.setColumnStretch(5, 1)
        # --- occurrences
        self.series_model = SeriesModel(self._formats, self._style, self)
        self.series_view = _table(self.series_model, self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_button = QPushButton("Keep", self)
        self.skip_button = QPushButton("Skip", self)
        self.move_button = QPushButton("Move to nearest free day", self)
        self.series_sharing = Sharing(self, export_text="Export .ics…",
                                      publish_text="Publish check-in to calendar server…",
                                      what="the check-in", first="Plan a check-in above first")
        self.export_series_button = self.series_sharing.export_button
        self.publish_series_button = self.series_sharing.publish_button
        decide = QHBoxLayout()
        decide.addWidget(QLabel("Selected occurrence:", self))
        for b in (self.keep_button, self.skip_button, self.move_button):
            decide.addWidget(b)
        decide.addStretch(1)
        decide.addWidget(self.export_series_button)
        decide.addWidget(self.publish_series_button)
        series_box = QGroupBox("Recurring check-in", self)
        sl = QVBoxLayout(series_box)
        sl.addLayout(form)
        sl.addWidget(self.problem_label)
        sl.addWidget(self.summary)
        sl.addWidget(self.series_view, 1)
        sl.addLayout(decide)
        # --- rotation
        self.candidates_edit = QLineEdit(self)
        self.candidates_edit.setPlaceholderText(
            "slots to rotate, e.g. 09:00 America/New_York; 15:00 Europe/Berlin — "
            "empty: propose 2–4 slots")
        self.rotate_button = QPushButton("Rotate fairly", self)
        self.reoptimise_button = QPushButton("Re-optimise with locks", self)
        self.rotation_sharing = Sharing(self, export_text="Export rotation .ics…",
                                        publish_text="Publish rotation to calendar server…",
                                        what="the rotation", first="Rotate fairly first")
        self.export_rotation_button = self.rotation_sharing.export_button
        self.publish_rotation_button = self.rotation_sharing.publish_button
        # The window puts these in its menu too; the buttons follow their state.
        self.publish_series_action = self.series_sharing.publish_action
        self.publish_rotation_action = self.rotation_sharing.publish_action
        self.rotation_label = QLabel(self)
        self.rotation_label.setWordWrap(True)
        self.rotation_model = RotationModel(self._formats, self._style, self)
        self.rotation_view = _table(self.rotation_model, self)
        self.chart = BurdenChart(self._style, self)
        rbar = QHBoxLayout()
        rbar.addWidget(QLabel("Candidates", self))
        rbar.addWidget(self.candidates_edit, 1)
        rbar.addWidget(self.rotate_button)
        rbar.addWidget(self.reoptimise_button)
        # Export and publish beside the rotation's summary, so the candidates keep their room.
        rsummary = QHBoxLayout()
        rsummary.addWidget(self.rotation_label, 1)
        rsummary.addWidget(self.export_rotation_button)
        rsummary.addWidget(self.publish_rotation_button)
        rot_split = QSplitter(Qt.Orientation.Horizontal, self)
        rot_split.addWidget(self.rotation_view)
        chart_box = QGroupBox("Burden per member", self)
        QVBoxLayout(chart_box).addWidget(self.chart)
        rot_split.addWidget(chart_box)
        rot_split.setStretchFactor(0, 3)
        rot_split.setStretchFactor(1, 2)
        rot_split.setSizes([520, 360])
        rotation_box = QGroupBox("Share the pain: fair rotation", self)
        rl = QVBoxLayout(rotation_box)
        rl.addLayout(rbar)
        rl.addLayout(rsummary)
        rl.addWidget(rot_split, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(series_box)
        split.addWidget(rotation_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        for w in (self.start_edit, self.time_edit):
            w.editingFinished.connect(self._schedule)
        self.start_edit.dateChanged.connect(self._schedule)
        self.time_edit.timeChanged.connect(self._schedule)
        self.zone_edit.textChanged.connect(self._schedule)
        self.cadence.currentIndexChanged.connect(self._on_cadence_changed)
        self.count.valueChanged.connect(self._schedule)
        self.duration.valueChanged.connect(self._schedule)
        self.on_conflict.currentIndexChanged.connect(self._schedule)
        self._timer.timeout.connect(self.analyse)
        self.keep_button.clicked.connect(lambda: self.decide("keep"))
        self.skip_button.clicked.connect(lambda: self.decide("skip"))
        self.move_button.clicked.connect(lambda: self.decide("move"))
        self.series_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.series_model.modelReset.connect(self._update_buttons)
        self.rotate_button.clicked.connect(lambda: self.rotate(keep_locks=False))
        self.reoptimise_button.clicked.connect(lambda: self.rotate(keep_locks=True))
        for sharing in (self.series_sharing, self.rotation_sharing):
            sharing.export_requested.connect(self.export_requested)
            sharing.publish_requested.connect(self.publish_requested)
        self.rotation_model.locks_changed.connect(self._update_buttons)

    # --- inputs -------------------------------------------------------------

    def set_context(self, ctx: PlanContext) -> None:
        first = self._ctx is None
        self._ctx = ctx
        self.rotation_model.zones = tuple(m.zone for m in ctx.plan.members)
        if first or not self.zone_edit.text().strip():
            self.zone_edit.blockSignals(True)
            self.zone_edit.setText(ctx.plan.reference_zone)
            self.zone_edit.blockSignals(False)
            today = self._clock().astimezone(get_zone(ctx.plan.reference_zone)).date()
            monday = today + timedelta(days=(7 - today.weekday()) % 7)
            self.start_edit.blockSignals(True)
            self.start_edit.setDate(QDate(monday.year, monday.month, monday.day))
            self.start_edit.blockSignals(False)
        self._series = None
        self.analyse()
        if self.rotation_model.rotation is not None:
            self.rotation_model.set_rotation(None)
            self.chart.set_bars(())
            self.rotation_label.setText("The plan changed: rotate again.")
            self._update_buttons()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.series_model.set_formats(formats)
        self.rotation_model.set_formats(formats)
        self._update_summary()

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.series_model.set_grid_style(style)
        self.rotation_model.set_grid_style(style)
        self.chart.set_grid_style(style)

    def set_export_available(self, available: bool, why_not: str) -> None:
        for sharing in (self.series_sharing, self.rotation_sharing):
            sharing.set_export_available(available, why_not)

    def set_publish_available(self, available: bool, text: str) -> None:
        """Whether the plan names a calendar server: ``text`` is where publishing goes,
        or, when it cannot, why not and how to configure one (the buttons' tooltip)."""
        for sharing in (self.series_sharing, self.rotation_sharing):
            sharing.set_publish_available(available, text)

    def set_publishing(self, running: bool) -> None:
        """A publish or fetch is running: one at a time."""
        for sharing in (self.series_sharing, self.rotation_sharing):
            sharing.set_publishing(running)

    def start_from_slot(self, start: datetime, end: datetime) -> None:
        """Prefill the form from a slot chosen in the grid (anchored in the grid's zone)."""
        zone = self._ctx.plan.reference_zone if self._ctx else "UTC"
        local = start.astimezone(get_zone(zone))
        self._timer.stop()
        for w in (self.start_edit, self.time_edit, self.zone_edit, self.duration):
            w.blockSignals(True)
        self.start_edit.setDate(QDate(local.year, local.month, local.day))
        self.time_edit.setTime(QTime(local.hour, local.minute))
        self.zone_edit.setText(zone)
        self.duration.setValue(max(5, int((end - start).total_seconds() // 60)))
        for w in (self.start_edit, self.time_edit, self.zone_edit, self.duration):
            w.blockSignals(False)
        self.analyse()

    # --- series -------------------------------------------------------------

    def _schedule(self, *args: Any) -> None:
        self._timer.start()

    def _on_cadence_changed(self, *args: Any) -> None:
        self.count.setValue(Cadence(self.cadence.currentData()).default_count)
        self._schedule()

    def build_series(self) -> Series:
        q, t = self.start_edit.date(), self.time_edit.time()
        return Series(start=date(q.year(), q.month(), q.day()),
                      local_time=time(t.hour(), t.minute()),
                      zone=self.zone_edit.zone(), cadence=str(self.cadence.currentData()),
                      duration=self.duration.value(), count=self.count.value())

    def analyse(self) -> SeriesReport | None:
        """Recompute the series from the form (decisions made by hand are kept)."""
        self._timer.stop()
        if self._ctx is None:
            return None
        plan, cal = self._ctx.plan, self._ctx.calendar
        try:
            series = self.build_series()
            if self._series is not None and self._same_rule(self._series, series):
                series = series.with_decisions(self._series.decision_map)
            series = resolve_conflicts(series, plan, cal, str(self.on_conflict.currentData()))
            report = analyse_series(series, plan, cal)
        except InputError as e:
            self._show_problem(e)
            return None
        self._show_problem(None)
        self._series = series
        self.series_model.set_report(report)
        self._update_summary()
        self.series_changed.emit(report)
        return report

    @staticmethod
    def _same_rule(a: Series, b: Series) -> bool:
        return (a.start, a.local_time, a.zone, a.cadence, a.count, a.until) == \
            (b.start, b.local_time, b.zone, b.cadence, b.count, b.until)

    def _show_problem(self, e: InputError | None) -> None:
        if e is None:
            self.problem_label.hide()
            return
        self.problem_label.setText("⚠ " + problems_text(e.problems))
        self.problem_label.show()

    def _update_summary(self) -> None:
        report = self.series_model.report
        if report is None or self._series is None:
            self.summary.setText("")
            return
        s = self._series
        drifting = [(n, ev) for n, ev in report.drift_by_member() if ev]
        conflicts = report.conflicting
        parts = [f"<b>{s.describe()}</b>"]
        if drifting:
            parts.append("Drift: " + "; ".join(
                f"{n} " + ", ".join(f"{m:+d} min at #{i}" for i, m in ev)
                for n, ev in drifting))
        else:
            parts.append("No drift: every member's local time stays the same.")
        parts.append(f"{len(conflicts)} occurrence(s) with a required member off"
                     if conflicts else "No holiday conflicts.")
        self.summary.setText("<br>".join(parts))

    def selected_occurrence(self) -> int | None:
        rows = self.series_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def decide(self, action: str, row: int | None = None) -> bool:
        """Keep, skip or move one occurrence (the selected one by default)."""
        if self._ctx is None or self._series is None:
            return False
        row = self.selected_occurrence() if row is None else row
        report = self.series_model.report
        if row is None or report is None:
            return False
        o = report.occurrences[row]
        series = self._series
        if action == "move":
            taken = frozenset(series.held_date(d) or d for d in series.rule_dates()) - \
                {o.rule_date}
            target = find_move_date(series, self._ctx.plan, self._ctx.calendar, o.rule_date,
                                    taken)
            if target is None:
                self._show_problem(InputError(Problem(
                    f"no day near {o.rule_date} has every required member working",
                    suggestion="keep or skip it")))
                return False
            decision = Decision("move", target, note="moved by hand")
        else:
            decision = Decision(action)
        self._series = series.with_decisions({o.rule_date: decision})
        report = analyse_series(self._series, self._ctx.plan, self._ctx.calendar)
        self.series_model.set_report(report)
        self.series_view.selectRow(row)
        self._update_summary()
        self.series_changed.emit(report)
        return True

    @property
    def series(self) -> Series | None:
        return self._series

    # --- rotation ---------------------------------------------------------------

    def candidates(self) -> tuple[Candidate, ...]:
        from planner.rotation.planning import candidate_id

        items = [t.strip() for t in self.candidates_edit.text().split(";") if t.strip()]
        return tuple(parse_candidate(t, candidate_id(i), field="candidates")
                     for i, t in enumerate(items))

    def rotate(self, keep_locks: bool = False) -> Rotation | None:
        if self._ctx is None:
            return None
        cadence = str(self.cadence.currentData())
        try:
            if cadence not in ("week", "2weeks"):
                raise InputError(Problem("a rotation repeats weekly or every two weeks",
                                         field="cadence", suggestion="choose one of those"))
            q = self.start_edit.date()
            current = self.rotation_model.rotation
            locks = self.rotation_model.locks if keep_locks else {}
            candidates = self.candidates()
            if keep_locks and current is not None and not candidates:
                # Re-optimising keeps the proposed slots so the locks still mean them.
                candidates = current.candidates
            rotation = plan_rotation(self._ctx.plan, self._ctx.calendar,
                                     start=date(q.year(), q.month(), q.day()), cadence=cadence,
                                     count=self.count.value(), duration=self.duration.value(),
                                     candidates=candidates, locks=locks)
        except InputError as e:
            self.rotation_label.setText("⚠ " + problems_text(e.problems))
            return None
        self.rotation_model.set_rotation(rotation)
        self.chart.set_bars(burden_bars(rotation, self._ctx.plan))
        slots = ", ".join(f"{c.id} = {c.time_text} {city_of(c.zone)}"
                          for c in rotation.candidates)
        how = "proposed" if rotation.proposed else "given"
        self.rotation_label.setText(
            f"Slots ({how}): {slots}. Largest burden <b>{rotation.max_burden:g}</b>, "
            f"total {rotation.total_cost:g}. Tick “Locked” to pin an occurrence, then "
            "re-optimise.")
        self._update_buttons()
        self.rotation_changed.emit(rotation)
        return rotation

    # --- buttons ----------------------------------------------------------------

    def _update_buttons(self, *args: Any) -> None:
        has_row = self.selected_occurrence() is not None
        for b in (self.keep_button, self.skip_button, self.move_button):
            b.setEnabled(has_row)
        self.reoptimise_button.setEnabled(self.rotation_model.rotation is not None)
        self.series_sharing.set_value(self._series)
        self.rotation_sharing.set_value(self.rotation_model.rotation)

    def prepare_screenshot(self) -> None:
        self.analyse()
        self.rotate()
        if self.series_model.rowCount():
            self.series_view.selectRow(0)
