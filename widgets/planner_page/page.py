"""The check-in planner: a recurring check-in with drift and conflicts, and a
fair rotation over a few slots with locks and a burden chart.

Everything is computed by ``planner.series`` (``analyse_series``,
``resolve_conflicts``, ``find_move_date``) and ``planner.rotation.planning``
(``plan_rotation``) -- the same calls the ``series`` and ``rotate`` commands
make -- and shown here: the check-in in a ``SeriesPanel`` above, the rotation
over the same dates in a ``RotationPanel`` below.

The check-in may be one of the plan's saved meetings (chosen at the top, or
by the Meetings page through :meth:`PlannerPage.edit_meeting`): the panels
then show its rule and attendees, and what is decided here -- skips, moves,
rotation locks -- is asked of the window as the meeting's ``skip``, ``move``
and ``lock`` keys (``meeting_change_requested``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.i18n import N_, _
from planner.meetings import Meeting
from planner.rotation.planning import Rotation
from planner.series import Series, SeriesReport

from ..empty_state import EmptyState
from ..formatting import Formats
from ..grid.style import GridStyle, light_style
from ..meetings_page.tables import DECISION_KEYS, changes, decision_values
from .meeting_mode import meeting_locks, not_shown_because, split_decisions
from .rotation_panel import RotationPanel
from .series_panel import SeriesPanel

Clock = Callable[[], datetime]
FREE = N_("A new check-in (not saved)")
FREE_NOTE = N_("Try times here, or choose a saved meeting to plan its skips, moves and locks.")
MEETING_NOTE = (N_("A saved meeting: skips, moves and rotation locks made here are saved with it; "
                "its rule is edited on the Meetings page."))


class PlannerPage(QWidget):
    """Plan a recurring check-in and a fair rotation; export with the app's exporter."""

    series_changed = Signal(object)     # SeriesReport
    rotation_changed = Signal(object)   # Rotation
    export_requested = Signal(object)   # Series or Rotation
    publish_requested = Signal(object)  # Series or Rotation, to the plan's CalDAV calendar
    # A saved meeting's decisions changed: its id, and the keys to set (None removes one).
    meeting_change_requested = Signal(str, object)

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        formats = formats or Formats()
        style = style or light_style()
        self._ctx: PlanContext | None = None
        self._meeting: Meeting | None = None
        self.meeting_box = QComboBox(self)
        self.meeting_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meeting_box.addItem(_(FREE), None)
        self.meeting_note = QLabel(_(FREE_NOTE), self)
        self.meeting_note.setWordWrap(True)
        self.series_panel = SeriesPanel(clock, formats, style, self)
        self.rotation_panel = RotationPanel(formats, style, self)
        split = self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.series_panel)
        split.addWidget(self.rotation_panel)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        # A plan without members has nothing to plan: say what to do instead.
        self.empty_state = EmptyState(parent=self)
        planning = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Plan"), self))
        top.addWidget(self.meeting_box)
        top.addWidget(self.meeting_note, 1)
        column = QVBoxLayout(planning)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        # On a short window (1024×640, scale 1.5) the panels keep their tables readable
        # and the page scrolls, rather than squeezing each table to a row.
        scroll = self.planning_scroll = QScrollArea(planning)
        scroll.setObjectName("planner_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(split)
        column.addWidget(scroll, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(planning)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)
        # The window puts these in its menu too; the panels' buttons follow their state.
        self.publish_series_action = self.series_panel.sharing.publish_action
        self.publish_rotation_action = self.rotation_panel.sharing.publish_action
        # The names the window and the tests used before the page had panels.
        series, rotation = self.series_panel, self.rotation_panel
        self.start_edit = series.start_edit
        self.time_edit = series.time_edit
        self.zone_edit = series.zone_edit
        self.cadence = series.cadence
        self.count = series.count
        self.duration = series.duration
        self.on_conflict = series.on_conflict
        self.problem_label = series.problem_label
        self.series_model = series.model
        self.series_view = series.view
        self.publish_series_button = series.sharing.publish_button
        self.candidates_edit = rotation.candidates_edit
        self.rotation_label = rotation.label
        self.rotation_model = rotation.model
        self.chart = rotation.chart
        self.publish_rotation_button = rotation.sharing.publish_button
        self._connect_signals()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_panels()

    def _fit_panels(self) -> None:
        """The panels' wrapped labels need more height when narrow; a splitter does not
        ask its children for height at a width, so the page does (and scrolls)."""
        need = self.splitter.handleWidth()
        for panel in (self.series_panel, self.rotation_panel):
            need += panel.minimumSizeHint().height()
            for label in panel.findChildren(QLabel):
                if label.wordWrap() and label.isVisibleTo(self) and label.width() > 0:
                    # the lines beyond the one the minimum size counted
                    need += max(0, label.heightForWidth(label.width()) -
                                label.minimumSizeHint().height())
        self.splitter.setMinimumHeight(need)

    def _connect_signals(self) -> None:
        self.series_panel.series_changed.connect(self.series_changed)
        self.rotation_panel.rotation_changed.connect(self.rotation_changed)
        self.rotation_panel.rotation_requested.connect(
            self._on_rotation_panel_rotation_requested)
        for sharing in (self.series_panel.sharing, self.rotation_panel.sharing):
            sharing.export_requested.connect(self.export_requested)
            sharing.publish_requested.connect(self.publish_requested)
        self.meeting_box.currentIndexChanged.connect(self._on_meeting_box_current_index_changed)
        self.series_panel.decided.connect(self._save_decisions)
        self.rotation_panel.model.locks_changed.connect(self._save_decisions)

    # --- inputs -------------------------------------------------------------

    def set_context(self, ctx: PlanContext) -> None:
        """A plan was opened, or changed (an edit, busy times, the locale): re-plan,
        keeping the decisions made by hand, the rotation's slots and its locks."""
        fresh = ctx is not self._ctx
        self._ctx = ctx
        wanted = None if fresh or self._meeting is None else self._meeting.id
        self.meeting_box.blockSignals(True)
        self.meeting_box.clear()
        self.meeting_box.addItem(_(FREE), None)
        for m in ctx.plan.meetings:
            self.meeting_box.addItem(m.title, m.id)
        self.meeting_box.setCurrentIndex(max(0, self.meeting_box.findData(wanted)))
        self.meeting_box.blockSignals(False)
        self.stack.setCurrentIndex(0 if ctx.plan.members else 1)
        self._show(ctx, self._chosen_meeting())

    def edit_meeting(self, meeting_id: str | None) -> None:
        """Plan this saved meeting (None: a check-in of its own, not saved)."""
        self.meeting_box.setCurrentIndex(max(0, self.meeting_box.findData(meeting_id)))

    @property
    def meeting(self) -> Meeting | None:
        """The saved meeting being planned, if any."""
        return self._meeting

    def _chosen_meeting(self) -> Meeting | None:
        wanted = self.meeting_box.currentData()
        plan = self._ctx.plan if self._ctx else None
        return next((m for m in plan.meetings if m.id == wanted), None) if plan else None

    def _show(self, ctx: PlanContext, meeting: Meeting | None) -> None:
        changed = meeting != self._meeting
        self._meeting = meeting
        self.series_panel.set_context(ctx, meeting)
        self.rotation_panel.set_context(ctx, meeting)
        if meeting is not None and not_shown_because(meeting, self.count.maximum()):
            self.rotation_panel.clear()
        elif changed and meeting is not None and meeting.rotating:
            self.rotate(locks=meeting_locks(meeting))
        else:
            self.rotation_panel.replan(self.series_panel.repeat())
        self.meeting_note.setText(_(FREE_NOTE) if meeting is None else _(MEETING_NOTE))

    def _save_decisions(self) -> None:
        """Ask for the planned meeting's skips, moves and locks as decided here."""
        m, ctx = self._meeting, self._ctx
        if m is None or ctx is None or self.series_panel.series is None:
            return
        skip, move = split_decisions(self.series_panel.hand_decisions)
        lock = dict(m.lock)
        rotation = self.rotation_panel.rotation
        if m.rotating and rotation is not None:
            dates = [o.date for o in rotation.occurrences]
            lock = {dates[i - 1]: slot for i, slot in self.rotation_model.locks.items()
                    if 0 < i <= len(dates)}
        lock = {d: slot for d, slot in lock.items() if d not in skip}  # none on a skip
        index = [x.id for x in ctx.plan.meetings].index(m.id)
        values = changes(ctx.document.entry("meeting", index),
                         decision_values(skip, move, lock), DECISION_KEYS)
        if values:
            self.meeting_change_requested.emit(m.id, values)

    def set_formats(self, formats: Formats) -> None:
        self.series_panel.set_formats(formats)
        self.rotation_panel.set_formats(formats)

    def set_grid_style(self, style: GridStyle) -> None:
        self.series_panel.set_grid_style(style)
        self.rotation_panel.set_grid_style(style)

    def set_publish_available(self, available: bool, text: str) -> None:
        """Whether the plan names a calendar server: ``text`` is where publishing goes,
        or, when it cannot, why not and how to configure one (the buttons' tooltip)."""
        for panel in (self.series_panel, self.rotation_panel):
            panel.sharing.set_publish_available(available, text)

    def set_publishing(self, running: bool) -> None:
        """A publish or fetch is running: one at a time."""
        for panel in (self.series_panel, self.rotation_panel):
            panel.sharing.set_publishing(running)

    def start_from_slot(self, start: datetime, end: datetime) -> None:
        """Prefill the check-in from a slot chosen in the grid (a new check-in, not one
        of the saved meetings)."""
        self.edit_meeting(None)
        self.series_panel.start_from_slot(start, end)

    # --- planning -----------------------------------------------------------

    def analyse(self) -> SeriesReport | None:
        """Recompute the check-in from the form (decisions made by hand are kept)."""
        return self.series_panel.analyse()

    def decide(self, action: str, row: int | None = None) -> bool:
        """Keep, skip or move one occurrence (the selected one by default)."""
        return self.series_panel.decide(action, row)

    @property
    def series(self) -> Series | None:
        return self.series_panel.series

    def rotate(self, keep_locks: bool = False, locks: Mapping[int, str] | None = None
               ) -> Rotation | None:
        """Rotate fairly over the check-in's dates (its first date, cadence, count, length)."""
        return self.rotation_panel.rotate(self.series_panel.repeat(), keep_locks, locks)

    def _on_rotation_panel_rotation_requested(self, keep_locks: bool) -> None:
        self.rotate(keep_locks)

    def _on_meeting_box_current_index_changed(self, *_: object) -> None:
        if self._ctx is not None:
            self._show(self._ctx, self._chosen_meeting())

    def prepare_screenshot(self) -> None:
        self.analyse()
        self.rotate()
        if self.series_model.rowCount():
            self.series_view.selectRow(0)
