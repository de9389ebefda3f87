"""A real TimeGrid on screen for widget tests."""

from __future__ import annotations

from tests.builders import calendar, fixed_clock
from widgets.grid import GridRange, TimeGrid


def make_grid(qtbot, p, day, *, days=1, width=1000, height=320, cal=None,
              clock="2026-03-09T10:20:00+00:00", font=None):
    grid = TimeGrid(fixed_clock(clock))
    if font is not None:
        grid.setFont(font)
    qtbot.addWidget(grid)
    grid.set_plan(p, cal or calendar(p), GridRange(day, days, p.reference_zone))
    grid.resize(width, height)
    grid.show()
    qtbot.waitExposed(grid)
    return grid
