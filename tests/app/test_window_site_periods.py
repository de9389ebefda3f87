"""The site form edits a site's periods (``[[site.period]]``) as the member form edits a
member's: the Periods list, checked inline by a dry run of the edit, problems in plain
words, saved in the file with its comments kept (DESIGN.md, "Periods")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog

from app.main_window import MainWindow
from planner.periods import period_at
from planner.planfile import load_plan
from resources import DEMO_PLAN
from tests.app.window_helpers import record_message_boxes, stub_io
from tests.builders import NO_REGIONS, at

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def plan_file(tmp_path):
    p = tmp_path / "team.toml"
    p.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    return p


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, plan_file):
    record_message_boxes(monkeypatch)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(plan_file)
    yield w
    w.documents.set_modified(False)
    w.close()


def _site_form(window, site_id):
    index = [s.id for s in window.ctx.plan.sites].index(site_id)
    dialog = window.editor.edit_entry("site", index)
    return dialog, dialog.form, dialog.form.period_list


def test_site_form_lists_the_dubai_partners_ramadan_hours(window):
    dialog, form, periods = _site_form(window, "dxb")
    assert periods is not None
    assert periods.entries() == [{"dates": "2027-02-08..2027-03-08", "hours": "08:00-14:00",
                                  "note": "Ramadan hours"}]
    assert form.periods() is None                       # unchanged: nothing to write
    assert dialog.ok_button().isEnabled()
    dialog.reject()


@pytest.mark.parametrize("cells, expected", [
    ({"dates": "2027-03-01..2027-03-31", "hours": "09:00-13:00"},   # shares Ramadan's dates
     ["Period 2, dates: shares 2027-03-01..2027-03-08 with period 1", "merge them"]),
    ({"dates": "2027-08-31..2027-07-01", "hours": "09:00-13:00"},   # reversed
     ["Period 2, dates:", 'swap them: "2027-07-01..2027-08-31"']),
    ({"dates": "2027-07-01..2027-08-31", "zone": "Asia/Dubayy"},     # unknown zone
     ["Period 2, zone:", "Asia/Dubai"]),
    ({"dates": "2027-07-01..2027-08-31", "hours": "14:00"},          # hours unreadable
     ["Period 2, hours:"]),
])
def test_site_form_says_what_is_wrong_with_a_period_in_plain_words(window, cells, expected):
    dialog, form, periods = _site_form(window, "dxb")
    row = periods.add_period()
    for key, text in cells.items():
        periods.set_cell(row, key, text)
    form.validate_now()
    message = periods.error.text()
    assert not periods.error.isHidden()
    for part in expected:
        assert part in message
    assert "period[" not in message and 'site "dxb"' not in message   # no file syntax
    assert not form.is_valid()
    dialog.ok_button().click()                  # refused: the problems stay on show
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(window.ctx.plan.site("dxb").periods) == 1                # nothing was made
    dialog.reject()


def test_site_form_adds_a_period_that_applies_to_the_sites_members_and_saves_it(
        window, plan_file):
    dialog, form, periods = _site_form(window, "ktm")
    row = periods.add_period()
    periods.set_cell(row, "dates", "2027-06-01..2027-08-31")
    periods.set_cell(row, "hours", "10:00-15:00")
    periods.set_cell(row, "note", "Monsoon hours")
    form.validate_now()
    assert periods.error.isHidden()
    assert dialog.ok_button().isEnabled()
    dialog.ok_button().click()
    site = window.ctx.plan.site("ktm")
    assert [p.note for p in site.periods] == ["Winter hours", "Monsoon hours"]
    sushma = window.ctx.plan.member("Sushma")             # the site's member works them
    period = period_at(sushma, at("2027-07-06 12:00", "Asia/Kathmandu"))
    assert period is not None and period.note == "Monsoon hours"
    assert window.isWindowModified()
    window.documents.save()
    text = plan_file.read_text(encoding="utf-8")
    assert "# Nepal's winter office hours (Kartik 16 to Magh 15)" in text   # comments kept
    ktm, _, after = text.partition('id = "ktm"')
    block = after.split("[[site]]", 1)[0]                 # inside the ktm site, before dxb
    assert 'dates = "2027-06-01..2027-08-31"\nhours = "10:00-15:00"\nnote = "Monsoon hours"' \
        in block


def test_site_form_removes_a_period(window, plan_file):
    dialog, form, periods = _site_form(window, "dxb")
    periods.table.setCurrentCell(0, 0)
    periods.remove_button.click()
    form.validate_now()
    assert form.periods() == []
    dialog.ok_button().click()
    assert window.ctx.plan.site("dxb").periods == ()
    assert period_at(window.ctx.plan.member("Omar"), at("2027-02-10 10:00", "Asia/Dubai")) \
        is None
    window.documents.save()
    text = plan_file.read_text(encoding="utf-8")
    assert 'note = "Ramadan hours"' not in text and text.count("[[site.period]]") == 1


def test_a_new_site_is_added_with_its_ramadan_period(window, plan_file):
    dialog = window.editor.edit_entry("site", None)
    form, periods = dialog.form, dialog.form.period_list
    for key, text in (("id", "jkt"), ("name", "Jakarta support"), ("zone", "Asia/Jakarta"),
                      ("hours", "08:00-17:00")):
        form.input(key).setText(text)
    row = periods.add_period()
    periods.set_cell(row, "dates", "2027-02-09..2027-03-09")
    periods.set_cell(row, "hours", "08:00-15:00")
    periods.set_cell(row, "note", "Ramadan hours")
    form.validate_now()
    assert dialog.ok_button().isEnabled(), form.problems()
    dialog.ok_button().click()
    site = window.ctx.plan.site("jkt")
    (period,) = site.periods
    assert (period.hours_text, period.note, period.date_zone) == \
        ("08:00-15:00", "Ramadan hours", "Asia/Jakarta")        # dates read in Jakarta
    window.documents.save()
    text = plan_file.read_text(encoding="utf-8")
    assert text.index('id = "jkt"') < text.index('dates = "2027-02-09..2027-03-09"')
    assert text.count("[[site.period]]") == 3                    # ktm, dxb and jkt
    again = load_plan(plan_file, regions=NO_REGIONS).plan.site("jkt")
    assert [p.note for p in again.periods] == ["Ramadan hours"]


def test_a_long_period_problem_is_shown_whole(window, qtbot):
    dialog, form, periods = _site_form(window, "dxb")
    dialog.show()
    qtbot.waitExposed(dialog)
    row = periods.add_period()
    periods.set_cell(row, "dates", "2027-03-01..2027-03-31")       # shares Ramadan's dates
    periods.set_cell(row, "hours", "09:00-13:00")
    form.validate_now()
    QApplication.processEvents()
    label = periods.error
    needed = label.heightForWidth(label.width())
    assert needed > 2 * label.fontMetrics().lineSpacing()            # three lines or more
    assert label.height() >= needed                                  # none of them cut off
    dialog.reject()
