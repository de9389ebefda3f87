"""Starting the window: regressions.

Screenshot mode used QSettings(os.devnull); QSettings saves by renaming a
temporary file over its target, so running as root replaced /dev/null with a file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_screenshot_leaves_dev_null_a_device(tmp_path):
    out = tmp_path / "grid.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-m", "app", "open", "--screenshot", str(out),
                          "--now", "2026-03-30T09:20Z"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert out.stat().st_size > 10_000
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "/dev/null was replaced by a file"


def test_no_display_is_a_clear_message_not_a_qt_abort():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    run = subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "no display" in run.stderr and "--screenshot" in run.stderr
    assert "Reinstalling" not in run.stderr


# Prints what is loaded when the main window first paints, then whether the grid
# filled in with the plan; runs the real entry point.
_FIRST_PAINT = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
LATER = ("icalendar", "holidays", "caldav", "tomlkit", "babel", "importlib.metadata",
         "planner.caldav.transport", "planner.ics.export.build", "planner.holidays.adapter",
         "widgets.planner_page", "widgets.holidays_page", "widgets.meetings_page",
         "widgets.clock_changes", "planner.meetings", "planner.clocks", "planner.mail.transport",
         "planner.mail.sent", "planner.planfile", "planner.context", "smtplib", "tomllib")

class Watch(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() \
                and isinstance(obj.window(), QMainWindow):
            win = obj.window()
            if not self.painted:
                self.painted = True
                print("first paint:", ",".join(m for m in LATER if m in sys.modules))
            if obj is win.grid.viewport() and win.grid.grid_data is not None:
                print("filled:", win.ctx.plan.name, len(win.grid.grid_data.rows))
                app.removeEventFilter(self)
                QTimer.singleShot(0, lambda: app.exit(0))
        return False

watch = Watch()
app.installEventFilter(watch)
from app.cli import main
main(["open", sys.argv[1]])
"""


def test_the_window_paints_before_loading_what_the_plan_needs(tmp_path):
    # Start-up shows the window first: the holiday data, iCalendar, CalDAV, TOML
    # editing, babel, the plan file reader, e-mail, meetings and every other page load
    # after its first paint, and then the grid fills in with the plan.
    from resources import DEMO_PLAN

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", _FIRST_PAINT, str(DEMO_PLAN)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "first paint: ", lines
    assert lines[1].startswith("filled: ") and lines[1].split()[-1] != "0", lines
