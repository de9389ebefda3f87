"""The window and the calendar server (Radicale on 127.0.0.1, with a password).

Publishing from the check-in planner and fetching busy times for the grid run
in a worker thread; the tests wait for the controller's signals.  Every dialog
on these paths is opened, never exec'd: the tests fill in the password dialog
and click the conflict box's buttons.  QMessageBox's static functions (the
close guard) are replaced so nothing can block.  What reached the server is
read back with the caldav library and expanded with recurring-ical-events,
independently of the code under test.  The keyring is an in-memory backend.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import caldav
import icalendar
import pytest
import recurring_ical_events
from PySide6.QtCore import QSettings

import planner.caldav
from app.actions import ActionId as A
from app.main_window import MainWindow
from planner.availability import to_seconds
from planner.caldav import read_published
from tests.app.window_helpers import record_message_boxes
from tests.builders import plan_text
from tests.caldav_server import LENA_PASSWORD, MemoryKeyring, Radicale

pytestmark = [pytest.mark.usefixtures("memory_keyring"),
              pytest.mark.qt_log_ignore("propagateSizeHints")]

NOW = datetime(2026, 6, 8, 7, 0, tzinfo=UTC)  # a Monday; no DST change for weeks
NEW_YORK = ZoneInfo("America/New_York")
PLAN = plan_text("berlin-new-york")




@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_message_boxes(monkeypatch)


def make_window(qtbot: Any, tmp_path: Path, text: str) -> MainWindow:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, recovery_dir=tmp_path / "recovery",
                   autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert w.documents.open_path(path)
    w.show_view("planner")
    page = w.planner_page
    page.count.setValue(4)
    assert page.analyse() is not None
    return w


def with_calendar(url: str, busy: dict[str, str] | None = None) -> str:
    text = PLAN + f'\n[calendar]\nurl = "{url}"\nuser = "lena"\n'
    if busy:
        text += "\n[calendar.busy]\n" + "".join(f'{k} = "{v}"\n' for k, v in busy.items())
    return text


def read_back(url: str) -> list[icalendar.Calendar]:
    """The calendar's objects through the caldav library (not through caldav_sync)."""
    with caldav.DAVClient(url=url, username="lena", password=LENA_PASSWORD) as client:
        return [icalendar.Calendar.from_ical(e.data)
                for e in client.calendar(url=url).events()]


def instants(cals: list[icalendar.Calendar]) -> list[tuple[datetime, datetime]]:
    out = []
    for cal in cals:
        for ev in recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2027, 1, 1)):
            out.append((ev["DTSTART"].dt.astimezone(UTC), ev["DTEND"].dt.astimezone(UTC)))
    return sorted(out)


def publish(qtbot: Any, w: MainWindow, button: Any = None) -> Any:
    sync = w.calendar_sync
    with qtbot.waitSignal(sync.published, timeout=15_000) as blocker:
        (button or w.planner_page.publish_series_button).click()
    return blocker.args[0]


def test_publish_from_the_planner_puts_the_series_on_the_server_from_a_worker_thread(
        qtbot: Any, tmp_path: Path, radicale_auth: Radicale, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = radicale_auth.make_calendar("lena")
    memory_keyring.set_password("overlap", f"lena@{url}", LENA_PASSWORD)
    threads: list[int] = []
    real = planner.caldav.publish

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    # The window loads the network code when it first publishes, from planner.caldav.
    monkeypatch.setattr(planner.caldav, "publish", spy)
    w = make_window(qtbot, tmp_path, with_calendar(url))
    page = w.planner_page
    progress: list[tuple[int, int, str]] = []
    w.calendar_sync.progressed.connect(lambda *a: progress.append(a))
    assert w.window_actions[A.PUBLISH_SERIES].isEnabled()
    assert url in page.publish_series_button.toolTip()

    report = publish(qtbot, w)
    assert threads and threads[0] != threading.get_ident()  # not on the GUI thread
    assert len(report.written) == 1
    stored = read_back(url)
    assert len(stored) == 1 and "METHOD" not in stored[0]
    planned = sorted((o.start, o.end) for o in page.series_model.report.occurrences)
    assert instants(stored) == planned
    assert progress and progress[-1][:2] == (1, 1) and "created" in progress[-1][2]
    # The plan remembers the event's address and ETag: modified, to be saved.
    assert w.isWindowModified()
    uid = str(stored[0].walk("VEVENT")[0]["UID"])
    assert read_published(w.ctx.document)[uid].href
    assert not w.calendar_sync.progress.isVisible()

    report = publish(qtbot, w)  # again: nothing changed, nothing written
    assert not report.written and [r.verb for r in report.results] == ["unchanged"]
    assert len(read_back(url)) == 1


def test_a_rotation_is_published_from_its_own_button(
        qtbot: Any, tmp_path: Path, radicale_auth: Radicale, memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    memory_keyring.set_password("overlap", f"lena@{url}", LENA_PASSWORD)
    w = make_window(qtbot, tmp_path, with_calendar(url))
    page = w.planner_page
    assert not page.publish_rotation_button.isEnabled()
    assert "Rotate fairly first" in page.publish_rotation_button.toolTip()
    page.candidates_edit.setText("09:00 Europe/Berlin; 09:00 America/New_York")
    rotation = page.rotate()
    assert rotation is not None and w.window_actions[A.PUBLISH_ROTATION].isEnabled()
    publish(qtbot, w, page.publish_rotation_button)
    expected = sorted((o.start, o.end) for o in rotation.occurrences)
    assert instants(read_back(url)) == expected


def test_a_wrong_password_is_a_clear_message_the_plan_unchanged_then_the_right_one_is_kept(
        qtbot: Any, tmp_path: Path, radicale_auth: Radicale, memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    w = make_window(qtbot, tmp_path, with_calendar(url))
    sync = w.calendar_sync
    before = w.ctx.document.dumps()
    w.planner_page.publish_series_button.click()
    dialog = sync.password_dialog  # nothing in the keyring: the window asks
    assert dialog is not None and dialog.isVisible()
    assert not w.planner_page.publish_series_button.isEnabled()  # one run at a time
    dialog.password.setText("not the password")
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(sync.failed, timeout=15_000):
        dialog.accept()
    box = sync.message_box
    assert box is not None and box.isVisible()
    assert "401" in box.text() and url in box.text() and "keyring set overlap" in box.text()
    assert "The plan is unchanged" in box.text()
    assert w.ctx.document.dumps() == before and not w.isWindowModified()
    assert read_back(url) == [] and memory_keyring.secrets == {}  # a refused password is not stored
    box.accept()

    w.planner_page.publish_series_button.click()
    dialog = sync.password_dialog
    assert dialog is not None
    dialog.password.setText(LENA_PASSWORD)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(sync.published, timeout=15_000):
        dialog.accept()
    assert len(read_back(url)) == 1
    assert memory_keyring.secrets == {("overlap", f"lena@{url}"): LENA_PASSWORD}


def test_a_change_on_the_server_is_shown_and_replaced_only_when_confirmed(
        qtbot: Any, tmp_path: Path, radicale_auth: Radicale, memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    memory_keyring.set_password("overlap", f"lena@{url}", LENA_PASSWORD)
    w = make_window(qtbot, tmp_path, with_calendar(url))
    sync = w.calendar_sync
    publish(qtbot, w)
    (href, data), = radicale_auth.objects(url, user="lena").items()
    theirs = data.replace("SUMMARY:", "SUMMARY:Moved by Priya — ")
    assert radicale_auth.put(href, theirs, user="lena") in (201, 204)
    w.planner_page.duration.setValue(45)  # the plan changes too
    w.planner_page.analyse()
    with qtbot.waitSignal(sync.failed, timeout=15_000):
        w.planner_page.publish_series_button.click()
    box = sync.message_box
    assert box is not None and box.isVisible()
    assert "changed on the server" in box.text() and "Replace" in box.text()
    assert "Moved by Priya" in next(iter(radicale_auth.objects(url, user="lena").values()))
    replace = next(b for b in box.buttons() if b.text() == "Replace on the server")
    with qtbot.waitSignal(sync.published, timeout=15_000) as blocker:
        replace.click()
    assert len(blocker.args[0].written) == 1
    stored = read_back(url)
    assert "Moved by Priya" not in stored[0].to_ical().decode()
    assert all(e - s == timedelta(minutes=45) for s, e in instants(stored))


def test_without_a_calendar_publishing_is_disabled_and_says_how_to_configure_one(
        qtbot: Any, tmp_path: Path) -> None:
    w = make_window(qtbot, tmp_path, PLAN)
    page = w.planner_page
    page.rotate()
    actions = w.window_actions
    for item in (page.publish_series_button, page.publish_rotation_button,
                 actions[A.PUBLISH_SERIES], actions[A.PUBLISH_ROTATION], actions[A.FETCH_BUSY]):
        assert not item.isEnabled()
        assert "[calendar]" in item.toolTip() and "docs/caldav.md" in item.toolTip()
    assert w.calendar_sync.publish(page.series) is False  # and a call by hand says why
    assert "no calendar server" in w.statusBar().currentMessage()


def test_fetched_busy_times_cut_the_grid_where_the_meeting_is(
        qtbot: Any, tmp_path: Path, radicale_auth: Radicale, memory_keyring: MemoryKeyring) -> None:
    team = radicale_auth.make_calendar("lena")
    maya = radicale_auth.make_calendar("lena")
    memory_keyring.set_password("overlap", f"lena@{team}", LENA_PASSWORD)
    day = date(2026, 6, 8)
    meeting = [datetime.combine(day, t, NEW_YORK).astimezone(UTC) for t in (time(10), time(11))]
    event = icalendar.Calendar()
    event.add("PRODID", "-//test//busy//EN")
    event.add("VERSION", "2.0")
    ev = icalendar.Event()
    ev.add("UID", "board@maya")
    ev.add("DTSTAMP", NOW)
    ev.add("DTSTART", meeting[0])
    ev.add("DTEND", meeting[1])
    event.add_component(ev)
    assert radicale_auth.put(f"{maya}board.ics", event.to_ical(), user="lena") == 201
    w = make_window(qtbot, tmp_path, with_calendar(team, {"Maya": maya}))
    w.show_view("grid")
    before = w.grid.grid_data
    assert before is not None and w.grid.grid_range.first == day
    row = [r.name for r in before.rows].index("Maya")
    a, b = (to_seconds(t) for t in meeting)
    assert any(s <= a and b <= e for s, e in before.rows[row].working)
    assert w.window_actions[A.FETCH_BUSY].isEnabled()
    assert not w.window_actions[A.FORGET_BUSY].isEnabled()

    with qtbot.waitSignal(w.calendar_sync.busy_fetched, timeout=15_000):
        w.window_actions[A.FETCH_BUSY].trigger()
    after = w.grid.grid_data
    assert after is not before
    spans = [(s, e) for s, e in before.rows[row].working]
    expected = [p for s, e in spans for p in ((s, min(e, a)), (max(s, b), e)) if p[0] < p[1]]
    assert list(after.rows[row].working) == expected
    assert not w.isWindowModified()  # busy times are not part of the plan file
    assert "Maya" in w.statusBar().currentMessage()

    w.window_actions[A.FORGET_BUSY].trigger()
    assert list(w.grid.grid_data.rows[row].working) == spans
