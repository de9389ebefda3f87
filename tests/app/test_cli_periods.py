"""Periods on the command line: windows, series, rotate, meetings and holidays give each
member's local time where they are, and name travel as the reason for drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main

PLAN = """\
version = 1
name = "Travels"
reference_zone = "Europe/Berlin"

[[member]]
name = "Lena"
zone = "Europe/Berlin"
country = "DE"
subdivision = "BE"
hours = "09:00-17:00"

[[member.period]]                       # Tokyo offsite
dates = "2027-05-03..2027-05-14"
zone = "Asia/Tokyo"
hours = "10:00-16:00"
country = "JP"
note = "Tokyo offsite"

[[member]]
name = "Maya"
zone = "America/New_York"
country = "US"
hours = "09:00-17:00"

[[meeting]]
id = "sync"
title = "Weekly sync"
every = "week"
start = "2027-04-29"
count = 4
duration = 30
slot = "09:00 America/New_York"
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    p = tmp_path / "travels.toml"
    p.write_text(PLAN, encoding="utf-8")
    return p


def run(capsys, *args: str) -> dict:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_windows_local_times_are_where_each_member_is(capsys, plan_file):
    # 6 May (5 May is Children's Day in Japan, her country while there).
    data = run(capsys, "windows", str(plan_file), "--from", "2027-05-06T00:00Z",
               "--to", "2027-05-07T00:00Z", "--min", "1", "--json", "--local")
    lena = [w for w in data["windows"] if w["available"] == ["Lena"]]
    assert [(w["start"], w["local"]["Lena"]["start"]) for w in lena] == [
        ("2027-05-06T01:00:00Z", "2027-05-06T10:00:00+09:00")]
    assert lena[0]["local"]["Lena"]["end"] == "2027-05-06T16:00:00+09:00"
    assert lena[0]["local"]["Maya"]["start"] == "2027-05-05T21:00:00-04:00"


def test_windows_text_says_where_a_traveller_is(capsys, plan_file):
    assert main(["windows", str(plan_file), "--from", "2027-05-06T00:00Z",
                 "--to", "2027-05-07T00:00Z", "--min", "1"]) == 0
    out = capsys.readouterr().out
    assert "Thu 10:00–16:00 in Tokyo" in out
    assert "Thu 22:00–06:00 in Tokyo (out)" in out


def test_series_drift_says_travel(capsys, plan_file):
    data = run(capsys, "series", str(plan_file), "--start", "2027-04-29", "--time", "09:00",
               "--zone", "America/New_York", "--every", "week", "--count", "4", "--json")
    occ = data["occurrences"]
    lena = [next(m for m in o["members"] if m["name"] == "Lena") for o in occ]
    assert [m["local_start"] for m in lena] == [
        "2027-04-29T15:00:00+02:00", "2027-05-06T22:00:00+09:00",
        "2027-05-13T22:00:00+09:00", "2027-05-20T15:00:00+02:00"]
    assert [m["zone"] for m in lena][1] == "Asia/Tokyo"
    assert occ[1]["drift"] == [{"name": "Lena", "change": "+420", "minutes": 420,
                                "reason": "travel"}]
    assert occ[3]["drift"][0]["reason"] == "travel"


def test_rotate_and_meetings_local_times_are_where_each_member_is(capsys, plan_file):
    data = run(capsys, "rotate", str(plan_file), "--start", "2027-05-06", "--every", "week",
               "--count", "1", "--duration", "30", "--candidate", "09:00 America/New_York",
               "--json")
    lena = next(m for m in data["occurrences"][0]["members"] if m["name"] == "Lena")
    assert (lena["local_start"], lena["zone"]) == ("2027-05-06T22:00:00+09:00", "Asia/Tokyo")
    data = run(capsys, "meetings", str(plan_file), "--json")
    [m] = data["meetings"]
    assert [a["local_start"] for o in m["occurrences"] for a in o["attendees"]
            if a["name"] == "Lena"][1] == "2027-05-06T22:00:00+09:00"
    assert {p["reason"] for p in m["problems"] if p["kind"] == "drift"} == {"travel"}


def test_holidays_are_those_of_the_country_in_force(capsys, plan_file):
    data = run(capsys, "holidays", str(plan_file), "--from", "2027-05-01", "--to",
               "2027-05-31", "--json")
    names = {(h["date"], h["name"]): h["members"] for h in data["holidays"]}
    assert names[("2027-05-05", "Children's Day")] == ["Lena"]
    assert ("2027-05-06", "Ascension Day") not in names  # Lena is in Tokyo then
    assert names[("2027-05-17", "Pentecost Monday")] == ["Lena"]
