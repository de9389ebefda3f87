"""Every control a user can act on has a name a screen reader can say.

The walk covers the main window, its pages (the lazily built ones too) and the
main dialogs, and reads each control's name through Qt's accessibility API
(``QAccessible.queryAccessibleInterface(w).text(Name)``): that is what reaches a
screen reader, and it includes what Qt derives itself (a button's text, a form
label's buddy).  A control with none fails the test, named by its class, object
name and the chain of parents that leads to it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.exports import SlotToExport
from app.main_window import PAGES, MainWindow
from resources import DEMO_PLAN
from tests.app.window_helpers import record_message_boxes, stub_io

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QAbstractSlider, QTextEdit, QPlainTextEdit, QTabBar)


def _qt_internal(w: QWidget) -> bool:
    """Parts Qt builds inside a control (a spin box's editor, a view's scroll bars, the
    tab bar's scroll arrows, a dock's title buttons): Qt names or hides them itself."""
    if w.objectName().startswith("qt_") or isinstance(w, QScrollBar):
        return True
    if isinstance(w, QHeaderView) and isinstance(w.parentWidget(), QAbstractItemView):
        return True  # Qt presents a view's headers as the table's header cells
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar)):
            return True
        parent = parent.parentWidget()
    return type(w).__name__ in ("QDockWidgetTitleButton", "QTableCornerButton")


def _path(w: QWidget) -> str:
    parts = []
    node: QWidget | None = w
    while node is not None:
        parts.append(f"{type(node).__name__}({node.objectName()})" if node.objectName()
                     else type(node).__name__)
        node = node.parentWidget()
    return " < ".join(parts)


def unnamed_controls(top: QWidget) -> list[str]:
    missing = []
    for w in [top, *top.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or _qt_internal(w):
            continue
        iface = QAccessible.queryAccessibleInterface(w)
        name = iface.text(QAccessible.Text.Name).strip() if iface is not None else ""
        if not name:
            missing.append(_path(w))
    return missing


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    record_message_boxes(monkeypatch)
    plan = tmp_path / "team.toml"
    plan.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(str(plan))
    w.show()
    qtbot.waitExposed(w)
    for view in PAGES:
        w.page(view)  # the pages built on first use are walked too
    return w


def test_every_control_in_the_window_and_its_pages_has_a_name(window):
    assert unnamed_controls(window) == []


def test_the_pages_and_the_main_panels_have_names(window):
    names = {view: QAccessible.queryAccessibleInterface(window.page(view)).text(
        QAccessible.Text.Name) for view in PAGES}
    assert all(names.values()), names
    for widget in (window.team_panel, window.meetings.banner, window.tabs):
        assert QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _dialogs(window: MainWindow) -> list[QDialog]:
    window.team_panel.select("member", 0)
    member = window.editor.edit_entry("member", 0)
    site = window.editor.edit_entry("site", None)
    settings = window.open_settings()
    grid = window.grid
    data = grid.grid_data
    assert data is not None
    start = datetime.fromtimestamp(data.slot_start(40), tz=UTC)
    end = datetime.fromtimestamp(data.slot_end(43), tz=UTC)
    window.export(SlotToExport(start, end))
    export = window.findChild(QDialog, "export_dialog") or next(
        d for d in window.findChildren(QDialog) if type(d).__name__ == "ExportDialog")
    window.show_view("meetings")
    window.meetings_page.select(0)
    window.meetings_page.mail_box.invite_button.click()
    mail = window.mail.dialog
    assert member is not None and site is not None and mail is not None
    return [member, site, settings, export, mail]


def test_every_control_in_the_main_dialogs_has_a_name(window, qtbot):
    dialogs = _dialogs(window)
    try:
        for dialog in dialogs:
            assert dialog.windowTitle()
            assert unnamed_controls(dialog) == [], type(dialog).__name__
    finally:
        for dialog in dialogs:
            dialog.reject()
