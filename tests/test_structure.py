"""Rules for every layer (planner, widgets, app) that a reviewer would otherwise check by hand."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("planner", "widgets", "app")
MAX_LINES = 700


def _modules(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_no_private_names_are_imported_across_modules(layer: str):
    found = []
    for path in _modules(layer):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            # ``_`` from planner.i18n is gettext's conventional name, not a private one.
            private = [a.name for a in node.names
                       if a.name.startswith("_") and not a.name.startswith("__")
                       and not (a.name == "_" and node.module == "planner.i18n")]
            modules = [m for m in (node.module or "").split(".")
                       if m.startswith("_") and not m.startswith("__")]
            if private or modules:
                found.append(f"{path.relative_to(ROOT)}: {ast.unparse(node)}")
    assert found == []


@pytest.mark.parametrize("layer", LAYERS)
def test_no_module_is_over_700_lines(layer: str):
    long = {str(p.relative_to(ROOT)): n for p in _modules(layer)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_test_module_imports_another():
    """Shared test code lives in helper modules (tests/builders.py, oracles.py, golden.py,
    mail_builders.py, …), so running or reading one test file never pulls in another."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                       [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {m}"
                          for m in modules if m.startswith("tests.")
                          and m.rsplit(".", 1)[-1].startswith("test_")]
    assert not offenders, "\n".join(offenders)
