"""The window in another language: Overlap's catalog, Qt's own texts, Arabic mirrored.

A tiny catalog is compiled into tmp_path with babel, so the test does not depend on
the state of the committed translations; Qt's texts come from PySide6's qtbase_de.qm.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.language import (
    apply_to_qt,
    chosen_languages,
    environment_languages,
    locale_option,
    start_language,
)
from app.main_window import MainWindow
from planner.i18n import _, language, use_language
from resources import DEMO_PLAN, LOCALE_DIR
from resources.locale_tool import LANGUAGES, po_path
from tests.app.window_helpers import stub_io

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
NOW = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)
WORDS = {"de": {"&File": "&Datei", "&Help": "&Hilfe", "Team": "Mannschaft"},
         "ar": {"&File": "&ملف", "&Help": "&مساعدة", "Team": "الفريق"}}


@pytest.fixture
def localedir(tmp_path):
    for lang, words in WORDS.items():
        catalog = Catalog(locale=lang, domain="overlap")
        for msgid, text in words.items():
            catalog.add(msgid, text)
        folder = tmp_path / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "overlap.mo").open("wb") as f:
            write_mo(f, catalog)
    yield tmp_path / "locale"
    app = QApplication.instance()
    apply_to_qt(app, None)
    use_language(None, LOCALE_DIR)


def _window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    return w


def _menu_titles(w):
    return [a.text() for a in w.menuBar().actions()]


def test_the_language_setting_translates_menus_and_qts_own_buttons(qtbot, tmp_path, localedir):
    app = QApplication.instance()
    assert start_language(app, "de_DE", {"LANG": "ja_JP.UTF-8"}, localedir) == "de"
    w = _window(qtbot, tmp_path)
    titles = _menu_titles(w)
    assert "&Datei" in titles and "&Hilfe" in titles and "&File" not in titles
    assert "&Edit" in titles        # not in the tiny catalog: the English source text
    assert w.team_dock.windowTitle() == "Mannschaft"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                               QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
    assert cancel.replace("&", "") == "Abbrechen"
    assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_arabic_mirrors_the_window_but_not_the_time_grid(qtbot, tmp_path, localedir):
    app = QApplication.instance()
    assert start_language(app, None, {"LANGUAGE": "ar_EG:en", "LANG": "de_DE"},
                          localedir) == "ar"
    w = _window(qtbot, tmp_path)
    w.show()
    qtbot.waitExposed(w)
    assert "&ملف" in _menu_titles(w)
    assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert w.isRightToLeft() and w.menuBar().isRightToLeft()
    # The dock sits on the left in code; mirrored, it is on the right of the pages.
    assert w.team_dock.geometry().left() > w.centralWidget().geometry().left()
    assert not w.grid.isRightToLeft()
    # The grid paints its row labels left to right too: the first member's name starts at
    # the left edge of the label column (the city is at its right edge).
    plan_file = tmp_path / "team.toml"
    plan_file.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    assert w.documents.open_path(plan_file)
    qtbot.waitUntil(lambda: w.grid.grid_data is not None)
    w.grid.viewport().repaint()
    image = w.grid.viewport().grab().toImage()
    x, y, width, h = w.grid.geometry_model.row_label_rect(0)
    background = image.pixelColor(x + width // 2, y + 1)
    inked = [px for px in range(x, x + width // 2) for py in range(y + 2, y + h - 2)
             if _differs(image.pixelColor(px, py), background)]
    assert inked and min(inked) < x + 16, "the first name is not at the left of its label"
    # The check-in time field reads 15:00, not its sections mirrored into "00:15" (Qt
    # reverses a date-time edit's sections right to left); the digits are the locale's.
    time_edit = w.planner_page.time_edit
    assert time_edit.time().toString("HH:mm") == "15:00"
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
    assert time_edit.text().translate(digits) == "15:00"
    w.documents.set_modified(False)
    w.close()


def _differs(a, b) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 120


def test_english_when_no_catalog_matches(localedir):
    assert start_language(QApplication.instance(), "it_IT", {}, localedir) is None
    assert language() is None and _("&File") == "&File"
    assert QApplication.instance().layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_languages_come_from_the_setting_else_gettexts_environment():
    env = {"LANGUAGE": "", "LC_ALL": "pt_BR.UTF-8", "LANG": "de_DE.UTF-8"}
    assert environment_languages(env) == ["pt_BR.UTF-8"]
    assert environment_languages({"LANGUAGE": "fr:de", "LANG": "ja_JP"}) == ["fr", "de"]
    assert environment_languages({"LC_ALL": "C.UTF-8", "LANG": "de_DE"}) == []
    assert environment_languages({"LANGUAGE": "es:C:de"}) == ["es"]
    assert chosen_languages("pt-BR", env) == ["pt_BR"]
    assert chosen_languages(None, env) == ["pt_BR.UTF-8"]


def test_locale_option_is_read_before_the_parser():
    assert locale_option(["windows", "p.toml", "--locale", "de_DE"]) == "de_DE"
    assert locale_option(["windows", "p.toml", "--locale=ja"]) == "ja"
    assert locale_option(["windows", "--", "--locale", "x"]) is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_shipped_catalog_loads_as_its_language(lang):
    assert po_path(lang).is_file()
    assert use_language([lang], LOCALE_DIR) == lang


def test_the_settings_say_when_the_language_changes_at_the_next_start(qtbot, tmp_path):
    from app.dialogs import SettingsDialog
    from app.settings import AppSettings

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings, "UTC", lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.locale_box
    box.setCurrentIndex(box.findData("de_DE"))       # a shipped catalog: German next time
    assert dialog.language_note.isVisible()
    box.setCurrentIndex(box.findData("en_GB"))       # English, as now
    assert not dialog.language_note.isVisible()
    box.setCurrentIndex(box.findData("it_IT"))       # no catalog: English stays
    assert not dialog.language_note.isVisible()


def test_catalog_language_names_the_catalog_gettext_would_pick():
    from app.language import catalog_language

    assert catalog_language(["de_AT"]) == "de"
    assert catalog_language(["pt_BR"]) == "pt_BR"
    assert catalog_language(["it_IT", "fr"]) == "fr"
    assert catalog_language(["it_IT"]) is None and catalog_language([]) is None
