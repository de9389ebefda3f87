"""Light, dark and high-contrast themes: Qt's Fusion palette plus the grid's matching colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from widgets.grid.style import GridStyle, style_named


def effective_theme(theme: str) -> str:
    """ "system" resolved to "light" or "dark" from the platform's colour scheme."""
    if theme in ("light", "dark", "high_contrast"):
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


def high_contrast_palette() -> QPalette:
    """White text on black, yellow highlight: each pair at least 4.5:1 (WCAG 2.1 AA,
    SC 1.4.3), most above 7:1; frames and disabled text stay readable too."""
    p = QPalette()
    c = QColor
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#000000"), (roles.WindowText, "#FFFFFF"),
                         (roles.Base, "#000000"), (roles.AlternateBase, "#1A1A1A"),
                         (roles.ToolTipBase, "#000000"), (roles.ToolTipText, "#FFFFFF"),
                         (roles.Text, "#FFFFFF"), (roles.Button, "#000000"),
                         (roles.ButtonText, "#FFFFFF"), (roles.BrightText, "#FF8C8C"),
                         (roles.Link, "#7FDBFF"), (roles.LinkVisited, "#E0A0FF"),
                         (roles.Highlight, "#FFFF00"), (roles.HighlightedText, "#000000"),
                         (roles.PlaceholderText, "#C8C8C8"), (roles.Light, "#FFFFFF"),
                         (roles.Midlight, "#C8C8C8"), (roles.Mid, "#C8C8C8"),
                         (roles.Dark, "#FFFFFF"), (roles.Shadow, "#FFFFFF")):
        p.setColor(role, c(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c("#A8A8A8"))
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
    elif name == "high_contrast":
        app.setPalette(high_contrast_palette())
    else:
        palette = app.style().standardPalette()
        # Problems are written in BrightText (widgets.colours): a red that reads on white.
        palette.setColor(QPalette.ColorRole.BrightText, QColor("#B3261E"))
        app.setPalette(palette)
    # Style sheets resolve palette colours when applied: apply them again.
    for widget in app.allWidgets():
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())
    return style_named(name)
