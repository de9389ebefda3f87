"""A plan file that is not valid TOML: the window says where and what to do in plain
words, not in the parser's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings

from app.main_window import MainWindow
from resources import DEMO_PLAN
from tests.app.window_helpers import record_message_boxes, stub_io

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_control_character_is_explained_with_file_line_column_and_fix(qtbot, tmp_path,
                                                                         monkeypatch):
    asked = record_message_boxes(monkeypatch)
    text = DEMO_PLAN.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith('name = "Priya"'))
    lines[n] = 'name = "Pri\x01ya"\n'
    bad = tmp_path / "team.toml"
    bad.write_text("".join(lines), encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: datetime(2026, 3, 9, tzinfo=UTC),
                   plan_io=stub_io(), recovery_dir=tmp_path / "recovery",
                   autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert not w.documents.open_path(bad)
    [shown] = asked
    assert shown == (f"Cannot open the plan: {bad}:{n + 1}: column 12 holds an invisible "
                     "control character (U+0001) — delete it: retype the text around "
                     "column 12 (editors show such a character as a box, as ^A or not at all)")
    assert "0x1f" not in shown and "Illegal" not in shown
