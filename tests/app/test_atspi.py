"""End to end: the window's accessibility tree read over AT-SPI, as Orca would read it.

The app runs in a subprocess on a private X server (Xvfb) with a private session
D-Bus and ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``; tests/atspi_probe.py reads the tree
with Debian's pyatspi (/usr/bin/python3) and presses a key with xdotool.  Expected
words come from zoneinfo here, not from the app.  Skipped, with the reason, where
one of those programs is missing (.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "tests" / "fixtures" / "plans" / "berlin-new-york-kolkata.toml"
PROBE = ROOT / "tests" / "atspi_probe.py"
SYSTEM_PYTHON = "/usr/bin/python3"
NOW = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # Tue 14:00 in Berlin, the grid's zone


def _missing() -> str | None:
    if not sys.platform.startswith("linux"):
        return "AT-SPI is the Linux accessibility bus"
    for program, package in (("Xvfb", "xvfb"), ("dbus-run-session", "dbus-daemon"),
                             ("xdotool", "xdotool")):
        if shutil.which(program) is None:
            return f"{program} is not installed (Debian package {package})"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "the AT-SPI bus is not installed (Debian package at-spi2-core)"
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (Debian package python3-pyatspi)"
    return None


MISSING = _missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))


def read_tree(display: str, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "DBUS_", "AT_SPI", "XDG_"))}
    env.update(DISPLAY=display, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_RUNTIME_DIR=str(home / "run"),
               QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    (home / "run").mkdir(mode=0o700)
    app = [sys.executable, "-m", "app", "open", str(PLAN), "--now", NOW.isoformat()]
    done = subprocess.run(["dbus-run-session", "--", SYSTEM_PYTHON, str(PROBE), "Payments",
                           "--", *app], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=240)
    lines = done.stdout.strip().splitlines()
    assert lines, f"the probe printed nothing; stderr:\n{done.stderr[-3000:]}"
    return json.loads(lines[-1])


def cell(t: datetime, zone: str, name: str, hours: tuple[int, int]) -> str:
    """A member's cell as a screen reader should hear it (weekday members, default night)."""
    ref = t.astimezone(ZoneInfo("Europe/Berlin"))
    local = t.astimezone(ZoneInfo(zone))
    minutes = local.hour * 60 + local.minute
    assert ref.date() == local.date() and local.weekday() < 5  # true of the times used
    comfort = "working hours" if hours[0] <= minutes < hours[1] else "shoulder"
    return f"{ref:%a %H:%M} Berlin — {name} {local:%H:%M} {comfort}"


def test_a_screen_reader_reads_the_grid_and_follows_the_cursor(xvfb, tmp_path):
    tree = read_tree(xvfb, tmp_path)
    assert "error" not in tree, tree
    assert tree["frame"].startswith("Payments (berlin-new-york-kolkata.toml)")
    assert tree["table"]["role"] == "table"
    assert tree["table"]["name"] == "Time grid"
    assert tree["table"]["description"].startswith(
        "Tue 10 Mar, Berlin time: 3 members, 96 slots of 15 minutes.")
    assert tree["table"]["children"] == 3
    assert tree["rows"] == [{"role": "table row", "name": n, "children": 96}
                            for n in ("Lena, Berlin", "Maya, New York", "Priya, Kolkata")]
    # Every control on screen has a name (what a screen reader says for it).
    assert tree["unnamed"] == []
    # The window without the keyboard focus has no focused cell; with it, the cursor
    # (at the clock's now, first member) is the focused cell.
    assert tree["focused_unfocused_window"] == []
    lena_now = cell(NOW, "Europe/Berlin", "Lena", (8 * 60, 18 * 60))
    assert tree["focused"] == [[0, 56, lena_now]]
    assert lena_now == "Tue 14:00 Berlin — Lena 14:00 working hours"
    # Right: the next quarter hour is announced (a focus event from the new cell).
    later = NOW + timedelta(minutes=15)
    lena_later = cell(later, "Europe/Berlin", "Lena", (8 * 60, 18 * 60))
    assert ["object:state-changed:focused", "table cell", lena_later] in \
        tree["events_after_right"]
    assert tree["focused_after_right"] == [[0, 57, lena_later]]
    # PageDown: the next day, read through the same table (its cells were reset)
    next_day = cell(later + timedelta(days=1), "Europe/Berlin", "Lena", (8 * 60, 18 * 60))
    assert next_day.startswith("Wed 14:15 Berlin")
    assert tree["focused_next_day"] == [[0, 57, next_day]]
    assert tree["app_running"]
