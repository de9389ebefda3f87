"""The time grid through its real input paths: mouse drags and the keyboard.

Expected intervals come from zoneinfo directly (``at``), not from the grid's maths.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt

from planner.availability import comfort_segments
from tests.builders import at, calendar, member, plan
from tests.widgets.grid_helpers import make_grid
from widgets.grid import GridRange
from widgets.grid.data import compute_grid_data


def centre(grid, row, slot):
    x, y, w, h = grid.geometry_model.slot_rect(row, slot)
    return QPoint(x + w // 2, y + h // 2)


def drag(qtbot, grid, row, first, last):
    vp = grid.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=centre(grid, row, first))
    qtbot.mouseMove(vp, pos=centre(grid, row, (first + last) // 2))
    qtbot.mouseMove(vp, pos=centre(grid, row, last))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=centre(grid, row, last))


TEAM = plan(member("Lena", "Europe/Berlin"), member("Maya", "America/New_York"),
            member("Sushma", "Asia/Kathmandu", "10:00-17:00"), reference_zone="Europe/Berlin")


def test_mouse_drag_selects_the_utc_interval_across_spring_forward(qtbot):
    # Berlin, Sunday 29 March 2026: 02:00-03:00 does not exist, the day has 92 slots.
    grid = make_grid(qtbot, TEAM, date(2026, 3, 29))
    assert grid.grid_data.slots == 92
    seen = []
    grid.selection_changed.connect(lambda start, end: seen.append((start, end)))
    # slot 4 is 01:00 CET; slot 12 is two real hours later: 04:00 CEST, not 03:00
    drag(qtbot, grid, 1, 4, 12)
    assert grid.selection() == (at("2026-03-29 01:00", "Europe/Berlin"),
                                at("2026-03-29 04:15", "Europe/Berlin"))
    assert grid.selection()[1] - grid.selection()[0] == timedelta(hours=2, minutes=15)
    assert seen[-1] == grid.selection()    # the signal carried the final interval
    assert len(seen) >= 2                   # and reported the drag while it grew
    assert grid.cursor_cell() == (1, 12)


def test_dragging_backwards_selects_the_same_interval(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 9))
    drag(qtbot, grid, 0, 40, 36)
    assert grid.selection() == (at("2026-03-09 09:00", "Europe/Berlin"),
                                at("2026-03-09 10:15", "Europe/Berlin"))


def test_mouse_drag_in_a_quarter_to_hour_reference_zone(qtbot):
    p = plan(*TEAM.members, reference_zone="Asia/Kathmandu")
    grid = make_grid(qtbot, p, date(2026, 3, 9), width=777)
    drag(qtbot, grid, 2, 36, 43)   # 09:00 to 11:00 in Kathmandu (+05:45)
    start, end = grid.selection()
    assert (start, end) == (at("2026-03-09 09:00", "Asia/Kathmandu"),
                            at("2026-03-09 11:00", "Asia/Kathmandu"))
    assert start == datetime(2026, 3, 9, 3, 15, tzinfo=UTC)


def press(qtbot, grid, key, times=1, mods=Qt.KeyboardModifier.NoModifier):
    for _ in range(times):
        qtbot.keyClick(grid, key, mods)


def test_keyboard_moves_and_extends_across_fall_back(qtbot):
    # New York, Sunday 1 November 2026: 01:00-02:00 happens twice; 100 slots.
    p = plan(*TEAM.members, reference_zone="America/New_York")
    grid = make_grid(qtbot, p, date(2026, 11, 1))
    grid.setFocus()
    press(qtbot, grid, Qt.Key.Key_Home)
    press(qtbot, grid, Qt.Key.Key_Right, 4)          # 01:00 EDT
    press(qtbot, grid, Qt.Key.Key_Right, 3, Qt.KeyboardModifier.ShiftModifier)
    first_one = datetime(2026, 11, 1, 1, 0, tzinfo=ZoneInfo("America/New_York"))
    second_one = first_one.replace(fold=1)           # 01:00 EST, an hour later
    # four slots from 01:00 EDT end at the second 01:00, not at 02:00
    assert grid.selection() == (first_one.astimezone(UTC), second_one.astimezone(UTC))
    press(qtbot, grid, Qt.Key.Key_End)
    assert grid.selection() == (at("2026-11-01 23:45", "America/New_York"),
                                at("2026-11-02 00:00", "America/New_York"))
    assert grid.grid_data.slots == 100


def test_up_down_move_the_member_row_and_ctrl_right_moves_an_hour(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 9))
    press(qtbot, grid, Qt.Key.Key_Home)
    press(qtbot, grid, Qt.Key.Key_Down, 5)      # clamped to the last row
    press(qtbot, grid, Qt.Key.Key_Right, 2, Qt.KeyboardModifier.ControlModifier)
    assert grid.cursor_cell() == (2, 8)
    press(qtbot, grid, Qt.Key.Key_Up)
    assert grid.cursor_cell() == (1, 8)
    assert grid.selection() == (at("2026-03-09 02:00", "Europe/Berlin"),
                                at("2026-03-09 02:15", "Europe/Berlin"))


def test_page_down_shows_the_next_day_and_left_crosses_midnight(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 28))
    with qtbot.waitSignal(grid.range_changed) as blocker:
        press(qtbot, grid, Qt.Key.Key_PageDown)
    assert blocker.args[0] == GridRange(date(2026, 3, 29), 1, "Europe/Berlin")
    press(qtbot, grid, Qt.Key.Key_Home)
    press(qtbot, grid, Qt.Key.Key_Left)         # back to Saturday 23:45
    assert grid.grid_range.first == date(2026, 3, 28)
    assert grid.selection() == (at("2026-03-28 23:45", "Europe/Berlin"),
                                at("2026-03-29 00:00", "Europe/Berlin"))
    press(qtbot, grid, Qt.Key.Key_Right)        # and forward again
    assert grid.grid_range.first == date(2026, 3, 29)
    assert grid.selection()[0] == at("2026-03-29 00:00", "Europe/Berlin")


def test_week_view_page_down_moves_a_week(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 23), days=7, width=1300)
    assert grid.grid_data.slots == 7 * 96 - 4   # the week holds the spring-forward day
    press(qtbot, grid, Qt.Key.Key_PageDown)
    assert grid.grid_range.first == date(2026, 3, 30)


def brute_force_overlap(p, day_start, day_end):
    """Minute scan with zoneinfo: instants when every required member works."""
    out, t = [], day_start
    while t < day_end:
        ok = True
        for m in p.required:
            local = t.astimezone(ZoneInfo(m.zone))
            blocks = m.hours.on(local.weekday()) if local.weekday() not in m.weekend else ()
            minute = local.hour * 60 + local.minute
            ok &= any(b.start <= minute < b.end for b in blocks)
        out.append(ok)
        t += timedelta(minutes=1)
    runs, i = [], 0
    while i < len(out):
        if out[i]:
            j = i
            while j < len(out) and out[j]:
                j += 1
            runs.append((day_start + timedelta(minutes=i), day_start + timedelta(minutes=j)))
            i = j
        else:
            i += 1
    return runs


def test_n_selects_the_next_overlap_window_and_shift_n_the_previous(qtbot):
    p = plan(member("Lena", "Europe/Berlin"), member("Maya", "America/New_York"),
             reference_zone="Europe/Berlin")
    grid = make_grid(qtbot, p, date(2026, 3, 9))
    press(qtbot, grid, Qt.Key.Key_Home)
    expected = brute_force_overlap(p, at("2026-03-09 00:00", "Europe/Berlin"),
                                   at("2026-03-10 00:00", "Europe/Berlin"))
    assert len(expected) == 1
    press(qtbot, grid, Qt.Key.Key_N)
    assert grid.selection() == expected[0]
    # the next one is on Tuesday: the grid moves on to show it
    press(qtbot, grid, Qt.Key.Key_N)
    assert grid.grid_range.first == date(2026, 3, 10)
    assert grid.selection() == brute_force_overlap(p, at("2026-03-10 00:00", "Europe/Berlin"),
                                                   at("2026-03-11 00:00", "Europe/Berlin"))[0]
    press(qtbot, grid, Qt.Key.Key_N, mods=Qt.KeyboardModifier.ShiftModifier)
    assert grid.selection() == expected[0]


def test_availability_row_matches_a_minute_scan(qtbot):
    p = plan(member("Lena", "Europe/Berlin"), member("Maya", "America/New_York"),
             member("Sushma", "Asia/Kathmandu", "10:00-17:00"),
             member("Chloe", "Australia/Sydney", required=False), reference_zone="Europe/Berlin")
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 3, 9), 1, "Europe/Berlin"))
    for slot in range(data.slots):
        t0 = datetime.fromtimestamp(data.slot_start(slot), tz=UTC)
        expected = 0
        for m in p.required:
            alone = plan(m, reference_zone="Europe/Berlin")
            runs = brute_force_overlap(alone, t0, t0 + timedelta(minutes=15))
            expected += runs == [(t0, t0 + timedelta(minutes=15))]
        assert data.available[slot] == expected, slot


def test_hover_text_lists_every_members_local_time(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 9))
    text = grid.tooltip_text(36)     # 09:00 Berlin = 08:00Z
    assert "Mon 9 Mar 09:00" in text
    assert "Maya: Mon 9 Mar 04:00" in text          # EDT since 8 March
    assert "Sushma: Mon 9 Mar 13:45" in text
    assert "08:00 UTC" in text


def test_holiday_names_and_day_off_reasons_reach_the_grid(qtbot):
    p = TEAM
    cal = calendar(p, {("Lena", date(2026, 4, 3)): "Karfreitag"})
    data = compute_grid_data(p, cal, GridRange(date(2026, 4, 3), 1, "Europe/Berlin"))
    lena = data.rows[0]
    assert [r for _, _, r in lena.days_off] == ["Karfreitag"]
    assert lena.days_off[0][:2] == (data.start, data.end)
    grid = make_grid(qtbot, p, date(2026, 4, 3), cal=cal)
    assert "Karfreitag" in grid.tooltip_text(40)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Kathmandu", "America/New_York"])
def test_local_hour_labels_sit_on_local_full_hours(zone):
    p = plan(member("A", zone), reference_zone="Europe/Berlin")
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 3, 8), 2, "Europe/Berlin"))
    marks = data.rows[0].hour_marks
    assert len(marks) in (47, 48)    # New York springs forward on 8 March
    for t, hour in marks:
        local = datetime.fromtimestamp(t, tz=ZoneInfo(zone))
        assert (local.hour, local.minute) == (hour, 0)


def test_dst_changes_are_reported_per_row(qtbot):
    data = compute_grid_data(TEAM, calendar(TEAM), GridRange(date(2026, 3, 23), 7,
                                                             "Europe/Berlin"))
    (t, before, after), = data.rows[0].transitions
    assert datetime.fromtimestamp(t, tz=UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert after - before == 3600
    assert data.rows[2].transitions == ()      # Kathmandu has no DST


def test_windows_with_a_minimum_count_cover_every_stretch_with_enough_people(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 9))
    assert grid.grid_data.windows == ()            # never all three at once
    grid.set_min_count(2)
    data = grid.grid_data
    assert data.windows
    start = datetime(2026, 3, 8, 23, 0, tzinfo=UTC)
    # minute scan: at least two of the three at work
    for minute in range(0, 24 * 60, 5):
        t = start + timedelta(minutes=minute)
        n = sum(brute_force_overlap(plan(m, reference_zone="Europe/Berlin"), t,
                                    t + timedelta(minutes=1)) != []
                for m in TEAM.members)
        inside = any(a <= t.timestamp() < b for a, b in data.windows)
        assert inside == (n >= 2), t
    press(qtbot, grid, Qt.Key.Key_Home)
    press(qtbot, grid, Qt.Key.Key_N)
    assert grid.selection()[0].timestamp() == data.windows[0][0]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_a_real_tooltip_event_shows_every_members_local_time(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    grid = make_grid(qtbot, TEAM, date(2026, 3, 9))
    pos = centre(grid, 1, 36)                     # Maya's row, 09:00 Berlin
    event = QHelpEvent(QEvent.Type.ToolTip, pos, grid.viewport().mapToGlobal(pos))
    QApplication.sendEvent(grid.viewport(), event)
    text = QToolTip.text()
    assert "<b>Maya</b>: Mon 9 Mar 04:00" in text and "Sushma: Mon 9 Mar 13:45" in text
    QToolTip.hideText()


def _big_team(n: int):
    zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"]
    hours = ["09:00-17:00", "22:00-06:00", "08:00-12:00, 13:00-17:00"]
    return plan(*[member(f"m{i:04d}", zones[i % 4], hours[i % 3], required=i % 5 != 0)
                  for i in range(n)], reference_zone="UTC")


def test_only_the_rows_on_screen_are_computed_and_painted(qtbot):
    # 2,000 members in a window of about ten rows: a member's row data (comfort
    # classes, days off, local hours) is computed when its row first shows.
    big = _big_team(2000)
    grid = make_grid(qtbot, big, date(2026, 3, 9), days=7, width=1200, height=320)
    grid.viewport().repaint()
    rows = grid.grid_data.rows
    first, last = grid.geometry_model.visible_rows()
    assert 0 < last - first < 20
    assert rows.computed <= last - first + 1
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
    grid.viewport().repaint()
    assert rows.computed <= 2 * (last - first + 1)
    # The availability row still counts every required member.
    cal = calendar(big)
    full = compute_grid_data(big, cal, grid.grid_range)
    assert grid.grid_data.available == full.available
    assert grid.grid_data.required_total == 1600


def test_lazily_computed_rows_equal_rows_computed_one_by_one(qtbot):
    # Members sharing a zone and schedule share one computation: each still gets
    # exactly its own row, compared with a grid of that member alone.
    big = _big_team(12)
    cal = calendar(big)
    data = compute_grid_data(big, cal, GridRange(date(2026, 3, 29), 7, "UTC"))
    for i, m in enumerate(big.members):
        alone = plan(m, reference_zone="UTC")
        [row] = compute_grid_data(alone, calendar(alone), GridRange(date(2026, 3, 29), 7,
                                                                     "UTC")).rows
        assert data.rows[i] == row
        assert data.rows[i].working == tuple(
            (a, b) for a, b, label in row.comfort if label == "work")
        assert list(row.comfort) == comfort_segments(m, calendar(alone), data.start, data.end)


def test_rows_painted_for_one_week_are_reused_where_the_next_looks_the_same(qtbot):
    # A painted row is found by what it shows relative to the start of the range:
    # the week after reuses every row, the week of New York's clock change (Sunday
    # 8 March 2026) paints New York's row anew; and what is shown is what painting
    # every row from scratch shows.
    grid = make_grid(qtbot, TEAM, date(2026, 2, 9), days=7, width=1200, height=320)

    def shown():
        grid.viewport().repaint()
        return grid.viewport().grab().toImage()

    shown()
    painted = grid.row_pictures
    assert painted == 3
    # After each week every row is painted from scratch, so only that week's are kept.
    for first, new in [(date(2026, 2, 16), 0), (date(2026, 3, 2), 1), (date(2026, 2, 23), 1)]:
        grid.set_range(GridRange(first, 7, TEAM.reference_zone))
        reused = shown()
        assert grid.row_pictures == painted + new, first
        grid.setFont(grid.font())                     # forgets every painted row
        assert grid.row_pictures == 0
        assert shown() == reused, first
        painted = grid.row_pictures
