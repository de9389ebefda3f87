"""The layer rule: app -> widgets -> planner, never the other way; planner never loads Qt."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import planner

ROOT = Path(__file__).resolve().parents[1]


def test_importing_every_planner_module_loads_no_qt():
    names = [f"planner.{m.name}" for m in pkgutil.iter_modules(planner.__path__)]
    code = ("import importlib, sys\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'widgets', 'app'))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
    assert len(names) >= 5


def _imports(folder: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((str(path), a.name.split(".")[0]) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path), node.module.split(".")[0]))
    return found


def test_planner_imports_neither_qt_nor_upper_layers():
    bad = {(p, m) for p, m in _imports("planner")
           if m in ("PySide6", "shiboken6", "widgets", "app")}
    assert bad == set()


def test_widgets_never_import_app():
    assert {(p, m) for p, m in _imports("widgets") if m == "app"} == set()
