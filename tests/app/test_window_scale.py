"""Issue 7, scale: a 500-member plan across 60 zones opens in the window and the grid
covers every member (time is measured in benchmarks/scale.py, not asserted here)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.main_window import MainWindow
from benchmarks.scale import big_plan_text


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise")
def test_five_hundred_members_in_sixty_zones_open_and_paint(qtbot, tmp_path):
    plan = tmp_path / "scale.toml"
    plan.write_text(big_plan_text(members=500, zones=60), encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    assert w.documents.open_path(plan)
    w.resize(1400, 860)
    w.show()
    qtbot.waitExposed(w)
    data = w.grid.grid_data
    assert data is not None and len(data.rows) == 500
    assert len({m.zone for m in w.ctx.plan.members}) == 60
    w.grid.show_week(w.grid.grid_range.first)
    w.grid.repaint()
    assert w.grid.grid_range.days == 7 and len(w.grid.grid_data.rows) == 500
    w.close()
