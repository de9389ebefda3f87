"""The grid's accessibility tree, read in-process through Qt's QAccessible API.

What a screen reader gets: ``QAccessible.queryAccessibleInterface(grid)`` is a
Table whose children are Rows (members) whose children are Cells (slots); names
and descriptions are the words of widgets.grid.spoken (tested against zoneinfo in
test_grid_spoken); the keyboard cursor is the focused child, and moving it sends
Focus and Selection events for the new cell.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible

from tests.builders import member, plan
from tests.widgets.grid_helpers import make_grid
from widgets.grid.spoken import cell_name, column_text

Role, Text = QAccessible.Role, QAccessible.Text
TEAM = plan(member("Priya", "Asia/Kolkata"), member("Maya", "America/New_York"),
            member("Lena", "Europe/Berlin"), reference_zone="Europe/Berlin")


def tree(grid):
    return QAccessible.queryAccessibleInterface(grid)


def test_the_grid_is_a_table_of_member_rows_and_slot_cells(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 10))
    table = tree(grid)
    assert table.role() == Role.Table
    assert table.text(Text.Name) == "Time grid"
    assert table.text(Text.Description).startswith(
        "Tue 10 Mar, Berlin time: 3 members, 96 slots of 15 minutes. Arrow keys move")
    assert table.childCount() == 3
    rows = [table.child(i) for i in range(3)]
    assert [r.role() for r in rows] == [Role.Row] * 3
    assert [r.text(Text.Name) for r in rows] == ["Priya, Kolkata", "Maya, New York",
                                                 "Lena, Berlin"]
    assert table.child(3) is None
    data = grid.grid_data
    for i, row in enumerate(rows):
        assert table.indexOfChild(row) == i
        assert row.parent().object() is grid
        assert row.childCount() == 96
        for slot in (0, 37, 56, 95):
            cell = row.child(slot)
            assert cell.role() == Role.Cell
            assert cell.text(Text.Name) == cell_name(data, grid.formats, i, slot)
            assert cell.text(Text.Description) == column_text(data, grid.formats, slot, i)
            assert row.indexOfChild(cell) == slot
            assert cell.parent().text(Text.Name) == row.text(Text.Name)
    # the same cell asked for twice is the same accessible object (Qt caches by object)
    assert QAccessible.uniqueId(rows[1].child(5)) == QAccessible.uniqueId(rows[1].child(5))
    assert rows[0].child(14 * 4).text(Text.Name) == \
        "Tue 14:00 Berlin — Priya 18:30 shoulder"


def test_cells_report_where_they_are_on_screen(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 10))
    table = tree(grid)
    x, y, w, h = grid.geometry_model.slot_rect(1, 40)
    cell = table.child(1).child(40)
    top_left = grid.viewport().mapToGlobal(QPoint(x, y))
    assert (cell.rect().x(), cell.rect().y(), cell.rect().width(), cell.rect().height()) == \
        (top_left.x(), top_left.y(), w, h)
    centre = cell.rect().center()
    row = table.childAt(centre.x(), centre.y())
    assert row.text(Text.Name) == "Maya, New York"
    assert row.childAt(centre.x(), centre.y()).text(Text.Name) == cell.text(Text.Name)
    assert not cell.state().offscreen
    grid.resize(300, 320)  # 96 slots of 2 px no longer fit beside the labels
    assert table.child(1).child(95).state().offscreen


def test_the_keyboard_cursor_is_the_focused_and_selected_cell(qtbot):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 10))
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    table = tree(grid)
    start_row, start_slot = grid.cursor_cell()
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    row, slot = grid.cursor_cell()
    assert (row, slot) == (start_row + 1, start_slot + 1)
    focused = table.focusChild()
    assert focused.text(Text.Name) == cell_name(grid.grid_data, grid.formats, row, slot)
    assert focused.state().focused and focused.state().selected
    other = table.child(row).child(slot + 3)
    assert not other.state().focused and not other.state().selected
    qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert table.child(0).child(slot).state().selected   # the selection spans the column
    assert table.child(row).child(slot + 1).state().focused


@pytest.fixture
def events(monkeypatch):
    """Qt's event sink, as if a screen reader were listening: (type, name) of each event."""
    seen: list[tuple[QAccessible.Event, str]] = []

    def record(event):
        iface = event.accessibleInterface()
        seen.append((event.type(), iface.text(Text.Name) if iface is not None else ""))

    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return seen


def test_moving_the_cursor_tells_the_screen_reader_the_new_cell(qtbot, events):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 10))
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    events.clear()
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert events == [(QAccessible.Event.Focus, "Tue 00:00 Berlin — Priya 04:30 night"),
                      (QAccessible.Event.Selection, "Tue 00:00 Berlin — Priya 04:30 night")]
    events.clear()
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert events[0] == (QAccessible.Event.Focus, "Tue 00:00 Berlin — Maya Mon 19:00 shoulder")
    events.clear()
    grid.clearFocus()
    qtbot.waitUntil(lambda: not grid.hasFocus())
    grid.set_cursor_row(2)   # the team panel moves the cursor: selection, no focus
    assert events == [(QAccessible.Event.Selection, "Tue 00:00 Berlin — Lena 00:00 night")]


def test_a_new_day_resets_the_table_and_reads_the_new_cell(qtbot, events):
    grid = make_grid(qtbot, TEAM, date(2026, 3, 10), days=7)
    table = tree(grid)
    week_cell = table.child(0).child(600)
    assert week_cell.isValid()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    events.clear()
    grid.show_day(date(2026, 3, 11))
    kinds = [kind for kind, _ in events]
    assert kinds[0] == QAccessible.Event.TableModelChanged
    assert kinds[1:] == [QAccessible.Event.Focus, QAccessible.Event.Selection]
    assert events[1][1].startswith("Wed ")
    assert table.child(0).childCount() == 96
    # the week's slot 600 is gone with the week: its part is deleted with its interface
    qtbot.waitUntil(lambda: not week_cell.isValid())
