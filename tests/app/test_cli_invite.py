"""`overlap invite` and `overlap mail-password` against aiosmtpd on 127.0.0.1 with a login:
what arrives (parsed back with the standard email package, its calendar expanded with
recurring-ical-events), what the plan remembers, and that a failure records nothing."""

from __future__ import annotations

import email
import email.policy
import io
import json
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from app.cli import main
from planner.mail.messages import calendar_part
from planner.mail.sent import SentKind, read_sent
from planner.meetings import plan_portfolio
from planner.planfile import load_plan
from tests.builders import FIXTURES, NO_REGIONS, calendar
from tests.caldav_server import MemoryKeyring
from tests.smtp_server import LENA_MAIL_PASSWORD, SmtpServer

pytestmark = pytest.mark.usefixtures("memory_keyring")

CLOCK = ["--today", "2027-01-10", "--stamp", "2027-01-10T12:00Z"]
LATER = ["--today", "2027-01-11", "--stamp", "2027-01-11T12:00Z"]
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture
def team(tmp_path: Path, smtp_server: SmtpServer, memory_keyring: MemoryKeyring) -> Path:
    """The mail plan pointed at the test server, its password in the keyring."""
    path = tmp_path / "team.toml"
    text = (FIXTURES / "plans" / "mail.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("127.0.0.1:2525", f"127.0.0.1:{smtp_server.port}"),
                    encoding="utf-8")
    memory_keyring.set_password("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}",
                                LENA_MAIL_PASSWORD)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def invite(capsys: pytest.CaptureFixture[str], plan: Path, *argv: str,
           clock: list[str] = CLOCK) -> tuple[int, str, str]:
    return run(capsys, "invite", str(plan), *argv, *clock)


def ics(msg: EmailMessage) -> icalendar.Calendar:
    part = calendar_part(msg)
    assert part is not None
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def vevents(msg: EmailMessage) -> list[icalendar.Event]:
    return [e for e in ics(msg).walk("VEVENT") if isinstance(e, icalendar.Event)]


def masters(msg: EmailMessage) -> list[icalendar.Event]:
    return [e for e in vevents(msg) if "RECURRENCE-ID" not in e]


def test_send_delivers_an_invitation_whose_calendar_is_the_planner_s_meeting(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer) -> None:
    code, out, err = invite(capsys, team, "--meeting", "weekly-sync", "--send")
    assert code == 0, err
    assert "Sent Invitation: Payments weekly check-in" in out
    (got,) = smtp_server.received
    assert got.sender == "lena@example.com"
    assert got.recipients == ["maya@example.com", "priya@example.com", "tomas@example.com"]
    msg = got.message
    assert msg["Subject"] == "Invitation: Payments weekly check-in" and msg["Date"]
    found = recurring_ical_events.of(ics(msg)).between(datetime(2027, 1, 1, tzinfo=UTC),
                                                      datetime(2028, 1, 1, tzinfo=UTC))
    plan = load_plan(team, regions=NO_REGIONS).plan
    schedule = plan_portfolio(plan.meetings, plan, calendar(plan),
                              today=date(2027, 1, 10)).schedule("weekly-sync")
    assert sorted(e["DTSTART"].dt.astimezone(UTC) for e in found) == \
        sorted(o.start for o in schedule.held)
    # The plan remembers it, comments and all.
    pd = load_plan(team, regions=NO_REGIONS)
    (record,) = read_sent(pd)
    assert (record.meeting, record.kind, record.sequence) == ("weekly-sync", SentKind.REQUEST, 0)
    assert record.uid == str(vevents(msg)[0]["UID"])
    assert record.sent == datetime(2027, 1, 10, 12, tzinfo=UTC)
    text = team.read_text(encoding="utf-8")
    assert "# no address: never e-mailed" in text and "[[sent_mail]]" in text


def test_invite_update_cancel_raise_sequence_once_per_change(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer) -> None:
    assert invite(capsys, team, "--meeting", "weekly-sync", "--send")[0] == 0
    # Nothing changed: nothing sent.
    code, out, _ = invite(capsys, team, "--meeting", "weekly-sync", "--send", clock=LATER)
    assert code == 0 and "nothing sent" in out
    assert len(smtp_server.received) == 1
    # The coordinator lengthens the meeting: an update, same UID, SEQUENCE 1.
    team.write_text(team.read_text(encoding="utf-8").replace(
        "count = 8\nduration = 30", "count = 8\nduration = 45"), encoding="utf-8")
    code, out, err = invite(capsys, team, "--meeting", "weekly-sync", "--send", "--json",
                            clock=LATER)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["sent"] and not summary["first"] and summary["method"] == "REQUEST"
    first, update = (r.message for r in smtp_server.received)
    assert update["Subject"] == "Updated invitation: Payments weekly check-in"
    (a,), (b,) = masters(first), masters(update)
    assert all(e["SEQUENCE"] == 1 for e in vevents(update))  # the moved date's override too
    assert str(a["UID"]) == str(b["UID"]) and (a["SEQUENCE"], b["SEQUENCE"]) == (0, 1)
    assert invite(capsys, team, "--meeting", "weekly-sync", "--send", clock=LATER)[0] == 0
    assert len(smtp_server.received) == 2
    # Cancelled: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE 2, the same attendees.
    code, out, err = invite(capsys, team, "--meeting", "weekly-sync", "--cancel", "--send",
                            clock=LATER)
    assert code == 0, err
    cancel = smtp_server.received[-1].message
    assert calendar_part(cancel).get_param("method") == "CANCEL"  # type: ignore[union-attr]
    (c,) = vevents(cancel)
    assert (str(c["STATUS"]), c["SEQUENCE"], str(c["UID"])) == ("CANCELLED", 2, str(a["UID"]))
    assert [(str(x), x.params["CN"], x.params["ROLE"]) for x in c["ATTENDEE"]] == \
        [(str(x), x.params["CN"], x.params["ROLE"]) for x in b["ATTENDEE"]]
    sent = read_sent(load_plan(team, regions=NO_REGIONS))
    assert [(r.kind.value, r.sequence) for r in sent] == [("request", 0), ("request", 1),
                                                          ("cancel", 2)]


def test_one_occurrence_is_cancelled_by_recurrence_id(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer) -> None:
    assert invite(capsys, team, "--meeting", "partner-demo", "--send")[0] == 0
    code, _, err = invite(capsys, team, "--meeting", "partner-demo", "--cancel", "--date",
                          "2027-04-01", "--send", clock=LATER)
    assert code == 0, err
    msg = smtp_server.received[-1].message
    assert msg["Subject"] == "Cancelled: Fortnightly partner demo on 2027-04-01"
    (event,) = vevents(msg)
    assert event["RECURRENCE-ID"].params["TZID"] == "America/New_York"
    assert event["RECURRENCE-ID"].dt.replace(tzinfo=None) == datetime(2027, 4, 1, 8, 0)
    (record,) = [r for r in read_sent(load_plan(team, regions=NO_REGIONS))
                 if r.kind is SentKind.CANCEL]
    assert record.occurrence == date(2027, 4, 1) and record.sequence == 1


def subject_lines(data: bytes) -> list[bytes]:
    """The physical lines of the Subject header of a message as written (CRLF)."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    start = next(i for i, ln in enumerate(head) if ln.startswith(b"Subject:"))
    end = start + 1
    while end < len(head) and head[end][:1] in (b" ", b"\t"):
        end += 1
    return head[start:end]


def test_a_long_subject_is_not_folded_after_subject_colon(
        capsys: pytest.CaptureFixture[str], team: Path, tmp_path: Path,
        smtp_server: SmtpServer) -> None:
    # 72 characters: Python's SMTP policy alone writes "Subject:" CRLF " Cancelled: ..."
    title = "Fortnightly partner demo for the payments teams"
    team.write_text(team.read_text(encoding="utf-8").replace(
        'title = "Fortnightly partner demo"', f'title = "{title}"'), encoding="utf-8")
    subject = f"Cancelled: {title} on 2027-04-01"
    eml = tmp_path / "cancel.eml"
    for argv in (["--eml", str(eml)], ["--send"]):
        code, _, err = invite(capsys, team, "--meeting", "partner-demo", "--cancel",
                              "--date", "2027-04-01", *argv)
        assert code == 0, err
    for data in (eml.read_bytes(), smtp_server.received[-1].data):
        lines = subject_lines(data)
        assert lines[0].startswith(b"Subject: Cancelled:"), lines
        assert all(len(ln) <= 78 for ln in lines), lines
        assert email.message_from_bytes(data, policy=email.policy.default)["Subject"] == subject


def test_a_refused_recipient_sends_to_no_one_and_records_nothing(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer) -> None:
    before = team.read_bytes()
    smtp_server.handler.refuse = {"priya@example.com"}
    code, out, err = invite(capsys, team, "--meeting", "weekly-sync", "--send")
    assert code == 1
    assert "priya@example.com" in err and "maya@example.com" not in err
    assert len(err.strip().splitlines()) == 1
    assert smtp_server.received == [] and team.read_bytes() == before


def test_a_dropped_connection_records_nothing(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer) -> None:
    before = team.read_bytes()
    smtp_server.handler.drop = True
    code, _, err = invite(capsys, team, "--meeting", "weekly-sync", "--send")
    assert code == 1 and "closed the connection" in err
    assert team.read_bytes() == before


def test_a_refused_login_names_the_fix(capsys: pytest.CaptureFixture[str], team: Path,
                                       smtp_server: SmtpServer,
                                       memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}",
                                "wrong")
    code, _, err = invite(capsys, team, "--meeting", "weekly-sync", "--send")
    assert code == 1 and "refused the login" in err and "overlap mail-password" in err


def test_eml_writes_the_message_and_records_nothing(
        capsys: pytest.CaptureFixture[str], team: Path, tmp_path: Path,
        smtp_server: SmtpServer) -> None:
    before = team.read_bytes()
    out_file = tmp_path / "invite.eml"
    code, out, err = invite(capsys, team, "--meeting", "partner-demo", "--eml", str(out_file))
    assert code == 0, err
    assert team.read_bytes() == before and smtp_server.received == []
    msg = email.message_from_bytes(out_file.read_bytes(), policy=email.policy.default)
    assert msg["To"] and len(vevents(msg)) == 2  # a rotation: one event per slot
    code, out, _ = run(capsys, "check", str(out_file))
    assert code == 0 and "no interop problems" in out


def test_usage_errors_are_reported_before_the_plan_is_read(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nothing.toml")
    assert run(capsys, "invite", missing, "--meeting", "x")[0] == 2
    assert run(capsys, "invite", missing, "--meeting", "x", "--date", "2027-01-01",
               "--eml", "x.eml")[0] == 2
    with pytest.raises(SystemExit) as e:
        main(["invite", missing, "--meeting", "x", "--eml", "a.eml", "--send"])
    assert e.value.code == 2


def test_unknown_meeting_and_missing_mail_table_are_input_errors(
        capsys: pytest.CaptureFixture[str], team: Path) -> None:
    code, _, err = invite(capsys, team, "--meeting", "nope", "--eml", "x.eml")
    assert code == 1 and 'no meeting has the id "nope"' in err
    text = team.read_text(encoding="utf-8")
    team.write_text(text[:text.index("[mail]")], encoding="utf-8")
    code, _, err = invite(capsys, team, "--meeting", "weekly-sync", "--send")
    assert code == 1 and "[mail]" in err and "mail-password" in err


def test_the_bundled_demo_refuses_to_send(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "invite", str(RESOURCES / "demo.toml"), "--meeting",
                       "weekly-sync", "--send", *CLOCK)
    assert code == 1 and "never written" in err and "cp " in err


def test_mail_password_stores_the_password_read_from_stdin(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer,
        memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    memory_keyring.secrets.clear()
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret pass\n"))
    code, out, err = run(capsys, "mail-password", str(team))
    assert code == 0, err
    key = ("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}")
    assert memory_keyring.secrets[key] == "s3cret pass"
    assert "s3cret" not in out and "s3cret" not in team.read_text(encoding="utf-8")


def test_the_mail_table_is_checked_when_the_plan_loads(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    plan = tmp_path / "bad.toml"
    text = (FIXTURES / "plans" / "mail.toml").read_text(encoding="utf-8")
    plan.write_text(text.replace('smtp = "127.0.0.1:2525"', 'smtp = "smtp.example.com"'),
                    encoding="utf-8")
    code, _, err = run(capsys, "invite", str(plan), "--meeting", "weekly-sync", "--eml",
                       str(tmp_path / "x.eml"), *CLOCK)
    lines = plan.read_text(encoding="utf-8").splitlines()
    assert code == 1 and 'mail.smtp: "smtp.example.com" is not "host:port"' in err
    line = int(err.split(":")[2])
    assert lines[line - 1].startswith("smtp =")
