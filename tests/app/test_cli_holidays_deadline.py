"""overlap holidays / overlap deadline on the demo plan and a small plan."""

from __future__ import annotations

import json

import holidays as lib

from app.cli import main
from resources import DEMO_PLAN


def run(capsys, *args: str):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_holidays_json_shape_and_library_agreement(capsys):
    code, out, err = run(capsys, "holidays", str(DEMO_PLAN), "--from", "2026-12-01",
                         "--to", "2027-01-31", "--json")
    assert code == 0, err
    rows = json.loads(out)["holidays"]
    for r in rows:
        assert set(r) >= {"date", "name", "country", "subdivision", "estimated", "members"}
    india = {(r["date"], r["name"]) for r in rows if r["country"] == "IN"}
    lib_india = {(d.isoformat(), n) for d, n in lib.country_holidays(
        "IN", subdiv="KA", years=(2026, 2027)).items() if "2026-12-01" <= d.isoformat()
        <= "2027-01-31"}
    assert india == lib_india
    company = [r for r in rows if r["name"] == "Company year-end shutdown"]
    assert company and company[0]["members"] == ["Lena", "Jonas"]


def test_holidays_human_table(capsys):
    code, out, _ = run(capsys, "holidays", str(DEMO_PLAN), "--from", "2026-12-24",
                       "--to", "2026-12-26")
    assert code == 0
    assert "Christmas" in out and "Lena, Jonas" in out and "AU-NSW" in out


def test_deadline_json(capsys):
    code, out, err = run(capsys, "deadline", str(DEMO_PLAN), "--date", "2027-01-08",
                         "--from", "2026-12-14", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["deadline"] == "2027-01-08"
    names = [s["name"] for s in data["sites"]]
    assert names[:3] == ["Berlin HQ", "Bangalore partner", "Kathmandu QA partner"]
    assert all(0 <= s["working_days"] <= 26 for s in data["sites"])
    assert data["shared_working_days"] == len(data["shared_dates"])
    assert data["shared_working_days"] <= min(s["working_days"] for s in data["sites"]
                                              if s["required"])


def test_deadline_bad_date(capsys):
    code, _, err = run(capsys, "deadline", str(DEMO_PLAN), "--date", "2027-02-29")
    assert code == 1 and "does not exist" in err
