"""`overlap meetings`: the --json contract of DESIGN.md "Meetings", checked against
zoneinfo and the per-minute comfort oracle rather than the engine; the text a
coordinator reads; exit codes; the frozen past kept in the plan."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from tests.builders import at, calendar, d, document, plan_text
from tests.oracles import minute_cost

TODAY = ["--today", "2026-03-20"]
MEETING_KEYS = {"id", "title", "every", "slots", "occurrences", "problems"}
OCCURRENCE_KEYS = {"date", "start", "end", "slot", "status", "moved_from", "attendees"}
ATTENDEE_KEYS = {"name", "required", "local_start", "local_end", "comfort", "cost", "day_off"}
PROBLEM_KEYS = {"date", "kind", "members", "detail"}
LEDGER_KEYS = {"name", "total_cost", "night", "early_late", "meetings"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["meetings", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(folder: Path, text: str, name: str = "team.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def report(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, str(path), "--json", *TODAY, *argv)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in data["meetings"]}


def utc(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return write(tmp_path, plan_text("meetings"))


def test_the_json_has_the_designed_keys(team, capsys):
    data = report(capsys, team)
    assert set(data) >= {"meetings", "ledger"}
    assert [m["id"] for m in data["meetings"]] == ["weekly-sync", "partner-demo"]
    for m in data["meetings"]:
        assert set(m) >= MEETING_KEYS
        assert all(set(s) >= {"id", "time", "zone"} for s in m["slots"])
        for o in m["occurrences"]:
            assert set(o) >= OCCURRENCE_KEYS
            assert o["status"] in ("planned", "skipped", "moved")
            assert o["start"].endswith("Z") and o["end"].endswith("Z")
            assert all(set(a) >= ATTENDEE_KEYS for a in o["attendees"])
        assert all(set(p) >= PROBLEM_KEYS for p in m["problems"])
    assert all(set(r) >= LEDGER_KEYS for r in data["ledger"])
    fixed, rotation = data["meetings"]
    assert fixed["slots"] == [{"id": "A", "time": "09:00", "zone": "America/New_York"}]
    assert [(s["id"], s["time"], s["zone"]) for s in rotation["slots"]] == [
        ("A", "15:00", "Europe/Berlin"), ("B", "08:00", "Europe/Berlin")]


def test_occurrences_are_the_rule_dates_at_the_slot_time_by_zoneinfo(team, capsys):
    meetings = by_id(report(capsys, team))
    weekly = meetings["weekly-sync"]["occurrences"]
    mondays = [d("2026-03-02") + timedelta(weeks=k) for k in range(8)]
    assert [o["date"] for o in weekly] == [str(x) for x in mondays]
    for o, day in zip(weekly, mondays, strict=True):
        start = at(f"{day} 09:00", "America/New_York")
        assert (o["start"], o["end"]) == (utc(start), utc(start + timedelta(minutes=30)))
        assert o["status"] == ("skipped" if str(day) == "2026-03-16" else "planned")
        assert o["moved_from"] is None and o["slot"] == "A"
    assert next(o for o in weekly if o["status"] == "skipped")["attendees"] == []
    demo = meetings["partner-demo"]["occurrences"]
    thursdays = [d("2026-03-05") + timedelta(weeks=2 * k) for k in range(7)]
    assert [o["date"] for o in demo] == [str(x) for x in thursdays]
    slot_time = {"A": "15:00", "B": "08:00"}
    for o in demo:
        start = at(f"{o['date']} {slot_time[o['slot']]}", "Europe/Berlin")
        assert (o["start"], o["end"]) == (utc(start), utc(start + timedelta(minutes=45)))
    assert next(o for o in demo if o["date"] == "2026-03-19")["slot"] == "B"  # the lock


def test_every_attendee_row_matches_zoneinfo_and_the_minute_oracle(team, capsys):
    data = report(capsys, team)
    plan = document(plan_text("meetings")).plan
    cal = calendar(plan)
    members = {m.name: m for m in plan.members}
    for m in data["meetings"]:
        for o in m["occurrences"]:
            start = datetime.fromisoformat(o["start"])
            end = datetime.fromisoformat(o["end"])
            for a in o["attendees"]:
                zone = ZoneInfo(members[a["name"]].zone)
                assert datetime.fromisoformat(a["local_start"]) == start
                assert a["local_start"] == start.astimezone(zone).isoformat()
                assert a["local_end"] == end.astimezone(zone).isoformat()
                cost_minutes, worst, _ = minute_cost(members[a["name"]], cal, start, end)
                assert (a["cost"], a["comfort"]) == (round(cost_minutes / 60, 2), worst)
                assert a["day_off"] is None  # no holidays in this plan, all weekdays
                assert a["required"] == (a["name"] != "Chloe")


def required_costs(data: dict[str, Any]) -> dict[str, dict[str, float]]:
    """name -> meeting id -> the listed required attendances' costs, summed here."""
    out: dict[str, dict[str, float]] = {}
    for m in data["meetings"]:
        for o in m["occurrences"]:
            for a in o["attendees"]:
                if a["required"]:
                    per = out.setdefault(a["name"], {})
                    per[m["id"]] = per.get(m["id"], 0) + a["cost"]
    return out


@pytest.mark.parametrize("argv", [[], ["--from", "2026-03-10", "--to", "2026-04-16"]])
def test_the_ledger_is_the_sum_of_the_required_attendances(team, capsys, argv):
    data = report(capsys, team, *argv)
    sums = required_costs(data)
    ledger = {r["name"]: r for r in data["ledger"]}
    assert "Chloe" not in ledger  # optional: never in the ledger
    assert set(sums) <= set(ledger)
    for name, row in ledger.items():
        per = sums.get(name, {})
        # Rows are rounded to 2 decimals each, the ledger once after summing.
        tolerance = 0.005 * (1 + sum(len(m["occurrences"]) for m in data["meetings"]))
        assert row["total_cost"] == pytest.approx(sum(per.values()), abs=tolerance)
        assert set(row["meetings"]) == set(per)
        for mid, cost in row["meetings"].items():
            assert cost == pytest.approx(per.get(mid, 0), abs=tolerance)
        assert row["total_cost"] == pytest.approx(sum(row["meetings"].values()), abs=0.01)


def test_from_and_to_select_by_date_both_inclusive_skipped_ones_included(team, capsys):
    data = report(capsys, team, "--from", "2026-03-16", "--to", "2026-03-23")
    meetings = by_id(data)
    assert [(o["date"], o["status"]) for o in meetings["weekly-sync"]["occurrences"]] == [
        ("2026-03-16", "skipped"), ("2026-03-23", "planned")]
    assert [o["date"] for o in meetings["partner-demo"]["occurrences"]] == ["2026-03-19"]
    assert all("2026-03-16" <= p["date"] <= "2026-03-23"
               for m in data["meetings"] for p in m["problems"])


def test_drift_is_where_a_required_attendee_s_local_time_changed(team, capsys):
    weekly = by_id(report(capsys, team))["weekly-sync"]
    held = [o for o in weekly["occurrences"] if o["status"] != "skipped"]
    expected = set()
    for before, after in zip(held, held[1:], strict=False):
        for a in after["attendees"]:
            b = next(x for x in before["attendees"] if x["name"] == a["name"])
            if a["required"] and a["local_start"][11:16] != b["local_start"][11:16]:
                expected.add((after["date"], a["name"]))
    found = {(p["date"], n) for p in weekly["problems"] if p["kind"] == "drift"
             for n in p["members"]}
    assert found == expected == {("2026-03-09", "Lena"), ("2026-03-30", "Lena")}


CLASHING = plan_text("meetings").replace(
    'skip = ["2026-03-16"]',
    'skip = ["2026-03-16"]\nmove = { "2026-03-30" = "2026-03-31" }') + '''
[[meeting]]
id = "standup"
title = "Maya's standup"
attendees = ["Maya"]
every = "week"
days = ["tue"]
start = "2026-03-03"
count = 5
duration = 15
slot = "09:00 America/New_York"
move = { "2026-03-17" = "2026-03-16" }   # onto the skipped Monday of weekly-sync
'''


def test_clashes_are_listed_moved_ones_at_their_new_date_skipped_ones_never(tmp_path, capsys):
    data = report(capsys, write(tmp_path, CLASHING))
    clashes = {(m["id"], p["date"], tuple(p["members"])) for m in data["meetings"]
               for p in m["problems"] if p["kind"] == "clash"}
    assert clashes & {("weekly-sync", "2026-03-31", ("Maya",)),
                      ("standup", "2026-03-31", ("Maya",))}
    assert {date for _, date, _ in clashes} == {"2026-03-31"}
    weekly = by_id(data)["weekly-sync"]["occurrences"]
    moved = next(o for o in weekly if o["status"] == "moved")
    assert (moved["date"], moved["moved_from"]) == ("2026-03-31", "2026-03-30")
    assert moved["start"] == utc(at("2026-03-31 09:00", "America/New_York"))


def test_holidays_reach_day_off_and_problems(tmp_path, capsys):
    demo = write(tmp_path, (Path(__file__).resolve().parents[2] / "resources" / "demo.toml")
                 .read_text(encoding="utf-8"))
    data = report(capsys, demo, "--from", "2026-11-26", "--to", "2026-11-26")
    weekly = by_id(data)["weekly-sync"]
    (thanksgiving,) = weekly["occurrences"]
    maya = next(a for a in thanksgiving["attendees"] if a["name"] == "Maya")
    assert maya["day_off"] == "Thanksgiving Day" and maya["comfort"] == "off"
    assert any(p["kind"] == "day_off" and p["members"] == ["Maya"] for p in weekly["problems"])


def test_the_text_shows_local_times_problems_and_the_ledger(team, capsys):
    code, out, err = run(capsys, str(team), *TODAY)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2 meeting(s); today is 2026-03-20."
    assert "Payments weekly check-in  [weekly-sync]" in lines
    assert any(line.startswith("every week (Mon), 30 min, at 09:00 America/New_York; "
                               "7 held, 1 skipped, 2 problem(s)") for line in lines)
    header = next(line for line in lines if "Lena" in line and "Chloe?" in line)
    assert header.split()[:3] == ["#", "date", "UTC"]
    row = next(line for line in lines if "Mon 2026-03-09" in line)
    assert "13:00–13:30" in row and " 14:00 " in row and "00:00+1 (n)" in row
    assert any("Mon 2026-03-16" in line and "skipped" in line for line in lines)
    assert any(line.startswith("  ── today, 2026-03-20") for line in lines)
    assert "    2026-03-09  drift  Lena 15:00 → 14:00 (-60 min vs 2026-03-02)" in lines
    assert any("locked" in line and "Thu 2026-03-19" in line for line in lines)
    ledger = lines.index(next(line for line in lines if line.startswith("Burden")))
    assert lines[ledger + 1].split() == ["member", "total", "night", "early/late",
                                         "weekly-sync", "partner-demo"]
    assert lines[ledger + 3].split() == ["Lena", "0.75", "0", "0", "0", "0.75"]


def test_the_frozen_past_is_recorded_and_survives_a_change_of_slots(team, capsys):
    before = team.read_text(encoding="utf-8")
    code, out, _ = run(capsys, str(team), *TODAY)
    assert code == 0 and "The plan records where past occurrences" in out
    text = team.read_text(encoding="utf-8")
    assert "[meeting_record]" in text and '"2026-03-19 08:00 Europe/Berlin"' in text
    assert '"2026-04-02' not in text  # the future stays free
    assert all(line in text for line in before.splitlines() if "#" in line)  # comments
    # The same day again: nothing new to record, the file is not rewritten.
    code, out, _ = run(capsys, str(team), *TODAY)
    assert code == 0 and "The plan records" not in out
    assert team.read_text(encoding="utf-8") == text
    # The coordinator replaces slot A; the first occurrence stays where it was held.
    team.write_text(text.replace('"15:00 Europe/Berlin", "08:00', '"16:00 Europe/Berlin", "08:00'),
                    encoding="utf-8")
    demo = by_id(report(capsys, team))["partner-demo"]
    first = demo["occurrences"][0]
    assert first["start"] == utc(at("2026-03-05 15:00", "Europe/Berlin"))
    assert {"id": "C", "time": "15:00", "zone": "Europe/Berlin", "retired": True} in demo["slots"]


@pytest.mark.parametrize("old, new, key", [
    ('attendees = ["ber", "Maya"]', 'attendees = ["ber", "Mya"]', '"weekly-sync".attendees'),
    ('slot = "09:00 America/New_York"', 'slot = "09:00 America/New_Yrok"', '"weekly-sync".slot'),
    ('skip = ["2026-03-16"]', 'skip = ["2026-03-16"]\nmove = { "2026-03-31" = "2026-04-01" }',
     '"weekly-sync".move'),
    ('lock = { "2026-03-19" = "B" }', 'lock = { "2026-03-19" = "C" }', '"partner-demo".lock'),
])
def test_an_invalid_meeting_exits_1_naming_the_key(tmp_path, capsys, old, new, key):
    text = plan_text("meetings")
    assert old in text
    path = write(tmp_path, text.replace(old, new))
    code, out, err = run(capsys, str(path), *TODAY)
    assert code == 1 and out == ""
    assert f"meeting {key}" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, words", [
    (["--from", "2026-02-30"], '--from: "2026-02-30" is not a date'),
    (["--from", "2026-04-01", "--to", "2026-03-01"], "--to: 2026-03-01 is before --from"),
    (["--today", "today"], "--today"),
])
def test_an_invalid_option_exits_1_naming_it(team, capsys, argv, words):
    code, _, err = run(capsys, str(team), *argv)
    assert code == 1 and words in err
    assert "[meeting_record]" not in team.read_text(encoding="utf-8")


def test_a_plan_without_meetings_is_valid(tmp_path, capsys):
    path = write(tmp_path, plan_text("berlin-new-york"))
    code, out, _ = run(capsys, str(path), *TODAY)
    assert code == 0 and "no saved meetings" in out
    code, out, _ = run(capsys, str(path), *TODAY, "--json")
    assert code == 0 and json.loads(out) == {"meetings": [], "ledger": []}


def test_today_defaults_to_the_clock_in_the_reference_zone(team, capsys):
    data = report(capsys, team, "--today", datetime.now(UTC).astimezone(
        ZoneInfo("Europe/Berlin")).date().isoformat())
    code, out, _ = run(capsys, str(team), "--json")
    assert code == 0 and json.loads(out) == data
