"""The line at the top of the window when a clock change soon moves a meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

from planner.i18n import _

# A pale yellow with dark text: a heads-up, not an error.
BANNER_STYLE = ("#clock_banner { background: #FFF4CC; border-bottom: 1px solid #E0C060; } "
                "#clock_banner QLabel { color: #3A3000; }")


class ClockBanner(QFrame):
    """One dismissable line: what moves, for whom, and a button to the details.

    Dismissing hides it until the text changes (another clock change, or the
    plan's meetings changed so that something else moves).
    """

    details_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clock_banner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAccessibleName(_("Clock change ahead"))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton(_("Details…"), self)
        self.details_button.setToolTip(_("Every clock change and what it moves, with the "
                                       "message for the attendees"))
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(_("Hide"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(_("Hide this until something else moves"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size, size))
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self._text: str | None = None
        self._dismissed: str | None = None
        self.details_button.clicked.connect(self.details_requested)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.hide()

    @property
    def text(self) -> str | None:
        """What the banner says (shown or dismissed); None when nothing moves."""
        return self._text

    def set_text(self, text: str | None) -> None:
        self._text = text
        self.label.setText(text or "")
        self.setVisible(text is not None and text != self._dismissed)

    def _on_close_button_clicked(self) -> None:
        self._dismissed = self._text
        self.hide()
        self.dismissed.emit()
