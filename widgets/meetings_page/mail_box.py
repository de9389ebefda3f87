"""E-mail for the selected meeting: the invitation (or its update) and cancelling it, or
one of its occurrences.

The box only shows what the window decided from what the plan recorded as
sent (:class:`MailState`: the invite button's words, whether it can be
used and why not) and asks with signals; the window opens the preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import N_, _

from ..formatting import Formats

INVITE = N_("Send invitation…")
UPDATE = N_("Send update…")
UP_TO_DATE = N_("Invitation up to date")
CANCEL_MEETING = N_("Cancel meeting…")
CANCEL_OCCURRENCE = N_("Cancel this occurrence…")


@dataclass(frozen=True, slots=True)
class MailOccurrence:
    """An occurrence that can be cancelled on its own."""

    date: date      # as held, in the slot's zone (a moved one: its new date)
    start: datetime  # aware, in the slot's zone
    note: str = ""   # e.g. "cancellation sent"


@dataclass(frozen=True, slots=True)
class MailState:
    """What the e-mail buttons say for one meeting."""

    invite_text: str = INVITE
    invite_enabled: bool = False
    invite_tip: str = ""
    cancel_enabled: bool = False
    cancel_tip: str = ""
    status: str = ""  # one line: what was sent, and whether it changed since
    occurrences: tuple[MailOccurrence, ...] = ()


class MailBox(QGroupBox):
    """Buttons that ask for the preview of an invitation or a cancellation."""

    invite_requested = Signal()
    cancel_requested = Signal(object)  # None: the whole meeting; a date: that occurrence

    def __init__(self, formats: Formats | None = None, parent: QWidget | None = None):
        super().__init__(_("E-mail the attendees"), parent)
        self._formats = formats or Formats()
        self.state = MailState()
        self.invite_button = QPushButton(_(INVITE), self)
        self.cancel_button = QPushButton(_(CANCEL_MEETING), self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setEnabled(False)  # a note, in the muted colour
        self.occurrence_box = QComboBox(self)
        self.occurrence_box.setToolTip(_("An occurrence to cancel on its own; the others stay"))
        self.occurrence_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.occurrence_box.setMinimumContentsLength(12)
        self.occurrence_box.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Fixed)
        self.cancel_occurrence_button = QPushButton(_(CANCEL_OCCURRENCE), self)
        # One above the other: the box stays as narrow as the list beside the form.
        layout = QVBoxLayout(self)
        layout.addWidget(self.invite_button)
        layout.addWidget(self.status_label)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.occurrence_box)
        layout.addWidget(self.cancel_occurrence_button)
        self.invite_button.clicked.connect(self.invite_requested)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.cancel_occurrence_button.clicked.connect(
            self._on_cancel_occurrence_button_clicked)
        self.occurrence_box.currentIndexChanged.connect(self._update_occurrence_button)
        self.set_state(MailState())

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.set_state(self.state)

    def set_state(self, state: MailState) -> None:
        self.state = state
        self.invite_button.setText(_(state.invite_text))   # one of the N_ texts above
        self.invite_button.setEnabled(state.invite_enabled)
        self.invite_button.setToolTip(state.invite_tip)
        self.cancel_button.setEnabled(state.cancel_enabled)
        self.cancel_button.setToolTip(state.cancel_tip)
        self.status_label.setText(state.status)
        self.status_label.setVisible(bool(state.status))
        chosen = self.selected_occurrence()
        self.occurrence_box.blockSignals(True)
        self.occurrence_box.clear()
        f = self._formats
        for o in state.occurrences:
            text = f"{f.short_date(o.date)} · {f.time(o.start)}"
            self.occurrence_box.addItem(f"{text} ({o.note})" if o.note else text, o.date)
        i = self._row_of(chosen) if chosen is not None else -1
        self.occurrence_box.setCurrentIndex(max(i, 0) if state.occurrences else -1)
        self.occurrence_box.blockSignals(False)
        self.occurrence_box.setEnabled(bool(state.occurrences))
        self._update_occurrence_button()

    def selected_occurrence(self) -> date | None:
        value = self.occurrence_box.currentData()
        return value if isinstance(value, date) else None

    def _row_of(self, day: date) -> int:
        # findData compares Python values by identity: look for an equal date instead.
        box = self.occurrence_box
        return next((i for i in range(box.count()) if box.itemData(i) == day), -1)

    def select_occurrence(self, day: date) -> bool:
        i = self._row_of(day)
        if i >= 0:
            self.occurrence_box.setCurrentIndex(i)
        return i >= 0

    def _update_occurrence_button(self, *_args: object) -> None:
        ok = self.state.cancel_enabled and self.selected_occurrence() is not None
        self.cancel_occurrence_button.setEnabled(ok)
        self.cancel_occurrence_button.setToolTip(
            _("Tell the attendees that this one occurrence does not take place") if ok else
            self.state.cancel_tip if not self.state.cancel_enabled else
            _("No coming occurrence to cancel"))

    def _on_cancel_button_clicked(self) -> None:
        self.cancel_requested.emit(None)

    def _on_cancel_occurrence_button_clicked(self) -> None:
        day = self.selected_occurrence()
        if day is not None:
            self.cancel_requested.emit(day)
