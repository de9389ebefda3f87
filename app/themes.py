"""Light and dark themes: Qt's Fusion palette plus the grid's matching colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from widgets.grid.style import GridStyle, style_named


def effective_theme(theme: str) -> str:
    """ "system" resolved to "light" or "dark" from the platform's colour scheme."""
    if theme in ("light", "dark"):
        return theme
    app = QGuiApplication.instance()
    if app is not None:
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Dark:
            return "dark"
    return "light"


def _dark_palette() -> QPalette:
    p = QPalette()
    c = QColor
    roles = QPalette.ColorRole
    p.setColor(roles.Window, c("#2B2B2B"))
    p.setColor(roles.WindowText, c("#EDEDED"))
    p.setColor(roles.Base, c("#1E1E1E"))
    p.setColor(roles.AlternateBase, c("#262626"))
    p.setColor(roles.ToolTipBase, c("#333333"))
    p.setColor(roles.ToolTipText, c("#EDEDED"))
    p.setColor(roles.Text, c("#EDEDED"))
    p.setColor(roles.Button, c("#353535"))
    p.setColor(roles.ButtonText, c("#EDEDED"))
    p.setColor(roles.BrightText, c("#FF6E6E"))
    p.setColor(roles.Link, c("#56B4E9"))
    p.setColor(roles.Highlight, c("#0072B2"))
    p.setColor(roles.HighlightedText, c("#FFFFFF"))
    p.setColor(roles.PlaceholderText, c("#9A9A9A"))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c("#808080"))
    return p


def apply_theme(app: QApplication, theme: str) -> GridStyle:
    """Set the application palette; returns the grid style to use with it."""
    name = effective_theme(theme)
    # Creating a style scans Qt's style plugins (9 ms at start-up): only when the
    # application does not already have Fusion (its default without a desktop theme).
    if app.style().name().lower() != "fusion":
        style = QStyleFactory.create("Fusion")
        if style is not None:
            app.setStyle(style)
    if name == "dark":
        app.setPalette(_dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    return style_named(name)
