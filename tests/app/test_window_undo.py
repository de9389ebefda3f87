"""Undo and redo of every edit the window makes, and what a delete does to the selection.

The oracle is the file itself: the bytes saved before an edit must come back,
byte for byte (comments included), when the edit is undone and saved again,
and the bytes saved after it when it is redone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from app.actions import ActionId
from app.main_window import MainWindow
from planner.planfile import load_plan
from resources import DEMO_PLAN
from tests.app.window_helpers import record_message_boxes, stub_io
from tests.builders import NO_REGIONS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def open_window(qtbot, tmp_path: Path, source: Path) -> tuple[MainWindow, Path]:
    plan = tmp_path / "team.toml"
    plan.write_bytes(source.read_bytes())
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(plan)
    w.show()
    qtbot.waitExposed(w)
    return w, plan


@pytest.fixture
def asked(monkeypatch):
    return record_message_boxes(monkeypatch)


@pytest.fixture
def demo(qtbot, tmp_path, asked):
    w, plan = open_window(qtbot, tmp_path, DEMO_PLAN)
    yield w, plan
    w.documents.set_modified(False)
    w.close()


@pytest.fixture
def meetings(qtbot, tmp_path, asked):
    w, plan = open_window(qtbot, tmp_path, FIXTURES / "meetings.toml")
    yield w, plan
    w.documents.set_modified(False)
    w.close()


def saved(w: MainWindow, plan: Path) -> bytes:
    assert w.documents.save()
    assert not w.isWindowModified()
    return plan.read_bytes()


def round_trip(w: MainWindow, plan: Path, edit: Callable[[], object], undo_text: str) -> None:
    """Edit, undo, redo: the saved bytes are those before, then those after the edit."""
    before = saved(w, plan)
    edit()
    assert w.isWindowModified()
    undo = w.window_actions[ActionId.UNDO]
    assert undo.isEnabled()
    assert undo.text().replace("&&", "&") == f"&Undo {undo_text}"
    after = saved(w, plan)
    assert after != before
    undo.trigger()
    assert w.isWindowModified()                      # the file holds the edit
    assert saved(w, plan) == before
    assert w.ctx.plan == load_plan(plan, regions=NO_REGIONS).plan
    w.window_actions[ActionId.REDO].trigger()
    assert saved(w, plan) == after
    w.window_actions[ActionId.UNDO].trigger()
    assert saved(w, plan) == before


def test_undo_and_redo_a_member_removal_restore_the_file_byte_for_byte(demo):
    w, plan = demo
    assert "# +05:30, no daylight saving" in plan.read_text(encoding="utf-8")
    round_trip(w, plan, lambda: w.editor.remove_entry("member", 2), "Remove Priya")
    assert "Priya" in [m.name for m in w.ctx.plan.members]


def test_undo_a_member_edit_through_the_form(demo):
    w, plan = demo

    def edit() -> None:
        dialog = w.editor.edit_entry("member", 2)
        dialog.form.input("zone").setText("Asia/Colombo")
        dialog.form.input("email").setText("priya@example.com")
        dialog.form.validate_now()
        dialog.ok_button().click()
        assert w.ctx.plan.member("Priya").zone == "Asia/Colombo"

    round_trip(w, plan, edit, "Edit Priya")
    assert w.ctx.plan.member("Priya").zone == "Asia/Kolkata"


def test_undo_adding_a_member_and_a_site(demo):
    w, plan = demo

    def add_member() -> None:
        dialog = w.editor.edit_entry("member", None)
        dialog.form.input("name").setText("Ines")
        dialog.form.input("zone").setText("Europe/Lisbon")
        dialog.form.validate_now()
        dialog.ok_button().click()

    def add_site() -> None:
        dialog = w.editor.edit_entry("site", None)
        dialog.form.input("id").setText("lis")
        dialog.form.input("name").setText("Lisbon")
        dialog.form.input("zone").setText("Europe/Lisbon")
        dialog.form.validate_now()
        dialog.ok_button().click()

    round_trip(w, plan, add_member, "Add member Ines")
    assert "Ines" not in [m.name for m in w.ctx.plan.members]
    round_trip(w, plan, add_site, "Add site Lisbon")
    assert "lis" not in [s.id for s in w.ctx.plan.sites]


def test_undo_editing_and_removing_a_site(demo):
    w, plan = demo
    dialog = w.editor.edit_entry("site", None)
    for key, text in (("id", "lis"), ("name", "Lisbon"), ("zone", "Europe/Lisbon")):
        dialog.form.input(key).setText(text)
    dialog.form.validate_now()
    dialog.ok_button().click()
    lis = [s.id for s in w.ctx.plan.sites].index("lis")

    def rename() -> None:
        form = w.editor.edit_entry("site", lis).form
        form.input("name").setText("Lisboa")
        form.validate_now()
        form.parent().ok_button().click()

    round_trip(w, plan, rename, "Edit Lisboa")
    round_trip(w, plan, lambda: w.editor.remove_entry("site", lis), "Remove Lisbon")


def test_undo_a_period_added_in_the_member_form(demo):
    w, plan = demo

    def add_period() -> None:
        dialog = w.editor.edit_entry("member", 0)                # Lena
        periods = dialog.form.period_list
        row = periods.add_period()
        periods.set_cell(row, "dates", "2027-07-01..2027-07-31")
        periods.set_cell(row, "hours", "08:00-14:00")
        periods.set_cell(row, "note", "Summer Fridays")
        dialog.form.validate_now()
        dialog.ok_button().click()
        assert len(w.ctx.plan.member("Lena").periods) == 2

    round_trip(w, plan, add_period, "Edit Lena")
    assert [p.note for p in w.ctx.plan.member("Lena").periods] == ["Tokyo office"]


def test_undo_the_reference_zone(demo):
    w, plan = demo
    round_trip(w, plan, lambda: w.editor.set_reference_zone("Asia/Tokyo"),
               "Grid in Asia/Tokyo time")
    assert w.ctx.plan.reference_zone == "Europe/Berlin"
    assert w.grid.grid_data is not None


def test_undo_meeting_edits_add_change_lock_and_remove(meetings):
    w, plan = meetings
    editor = w.editor
    round_trip(w, plan, lambda: editor.add_meeting(
        {"id": "retro", "title": "Retro", "every": "week", "start": "2026-03-03",
         "count": 4, "duration": 30, "slot": "10:00 Europe/Berlin"}), "Add meeting “Retro”")
    assert [m.id for m in w.ctx.plan.meetings] == ["weekly-sync", "partner-demo"]
    round_trip(w, plan, lambda: editor.change_meeting(0, {"duration": 45}),
               "Edit meeting “Payments weekly check-in”")
    # A decision taken in the check-in planner: it asks through the same editor.
    round_trip(w, plan, lambda: w.planner_page.meeting_change_requested.emit(
        "partner-demo", {"lock": {"2026-03-19": "B", "2026-04-02": "A"}}),
        "Edit meeting “Fortnightly partner demo”")
    round_trip(w, plan, lambda: editor.change_meeting(0, {"skip": None}),
               "Edit meeting “Payments weekly check-in”")
    round_trip(w, plan, lambda: w.meetings.page.remove_requested.emit(1),
               "Remove meeting “Fortnightly partner demo”")
    assert [m.id for m in w.ctx.plan.meetings] == ["weekly-sync", "partner-demo"]


def test_the_modified_marker_follows_the_undo_stack(demo):
    w, plan = demo
    assert not w.isWindowModified()
    assert not w.window_actions[ActionId.UNDO].isEnabled()
    assert w.editor.remove_entry("member", 7)      # Chloe
    assert w.editor.remove_entry("member", 3)      # Arjun
    assert w.isWindowModified()
    stack = w.documents.undo_stack
    assert stack.count() == 2
    assert stack.command(1).before is stack.command(0).after   # one copy between edits
    w.editor.undo()
    w.editor.undo()
    assert not w.isWindowModified()                 # back where the file is
    assert not w.window_actions[ActionId.UNDO].isEnabled()
    assert w.window_actions[ActionId.REDO].text().startswith("&Redo Remove")
    w.editor.redo()
    assert w.isWindowModified()
    assert w.documents.save()
    assert not w.isWindowModified()
    w.editor.undo()                                 # before what was saved
    assert w.isWindowModified()
    w.editor.redo()
    assert not w.isWindowModified()
    assert "Redone: Remove" in w.statusBar().currentMessage()


def test_opening_another_plan_clears_the_undo_stack(demo, tmp_path):
    w, plan = demo
    w.editor.remove_entry("member", 7)
    assert w.documents.save()
    other = tmp_path / "other.toml"
    other.write_bytes(DEMO_PLAN.read_bytes())
    assert w.documents.open_path(other)
    assert w.documents.undo_stack.count() == 0
    assert not w.window_actions[ActionId.UNDO].isEnabled()
    assert w.window_actions[ActionId.UNDO].text() == "&Undo"


def test_undo_keeps_what_an_export_recorded_since(demo):
    """The plan records exports in a table the program owns; undoing an earlier edit
    must not forget them (a later export would make a second copy of the event)."""

    w, plan = demo
    w.editor.remove_entry("member", 7)
    doc = w.ctx.document
    doc.add_entry("exports", {"uid": "x-1@overlap", "sequence": 0, "kind": "slot"})
    w.documents.set_modified(True)
    w.editor.undo()
    assert len(w.ctx.plan.members) == 8
    assert doc.data["exports"] == [{"uid": "x-1@overlap", "sequence": 0, "kind": "slot"}]
    w.editor.redo()
    assert len(w.ctx.plan.members) == 7
    assert doc.data["exports"] == [{"uid": "x-1@overlap", "sequence": 0, "kind": "slot"}]
    w.editor.undo()
    assert w.isWindowModified()                     # the record is not saved yet


def test_undo_and_redo_keys_are_the_standard_ones(demo):
    w, _ = demo
    undo = w.window_actions[ActionId.UNDO].shortcuts()
    redo = w.window_actions[ActionId.REDO].shortcuts()
    assert QKeySequence("Ctrl+Z") in undo
    assert QKeySequence("Ctrl+Shift+Z") in redo
    edit_menu = next(m for m in w.menuBar().findChildren(type(w.recent_menu))
                     if m.title() == "&Edit")
    assert edit_menu.actions()[:2] == [w.window_actions[ActionId.UNDO],
                                       w.window_actions[ActionId.REDO]]


def test_delete_twice_removes_one_person_and_selects_nobody(demo, qtbot):
    w, _ = demo
    panel = w.team_panel
    panel.select("member", 2)                       # Priya
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    names = [m.name for m in w.ctx.plan.members]
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [m.name for m in w.ctx.plan.members] == [n for n in names if n != "Priya"]
    assert panel.current_item() is None
    assert panel.view.selectionModel().selectedIndexes() == []
    assert panel.view.hasFocus()
    assert not w.window_actions[ActionId.REMOVE_ITEM].isEnabled()
    assert w.statusBar().currentMessage() == "Removed Priya — Undo (Ctrl+Z)"
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert len(w.ctx.plan.members) == len(names) - 1
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [m.name for m in w.ctx.plan.members] == names


def test_the_remove_button_leaves_the_keyboard_in_the_list_with_no_current_row(demo, qtbot):
    w, _ = demo
    panel = w.team_panel
    panel.select("member", 1)                       # Jonas
    panel.remove_button.setFocus()
    panel.remove_button.click()
    assert panel.current_item() is None
    assert panel.view.hasFocus()
    panel.remove_button.click()                     # disabled: nothing more goes
    assert len(w.ctx.plan.members) == 7


def test_undoing_a_removal_keeps_the_selection_on_the_same_person(demo):
    w, _ = demo
    panel = w.team_panel
    w.editor.remove_entry("member", 1)              # Jonas
    panel.select("member", 1)                       # now Priya
    assert w.ctx.plan.members[1].name == "Priya"
    w.editor.undo()
    kind, index = panel.current_item()
    assert w.ctx.plan.members[index].name == "Priya"


def test_any_sequence_of_edits_undoes_to_the_saved_bytes_and_redoes_to_the_last(meetings):
    """Random edits of every kind the editor makes (seeded): undoing them all gives the
    file as saved before them, redoing them all the file as saved after them."""
    import random

    w, plan = meetings
    editor = w.editor
    rng = random.Random(16)
    before = saved(w, plan)
    zones = ["Asia/Tokyo", "America/Chicago", "Europe/Berlin", "Asia/Kolkata"]

    added = iter(range(1000))

    def add_member() -> None:
        n = next(added)
        assert editor.apply_edit(lambda: w.ctx.document.add_entry(
            "member", {"name": f"New {n}", "zone": rng.choice(zones)}), f"Added New {n}")

    def edit_member() -> None:
        i = rng.randrange(len(w.ctx.plan.members))
        assert editor.apply_edit(lambda: w.ctx.document.update_entry(
            "member", i, {"city": f"City {rng.randrange(99)}"}), "Changed")

    def remove_member() -> None:
        extra = [i for i, m in enumerate(w.ctx.plan.members) if m.name.startswith("New ")]
        if extra:
            assert editor.remove_entry("member", rng.choice(extra))

    def meeting() -> None:
        i = rng.randrange(len(w.ctx.plan.meetings))
        assert editor.change_meeting(i, {"duration": rng.choice([15, 30, 45, 60])}) or True

    def zone() -> None:
        editor.set_reference_zone(rng.choice(zones))

    kinds = [add_member, edit_member, remove_member, meeting, zone]
    for _ in range(25):
        rng.choice(kinds)()
    count = w.documents.undo_stack.count()
    assert count >= 15
    after = saved(w, plan)
    for _ in range(count):
        editor.undo()
    assert saved(w, plan) == before
    for _ in range(count):
        editor.redo()
    assert saved(w, plan) == after


def test_settings_zone_problem_shows_when_left_or_on_ok_and_the_change_undoes(demo):
    w, _ = demo
    dialog = w.open_settings()
    height = dialog.sizeHint().height()
    dialog.zone.setText("Asia/Bangalore")
    assert dialog.zone_error.text() == ""              # still typing
    dialog.buttons.accepted.emit()                      # OK: not accepted, says why
    assert not dialog.result()
    assert dialog.zone_error.text().startswith("✖ “Asia/Bangalore” is not a time zone.")
    assert dialog.sizeHint().height() == height         # the line was there all along
    dialog.zone.setText("Asia/Kathmandu")
    assert dialog.zone_error.text() == ""               # fixed: gone at once
    dialog.buttons.accepted.emit()
    assert w.ctx.plan.reference_zone == "Asia/Kathmandu"
    w.editor.undo()
    assert w.ctx.plan.reference_zone == "Europe/Berlin"
    assert not w.isWindowModified()


def test_removing_a_member_a_meeting_invites_by_name_says_which_meeting(demo, asked):
    w, _ = demo
    assert not w.editor.remove_entry("member", 0)          # Lena
    [said] = asked
    assert said == ("Member in a meeting: Lena is invited by name to “Partner release review”. "
                    "Take Lena off those meetings on the Meetings page first, then remove Lena.")
    assert len(w.ctx.plan.members) == 8
    assert w.documents.undo_stack.count() == 0
