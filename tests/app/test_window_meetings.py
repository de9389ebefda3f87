"""The window's saved meetings: edits go into the plan file and come back on reopening.

Plans are read without holiday data (NO_REGIONS); message boxes are replaced
by recorders, and no dialog is exec'd.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QEvent, QObject, QSettings, Qt

from app.main_window import MainWindow
from resources import DEMO_PLAN
from tests.app.window_helpers import record_message_boxes, stub_io

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)




@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_message_boxes(monkeypatch)


@pytest.fixture
def plan_file(tmp_path):
    p = tmp_path / "team.toml"
    p.write_bytes(DEMO_PLAN.read_bytes())
    return p


def open_window(qtbot, tmp_path, path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(path)
    w.show_view("meetings")
    return w


def test_the_meetings_pages_and_the_banner_come_after_the_plan_is_shown(qtbot, tmp_path,
                                                                        plan_file):
    # The window shows the plan on the grid first; the Meetings, Portfolio and Clock
    # changes pages are built one per turn of the event loop afterwards, the banner
    # fills in, and each page shows the plan's meetings as if it had been there all along.
    from app.main_window import PAGES
    from widgets.clock_changes import ClockBanner, ClockChangesPage
    from widgets.meetings_page import MeetingsPage, PortfolioPage

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    kinds = {"meetings": MeetingsPage, "portfolio": PortfolioPage, "clocks": ClockChangesPage}
    titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    w.show()                                            # as the app starts: window first
    qtbot.waitExposed(w)

    class Watch(QObject):  # what is there when the grid paints the plan
        seen: list[tuple[bool, bool]] = []

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and w.grid.grid_data is not None:
                self.seen.append((w.meetings.banner_pending,
                                  isinstance(w.tabs.widget(PAGES.index("meetings")),
                                             MeetingsPage)))
            return False

    watch = Watch()
    w.grid.viewport().installEventFilter(watch)
    assert w.documents.open_path(plan_file)
    assert w.grid.grid_data is not None                 # the grid has the plan ...
    for view, kind in kinds.items():                    # ... the other pages not yet
        assert not isinstance(w.tabs.widget(PAGES.index(view)), kind)
    assert w.meetings.banner_pending
    assert not w.findChildren(ClockBanner)               # nothing to say yet: not built
    qtbot.waitUntil(lambda: all(isinstance(w.tabs.widget(PAGES.index(v)), k)
                                for v, k in kinds.items()))
    assert not w.meetings.banner_pending
    assert watch.seen[0] == (True, False)                # the grid painted the plan first
    assert w.tabs.currentWidget() is w.grid_page        # building them left the grid shown
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == titles
    page = w.tabs.widget(PAGES.index("meetings"))
    assert page is w.meetings_page is w.page("meetings")
    ids = [page.model.index(i, 0).data(Qt.ItemDataRole.UserRole)
           for i in range(page.model.rowCount())]
    assert ids == [m.id for m in w.ctx.plan.meetings] and len(ids) == 3
    portfolio = w.tabs.widget(PAGES.index("portfolio"))
    assert {r.meeting for r in portfolio.model.rows} == {m.id for m in w.ctx.plan.meetings}
    # 1 March 2027: New York moves its clocks on 14 March, which moves the check-ins.
    clocks = w.tabs.widget(PAGES.index("clocks"))
    assert {s.meeting for s in clocks.report.shifts} >= {"weekly-sync"}
    banner = w.meetings.banner
    assert w.findChildren(ClockBanner) == [banner] and banner.isVisible()
    assert "New York" in banner.text


def test_a_page_asked_for_before_the_rest_is_built_into_its_tab(qtbot, tmp_path, plan_file):
    from app.main_window import PAGES
    from widgets.clock_changes import ClockChangesPage

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(plan_file)
    w.show_view("clocks")                               # at once, before the event loop
    page = w.tabs.currentWidget()
    assert isinstance(page, ClockChangesPage) and page is w.meetings.clocks_page
    assert w.tabs.indexOf(page) == PAGES.index("clocks")
    assert {s.meeting for s in page.report.shifts} >= {"weekly-sync"}


def test_meeting_edits_survive_save_and_reopen(qtbot, tmp_path, plan_file):
    w = open_window(qtbot, tmp_path, plan_file)
    page = w.meetings_page
    page.select(1)                                     # partner-review
    editor = page.editor
    editor.title_edit.setText("Partner review")
    editor.by_until.setChecked(True)
    editor.until_edit.setDate(QDate(2027, 9, 30))
    editor.duration.setValue(60)
    editor.optional.set_ticked("Sushma", True)
    assert editor.commit(), editor.problems()
    assert w.isWindowModified()
    assert w.ctx.plan.meetings[1].title == "Partner review"
    page.add_button.click()                            # a new meeting, selected
    assert page.selected.id == "new-meeting"
    page.editor.title_edit.setText("Retro")
    page.editor.slots_edit.setText("16:00 Europe/Berlin; 09:00 America/New_York")
    assert page.editor.commit(), page.editor.problems()
    assert w.documents.save()

    (tmp_path / "again").mkdir()
    again = open_window(qtbot, tmp_path / "again", plan_file)
    meetings = {m.id: m for m in again.ctx.plan.meetings}
    assert list(meetings) == ["weekly-sync", "partner-review", "delivery-sync", "new-meeting"]
    review = meetings["partner-review"]
    assert (review.title, review.until, review.count, review.duration) == \
        ("Partner review", date(2027, 9, 30), None, 60)
    assert review.optional == {"Sushma"}
    retro = meetings["new-meeting"]
    assert retro.title == "Retro" and retro.rotating
    assert [s.text for s in retro.slots] == ["16:00 Europe/Berlin", "09:00 America/New_York"]
    assert retro.start == date(2027, 3, 8)
    text = plan_file.read_text(encoding="utf-8")
    # the keys nobody touched keep their comments
    assert 'every = "month"                        # the same weekday of the month' in text
    assert "# 26 January is Republic Day in India" in text
    assert again.meetings_page.model.rowCount() == 4


def test_deleting_a_meeting_asks_first_and_cancel_keeps_it(qtbot, tmp_path, plan_file):
    w = open_window(qtbot, tmp_path, plan_file)
    page = w.meetings_page
    portfolio = w.meetings.portfolio_page.model
    assert "delivery-sync" in {r.meeting for r in portfolio.rows}
    page.select(2)
    page.delete_button.click()
    assert page.confirm_bar.isVisibleTo(page)
    page.cancel_delete_button.click()
    assert len(w.ctx.plan.meetings) == 3 and not w.isWindowModified()
    page.delete_button.click()
    page.confirm_delete_button.click()
    assert [m.id for m in w.ctx.plan.meetings] == ["weekly-sync", "partner-review"]
    assert w.isWindowModified()
    assert page.selected.id == "partner-review"        # a neighbour stays selected
    assert "delivery-sync" not in {r.meeting for r in portfolio.rows}  # the portfolio follows
    assert w.documents.save()
    assert "delivery-sync" not in plan_file.read_text(encoding="utf-8")


def test_duplicate_then_rename_in_the_window(qtbot, tmp_path, plan_file):
    w = open_window(qtbot, tmp_path, plan_file)
    page = w.meetings_page
    page.select(0)
    page.duplicate_button.click()
    assert page.selected.id == "weekly-sync-copy"
    page.rename_button.click()
    page.editor.title_edit.setText("Payments sync (Americas)")
    page.editor.title_edit.editingFinished.emit()
    assert w.ctx.plan.meetings[-1].title == "Payments sync (Americas)"
    assert w.ctx.plan.meetings[-1].skip == w.ctx.plan.meetings[0].skip
    assert "Changed meeting" in w.statusBar().currentMessage()


def test_edit_add_meeting_shows_the_meetings_page(qtbot, tmp_path, plan_file):
    from app.actions import ActionId

    w = open_window(qtbot, tmp_path, plan_file)
    w.show_view("grid")
    w.window_actions[ActionId.ADD_MEETING].trigger()
    assert w.tabs.currentWidget() is w.meetings_page
    assert w.meetings_page.selected.id == "new-meeting"


def test_skips_moves_and_locks_from_the_planner_are_saved_with_the_meeting(qtbot, tmp_path,
                                                                           plan_file):
    w = open_window(qtbot, tmp_path, plan_file)
    meetings = w.meetings_page
    meetings.select(2)                                 # delivery-sync, a rotation
    meetings.editor.planner_button.click()
    assert w.tabs.currentWidget() is w.planner_page
    page = w.planner_page
    assert page.meeting.id == "delivery-sync"
    rotation = page.rotation_model.rotation
    fourth = rotation.occurrences[3]
    page.rotation_model.lock(4, fourth.slot)
    assert w.isWindowModified()
    assert w.ctx.plan.meetings[2].lock == ((fourth.date, fourth.slot),)
    report = page.series_model.report
    assert page.decide("skip", 1) and page.decide("move", 5)
    moved = page.series_model.report.occurrences[5]
    assert page.series_view.selectionModel().selectedRows()[0].row() == 5  # stays selected
    assert page.meeting.skip == {report.occurrences[1].rule_date}
    assert page.meeting.move == ((moved.rule_date, moved.date),)
    assert meetings.editor.decisions_label.text().startswith("Skipped ")
    assert w.documents.save()

    (tmp_path / "again").mkdir()
    again = open_window(qtbot, tmp_path / "again", plan_file)
    saved = again.ctx.plan.meetings[2]
    assert saved.skip == {report.occurrences[1].rule_date}
    assert saved.move == ((moved.rule_date, moved.date),)
    assert saved.lock == ((fourth.date, fourth.slot),)
    again.planner_page.edit_meeting("delivery-sync")
    assert again.planner_page.rotation_model.locks == {4: fourth.slot}
    assert not again.planner_page.series_model.report.occurrences[1].held
    text = plan_file.read_text(encoding="utf-8")
    assert "# No slot suits New York and India both" in text


def window_at(qtbot, tmp_path, path, now: datetime) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: now, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(path)
    w.show()
    qtbot.waitExposed(w)
    banner_updated(qtbot, w)
    return w


def banner_updated(qtbot, w: MainWindow):
    """The banner once it has caught up with the plan shown (it fills in after a paint)."""
    qtbot.waitUntil(lambda: not w.meetings.banner_pending)
    return w.meetings.banner


def test_the_banner_shows_a_clock_change_that_moves_a_meeting_within_four_weeks(
        qtbot, tmp_path, plan_file):
    # New York moves its clocks on 14 March 2027: from 1 March that is within four
    # weeks, and the weekly check-in at 09:00 New York moves for Berlin on 18 March.
    w = window_at(qtbot, tmp_path, plan_file, datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    banner = w.meetings.banner
    assert banner.isVisible()
    assert banner.label.text().startswith("Clocks change on 14 Mar in New York: ")
    banner.details_button.click()
    page = w.meetings.clocks_page
    assert w.tabs.currentWidget() is page
    assert {s.meeting for s in page.report.shifts} == {"weekly-sync", "delivery-sync"}
    page.shifts_view.selectRow(0)
    assert "Subject: Clock change: " in page.preview()
    # The demo plan has no [mail]: Send says how to add it.
    assert not page.send_button.isEnabled() and "[mail]" in page.send_button.toolTip()
    banner.close_button.click()                           # dismissed ...
    assert not banner.isVisible()
    w.editor.remove_meeting(1)                            # ... and a change that moves nothing
    assert not banner_updated(qtbot, w).isVisible()       # new does not bring it back
    w.documents.set_modified(False)


@pytest.mark.parametrize("now", [
    datetime(2027, 1, 10, 9, 0, tzinfo=UTC),    # the next change is more than 4 weeks away
    datetime(2027, 5, 10, 9, 0, tzinfo=UTC),    # both changes are behind
])
def test_no_banner_when_no_clock_change_moves_a_meeting_within_four_weeks(
        qtbot, tmp_path, plan_file, now):
    w = window_at(qtbot, tmp_path, plan_file, now)
    assert w.meetings.banner.text is None and not w.meetings.banner.isVisible()


def test_the_banner_follows_the_plans_meetings(qtbot, tmp_path, plan_file):
    w = window_at(qtbot, tmp_path, plan_file, datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    assert w.meetings.banner.isVisible()
    for _ in range(3):
        assert w.editor.remove_meeting(0)
    assert not banner_updated(qtbot, w).isVisible()    # no meetings: nothing moves
    assert w.meetings.banner.text is None
    page = w.meetings_page
    page.add_button.click()                            # weekly from 8 March, 15:00 Berlin
    page.editor.slots_edit.setText("09:00 America/New_York")
    assert page.editor.commit()
    assert banner_updated(qtbot, w).isVisible()        # moves for Berlin on 15 March
    assert "New meeting moves to 14:00 for Lena" in w.meetings.banner.text
    w.documents.set_modified(False)


def test_screenshots_of_the_new_pages_at_a_chosen_size(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from PySide6.QtGui import QImage

    out = tmp_path / "clocks.png"
    result = subprocess.run([sys.executable, "-m", "app", "open", str(DEMO_PLAN),
                             "--screenshot", str(out), "--view", "clocks", "--size", "1280x800",
                             "--now", "2027-03-01T09:00Z"], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
