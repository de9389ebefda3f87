"""The window's speed: start-up to the first painted window, and grid repaints.

* start-up: a fresh interpreter (offscreen Qt) imports the app, opens the demo
  plan and reports the first paint of the grid; measured from spawning the
  process to that report.  Target: under 1.5 s on a 2-core machine.
* repaint: one full repaint of the grid's viewport for a 50-member team with
  every row on screen, day and week view (median of many).  Target: 16 ms.
  Member rows are cached as pixmaps, so this is what moving the cursor,
  selecting or scrolling costs; "cold" is the first paint after the plan,
  range, size or style changed, when every row is drawn from scratch.
* data: computing the grid data for that team (once per plan or range change,
  never per paint).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TARGET = 1.5
REPAINT_TARGET_MS = 16.0

_CHILD = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from app.main_window import MainWindow
from resources import DEMO_PLAN
import os
app = QApplication(sys.argv[:1])
t_import = time.perf_counter()
import tempfile
scratch = tempfile.mkdtemp(prefix="overlap-bench-")  # never os.devnull: QSettings renames over it
w = MainWindow(settings=QSettings(scratch + "/settings.ini", QSettings.Format.IniFormat),
               recovery_dir=__import__("pathlib").Path(scratch) / "recovery")
w.documents.open_path(DEMO_PLAN)
t_open = time.perf_counter()

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, done)
        return False

def done():
    t = time.perf_counter()
    print(f"painted {t_import - t0:.4f} {t_open - t0:.4f} {t - t0:.4f}", flush=True)
    w.documents.set_modified(False)
    app.exit(0)

watch = Watch()
w.grid.viewport().installEventFilter(watch)
w.show()
app.exec()
"""


def _startup(runs: int = 3) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    walls, inner = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _CHILD], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = ""
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("painted"):
                break
        wall = time.perf_counter() - t0
        proc.wait(timeout=60)
        if not line.startswith("painted"):
            raise RuntimeError("the window never painted")
        walls.append(wall)
        inner.append([float(x) for x in line.split()[1:]])
    best = min(range(runs), key=lambda i: walls[i])
    return {"first_paint_s": round(statistics.median(walls), 3),
            "first_paint_best_s": round(walls[best], 3),
            "imports_s": round(inner[best][0], 3), "open_plan_s": round(inner[best][1], 3),
            "in_process_s": round(inner[best][2], 3)}


def _repaint(members: int = 50, repeats: int = 60) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.overlap import team
    from planner.calendar import TeamCalendar
    from widgets.fonts import bundled_font
    from widgets.grid import GridRange, TimeGrid
    from widgets.grid.data import compute_grid_data

    app = QApplication.instance() or QApplication(sys.argv[:1])
    plan = team(members)
    cal = TeamCalendar(plan)
    now = datetime(2026, 3, 9, 10, 20, tzinfo=UTC)
    out: dict = {"members": members}
    for label, days in (("day", 1), ("week", 7)):
        grid_range = GridRange(date(2026, 3, 9), days, "Europe/Berlin")
        t0 = time.perf_counter()
        compute_grid_data(plan, cal, grid_range)
        out[f"{label}_data_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        grid = TimeGrid(lambda: now)
        grid.setFont(bundled_font(12))
        grid.set_plan(plan, cal, grid_range)
        height = grid.geometry_model.content_height + 40
        grid.resize(1400 if days == 1 else 1400, height)
        grid.show()
        app.processEvents()
        vp = grid.viewport()
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            vp.repaint()
            times.append((time.perf_counter() - t0) * 1000)
        cold = []
        for _ in range(max(5, repeats // 6)):
            grid._rows.clear()   # as after a change of plan, range, size or style
            t0 = time.perf_counter()
            vp.repaint()
            cold.append((time.perf_counter() - t0) * 1000)
        out[f"{label}_cold_paint_ms"] = round(statistics.median(cold), 2)
        rows_visible = grid.geometry_model.visible_rows()
        assert rows_visible == (0, members), rows_visible
        out[f"{label}_repaint_ms"] = round(statistics.median(times), 2)
        out[f"{label}_repaint_p90_ms"] = round(sorted(times)[int(0.9 * len(times))], 2)
        grid.close()
        grid.deleteLater()
    app.processEvents()
    return out


def run(json: bool = False) -> dict:
    result = {"startup": _startup(), "repaint": _repaint(),
              "targets": {"first_paint_s": STARTUP_TARGET, "repaint_ms": REPAINT_TARGET_MS},
              "cpus": os.cpu_count()}
    if not json:
        s, r = result["startup"], result["repaint"]
        print(f"  first painted window: {s['first_paint_s']} s median of 3 "
              f"(best {s['first_paint_best_s']} s; imports {s['imports_s']} s, plan open "
              f"{s['open_plan_s']} s in-process) — target < {STARTUP_TARGET} s, "
              f"{os.cpu_count()} CPUs")
        for label in ("day", "week"):
            print(f"  {label} view, {r['members']} members, full repaint: "
                  f"{r[f'{label}_repaint_ms']} ms median, p90 {r[f'{label}_repaint_p90_ms']} ms"
                  f" (target < {REPAINT_TARGET_MS} ms); first paint after a change "
                  f"{r[f'{label}_cold_paint_ms']} ms; data computed once in "
                  f"{r[f'{label}_data_ms']} ms")
    return result


if __name__ == "__main__":
    import json as _json

    print(_json.dumps(run(json=True), indent=2))
