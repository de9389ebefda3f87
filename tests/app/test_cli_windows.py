"""overlap windows / --version / error handling, through app.cli.main."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from resources import DEMO_PLAN

PLAN = """\
version = 1
name = "Two cities"
reference_zone = "Europe/Berlin"

[[member]]
name = "Maya"
zone = "America/New_York"
hours = "09:00-17:00"

[[member]]
name = "Lena"
zone = "Europe/Berlin"
hours = "09:00-17:00"

[[member]]
name = "Ravi"
zone = "Asia/Kolkata"
hours = "09:00-17:00"
required = false
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    p = tmp_path / "two.toml"
    p.write_text(PLAN, encoding="utf-8")
    return p


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shape_and_values_in_a_us_eu_mismatch_week(capsys, plan_file):
    # 9-13 March 2026: New York is already on EDT, Berlin not yet on CEST.
    code, out, err = run(capsys, "windows", str(plan_file), "--from", "2026-03-09",
                         "--to", "2026-03-13", "--json", "--local")
    assert code == 0, err
    data = json.loads(out)
    ws = data["windows"]
    assert len(ws) == 5
    for w in ws:
        assert set(w) >= {"start", "end", "minutes", "available", "missing", "local"}
        assert w["start"].endswith("Z") and w["end"].endswith("Z")
        start = datetime.fromisoformat(w["start"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(w["end"].replace("Z", "+00:00"))
        assert (end - start) == timedelta(minutes=w["minutes"]) == timedelta(hours=3)
        # Berlin 14:00-17:00 local, checked with zoneinfo directly.
        berlin = start.astimezone(ZoneInfo("Europe/Berlin"))
        assert (berlin.hour, berlin.minute) == (14, 0)
        assert w["local"]["Lena"]["start"] == berlin.isoformat()
        assert w["local"]["Maya"]["start"].endswith("-04:00")
        assert w["available"] == ["Maya", "Lena"] and w["missing"] == ["Ravi"]


def test_local_times_only_with_local(capsys, plan_file):
    # DESIGN.md: a year of a 200-member team is otherwise 150 MB of JSON.
    args = ["windows", str(plan_file), "--from", "2026-03-09", "--to", "2026-03-13", "--json"]
    _, plain, _ = run(capsys, *args)
    _, local, _ = run(capsys, *args, "--local")
    windows, with_local = json.loads(plain)["windows"], json.loads(local)["windows"]
    assert windows and all("local" not in w for w in windows)
    assert [{k: v for k, v in w.items() if k != "local"} for w in with_local] == windows


def test_json_is_compact_in_a_pipe_and_indented_at_a_terminal(capsys, plan_file, monkeypatch):
    args = ["windows", str(plan_file), "--from", "2026-03-09", "--to", "2026-03-13", "--json"]
    _, piped, _ = run(capsys, *args)
    assert "\n" not in piped.rstrip("\n") and ", " not in piped
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    _, terminal, _ = run(capsys, *args)
    assert terminal.startswith('{\n  "windows": [\n    {\n      "start": ')
    assert json.loads(terminal) == json.loads(piped)


def test_instants_clip_the_range(capsys, plan_file):
    code, out, _ = run(capsys, "windows", str(plan_file), "--from", "2026-03-09T14:30Z",
                       "--to", "2026-03-09T15:00Z", "--json")
    assert code == 0
    [w] = json.loads(out)["windows"]
    assert (w["start"], w["end"], w["minutes"]) == ("2026-03-09T14:30:00Z",
                                                   "2026-03-09T15:00:00Z", 30)


def test_min_and_min_length(capsys, plan_file):
    code, out, _ = run(capsys, "windows", str(plan_file), "--from", "2026-06-01",
                       "--to", "2026-06-01", "--min", "3", "--json")
    assert code == 0 and json.loads(out)["windows"] == []
    code, out, _ = run(capsys, "windows", str(plan_file), "--from", "2026-06-01",
                       "--to", "2026-06-01", "--min", "2", "--min-length", "200", "--json")
    ws = json.loads(out)["windows"]
    assert ws and all(w["minutes"] >= 200 for w in ws)


def test_human_table_shows_local_times(capsys, plan_file):
    code, out, _ = run(capsys, "windows", str(plan_file), "--from", "2026-06-01",
                       "--to", "2026-06-01")
    assert code == 0
    assert "Mon 15:00–17:00" in out and "Mon 09:00–11:00" in out and "(out)" in out


def test_no_window_suggests_min(capsys):
    code, out, _ = run(capsys, "windows", str(DEMO_PLAN), "--from", "2026-03-09",
                       "--to", "2026-03-13")
    assert code == 0
    assert "No window" in out and "try --min" in out


@pytest.mark.parametrize("args, words", [
    (["--from", "2026-02-30", "--to", "2026-03-01"], "does not exist"),
    (["--from", "2026-03-09T10:00", "--to", "2026-03-10"], "no UTC offset"),
    (["--from", "2026-03-10", "--to", "2026-03-09"], "not after"),
    (["--from", "2026-03-09", "--to", "2026-03-10", "--min", "9"], "--min 9"),
])
def test_bad_input_exits_1_with_one_clear_message(capsys, plan_file, args, words):
    code, out, err = run(capsys, "windows", str(plan_file), *args)
    assert code == 1 and out == ""
    assert words in err and "Traceback" not in err


def test_broken_plan_names_file_line_and_fix(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(PLAN.replace('"Europe/Berlin"\nhours', '"Europe/Berln"\nhours'),
                   encoding="utf-8")
    code, _, err = run(capsys, "windows", str(bad), "--from", "2026-03-09", "--to", "2026-03-09")
    assert code == 1
    assert f"{bad}:12: member \"Lena\".zone: unknown zone" in err
    assert 'did you mean "Europe/Berlin"' in err


def test_usage_errors_exit_2(capsys, plan_file):
    with pytest.raises(SystemExit) as e:
        main(["windows", str(plan_file), "--from", "2026-03-09"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["windows", str(plan_file), "--from", "x", "--to", "y", "--min", "two"])
    assert e.value.code == 2


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.startswith("overlap ")


def test_console_script_runs_headless(tmp_path, plan_file):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "app", "windows", str(plan_file), "--from",
                          "2026-06-01", "--to", "2026-06-01", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["windows"]


def test_a_plan_file_alone_opens_the_window(monkeypatch, plan_file):
    import app.gui

    opened = []
    monkeypatch.setattr(app.gui, "run_window",
                        lambda path, **kw: opened.append(path) or 0)
    assert main([str(plan_file)]) == 0
    assert opened == [str(plan_file)]
