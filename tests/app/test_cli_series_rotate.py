"""`overlap series` and `overlap rotate`: JSON shapes, tables and exit codes."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main

DEMO = str(Path(__file__).resolve().parents[2] / "resources" / "demo.toml")

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("planner.holidays.adapter") is None,
    reason="planner/holidays/adapter.py (issue: public holidays) has not landed yet; plan "
           "loading needs it")

SMALL = """\
version = 1
name = "Two cities"
reference_zone = "Europe/Berlin"

[[member]]
name = "Lena"
zone = "Europe/Berlin"
hours = "09:00-17:30"
time_off = ["2026-03-17"]

[[member]]
name = "Maya"
zone = "America/New_York"
hours = "09:00-17:00"

[[member]]
name = "Chloe"
zone = "Australia/Sydney"
hours = "08:30-16:30"
required = false
"""

SERIES_KEYS = {"index", "start", "end", "members", "drift"}
MEMBER_KEYS = {"name", "zone", "local_start", "local_end", "comfort", "cost",
               "minutes_in_working_hours", "day_off"}
ROTATE_OCC_KEYS = {"index", "date", "slot", "start", "end", "locked", "costs"}
LEDGER_KEYS = {"name", "total_cost", "night", "early_late"}


@pytest.fixture
def small(tmp_path: Path) -> str:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return str(path)


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def run_fail(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as e:
        main(list(argv))
    return int(e.value.code or 0), capsys.readouterr().err


def utc(text: str) -> datetime:
    assert text.endswith("Z")
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- series ----------------------------------------------------------------------

def test_series_json_shape_on_the_demo_plan(capsys):
    data = run_json(capsys, "series", DEMO, "--start", "2026-03-03", "--time", "09:00",
                    "--zone", "America/New_York", "--every", "week", "--count", "6",
                    "--duration", "60")
    occ = data["occurrences"]
    assert [o["index"] for o in occ] == [1, 2, 3, 4, 5, 6]
    for o in occ:
        assert SERIES_KEYS <= o.keys()
        start, end = utc(o["start"]), utc(o["end"])
        assert end - start == timedelta(minutes=60)
        assert start == datetime.fromisoformat(o["date"] + "T09:00").replace(
            tzinfo=ZoneInfo("America/New_York"))
        for m in o["members"]:
            assert MEMBER_KEYS <= m.keys()
            local = datetime.fromisoformat(m["local_start"])
            assert local == start and local.utcoffset() == \
                start.astimezone(ZoneInfo(m["zone"])).utcoffset()
            assert m["local_start"][:19] == \
                start.astimezone(ZoneInfo(m["zone"])).isoformat()[:19]
            assert datetime.fromisoformat(m["local_end"]) == end
            assert m["comfort"] in ("work", "night", "off", "early_late", "shoulder")
            assert 0 <= m["minutes_in_working_hours"] <= 60
    drift = {o["index"]: {x["name"]: x["change"] for x in o["drift"]} for o in occ}
    # US switches on 8 March, Europe on 29 March.
    assert drift[2]["Lena"] == "-60" and drift[5]["Lena"] == "+60"
    assert "Maya" not in drift[2]
    assert data["series"]["rrule"] == "FREQ=WEEKLY;COUNT=6"


def test_series_reports_a_public_holiday_by_name(capsys):
    # Friday 25 December is a public holiday in New York (Maya, required).
    argv = ["series", DEMO, "--start", "2026-12-18", "--time", "16:00", "--zone",
            "Europe/Berlin", "--every", "week", "--count", "3"]
    data = run_json(capsys, *argv)
    maya = [m for m in data["occurrences"][1]["members"] if m["name"] == "Maya"][0]
    assert maya["local_start"] == "2026-12-25T10:00:00-05:00"
    assert maya["day_off"] not in (None, "weekend", "time off")
    assert "Christmas" in maya["day_off"]
    assert "Maya" in {c["name"] for c in data["occurrences"][1]["conflicts"]}
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"⚠ holiday: {maya['day_off']}" in out


def test_series_table_marks_drift_and_conflicts(capsys, small):
    assert main(["series", small, "--start", "2026-03-03", "--time", "09:00", "--zone",
                 "America/New_York", "--every", "week", "--count", "5"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    row2 = next(line for line in lines if line.startswith("2 "))
    assert "Tue 14:00 -60" in row2
    row3 = next(line for line in lines if line.startswith("3 "))
    assert "⚠ time off" in row3
    assert "Lena: #2 2026-03-10 -60 min" in out
    assert "#3 2026-03-17: Lena (time off) — kept" in out


@pytest.mark.parametrize(("policy", "decision", "held"), [
    ("keep", "keep", "2026-03-17"),
    ("skip", "skip", "2026-03-17"),
    ("move", "move", "2026-03-18"),
])
def test_series_conflict_policies(capsys, small, policy, decision, held):
    data = run_json(capsys, "series", small, "--start", "2026-03-03", "--time", "15:00",
                    "--zone", "Europe/Berlin", "--every", "week", "--count", "4",
                    "--on-conflict", policy)
    third = data["occurrences"][2]
    assert third["decision"] == decision and third["date"] == held
    assert third["rule_date"] == "2026-03-17"
    assert third["conflicts"] == [{"name": "Lena", "reason": "time off"}]
    assert [o["decision"] for o in data["occurrences"] if o["index"] != 3] == ["keep"] * 3


def test_series_until_and_month(capsys, small):
    data = run_json(capsys, "series", small, "--start", "2026-03-31", "--time", "09:00",
                    "--zone", "UTC", "--every", "month", "--until", "2026-06-30")
    assert [o["date"] for o in data["occurrences"]] == \
        ["2026-03-31", "2026-04-28", "2026-05-26", "2026-06-30"]
    assert data["series"]["rrule"].startswith("FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20260630T090000Z")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--zone", "Europe/Berln"], 1, 'did you mean "Europe/Berlin"'),
    (["--zone", "UTC+2"], 1, "fixed UTC offset"),
    (["--time", "9am"], 1, "--time"),
    (["--time", "24:30"], 1, "--time"),
    (["--start", "2026-02-30"], 1, "--start"),
    (["--count", "0"], 1, "--count"),
    (["--count", "-2"], 1, "--count"),
    (["--duration", "0"], 1, "--duration"),
    (["--until", "2026-01-01"], 1, "--until"),
    (["--count", "3", "--until", "2026-05-01"], 2, "not allowed with argument"),
    (["--every", "day"], 2, "invalid choice"),
    (["--count", "three"], 2, "invalid int"),
    (["--on-conflict", "postpone"], 2, "invalid choice"),
])
def test_series_bad_input(capsys, small, args, code, message):
    base = {"--start": "2026-03-03", "--time": "09:00", "--zone": "Europe/Berlin",
            "--every": "week"}
    argv = ["series", small]
    for k, v in base.items():
        if k not in args:
            argv += [k, v]
    argv += args
    if code == 2:
        got, err = run_fail(capsys, *argv)
    else:
        got, err = main(argv), capsys.readouterr().err
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_series_missing_plan_is_an_input_error(capsys, tmp_path):
    code = main(["series", str(tmp_path / "nope.toml"), "--start", "2026-03-03", "--time",
                 "09:00", "--zone", "UTC", "--every", "week"])
    assert code == 1 and "nope.toml" in capsys.readouterr().err


# --- rotate -----------------------------------------------------------------------

def test_rotate_json_shape_on_the_demo_plan(capsys):
    data = run_json(capsys, "rotate", DEMO, "--start", "2026-03-02", "--every", "week",
                    "--count", "8", "--duration", "60",
                    "--candidate", "15:00 Europe/Berlin", "--candidate", "09:00 America/New_York",
                    "--candidate", "11:00 Europe/Berlin", "--lock", "2=C")
    assert [c["id"] for c in data["candidates"]] == ["A", "B", "C"]
    assert data["candidates"][1] == {"id": "B", "time": "09:00", "zone": "America/New_York"}
    names = [e["name"] for e in data["ledger"]]
    totals = dict.fromkeys(names, 0.0)
    for o in data["occurrences"]:
        assert ROTATE_OCC_KEYS <= o.keys()
        assert set(o["costs"]) == {"A", "B", "C"}
        assert all(set(v) == set(names) for v in o["costs"].values())
        cand = next(c for c in data["candidates"] if c["id"] == o["slot"])
        start = utc(o["start"])
        local = start.astimezone(ZoneInfo(cand["zone"]))
        assert (local.date().isoformat(), f"{local:%H:%M}") == (o["date"], cand["time"])
        assert utc(o["end"]) - start == timedelta(minutes=60)
        for n in names:
            totals[n] += o["costs"][o["slot"]][n]
    assert data["occurrences"][1]["slot"] == "C" and data["occurrences"][1]["locked"]
    assert [o["locked"] for o in data["occurrences"]].count(True) == 1
    for e in data["ledger"]:
        assert LEDGER_KEYS <= e.keys()
        assert e["total_cost"] == pytest.approx(totals[e["name"]], abs=0.05)
    counted = [e["total_cost"] for e in data["ledger"] if e["counted"]]
    assert data["max_burden"] == pytest.approx(max(counted))
    assert data["total_cost"] == pytest.approx(sum(counted), abs=0.05)


def test_rotate_proposes_candidates_and_prints_a_ledger(capsys):
    assert main(["rotate", DEMO, "--start", "2026-03-02", "--every", "2weeks", "--count", "6",
                 "--duration", "30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Candidates (proposed): A = ")
    assert "Ledger" in out and "Largest burden" in out
    for name in ("Lena", "Priya", "Maya", "Tomás", "Chloe"):
        assert name in out


def test_rotate_prior_on_a_small_plan(capsys, small):
    base = ["rotate", small, "--start", "2026-02-02", "--every", "week", "--count", "4",
            "--duration", "60", "--candidate", "09:00 Europe/Berlin",
            "--candidate", "17:00 America/New_York"]
    even = run_json(capsys, *base)
    assert sorted(o["slot"] for o in even["occurrences"]) == ["A", "A", "B", "B"]
    carried = run_json(capsys, *base, "--prior", "Maya=20")
    maya = next(e for e in carried["ledger"] if e["name"] == "Maya")
    assert maya["prior"] == 20 and maya["total_cost"] > 20
    assert sorted(o["slot"] for o in carried["occurrences"]) == ["A", "B", "B", "B"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--candidate", "15:00 Europe/Berln"], 1, 'did you mean "Europe/Berlin"'),
    (["--candidate", "15:00"], 1, "--candidate"),
    (["--candidate", "15:00 UTC", "--lock", "9=A"], 1, "no occurrence 9"),
    (["--candidate", "15:00 UTC", "--lock", "2=Z"], 1, "not a candidate"),
    (["--candidate", "15:00 UTC", "--lock", "two=A"], 1, "INDEX=SLOT"),
    (["--candidate", "15:00 UTC", "--prior", "Nobody=3"], 1, 'no member named "Nobody"'),
    (["--candidate", "15:00 UTC", "--prior", "Lena=lots"], 1, "--prior"),
    (["--candidate", "15:00 UTC", "--duration", "0"], 1, "--duration"),
    (["--candidate", "15:00 UTC", "--count", "0"], 1, "--count"),
    (["--every", "month"], 2, "invalid choice"),
])
def test_rotate_bad_input(capsys, small, args, code, message):
    base = {"--start": "2026-03-02", "--every": "week", "--count": "4", "--duration": "30"}
    argv = ["rotate", small]
    for k, v in base.items():
        if k not in args:
            argv += [k, v]
    argv += args
    if code == 2:
        got, err = run_fail(capsys, *argv)
    else:
        got, err = main(argv), capsys.readouterr().err
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_rotate_requires_count_and_duration(capsys, small):
    code, err = run_fail(capsys, "rotate", small, "--start", "2026-03-02", "--every", "week")
    assert code == 2 and "--count" in err
