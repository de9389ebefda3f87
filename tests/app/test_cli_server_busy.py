"""`overlap windows --server-busy` against Radicale on 127.0.0.1: busy times on a member's
server calendar cut the overlap windows exactly where the events are.

The expected windows come from an independent oracle: the windows without
--server-busy, minus the events' instants computed here with zoneinfo (the
events are written to the server with plain HTTP, not through the code under
test).  The password comes from an in-memory keyring or the environment; the
machine's keyring is never touched.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from planner.caldav import PASSWORD_ENV
from tests.builders import plan_text
from tests.caldav_server import LENA_PASSWORD, MemoryKeyring, Radicale

NEW_YORK = ZoneInfo("America/New_York")

pytestmark = pytest.mark.usefixtures("memory_keyring")

PLAN = plan_text("berlin-new-york")




def event(uid: str, day: date, start: time, end: time, *, rrule: str = "") -> str:
    """A VEVENT in New York wall time (the server gets the TZID; tzdata is the oracle)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//busy//EN", "BEGIN:VEVENT",
             f"UID:{uid}", "DTSTAMP:20260101T000000Z",
             f"DTSTART;TZID=America/New_York:{day:%Y%m%d}T{start:%H%M%S}",
             f"DTEND;TZID=America/New_York:{day:%Y%m%d}T{end:%H%M%S}",
             *([f"RRULE:{rrule}"] if rrule else []), "SUMMARY:Busy", "END:VEVENT",
             "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, NEW_YORK).astimezone(UTC)


def write_plan(folder: Path, text: str) -> Path:
    path = folder / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def windows(capsys: pytest.CaptureFixture[str], path: Path, start: str, end: str,
            *extra: str) -> tuple[int, list[tuple[datetime, datetime]] | None, str]:
    code = main(["windows", str(path), "--from", start, "--to", end, "--json", *extra])
    out, err = capsys.readouterr()
    if code != 0:
        return code, None, err
    parsed = [(datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"]))
              for w in json.loads(out)["windows"]]
    return code, parsed, err


def minus(spans: list[tuple[datetime, datetime]], busy: list[tuple[datetime, datetime]]
          ) -> list[tuple[datetime, datetime]]:
    """The oracle: interval difference, by a minute-by-minute scan."""
    out: list[tuple[datetime, datetime]] = []
    for s, e in spans:
        t = s
        while t < e:
            free = not any(b0 <= t < b1 for b0, b1 in busy)
            if free and out and out[-1][1] == t:
                out[-1] = (out[-1][0], t + timedelta(minutes=1))
            elif free:
                out.append((t, t + timedelta(minutes=1)))
            t += timedelta(minutes=1)
    return out


def busy_plan(radicale_auth: Radicale, folder: Path) -> tuple[Path, str, str]:
    team = radicale_auth.make_calendar("lena")
    maya = radicale_auth.make_calendar("lena")
    path = write_plan(folder, PLAN + f'\n[calendar]\nurl = "{team}"\nuser = "lena"\n'
                      f'\n[calendar.busy]\nMaya = "{maya}"\n')
    return path, team, maya


def test_a_meeting_on_the_server_cuts_the_window_exactly_there(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        memory_keyring: MemoryKeyring) -> None:
    path, team, maya = busy_plan(radicale_auth, tmp_path)
    memory_keyring.set_password("overlap", f"lena@{team}", LENA_PASSWORD)
    day = date(2026, 6, 10)
    assert radicale_auth.put(f"{maya}board.ics", event("board@maya", day, time(10), time(11)),
                      user="lena") == 201
    code, plain, _ = windows(capsys, path, "2026-06-10", "2026-06-10")
    assert code == 0 and plain
    code, cut, err = windows(capsys, path, "2026-06-10", "2026-06-10", "--server-busy")
    assert code == 0, err
    assert cut == minus(plain, [(utc(day, time(10)), utc(day, time(11)))])
    assert len(cut) == 2  # the meeting lies inside the window: it splits it in two
    assert "Maya" in err and team in err


def recurring_case(radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   first: date, last: date) -> None:
    """A daily 11:00-11:30 New York stand-up from ``first``: windows until ``last``."""
    path, _, maya = busy_plan(radicale_auth, tmp_path)
    assert radicale_auth.put(f"{maya}standup.ics", event("standup@maya", first, time(11),
                                                  time(11, 30), rrule="FREQ=DAILY;COUNT=10"),
                      user="lena") == 201
    code, plain, _ = windows(capsys, path, first.isoformat(), last.isoformat())
    assert code == 0 and plain
    code, cut, err = windows(capsys, path, first.isoformat(), last.isoformat(),
                             "--server-busy")
    assert code == 0, err
    busy = [(utc(first + timedelta(days=i), time(11)), utc(first + timedelta(days=i),
                                                          time(11, 30))) for i in range(10)]
    assert cut == minus(plain, busy)
    assert cut != plain


def test_a_recurring_meeting_is_cut_out_of_every_day(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, LENA_PASSWORD)  # no keyring entry: the fallback
    recurring_case(radicale_auth, tmp_path, capsys, date(2026, 6, 8), date(2026, 6, 12))


def test_a_recurring_meeting_across_the_us_dst_change_stays_at_11_new_york_time(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: read through the server's free/busy answer this came out an hour off
    after 8 March (Radicale keeps DTSTART's UTC offset, Kozea/Radicale#1621); the
    default mode now expands the events itself."""
    # The US moves its clocks on 8 March 2026: the stand-up is 16:00 UTC before, 15:00 after.
    monkeypatch.setenv(PASSWORD_ENV, LENA_PASSWORD)
    recurring_case(radicale_auth, tmp_path, capsys, date(2026, 3, 5), date(2026, 3, 10))


def test_without_a_calendar_the_message_names_the_fix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_plan(tmp_path, PLAN)
    code, _, err = windows(capsys, path, "2026-06-10", "2026-06-10", "--server-busy")
    assert code == 1
    assert "names none" in err and "[calendar]" in err and "docs/caldav.md" in err
    assert "Traceback" not in err


def test_a_calendar_without_member_calendars_says_which_table_is_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_plan(tmp_path, PLAN + '\n[calendar]\nurl = "http://127.0.0.1:9/c/"\n')
    code, _, err = windows(capsys, path, "2026-06-10", "2026-06-10", "--server-busy")
    assert code == 1
    assert "calendar.busy" in err and "[calendar.busy]" in err and "Traceback" not in err


def test_a_wrong_password_is_exit_1_with_the_address_and_no_windows(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, _, maya = busy_plan(radicale_auth, tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, "not the password")
    code, out, err = windows(capsys, path, "2026-06-10", "2026-06-10", "--server-busy")
    assert code == 1 and out is None
    assert "401" in err and maya in err and "keyring set overlap" in err
    assert "Traceback" not in err


# --- PlanContext.add_server_busy: pure, no server -------------------------------------

def test_server_busy_joins_busy_files_and_a_newer_fetch_replaces_an_overlapping_one(
        tmp_path: Path) -> None:
    from planner.availability import to_seconds, working_spans
    from planner.caldav import ServerBusy
    from planner.context import open_plan

    day = date(2026, 6, 10)
    (tmp_path / "maya.ics").write_text(event("file@maya", day, time(8), time(9)),
                                       encoding="utf-8")
    text = PLAN.replace('name = "Maya"', 'name = "Maya"\nbusy = ["maya.ics"]')
    ctx = open_plan(write_plan(tmp_path, text))
    maya = ctx.plan.members[1]
    s, e = utc(day, time(0)), utc(day + timedelta(days=1), time(0))

    def free() -> list[tuple[datetime, datetime]]:
        spans = working_spans(maya, ctx.calendar, to_seconds(s), to_seconds(e))
        return [(datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC))
                for a, b in spans]

    def fetched(start: datetime, end: datetime, *busy: tuple[time, time]) -> ServerBusy:
        return ServerBusy("http://127.0.0.1/maya/", start, end,
                          [(to_seconds(utc(day, a)), to_seconds(utc(day, b))) for a, b in busy])

    hours = [(utc(day, time(8)), utc(day, time(18)))]
    from_file = (utc(day, time(8)), utc(day, time(9)))
    assert free() == minus(hours, [from_file])
    ctx.add_server_busy({"Maya": fetched(s, e, (time(10), time(11)))})
    assert free() == minus(hours, [from_file, (utc(day, time(10)), utc(day, time(11)))])
    # Fetched again (the meeting moved on the radicale_auth): the old answer no longer counts.
    ctx.add_server_busy({"Maya": fetched(s, e, (time(14), time(15)))})
    assert free() == minus(hours, [from_file, (utc(day, time(14)), utc(day, time(15)))])
    # A fetch of another day keeps this one; editing the plan keeps both.
    ctx.add_server_busy({"Maya": fetched(e, e + timedelta(days=1))})
    ctx.refresh()
    assert free() == minus(hours, [from_file, (utc(day, time(14)), utc(day, time(15)))])
    ctx.clear_server_busy()
    assert free() == minus(hours, [from_file])


def test_series_and_rotation_see_server_busy_times_too(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        memory_keyring: MemoryKeyring) -> None:
    path, team, maya = busy_plan(radicale_auth, tmp_path)
    memory_keyring.set_password("overlap", f"lena@{team}", LENA_PASSWORD)
    # Maya is busy 10:00-11:00 New York on 17 June, when the weekly 10:00 check-in is held.
    assert radicale_auth.put(f"{maya}sync.ics", event("sync@maya", date(2026, 6, 17), time(10),
                                                time(11)), user="lena") == 201
    series = ["series", str(path), "--start", "2026-06-10", "--time", "10:00", "--zone",
              "America/New_York", "--every", "week", "--count", "3", "--duration", "30",
              "--json"]

    def maya_minutes(*extra: str) -> list[int]:
        assert main([*series, *extra]) == 0
        data = json.loads(capsys.readouterr().out)
        return [next(m["minutes_in_working_hours"] for m in o["members"] if m["name"] == "Maya")
                for o in data["occurrences"]]

    assert maya_minutes() == [30, 30, 30]
    assert maya_minutes("--server-busy") == [30, 0, 30]   # only the busy week changes
    rotate = ["rotate", str(path), "--start", "2026-06-10", "--every", "week", "--count", "3",
              "--duration", "30", "--candidate", "10:00 America/New_York", "--json"]
    assert main(rotate) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main([*rotate, "--server-busy"]) == 0
    busy = json.loads(capsys.readouterr().out)
    cost = {r["name"]: r["total_cost"] for r in plain["ledger"]}
    cost_busy = {r["name"]: r["total_cost"] for r in busy["ledger"]}
    # Maya's half hour in week 2 is no longer working time: it costs her something now.
    assert cost_busy["Maya"] > cost["Maya"] and cost_busy["Lena"] == cost["Lena"]
