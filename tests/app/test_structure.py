"""How app/ is put together: rules a reviewer would otherwise have to check by hand."""

from __future__ import annotations

import ast
from pathlib import Path

from app.commands import Command, PlanCommand, all_commands

APP = Path(__file__).resolve().parents[2] / "app"
COMMANDS = APP / "commands"


def _imports_from(path: Path) -> list[ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]


def test_every_command_module_declares_one_command_and_the_names_are_unique():
    commands = all_commands()
    names = [c.name for c in commands]
    assert len(names) == len(set(names))
    assert {"open", "windows", "series", "rotate", "holidays", "deadline", "meetings", "share",
            "export", "publish", "check"} <= set(names)
    without_plan = {c.name for c in commands if isinstance(c, Command)}
    assert without_plan == {"open", "check"}
    assert all(isinstance(c, PlanCommand) for c in commands if c.name not in without_plan)


def _command_modules_imported(node: ast.ImportFrom) -> set[str]:
    """The app.commands submodules an import names: from .x / from . import x /
    from app.commands.x."""
    module = node.module or ""
    if node.level == 1:
        return {module.split(".")[0]} if module else {a.name for a in node.names}
    if module.startswith("app.commands."):
        return {module.split(".")[2]}
    return set()


def test_commands_never_import_each_other():
    commands = {c.run.__module__.rsplit(".", 1)[-1] for c in all_commands()}
    for name in commands:
        for node in _imports_from(COMMANDS / f"{name}.py"):
            assert not _command_modules_imported(node) & (commands - {name}), \
                f"{name}.py imports from another command: {ast.unparse(node)}"
