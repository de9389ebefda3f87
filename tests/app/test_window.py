"""The main window: opening, editing, saving, the close guard, recovery, errors.

Message boxes are replaced by recorders (no ``exec()`` under test); the window
reads plans without holiday data except in the demo-plan test, which uses the
real loader.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.cli import main as cli_main
from app.excepthook import ExceptionDialogHook
from app.main_window import MainWindow, PlanIO
from planner.planfile import load_plan
from planner.series import Cadence
from resources import DEMO_PLAN
from tests.app.window_helpers import stub_io
from tests.builders import NO_REGIONS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)
SB = QMessageBox.StandardButton




class Boxes:
    """Stands in for QMessageBox's static functions and records what was asked."""

    def __init__(self, monkeypatch):
        self.asked: list[str] = []
        self.warned: list[str] = []
        self.answer = SB.Cancel
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "warning", self._warning)
        monkeypatch.setattr(QMessageBox, "information", self._warning)

    def _question(self, parent, title, text, *args, **kwargs):
        self.asked.append(title)
        return self.answer

    def _warning(self, parent, title, text, *args, **kwargs):
        self.warned.append(f"{title}: {text}")
        return SB.Ok


@pytest.fixture
def boxes(monkeypatch):
    return Boxes(monkeypatch)


@pytest.fixture
def plan_file(tmp_path):
    p = tmp_path / "team.toml"
    p.write_text(DEMO_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    return p


def make_window(qtbot, tmp_path, io=None):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=io or stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def window(qtbot, tmp_path, boxes, plan_file):
    w = make_window(qtbot, tmp_path)
    assert w.documents.open_path(plan_file)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.documents.set_modified(False)
    w.close()


def test_window_opens_on_the_demo_plan_with_the_real_loader(qtbot, tmp_path, boxes):
    w = make_window(qtbot, tmp_path, io=PlanIO.default())
    assert w.documents.open_path(DEMO_PLAN)
    w.show()
    qtbot.waitExposed(w)
    assert w.ctx.plan.name == "Payments platform"
    assert w.team_panel.model.rowCount() == 4           # three sites + members without one
    assert w.grid.grid_data is not None and len(w.grid.grid_data.rows) == 8
    assert w.windowTitle().startswith("Payments platform (demo copy, not saved yet)")
    assert w.ctx.document.path is None                 # an untitled copy
    assert not w.isWindowModified()
    assert boxes.warned == []
    for view in ("grid", "planner", "holidays"):
        w.show_view(view)
        assert w.tabs.currentIndex() == ("grid", "planner", "holidays").index(view)
    w.close()


def test_a_plan_that_does_not_load_is_reported_with_its_path(window, boxes, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('version = 1\nname = "x"\nreference_zone = "Asia/Bangalore"\n')
    assert not window.documents.open_path(bad)
    assert len(boxes.warned) == 1
    assert str(bad) in boxes.warned[0] and "Asia/Kolkata" in boxes.warned[0]
    assert window.ctx.plan.name == "Payments platform"     # the open plan stays


def test_editing_a_member_validates_inline_and_marks_the_plan_modified(window, qtbot):
    dialog = window.editor.edit_entry("member", 2)                # Priya
    form = dialog.form
    zone = form.input("zone")
    zone.setText("Asia/Bangalore")
    form.validate_now()
    assert form.error_text("zone") == ""                   # not while it is being typed
    zone.editingFinished.emit()                            # the field is left
    assert "not a time zone" in form.error_text("zone")
    assert ("zone:Asia/Kolkata", "Asia/Kolkata") in form.messages()[0].links  # inline
    zone.setText("Asia/Colombo")
    form.validate_now()
    assert form.error_text("zone") == ""
    assert dialog.ok_button().isEnabled()
    assert form.values() == {"zone": "Asia/Colombo"}       # only what changed
    dialog.ok_button().click()
    assert window.ctx.plan.member("Priya").zone == "Asia/Colombo"
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()
    assert window.grid.grid_data.rows[2].zone == "Asia/Colombo"   # the grid follows


def test_adding_a_member_needs_a_name_and_a_zone(window):
    dialog = window.editor.edit_entry("member", None)
    form = dialog.form
    assert form.error_text("name") == ""                   # nothing red before typing
    dialog.ok_button().click()                             # OK says what is missing
    assert not dialog.result() and form.error_text("name") == "Enter a name."
    form.input("name").setText("Ines")
    form.input("zone").setText("Europe/Lisbon")
    form.validate_now()
    assert dialog.ok_button().isEnabled(), form.problems()
    dialog.ok_button().click()
    assert window.ctx.plan.members[-1].name == "Ines"
    assert len(window.grid.grid_data.rows) == 9
    assert window.team_panel.current_item() == ("member", 8)


def test_a_site_in_use_is_not_removed_but_a_member_is(window, boxes):
    assert not window.editor.remove_entry("site", 0)
    assert "Lena" in boxes.warned[0]
    assert window.editor.remove_entry("member", 1)
    assert [m.name for m in window.ctx.plan.members][:2] == ["Lena", "Priya"]
    assert window.isWindowModified()


def test_save_writes_the_file_keeps_comments_and_clears_the_marker(window, plan_file):
    window.editor.edit_entry("member", 0).form.input("email").setText("lena.vogt@example.com")
    dialog = window.findChildren(type(window.editor.edit_entry("member", 0)))[0]
    dialog.form.validate_now()
    dialog.ok_button().click()
    assert window.isWindowModified()
    assert window.documents.save()
    text = plan_file.read_text(encoding="utf-8")
    assert 'email = "lena.vogt@example.com"' in text
    assert "# Overlap demo plan" in text                   # comments survive
    assert not window.isWindowModified()
    assert window.settings.recent_files()[0] == str(plan_file.resolve())
    assert "Saved to" in window.statusBar().currentMessage()


def test_save_as_writes_a_new_file_and_retitles(window, tmp_path):
    target = tmp_path / "copy"
    assert window.documents.save_as(target)
    assert (tmp_path / "copy.toml").is_file()
    assert "copy.toml" in window.windowTitle()


def test_saving_to_an_unwritable_place_reports_path_and_reason(window, boxes, tmp_path):
    assert not window.documents.save_as(tmp_path / "missing" / "dir" / "plan.toml")
    assert len(boxes.warned) == 1 and "missing" in boxes.warned[0]


def modify(window):
    assert window.editor.remove_entry("member", 7)
    assert window.isWindowModified()


def test_close_guard_cancel_keeps_the_window_open(window, boxes):
    modify(window)
    boxes.answer = SB.Cancel
    assert not window.close()
    assert window.isVisible()
    assert boxes.asked == ["Unsaved changes"]


def test_close_guard_discard_closes_without_saving(window, boxes, plan_file):
    before = plan_file.read_text(encoding="utf-8")
    modify(window)
    boxes.answer = SB.Discard
    assert window.close()
    assert plan_file.read_text(encoding="utf-8") == before


def test_close_guard_save_saves_then_closes(window, boxes, plan_file):
    modify(window)
    boxes.answer = SB.Save
    assert window.close()
    assert "Chloe" not in plan_file.read_text(encoding="utf-8")


def test_an_unmodified_plan_closes_without_asking(window, boxes):
    assert window.close()
    assert boxes.asked == []


def test_autosave_and_restore_after_a_crash(qtbot, window, boxes, tmp_path, plan_file):
    modify(window)
    written = window.documents.autosave()
    assert written is not None and written.is_file()
    # A new session finds the recovery file the "crashed" one left behind.
    second = make_window(qtbot, tmp_path)
    boxes.answer = SB.Yes
    assert second.documents.offer_recovery()
    assert [m.name for m in second.ctx.plan.members] == \
        [m.name for m in window.ctx.plan.members]
    assert second.ctx.document.path == plan_file.resolve()
    assert second.isWindowModified()
    boxes.answer = SB.Save
    assert second.documents.save()
    assert second.documents.pending_recovery() == []
    assert "Chloe" not in plan_file.read_text(encoding="utf-8")
    second.close()


def test_declining_recovery_discards_it(qtbot, window, boxes, tmp_path):
    modify(window)
    window.documents.autosave()
    second = make_window(qtbot, tmp_path)
    boxes.answer = SB.No
    assert not second.documents.offer_recovery()
    assert second.documents.pending_recovery() == []


def test_a_clean_save_leaves_no_recovery_file(window):
    modify(window)
    window.documents.autosave()
    assert window.documents.pending_recovery()
    window.documents.save()
    assert window.documents.pending_recovery() == []


def test_uncaught_exceptions_are_logged_and_shown(qtbot, window, caplog):
    hook = ExceptionDialogHook("/tmp/overlap.log")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        exc_info = sys.exc_info()
    with caplog.at_level(logging.CRITICAL, logger="overlap"):
        hook(*exc_info)
    assert "boom in a slot" in caplog.text and "Traceback" in caplog.text
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "exception_dialog"]
    assert boxes and boxes[0].isVisible()
    assert "boom in a slot" in boxes[0].text()
    assert "boom in a slot" in boxes[0].detailedText()
    boxes[0].done(0)


def test_the_error_dialog_saves_a_copy_of_the_plan(qtbot, window, tmp_path, monkeypatch):
    copy = tmp_path / "rescued.toml"
    monkeypatch.setattr("app.documents.QFileDialog.getSaveFileName",
                        lambda *a, **kw: (str(copy), "Plans (*.toml)"))
    hook = ExceptionDialogHook(None, save=window.documents.save_as)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        hook(*sys.exc_info())
    [box] = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == "exception_dialog" and w.isVisible()]
    [button] = [b for b in box.buttons() if b.objectName() == "exception_save"]
    button.click()
    assert copy.is_file() and "Payments platform" in copy.read_text(encoding="utf-8")
    box.done(0)


def test_preferences_change_the_clock_format_everywhere(window):
    window.settings.hour12 = True
    window.apply_preferences()
    model = window.team_panel.model
    lena = model.member_index(0).siblingAtColumn(2)
    assert model.data(lena).replace("\u202f", " ").lower() == "11:20 am"
    window.settings.hour12 = False
    window.apply_preferences()
    assert model.data(lena) == "11:20"


def test_settings_dialog_changes_the_reference_zone(window):
    dialog = window.open_settings()
    dialog.zone.setText("Asia/Kathmandu")
    dialog.buttons.accepted.emit()
    assert window.ctx.plan.reference_zone == "Asia/Kathmandu"
    assert window.grid.grid_data.zone == "Asia/Kathmandu"
    assert window.isWindowModified()


def test_window_state_is_remembered(qtbot, tmp_path, boxes, plan_file):
    w = make_window(qtbot, tmp_path)
    w.documents.open_path(plan_file)
    w.show()
    qtbot.waitExposed(w)
    w.team_dock.hide()
    w.close()
    again = make_window(qtbot, tmp_path)
    assert again.team_dock.isHidden()
    assert again.settings.window_state()[0] is not None


def test_screenshot_command_writes_a_png(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "app", "open", str(DEMO_PLAN),
                             "--screenshot", str(out), "--view", "holidays",
                             "--now", "2026-03-09T10:20Z"],
                            capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 860)


def test_exporting_a_slot_writes_an_ics_and_remembers_its_uid(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "slot.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Calendar files (*.ics)"))
    start = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    window.grid.select_interval(start, start.replace(hour=10))
    details = window.grid_page.details
    assert details.export_button.isEnabled()
    details.export_button.click()
    from app.exports import ExportDialog

    dialog = window.findChildren(ExportDialog)[-1]
    assert "Lena" in dialog.preview.toPlainText()           # every member's local time
    dialog.buttons.accepted.emit()
    data = target.read_bytes()
    assert b"BEGIN:VEVENT" in data and b"\r\n" in data
    assert window.isWindowModified()                        # the UID went into the plan
    assert "Exported to" in window.statusBar().currentMessage()


def test_new_plan_add_a_site_and_a_member_then_save_as(qtbot, tmp_path, boxes):
    w = make_window(qtbot, tmp_path)
    assert w.documents.new_plan()
    assert w.ctx.document.path is None and "not saved yet" in w.windowTitle()
    site = w.editor.edit_entry("site", None)
    site.form.input("id").setText("ktm")
    site.form.input("name").setText("Kathmandu QA")
    site.form.input("zone").setText("Asia/Kathmandu")
    site.form.input("hours").setText("10:00-17:00")
    site.form.validate_now()
    assert site.ok_button().isEnabled(), site.form.problems()
    site.ok_button().click()
    member = w.editor.edit_entry("member", None)
    member.form.input("name").setText("Sushma")
    member.form.input("site").setCurrentIndex(1)
    assert "Asia/Kathmandu" in member.form.input("zone").placeholderText()  # inherited
    member.form.validate_now()
    assert member.ok_button().isEnabled(), member.form.problems()
    member.ok_button().click()
    assert w.ctx.plan.member("Sushma").zone == "Asia/Kathmandu"
    target = tmp_path / "new.toml"
    assert w.documents.save_as(target)
    reloaded = load_plan(target, regions=NO_REGIONS)
    assert [m.name for m in reloaded.plan.members] == ["Sushma"]
    assert reloaded.plan.sites[0].id == "ktm"
    w.close()


def test_plan_recurring_check_in_from_a_slot(window):
    start = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)     # 15:00 Berlin
    window.grid.select_interval(start, start.replace(hour=15))
    window.grid_page.details.plan_button.click()
    assert window.tabs.currentWidget() is window.planner_page
    series = window.planner_page.series
    assert (series.start.isoformat(), series.local_time.strftime("%H:%M"), series.zone,
            series.duration) == ("2026-03-10", "15:00", "Europe/Berlin", 60)
    assert window.planner_page.series_model.rowCount() == Cadence.WEEK.default_count


def test_window_and_command_line_default_to_the_same_count_per_cadence(window, capsys):
    # Regression: the window defaulted to 12/8/6 occurrences while the CLI used 26/13/6.
    page = window.planner_page
    for cadence in reversed(Cadence):
        page.cadence.setCurrentIndex(page.cadence.findData(cadence.value))
        assert cli_main(["series", str(DEMO_PLAN), "--start", "2026-03-03", "--time", "09:00",
                         "--zone", "Europe/Berlin", "--every", cadence.value, "--json"]) == 0
        assert page.count.value() == len(json.loads(capsys.readouterr().out)["occurrences"])


def test_screenshot_of_a_plan_that_does_not_load_fails_with_the_reason(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "app", "open", str(tmp_path / "nope.toml"),
                             "--screenshot", str(out)], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 1
    assert "file not found" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_settings_dialog_applies_locale_clock_week_start_and_theme(window):
    dialog = window.open_settings()
    dialog.locale_box.setCurrentIndex(dialog.locale_box.findData("de_DE"))
    dialog.clock_format.setCurrentIndex(dialog.clock_format.findData(True))
    dialog.week_start.setCurrentIndex(dialog.week_start.findData(6))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.buttons.accepted.emit()
    f = window.formats
    assert (f.locale, f.uses_12h, f.first_week_day) == ("de_DE", True, 6)
    assert window.grid_page.grid._style.name == "dark"
    dialog = window.open_settings()
    dialog.locale_box.setEditText("fr_CA")
    assert dialog.chosen_locale() == "fr_CA"
    dialog.reject()
    window.settings.theme = "light"
    window.apply_preferences()


def test_save_over_a_file_changed_on_disk_asks_first(qtbot, tmp_path, boxes, plan_file):
    w = make_window(qtbot, tmp_path, io=PlanIO.default())
    assert w.documents.open_path(plan_file)
    modify(w)
    theirs = plan_file.read_text(encoding="utf-8").replace("Payments platform",
                                                           "Payments (colleague's edit)")
    plan_file.write_text(theirs, encoding="utf-8")
    boxes.answer = SB.Cancel
    assert not w.documents.save()
    assert boxes.asked == ["The file changed on disk"]
    assert plan_file.read_text(encoding="utf-8") == theirs      # nothing overwritten
    assert w.isWindowModified()
    boxes.answer = SB.Save
    assert w.documents.save()
    assert "Payments platform" in plan_file.read_text(encoding="utf-8")
    assert plan_file.with_name("team.toml.bak").read_text(encoding="utf-8") == theirs
    w.documents.set_modified(False)


def test_changing_the_locale_keeps_skips_moves_and_the_rotation(window):
    # Regression: a change of locale re-planned the check-in from scratch, losing
    # the skips and moves made by hand, and dropped the rotation.
    page = window.planner_page
    page.count.setValue(8)
    page.analyse()
    assert page.decide("skip", 2) and page.decide("move", 4)
    rotation = page.rotate()
    page.rotation_model.lock(1, rotation.occurrences[0].slot)
    window.settings.locale = "de_DE"
    window.apply_preferences()
    assert window.ctx.locale == "de_DE"
    occurrences = page.series_model.report.occurrences
    assert not occurrences[2].held and occurrences[4].moved
    assert page.rotation_model.rotation is not None
    assert page.rotation_model.locks == {1: rotation.occurrences[0].slot}
    window.settings.locale = None
    window.apply_preferences()


def test_a_new_plan_starts_with_empty_planner_inputs_and_says_what_to_do(window, qtbot):
    page = window.planner_page
    page.time_edit.setTime(page.time_edit.time().addSecs(3600))
    page.analyse()
    assert page.decide("skip", 1)
    page.candidates_edit.setText("09:00 America/New_York; 15:00 Europe/Berlin")
    assert page.rotate() is not None
    assert page.stack.currentWidget() is not page.empty_state
    window.documents.set_modified(False)
    assert window.documents.new_plan()
    assert page.stack.currentWidget() is page.empty_state
    assert "no members" in page.empty_state.title.text()
    assert page.time_edit.time().toString("HH:mm") == "15:00"
    assert page.candidates_edit.text() == "" and page.rotation_model.rotation is None
    occurrences = page.series_model.report.occurrences
    assert len(occurrences) == 26 and all(o.held for o in occurrences)   # no skip carried over
    dialogs = []
    window.editor.edit_entry = lambda table, index: dialogs.append((table, index))
    page.empty_state.add_member_button.click()
    assert dialogs == [("member", None)]


def test_the_demo_opens_as_an_untitled_copy_and_is_never_written(qtbot, tmp_path, boxes,
                                                                 monkeypatch):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    before = DEMO_PLAN.read_bytes()
    w = make_window(qtbot, tmp_path, io=PlanIO.default())
    assert w.documents.open_demo()
    assert w.ctx.document.path is None and w.documents.demo_copy
    assert "demo copy" in w.windowTitle()
    assert w.settings.recent_files() == []
    # a session of edits ...
    assert w.editor.remove_entry("member", 7)
    w.settings.locale = "de_DE"
    w.apply_preferences()
    assert w.isWindowModified()
    # ... Save goes to Save As, which starts in the documents folder
    asked = []
    target = tmp_path / "saved" / "payments.toml"
    target.parent.mkdir()

    def save_as_dialog(parent, title, start, filters):
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as_dialog)
    assert w.documents.save()
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked == [str(Path(documents) / "payments-platform.toml")]
    assert w.ctx.document.path == target and not w.documents.demo_copy
    assert "Chloe" not in target.read_text(encoding="utf-8")
    # saving into the demo's own folder is refused, whatever the user picks
    assert not w.documents.save_as(DEMO_PLAN)
    assert not w.documents.save_as(DEMO_PLAN.with_name("mine.toml"))
    assert "bundled demo" in boxes.warned[-1]
    assert DEMO_PLAN.read_bytes() == before
    assert not DEMO_PLAN.with_name("demo.toml.bak").exists()
    assert not DEMO_PLAN.with_name("mine.toml").exists()
    w.settings.locale = None
    w.close()


def test_exporting_from_an_untitled_plan_starts_in_the_documents_folder(window, monkeypatch):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from app.exports import ExportDialog

    asked = []

    def cancelled(parent, title, start, filters):
        asked.append(start)
        return "", filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancelled)
    assert window.documents.open_demo()
    page = window.planner_page
    page.analyse()
    page.series_panel.sharing.export_button.click()
    dialog = window.findChildren(ExportDialog)[-1]
    dialog.buttons.accepted.emit()
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked == [str(Path(documents) / "check-in.ics")]


def test_member_form_edits_lenas_periods_inline_and_saves_them_in_the_file(window, plan_file):
    dialog = window.editor.edit_entry("member", 0)                # Lena
    form = dialog.form
    periods = form.period_list
    assert [e["note"] for e in periods.entries()] == ["Tokyo office"]
    assert form.periods() is None                                 # unchanged
    row = periods.add_period()
    periods.set_cell(row, "dates", "2027-05-10..2027-05-20")     # shares dates with Tokyo
    periods.set_cell(row, "hours", "08:00-14:00")
    form.validate_now()
    assert "period[2]" in periods.error.text() and "shares" in periods.error.text()
    assert not form.is_valid()
    periods.set_cell(row, "dates", "2027-07-01..2027-07-31")
    periods.set_cell(row, "note", "Summer Fridays")
    form.validate_now()
    assert periods.error.isHidden()
    assert dialog.ok_button().isEnabled()
    dialog.ok_button().click()
    lena = window.ctx.plan.member("Lena")
    assert [p.note for p in lena.periods] == ["Tokyo office", "Summer Fridays"]
    assert window.isWindowModified()
    window.documents.save()
    text = plan_file.read_text(encoding="utf-8")
    assert "# dates in Tokyo's own calendar" in text              # comments kept
    assert 'dates = "2027-07-01..2027-07-31"\nhours = "08:00-14:00"\nnote = "Summer Fridays"' \
        in text
