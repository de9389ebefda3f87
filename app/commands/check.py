"""overlap check: the interop problems of any .ics file, with line and fix.

Exit status: 0 when there are no errors (warnings are printed but pass, so a
file that every client reads the same way is not failed for style), 1 when
there is at least one error or the file cannot be read, 2 for usage errors.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.i18n import N_, _, ngettext
from planner.ics.lint import lint_ics, read_ics
from planner.mail.lint import is_eml, lint_eml

from . import Command
from .common import print_json
from .options import add_json_option

HELP = (N_("check an .ics file (or an .eml invitation) for what makes calendar clients disagree "
           "(line and fix)"))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE.ics", help=_("any iCalendar file, ours or another "
                                                      "tool's, or an e-mail invitation (.eml)"))
    add_json_option(p)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    data = read_ics(path)
    findings = (lint_eml if is_eml(str(path), data) else lint_ics)(data, str(path))
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if args.json:
        print_json({
            "file": str(path),
            "findings": [{"line": f.line, "code": f.code, "severity": f.severity,
                          "message": f.message, "fix": f.fix} for f in findings],
            "errors": errors, "warnings": warnings,
        })
    else:
        for f in findings:
            print(str(f))
        if not findings:
            print(_("{path}: no interop problems found").format(path=path))
        else:
            # English keeps "(s)" whatever the count, as it always read.
            print(_("{path}: {errors}, {warnings}").format(
                path=path,
                errors=ngettext("{count} error(s)", "{count} error(s)",
                                errors).format(count=errors),
                warnings=ngettext("{count} warning(s)", "{count} warning(s)",
                                  warnings).format(count=warnings)))
    return 1 if errors else 0


COMMAND = Command("check", HELP, 70, add_arguments, run)
