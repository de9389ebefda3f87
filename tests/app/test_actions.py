"""The window's actions come from one table: menus, toolbar, enabling and the keyboard help."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app import actions
from app.actions import ACTIONS, MENUS, PROVIDED, ActionId, plain, shortcut_help
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


def test_the_keyboard_help_lists_the_tables_shortcuts_and_the_grids_keys(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    made = actions.create_actions(window)
    made.update({i: QAction(i.value, window) for i in PROVIDED})
    text = shortcut_help(made)
    for spec in ACTIONS:
        key = made[spec.id].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            assert plain(spec.text) in text.replace("&amp;", "&") and key in text
    for keys, _ in GRID_KEYS:
        assert keys in text
    assert "Ctrl+J" in text and "jump to now" in text


def test_installing_without_the_provided_actions_says_which_are_missing(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    with pytest.raises(ValueError, match="publish_series"):
        actions.install(window, {})


def test_mnemonics_are_removed_but_a_literal_ampersand_stays():
    assert plain("&Holidays && deadlines") == "Holidays & deadlines"
    assert plain("Save &as…") == "Save as…"
