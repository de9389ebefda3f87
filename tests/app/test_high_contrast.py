"""The high-contrast theme meets WCAG 2.1 AA: text 4.5:1 (SC 1.4.3), marks 3:1 (SC 1.4.11).

The oracle is WCAG's own definition of contrast ratio (relative luminance of sRGB,
https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), computed here from the hex colours.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.dialogs import SettingsDialog
from app.settings import THEMES, AppSettings
from app.themes import apply_theme
from tests.builders import fixed_clock
from tests.oracles import contrast
from widgets.grid import high_contrast_style

TEXT, NON_TEXT = 4.5, 3.0


def test_the_oracle_matches_wcags_reference_points():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the famous miss
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_the_grids_words_and_marks_stand_out_in_high_contrast():
    s = high_contrast_style()
    text_pairs = {"text/background": (s.text, s.background), "text/header": (s.text, s.header),
                  "muted/background": (s.muted_text, s.background),
                  "muted/header": (s.muted_text, s.header),
                  "count text/full": ("#000000", s.count_full),
                  "count text/high": ("#FFFFFF", s.count_high),
                  "count text/low": (s.text, s.count_low),
                  "chip text/chip": (s.text, s.label_chip),
                  **{f"hour label/{k}": (s.comfort_text[k], s.comfort[k]) for k in s.comfort}}
    low = {k: round(contrast(*v), 2) for k, v in text_pairs.items() if contrast(*v) < TEXT}
    assert low == {}
    marks = {**{f"{k} cell": s.comfort[k] for k in s.comfort}, "window": s.window_outline,
             "selection": s.selection, "cursor": s.cursor, "now": s.now, "dst": s.dst,
             "grid line": s.grid_line}
    low = {k: round(contrast(v, s.background), 2) for k, v in marks.items()
           if contrast(v, s.background) < NON_TEXT}
    assert low == {}
    # the day-off hatch is drawn over the day-off fill: it must show on it
    assert contrast(s.hatch, s.comfort["off"]) >= NON_TEXT


def test_the_high_contrast_palette_meets_aa(qapp):
    apply_theme(qapp, "high_contrast")
    try:
        p = QApplication.palette()
        r, g = QPalette.ColorRole, QPalette.ColorGroup
        pairs = {"window text": (r.WindowText, r.Window), "text": (r.Text, r.Base),
                 "alternate rows": (r.Text, r.AlternateBase),
                 "buttons": (r.ButtonText, r.Button), "selection": (r.HighlightedText, r.Highlight),
                 "tooltips": (r.ToolTipText, r.ToolTipBase), "links": (r.Link, r.Base),
                 "placeholders": (r.PlaceholderText, r.Base)}
        low = {k: round(contrast(p.color(a).name(), p.color(b).name()), 2)
               for k, (a, b) in pairs.items()
               if contrast(p.color(a).name(), p.color(b).name()) < TEXT}
        assert low == {}
        disabled = p.color(g.Disabled, r.Text).name()
        assert contrast(disabled, p.color(r.Base).name()) >= TEXT
    finally:
        apply_theme(qapp, "light")


def test_high_contrast_is_chosen_in_the_settings_next_to_the_others(qtbot, tmp_path):
    assert THEMES == ("system", "light", "dark", "high_contrast")
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings, "Europe/Berlin", fixed_clock())
    qtbot.addWidget(dialog)
    labels = [dialog.theme.itemText(i) for i in range(dialog.theme.count())]
    assert labels == ["Like the system", "Light", "Dark", "High contrast"]
    dialog.theme.setCurrentIndex(labels.index("High contrast"))
    dialog.apply_to(settings)
    assert settings.theme == "high_contrast"
    assert AppSettings(settings.q).theme == "high_contrast"   # read back from the file


@pytest.mark.parametrize("theme", ["light", "dark", "high_contrast"])
def test_problems_are_written_in_a_red_that_reads_in_every_theme(qapp, qtbot, theme):
    from PySide6.QtWidgets import QLabel

    from widgets.colours import PROBLEM_STYLE

    label = QLabel("hours: the end is before the start")
    qtbot.addWidget(label)
    label.setStyleSheet(PROBLEM_STYLE)
    label.show()
    qtbot.waitExposed(label)
    try:
        apply_theme(qapp, theme)   # after the label's style sheet: it follows the theme
        p = QApplication.palette()
        written = label.palette().color(QPalette.ColorRole.WindowText).name()
        assert written == p.color(QPalette.ColorRole.BrightText).name()
        for ground in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert contrast(written, p.color(ground).name()) >= TEXT, (theme, ground)
    finally:
        apply_theme(qapp, "light")


@pytest.mark.parametrize("theme", ["light", "dark", "high_contrast"])
def test_form_problems_read_in_every_theme_and_say_their_severity(qapp, qtbot, theme):
    import re

    from widgets.form_problems import FormMessage, ProblemArea, Severity

    area = ProblemArea(3)
    qtbot.addWidget(area)
    area.set_messages([FormMessage(Severity.ERROR, "Hours", "the end is before the start"),
                       FormMessage(Severity.WARNING, "Country", "Japan is not Tokyo's")])
    try:
        apply_theme(qapp, theme)   # after the messages: they are drawn again in its colours
        p = QApplication.palette()
        bright = p.color(QPalette.ColorRole.BrightText).name()
        qtbot.waitUntil(lambda: bright in area.toHtml())  # Qt posts the PaletteChange
        written = list(dict.fromkeys(re.findall(r"color:\s*(#[0-9a-fA-F]{6})", area.toHtml())))
        assert len(written) == 2, area.toHtml()
        assert written[0].lower() == p.color(QPalette.ColorRole.BrightText).name()
        for colour in written:
            for ground in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
                assert contrast(colour, p.color(ground).name()) >= TEXT, (theme, colour)
    finally:
        apply_theme(qapp, "light")
    assert area.accessibleDescription().splitlines() == [
        "Error — Hours: the end is before the start", "Warning — Country: Japan is not Tokyo's"]
