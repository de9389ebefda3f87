"""The bundled font (DejaVu Sans, see resources/fonts/DejaVuSans-LICENSE.txt).

Screenshots and golden images use it so they look the same on every machine.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from resources import FONT_FILE


@cache
def bundled_family() -> str:
    """Register the bundled font with Qt (once) and return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else QFont().defaultFamily()


def bundled_font(pixel_size: int = 12) -> QFont:
    font = QFont(bundled_family())
    font.setPixelSize(pixel_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleStrategy(QFont.StyleStrategy.NoSubpixelAntialias)
    return font
