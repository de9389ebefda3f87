"""What a page shows while there is nothing to plan yet, and what to do about it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from planner.i18n import N_, _

NO_MEMBERS = N_("This plan has no members yet")
NO_MEMBERS_HOW = (N_("Add the people you meet with (each with their time zone and working "
                  "hours), open the demo plan to look around, or open a plan file a "
                  "colleague shared to import their team."))


class EmptyState(QWidget):
    """A title, a sentence saying what to do, and a button for each way forward.

    The page decides when it is shown; the window answers the requests.
    """

    add_member_requested = Signal()
    open_demo_requested = Signal()
    open_plan_requested = Signal()

    def __init__(self, title: str = NO_MEMBERS, text: str = NO_MEMBERS_HOW,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(f"<h3>{_(title)}</h3>", self)
        self.text = QLabel(_(text), self)
        self.text.setWordWrap(True)
        self.add_member_button = QPushButton(_("Add member…"), self)
        self.open_demo_button = QPushButton(_("Open the demo plan"), self)
        self.open_plan_button = QPushButton(_("Import a team from a plan file…"), self)
        self.open_plan_button.setToolTip(_("Open a plan (.toml) that someone shared or "
                                         "that you wrote by hand"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.add_member_button, self.open_demo_button, self.open_plan_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.text.setMaximumWidth(560)
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.add_member_button.clicked.connect(self.add_member_requested)
        self.open_demo_button.clicked.connect(self.open_demo_requested)
        self.open_plan_button.clicked.connect(self.open_plan_requested)
