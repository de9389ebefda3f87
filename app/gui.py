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
    return ("there is no display to open the window on (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set). Run it in a desktop session, use a command such as "
            "`overlap windows PLAN --from DATE --to DATE` (see `overlap --help`), or render "
            "the window to a file with `overlap open --screenshot FILE.png`")


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

    from resources import DEMO_PLAN
    from widgets.fonts import bundled_font

    from .excepthook import ExceptionDialogHook
    from .main_window import MainWindow, system_clock

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Overlap")
    app.setApplicationName("Overlap")
    app.setApplicationDisplayName("Overlap")
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
    window = MainWindow(settings=settings, clock=clock, recovery_dir=recovery_dir,
                        interactive=not screenshot)
    if not screenshot:
        hook.save = window.save_as   # the error dialog offers to save a copy
    if screenshot:
        window.resize(*size)
        try:
            if not window.open_path(path):
                return 1   # the problem is on stderr; no picture of the wrong plan
            window.show_view(view)
            return _screenshot(app, window, screenshot, view)
        finally:
            settings.sync()
            shutil.rmtree(scratch, ignore_errors=True)
    window.open_path(path, fallback=DEMO_PLAN)
    window.show_view(view)
    window.show()
    QTimer.singleShot(0, window.raise_)
    QTimer.singleShot(0, window.offer_recovery)
    return app.exec()


def _screenshot(app: object, window: object, target: str, view: str) -> int:
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    window.prepare_screenshot(view)
    for _ in range(3):
        QApplication.processEvents()
    image = window.grab().toImage()
    window.setWindowModified(False)
    window.close()
    if image.isNull() or not image.save(target, "PNG"):
        print(f"overlap: cannot write the screenshot to {target}", file=sys.stderr)
        return 1
    print(f"overlap: wrote {target} ({image.width()}×{image.height()})", file=sys.stderr)
    return 0
