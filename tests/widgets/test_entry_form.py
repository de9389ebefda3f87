"""The member and site forms: problems only once a field is left (or on OK), in plain
words, in an area that keeps the form's height; the country suggested from the zone
and a warning when they disagree; zone completions shown whole."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.dialogs import EntryDialog
from planner.planfile import load_plan
from planner.territories import country_disagrees, suggested_country
from resources import DEMO_PLAN
from tests.builders import NO_REGIONS
from widgets.entry_form import EntryForm
from widgets.form_problems import Severity
from widgets.formatting import Formats

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)


@pytest.fixture
def doc():
    return load_plan(DEMO_PLAN, regions=NO_REGIONS)


def new_form(qtbot, doc, table="member", index=None) -> EntryForm:
    form = EntryForm(doc, table, index, lambda: NOW, Formats())
    qtbot.addWidget(form)
    return form


def leave(form: EntryForm, key: str, text: str) -> None:
    """Type ``text`` into a field and leave it (as Tab or a click elsewhere does)."""
    field = form.input(key)
    field.setText(text)
    field.editingFinished.emit()


def texts(form: EntryForm) -> list[tuple[str, str, str]]:
    return [(m.severity.value, m.field, m.text) for m in form.messages()]


def test_a_new_member_form_shows_no_problem_before_anything_is_typed(qtbot, doc):
    form = new_form(qtbot, doc)
    assert not form.is_valid()                         # a name and a zone are missing
    assert form.messages() == ()
    assert all(form.error_text(k) == "" for k in ("name", "zone"))


def test_a_problem_appears_when_the_field_is_left_by_keyboard(qtbot, doc):
    form = new_form(qtbot, doc)
    form.show()
    qtbot.waitExposed(form)
    email = form.input("email")
    email.setFocus()
    qtbot.waitUntil(email.hasFocus)
    qtbot.keyClicks(email, "ines")
    form.validate_now()
    assert form.error_text("email") == ""             # still typing
    qtbot.keyClick(email, Qt.Key.Key_Tab)
    assert not email.hasFocus()
    assert form.error_text("email") == ("“ines” is not an e-mail address. Write it as "
                                        "name@example.com.")
    assert texts(form) == [("error", "E-mail", form.error_text("email"))]
    # Back in the field, fixing it clears the problem as it is typed.
    email.setFocus()
    qtbot.keyClicks(email, "@example.com")
    form.validate_now()
    assert form.error_text("email") == ""


PLAIN = [
    # (table, field, text typed, the problem in the form's words)
    ("member", "name", "", "Enter a name."),
    ("member", "zone", "Berlinn", "“Berlinn” is not a time zone. Type a city or country and "
     "pick one from the list."),
    ("member", "zone", "UTC", "UTC is not a place. Enter the time zone of the city, e.g. "
     "Europe/London."),
    ("member", "zone", "+05:30", "+05:30 is a fixed offset, which never changes for daylight "
     "saving. Enter the place instead, e.g. Asia/Kolkata."),
    ("member", "hours", "9-17", "Write times as hours and minutes, e.g. 09:30 (not “9”)."),
    ("member", "hours", "09:00-25:00", "“25:00” is not a time of day: hours go from 00 to 23, "
     "minutes from 00 to 59."),
    ("member", "weekend", "sat, sunday, xyz",
     "“xyz” is not a day. Use mon, tue, wed, thu, fri, sat or sun."),
    ("member", "time_off", "tomorrow", "“tomorrow” is not a date. Write dates as 2026-12-24 "
     "and several days as 2026-12-28..2027-01-01."),
    ("member", "night", "23:00-06:00, 01:00-02:00", "Enter one range, e.g. 23:00-06:00."),
    ("member", "subdivision", "BY", "Enter the country too, e.g. DE."),
    ("site", "id", "", "Enter a short id, e.g. blr."),
    ("site", "id", "ber", "Another site already has the id ber."),
    ("site", "hours", "x", "“x” is not a range of hours. Write it as 09:00-17:30."),
]


@pytest.mark.parametrize(("table", "key", "text", "words"), PLAIN,
                         ids=[f"{t}.{k}={v!r}" for t, k, v, _ in PLAIN])
def test_problems_are_in_plain_words_not_the_files_syntax(qtbot, doc, table, key, text, words):
    form = new_form(qtbot, doc, table)
    leave(form, "name", "Ines" if table == "member" else "Lisbon")
    if key != "zone":
        leave(form, "zone", "Europe/Lisbon")
    if table == "site" and key != "id":
        leave(form, "id", "lis")
    if key == "subdivision":                          # no country: not even the suggested one
        form.input("country").textEdited.emit("")
        leave(form, "country", "")
    leave(form, key, text)
    assert form.error_text(key) == words
    for syntax in (' = "', "[[", "add ", "IANA", "TOML"):
        assert syntax not in words


def test_a_name_used_twice_is_said_plainly(qtbot, doc):
    form = new_form(qtbot, doc)
    leave(form, "zone", "Asia/Kolkata")
    leave(form, "name", "Priya")
    assert form.error_text("name") == ("Another member is already called Priya; each name "
                                       "must be different.")


def test_ok_shows_every_problem_and_focuses_the_first(qtbot, doc):
    dialog = EntryDialog(doc, "member", None, lambda: NOW, Formats())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    form.input("email").setText("ines")               # typed, never left
    assert dialog.ok_button().isEnabled()
    dialog.ok_button().click()
    assert dialog.isVisible() and not dialog.result()  # not accepted
    assert [m[1] for m in texts(form)] == ["Name", "Time zone", "E-mail"]
    assert form.error_text("name") == "Enter a name."
    qtbot.waitUntil(form.input("name").hasFocus)
    assert form._labels["name"].text().startswith("✖ ")  # marked, not by colour alone


def test_the_form_keeps_its_height_as_problems_come_and_go(qtbot, doc):
    dialog = EntryDialog(doc, "member", None, lambda: NOW, Formats())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    def layout() -> tuple[int, ...]:                 # heights, and where the fields start
        QApplication.processEvents()
        return (form.sizeHint().height(), dialog.sizeHint().height(), form.height(),
                form.input("hours").x())

    heights = {layout()}
    area = form.problem_area.height()
    dialog.ok_button().click()                        # two problems
    for key, text in (("hours", "9-17"), ("email", "x"), ("night", "1-2"),
                      ("time_off", "soon"), ("weekend", "someday")):
        leave(form, key, text)                        # five more
        heights.add(layout())
    assert len(form.messages()) == 7
    leave(form, "name", "Ines")
    leave(form, "zone", "Europe/Lisbon")
    for key in ("hours", "email", "night", "time_off", "weekend"):
        leave(form, key, "")
    assert form.messages() == () or all(m.severity is not Severity.ERROR
                                        for m in form.messages())
    heights.add(layout())
    assert len(heights) == 1, heights
    assert form.problem_area.height() == area


def test_every_zone_suggests_the_country_the_tz_database_gives_it():
    """The oracle is tzdata's zone.tab (one country per line); the code asks CLDR first."""
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert len(rows) > 300
    for country, _coords, zone, *_ in rows:
        assert suggested_country(zone) == country, zone
        assert not country_disagrees(country, zone)
    assert suggested_country("UTC") is None and suggested_country("Etc/GMT+5") is None
    assert suggested_country("Asia/Calcutta") == "IN"   # an old name of Asia/Kolkata


def test_the_country_is_suggested_from_the_zone_until_the_user_types_one(qtbot, doc):
    form = new_form(qtbot, doc)
    leave(form, "name", "Ines")
    leave(form, "zone", "Europe/Lisbon")
    assert form.input("country").text() == "PT"
    assert texts(form) == [("note", "Country", "PT suggested from the time zone; it decides "
                            "the public holidays. Change it if the person lives elsewhere.")]
    leave(form, "zone", "Asia/Tokyo")                  # still the form's suggestion: follows
    assert form.input("country").text() == "JP"
    country = form.input("country")
    country.setText("BR")
    country.textEdited.emit("BR")                      # the user's own
    country.editingFinished.emit()
    leave(form, "zone", "America/Sao_Paulo")
    assert country.text() == "BR"
    assert form.values()["country"] == "BR"
    assert texts(form) == []


def test_a_member_of_a_site_with_a_country_gets_no_suggestion(qtbot, doc):
    form = new_form(qtbot, doc)
    site = form.input("site")
    site.setCurrentIndex(site.findData("ber"))
    leave(form, "name", "Ines")
    leave(form, "zone", "Europe/Lisbon")
    assert form.input("country").text() == ""          # the site's DE holidays apply


def test_a_country_and_a_zone_that_disagree_are_warned_about(qtbot, doc):
    form = new_form(qtbot, doc)
    leave(form, "name", "Ines")
    country = form.input("country")
    country.setText("DE")
    country.textEdited.emit("DE")
    leave(form, "country", "DE")
    leave(form, "zone", "America/New_York")
    [(severity, field, text)] = texts(form)
    assert (severity, field) == ("warning", "Country")
    assert text.startswith("America/New_York is not a time zone of DE; it is kept in US.")
    assert form.is_valid()                             # a warning does not block OK
    # Europe/Berlin keeps Denmark's time too (zone1970.tab): no warning.
    leave(form, "country", "DK")
    leave(form, "zone", "Europe/Berlin")
    assert texts(form) == []
    # Reported from a walk: Asia/Tokyo also keeps an Australian station's time in
    # zone1970.tab, and the warning read "it is kept in AU, JP".
    leave(form, "country", "DE")
    leave(form, "zone", "Asia/Tokyo")
    [(_, _, text)] = texts(form)
    assert "it is kept in JP." in text and "AU" not in text


def test_a_site_form_suggests_the_country_too(qtbot, doc):
    form = new_form(qtbot, doc, "site")
    leave(form, "id", "lis")
    leave(form, "zone", "Europe/Lisbon")
    assert form.input("country").text() == "PT"


def test_a_change_that_breaks_other_entries_says_which(qtbot, doc):
    form = new_form(qtbot, doc, "site", 0)               # ber: Lena's and Jonas's site
    leave(form, "zone", "UTC")
    assert texts(form) == [
        ("error", "Time zone", "UTC is not a place. Enter the time zone of the city, e.g. "
         "Europe/London."),
        ("error", "", 'This change also affects member "Lena": Zone is missing.'),
        ("error", "", 'This change also affects member "Jonas": Zone is missing.'),
        ("error", "", 'This change also affects meeting "weekly-sync": Site "ber" has no '
         "members. Add members to the site, or remove it from the list.")]
    assert form.messages()[0].links == ()             # "UTC" is no fix for "UTC"


def test_the_zone_list_is_wide_enough_for_whole_entries(qtbot):
    from widgets.zone_picker import ZonePicker

    picker = ZonePicker(lambda: NOW, Formats())
    qtbot.addWidget(picker)
    picker.resize(160, picker.height())
    picker.show()
    qtbot.waitExposed(picker)
    picker.setText("kolk")
    picker.textEdited.emit("kolk")                    # as typing does (no popup offscreen)
    popup = picker.completer().popup()
    labels = picker.completer().model().stringList()
    assert labels and labels[0].endswith("Asia/Kolkata")
    widest = max(popup.fontMetrics().horizontalAdvance(label) for label in labels)
    room = picker.screen().availableGeometry().right() - picker.mapToGlobal(
        picker.rect().topLeft()).x()
    assert popup.minimumWidth() >= min(widest, room)
    assert popup.minimumWidth() > picker.width()
    assert popup.textElideMode() is Qt.TextElideMode.ElideMiddle


def test_a_reason_is_recognised_in_the_language_it_was_written_in(monkeypatch):
    """The loader translates its reasons; the form reads them through the same
    (translated) templates, so a German reason gets the German form words."""
    import gettext

    import planner.i18n
    from planner.errors import Problem
    from widgets.form_words import form_text

    german = {'unknown zone "{key}"': "Zeitzone „{key}“ unbekannt",
              "“{zone}” is not a time zone. Type a city or country and pick one from the "
              "list.": "„{zone}“ ist keine Zeitzone. Tippen Sie eine Stadt und wählen Sie."}

    class German(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return german.get(message, message)

    monkeypatch.setattr(planner.i18n, "_active", German())
    reason = planner.i18n._('unknown zone "{key}"').format(key="Berlinn")
    assert form_text(Problem(reason), "zone") == ("„Berlinn“ ist keine Zeitzone. Tippen Sie "
                                                  "eine Stadt und wählen Sie.")
    # A reason no rule knows stays as written, as a sentence, without the file's syntax.
    assert form_text(Problem("das ist kaputt", suggestion='add name = "…"'), "name") == \
        "Das ist kaputt."
