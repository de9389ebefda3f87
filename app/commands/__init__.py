"""One module per ``overlap`` subcommand, each declaring its ``COMMAND``.

A subcommand that works on a plan is a :class:`PlanCommand`: :mod:`app.cli`
checks its options (``check``, before the plan is read, so a usage error is
reported as one even when the plan has problems too), loads the plan and calls
``run(args, ctx)``.  ``open`` and ``check`` read no plan and are a
:class:`Command`.  Modules without ``COMMAND`` (``common``, ``options``,
``builders``) hold what the subcommands share; subcommands never import each
other.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the plan machinery loads with the command that reads a plan
    from planner.context import PlanContext

AddArguments = Callable[[argparse.ArgumentParser], None]


def _no_check(args: argparse.Namespace) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand that reads no plan."""

    name: str
    help: str
    order: int  # its place in ``overlap --help``
    add_arguments: AddArguments
    run: Callable[[argparse.Namespace], int]


@dataclass(frozen=True, slots=True)
class PlanCommand:
    """A subcommand on a plan: ``check`` the options, then ``run`` on the loaded plan."""

    name: str
    help: str
    order: int
    add_arguments: AddArguments
    run: Callable[[argparse.Namespace, PlanContext], int]
    check: Callable[[argparse.Namespace], object] = _no_check


def all_commands() -> list[Command | PlanCommand]:
    """Every subcommand, in the order ``overlap --help`` lists them."""
    found: list[Command | PlanCommand] = []
    for info in pkgutil.iter_modules(__path__):
        command = getattr(importlib.import_module(f"{__name__}.{info.name}"), "COMMAND", None)
        if isinstance(command, Command | PlanCommand):
            found.append(command)
    return sorted(found, key=lambda c: (c.order, c.name))


def named_command(name: str) -> Command | PlanCommand | None:
    """The command called ``name`` when its module is named after it (``-`` as ``_``),
    importing no other command; None otherwise (then ask :func:`all_commands`)."""
    module = name.replace("-", "_")
    if not module.isidentifier() or module.startswith("_"):
        return None
    try:
        found = importlib.util.find_spec(f"{__name__}.{module}")
    except (ImportError, ValueError):
        return None
    if found is None:
        return None
    command = getattr(importlib.import_module(f"{__name__}.{module}"), "COMMAND", None)
    if isinstance(command, Command | PlanCommand) and command.name == name:
        return command
    return None
