"""overlap export: saved meetings, a recurring check-in or a fair rotation as an .ics file.

``--meeting ID`` (repeatable) or ``--all`` export the plan's saved meetings as
``overlap meetings`` schedules them, all in one calendar.  Otherwise the
options are those of ``overlap series`` (a series) plus the slot options of
``overlap rotate`` (see :mod:`app.commands.options`).  ``--rotate`` or any
``--candidate`` exports a rotation (``--rotate`` alone lets Overlap propose the
slots, as ``overlap rotate`` does without ``--candidate``); otherwise a series,
which needs ``--time`` and ``--zone``.  The three never mix.

The file is written atomically; the plan remembers the exported UIDs and
SEQUENCE numbers in its ``[[exports]]`` entries (saved with a .bak beside it),
so exporting again updates the same events in every calendar; exporting
meetings also records the slots of past rotation occurrences, as
``overlap meetings`` does.  The bundled
demo plan is never written: its export works, but nothing is remembered, and no
file is created in its folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.context import PlanContext
from planner.errors import InputError, PlanFileError, Problem
from planner.i18n import N_, _
from planner.ics.export import Export, remember_exports
from planner.meetings import remember_meeting_record
from planner.planfile import atomic_write, save_plan

from . import PlanCommand
from .builders import (
    build_export,
    check_usage,
    meeting_mode,
    plan_meetings,
    stamp_of,
    today_of,
)
from .common import check_outside_demo, may_save_plan, print_json, print_notes
from .options import (
    add_calendar_options,
    add_file_options,
    add_meeting_options,
    add_plan_options,
)

HELP = N_("write saved meetings, a recurring check-in or a rotation as an .ics calendar file")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_meeting_options(p)
    add_calendar_options(p)
    add_file_options(p)


def check(args: argparse.Namespace) -> None:
    """Usage and --stamp, before the plan is read."""
    check_usage(args)
    stamp_of(args)


def _targets(out: Path, export: Export) -> list[tuple[Path, bytes]]:
    if len(export.resources) > 1:
        return [(out.with_name(f"{out.stem}-{i}{out.suffix or '.ics'}"), data)
                for i, (_, data) in enumerate(export.resources, start=1)]
    return [(out, export.data)]


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    stamp = stamp_of(args)
    portfolio = plan_meetings(ctx, today_of(args, ctx)) if meeting_mode(args) else None
    export = build_export(args, ctx, stamp, portfolio)
    targets = _targets(Path(args.out), export)
    check_outside_demo(ctx, [path for path, _ in targets], "--out")
    written = []
    for path, data in targets:
        try:
            atomic_write(path, data)
        except OSError as e:
            raise InputError(Problem(_("cannot write the calendar: "
                                       "{reason}").format(reason=e.strerror or e),
                                     path=str(path), suggestion=_("check that the folder exists "
                                                                  "and is writable"))) from None
        written.append(path)
    remembered = False
    changed = args.remember and remember_exports(ctx.document, export)
    if args.remember and portfolio is not None:
        changed = remember_meeting_record(ctx.document, portfolio, portfolio.today) or changed
    if changed and may_save_plan(ctx, _("the exported UIDs and SEQUENCE numbers are")):
        try:
            save_plan(ctx.document)
        except PlanFileError as e:
            problems = [Problem(_("the calendar was written, but the plan could not remember the "
                                  "export, so the next export will not raise SEQUENCE"),
                                path=str(ctx.document.path)), *e.problems]
            raise PlanFileError(problems) from None
        remembered = True
    print_notes(export.notes)
    if args.json:
        print_json({
            "files": [str(p) for p in written],
            "events": [{"uid": r.uid, "sequence": r.sequence, "what": r.what}
                       for r in export.records],
            "method": None if args.caldav else args.method.upper(),
            "plan_updated": remembered,
            "notes": list(export.notes),
        })
        return 0
    for path in written:
        print(_("Wrote {path}").format(path=path))
    for r in export.records:
        print(_("  {what}  UID {uid}  SEQUENCE "
                "{sequence}").format(what=r.what, uid=r.uid, sequence=r.sequence))
    if remembered:
        print(_("The plan remembers these UIDs ({path}); exporting again updates the same "
                "events.").format(path=ctx.document.path))
    return 0


COMMAND = PlanCommand("export", HELP, 60, add_arguments, run, check=check)
