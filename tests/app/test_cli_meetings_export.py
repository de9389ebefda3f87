"""`overlap export` and `overlap publish` of saved meetings (--meeting ID | --all):
the calendar, expanded by recurring-ical-events (files) or by Radicale itself
(published), holds exactly the occurrences `overlap meetings --json` lists."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from app.cli import main
from resources import DEMO_PLAN
from tests.builders import plan_text
from tests.caldav_server import Radicale

TODAY = ["--today", "2026-03-20"]
STAMP = ["--stamp", "2026-03-01T12:00Z"]
FAR = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse's own usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def held(capsys: pytest.CaptureFixture[str], plan: Path, *ids: str) -> list[tuple[str, str]]:
    """(start, end) of every held occurrence `overlap meetings --json` lists."""
    code, out, err = run(capsys, "meetings", str(plan), "--json", *TODAY)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return sorted((o["start"], o["end"]) for m in data["meetings"] if not ids or m["id"] in ids
                  for o in m["occurrences"] if o["status"] != "skipped")


def z(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expanded(data: bytes | str) -> list[tuple[str, str]]:
    cal = icalendar.Calendar.from_ical(data)
    return sorted((z(o["DTSTART"].dt), z(o["DTEND"].dt))
                  for o in recurring_ical_events.of(cal).between(*FAR))


def uids(data: bytes | str) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(plan_text("meetings"), encoding="utf-8")
    return path


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    path = tmp_path / "demo.toml"
    path.write_bytes(DEMO_PLAN.read_bytes())
    return path


@pytest.mark.parametrize("plan_name", ["team", "demo_copy"])
def test_all_is_one_calendar_with_every_occurrence_meetings_lists(plan_name, request, tmp_path,
                                                                 capsys):
    plan: Path = request.getfixturevalue(plan_name)
    out = tmp_path / "all.ics"
    code, printed, err = run(capsys, "export", str(plan), "--all", "--out", str(out), *TODAY,
                             *STAMP, "--json")
    assert code == 0, err
    report = json.loads(printed)
    assert report["files"] == [str(out)] and report["plan_updated"]
    assert expanded(out.read_bytes()) == held(capsys, plan)
    assert uids(out.read_bytes()) == {e["uid"] for e in report["events"]}
    code, printed, _ = run(capsys, "check", str(out))
    assert code == 0 and "no interop problems" in printed


def test_one_meeting_holds_only_its_occurrences_with_the_same_uids_as_all(team, tmp_path,
                                                                          capsys):
    one, every = tmp_path / "one.ics", tmp_path / "all.ics"
    for target, which in ((every, ["--all"]), (one, ["--meeting", "partner-demo"])):
        code, _, err = run(capsys, "export", str(team), *which, "--out", str(target), *TODAY,
                           *STAMP, "--no-remember")
        assert code == 0, err
    assert expanded(one.read_bytes()) == held(capsys, team, "partner-demo")
    assert len(uids(one.read_bytes())) == 2  # one recurring event per slot of the rotation
    assert uids(one.read_bytes()) < uids(every.read_bytes())
    assert "[[exports]]" not in team.read_text(encoding="utf-8")


def test_the_plan_remembers_uids_and_the_past_and_sequence_rises_on_change(team, tmp_path,
                                                                           capsys):
    out = tmp_path / "weekly.ics"
    argv = ["export", str(team), "--meeting", "weekly-sync", "--out", str(out), *TODAY]
    assert run(capsys, *argv, *STAMP)[0] == 0
    text = team.read_text(encoding="utf-8")
    assert "[[exports]]" in text and 'group = "meeting weekly-sync"' in text
    assert "[meeting_record]" in text and "# UIDs derive from this" in text
    first = out.read_bytes()
    assert run(capsys, *argv, "--stamp", "2026-03-02T12:00Z")[0] == 0
    assert out.read_bytes() == first.replace(b"20260301T120000Z", b"20260302T120000Z")
    team.write_text(text.replace("duration = 30", "duration = 45"), encoding="utf-8")
    code, printed, _ = run(capsys, *argv, *STAMP, "--json")
    assert code == 0 and json.loads(printed)["events"][0]["sequence"] == 1
    assert b"SEQUENCE:1\r\n" in out.read_bytes()


def test_request_invites_each_meeting_s_attendees(team, tmp_path, capsys):
    text = team.read_text(encoding="utf-8").replace(
        'name = "Maya"', 'name = "Maya"\nemail = "maya@example.com"').replace(
        'name = "Chloe"', 'name = "Chloe"\nemail = "chloe@example.com"')
    team.write_text(text, encoding="utf-8")
    out = tmp_path / "invite.ics"
    code, _, err = run(capsys, "export", str(team), "--meeting", "weekly-sync", "--out", str(out),
                       "--method", "request", "--organizer", "Lena <lena@example.com>", *TODAY,
                       *STAMP)
    assert code == 0, err
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    roles = {str(a): a.params["ROLE"] for a in event.get("ATTENDEE", [])}
    assert roles == {"mailto:maya@example.com": "REQ-PARTICIPANT",
                     "mailto:chloe@example.com": "OPT-PARTICIPANT"}


@pytest.mark.parametrize("argv, words", [
    (["--meeting", "weekly-sync", "--all"], "not allowed with"),
    (["--all", "--start", "2026-03-02", "--every", "week"], "--start, --every describe a series"),
    (["--meeting", "weekly-sync", "--candidate", "09:00 UTC"], "--candidate describe"),
    (["--all", "--duration", "30"], "--duration describe"),
    (["--all", "--title", "Sync"], "--title would give every meeting the same title"),
    ([], "or --meeting ID / --all"),
    (["--start", "2026-03-02", "--time", "09:00", "--zone", "UTC", "--every", "week",
      "--today", "2026-03-01"], "--today only applies to --meeting and --all"),
])
def test_usage_errors(team, tmp_path, capsys, argv, words):
    code, _, err = run(capsys, "export", str(team), *argv, "--out", str(tmp_path / "x.ics"))
    assert code == 2 and words in err
    assert not (tmp_path / "x.ics").exists()


def test_an_unknown_meeting_is_an_input_error_naming_the_option(team, tmp_path, capsys):
    code, _, err = run(capsys, "export", str(team), "--meeting", "weekly", "--out",
                       str(tmp_path / "x.ics"), *TODAY)
    assert code == 1
    assert err.startswith('overlap: --meeting: no meeting has the id "weekly"')
    assert "weekly-sync, partner-demo" in err
    bare = tmp_path / "bare.toml"
    bare.write_text(plan_text("berlin-new-york"), encoding="utf-8")
    code, _, err = run(capsys, "export", str(bare), "--all", "--out", str(tmp_path / "x.ics"))
    assert code == 1 and "--all: the plan has no meetings" in err


# --- publish ------------------------------------------------------------------------

def calendar_plan(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(plan_text("meetings") + f'\n[calendar]\nurl = "{url}"\n', encoding="utf-8")
    return path


@pytest.mark.usefixtures("memory_keyring")
def test_publish_one_meeting_then_all_and_the_server_expands_what_meetings_lists(
        radicale: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = radicale.make_calendar()
    plan = calendar_plan(tmp_path, url)
    code, out, err = run(capsys, "publish", str(plan), "--meeting", "weekly-sync", *TODAY,
                         *STAMP, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["complete"] and data["plan_updated"]
    assert [e["result"] for e in data["events"]] == ["created"]
    got = [(z(s), z(e)) for s, e, _ in radicale.expansion(url, *FAR)]
    assert got == held(capsys, plan, "weekly-sync")
    code, out, err = run(capsys, "publish", str(plan), "--all", *TODAY, *STAMP)
    assert code == 0, err
    assert "Done: unchanged 1, created 2." in out
    got = [(z(s), z(e)) for s, e, _ in radicale.expansion(url, *FAR)]
    assert got == held(capsys, plan)
    stored = {u for data in radicale.objects(url).values() for u in uids(data)}
    export = tmp_path / "all.ics"
    assert run(capsys, "export", str(plan), "--all", "--out", str(export), *TODAY, *STAMP,
               "--no-remember")[0] == 0
    assert stored == uids(export.read_bytes())  # the same events, file or server
    text = plan.read_text(encoding="utf-8")
    assert text.count("caldav_href") == 3 and "[meeting_record]" in text
    code, out, _ = run(capsys, "publish", str(plan), "--all", *TODAY, *STAMP)
    assert code == 0 and "Done: unchanged 3." in out


@pytest.mark.usefixtures("memory_keyring")
def test_a_dry_run_of_meetings_records_nothing(radicale: Radicale, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = radicale.make_calendar()
    plan = calendar_plan(tmp_path, url)
    before = plan.read_bytes()
    code, out, err = run(capsys, "publish", str(plan), "--all", "--dry-run", *TODAY, *STAMP)
    assert code == 0, err
    assert "would create 3" in out
    assert plan.read_bytes() == before and radicale.objects(url) == {}
