"""The check-in planner (occurrences and rotation) shows the demo's periods: Lena working
from Tokyo (weekly check-in, May 2027) and the Dubai partner's Ramadan hours (partner
review, 23 February 2027)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTime

from planner.context import open_plan
from resources import DEMO_PLAN
from tests.builders import fixed_clock
from widgets.planner_page import PlannerPage
from widgets.planner_page.series_model import SeriesModel


@pytest.fixture(scope="module")
def ctx():
    return open_plan(DEMO_PLAN)


@pytest.fixture
def page(qtbot, ctx):
    page = PlannerPage(fixed_clock("2026-12-01T09:00:00+00:00"))
    qtbot.addWidget(page)
    page.set_context(ctx)
    return page


def _cell(model: SeriesModel, day: str, name: str, role=Qt.ItemDataRole.DisplayRole):
    report = model.report
    assert report is not None
    row = next(i for i, o in enumerate(report.occurrences) if o.date.isoformat() == day)
    col = model.columns().index(name)
    return model.data(model.index(row, col), role)


def test_partner_review_marks_omars_ramadan_hours_and_not_after(page):
    page.edit_meeting("partner-review")
    model = page.series_model
    cell = _cell(model, "2027-02-23", "Omar")
    assert cell.startswith("13:30") and "◆ short hours" in cell
    tip = _cell(model, "2027-02-23", "Omar", Qt.ItemDataRole.ToolTipRole)
    assert "shoulder" in tip and "Ramadan hours" in tip and "hours: 08:00-14:00" in tip
    assert "(site dxb)" in tip
    assert _cell(model, "2027-03-23", "Omar") == "13:30"          # usual hours again
    assert "◆" not in _cell(model, "2027-02-23", "Priya")          # no period of hers
    # Kathmandu's winter hours are marked on the January occurrence only.
    assert "◆ short hours" in _cell(model, "2027-01-27", "Sushma")
    assert "◆" not in _cell(model, "2027-02-23", "Sushma")


def test_weekly_check_in_marks_lenas_travel_and_gives_the_drifts_reason(page):
    page.edit_meeting("weekly-sync")
    model = page.series_model
    cell = _cell(model, "2027-05-13", "Lena")
    assert cell.startswith("22:00") and cell.endswith("◆ in Tokyo")
    tip = _cell(model, "2027-05-06", "Lena", Qt.ItemDataRole.ToolTipRole)
    assert "+420 minutes against the previous occurrence (travel: another zone)" in tip
    assert "Tokyo office" in tip and "working from Asia/Tokyo" in tip
    back = _cell(model, "2027-05-20", "Lena", Qt.ItemDataRole.ToolTipRole)
    assert "-420 minutes" in back and "travel" in back
    assert "◆" not in _cell(model, "2027-05-20", "Lena")
    assert "◆" not in _cell(model, "2027-05-13", "Jonas")          # Jonas stays in Berlin


def test_a_clock_change_drift_is_not_called_travel(page):
    page.edit_meeting("weekly-sync")
    model = page.series_model
    report = model.report
    (o,) = [o for o in report.occurrences if any(d.name == "Lena" and d.reason == "clock_change"
                                                 for d in o.drift)][:1]
    tip = _cell(model, o.date.isoformat(), "Lena", Qt.ItemDataRole.ToolTipRole)
    assert "(a clock change)" in tip and "travel" not in tip


def test_rotation_reads_lena_on_her_tokyo_clock_and_marks_the_period(qtbot, page):
    page.edit_meeting(None)
    series = page.series_panel
    series.start_edit.setDate(QDate(2027, 4, 26))
    series.time_edit.setTime(QTime(9, 0))
    series.zone_edit.setText("Europe/Berlin")
    series.count.setValue(4)
    page.candidates_edit.setText("09:00 Europe/Berlin; 15:00 Europe/Berlin")
    rotation = page.rotate()
    assert rotation is not None
    model = page.rotation_model
    col = model.columns().index("Lena")
    jonas = model.columns().index("Jonas")
    for row, o in enumerate(rotation.occurrences):
        text = model.data(model.index(row, col))
        berlin_hour = int(model.data(model.index(row, jonas))[:2])
        if o.date.isoformat() in ("2027-05-03", "2027-05-10"):    # in Tokyo: +7 h
            assert text.startswith(f"{berlin_hour + 7:02d}:00") and text.endswith("◆ in Tokyo")
            tip = model.data(model.index(row, col), Qt.ItemDataRole.ToolTipRole)
            assert "Tokyo office" in tip
        else:
            assert text.startswith(f"{berlin_hour:02d}:00") and "◆" not in text
