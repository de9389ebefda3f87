"""Work that waits for a paint: the window's first, or the grid showing the plan.

Start-up shows the window first and then opens the plan: reading it, the holiday
data and the zones' clock changes are not needed to paint a window.  Once the
plan is open, the clock-change banner and the pages not built yet wait for the
grid to paint it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class PaintWaits(QObject):
    """Runs work after ``window`` first paints, or after ``grid`` paints the plan shown
    (a timer stands in when the grid does not paint: hidden, minimised)."""

    def __init__(self, window: QWidget, grid: QWidget, viewport: QWidget):
        super().__init__(window)
        self._window, self._grid, self._viewport = window, grid, viewport
        self._after_paint: list[Callable[[], object]] | None = []
        self._after_plan_paint: list[Callable[[], object]] = []
        self._plan_paint_timer = QTimer(self)
        self._plan_paint_timer.setSingleShot(True)
        self._plan_paint_timer.timeout.connect(self._on_plan_paint_timer_timeout)
        window.installEventFilter(self)
        viewport.installEventFilter(self)

    def after_first_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the window has been painted (soon, if it already was).
        A zero timer is not enough: Qt runs it before the first paint."""
        if self._after_paint is None:
            QTimer.singleShot(0, work)
        else:
            self._after_paint.append(work)

    def after_plan_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the grid has painted the plan shown, or soon when the grid is
        not on screen (another page is shown, the window is hidden)."""
        if work not in self._after_plan_paint:
            self._after_plan_paint.append(work)
        self._plan_paint_timer.start(250 if self._grid.isVisible() else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            if watched is self._viewport and self._after_plan_paint:
                QTimer.singleShot(0, self._on_plan_paint_timer_timeout)  # once it is done
            elif watched is self._window and self._after_paint is not None:
                pending, self._after_paint = self._after_paint, None
                for work in pending:
                    QTimer.singleShot(0, work)
        return False

    def _on_plan_paint_timer_timeout(self) -> None:
        self._plan_paint_timer.stop()
        pending, self._after_plan_paint = self._after_plan_paint, []
        for work in pending:
            work()
