"""The grid under periods: Lena works from Tokyo 2027-05-03..2027-05-14 (demo plan)."""

from __future__ import annotations

from datetime import date

from resources import DEMO_PLAN
from tests.builders import at, calendar, document, fixed_clock
from widgets.grid import GridRange, TimeGrid
from widgets.grid.data import compute_grid_data

DEMO = document(DEMO_PLAN.read_text(encoding="utf-8"))


def _row(data, name):
    return next(i for i, rd in enumerate(data.rows) if rd.name == name)


def _hour_at(rd, t):
    return dict(rd.hour_marks)[int(t.timestamp())]


def test_lenas_hour_labels_read_tokyo_hours_during_her_period():
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2027, 5, 10), 1, "Europe/Berlin"))
    lena = data.rows[_row(data, "Lena")]
    jonas = data.rows[_row(data, "Jonas")]
    t = at("2027-05-10 09:00", "Europe/Berlin")   # 16:00 in Tokyo
    assert _hour_at(lena, t) == 16
    assert _hour_at(jonas, t) == 9
    (a, b, zone, period), = lena.periods
    assert (a, b) == (data.start, data.end) and zone == "Asia/Tokyo"
    assert period.note == "Tokyo office"
    assert jonas.periods == ()


def test_lenas_row_switches_clock_where_her_period_starts():
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2027, 5, 2), 1, "Europe/Berlin"))
    lena = data.rows[_row(data, "Lena")]
    start = int(at("2027-05-03 00:00", "Asia/Tokyo").timestamp())  # 2027-05-02 17:00 Berlin
    (a, b, _, _), = lena.periods
    assert (a, b) == (start, data.end)
    assert _hour_at(lena, at("2027-05-02 16:00", "Europe/Berlin")) == 16  # still in Berlin
    assert _hour_at(lena, at("2027-05-02 17:00", "Europe/Berlin")) == 0   # Tokyo midnight
    assert len(lena.hour_marks) == len(set(lena.hour_marks))


def test_tooltip_gives_tokyo_time_and_the_periods_note(qtbot):
    p = DEMO.plan
    grid = TimeGrid(fixed_clock("2027-05-10T03:00:00+00:00"))
    qtbot.addWidget(grid)
    grid.set_plan(p, calendar(p), GridRange(date(2027, 5, 10), 1, "Europe/Berlin"))
    data = grid.grid_data
    slot = data.slot_of(int(at("2027-05-10 09:00", "Europe/Berlin").timestamp()))
    line = next(x for x in grid.tooltip_text(slot).split("<br>") if x.startswith("Lena"))
    assert "16:00" in line and "Tokyo office" in line
    jonas = next(x for x in grid.tooltip_text(slot).split("<br>") if x.startswith("Jonas"))
    assert "09:00" in jonas and "Tokyo" not in jonas


def test_kathmandu_winter_hours_are_a_band_on_sushmas_row():
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 12, 1), 1, "Europe/Berlin"))
    (_, _, zone, period), = data.rows[_row(data, "Sushma")].periods
    assert zone == "Asia/Kathmandu" and period.note == "Winter hours"
