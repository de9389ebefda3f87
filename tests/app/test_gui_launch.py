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
