"""Files the user names are read only when they are regular files, and only up to a cap.

Regression: a FIFO named as a busy file, a holiday feed, a plan or the file
for ``overlap check`` blocked forever; ``/dev/zero`` (or a symlink to it) was
read until memory ran out; holiday feeds had no size cap at all.

Every call runs in a child process with a time limit and an address-space
limit, so a regression fails the test instead of hanging the suite or
exhausting the machine's memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.errors import InputError, PlanFileError
from planner.files import read_capped

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")

# Each loader reads PATH and prints the problems it raised (or "loaded") as JSON.
LOADERS = {
    "busy file": """
from planner.ics.busy_import import load_busy_file
load_busy_file(PATH)
""",
    "holiday feed": """
from planner.context import TeamHolidays
from planner.model import Plan, Site
TeamHolidays(Plan(name="p", reference_zone="UTC", members=(),
                  sites=(Site(id="ber", name="Berlin", holiday_feed=PATH),)), None)
""",
    "plan": """
from planner.planfile import load_plan
load_plan(PATH)
""",
    "check": """
from app.cli import main
raise SystemExit(main(["check", PATH]))
""",
}

_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
PATH = sys.argv[1]
from planner.errors import InputError
try:
{body}
except InputError as e:
    print(json.dumps([[p.reason, p.path, p.field] for p in e.problems]))
else:
    print(json.dumps("loaded"))
"""


def load_in_child(loader: str, path: Path, timeout: float = 20) -> tuple[object, str]:
    """What the loader printed (the problems as [reason, path, field] lists) and stderr."""
    body = "\n".join("    " + line for line in LOADERS[loader].strip().splitlines())
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD.format(body=body), str(path)],
                              capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path.name} as a {loader} did not return within {timeout} s")
    out = done.stdout.strip().splitlines()
    return (json.loads(out[-1]) if out else None), done.stderr


def refused(loader: str, path: Path) -> str:
    """The one problem the loader reported, as text; fails on a crash or a load."""
    got, err = load_in_child(loader, path)
    if loader == "check":  # the command prints the problem and exits 1
        assert got is None and "Traceback" not in err, err
        return err
    assert isinstance(got, list), (got, err)
    assert "Traceback" not in err, err
    (reason, where, _), = got
    assert where == str(path)
    return reason


@needs_fifo
@pytest.mark.parametrize("loader", LOADERS)
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, loader: str) -> None:
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(loader, fifo)


@needs_dev_zero
@pytest.mark.parametrize("loader", LOADERS)
def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path,
                                                             loader: str) -> None:
    link = tmp_path / "calendar.ics"
    link.symlink_to("/dev/zero")
    assert "not a regular file" in refused(loader, link)


@pytest.mark.parametrize("loader", LOADERS)
def test_a_file_over_the_cap_is_refused(tmp_path: Path, loader: str) -> None:
    big = tmp_path / "calendar.ics"
    with big.open("wb") as f:  # sparse: takes no room on disk
        f.truncate(64 * 1024 * 1024 + 1)
    assert "refused above" in refused(loader, big)


# --- the shared reader itself ----------------------------------------------------------------

def test_reads_regular_files_and_follows_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "real.ics"
    target.write_bytes(b"BEGIN:VCALENDAR\r\n")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    assert read_capped(link, 100) == b"BEGIN:VCALENDAR\r\n"
    assert read_capped(target, 17) == b"BEGIN:VCALENDAR\r\n"


def test_the_cap_is_exact_and_the_error_is_the_callers(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"x" * 18)
    with pytest.raises(PlanFileError) as e:
        read_capped(path, 17, error=PlanFileError, what="plans", field="plan",
                    suggestion="split it")
    (p,) = e.value.problems
    assert (p.path, p.field, p.suggestion) == (str(path), "plan", "split it")
    assert p.reason == "the file is 18 bytes; plans are refused above 17 bytes"


@pytest.mark.parametrize("make, words", [
    (lambda p: None, "file not found"),
    (lambda p: p.mkdir(), "is a folder"),
])
def test_missing_files_and_folders(tmp_path: Path, make, words: str) -> None:
    path = tmp_path / "x.ics"
    make(path)
    with pytest.raises(InputError, match=words):
        read_capped(path, 100)


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path: Path,
                                                              monkeypatch) -> None:
    # A file whose size says "small" (as /proc files do) is still read only to the cap.
    path = tmp_path / "growing.ics"
    path.write_bytes(b"y" * 50)
    real_fstat = os.fstat

    class Small:
        def __init__(self, st: os.stat_result):
            self.st_mode, self.st_size = st.st_mode, 0

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(InputError, match="over 20 bytes"):
        read_capped(path, 20)
