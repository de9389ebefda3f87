"""The user's formats (locale, clock, week start) and theme, read from the settings.

:class:`Appearance` holds what the widgets are given; the window pushes it to
them after the settings dialog (``MainWindow.apply_preferences``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from widgets.formatting import Formats
from widgets.grid import GridStyle, light_style

from .settings import AppSettings
from .themes import apply_theme

if TYPE_CHECKING:
    from .dialogs import SettingsDialog


class Appearance:
    """The formats and the grid style of the theme (set on the application)."""

    def __init__(self, settings: AppSettings):
        self.settings = settings
        self.formats: Formats = settings.formats()
        self.grid_style: GridStyle = light_style()
        self.apply_theme()

    def reload(self) -> None:
        """Read the formats and the theme again (the settings changed)."""
        self.formats = self.settings.formats()
        self.apply_theme()

    def apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.grid_style = apply_theme(app, self.settings.theme)


def open_settings_dialog(settings: AppSettings, zone: str, clock: Callable[[], datetime],
                         parent: QWidget,
                         accepted: Callable[[SettingsDialog], object]) -> SettingsDialog:
    """The settings dialog, opened (not exec'd); ``accepted`` gets it when it is."""
    from .dialogs import SettingsDialog

    dialog = SettingsDialog(settings, zone, clock, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: accepted(dialog))
    dialog.open()
    return dialog
