"""The bundled demo plan is never written (DESIGN.md, "Meetings"): commands that
remember state in a plan keep none in it, with a hint, and create no file in its
folder.  Each test runs the real command on resources/demo.toml and compares the
whole resources/ folder, names and bytes, before and after."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from resources import DEMO_PLAN

RESOURCES = DEMO_PLAN.parent
SERIES = ["--start", "2026-03-02", "--time", "09:00", "--zone", "America/New_York",
          "--every", "week", "--count", "12", "--stamp", "2026-03-01T12:00Z"]
HINT = "this is the bundled demo; copy it with Save As… or `cp` to keep state"


def tree() -> dict[str, bytes]:
    # Python's own bytecode cache is not the command's doing.
    return {str(p.relative_to(RESOURCES)): p.read_bytes() for p in RESOURCES.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture
def untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Runs in a scratch folder; afterwards resources/ must be exactly as before."""
    monkeypatch.chdir(tmp_path)
    before = tree()
    yield tmp_path
    assert tree() == before


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_of_the_demo_no_longer_rewrites_it_or_leaves_a_bak(untouched, capsys):
    # The README's own example: it used to rewrite the tracked demo and leave a .bak.
    code, out, err = run(capsys, "export", str(DEMO_PLAN), *SERIES, "--out", "checkin.ics",
                         "--json")
    assert code == 0, err
    assert (untouched / "checkin.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert json.loads(out)["plan_updated"] is False
    assert HINT in err and "not kept" in err


def test_export_refuses_to_write_into_the_demo_folder(untouched, capsys):
    target = RESOURCES / "checkin.ics"
    code, _, err = run(capsys, "export", str(DEMO_PLAN), *SERIES, "--out", str(target))
    assert code == 1 and "--out" in err and "bundled demo" in err
    assert not target.exists()


def test_publishing_from_the_demo_is_refused_before_any_network(untouched, capsys):
    code, _, err = run(capsys, "publish", str(DEMO_PLAN), *SERIES)
    assert code == 1 and HINT in err and "Traceback" not in err


def test_meetings_on_the_demo_report_but_record_nothing(untouched, capsys):
    # By March 2027 the demo's rotation has a past to record; the demo declines.
    code, out, err = run(capsys, "meetings", str(DEMO_PLAN), "--today", "2027-03-01")
    assert code == 0, err
    assert "Americas–Asia delivery sync  [delivery-sync]" in out
    assert "The plan records" not in out
    assert HINT in err and "past rotation occurrences" in err


def test_exporting_the_demo_s_meetings_keeps_nothing_in_it(untouched, capsys):
    code, out, err = run(capsys, "export", str(DEMO_PLAN), "--all", "--out", "meetings.ics",
                         "--today", "2027-03-01", "--stamp", "2026-03-01T12:00Z")
    assert code == 0, err
    assert (untouched / "meetings.ics").is_file() and "The plan remembers" not in out
    assert HINT in err


def test_publishing_the_demo_s_meetings_is_refused(untouched, capsys):
    code, _, err = run(capsys, "publish", str(DEMO_PLAN), "--all")
    assert code == 1 and HINT in err


def test_sharing_the_demo_prints_and_writes_nothing(untouched, capsys):
    code, out, err = run(capsys, "share", str(DEMO_PLAN), "--markdown", "--today", "2027-03-01")
    assert code == 0, err
    assert "### Payments weekly check-in" in out and err == ""
