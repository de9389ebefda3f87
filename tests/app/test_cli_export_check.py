"""`overlap export` and `overlap check`: the demo plan's exports pass the linter,
expand to what `overlap series` / `overlap rotate` print, and the plan remembers them."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from app.cli import main

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo.toml"
SERIES = ["--start", "2026-03-03", "--time", "09:00", "--zone", "America/New_York",
          "--every", "week", "--count", "12", "--on-conflict", "move"]
ROTATION = ["--start", "2026-03-03", "--every", "week", "--count", "8", "--duration", "30",
            "--candidate", "09:00 America/New_York", "--candidate", "16:00 Asia/Kolkata",
            "--lock", "2=B"]
STAMP = ["--stamp", "2026-03-01T12:00Z"]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.toml"
    shutil.copyfile(DEMO, path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def occurrences(path: Path) -> list[tuple[str, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    found = recurring_ical_events.of(cal).between(datetime(2020, 1, 1, tzinfo=UTC),
                                                  datetime(2030, 1, 1, tzinfo=UTC))
    return sorted((o["DTSTART"].dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   o["DTEND"].dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
                  for o in found)


def test_series_export_matches_overlap_series_and_passes_check(demo, tmp_path, capsys):
    out = tmp_path / "series.ics"
    code, _, err = run(capsys, "export", str(demo), *SERIES, "--out", str(out), *STAMP)
    assert code == 0, err
    code, printed, _ = run(capsys, "series", str(demo), *SERIES, "--json")
    assert code == 0
    want = sorted((o["start"], o["end"]) for o in json.loads(printed)["occurrences"]
                  if o["decision"] != "skip")
    assert occurrences(out) == want
    code, printed, _ = run(capsys, "check", str(out))
    assert code == 0 and "no interop problems" in printed


def test_rotation_export_matches_overlap_rotate_and_passes_check(demo, tmp_path, capsys):
    out = tmp_path / "rotation.ics"
    code, printed, err = run(capsys, "export", str(demo), *ROTATION, "--out", str(out),
                             "--method", "request", *STAMP, "--json")
    assert code == 0, err
    report = json.loads(printed)
    assert report["method"] == "REQUEST" and len(report["events"]) == 2
    code, printed, _ = run(capsys, "rotate", str(demo), *ROTATION, "--json")
    want = sorted((o["start"], o["end"]) for o in json.loads(printed)["occurrences"])
    assert occurrences(out) == want
    code, printed, _ = run(capsys, "check", str(out), "--json")
    assert code == 0 and json.loads(printed)["findings"] == []


def test_the_plan_remembers_and_sequence_rises_on_change(demo, tmp_path, capsys):
    out = tmp_path / "s.ics"
    before = demo.read_text(encoding="utf-8")
    assert run(capsys, "export", str(demo), *SERIES, "--out", str(out), *STAMP)[0] == 0
    text = demo.read_text(encoding="utf-8")
    assert "[[exports]]" in text and "sequence = 0" in text
    # Comments of the demo plan survive.
    assert all(line in text for line in before.splitlines() if line.startswith("#"))
    first = out.read_bytes()
    # Same content again: same UID and SEQUENCE, only DTSTAMP differs.
    assert run(capsys, "export", str(demo), *SERIES, "--out", str(out),
               "--stamp", "2026-03-02T12:00Z")[0] == 0
    second = out.read_bytes()
    assert first.replace(b"20260301T120000Z", b"20260302T120000Z") == second
    changed = [*SERIES[:-2], "--on-conflict", "skip"]
    code, printed, _ = run(capsys, "export", str(demo), *changed, "--out", str(out), *STAMP,
                           "--json")
    assert code == 0 and json.loads(printed)["events"][0]["sequence"] == 1
    assert b"SEQUENCE:1\r\n" in out.read_bytes()
    assert "sequence = 1" in demo.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_exports_and_the_first_backup_are_readable_by_the_team(demo, tmp_path, capsys):
    # Regression: mkstemp made new .ics files and the first plan .bak mode 0600.
    old = os.umask(0o022)
    try:
        out = tmp_path / "series.ics"
        code, _, err = run(capsys, "export", str(demo), *SERIES, "--out", str(out), *STAMP)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    backup = demo.with_name(demo.name + ".bak")
    assert stat.S_IMODE(backup.stat().st_mode) == stat.S_IMODE(demo.stat().st_mode)


def test_caldav_writes_one_object_per_uid_without_method(demo, tmp_path, capsys):
    out = tmp_path / "rot.ics"
    code, printed, err = run(capsys, "export", str(demo), *ROTATION, "--out", str(out),
                             "--caldav", *STAMP, "--json", "--no-remember")
    assert code == 0, err
    files = [Path(f) for f in json.loads(printed)["files"]]
    assert [f.name for f in files] == ["rot-1.ics", "rot-2.ics"]
    for f in files:
        assert b"METHOD" not in f.read_bytes()
        assert run(capsys, "check", str(f))[0] == 0
    assert "[[exports]]" not in demo.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, words", [
    (["--start", "2026-03-03", "--every", "week"], "needs --time, --zone"),
    ([*SERIES, "--lock", "1=A"], "--lock belong to a rotation"),
    ([*ROTATION, "--time", "09:00"], "--time belong to a series"),
])
def test_usage_errors(demo, tmp_path, capsys, argv, words):
    code, _, err = run(capsys, "export", str(demo), *argv, "--out", str(tmp_path / "x.ics"))
    assert code == 2 and words in err


def test_request_without_organizer_is_an_input_error(demo, tmp_path, capsys):
    text = demo.read_text(encoding="utf-8").replace('organizer = "Lena Vogt <lena@example.com>"',
                                                    "")
    demo.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "export", str(demo), *SERIES, "--out", str(tmp_path / "x.ics"),
                       "--method", "request")
    assert code == 1 and "organizer" in err and "Traceback" not in err
    assert not (tmp_path / "x.ics").exists()
    code, _, err = run(capsys, "export", str(demo), *SERIES, "--out", str(tmp_path / "x.ics"),
                       "--method", "request", "--organizer", "Maya <maya@example.com>")
    assert code == 0, err
    assert b"ORGANIZER;CN=Maya:mailto:maya@example.com" in (tmp_path / "x.ics").read_bytes()


BAD = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
       b"DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260310T090000\r\n"
       b"RRULE:FREQ=WEEKLY;UNTIL=20260331T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_check_reports_line_and_fix_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.ics"
    path.write_bytes(BAD)
    code, printed, _ = run(capsys, "check", str(path))
    assert code == 1
    assert f"{path}:7: error: missing-vtimezone" in printed
    assert f"{path}:8: error: until-not-utc" in printed and "UNTIL=" in printed
    code, printed, _ = run(capsys, "check", str(path), "--json")
    report = json.loads(printed)
    assert code == 1 and report["errors"] == 2
    assert {f["code"]: f["line"] for f in report["findings"]} == {"missing-vtimezone": 7,
                                                                  "until-not-utc": 8}
    assert all(f["fix"] for f in report["findings"])


def test_check_passes_warnings_but_prints_them(tmp_path, capsys):
    ok = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
          b"DTSTAMP:20260101T000000Z\r\nDTSTART:20260310T090000Z\r\nSUMMARY:" + b"x" * 80 +
          b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    path = tmp_path / "long.ics"
    path.write_bytes(ok)
    code, printed, _ = run(capsys, "check", str(path))
    assert code == 0 and "warning: long-line" in printed and "0 error(s), 1 warning(s)" in printed


def test_check_passes_a_calendar_with_a_bom_and_lf_line_ends(tmp_path, capsys):
    # Regression: a BOM was "not-icalendar" and LF line ends failed the file,
    # though Overlap's import and every client read it.
    ok = (b"\xef\xbb\xbfBEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//x//EN\nBEGIN:VEVENT\nUID:1\n"
          b"DTSTAMP:20260101T000000Z\nDTSTART:20260310T090000Z\nEND:VEVENT\nEND:VCALENDAR\n")
    path = tmp_path / "google.ics"
    path.write_bytes(ok)
    code, printed, _ = run(capsys, "check", str(path))
    assert code == 0, printed
    assert "warning: byte-order-mark" in printed and "warning: line-ending" in printed


def test_check_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path / "nope.ics"))
    assert code == 1 and "not found" in err
