"""How the main window fits the screen and the order Tab walks through it.

The window opens at most as large as the screen's available area (at
``QT_SCALE_FACTOR=1.5`` a 1920×1080 screen is 1280×720 logical pixels), the
Team dock takes a share of the width instead of a fixed 520 px, and Tab goes
team list → its buttons → the page tabs → the page (on the grid page: its bar,
the grid, the slot details), each table being one stop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QMainWindow,
    QScrollArea,
    QWidget,
)

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .settings import AppSettings

DEFAULT_SIZE = (1400, 860)
# The Team dock's share of the window's width, and its bounds in pixels.
DOCK_SHARE = 0.24
DOCK_MIN, DOCK_MAX = 220, 420


def fit_rect(wanted: QRect, available: QRect) -> QRect:
    """``wanted`` shrunk to ``available`` and moved inside it (a window restored from a
    bigger screen, or the default size on a small one)."""
    size = wanted.size().boundedTo(available.size())
    x = min(max(wanted.x(), available.x()), available.right() + 1 - size.width())
    y = min(max(wanted.y(), available.y()), available.bottom() + 1 - size.height())
    return QRect(x, y, size.width(), size.height())


def dock_width(window_width: int) -> int:
    """The Team dock's opening width for a window this wide."""
    return max(DOCK_MIN, min(DOCK_MAX, round(window_width * DOCK_SHARE)))


class DockShare(QObject):
    """Keeps a dock at :func:`dock_width` of its window while the window opens and is
    resized; once the dock's width is not the one it set (the user moved the divider)
    it lets go for good."""

    def __init__(self, window: QMainWindow, dock: QDockWidget, *, follow: bool):
        super().__init__(window)
        self._window, self._dock = window, dock
        self._set: int | None = None
        self.following = follow
        if follow:
            self._apply()
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.following and event.type() in (QEvent.Type.Show, QEvent.Type.Resize) and \
                self._dock.isVisible() and not self._dock.isFloating():
            if self._set is not None and abs(self._dock.width() - self._set) > 1 and \
                    event.type() == QEvent.Type.Resize:
                self.following = False   # the user's width from now on
                self._window.removeEventFilter(self)
            else:
                self._apply()
        return False

    def _apply(self) -> None:
        self._set = dock_width(self._window.width())
        self._window.resizeDocks([self._dock], [self._set], Qt.Orientation.Horizontal)


def whole_device_pixels(size: QSize, ratio: float) -> QSize:
    """``size`` (logical pixels) cut so that it covers no more device pixels than fit.

    At a fractional scale Qt rounds a screen's logical size to the nearest pixel: 1600
    device pixels at 1.5 are reported as 1067 logical ones, and a window that wide is
    1601 device pixels, one more than the screen has. Without the device size we
    cannot tell a rounded-up size from an exact one, so at a fractional scale the
    window gives up one logical pixel each way."""
    if float(ratio).is_integer():
        return QSize(size)
    return QSize(max(size.width() - 1, 0), max(size.height() - 1, 0))


def fit_to_screen(window: QWidget) -> None:
    """Keep the window (its frame included) inside its screen's available area."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    available.setSize(whole_device_pixels(available.size(), screen.devicePixelRatio()))
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    inner = available.adjusted(0, 0, -extra.width(), -extra.height())
    fitted = fit_rect(QRect(window.geometry().topLeft(), window.size()), inner)
    if fitted.size() != window.size():
        window.resize(fitted.size())
    if window.isVisible() and fitted.topLeft() != window.geometry().topLeft():
        window.move(fitted.topLeft() - (window.geometry().topLeft() - frame.topLeft()))


def chain(widgets: list[QWidget]) -> None:
    """Tab visits ``widgets`` in this order (Shift+Tab the reverse)."""
    for a, b in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(a, b)


def one_tab_stop(root: QWidget) -> None:
    """Tab leaves every table and list under ``root`` instead of walking its cells, and
    skips the scroll areas around forms (Tab goes to the fields; the area scrolls to
    show the one with focus)."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for area in root.findChildren(QScrollArea):
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def set_tab_order(window: MainWindow) -> None:
    team, page = window.team_panel, window.grid_page
    chain([team.view, team.add_member_button, team.add_site_button, team.edit_button,
           team.remove_button, window.tabs,
           page.prev_button, page.today_button, page.next_button, page.date_edit,
           page.day_button, page.week_button, page.prev_window_button,
           page.next_window_button, page.min_count, page.window_note,
           page.grid, page.details.table, page.details.plan_button,
           page.details.export_button])
    one_tab_stop(window)


def restore_state(window: QMainWindow, settings: AppSettings, dock: QDockWidget) -> DockShare:
    """The window's size, place and docks as last closed (fitted to this screen); returns
    what keeps the dock's share of the width when there was no stored layout."""
    geometry, state = settings.window_state()
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    # Never larger than the screen (a geometry from a bigger screen, scale factors).
    fit_to_screen(window)
    restored = state is not None and window.restoreState(state)
    # Without a stored layout the Team dock keeps its share of the width as the window
    # is resized, until the user moves the divider.
    return DockShare(window, dock, follow=not restored)


def save_state(window: QMainWindow, settings: AppSettings) -> None:
    settings.save_window_state(window.saveGeometry(), window.saveState())


def add_team_dock(window: QMainWindow, panel: QWidget, title: str) -> QDockWidget:
    """The team panel in a dock at the start side of the window."""
    dock = QDockWidget(title, window)
    dock.setObjectName("team_dock")
    dock.setWidget(panel)
    panel.setAccessibleName(title)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                     QDockWidget.DockWidgetFeature.DockWidgetClosable |
                     QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    # Qt does not mirror dock areas: in a right-to-left language the team goes right.
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea if window.isRightToLeft()
                         else Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    return dock
