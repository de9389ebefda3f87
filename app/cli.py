"""The ``overlap`` command: the window, or headless subcommands with JSON output.

Every subcommand is a module of :mod:`app.commands` declaring its ``COMMAND``.
Exit status: 0 success, 1 a problem in the user's input (one clear message on
stderr, no traceback), 2 a usage error; :func:`main` is the one place that
turns errors into them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from planner.errors import InputError
from planner.i18n import _

from . import version
from .commands import Command, PlanCommand, all_commands, named_command
from .commands.common import UsageError, load
from .language import environment_languages, locale_option, use_languages

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(_("{program}: error: {message}").format(program=self.prog, message=message),
              file=sys.stderr)
        sys.exit(EXIT_USAGE)


class _Version(argparse.Action):
    """--version, reading the version only when asked (see :func:`app.version`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"overlap {version()}")
        parser.exit()


def build_parser(commands: Sequence[Command | PlanCommand]) -> argparse.ArgumentParser:
    parser = _Parser(prog="overlap", description=_("Plan fair, DST-proof check-ins for "
                                                   "distributed teams. Without a command, "
                                                   "opens the window."))
    parser.add_argument("--version", action=_Version, nargs=0,
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in commands:
        command.add_arguments(sub.add_parser(command.name, help=_(command.help),
                                             description=_(command.help)))
    return parser


def _commands_for(word: str) -> list[Command | PlanCommand]:
    """The command ``word`` names, alone, or every command (help, a typo, an option).

    Running one command imports its own module, not every command's: the window
    and a quick query do not pay for the iCalendar, CalDAV and e-mail machinery of
    the others.  Its parser is the same as in the full set, so usage and errors
    read the same.
    """
    command = named_command(word)
    return [command] if command is not None else all_commands()


def _run(command: Command | PlanCommand, args: argparse.Namespace) -> int:
    if isinstance(command, Command):
        return command.run(args)
    command.check(args)
    return command.run(args, load(args))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        args_list = ["open"]
    # Messages and help in the user's language (the window picks its own, from the
    # settings first). --json output never changes with the language (DESIGN.md,
    # "Languages"): its findings and reasons carry text, so --json runs in English.
    option = locale_option(args_list)
    if "--json" in args_list:
        use_languages([])
    else:
        use_languages([option] if option else environment_languages(os.environ))
    commands = {c.name: c for c in _commands_for(args_list[0])}
    if args_list[0] not in commands and not args_list[0].startswith("-") \
            and args_list[0].lower().endswith(".toml"):
        # `overlap team.toml`, as a file manager or desktop launcher runs it.
        args_list = ["open", *args_list]
        commands = {c.name: c for c in _commands_for("open")}
    parser = build_parser(list(commands.values()))
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return _run(commands[args.command], args)
    except InputError as e:
        for problem in e.problems:
            print(_("overlap: {problem}").format(problem=problem), file=sys.stderr)
        return EXIT_INPUT
    except UsageError as e:
        print(_("overlap {command}: error: {message}").format(command=args.command, message=e),
              file=sys.stderr)
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
