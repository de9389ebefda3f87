"""The check-in planner: a recurring check-in with drift and conflicts, and a
fair rotation over a few slots with locks and a burden chart.

Everything is computed by ``planner.series`` (``analyse_series``,
``resolve_conflicts``, ``find_move_date``) and ``planner.rotation.planning``
(``plan_rotation``) -- the same calls the ``series`` and ``rotate`` commands
make -- and shown here: the check-in in a ``SeriesPanel`` above, the rotation
over the same dates in a ``RotationPanel`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from planner.context import PlanContext
from planner.rotation.planning import Rotation
from planner.series import Series, SeriesReport

from ..empty_state import EmptyState
from ..formatting import Formats
from ..grid.style import GridStyle, light_style
from .rotation_panel import RotationPanel
from .series_panel import SeriesPanel

Clock = Callable[[], datetime]


class PlannerPage(QWidget):
    """Plan a recurring check-in and a fair rotation; export with the app's exporter."""

    series_changed = Signal(object)     # SeriesReport
    rotation_changed = Signal(object)   # Rotation
    export_requested = Signal(object)   # Series or Rotation
    publish_requested = Signal(object)  # Series or Rotation, to the plan's CalDAV calendar

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        formats = formats or Formats()
        style = style or light_style()
        self.series_panel = SeriesPanel(clock, formats, style, self)
        self.rotation_panel = RotationPanel(formats, style, self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.series_panel)
        split.addWidget(self.rotation_panel)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        # A plan without members has nothing to plan: say what to do instead.
        self.empty_state = EmptyState(parent=self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(split)
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

    def _connect_signals(self) -> None:
        self.series_panel.series_changed.connect(self.series_changed)
        self.rotation_panel.rotation_changed.connect(self.rotation_changed)
        self.rotation_panel.rotation_requested.connect(
            self._on_rotation_panel_rotation_requested)
        for sharing in (self.series_panel.sharing, self.rotation_panel.sharing):
            sharing.export_requested.connect(self.export_requested)
            sharing.publish_requested.connect(self.publish_requested)

    # --- inputs -------------------------------------------------------------

    def set_context(self, ctx: PlanContext) -> None:
        """A plan was opened, or changed (an edit, busy times, the locale): re-plan,
        keeping the decisions made by hand, the rotation's slots and its locks."""
        self.series_panel.set_context(ctx)
        self.rotation_panel.set_context(ctx)
        self.rotation_panel.replan(self.series_panel.repeat())
        self.stack.setCurrentIndex(0 if ctx.plan.members else 1)

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
        """Prefill the check-in from a slot chosen in the grid."""
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

    def rotate(self, keep_locks: bool = False) -> Rotation | None:
        """Rotate fairly over the check-in's dates (its first date, cadence, count, length)."""
        return self.rotation_panel.rotate(self.series_panel.repeat(), keep_locks)

    def _on_rotation_panel_rotation_requested(self, keep_locks: bool) -> None:
        self.rotate(keep_locks)

    def prepare_screenshot(self) -> None:
        self.analyse()
        self.rotate()
        if self.series_model.rowCount():
            self.series_view.selectRow(0)
