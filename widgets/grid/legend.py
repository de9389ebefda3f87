"""A key to the grid's colours and marks, on as many lines as the width needs."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.i18n import _

from .band import DASH, EDGE, PERIOD_BAND, paint_period_band
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
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip(" · ".join(self.labels()))
        # Painted, so a screen reader learns the key from its name and description.
        self.setAccessibleName(_("Key to the grid"))
        self.setAccessibleDescription(legend_text())

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.update()

    def _label(self, item: str) -> str:
        return _(COMFORT_LABELS.get(item) or MARK_LABELS.get(item, item))

    def labels(self) -> tuple[str, ...]:
        """The legend's entries in the order shown (also its tooltip)."""
        return tuple(self._label(i) for i in _ITEMS)

    # Entries flow onto as many lines as the width needs (heightForWidth), so the last
    # ones (DST change, period) are never cut off in a narrow window.
    _PAD, _GAP = 4, 14

    def _entry_width(self, fm: QFontMetrics, item: str) -> int:
        return self._swatch_width(fm, item) + 5 + fm.horizontalAdvance(self._label(item)) + \
            self._GAP

    def _swatch_width(self, fm: QFontMetrics, item: str) -> int:
        # The period's swatch is wide enough for its dashes to read as a pattern.
        return self._box(fm) + (6 if item != "period" else 3 * DASH - 2)

    @staticmethod
    def _box(fm: QFontMetrics) -> int:
        return min(14, fm.height() + 2)

    def _line_height(self, fm: QFontMetrics) -> int:
        return fm.height() + 8

    def _rows(self, width: int) -> list[list[tuple[str, int]]]:
        """Entries per line with their x, for a legend ``width`` wide."""
        fm = QFontMetrics(self.font())
        lines: list[list[tuple[str, int]]] = [[]]
        x = self._PAD
        for item in _ITEMS:
            w = self._entry_width(fm, item)
            if lines[-1] and x + w - self._GAP > width:
                lines.append([])
                x = self._PAD
            lines[-1].append((item, x))
            x += w
        return lines

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return len(self._rows(width)) * self._line_height(QFontMetrics(self.font()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        # A box layout inside a splitter pane does not always ask heightForWidth again
        # when only the width changed: take the height the new width needs.
        super().resizeEvent(event)
        wanted = self.heightForWidth(event.size().width())
        if self.minimumHeight() != wanted:
            self.setFixedHeight(wanted)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        width = self._PAD + sum(self._entry_width(fm, i) for i in _ITEMS)
        return QSize(width, self._line_height(fm))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(100, self._line_height(QFontMetrics(self.font())))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        s = self._style
        p = QPainter(self)
        try:
            fm = QFontMetrics(self.font())
            lh = self._line_height(fm)
            box = self._box(fm)
            for n, line in enumerate(self._rows(self.width())):
                top = n * lh
                y = top + (lh - box) // 2
                for item, x in line:
                    sw = self._swatch_width(fm, item)
                    self._paint_swatch(p, s, item, QRect(x, y, sw, box))
                    tx = x + sw + 5
                    text = self._label(item)
                    p.setPen(self.palette().color(self.foregroundRole()))
                    p.drawText(QRect(tx, top, fm.horizontalAdvance(text) + 2, lh),
                               Qt.AlignmentFlag.AlignVCenter, text)
        finally:
            p.end()

    @staticmethod
    def _paint_swatch(p: QPainter, s: GridStyle, item: str, rect: QRect) -> None:
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
        elif item == "period":
            # As on a row: the band over working hours, from the period's start.
            p.fillRect(rect, QColor(s.comfort["work"]))
            paint_period_band(p, rect.left(), rect.right() + 1, rect.top(),
                              max(rect.height(), PERIOD_BAND), QColor(s.text),
                              QColor(s.background), True, False,
                              origin=rect.left() + EDGE + DASH)
