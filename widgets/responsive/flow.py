"""A layout that wraps its widgets onto the next line when they do not fit (as Qt's
``layouts/flowlayout`` example), for button bars that must not set the window's
minimum width: at 1024 px or at a scale factor of 1.5 they take two lines instead
of clipping their buttons or widening the window past the screen."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping; height for width like a paragraph of text.

    An item with a horizontal stretch (``stretch_last``) takes the rest of its
    line, so a line edit can fill the space after its label.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = -1,
                 stretch_last: bool = False):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._stretch_last = stretch_last
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        # Everything on one line: what the bar would like.
        m = self.contentsMargins()
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible) + \
            self.spacing_x() * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        # The widest single item: the bar never needs more width than that.
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def spacing_x(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        return self._style_spacing(Qt.Orientation.Horizontal)

    def spacing_y(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        return self._style_spacing(Qt.Orientation.Vertical)

    def _style_spacing(self, orientation: Qt.Orientation) -> int:
        parent = self.parentWidget()
        if parent is None:
            return 6
        metric = (QStyle.PixelMetric.PM_LayoutHorizontalSpacing
                  if orientation == Qt.Orientation.Horizontal
                  else QStyle.PixelMetric.PM_LayoutVerticalSpacing)
        value = parent.style().pixelMetric(metric, None, parent)
        return value if value >= 0 else 6

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); returns the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        sx, sy = self.spacing_x(), self.spacing_y()
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(area.width(), 1 << 20)) \
                .expandedTo(item.minimumSize())
            if lines[-1] and x + hint.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + sx
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(h.height() for _, h in line)
            x = area.x()
            for i, (item, hint) in enumerate(line):
                width = hint.width()
                last = i == len(line) - 1
                if last and self._stretch_last and _stretches(item):
                    width = max(width, area.right() + 1 - x)
                if move:
                    # Centred in the line's height, as a box layout would.
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, hint.height())))
                x += width + sx
            y += height + sy
        return y - sy - rect.y() + m.bottom() if y > area.y() else m.top() + m.bottom()


def _stretches(item: QLayoutItem) -> bool:
    widget = item.widget()
    return widget is not None and widget.sizePolicy().horizontalPolicy() in (
        QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)


def flow_row(parent: QWidget, widgets: list[QWidget], *, stretch_last: bool = False
             ) -> QWidget:
    """A widget holding ``widgets`` in a :class:`FlowLayout` (a box layout asks a child
    widget, not a child layout, for its height at a width)."""
    row = QWidget(parent)
    flow = FlowLayout(row, stretch_last=stretch_last)
    flow.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        flow.addWidget(w)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    row.setSizePolicy(policy)
    return row
