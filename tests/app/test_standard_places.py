"""Settings, recent files, the log and autosave live where the platform keeps them
(QSettings, QStandardPaths), never beside the program or in the working folder.

The real start-up path (run_window) runs in a child process whose HOME and XDG
folders are temporary ones; an installed copy's folder may be read-only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import resources
from resources import DEMO_PLAN

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.gui import run_window
from app.main_window import MainWindow

app = QApplication([])

def edit_autosave_quit():
    w = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    doc = w.ctx.document
    w.editor.apply_edit(lambda: doc.update_entry("member", 0, {"email": "x@example.com"}),
                        "edited")
    print("autosaved", w.documents.autosave(), flush=True)
    w.settings.q.sync()
    app.exit(0)   # not quit(): that closes the window, which asks to save

QTimer.singleShot(300, edit_autosave_quit)
sys.exit(run_window(sys.argv[1]))
"""


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if "__pycache__" not in p.parts}


def test_window_keeps_settings_recent_files_log_and_autosave_in_standard_places(tmp_path):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    xdg = {"XDG_CONFIG_HOME": home / "config", "XDG_DATA_HOME": home / "data",
           "XDG_CACHE_HOME": home / "cache", "XDG_STATE_HOME": home / "state"}
    for folder in (home, cwd, *xdg.values()):
        folder.mkdir(parents=True, exist_ok=True)
    plan = tmp_path / "team.toml"
    plan.write_bytes(DEMO_PLAN.read_bytes())
    beside_program = _files(resources.HERE) | {f"app/{p}" for p in _files(ROOT / "app")}
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "PYTHONPATH": str(ROOT), **{k: str(v) for k, v in xdg.items()}}
    run = subprocess.run([sys.executable, "-c", CHILD, str(plan)], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "autosaved" in run.stdout

    conf = home / "config" / "Overlap" / "Overlap.conf"
    assert str(plan.resolve()) in conf.read_text(encoding="utf-8")   # the recent file
    data = home / "data" / "Overlap" / "Overlap"
    assert (data / "overlap.log").is_file()
    assert list((data / "recovery").glob("*.toml")), "the autosave is not in the data folder"
    assert list(cwd.iterdir()) == []
    assert _files(resources.HERE) | {f"app/{p}" for p in _files(ROOT / "app")} \
        == beside_program
