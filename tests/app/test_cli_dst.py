"""`overlap dst` on a plan across March 2027 (the US changes on 14 March, the EU on
28 March), and `--notify` through aiosmtpd on 127.0.0.1: one plain message per shifted
occurrence, nothing sent twice, nothing recorded when sending fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from planner.mail.sent import SentKind, read_sent
from planner.planfile import load_plan
from tests.builders import FIXTURES, NO_REGIONS
from tests.caldav_server import MemoryKeyring
from tests.smtp_server import LENA_MAIL_PASSWORD, SmtpServer

pytestmark = pytest.mark.usefixtures("memory_keyring")

PLAN = FIXTURES / "plans" / "mail.toml"
MARCH = ["--from", "2027-03-01", "--to", "2027-03-31", "--today", "2027-01-10",
         "--stamp", "2027-01-10T12:00Z"]


@pytest.fixture
def team(tmp_path: Path, smtp_server: SmtpServer, memory_keyring: MemoryKeyring) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(PLAN.read_text(encoding="utf-8").replace(
        "127.0.0.1:2525", f"127.0.0.1:{smtp_server.port}"), encoding="utf-8")
    memory_keyring.set_password("overlap", f"lena@example.com@127.0.0.1:{smtp_server.port}",
                                LENA_MAIL_PASSWORD)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_dst_json_across_march_2027_lists_both_changes_and_the_shifts(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "dst", str(PLAN), *MARCH, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert [(t["zone"], t["at"], t["offset_before"], t["offset_after"], t["members"])
            for t in doc["transitions"]] == [
        ("America/New_York", "2027-03-14T07:00:00Z", "-05:00", "-04:00", ["Maya"]),
        ("Europe/Berlin", "2027-03-28T01:00:00Z", "+01:00", "+02:00", ["Lena", "Jonas"])]
    shifts = [(s["meeting"], s["date"], s["previous"],
               {m["name"]: m["change"] for m in s["members"]}) for s in doc["shifts"]]
    assert shifts == [
        ("weekly-sync", "2027-03-15", "2027-03-08",
         {"Lena": "-60", "Priya": "-60", "Jonas": "-60", "Tomás": "-60"}),
        ("weekly-sync", "2027-03-29", "2027-03-15", {"Lena": "+60", "Jonas": "+60"})]
    lena = doc["shifts"][0]["members"][0]
    assert (lena["before"], lena["after"]) == ("2027-03-08T15:00:00+01:00",
                                               "2027-03-15T14:00:00+01:00")
    priya = doc["shifts"][0]["members"][1]
    assert (priya["comfort_before"], priya["comfort_after"]) == ("shoulder", "work")


def test_the_text_report_and_the_default_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dst", str(PLAN), "--today", "2027-03-10")
    assert code == 0
    # today .. today + 27 days: both changes, and the shifts of 15 and 29 March.
    assert "14 Mar New York" in out and "28 Mar Berlin" in out
    assert "Payments weekly check-in on 15 Mar moves for Lena: 15:00 → 14:00" in out
    code, out, _ = run(capsys, "dst", str(PLAN), "--today", "2027-03-10", "--meeting",
                       "partner-demo", "--json")
    doc = json.loads(out)  # --meeting narrows the shifts, never the transitions
    assert [t["zone"] for t in doc["transitions"]] == [
        "America/New_York", "Europe/Berlin", "America/Santiago"]
    assert [(s["meeting"], s["date"]) for s in doc["shifts"]] == [("partner-demo", "2027-04-01")]


def test_notify_eml_writes_one_message_per_shift_and_records_nothing(
        capsys: pytest.CaptureFixture[str], team: Path, tmp_path: Path) -> None:
    before = team.read_bytes()
    folder = tmp_path / "notices"
    code, out, err = run(capsys, "dst", str(team), *MARCH, "--notify", "--eml", str(folder))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["weekly-sync-2027-03-15.eml",
                                                         "weekly-sync-2027-03-29.eml"]
    text = (folder / "weekly-sync-2027-03-15.eml").read_text(encoding="utf-8")
    assert "Subject: Clock change: Payments weekly check-in on 2027-03-15" in text
    assert "text/calendar" not in text
    assert team.read_bytes() == before


def test_notify_send_sends_each_notice_once(capsys: pytest.CaptureFixture[str], team: Path,
                                             smtp_server: SmtpServer) -> None:
    code, out, err = run(capsys, "dst", str(team), *MARCH, "--notify", "--send")
    assert code == 0, err
    assert len(smtp_server.received) == 2
    first = smtp_server.received[0]
    assert first.recipients == ["maya@example.com", "priya@example.com", "tomas@example.com"]
    msg = first.message
    assert msg.get_content_type() == "text/plain"
    body = msg.get_content()
    assert "Lena (Berlin): 15:00 → 14:00, one hour earlier." in body
    assert "New York (the meeting's time zone) went forward one" in body
    sent = read_sent(load_plan(team, regions=NO_REGIONS))
    assert [(r.kind, r.meeting, r.occurrence.isoformat() if r.occurrence else None)
            for r in sent] == [(SentKind.NOTICE, "weekly-sync", "2027-03-15"),
                               (SentKind.NOTICE, "weekly-sync", "2027-03-29")]
    # Again: nothing new.
    code, out, err = run(capsys, "dst", str(team), *MARCH, "--notify", "--send", "--json")
    assert code == 0, err
    assert len(smtp_server.received) == 2
    assert [n["already_sent"] for n in json.loads(out)["notices"]] == [True, True]


def test_a_refused_recipient_stops_notify_with_one_message_and_records_nothing(
        capsys: pytest.CaptureFixture[str], team: Path, smtp_server: SmtpServer) -> None:
    before = team.read_bytes()
    smtp_server.handler.refuse = {"tomas@example.com"}
    code, out, err = run(capsys, "dst", str(team), *MARCH, "--notify", "--send")
    assert code == 1
    assert err.count("overlap:") == 1 and "tomas@example.com" in err
    assert smtp_server.received == [] and team.read_bytes() == before


def test_eml_and_send_need_notify(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "dst", str(PLAN), "--send")[0] == 2
    assert run(capsys, "dst", str(PLAN), "--notify")[0] == 2
