"""Kill the real app process with unsaved changes; the next start offers them back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from resources import DEMO_PLAN

ROOT = Path(__file__).resolve().parents[2]

# The child runs the real window, makes an edit, lets the autosave timer fire and
# reports; then it is killed with SIGKILL: no close event, no cleanup.
CHILD = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from app.main_window import MainWindow
plan, recovery, ini = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
app = QApplication([])
settings = QSettings(ini, QSettings.Format.IniFormat)
w = MainWindow(settings=settings, recovery_dir=recovery, autosave_ms=50)
w.documents.open_path(plan)
doc = w.ctx.document
w.editor.apply_edit(lambda: doc.update_entry("member", 0, {"email": "crash-test@example.com"}),
             "edited")
w.show()
deadline = time.monotonic() + 20
while not list(recovery.glob("*.toml")) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print("autosaved", flush=True)
while True:
    app.processEvents()
    time.sleep(0.01)
"""


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise")
def test_killed_app_offers_its_unsaved_changes_on_next_start(qtbot, tmp_path, monkeypatch):
    plan = tmp_path / "team.toml"
    plan.write_bytes(DEMO_PLAN.read_bytes())
    recovery = tmp_path / "recovery"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(plan), str(recovery),
                             str(tmp_path / "settings.ini")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "autosaved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    # The plan file itself was never touched.
    assert plan.read_bytes() == DEMO_PLAN.read_bytes()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from app.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings2.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=recovery)
    qtbot.addWidget(window)
    asked = []

    def answer_yes(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    assert window.documents.offer_recovery()
    assert asked and "did not close cleanly" in asked[0]
    assert window.ctx is not None
    assert window.ctx.plan.members[0].email == "crash-test@example.com"
    assert window.isWindowModified()
    assert window.ctx.document.path == plan
