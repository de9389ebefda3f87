"""Dialogs the main window opens: member/site forms and settings.

They are shown with ``open()`` (window-modal, no nested event loop) and report
through ``accepted``; tests drive them the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import N_, _, language
from planner.planfile import PlanDocument
from planner.zones import check_zone_key
from widgets.colours import PROBLEM_STYLE
from widgets.entry_form import EntryForm
from widgets.form_words import form_text
from widgets.formatting import Formats
from widgets.zone_picker import ZonePicker

from .language import catalog_language, chosen_languages
from .settings import THEMES, AppSettings, system_locale

Clock = Callable[[], datetime]

# Locales offered in the settings; any other CLDR tag can be typed.
COMMON_LOCALES = ("en_GB", "en_US", "en_IN", "de_DE", "fr_FR", "es_ES", "es_CL", "pt_BR",
                  "it_IT", "nl_NL", "pl_PL", "hi_IN", "ne_NP", "ja_JP", "zh_CN", "ar_EG")
FROM_LOCALE = N_("From the locale")
THEME_NAMES = {"system": N_("Like the system"), "light": N_("Light"), "dark": N_("Dark"),
               "high_contrast": N_("High contrast")}
WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))


class EntryDialog(QDialog):
    """Add or edit a member or site; OK shows the form's problems, if any, instead of
    closing (so that nothing is red before the user has typed)."""

    def __init__(self, document: PlanDocument, table: str, index: int | None, clock: Clock,
                 formats: Formats, parent: QWidget | None = None):
        super().__init__(parent)
        member = table == "member"
        self.setWindowTitle((_("Edit member") if member else _("Edit site")) if index is not None
                            else _("Add member") if member else _("Add site"))
        self.form = EntryForm(document, table, index, clock, formats, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, self.sizeHint().height())

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _on_buttons_accepted(self) -> None:
        if not self.form.check_for_ok():
            self.accept()


class SettingsDialog(QDialog):
    """Locale, clock, week start and theme (the app's), and the plan's reference zone."""

    def __init__(self, settings: AppSettings, reference_zone: str, clock: Clock,
                 parent: QWidget | None = None):
        from babel import Locale

        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.locale_box = QComboBox(self)
        self.locale_box.setEditable(True)
        self.locale_box.addItem(_("System ({locale})").format(locale=system_locale()), "")
        for tag in COMMON_LOCALES:
            self.locale_box.addItem(f"{Locale.parse(tag).display_name} ({tag})", tag)
        current = settings.locale or ""
        i = self.locale_box.findData(current)
        if i < 0:
            self.locale_box.addItem(current, current)
            i = self.locale_box.count() - 1
        self.locale_box.setCurrentIndex(i)
        # Menus and messages change language at the next start (the window is built in
        # one language); formats change at once.
        self.language_note = QLabel(_("Menus and messages change language the next time "
                                      "Overlap starts."), self)
        self.language_note.setWordWrap(True)
        self.language_note.setEnabled(False)
        self.language_note.hide()
        self.locale_box.currentTextChanged.connect(self._on_locale_box_current_text_changed)
        self._on_locale_box_current_text_changed()   # a choice made before, not yet in use
        self.clock_format = QComboBox(self)
        for text, value in ((_(FROM_LOCALE), None), (_("24-hour"), False),
                            (_("12-hour"), True)):
            self.clock_format.addItem(text, value)
        self.clock_format.setCurrentIndex(self.clock_format.findData(settings.hour12))
        self.week_start = QComboBox(self)
        self.week_start.addItem(_(FROM_LOCALE), None)
        for n, name in enumerate(WEEKDAY_NAMES):
            self.week_start.addItem(_(name), n)
        self.week_start.setCurrentIndex(self.week_start.findData(settings.week_start))
        self.theme = QComboBox(self)
        for t in THEMES:
            self.theme.addItem(_(THEME_NAMES[t]), t)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        self.zone = ZonePicker(clock, settings.formats(), self)
        self.zone.setText(reference_zone)
        # Shown once the field is left or OK pressed, in the forms' words, on a line
        # that is always there (the dialog keeps its height).
        self.zone_error = QLabel(self)
        self.zone_error.setObjectName("zone_error")
        self.zone_error.setStyleSheet(PROBLEM_STYLE)
        self.zone_error.setWordWrap(True)
        self.zone_error.setMinimumHeight(self.zone_error.fontMetrics().lineSpacing() * 2)
        form = QFormLayout()
        form.addRow(_("Language and region"), self.locale_box)
        form.addRow("", self.language_note)
        form.addRow(_("Clock"), self.clock_format)
        form.addRow(_("Week starts on"), self.week_start)
        form.addRow(_("Theme"), self.theme)
        form.addRow(_("Grid time zone (this plan)"), self.zone)
        form.addRow("", self.zone_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.zone.textChanged.connect(self._on_zone_text_changed)
        self.zone.editingFinished.connect(self._show_zone_problem)

    def _show_zone_problem(self) -> bool:
        """Say what is wrong with the zone, if anything; True when nothing is."""
        p = check_zone_key(self.zone.zone())
        self.zone_error.setText("" if p is None else _("✖ {problem}").format(
            problem=form_text(p, "zone")))
        return p is None

    def _on_locale_box_current_text_changed(self, *_args: object) -> None:
        chosen = chosen_languages(self.chosen_locale(), os.environ)
        self.language_note.setVisible(catalog_language(chosen) != language())

    def _on_zone_text_changed(self, text: str) -> None:
        if self.zone_error.text():  # a problem shown goes as soon as it is fixed
            self._show_zone_problem()

    def _on_buttons_accepted(self) -> None:
        if self._show_zone_problem():
            self.accept()
        else:
            self.zone.setFocus()

    def chosen_locale(self) -> str | None:
        text = self.locale_box.currentText().strip()
        i = self.locale_box.currentIndex()
        if i < 0 or text != self.locale_box.itemText(i):
            return text or None   # typed by hand, e.g. "fr_CA"
        return str(self.locale_box.itemData(i) or "") or None

    def apply_to(self, settings: AppSettings) -> None:
        settings.locale = self.chosen_locale()
        settings.hour12 = self.clock_format.currentData()
        settings.week_start = self.week_start.currentData()
        settings.theme = str(self.theme.currentData())
