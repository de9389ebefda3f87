"""Export and publish for one planned value, a series or a rotation: a button
for each, the publish action the window also puts in its menu, and the rule
for when they are off and why."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from planner.i18n import N_, _
from planner.rotation.planning import Rotation
from planner.series import Series

Planned = Series | Rotation

# Shown wherever a second publish or fetch is asked for while one runs.
SERVER_BUSY = N_("Wait until the calendar server has answered (one run at a time).")



class Sharing(QObject):
    """The export and publish controls for whatever a panel has planned last."""

    export_requested = Signal(object)   # Series or Rotation
    publish_requested = Signal(object)  # Series or Rotation, to the plan's CalDAV calendar

    def __init__(self, parent: QWidget, *, export_text: str, publish_text: str, what: str,
                 first: str):
        """``what`` names the value in tooltips ("the rotation"); ``first`` says how to
        get one when there is none yet ("Rotate fairly first")."""
        super().__init__(parent)
        self._what, self._first = what, first
        self._value: Planned | None = None
        self._publish_available, self._publish_text, self._publishing = \
            False, _("Open a plan first."), False
        self.export_button = QPushButton(export_text, parent)
        self.publish_button = QPushButton(_("Publish to calendar server…"), parent)
        self.publish_action = QAction(publish_text, parent)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.publish_button.clicked.connect(self.publish_action.trigger)
        self.publish_action.triggered.connect(self._on_publish_action_triggered)
        self.export_button.setToolTip(_("Write an .ics file calendars import"))
        self._update()

    @property
    def value(self) -> Planned | None:
        return self._value

    def set_value(self, value: Planned | None) -> None:
        self._value = value
        self._update()

    def set_publish_available(self, available: bool, text: str) -> None:
        """Whether the plan names a calendar server: ``text`` is where publishing goes,
        or, when it cannot, why not and how to configure one (the tooltip)."""
        self._publish_available, self._publish_text = available, text
        self._update()

    def set_publishing(self, running: bool) -> None:
        """A publish or fetch is running: one at a time."""
        self._publishing = running
        self._update()

    def _update(self) -> None:
        ready = self._value is not None
        self.export_button.setEnabled(ready)
        # No dead buttons: a disabled one says why (Qt shows tooltips of disabled widgets).
        where = self._publish_text
        if not self._publish_available:
            tip = where
        elif self._publishing:
            tip = _(SERVER_BUSY)
        elif not ready:
            tip = _("{first}; then publish it to {where}.").format(first=self._first, where=where)
        else:
            tip = _("Publish {what} to {where}; publishing again updates the same events, and "
                    "changes made on the server are shown before anything is replaced.").format(
                what=self._what, where=where)
        enabled = self._publish_available and ready and not self._publishing
        for item in (self.publish_action, self.publish_button):
            item.setEnabled(enabled)
            item.setToolTip(tip)
        self.publish_action.setStatusTip(tip)

    def _on_export_button_clicked(self) -> None:
        if self._value is not None:
            self.export_requested.emit(self._value)

    def _on_publish_action_triggered(self) -> None:
        if self._value is not None:
            self.publish_requested.emit(self._value)
