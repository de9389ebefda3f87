"""Starting the window: the Qt application, logging, the plan to open, screenshots."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt loads only when the window opens
    from PySide6.QtGui import QGuiApplication, QImage
    from PySide6.QtWidgets import QDialog

    from .main_window import MainWindow

log = logging.getLogger("overlap")

SCREENSHOT_SIZE = (1400, 860)


def _setup_logging(folder: Path) -> Path | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    path = folder / "overlap.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def fixed_clock(now: datetime) -> Callable[[], datetime]:
    def clock() -> datetime:
        return now
    return clock


def no_display(environ: Mapping[str, str], platform: str) -> str | None:
    """Why the window cannot open here, or None.

    Without this, Qt aborts with "no Qt platform plugin could be initialized ...
    Reinstalling the application may fix this problem", which it will not.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    from planner.i18n import _

    return _("there is no display to open the window on (neither DISPLAY nor "
             "WAYLAND_DISPLAY is set). Run it in a desktop session, use a command such as "
             "`overlap windows PLAN --from DATE --to DATE` (see `overlap --help`), or render "
             "the window to a file with `overlap open --screenshot FILE.png`")


def set_identity(app: QGuiApplication) -> None:
    """Names, icon and desktop entry of the application.

    The names decide where Qt keeps settings and data (QSettings and
    QStandardPaths: ~/.config/Overlap, ~/.local/share/Overlap/Overlap on Linux),
    never beside the program. The desktop file name is Wayland's app id, which
    the desktop matches to the installed entry and its icon.
    """
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from resources import APP_ID, ICON_SIZES, icon_png

    app.setOrganizationName("Overlap")
    app.setApplicationName("Overlap")
    app.setApplicationDisplayName("Overlap")
    app.setDesktopFileName(APP_ID)
    icon = QIcon()
    for size in ICON_SIZES:   # PNGs: no SVG renderer needed to show the icon
        icon.addFile(str(icon_png(size)), QSize(size, size))
    app.setWindowIcon(icon)


def run_window(plan_path: str | None, *, screenshot: str | None = None,
               view: str = "grid", now: datetime | None = None,
               size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if problem := no_display(os.environ, sys.platform):
        print(f"overlap: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings, QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    from planner.i18n import _
    from resources import DEMO_PLAN
    from widgets.fonts import bundled_font

    from .excepthook import ExceptionDialogHook
    from .language import start_language
    from .main_window import MainWindow, system_clock
    from .settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    set_identity(app)
    clock = fixed_clock(now.astimezone(UTC)) if now else system_clock
    if screenshot:
        # Screenshots look the same everywhere: bundled font, no stored settings.
        app.setFont(bundled_font(13))
        # Never QSettings(os.devnull): QSettings saves by writing a temporary file
        # and renaming it over the target, which as root replaces /dev/null itself.
        scratch = Path(tempfile.mkdtemp(prefix="overlap-shot-"))
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        recovery_dir = scratch / "recovery"
    else:
        settings = QSettings()
        recovery_dir = None
        data = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation))
        log_path = _setup_logging(data)
        hook = ExceptionDialogHook(str(log_path) if log_path else None)
        hook.install()
    path = plan_path
    if path is None:
        last = settings.value("files/last")
        path = str(last) if last and Path(str(last)).is_file() else str(DEMO_PLAN)
    start_language(app, AppSettings(settings).locale, os.environ)
    window = MainWindow(settings=settings, clock=clock, recovery_dir=recovery_dir,
                        interactive=not screenshot)
    documents = window.documents
    if not screenshot:
        hook.save = documents.save_as   # the error dialog offers to save a copy
    if screenshot:
        window.resize(*size)
        try:
            if not documents.open_path(path):
                return 1   # the problem is on stderr; no picture of the wrong plan
            window.show_view("meetings" if view == "invite" else view)
            return _screenshot(window, screenshot, view)
        finally:
            settings.sync()
            shutil.rmtree(scratch, ignore_errors=True)
    window.show_view(view)
    window.show()
    QTimer.singleShot(0, window.raise_)
    # Paint first, then read the plan (the grid fills in), then offer what a crash left.
    window.reporter.status(_("Opening {file} …").format(file=Path(path).name))
    window.after_first_paint(lambda: documents.open_path(path, fallback=DEMO_PLAN))
    window.after_first_paint(documents.offer_recovery)
    return app.exec()


def _screenshot(window: MainWindow, target: str, view: str) -> int:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImageWriter
    from PySide6.QtWidgets import QApplication

    window.show()
    for _round in range(3):
        QApplication.processEvents()
    prepare_screenshot(window, view)
    for _round in range(3):
        QApplication.processEvents()
    image = window.grab().toImage()
    dialog = window.mail.dialog
    if dialog is not None:  # a dialog is a window of its own: put it where it would be
        _paint_dialog(image, dialog)
        dialog.reject()
    window.documents.set_modified(False)
    window.close()
    # QImageWriter, not QImage.save: PySide6's stubs and runtime disagree on its format type.
    writer = QImageWriter(target)
    writer.setFormat(QByteArray(b"PNG"))
    if image.isNull() or not writer.write(image):
        from planner.i18n import _

        print("overlap: " + _("cannot write the screenshot to {file}").format(file=target),
              file=sys.stderr)
        return 1
    print(f"overlap: wrote {target} ({image.width()}×{image.height()})", file=sys.stderr)
    return 0


def _paint_dialog(image: QImage, dialog: QDialog) -> None:
    """Draw a dialog over the middle of the window's picture, with a plain title bar (an
    offscreen grab has no window frame)."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QPainter, QPen

    shot = dialog.grab()
    bar = dialog.fontMetrics().height() + 12
    left = (image.width() - shot.width()) // 2
    top = (image.height() - shot.height() - bar) // 2
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 60))  # the window behind is modal-dimmed
    title = QRect(left, top, shot.width(), bar)
    painter.fillRect(title, QColor("#3B4252"))
    painter.setPen(QColor("white"))
    painter.setFont(dialog.font())
    painter.drawText(title, int(Qt.AlignmentFlag.AlignCenter), dialog.windowTitle())
    painter.drawPixmap(QPoint(left, top + bar), shot)
    painter.setPen(QPen(QColor("#3B4252"), 1))
    painter.drawRect(QRect(left, top, shot.width() - 1, shot.height() + bar - 1))
    painter.end()


def prepare_screenshot(window: MainWindow, view: str) -> None:
    """Put something worth seeing on screen for --screenshot (docs, README)."""
    if window.ctx is None:
        return
    if view == "planner":
        window.planner_page.prepare_screenshot()
    if view == "invite":
        window.meetings_page.select(0)
        window.meetings_page.mail_box.invite_button.click()
    if view == "clocks":
        page = window.meetings.clocks_page
        if page.shifts.rowCount():
            page.shifts_view.selectRow(0)
            page.preview()
    if view != "grid":
        return
    grid = window.grid
    data = grid.grid_data
    if data is not None and data.slots:
        start = datetime.fromtimestamp(data.start, tz=UTC)
        grid.select_interval(start, start)
        if not data.windows and max(data.available) >= 2:
            # Nobody-overlaps-everybody is the demo's point; show the stretches where
            # most people are in instead.
            window.grid_page.min_count.setValue(max(data.available))
        grid.jump_to_window(True)
    window.team_panel.select("member", 0)
    grid.setFocus()
