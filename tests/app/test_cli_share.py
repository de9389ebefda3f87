"""`overlap share --markdown`: the tables are parsed back and compared with
`overlap meetings --json` (times by zoneinfo, skipped and moved occurrences,
the bold marking a changed local time); the plan is never written."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from resources import DEMO_PLAN
from tests.builders import plan_text

TODAY = ["--today", "2026-03-20"]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse's own usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split(" | ")]


def tables(markdown: str) -> dict[str, list[dict[str, str]]]:
    """Heading -> rows as {column header: cell}."""
    out: dict[str, list[dict[str, str]]] = {}
    lines = markdown.splitlines()
    title = None
    for i, line in enumerate(lines):
        if line.startswith("### "):
            title = line[4:]
            out[title] = []
        elif title and line.startswith("| ") and i + 1 < len(lines) \
                and lines[i + 1].startswith("| ---"):
            header = cells(line)
            for row in lines[i + 2:]:
                if not row.startswith("| "):
                    break
                out[title].append(dict(zip(header, cells(row), strict=True)))
            title = None
    return out


def zone_columns(row: dict[str, str]) -> dict[str, str]:
    """Attendee name -> the column that holds their local time."""
    out = {}
    for header in row:
        if ": " in header and header not in ("Date (UTC)", "Time (UTC)"):
            for name in header.split(": ", 1)[1].split(", "):
                out[name.removesuffix(" (optional)")] = header
    return out


def meetings_json(capsys: pytest.CaptureFixture[str], plan: Path, *argv: str) -> dict[str, Any]:
    code, out, err = run(capsys, "meetings", str(plan), "--json", *TODAY, *argv)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


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


@pytest.mark.parametrize("plan_name, argv", [
    ("team", []),
    ("demo_copy", ["--from", "2026-11-20", "--to", "2027-02-28"]),
])
def test_the_tables_say_what_meetings_json_says(plan_name, argv, request, capsys):
    plan: Path = request.getfixturevalue(plan_name)
    before = plan.read_bytes()
    code, markdown, err = run(capsys, "share", str(plan), "--markdown", *TODAY, *argv)
    assert code == 0, err
    assert plan.read_bytes() == before  # sharing writes nothing
    data = meetings_json(capsys, plan, *argv)
    everything = meetings_json(capsys, plan)  # for the occurrence before the range
    shown = tables(markdown)
    listed = [m for m in data["meetings"] if m["occurrences"]]
    assert listed and list(shown) == [m["title"] for m in listed]
    for m in listed:
        rows = shown[m["title"]]
        occurrences = sorted(m["occurrences"], key=lambda o: o["start"])
        assert len(rows) == len(occurrences)
        full = next(x for x in everything["meetings"] if x["id"] == m["id"])
        previous: dict[str, dict[str, Any]] = {}  # slot -> held occurrence before
        for o in sorted(full["occurrences"], key=lambda o: o["start"]):
            if o["status"] != "skipped" and o["date"] < occurrences[0]["date"]:
                previous[o["slot"]] = o
        for row, o in zip(rows, occurrences, strict=True):
            start = datetime.fromisoformat(o["start"])
            assert row["Date (UTC)"] == f"{WEEKDAYS[start.weekday()]} {start.date()}"
            if o["status"] == "skipped":
                assert row["Time (UTC)"] == "—" and "skipped" in row["Note"]
                continue
            if o["status"] == "moved":
                assert f"moved from {o['moved_from']}" in row["Note"]
            assert row["Time (UTC)"] == f"{start:%H:%M}"
            before_o = previous.get(o["slot"])
            previous[o["slot"]] = o
            for a in o["attendees"]:
                cell = row[zone_columns(row)[a["name"]]]
                local = datetime.fromisoformat(a["local_start"])
                assert local == start.astimezone(ZoneInfo(a["zone"]))
                day = f"{WEEKDAYS[local.weekday()]} " if local.date() != start.date() else ""
                time = f"{local:%H:%M}"
                was = before_o and next(x["local_start"][11:16] for x in before_o["attendees"]
                                        if x["name"] == a["name"])
                bold = bool(was) and was != time
                assert cell == day + (f"**{time}**" if bold else time), (o["date"], a["name"])
                if a["required"] and a["day_off"]:
                    assert f"{a['name']} ({a['day_off']})" in row["Note"]


def test_a_clock_change_is_in_bold(team, capsys):
    code, markdown, _ = run(capsys, "share", str(team), "--markdown", *TODAY,
                            "--from", "2026-03-09", "--to", "2026-03-09")
    assert code == 0
    (row,) = tables(markdown)["Payments weekly check-in"]
    assert row["Berlin: Lena"] == "**14:00**" and row["New York: Maya"] == "09:00"
    assert re.fullmatch(r"Tue \*\*00:00\*\*", row["Sydney: Chloe (optional)"])


def test_json_wraps_the_same_text_and_an_empty_range_says_so(team, capsys):
    code, markdown, _ = run(capsys, "share", str(team), "--markdown", *TODAY)
    code, printed, _ = run(capsys, "share", str(team), "--markdown", "--json", *TODAY)
    assert code == 0 and json.loads(printed) == {"format": "markdown", "text": markdown}
    code, markdown, _ = run(capsys, "share", str(team), "--markdown", *TODAY,
                            "--from", "2027-01-01")
    assert code == 0 and markdown == "_No meeting occurrences from 2027-01-01._\n"


@pytest.mark.parametrize("argv, code, words", [
    ([], 2, "the following arguments are required: --markdown"),
    (["--markdown", "--locale", "xx_YY"], 1, '--locale: "xx_YY" is not a locale'),
    (["--markdown", "--from", "2026-05-01", "--to", "2026-04-01"], 1, "--to: 2026-04-01 is "
     "before --from 2026-05-01"),
])
def test_errors(team, capsys, argv, code, words):
    got, _, err = run(capsys, "share", str(team), *argv, *TODAY)
    assert got == code and words in err
