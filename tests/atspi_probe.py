"""Read the window's accessibility tree over AT-SPI, as a screen reader does.

Run by tests/app/test_atspi.py with Debian's /usr/bin/python3 (pyatspi is a
system package, not in our virtual environment), inside a private session
D-Bus and an X server:

    /usr/bin/python3 tests/atspi_probe.py WINDOW_TITLE -- APP_COMMAND...

It starts the app, finds its "Time grid" table, gives the window the keyboard
focus, presses Right and then PageDown, and prints what it read as one JSON
object on stdout.
Nothing here decides pass or fail; the test does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

WAIT = 60.0  # seconds for the app to appear (a cold start in CI)
# Roles a user acts on: each needs a name for a screen reader to say.
INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box",
               "text", "spin button", "slider", "page tab", "table", "tree table", "list",
               "tree", "menu item"}


def find(acc, wanted, depth=0):
    if acc is None or depth > 40:
        return None
    if wanted(acc):
        return acc
    for i in range(acc.childCount):
        hit = find(acc.getChildAtIndex(i), wanted, depth + 1)
        if hit is not None:
            return hit
    return None


def walk(acc, depth=0):
    """Every showing accessible below ``acc`` except the grid's own cells."""
    if acc is None or depth > 40:
        return
    yield acc
    if acc.getRoleName() == "table" and acc.name == "Time grid":
        return
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None and child.getState().contains(pyatspi.STATE_SHOWING):
            yield from walk(child, depth + 1)


def focused_cells(table):
    return [[r, c, table.getChildAtIndex(r).getChildAtIndex(c).name]
            for r in range(table.childCount)
            for c in range(table.getChildAtIndex(r).childCount)
            if table.getChildAtIndex(r).getChildAtIndex(c).getState().contains(
                pyatspi.STATE_FOCUSED)]


def main() -> int:
    title, command = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    desktop = pyatspi.Registry.getDesktop(0)  # starts the accessibility bus first
    app = subprocess.Popen(command)
    out: dict[str, object] = {}
    try:
        table = frame = None
        deadline = time.monotonic() + WAIT
        while table is None and time.monotonic() < deadline and app.poll() is None:
            for i in range(desktop.childCount):
                candidate = desktop.getChildAtIndex(i)
                if candidate is not None and candidate.name == "Overlap":
                    frame = find(candidate, lambda a: a.getRoleName() == "frame")
                    table = find(candidate, lambda a: a.getRoleName() == "table" and
                                 a.name == "Time grid" and a.childCount > 0)
            time.sleep(0.3)
        if table is None:
            out["error"] = "no 'Time grid' table with rows appeared over AT-SPI"
            return 0
        out["frame"] = frame.name if frame is not None else None
        out["table"] = {"role": table.getRoleName(), "name": table.name,
                        "description": table.description, "children": table.childCount}
        out["rows"] = [{"role": r.getRoleName(), "name": r.name, "children": r.childCount}
                       for r in (table.getChildAtIndex(i) for i in range(table.childCount))]
        out["unnamed"] = sorted({f"{a.getRoleName()} in {a.parent.getRoleName()}"
                                 for a in walk(frame) if a.getRoleName() in INTERACTIVE
                                 and not a.name.strip()})
        out["focused_unfocused_window"] = focused_cells(table)
        window = subprocess.run(["xdotool", "search", "--name", title], capture_output=True,
                                text=True, check=True).stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
        deadline = time.monotonic() + 10
        while not (focused := focused_cells(table)) and time.monotonic() < deadline:
            time.sleep(0.2)
        out["focused"] = focused
        events: list[list[object]] = []

        def record(event) -> None:
            if event.detail1:
                events.append([event.type, event.source.getRoleName(), event.source.name])

        def press() -> bool:
            subprocess.run(["xdotool", "key", "--window", window, "Right"], check=True)
            return False

        def stop() -> bool:
            pyatspi.Registry.stop()
            return False

        pyatspi.Registry.registerEventListener(record, "object:state-changed:focused")
        GLib.timeout_add(300, press)
        GLib.timeout_add(3000, stop)
        pyatspi.Registry.start()
        out["events_after_right"] = events
        out["focused_after_right"] = focused_cells(table)
        # PageDown shows the next day: the table's cells are new, the cursor stays put.
        subprocess.run(["xdotool", "key", "--window", window, "Next"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(0.3)
            focused = focused_cells(table)
            if focused and focused != out["focused_after_right"]:
                break
        out["focused_next_day"] = focused_cells(table)
        out["app_running"] = app.poll() is None
    finally:
        app.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill()
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
