"""The check-in planner page gives what the command line gives for the same input."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QAccessible

from app.cli import main as cli
from planner.context import PlanContext, open_plan
from resources import DEMO_PLAN
from tests.builders import calendar, document, fixed_clock
from widgets.burden_chart import BurdenChart
from widgets.planner_page import PlannerPage, RotationModel, SeriesModel, burden_bars


@pytest.fixture(scope="module")
def ctx():
    return open_plan(DEMO_PLAN)


def run_cli(capsys, *args):
    assert cli([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def make_page(qtbot, ctx, *, start=date(2026, 3, 9), time="15:00", zone="Europe/Berlin",
              cadence="week", count=12, duration=30, policy="keep"):
    page = PlannerPage(fixed_clock("2026-03-09T10:20:00+00:00"))
    qtbot.addWidget(page)
    page.set_context(ctx)
    page.start_edit.setDate(QDate(start.year, start.month, start.day))
    h, m = map(int, time.split(":"))
    page.time_edit.setTime(QTime(h, m))
    page.zone_edit.setText(zone)
    page.cadence.setCurrentIndex(page.cadence.findData(cadence))
    page.count.setValue(count)
    page.duration.setValue(duration)
    page.on_conflict.setCurrentIndex(page.on_conflict.findData(policy))
    return page


@pytest.mark.parametrize("time, zone, cadence, policy", [
    ("15:00", "Europe/Berlin", "week", "keep"),
    ("09:00", "America/New_York", "2weeks", "move"),
    ("10:30", "Asia/Kathmandu", "month", "skip"),
])
def test_series_matches_the_command_line(qtbot, capsys, ctx, time, zone, cadence, policy):
    page = make_page(qtbot, ctx, time=time, zone=zone, cadence=cadence, count=8,
                     policy=policy)
    report = page.analyse()
    expected = run_cli(capsys, "series", str(DEMO_PLAN), "--start", "2026-03-09", "--time",
                       time, "--zone", zone, "--every", cadence, "--count", "8",
                       "--duration", "30", "--on-conflict", policy)
    got = [{"date": o.date.isoformat(), "start": o.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "decision": o.decision.action,
            "local": [m.local_start.isoformat() for m in o.members],
            "comfort": [m.comfort for m in o.members],
            "drift": [(d.name, d.minutes) for d in o.drift]} for o in report.occurrences]
    want = [{"date": o["date"], "start": o["start"], "decision": o["decision"],
             "local": [m["local_start"] for m in o["members"]],
             "comfort": [m["comfort"] for m in o["members"]],
             "drift": [(d["name"], d["minutes"]) for d in o["drift"]]}
            for o in expected["occurrences"]]
    assert got == want
    assert page.series_model.rowCount() == 8


def test_rotation_matches_the_command_line(qtbot, capsys, ctx):
    page = make_page(qtbot, ctx, count=10)
    rotation = page.rotate()
    expected = run_cli(capsys, "rotate", str(DEMO_PLAN), "--start", "2026-03-09", "--every",
                       "week", "--count", "10", "--duration", "30")
    assert [(c.id, c.time_text, c.zone) for c in rotation.candidates] == \
        [(c["id"], c["time"], c["zone"]) for c in expected["candidates"]]
    assert [o.slot for o in rotation.occurrences] == [o["slot"] for o in expected["occurrences"]]
    assert rotation.max_burden == pytest.approx(expected["max_burden"])
    bars = page.chart.bars
    assert [b.total for b in bars] == pytest.approx([e["total_cost"] for e in expected["ledger"]])
    # The painted chart's figures reach a screen reader through its description.
    said = QAccessible.queryAccessibleInterface(page.chart).text(QAccessible.Text.Description)
    for entry, part in zip(expected["ledger"], said.split("; "), strict=True):
        figures = [f"{round(entry['total_cost'], 2):g}"]
        if entry["night"]:
            figures.append(f"{entry['night']} night")
        if entry["early_late"]:
            figures.append(f"{entry['early_late']} early/late")
        assert part.startswith(f"{entry['name']}: {' · '.join(figures)}")


def test_locks_survive_re_optimising(qtbot, ctx):
    page = make_page(qtbot, ctx, count=8)
    rotation = page.rotate()
    model = page.rotation_model
    other = next(c.id for c in rotation.candidates if c.id != rotation.occurrences[0].slot)
    model.lock(1, other)                 # occurrence 1 pinned to the other slot
    box = model.index(2, 3)
    assert model.setData(box, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    again = page.rotate(keep_locks=True)
    assert again.occurrences[0].slot == other and again.occurrences[0].locked
    assert again.occurrences[2].locked
    assert [c.id for c in again.candidates] == [c.id for c in rotation.candidates]


def test_keep_skip_and_move_a_conflicting_occurrence(qtbot, ctx):
    page = make_page(qtbot, ctx)
    report = page.analyse()
    row = next(i for i, o in enumerate(report.occurrences) if o.rule_conflicts)  # Easter Monday
    assert page.decide("skip", row)
    assert not page.series_model.report.occurrences[row].held
    assert page.decide("move", row)
    moved = page.series_model.report.occurrences[row]
    assert moved.moved and moved.conflicts == ()
    assert abs((moved.date - moved.rule_date).days) <= 3
    assert page.decide("keep", row)
    assert page.series_model.report.occurrences[row].decision.action == "keep"
    # decisions made by hand survive a change of duration (same rule dates)
    page.decide("skip", row)
    page.duration.setValue(45)
    page.analyse()
    assert not page.series_model.report.occurrences[row].held


def test_a_slot_from_the_grid_prefills_the_form(qtbot, ctx):
    page = make_page(qtbot, ctx)
    start = datetime.fromisoformat("2026-04-14T13:15:00+00:00")
    page.start_from_slot(start, datetime.fromisoformat("2026-04-14T14:00:00+00:00"))
    s = page.series
    assert (s.start, s.local_time.strftime("%H:%M"), s.zone, s.duration) == \
        (date(2026, 4, 14), "15:15", "Europe/Berlin", 45)


def test_bad_input_is_shown_inline(qtbot, ctx):
    page = make_page(qtbot, ctx)
    page.zone_edit.setText("Europe/Berlim")
    assert page.analyse() is None
    assert not page.problem_label.isHidden()
    assert "Europe/Berlin" in page.problem_label.text()
    page.candidates_edit.setText("25:00 Europe/Berlin")
    assert page.rotate() is None
    assert "⚠" in page.rotation_label.text()


def test_planner_models_pass_the_model_tester(qtbot, qtmodeltester, ctx):
    page = make_page(qtbot, ctx, count=6)
    page.analyse()
    page.rotate()
    series_model = SeriesModel()
    series_model.set_report(page.series_model.report)
    qtmodeltester.check(series_model, force_py=True)
    rotation_model = RotationModel()
    rotation_model.zones = tuple(m.zone for m in ctx.plan.members)
    rotation_model.set_rotation(page.rotation_model.rotation)
    qtmodeltester.check(rotation_model, force_py=True)


def test_burden_chart_scales_to_the_counted_members(qtbot, ctx):
    page = make_page(qtbot, ctx, count=8)
    rotation = page.rotate()
    chart = BurdenChart()
    qtbot.addWidget(chart)
    chart.set_bars(burden_bars(rotation, ctx.plan))
    chart.resize(400, 240)
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    assert not image.isNull()
    counted = [b for b in chart.bars if b.counted]
    assert max(b.total for b in counted) == pytest.approx(rotation.max_burden)


def test_the_panels_buttons_reach_the_page_signals(qtbot, ctx):
    # The buttons live in the series and rotation panels; the window listens to the page.
    page = make_page(qtbot, ctx, count=6)
    page.analyse()
    series_panel, rotation_panel = page.series_panel, page.rotation_panel
    with qtbot.waitSignal(page.export_requested) as exported:
        series_panel.sharing.export_button.click()
    assert exported.args == [page.series]
    assert not rotation_panel.reoptimise_button.isEnabled()
    with qtbot.waitSignal(page.rotation_changed) as rotated:
        rotation_panel.rotate_button.click()     # over the check-in's dates
    rotation = rotated.args[0]
    assert (rotation.start, rotation.count) == (date(2026, 3, 9), 6)
    page.rotation_model.lock(2, rotation.occurrences[1].slot)
    with qtbot.waitSignal(page.rotation_changed) as again:
        rotation_panel.reoptimise_button.click()
    assert again.args[0].occurrences[1].locked
    with qtbot.waitSignal(page.export_requested) as exported:
        rotation_panel.sharing.export_button.click()
    assert exported.args == [again.args[0]]


def test_keep_skip_and_move_buttons_decide_the_selected_occurrence(qtbot, ctx):
    page = make_page(qtbot, ctx)
    report = page.analyse()
    panel = page.series_panel
    assert not panel.skip_button.isEnabled()     # nothing selected yet
    row = next(i for i, o in enumerate(report.occurrences) if o.rule_conflicts)
    page.series_view.selectRow(row)
    with qtbot.waitSignal(page.series_changed) as changed:
        panel.skip_button.click()
    assert not changed.args[0].occurrences[row].held
    panel.move_button.click()
    assert page.series_model.report.occurrences[row].moved
    panel.keep_button.click()
    assert page.series_model.report.occurrences[row].decision.action == "keep"


def test_a_count_the_user_typed_is_kept_when_the_cadence_changes(qtbot, ctx):
    page = make_page(qtbot, ctx, count=10)        # typed
    page.cadence.setCurrentIndex(page.cadence.findData("2weeks"))
    assert page.count.value() == 10
    page.set_context(open_plan(DEMO_PLAN))        # another plan: the form starts afresh
    assert page.count.value() == 26
    page.cadence.setCurrentIndex(page.cadence.findData("month"))
    assert page.count.value() == 6                # not typed: the cadence's default


def test_the_conflict_summary_follows_skips_and_moves(qtbot, ctx):
    page = make_page(qtbot, ctx)
    report = page.analyse()
    rows = [i for i, o in enumerate(report.occurrences) if o.rule_conflicts]
    assert len(rows) == 2                         # Easter Monday and Whit Monday
    summary = page.series_panel.summary
    assert "2 occurrence(s) held with a required member off." in summary.text()
    # Whit Monday cannot move: in Dubai 26-29 May 2026 are Arafah and Eid al-Adha, and
    # Jonas does not work Fridays; skip it, and move Easter Monday to the Tuesday.
    assert not page.decide("move", rows[1])
    assert page.decide("skip", rows[1])
    assert "1 occurrence(s) held with a required member off. 1 skipped or moved away " \
        "from one." in summary.text()
    assert page.decide("move", rows[0])
    assert "No occurrence is held on a required member's day off. 2 skipped or moved " \
        "away from one." in summary.text()


def test_decisions_and_the_rotation_survive_a_re_plan_of_the_same_plan(qtbot, ctx):
    page = make_page(qtbot, ctx, count=8)
    page.analyse()
    assert page.decide("skip", 2)
    assert page.decide("move", 4)
    rotation = page.rotate()
    page.rotation_model.lock(1, rotation.occurrences[0].slot)
    page.set_context(ctx)                         # e.g. the locale changed
    occurrences = page.series_model.report.occurrences
    assert not occurrences[2].held and occurrences[4].moved
    assert page.rotation_model.rotation is not None
    assert page.rotation_model.locks == {1: rotation.occurrences[0].slot}
    # another plan: nothing of this one is carried over
    page.set_context(open_plan(DEMO_PLAN))
    assert all(o.held and not o.moved for o in page.series_model.report.occurrences)
    assert page.rotation_model.rotation is None and page.candidates_edit.text() == ""


def planner(qtbot, ctx):
    page = PlannerPage(fixed_clock("2026-10-01T10:00:00+00:00"))
    qtbot.addWidget(page)
    page.set_context(ctx)
    return page


def test_a_saved_meeting_is_planned_with_its_rule_attendees_and_decisions(qtbot, ctx):
    page = planner(qtbot, ctx)
    assert page.meeting is None and page.start_edit.isEnabled()
    page.edit_meeting("weekly-sync")
    meeting = page.meeting
    assert meeting.id == "weekly-sync" and not page.start_edit.isEnabled()
    s = page.series
    assert (s.start, s.local_time.strftime("%H:%M"), s.zone, s.count) == \
        (date(2026, 11, 5), "09:00", "America/New_York", len(meeting.rule_dates()))
    report = page.series_model.report
    assert [o.rule_date for o in report.occurrences if not o.held] == \
        [date(2026, 12, 24), date(2026, 12, 31)]
    assert [m.name for m in report.occurrences[0].members] == ["Lena", "Jonas", "Maya"]
    row = next(i for i, o in enumerate(report.occurrences) if o.rule_date == date(2027, 1, 7))
    with qtbot.waitSignal(page.meeting_change_requested) as asked:
        assert page.decide("skip", row)
    assert asked.args == ["weekly-sync", {"skip": ["2026-12-24", "2026-12-31", "2027-01-07"]}]
    with qtbot.waitSignal(page.meeting_change_requested) as asked:
        assert page.decide("move", row)
    # Friday 8 January is a day off for Jonas (Monday to Thursday): Wednesday it is
    assert asked.args == ["weekly-sync", {"move": {"2027-01-07": "2027-01-06"}}]
    page.edit_meeting(None)                       # back to a check-in of its own
    assert page.start_edit.isEnabled()
    assert all(o.held for o in page.series_model.report.occurrences)


def test_a_rotating_meetings_locks_are_asked_for_by_date(qtbot, ctx):
    page = planner(qtbot, ctx)
    page.edit_meeting("delivery-sync")
    rotation = page.rotation_model.rotation
    assert [c.text for c in rotation.candidates] == ["06:30 America/New_York",
                                                    "20:30 Asia/Kolkata"]
    assert page.candidates_edit.isReadOnly()
    assert {m.name for m in page.series_model.report.occurrences[0].members} == \
        {"Priya", "Arjun", "Sushma", "Maya", "Tomás"}
    third = rotation.occurrences[2]
    with qtbot.waitSignal(page.meeting_change_requested) as asked:
        page.rotation_model.lock(3, third.slot)
    assert asked.args == ["delivery-sync", {"lock": {third.date.isoformat(): third.slot}}]


def test_a_meeting_on_several_days_says_why_the_planner_cannot_show_it(qtbot):
    text = DEMO_PLAN.read_text(encoding="utf-8").replace('days = ["tue"]',
                                                         'days = ["tue", "thu"]')
    doc = document(text)
    page = planner(qtbot, PlanContext(doc, calendar(doc.plan)))
    page.edit_meeting("delivery-sync")
    assert page.series is None and page.rotation_model.rotation is None
    assert "repeats on several days" in page.problem_label.text()


def test_the_series_summary_writes_its_start_date_in_the_users_locale(qtbot, ctx):
    # Reported: the Japanese planner read "2026-03-09 から" (an ISO date in a sentence).
    from babel.dates import format_date

    from widgets.formatting import Formats

    page = make_page(qtbot, ctx)
    page.set_formats(Formats(locale="ja_JP"))
    page.analyse()
    text = page.series_panel.summary.text()
    assert format_date(date(2026, 3, 9), "medium", locale="ja_JP") in text
    assert "2026-03-09" not in text
