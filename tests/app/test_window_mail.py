"""E-mail from the window: invitations, updates and cancellations from the Meetings page,
clock-change heads-ups from the Clock changes page, against aiosmtpd on 127.0.0.1.

Sending runs in a worker thread; the tests wait for MailUi's signals.  Dialogs are
opened, never exec'd: the tests press their buttons or call their slots.  What
arrived is parsed back with the standard ``email`` package and icalendar; what the
plan recorded is read back from the saved file.  The keyring is an in-memory one.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit

import planner.mail.transport as transport
from app.actions import ActionId as A
from app.mail_preview import MailPreviewDialog, attendee_locale
from app.main_window import MainWindow
from planner.mail.lint import lint_eml
from planner.mail.messages import calendar_part
from planner.mail.sent import SentKind, read_sent
from planner.planfile import load_plan
from resources import DEMO_PLAN
from tests.app.window_helpers import record_message_boxes, stub_io
from tests.builders import FIXTURES, NO_REGIONS
from tests.caldav_server import MemoryKeyring
from tests.smtp_server import LENA_MAIL_PASSWORD, Received, SmtpServer
from widgets.meetings_page.mail_box import INVITE, UP_TO_DATE, UPDATE

pytestmark = [pytest.mark.usefixtures("memory_keyring"),
              pytest.mark.qt_log_ignore("propagateSizeHints")]

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)  # the meetings start in March
MAIL_PLAN = FIXTURES / "plans" / "mail.toml"




@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_message_boxes(monkeypatch)


@pytest.fixture
def team(tmp_path: Path, smtp_server: SmtpServer, memory_keyring: MemoryKeyring) -> Path:
    """The mail plan pointed at the test server, its password in the keyring."""
    path = tmp_path / "team.toml"
    path.write_text(MAIL_PLAN.read_text(encoding="utf-8").replace(
        "127.0.0.1:2525", f"127.0.0.1:{smtp_server.port}"), encoding="utf-8")
    memory_keyring.set_password("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}",
                                LENA_MAIL_PASSWORD)
    return path


def open_window(qtbot: Any, tmp_path: Path, path: Path | None, view: str = "meetings"
                ) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, clock=lambda: NOW, plan_io=stub_io(),
                   recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    qtbot.addWidget(w)
    if path is not None:
        assert w.documents.open_path(path)
    w.show_view(view)
    return w


def select(w: MainWindow, meeting_id: str) -> None:
    page = w.meetings_page
    row = page.model.row_of(meeting_id)
    assert row is not None
    page.select(row)


def preview(w: MainWindow, meeting_id: str = "weekly-sync") -> MailPreviewDialog:
    select(w, meeting_id)
    w.meetings_page.mail_box.invite_button.click()
    dialog = w.mail.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def send(qtbot: Any, w: MainWindow, dialog: MailPreviewDialog) -> None:
    with qtbot.waitSignal(w.mail.sent, timeout=15_000):
        dialog.send_button.click()


def ics(got: Received) -> icalendar.Calendar:
    part = calendar_part(got.message)
    assert part is not None
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def events(got: Received) -> list[icalendar.Event]:
    return [e for e in ics(got).walk("VEVENT") if isinstance(e, icalendar.Event)]


def test_an_invitation_sent_from_the_window_arrives_and_the_button_follows_the_record(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    real = transport.send_message

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(transport, "send_message", spy)
    w = open_window(qtbot, tmp_path, team)
    box = w.meetings_page.mail_box
    select(w, "weekly-sync")
    assert box.invite_button.text() == INVITE and box.invite_button.isEnabled()
    dialog = preview(w)
    assert dialog.windowTitle() == "Invitation: Payments weekly check-in"
    assert dialog.subject_label.text() == "Invitation: Payments weekly check-in"
    assert dialog.to_label.text() == \
        "Maya <maya@example.com>, Priya <priya@example.com>, Tomás <tomas@example.com>"
    assert "You are invited to" in dialog.text.toPlainText()
    assert dialog.send_button.isEnabled()

    send(qtbot, w, dialog)
    assert threads and threads[0] != threading.get_ident()  # not on the GUI thread
    (got,) = smtp_server.received
    assert got.recipients == ["maya@example.com", "priya@example.com", "tomas@example.com"]
    part = calendar_part(got.message)
    assert part is not None and part.get_param("method") == "REQUEST"
    assert str(ics(got)["METHOD"]) == "REQUEST"
    (master, *_) = [e for e in events(got) if "RECURRENCE-ID" not in e]
    attendees = {str(a).lower(): a.params for a in master["ATTENDEE"]}
    assert attendees["mailto:maya@example.com"]["CN"] == "Maya"
    assert attendees["mailto:maya@example.com"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:maya@example.com"]["RSVP"] == "TRUE"
    assert attendees["mailto:maya@example.com"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees["mailto:tomas@example.com"]["ROLE"] == "OPT-PARTICIPANT"
    # Recorded, and the plan saved as the command line saves it.
    assert not w.isWindowModified()
    (record,) = read_sent(load_plan(team, regions=NO_REGIONS))
    assert (record.meeting, record.kind, record.sequence) == ("weekly-sync", SentKind.REQUEST, 0)
    assert "# no address: never e-mailed" in team.read_text(encoding="utf-8")
    assert "Sent “Invitation: Payments weekly check-in” to maya@example.com" in \
        w.statusBar().currentMessage()
    assert w.mail.dialog is None                          # the dialog closed
    # Nothing changed: nothing to send, and the button says so.
    assert box.invite_button.text() == UP_TO_DATE and not box.invite_button.isEnabled()
    assert "Nothing changed" in box.invite_button.toolTip()
    # The coordinator lengthens the meeting: now there is an update to send.
    w.meetings_page.editor.duration.setValue(45)
    assert w.meetings_page.editor.commit()
    assert box.invite_button.text() == UPDATE and box.invite_button.isEnabled()
    dialog = preview(w)
    assert dialog.subject_label.text() == "Updated invitation: Payments weekly check-in"
    send(qtbot, w, dialog)
    update = smtp_server.received[-1]
    assert {e["SEQUENCE"] for e in events(update)} == {1}
    assert str(events(update)[0]["UID"]) == str(master["UID"])
    assert "duration = 45" in team.read_text(encoding="utf-8")  # saved with the record
    assert box.invite_button.text() == UP_TO_DATE


def test_a_refused_recipient_records_nothing_and_names_the_address(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer) -> None:
    before = team.read_bytes()
    smtp_server.handler.refuse = {"priya@example.com"}
    w = open_window(qtbot, tmp_path, team)
    dialog = preview(w)
    with qtbot.waitSignal(w.mail.failed, timeout=15_000):
        dialog.send_button.click()
    assert dialog.isVisible() and not dialog.error_label.isHidden()
    error = dialog.error_label.text()
    assert "priya@example.com" in error and "maya@example.com" not in error
    assert "nothing was recorded" in dialog.note_label.text()
    assert dialog.send_button.isEnabled()                 # fix the plan, then try again
    assert smtp_server.received == [] and team.read_bytes() == before
    assert read_sent(w.ctx.document) == () and not w.isWindowModified()
    assert w.meetings_page.mail_box.invite_button.text() == INVITE
    dialog.reject()


def test_save_as_eml_writes_a_message_the_linter_accepts_and_records_nothing(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr("app.mail_preview.documents_folder", lambda: documents)
    before = team.read_bytes()
    w = open_window(qtbot, tmp_path, team)
    dialog = preview(w, "partner-demo")
    assert dialog.default_path().name == "partner-demo-invitation.eml"
    out = tmp_path / "out" / "invite"
    out.parent.mkdir()
    assert dialog.save_eml(out)
    written = out.with_name("invite.eml")
    data = written.read_bytes()
    assert [f for f in lint_eml(data, str(written)) if f.severity == "error"] == []
    assert b"\r\n" in data and b"METHOD:REQUEST" not in data  # base64 as it would be sent
    assert "Saved to" in dialog.note_label.text() and "Nothing is recorded" in \
        dialog.note_label.text()
    assert team.read_bytes() == before and smtp_server.received == []
    dialog.save_eml()                                      # no path: a chooser that does not
    assert dialog.file_dialog is not None and dialog.file_dialog.isVisible()  # block
    assert Path(dialog.file_dialog.directory().absolutePath()) == documents
    assert dialog.default_path() == documents / "partner-demo-invitation.eml"
    dialog.file_dialog.reject()
    dialog.reject()


def test_the_bundled_demo_previews_and_saves_but_does_not_send(
        qtbot: Any, tmp_path: Path) -> None:
    w = open_window(qtbot, tmp_path, DEMO_PLAN)
    assert w.documents.demo_copy
    dialog = preview(w)
    assert not dialog.send_button.isEnabled()
    assert "demo" in dialog.send_button.toolTip() and "Save as .eml" in \
        dialog.send_button.toolTip()
    assert dialog.note_label.text().startswith("Send is off: ")
    assert dialog.save_button.isEnabled()
    assert dialog.save_eml(tmp_path / "demo.eml")
    assert (tmp_path / "demo.eml").is_file()
    assert not dialog.save_eml(DEMO_PLAN.parent / "x.eml")   # never beside the demo
    assert not (DEMO_PLAN.parent / "x.eml").exists()
    # What each attendee sees: their own local times, in their region's formats.
    view = dialog.view
    maya = next(i for i, c in enumerate(view.columns) if c.name == "Maya")
    lena = next(i for i, c in enumerate(view.columns) if c.name == "Lena")
    assert view.columns[maya].locale.endswith("_US") and "AM" in view.cells[0][maya].text
    assert view.columns[lena].locale.endswith("_DE") and "AM" not in view.cells[0][lena].text
    dialog.reject()


def test_attendee_formats_follow_their_region_in_the_windows_language() -> None:
    assert attendee_locale(None, "America/New_York", "en_GB") == "en_US"
    assert attendee_locale(None, "Europe/Berlin", "de_CH") == "de_DE"
    assert attendee_locale("IN", "Asia/Kolkata", "en_GB") == "en_IN"
    assert attendee_locale(None, "Asia/Kathmandu", "en_GB") == "en_GB"  # no en_NP in CLDR
    assert attendee_locale(None, "UTC", "fr_FR") == "fr_FR"


def test_without_mail_the_send_button_says_how_to_add_it(
        qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "team.toml"
    text = MAIL_PLAN.read_text(encoding="utf-8")
    path.write_text(text[:text.index("[mail]")], encoding="utf-8")
    w = open_window(qtbot, tmp_path, path)
    dialog = preview(w)
    assert not dialog.send_button.isEnabled()
    tip = dialog.send_button.toolTip()
    assert "[mail]" in tip and 'smtp = "smtp.example.com:587"' in tip and "Mail password" in tip
    action = w.window_actions[A.MAIL_PASSWORD]
    assert not action.isEnabled() and "[mail]" in action.toolTip()
    dialog.reject()


def test_mail_password_stores_the_password_masked(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer,
        memory_keyring: MemoryKeyring) -> None:
    memory_keyring.secrets.clear()
    w = open_window(qtbot, tmp_path, team)
    action = w.window_actions[A.MAIL_PASSWORD]
    assert action.isEnabled() and "lena@example.com" in action.toolTip()
    menu = next(a.menu() for a in w.menuBar().actions() if "mail" in a.text())
    assert action in menu.actions()
    action.trigger()
    dialog = w.mail.password_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    dialog.password.setText("s3cret pass")
    dialog.accept()
    key = ("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}")
    assert memory_keyring.secrets[key] == "s3cret pass"
    assert "s3cret" not in team.read_text(encoding="utf-8")
    assert "Stored the password" in w.statusBar().currentMessage()


def test_sending_without_a_stored_password_asks_for_it_then_sends(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer,
        memory_keyring: MemoryKeyring) -> None:
    memory_keyring.secrets.clear()
    w = open_window(qtbot, tmp_path, team)
    dialog = preview(w)
    dialog.send_button.click()
    asked = w.mail.password_dialog
    assert asked is not None and asked.note.text().startswith("No password for ")
    asked.password.setText(LENA_MAIL_PASSWORD)
    with qtbot.waitSignal(w.mail.sent, timeout=15_000):
        asked.accept()
    assert len(smtp_server.received) == 1


def test_cancelling_one_occurrence_sends_its_recurrence_id_and_is_recorded(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer) -> None:
    w = open_window(qtbot, tmp_path, team)
    send(qtbot, w, preview(w, "partner-demo"))
    box = w.meetings_page.mail_box
    assert box.select_occurrence(date(2027, 4, 1))
    box.cancel_occurrence_button.click()
    dialog = w.mail.dialog
    assert dialog is not None
    assert dialog.subject_label.text() == "Cancelled: Fortnightly partner demo on 2027-04-01"
    assert len(dialog.view.rows) == 1                      # what is cancelled, for each one
    send(qtbot, w, dialog)
    got = smtp_server.received[-1]
    assert calendar_part(got.message).get_param("method") == "CANCEL"  # type: ignore[union-attr]
    (event,) = events(got)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["RECURRENCE-ID"].params["TZID"] == "America/New_York"
    assert event["RECURRENCE-ID"].dt.replace(tzinfo=None) == datetime(2027, 4, 1, 8, 0)
    cancels = [r for r in read_sent(load_plan(team, regions=NO_REGIONS))
               if r.kind is SentKind.CANCEL]
    assert [r.occurrence for r in cancels] == [date(2027, 4, 1)]
    box.select_occurrence(date(2027, 4, 1))
    assert "cancellation sent" in box.occurrence_box.currentText()


def test_clock_changes_send_records_each_heads_up_and_a_second_send_sends_nothing(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer) -> None:
    w = open_window(qtbot, tmp_path, team, "clocks")
    page = w.meetings.clocks_page
    page.range_box.setCurrentIndex(1)                      # the next 3 months: March too
    shifts = page.report.shifts
    assert [(s.meeting, s.date.isoformat()) for s in shifts] == [
        ("weekly-sync", "2027-03-15"), ("weekly-sync", "2027-03-29"),
        ("partner-demo", "2027-04-01"), ("weekly-sync", "2027-04-06")]  # Santiago goes back
    page.shifts_view.selectRow(0)
    assert page.send_button.isEnabled()
    with qtbot.waitSignal(w.mail.sent, timeout=15_000):
        page.send_button.click()
    (got,) = smtp_server.received
    assert got.message["Subject"].startswith(
        "Clock change: Payments weekly check-in on 2027-03-15")
    assert got.message.get_content_type() == "text/plain"
    assert not page.send_button.isEnabled() and "not sent twice" in page.send_button.toolTip()
    assert page.send_all_button.text() == "Send all not sent (3)"
    with qtbot.waitSignal(w.mail.sent, timeout=15_000):
        page.send_all_button.click()
    # strip(): CPython folds a long ASCII Subject right after "Subject:", and its own
    # parser keeps the space of that fold.
    assert [r.message["Subject"].strip().split(" moves")[0]
            for r in smtp_server.received[1:]] == [
        "Clock change: Payments weekly check-in on 2027-03-29",
        "Clock change: Fortnightly partner demo on 2027-04-01",
        "Clock change: Payments weekly check-in on 2027-04-06"]
    sent = read_sent(load_plan(team, regions=NO_REGIONS))
    assert [(r.kind, r.meeting, r.occurrence) for r in sent] == [
        (SentKind.NOTICE, s.meeting, s.date) for s in shifts]
    # Again: nothing new is sent.
    assert not page.send_all_button.isEnabled()
    assert not w.mail.send_notices(w.ctx, shifts)
    assert len(smtp_server.received) == 4
    assert "nothing sent" in w.statusBar().currentMessage()


def test_a_refused_heads_up_keeps_the_ones_sent_before_it(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer) -> None:
    w = open_window(qtbot, tmp_path, team, "clocks")
    page = w.meetings.clocks_page
    page.range_box.setCurrentIndex(1)
    weekly, demo = (next(s for s in page.report.shifts if s.meeting == m)
                    for m in ("weekly-sync", "partner-demo"))
    # The partner demo goes to Priya and Maya; the weekly sync to Tomás too.
    smtp_server.handler.refuse = {"tomas@example.com"}
    with qtbot.waitSignal(w.mail.failed, timeout=15_000):
        assert w.mail.send_notices(w.ctx, [demo, weekly])
    (got,) = smtp_server.received
    assert got.message["Subject"].startswith(
        "Clock change: Fortnightly partner demo on 2027-04-01")
    sent = read_sent(load_plan(team, regions=NO_REGIONS))
    assert [(r.meeting, r.occurrence) for r in sent] == [("partner-demo", date(2027, 4, 1))]
    box = w.mail.message_box
    assert box is not None and "tomas@example.com" in box.text()
    assert "1 of 2 messages were sent before it" in box.text()
    assert page.send_all_button.text() == "Send all not sent (3)"
    box.reject()


def test_closing_the_window_while_sending_still_records_what_was_sent(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = transport.send_message
    started = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        threading.Event().wait(0.5)  # the server is slow to answer
        return real(*args, **kwargs)

    monkeypatch.setattr(transport, "send_message", slow)
    w = open_window(qtbot, tmp_path, team)
    preview(w).send_button.click()
    assert started.wait(5) and w.mail.running
    w.close()                                             # before the server answered
    assert len(smtp_server.received) == 1
    (record,) = read_sent(load_plan(team, regions=NO_REGIONS))
    assert record.kind is SentKind.REQUEST


def test_the_invitation_preview_screenshot(tmp_path: Path) -> None:
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    out = tmp_path / "invite.png"
    result = subprocess.run([sys.executable, "-m", "app", "open", str(MAIL_PLAN),
                             "--screenshot", str(out), "--view", "invite", "--size", "1280x800",
                             "--now", "2027-01-10T12:00Z"], capture_output=True, text=True,
                            timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # The dialog's title bar is painted over the middle of the window.
    assert image.pixelColor(150, 89).name() == "#3b4252"  # left of the title text


def test_cancelling_the_meeting_sends_cancel_and_then_there_is_nothing_left_to_cancel(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer) -> None:
    w = open_window(qtbot, tmp_path, team)
    send(qtbot, w, preview(w))
    box = w.meetings_page.mail_box
    box.cancel_button.click()
    dialog = w.mail.dialog
    assert dialog is not None and dialog.windowTitle() == "Cancel Payments weekly check-in"
    assert dialog.subject_label.text() == "Cancelled: Payments weekly check-in"
    send(qtbot, w, dialog)
    got = smtp_server.received[-1]
    assert str(ics(got)["METHOD"]) == "CANCEL"
    assert {(str(e["STATUS"]), e["SEQUENCE"]) for e in events(got)} == {("CANCELLED", 1)}
    assert not box.cancel_button.isEnabled() and "Cancelled on" in box.cancel_button.toolTip()
    assert box.invite_button.text() == UPDATE          # inviting again brings it back
    assert box.occurrence_box.count() == 0


def test_a_refused_login_says_where_to_store_the_password(
        qtbot: Any, tmp_path: Path, team: Path, smtp_server: SmtpServer,
        memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}",
                                "wrong")
    w = open_window(qtbot, tmp_path, team)
    dialog = preview(w)
    with qtbot.waitSignal(w.mail.failed, timeout=15_000):
        dialog.send_button.click()
    text = dialog.error_label.text()
    assert "refused the login" in text and "Mail password…" in text
    assert read_sent(w.ctx.document) == ()
    dialog.reject()
