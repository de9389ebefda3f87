"""What the process-level benchmarks share: source trees, child processes, reports.

A figure is measured in a fresh interpreter (``python -m app …`` or a probe
script) so that import time, plan loading and output all count, and peak
memory is the child's own (``ru_maxrss`` from ``wait4``).  The same
measurement can run against another commit: :func:`tree` extracts it with
``git archive`` into a temporary folder, and the child runs there with the same
virtual environment (the folder comes first on ``sys.path``), which gives the
before/after table of ``python -m benchmarks --before REV``.

Each figure is compared with a floor measured in the same run: an interpreter
that does nothing (``python -c pass``), one that imports the command line
(``import app.cli``), a bare PySide6 window.  The machine is shared and noisy,
so every figure is the median of several runs, floors and figures alternating.
Peak memory is the child's ``ru_maxrss``, which Linux starts from the runner's
own at the fork (a few tens of MB: the runner keeps only the first 64 KB of any
output).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB = 1024


@dataclass(frozen=True)
class Tree:
    """A source tree to measure: this checkout, or a commit extracted beside it."""

    root: Path
    label: str


CURRENT = Tree(ROOT, "after")


@contextmanager
def tree(rev: str | None) -> Iterator[Tree]:
    """The tree of ``rev`` (None: this checkout), byte-compiled, removed afterwards."""
    if rev is None:
        _compile(ROOT)
        yield CURRENT
        return
    folder = Path(tempfile.mkdtemp(prefix="overlap-before-"))
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        _compile(folder)
        yield Tree(folder, f"before ({rev})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _compile(root: Path) -> None:
    """Write the .pyc files first: a start-up figure is about running, not compiling."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "planner", "widgets",
                    "resources"], cwd=root, env=child_env(), capture_output=True, check=False)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM="offscreen", **extra)
    return env


@dataclass
class Run:
    """One child process: wall time from spawn to exit, peak memory, its output."""

    seconds: float
    peak_mb: float
    stdout: str            # its first 64 KB
    returncode: int
    timed_out: bool = False
    marks: dict[str, float] = field(default_factory=dict)  # probe lines: name -> seconds
    output_bytes: int = 0


def python(args: Sequence[str], cwd: Path, *, timeout: float = 120.0,
        env: dict[str, str] | None = None) -> Run:
    """Run ``python ARGS`` in ``cwd``; lines ``mark NAME MONOTONIC`` become marks
    (seconds since the spawn).  A child still running after ``timeout`` is killed."""
    env = env or child_env()
    with tempfile.TemporaryFile("w+") as out:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=env, text=True,
                                stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.DEVNULL)
        # wait4 reaps the child with its own resource usage (peak memory included).
        result: list[tuple[int, int, object]] = []
        waiter = threading.Thread(target=lambda: result.append(os.wait4(proc.pid, 0)))
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            proc.kill()
            waiter.join()
        seconds = time.monotonic() - start
        _, status, usage = result[0]
        proc.returncode = os.waitstatus_to_exitcode(status)
        # Only the start of a long output is kept: the runner must stay small, since a
        # child's peak memory starts from its parent's at the fork (Linux keeps the
        # larger of the two when the child execs).
        size = out.seek(0, os.SEEK_END)
        out.seek(0)
        text = out.read(64 * KB)
    marks = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "mark":
            marks[parts[1]] = float(parts[2]) - start
    peak = getattr(usage, "ru_maxrss", 0) / KB
    return Run(seconds, peak, text, proc.returncode, timed_out, marks, size)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def alternate(runs: int, *measures: Callable[[], float]) -> list[list[float]]:
    """Call the measures in turn ``runs`` times (floors and figures see the same load)."""
    out: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for i, measure in enumerate(measures):
            out[i].append(measure())
    return out


def seconds_text(value: float | None) -> str:
    if value is None:
        return "—"
    if value != value:  # nan
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
