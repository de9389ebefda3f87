"""The fair rotation: a few candidate slots shared over the dates of the
check-in, with locks, a table of every member's cost and a burden chart.

Computed by ``planner.rotation.planning.plan_rotation``, the same call the
``rotate`` command makes.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.errors import InputError, Problem, problems_text
from planner.i18n import _
from planner.meetings import Meeting
from planner.model import Plan
from planner.rotation.planning import (
    CADENCES,
    Candidate,
    Rotation,
    candidate_id,
    parse_candidate,
    plan_rotation,
)
from planner.zones import city_of

from ..burden_chart import BurdenChart
from ..formatting import Formats
from ..grid.style import GridStyle
from .meeting_mode import attendee_plan
from .occurrence_view import occurrence_view
from .rotation_model import RotationModel, burden_bars
from .series_panel import Repeat
from .sharing import Sharing


class RotationPanel(QGroupBox):
    """Rotate a check-in fairly over candidate slots; lock occurrences and re-optimise."""

    rotation_changed = Signal(object)  # Rotation
    # Rotate fairly (False) or re-optimise keeping the locks (True) was clicked; the
    # page answers with rotate(), giving the dates from the check-in's form.
    rotation_requested = Signal(bool)

    def __init__(self, formats: Formats, style: GridStyle, parent: QWidget | None = None):
        super().__init__(_("Share the pain: fair rotation"), parent)
        self._ctx: PlanContext | None = None
        self._meeting: Meeting | None = None
        self._plan: Plan | None = None  # the context's plan, or a meeting's attendees of it
        self.candidates_edit = QLineEdit(self)
        self.candidates_edit.setPlaceholderText(
            _("slots to rotate, e.g. 09:00 America/New_York; 15:00 Europe/Berlin — "
            "empty: propose 2–4 slots"))
        self.rotate_button = QPushButton(_("Rotate fairly"), self)
        self.reoptimise_button = QPushButton(_("Re-optimise with locks"), self)
        self.sharing = Sharing(self, export_text=_("Export rotation .ics…"),
                               publish_text=_("Publish &rotation to calendar server…"),
                               what=_("the rotation"), first=_("Rotate fairly first"))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.model = RotationModel(formats, style, self)
        self.view = occurrence_view(self.model, self)
        self.view.setAccessibleName(_("Rotation occurrences"))
        self.chart = BurdenChart(style, self)
        self._lay_out()
        self.rotate_button.clicked.connect(self._on_rotate_button_clicked)
        self.reoptimise_button.clicked.connect(self._on_reoptimise_button_clicked)
        self._update_buttons()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Candidates"), self))
        bar.addWidget(self.candidates_edit, 1)
        bar.addWidget(self.rotate_button)
        bar.addWidget(self.reoptimise_button)
        # Export and publish beside the rotation's summary, so the candidates keep their room.
        summary = QHBoxLayout()
        summary.addWidget(self.label, 1)
        summary.addWidget(self.sharing.export_button)
        summary.addWidget(self.sharing.publish_button)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        chart_box = QGroupBox(_("Burden per member"), self)
        QVBoxLayout(chart_box).addWidget(self.chart)
        split.addWidget(chart_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([520, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(summary)
        layout.addWidget(split, 1)

    # --- inputs -------------------------------------------------------------

    def set_context(self, ctx: PlanContext, meeting: Meeting | None = None) -> None:
        """A plan was opened (a new context: the candidates and rotation start afresh)
        or changed (the same context: the page plans the rotation again, see
        :meth:`replan`).  A rotating ``meeting`` rotates among its own slots, for its
        attendees."""
        if ctx is not self._ctx or meeting != self._meeting:
            self.candidates_edit.setText("; ".join(s.text for s in meeting.slots)
                                         if meeting is not None and meeting.rotating else "")
            self.clear("")
        self._ctx = ctx
        self._meeting = meeting
        self._plan = attendee_plan(ctx.plan, meeting)
        fixed = meeting is not None and meeting.rotating
        self.candidates_edit.setReadOnly(fixed)
        self.candidates_edit.setToolTip(_("The saved meeting's slots: change them on the "
                                        "Meetings page") if fixed else "")
        self.model.zones = tuple(m.zone for m in self._plan.members)
        self.model.members = {m.name: m for m in self._plan.members}

    def replan(self, repeat: Repeat) -> Rotation | None:
        """Plan the rotation again for a changed plan, with the same slots and locks;
        when that is no longer possible it is dropped, saying so."""
        if self.model.rotation is None:
            return None
        rotation = self.rotate(repeat, keep_locks=True)
        if rotation is None:
            self.clear(_("The plan changed: rotate again."))
        return rotation

    def clear(self, message: str = "") -> None:
        """No rotation (yet); ``message`` says why."""
        self.model.set_rotation(None)
        self.chart.set_bars(())
        self.label.setText(message)
        self._update_buttons()

    def set_formats(self, formats: Formats) -> None:
        self.model.set_formats(formats)

    def set_grid_style(self, style: GridStyle) -> None:
        self.model.set_grid_style(style)
        self.chart.set_grid_style(style)

    def candidates(self) -> tuple[Candidate, ...]:
        items = [t.strip() for t in self.candidates_edit.text().split(";") if t.strip()]
        return tuple(parse_candidate(t, candidate_id(i), field="candidates")
                     for i, t in enumerate(items))

    # --- planning -----------------------------------------------------------

    def rotate(self, repeat: Repeat, keep_locks: bool = False,
               locks: Mapping[int, str] | None = None) -> Rotation | None:
        """Rotate over the dates ``repeat`` gives; ``keep_locks`` re-optimises around the
        occurrences ticked "Locked", ``locks`` (occurrence number -> slot id) around
        those instead."""
        if self._ctx is None or self._plan is None:
            return None
        try:
            if repeat.cadence not in CADENCES:
                raise InputError(Problem(_("a rotation repeats weekly or every two weeks"),
                                         field="cadence", suggestion=_("choose one of those")))
            current = self.model.rotation
            if locks is None:
                locks = self.model.locks if keep_locks else {}
            candidates = self.candidates()
            if keep_locks and current is not None and not candidates:
                # Re-optimising keeps the proposed slots so the locks still mean them.
                candidates = current.candidates
            rotation = plan_rotation(self._plan, self._ctx.calendar, start=repeat.start,
                                     cadence=repeat.cadence, count=repeat.count,
                                     duration=repeat.duration, candidates=candidates,
                                     locks=locks)
        except InputError as e:
            self.label.setText("⚠ " + problems_text(e.problems))
            return None
        self.model.set_rotation(rotation)
        self.chart.set_bars(burden_bars(rotation, self._plan))
        slots = ", ".join(f"{c.id} = {c.time_text} {city_of(c.zone)}"
                          for c in rotation.candidates)
        text = _("Slots (proposed): {slots}. Largest burden <b>{largest}</b>, total {total}. "
                 "Tick “Locked” to pin an occurrence, then re-optimise.") if rotation.proposed \
            else _("Slots (given): {slots}. Largest burden <b>{largest}</b>, total {total}. "
                   "Tick “Locked” to pin an occurrence, then re-optimise.")
        self.label.setText(text.format(slots=slots, largest=f"{rotation.max_burden:g}",
                                       total=f"{rotation.total_cost:g}"))
        self._update_buttons()
        self.rotation_changed.emit(rotation)
        return rotation

    @property
    def rotation(self) -> Rotation | None:
        return self.model.rotation

    def _update_buttons(self) -> None:
        self.reoptimise_button.setEnabled(self.model.rotation is not None)
        self.sharing.set_value(self.model.rotation)

    # --- slots --------------------------------------------------------------

    def _on_rotate_button_clicked(self) -> None:
        self.rotation_requested.emit(False)

    def _on_reoptimise_button_clicked(self) -> None:
        self.rotation_requested.emit(True)
