"""A custom-painted bar chart of each member's burden: over a rotation, or
across every saved meeting.

Each bar is stacked by comfort class (what the member's cost is made of),
with the prior burden first; the text after it gives the total and how many
night and early/late meetings the member carries.  A bar's ``tip`` (e.g. the
burden split by meeting) shows when the pointer rests on its row.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.i18n import _

from .grid.style import GridStyle, light_style

STACK = ("shoulder", "early_late", "off", "night")


@dataclass(frozen=True, slots=True)
class BurdenBar:
    name: str
    counted: bool
    prior: float
    parts: tuple[tuple[str, float], ...]   # (comfort, cost) in STACK order
    night: int
    early_late: int
    total: float      # as the ledger counts it (the parts only draw it)
    tip: str = ""     # shown as the row's tooltip


class BurdenChart(QWidget):
    def __init__(self, style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._style = style or light_style()
        self._bars: tuple[BurdenBar, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Burden per member"))
        self.setAccessibleDescription(_("No rotation yet"))

    def set_bars(self, bars: tuple[BurdenBar, ...]) -> None:
        self._bars = bars
        # Painted bars: a screen reader reads the figures from the description.
        self.setAccessibleDescription(_("; ").join(
            _("{name}: {figures}").format(name=bar.name, figures=self._label(bar))
            for bar in bars) or _("No rotation yet"))
        self.updateGeometry()
        self.update()

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self.update()

    @property
    def bars(self) -> tuple[BurdenBar, ...]:
        return self._bars

    def _row_height(self) -> int:
        """A comfortable row, squeezed (down to the text height) to fit every member."""
        fm = QFontMetrics(self.font())
        fit = (self.height() - 8) // max(1, len(self._bars))
        return max(fm.height() + 1, min(fm.height() + 6, fit))

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        return QSize(360, max(60, len(self._bars) * (fm.height() + 6) + 8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 3 * (QFontMetrics(self.font()).height() + 2))

    def bar_rect(self, i: int) -> QRect:
        """Where bar i (a full-length bar) is drawn; for tests and hit testing."""
        fm = QFontMetrics(self.font())
        label_w = min(self.width() // 3, max((fm.horizontalAdvance(b.name) for b in self._bars),
                                              default=40) + 12)
        text_w = min(max((fm.horizontalAdvance(self._label(b)) for b in self._bars),
                         default=40) + 12, int(self.width() * 0.38))
        h = self._row_height()
        return QRect(label_w, 4 + i * h + 3, max(10, self.width() - label_w - text_w), h - 6)

    def bar_at(self, point: QPoint) -> int | None:
        """The bar whose row holds ``point``, or None."""
        for i in range(len(self._bars)):
            rect = self.bar_rect(i)
            if rect.top() - 3 <= point.y() < rect.bottom() + 4:
                return i
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.bar_at(event.pos())
            bar = self._bars[i] if i is not None else None
            if bar is not None and bar.tip:
                QToolTip.showText(event.globalPos(), f"{bar.name}\n{bar.tip}", self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        try:
            self._paint(p, event.rect())
        finally:
            p.end()

    def _paint(self, p: QPainter, clip: QRect) -> None:
        s = self._style
        fm = QFontMetrics(self.font())
        text = self.palette().color(self.foregroundRole())
        muted = QColor(text)
        muted.setAlpha(140)
        if not self._bars:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No rotation yet"))
            return
        # Scale to the members the rotation is fair to; an optional member's
        # longer bar is cut at the edge (its number still says how long).
        top = max((b.total for b in self._bars if b.counted), default=0) or \
            max((b.total for b in self._bars), default=0) or 1.0
        h = self._row_height()
        for i, bar in enumerate(self._bars):
            full = self.bar_rect(i)
            row = QRect(0, full.top() - 3, self.width(), h)
            if not row.intersects(clip):
                continue
            p.setPen(text if bar.counted else muted)
            p.drawText(QRect(4, row.top(), full.left() - 8, h),
                       Qt.AlignmentFlag.AlignVCenter, fm.elidedText(
                           bar.name, Qt.TextElideMode.ElideRight, full.left() - 8))
            x = float(full.left())
            drawn = bar.prior + sum(c for _, c in bar.parts)
            scale = full.width() / top * (bar.total / drawn if drawn else 0)
            pieces = [("prior", bar.prior), *bar.parts]
            for comfort, cost in pieces:
                if cost <= 0:
                    continue
                w = min(cost * scale, full.right() + 1 - x)
                if w <= 0:
                    break
                rect = QRect(round(x), full.top(), max(1, round(x + w) - round(x)), full.height())
                if comfort == "prior":
                    p.fillRect(rect, QColor("#999999"))
                else:
                    p.fillRect(rect, QColor(s.comfort[comfort]))
                    if comfort == "off":
                        p.fillRect(rect, QBrush(QColor(s.hatch), Qt.BrushStyle.BDiagPattern))
                x += w
            p.setPen(text if bar.counted else muted)
            room = self.width() - round(x) - 8
            p.drawText(QRect(round(x) + 6, row.top(), room, h), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(self._label(bar), Qt.TextElideMode.ElideRight, room))

    @staticmethod
    def _label(bar: BurdenBar) -> str:
        parts = [f"{round(bar.total, 2):g}"]
        if bar.night:
            parts.append(_("{n} night").format(n=bar.night))
        if bar.early_late:
            parts.append(_("{n} early/late").format(n=bar.early_late))
        if not bar.counted:
            parts.append(_("not counted"))
        return " · ".join(parts)
