"""Every marked text reaches the screen through the catalog: a pseudo-translation of the
whole template (each message wrapped in ⟦ ⟧) stands in for a language, so anything still
English on screen was not marked, or was translated before the language was chosen.
The command line's --json output does not change with it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import app.language
from app.actions import ACTIONS, MENUS, plain
from app.cli import main as cli_main
from app.language import apply_to_qt, start_language
from app.main_window import MainWindow
from planner.i18n import use_language
from resources import DEMO_PLAN, LOCALE_DIR
from resources.locale_tool import POT
from tests.app.window_helpers import stub_io

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
NOW = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)


def _wrap(text: str) -> str:
    return f"⟦{text}⟧"


@pytest.fixture
def pseudo(tmp_path, monkeypatch):
    """A catalog "de" in which every message of overlap.pot reads ⟦message⟧."""
    with POT.open("rb") as f:
        template = read_po(f)
    catalog = Catalog(locale="de", domain="overlap")
    for m in template:
        if not m.id:
            continue
        string = tuple(_wrap(i) for i in m.id) if isinstance(m.id, tuple) else _wrap(m.id)
        catalog.add(m.id, string, context=m.context)
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "overlap.mo").open("wb") as f:
        write_mo(f, catalog)
    monkeypatch.setattr(app.language, "LOCALE_DIR", tmp_path / "locale")
    yield tmp_path / "locale"
    apply_to_qt(QApplication.instance(), None)
    use_language(None, LOCALE_DIR)


def test_every_menu_and_action_of_the_window_is_translated(qtbot, tmp_path, pseudo):
    start_language(QApplication.instance(), "de_DE", {})
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    titles = [plain(a.text()) for a in w.menuBar().actions()]
    assert titles == [_wrap(plain(m.title)) for m in MENUS]
    for spec in ACTIONS:
        action = w.window_actions[spec.id]
        assert action.text() == _wrap(spec.text), spec.id
        if spec.tip:   # some tips are replaced by what the window knows (why not now)
            assert action.toolTip().startswith("⟦"), (spec.id, action.toolTip())
    tabs = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert all(t.startswith("⟦") for t in tabs), tabs
    assert w.team_dock.windowTitle() == _wrap("Team")
    w.close()


def test_the_command_line_speaks_the_environments_language_but_json_does_not(
        tmp_path, pseudo, monkeypatch, capsys):
    monkeypatch.setenv("LANGUAGE", "de")
    with pytest.raises(SystemExit):
        cli_main(["--help"])
    assert _wrap("Plan fair, DST-proof check-ins for distributed teams. Without a command, "
                 "opens the window.") in re.sub(r"\s+", " ", capsys.readouterr().out)
    plan = tmp_path / "team.toml"
    plan.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["windows", str(plan), "--from", "2026-03-09", "--to", "2026-03-11", "--min", "4",
            "--json"]
    assert cli_main(args) == 0
    translated = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("LANGUAGE", "C")
    assert cli_main(args) == 0
    assert json.loads(capsys.readouterr().out) == translated


def test_locale_option_chooses_the_language_for_one_command(tmp_path, pseudo, monkeypatch,
                                                           capsys):
    from planner.i18n import language

    monkeypatch.setenv("LANGUAGE", "C")
    plan = tmp_path / "team.toml"
    plan.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli_main(["windows", str(plan), "--from", "2026-03-09", "--to", "2026-03-10",
                     "--locale", "de_DE"]) == 0
    assert language() == "de"
    assert cli_main(["windows", str(plan), "--from", "2026-03-09", "--to", "2026-03-10"]) == 0
    assert language() is None
    # --json output never changes with the language: it runs in English even when asked.
    assert cli_main(["windows", str(plan), "--from", "2026-03-09", "--to", "2026-03-10",
                     "--locale", "de_DE", "--json"]) == 0
    assert language() is None


def german_window_on_the_demo(qtbot, tmp_path) -> MainWindow:
    """The window in German (the pseudo-catalog standing in for German) on a demo copy."""
    start_language(QApplication.instance(), "de_DE", {})
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    plan = tmp_path / "team.toml"
    plan.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert w.documents.open_path(plan)
    return w


def test_every_button_box_and_heading_on_every_page_is_translated(qtbot, tmp_path, pseudo):
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QHeaderView

    from app.main_window import PAGES

    w = german_window_on_the_demo(qtbot, tmp_path)
    english = set()
    for view in PAGES:
        page = w.page(view)
        w.show_view(view)
        texts = [b.text() for b in page.findChildren(QAbstractButton)]
        texts += [g.title() for g in page.findChildren(QGroupBox)]
        for header in page.findChildren(QHeaderView):
            model = header.model()
            if model is not None and header.orientation().name == "Horizontal":
                texts += [str(model.headerData(i, header.orientation()) or "")
                          for i in range(model.columnCount())]
        english |= {f"{view}: {t}" for t in texts
                    if re.search(r"[A-Za-z]{3}", t) and "⟦" not in t}
    # Member names head the planner's columns; they are the plan's, not ours.
    names = {m.name for m in w.ctx.plan.members}
    english = {e for e in english if e.split(": ", 1)[1].split(" ")[0] not in names}
    assert not english, "\n".join(sorted(english))
    w.documents.set_modified(False)
    w.close()


def test_what_a_screen_reader_hears_is_translated(qtbot, tmp_path, pseudo):
    """Accessible names and descriptions (set by the window, the grid's spoken cells, the
    grid's key) and the High contrast theme's name come from the catalog as well."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QWidget

    from app.dialogs import SettingsDialog
    from app.main_window import PAGES
    from app.settings import AppSettings
    from planner.availability import from_seconds
    from widgets.grid.spoken import member_text, reference_text

    w = german_window_on_the_demo(qtbot, tmp_path)
    said: list[str] = []
    for view in PAGES:
        w.show_view(view)
        for widget in w.page(view).findChildren(QWidget):
            said += [f"{view}: {t}" for t in (widget.accessibleName(),
                                               widget.accessibleDescription())
                     if re.search(r"[A-Za-z]{3}", t)]
    english = [t for t in said if "⟦" not in t]
    assert not english, "\n".join(english)
    assert any(t == f"grid: {_wrap('Key to the grid')}" for t in said)
    # The grid's table, rows and cells: each text is a translated template around names.
    table = QAccessible.queryAccessibleInterface(w.grid)
    cell = table.child(0).child(40)
    texts = [table.text(QAccessible.Text.Name), table.text(QAccessible.Text.Description),
             table.child(0).text(QAccessible.Text.Name), cell.text(QAccessible.Text.Name),
             cell.text(QAccessible.Text.Description)]
    assert all(t.startswith("⟦") for t in texts), texts
    # The cell's own template wraps the slot's time and the member's words.
    data, formats = w.grid.grid_data, w.grid.formats
    ref_day = from_seconds(data.slot_start(40)).astimezone(ZoneInfo(data.zone)).date()
    assert texts[3] == _wrap(f"{reference_text(data, formats, 40)} — "
                             f"{member_text(data, formats, 0, 40, ref_day)}")
    assert _wrap("working hours") in w.grid_page.legend.accessibleDescription()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(AppSettings(settings), "Europe/Berlin", lambda: NOW, w)
    qtbot.addWidget(dialog)
    themes = [dialog.theme.itemText(i) for i in range(dialog.theme.count())]
    assert _wrap("High contrast") in themes
    w.documents.set_modified(False)
    w.close()
