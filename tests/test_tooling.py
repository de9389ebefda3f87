"""The linters STYLE.md asks for run as part of the suite: ruff everywhere (naive-datetime
rules in planner/), mypy --strict on planner/, widgets/ and app/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent))
    assert exe, f"{name} is a dev dependency; run `uv sync`"
    return exe


def test_ruff_is_clean():
    out = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "."],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_the_core():
    out = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
