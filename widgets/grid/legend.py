"""A one-line key to the grid's colours and marks."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.i18n import _

from .style import (
    COMFORT_LABELS,
    LEGEND_ITEMS,
    MARK_LABELS,
    PATTERNS,
    GridStyle,
    legend_text,
    light_style,
)

_ITEMS = LEGEND_ITEMS


class ComfortLegend(QWidget):
    def __init__(self, style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._style = style or light_style()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Painted, so a screen reader learns the key from its name and description.
        self.setAccessibleName(_("Key to the grid"))
        self.setAccessibleDescription(legend_text())

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.update()

    def _label(self, item: str) -> str:
        return _(COMFORT_LABELS.get(item) or MARK_LABELS.get(item, item))

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        width = sum(fm.horizontalAdvance(self._label(i)) + 34 for i in _ITEMS)
        return QSize(width, fm.height() + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(100, QFontMetrics(self.font()).height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        s = self._style
        p = QPainter(self)
        try:
            fm = QFontMetrics(self.font())
            h = self.height()
            x = 4
            box = min(14, h - 6)
            y = (h - box) // 2
            for item in _ITEMS:
                rect = QRect(x, y, box + 6, box)
                if item in s.comfort:
                    p.fillRect(rect, QColor(s.comfort[item]))
                    if PATTERNS.get(item) == "hatch":
                        p.fillRect(rect, QBrush(QColor(s.hatch), Qt.BrushStyle.BDiagPattern))
                    if PATTERNS.get(item) == "dots":  # as painter.PaintKit.night_dots
                        dots = QColor(s.comfort_text.get("night", s.text))
                        dots.setAlpha(150)
                        p.fillRect(rect, QBrush(dots, Qt.BrushStyle.Dense6Pattern))
                elif item == "window":
                    p.setPen(QPen(QColor(s.window_outline), 2))
                    p.drawLine(rect.left() + 1, rect.top(), rect.left() + 1, rect.bottom())
                    p.drawLine(rect.right() - 1, rect.top(), rect.right() - 1, rect.bottom())
                elif item == "now":
                    p.setPen(QPen(QColor(s.now), 2))
                    p.drawLine(rect.center().x(), rect.top(), rect.center().x(), rect.bottom())
                elif item == "dst":
                    p.setPen(QPen(QColor(s.dst), 2, Qt.PenStyle.DashLine))
                    p.drawLine(rect.center().x(), rect.top(), rect.center().x(), rect.bottom())
                x = rect.right() + 5
                text = self._label(item)
                p.setPen(self.palette().color(self.foregroundRole()))
                tw = fm.horizontalAdvance(text)
                if x + tw > self.width():
                    break
                p.drawText(QRect(x, 0, tw + 2, h), Qt.AlignmentFlag.AlignVCenter, text)
                x += tw + 14
        finally:
            p.end()
