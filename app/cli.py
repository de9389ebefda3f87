"""The ``overlap`` command: the window, or headless subcommands with JSON output.

Every subcommand lives in a module of :mod:`app.commands` that defines
``NAME``, ``HELP``, ``ORDER``, ``add_arguments(parser)`` and ``run(args) -> int``.
Exit status: 0 success, 1 a problem in the user's input (one clear message on
stderr, no traceback), 2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from planner.errors import InputError

from . import __version__

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage found after argparse (exit 2)."""


def _commands() -> list[ModuleType]:
    from . import commands

    mods = [importlib.import_module(f"{commands.__name__}.{info.name}")
            for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_")]
    return sorted((m for m in mods if hasattr(m, "NAME")), key=lambda m: (m.ORDER, m.NAME))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="overlap", description="Plan fair, DST-proof check-ins for "
                     "distributed teams. Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"overlap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    names = {mod.NAME for mod in _commands()}
    if not args_list:
        args_list = ["open"]
    elif args_list[0] not in names and not args_list[0].startswith("-") \
            and args_list[0].lower().endswith(".toml"):
        # `overlap team.toml`, as a file manager or desktop launcher runs it.
        args_list = ["open", *args_list]
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args._run(args) or 0)
    except InputError as e:
        for problem in e.problems:
            print(f"overlap: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except UsageError as e:
        print(f"overlap {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def gui_main() -> int:
    """Entry point for desktop launchers: always the window."""
    return main(["open", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
