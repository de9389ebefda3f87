"""Starting the window: the Qt application, the plan to open, screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run_window(plan_path: str | None, *, screenshot: str | None = None,
               view: str = "grid") -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from resources import DEMO_PLAN

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Overlap")
    app.setApplicationName("Overlap")
    settings = QSettings()
    path = plan_path
    if path is None:
        last = settings.value("files/last")
        path = str(last) if last and Path(str(last)).is_file() else str(DEMO_PLAN)
    window = MainWindow(settings=settings)
    window.open_path(path, fallback=DEMO_PLAN)
    window.show_view(view)
    if screenshot:
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        ok = window.grab().save(screenshot, "PNG")
        window.close()
        if not ok:
            print(f"overlap: cannot write the screenshot to {screenshot}", file=sys.stderr)
            return 1
        return 0
    window.show()
    QTimer.singleShot(0, window.raise_)
    return app.exec()
