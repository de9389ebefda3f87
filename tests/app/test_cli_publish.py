"""`overlap publish` against Radicale on 127.0.0.1: output, exit codes, what the plan keeps.

The server, the in-memory keyring and the read-back helpers are those of
tests/planner/test_caldav_radicale.py (one Radicale per module here too).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import icalendar
import pytest

from app.cli import main
from planner.caldav import PASSWORD_ENV
from tests.builders import plan_text
from tests.caldav_server import LENA_PASSWORD, MemoryKeyring, Radicale, fail_on_put

pytestmark = pytest.mark.usefixtures("memory_keyring")

PLAN = ("# Team plan: comments survive publishing.\n" + plan_text("berlin-new-york")
        + '\n[calendar]\nurl = "{url}"   # the team calendar\n{user}\n')

SERIES = ["--start", "2026-03-03", "--time", "09:00", "--zone", "America/New_York",
          "--every", "week", "--count", "6", "--duration", "45", "--stamp", "2026-02-20T12:00Z"]
ROTATION = ["--start", "2026-03-02", "--every", "week", "--count", "6", "--duration", "30",
            "--candidate", "09:00 Europe/Berlin", "--candidate", "15:00 Europe/Berlin",
            "--candidate", "08:00 America/New_York",
            "--lock", "1=A", "--lock", "2=B", "--lock", "3=C", "--lock", "4=A", "--lock", "5=B",
            "--lock", "6=C", "--stamp", "2026-02-20T12:00Z"]





def write_plan(folder: Path, url: str, user: str | None = None) -> Path:
    path = folder / "team.toml"
    path.write_text(PLAN.format(url=url, user=f'user = "{user}"' if user else ""),
                    encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["publish", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def stored(server: Radicale, url: str, user: str | None = None) -> list[icalendar.Calendar]:
    return [icalendar.Calendar.from_ical(d) for d in server.objects(url, user).values()]


def test_publish_writes_one_object_per_uid_and_the_plan_remembers(
        radicale: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = radicale.make_calendar()
    plan = write_plan(tmp_path, url)
    code, out, err = run(capsys, str(plan), *SERIES, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"calendar", "dry_run", "complete", "events", "written", "not_written",
                         "conflicts", "plan_updated", "notes"}
    assert data["calendar"] == url and data["complete"] and data["plan_updated"]
    (event,) = data["events"]
    assert (event["action"], event["result"], event["sequence"]) == ("create", "created", 0)
    assert data["written"] == [event["uid"]] and data["not_written"] == []
    (cal,) = stored(radicale, url)
    assert "METHOD" not in cal
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [event["uid"]]
    text = plan.read_text(encoding="utf-8")
    assert "# Team plan: comments survive publishing." in text and "# the team calendar" in text
    assert f'caldav_href = "{event["href"]}"' in text and "caldav_etag" in text
    assert (tmp_path / "team.toml.bak").exists()


def test_publishing_again_changes_nothing_and_shows_progress(
        radicale: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = radicale.make_calendar()
    plan = write_plan(tmp_path, url)
    code, out, err = run(capsys, str(plan), *ROTATION)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Publishing 3 event(s) on {url} …"
    assert [line.split()[0] for line in lines[1:4]] == ["[1/3]", "[2/3]", "[3/3]"]
    assert all("created" in line and "(SEQUENCE 0)" in line for line in lines[1:4])
    assert "Done: created 3." in out and "The plan remembers" in out
    after_first = plan.read_bytes()
    code, out, err = run(capsys, str(plan), *ROTATION)
    assert code == 0, err
    assert "Done: unchanged 3." in out and "The plan remembers" not in out
    assert plan.read_bytes() == after_first
    assert len(stored(radicale, url)) == 3
    # A change updates the same three objects, SEQUENCE 1.
    code, out, err = run(capsys, str(plan), *ROTATION[:-2], "--duration", "50",
                         "--stamp", "2026-02-21T12:00Z")
    assert code == 0, err
    assert "Done: updated 3." in out and out.count("(SEQUENCE 1)") == 3
    assert sorted(int(e["SEQUENCE"]) for c in stored(radicale, url) for e in c.walk("VEVENT")) \
        == [1, 1, 1]


def test_a_dry_run_changes_nothing(radicale: Radicale, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    url = radicale.make_calendar()
    plan = write_plan(tmp_path, url)
    before = plan.read_bytes()
    code, out, err = run(capsys, str(plan), *SERIES, "--dry-run")
    assert code == 0, err
    assert out.startswith(f"Checking 1 event(s) on {url}")
    assert "would create" in out and "Dry run, nothing written: would create 1." in out
    assert plan.read_bytes() == before and radicale.objects(url) == {}
    code, out, _ = run(capsys, str(plan), *SERIES, "--dry-run", "--json")
    assert code == 0 and json.loads(out)["events"][0]["result"] == "would create"


def test_a_server_side_change_stops_publishing_until_forced(
        radicale: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = radicale.make_calendar()
    plan = write_plan(tmp_path, url)
    assert run(capsys, str(plan), *SERIES)[0] == 0
    ((href, data),) = radicale.objects(url).items()
    assert radicale.put(href, data.replace("SUMMARY:", "SUMMARY:Edited ")) == 204
    before = plan.read_bytes()
    changed = [*SERIES[:-4], "--duration", "60"]
    code, out, err = run(capsys, str(plan), *changed)
    assert code == 1
    assert "changed on the server since it was published" in err and "--force" in err
    assert "nothing was published" in err and "Traceback" not in err
    assert plan.read_bytes() == before
    assert "SUMMARY:Edited" in next(iter(radicale.objects(url).values()))
    code, out, err = run(capsys, str(plan), *changed, "--dry-run")
    assert code == 1 and "conflict" in out and "publishing would stop" in err
    code, out, err = run(capsys, str(plan), *changed, "--force", "--json")
    assert code == 0, err
    (event,) = json.loads(out)["events"]
    assert event["result"] == "updated" and "replaced (--force)" in event["reason"]
    assert "SUMMARY:Edited" not in next(iter(radicale.objects(url).values()))


def test_a_run_stopped_midway_is_saved_and_finished_next_time(
        radicale: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = radicale.make_calendar()
    plan = write_plan(tmp_path, url)
    fail_on_put(monkeypatch, 3)
    code, out, err = run(capsys, str(plan), *ROTATION, "--json")
    assert code == 1
    data = json.loads(out)
    assert len(data["written"]) == 2 and len(data["not_written"]) == 1
    assert not data["complete"] and data["plan_updated"] and data["error"]
    assert [e["outcome"] for e in data["events"]] == ["done", "done", "failed"]
    assert "publishing stopped" in err and "publish again" in err
    text = plan.read_text(encoding="utf-8")
    assert text.count("caldav_href") == 2
    assert len(radicale.objects(url)) == 2
    monkeypatch.undo()
    code, out, err = run(capsys, str(plan), *ROTATION)
    assert code == 0, err
    assert "Done: unchanged 2, created 1." in out
    assert len(radicale.objects(url)) == 3


def test_a_wrong_password_is_one_clear_message(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        memory_keyring: MemoryKeyring) -> None:
    url = radicale_auth.make_calendar("lena")
    plan = write_plan(tmp_path, url, user="lena")
    before = plan.read_bytes()
    code, out, err = run(capsys, str(plan), *SERIES)
    assert code == 1
    assert f'no password for "lena@{url}"' in err and "keyring set overlap" in err
    memory_keyring.set_password("overlap", f"lena@{url}", "not it")
    code, out, err = run(capsys, str(plan), *SERIES)
    assert code == 1
    assert err.startswith(f"overlap: {url}: the server refused the password")
    assert "Traceback" not in err and plan.read_bytes() == before
    memory_keyring.set_password("overlap", f"lena@{url}", LENA_PASSWORD)
    code, out, err = run(capsys, str(plan), *SERIES)
    assert code == 0, err
    assert LENA_PASSWORD not in plan.read_text(encoding="utf-8")


def test_the_environment_variable_stands_in_for_a_keyring(
        radicale_auth: Radicale, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = radicale_auth.make_calendar("lena")
    plan = write_plan(tmp_path, url, user="lena")
    monkeypatch.setenv(PASSWORD_ENV, LENA_PASSWORD)
    code, out, err = run(capsys, str(plan), *SERIES)
    assert code == 0, err
    assert len(radicale_auth.objects(url, user="lena")) == 1


def test_unreachable_server_and_missing_calendar(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    plan = write_plan(tmp_path, f"http://127.0.0.1:{port}/lena/checkins/")
    before = plan.read_bytes()
    code, out, err = run(capsys, str(plan), *SERIES, "--timeout", "2")
    assert code == 1
    assert "cannot reach the server while opening the calendar" in err
    assert plan.read_bytes() == before and "Traceback" not in err
    bare = tmp_path / "bare.toml"
    bare.write_text(PLAN.split("[calendar]")[0], encoding="utf-8")
    code, out, err = run(capsys, str(bare), *SERIES)
    assert code == 1 and "the plan names no calendar" in err and "[calendar]" in err


@pytest.mark.parametrize("argv, message", [
    (["--rotate", "--time", "09:00", "--start", "2026-03-02", "--every", "week"],
     "belong to a series"),
    (["--start", "2026-03-03", "--every", "week"], "needs --time, --zone"),
    ([*SERIES, "--timeout", "0"], "--timeout must be more than 0"),
])
def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                      message: str) -> None:
    plan = write_plan(tmp_path, "http://127.0.0.1:9/cal/")
    code, _, err = run(capsys, str(plan), *argv)
    assert code == 2 and message in err


def test_export_only_options_are_not_offered(capsys: pytest.CaptureFixture[str]) -> None:
    for option in ("--out", "--method", "--caldav", "--no-remember"):
        with pytest.raises(SystemExit) as caught:
            main(["publish", "plan.toml", option, "x"])
        assert caught.value.code == 2
        assert "unrecognized arguments" in capsys.readouterr().err

