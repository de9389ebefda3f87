"""The window's actions come from one table: menus, toolbar, enabling and the keyboard help."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app import actions
from app.actions import ACTIONS, MENUS, PROVIDED, ActionId, plain, shortcut_rows
from app.main_window import MainWindow
from widgets.grid import GRID_KEYS

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def menu_ids() -> list[ActionId]:
    return [item for menu in MENUS for item in menu.items if isinstance(item, ActionId)]


def test_every_action_is_declared_once_and_is_in_a_menu():
    declared = [spec.id for spec in ACTIONS]
    assert len(declared) == len(set(declared))
    assert set(declared) | PROVIDED == set(ActionId)
    assert set(menu_ids()) == set(ActionId)


def test_the_window_builds_its_menus_from_the_table(qtbot, tmp_path):
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    bar = [a.text() for a in w.menuBar().actions()]
    assert bar == [m.title for m in MENUS]
    file_menu = w.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts[:4] == ["&New plan", "&Open…", "Open &recent", "Open the &demo plan"]
    assert w.window_actions[ActionId.SAVE].shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    # Nothing open: what needs a plan or a selected entry is disabled.
    assert not w.window_actions[ActionId.SAVE].isEnabled()
    assert not w.window_actions[ActionId.EDIT_ITEM].isEnabled()
    assert w.window_actions[ActionId.OPEN].isEnabled()
    assert w.tabs.tabText(2) == "&Holidays && deadlines"


def test_the_shortcut_rows_list_every_menu_action_with_its_keys_and_the_grids_keys(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    made = actions.create_actions(window)
    made.update({i: QAction(i.value, window) for i in PROVIDED})
    rows = shortcut_rows(made)
    by_action = {r.action: r for r in rows}
    for spec in ACTIONS:
        key = made[spec.id].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert by_action[plain(spec.text)].keys == key
    assert by_action["Next overlap window"].keys == "Ctrl+J"
    assert by_action["Next overlap window"].where == "View"
    assert by_action["Open the demo plan"].keys == ""  # listed, reached by its menu
    assert by_action["Remove selected"].where == "Edit; the key in the team list"
    grid = [(r.keys, r.action) for r in rows if r.where == "Grid"]
    assert grid == list(GRID_KEYS)
    assert len(rows) == len(menu_ids()) + len(GRID_KEYS)


def test_every_menu_item_has_a_mnemonic_of_its_own_in_its_menu(qtbot, tmp_path):
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   recovery_dir=tmp_path / "recovery")
    qtbot.addWidget(w)
    bar = [a.text() for a in w.menuBar().actions()]
    assert len({mnemonic(t) for t in bar}) == len(bar) and None not in map(mnemonic, bar)
    for menu_action in w.menuBar().actions():
        items = [a.text() for a in menu_action.menu().actions() if not a.isSeparator()]
        keys = [mnemonic(t) for t in items]
        assert None not in keys, (menu_action.text(), items)
        assert len(set(keys)) == len(keys), (menu_action.text(), items)


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" (Alt + it chooses the item), lower-cased."""
    found = re.search(r"(?<!&)&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_installing_without_the_provided_actions_says_which_are_missing(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    with pytest.raises(ValueError, match="publish_series"):
        actions.install(window, {})


def test_mnemonics_are_removed_but_a_literal_ampersand_stays():
    assert plain("&Holidays && deadlines") == "Holidays & deadlines"
    assert plain("Save &as…") == "Save as…"
