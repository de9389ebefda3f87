"""overlap export: a recurring check-in or a fair rotation as an .ics file.

The options are those of ``overlap series`` (a series) plus the slot options of
``overlap rotate``; they are taken from those commands' own ``add_arguments``
so that both stay the single definition.  ``--rotate`` or any ``--candidate``
exports a rotation (``--rotate`` alone lets Overlap propose the slots, as
``overlap rotate`` does without ``--candidate``); otherwise a series, which
needs ``--time`` and ``--zone``.

The file is written atomically; the plan remembers the exported UIDs and
SEQUENCE numbers in its ``[[exports]]`` entries (saved with a .bak beside it),
so exporting again updates the same events in every calendar.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planner.errors import InputError, PlanFileError, Problem
from planner.ics.export import (
    Export,
    ExportOptions,
    export_rotation,
    export_series,
    read_exports,
    remember_exports,
)
from planner.planfile import atomic_write, save_plan
from planner.series import Cadence, resolve_conflicts

from ..cli import UsageError
from . import rotate as rotate_cmd
from . import series as series_cmd
from ._common import add_plan_argument, load, parse_when, print_json

NAME = "export"
HELP = "write a recurring check-in or a rotation as an .ics calendar file"
ORDER = 60

# Options taken from the other commands: every series option, and the slot
# options of rotate (the shared ones, --start/--every/--count/--duration, are
# the series' definitions).
_SERIES_OPTIONS = ("start", "time", "zone", "every", "count", "until", "duration", "on_conflict")
_ROTATE_OPTIONS = ("candidate", "lock", "prior")


def _borrow(p: Any, add_arguments: Callable[[Any], None], dests: Iterable[str]) -> None:
    """Add another command's options (by dest) to ``p``, not required here."""
    donor = argparse.ArgumentParser(add_help=False)
    add_arguments(donor)
    wanted = set(dests)
    for action in donor._actions:
        if action.dest in wanted and action.option_strings:
            action.required = False
            p._add_action(action)


def add_arguments(p: Any) -> None:
    add_plan_argument(p)
    series = p.add_argument_group("series (as in overlap series)")
    _borrow(series, series_cmd.add_arguments, _SERIES_OPTIONS)
    rotation = p.add_argument_group("rotation (as in overlap rotate)")
    rotation.add_argument("--rotate", action="store_true",
                          help="export a fair rotation; implied by --candidate. Without "
                          "--candidate, 2–4 slots are proposed")
    _borrow(rotation, rotate_cmd.add_arguments, _ROTATE_OPTIONS)
    rotation.add_argument("--skip", action="append", default=[], type=int, metavar="INDEX",
                          help="leave occurrence INDEX (from 1) out of the rotation's calendar")
    out = p.add_argument_group("calendar file")
    out.add_argument("--out", required=True, metavar="FILE.ics", help="the file to write")
    out.add_argument("--method", choices=("publish", "request"), default="publish",
                     help="publish: a calendar to import (no attendees, default); request: an "
                     "e-mail invitation with every member who has an e-mail address")
    out.add_argument("--organizer", metavar='"Name <email>"',
                     help="the organizer (default: the plan's organizer); needed for request")
    out.add_argument("--caldav", action="store_true",
                     help="for a CalDAV server: no METHOD, one file per event (UID) when a "
                     "rotation has several")
    out.add_argument("--title", metavar="TEXT", help='the event title (default: "<plan name> '
                     'check-in")')
    out.add_argument("--stamp", metavar="WHEN",
                     help="DTSTAMP as an ISO instant, e.g. 2026-03-01T12:00Z (default: now)")
    out.add_argument("--no-remember", dest="remember", action="store_false",
                     help="do not record the export in the plan (SEQUENCE will not go up)")


def _rotation_mode(args: Any) -> bool:
    return bool(args.rotate or args.candidate)


def check_usage(args: Any) -> None:
    """Series and rotation options must not be mixed (exit 2 otherwise)."""
    if _rotation_mode(args):
        missing = [o for o, v in (("--start", args.start), ("--every", args.every)) if v is None]
        wrong = [o for o, v in (("--time", args.time), ("--zone", args.zone),
                                ("--until", args.until)) if v is not None]
        if wrong:
            raise UsageError(f"{', '.join(wrong)} belong to a series; a rotation's slots are "
                             'given with --candidate "HH:MM ZONE"')
        if args.on_conflict != "keep":
            raise UsageError("--on-conflict belongs to a series; leave rotation dates out "
                             "with --skip")
    else:
        missing = [o for o, v in (("--start", args.start), ("--time", args.time),
                                  ("--zone", args.zone), ("--every", args.every)) if v is None]
        wrong = [o for o, v in (("--lock", args.lock), ("--prior", args.prior),
                                ("--skip", args.skip)) if v]
        if wrong:
            raise UsageError(f"{', '.join(wrong)} belong to a rotation; add --rotate or "
                             "--candidate")
    if missing:
        kind = "a rotation" if _rotation_mode(args) else "a series"
        raise UsageError(f"exporting {kind} needs {', '.join(missing)}")
    if args.count is not None and args.until is not None:
        raise UsageError("give --count or --until, not both")


def stamp_of(args: Any) -> datetime:
    """DTSTAMP: --stamp, or now (the app layer may read the clock)."""
    if args.stamp is None:
        return datetime.now(UTC).replace(microsecond=0)
    if "T" not in args.stamp:
        raise InputError(Problem(f'"{args.stamp}" is not an instant', field="--stamp",
                                 suggestion="write e.g. 2026-03-01T12:00Z"))
    return parse_when(args.stamp, "--stamp", "UTC")


def build_export(args: Any, ctx: Any, stamp: datetime) -> Export:
    """The series or rotation the options describe, as an export."""
    plan, cal = ctx.plan, ctx.calendar
    memory = read_exports(ctx.document)
    options = ExportOptions(method=args.method, organizer=args.organizer, caldav=args.caldav,
                            locale=args.locale or "en", title=args.title)
    if not _rotation_mode(args):
        series = series_cmd.build_series(args)
        try:
            series = resolve_conflicts(series, plan, cal, args.on_conflict)
            return export_series(plan, cal, series, stamp=stamp, memory=memory, options=options)
        except InputError as e:
            raise series_cmd.as_options(e) from None
    count = args.count if args.count is not None else Cadence(args.every).default_count
    rotation = rotate_cmd.build_rotation(args, ctx, count=count)
    try:
        return export_rotation(plan, cal, rotation, stamp=stamp, memory=memory,
                               options=options, skip=args.skip)
    except InputError as e:
        raise series_cmd.as_options(e) from None


def _targets(out: Path, export: Export) -> list[tuple[Path, bytes]]:
    if len(export.resources) > 1:
        return [(out.with_name(f"{out.stem}-{i}{out.suffix or '.ics'}"), data)
                for i, (_, data) in enumerate(export.resources, start=1)]
    return [(out, export.data)]


def run(args: Any) -> int:
    check_usage(args)
    stamp = stamp_of(args)
    ctx = load(args)
    export = build_export(args, ctx, stamp)
    out = Path(args.out)
    written = []
    for path, data in _targets(out, export):
        try:
            atomic_write(path, data)
        except OSError as e:
            raise InputError(Problem(f"cannot write the calendar: {e.strerror or e}",
                                     path=str(path), suggestion="check that the folder exists "
                                     "and is writable")) from None
        written.append(path)
    remembered = False
    if args.remember and remember_exports(ctx.document, export):
        try:
            save_plan(ctx.document)
        except PlanFileError as e:
            problems = [Problem("the calendar was written, but the plan could not remember the "
                                "export, so the next export will not raise SEQUENCE",
                                path=str(ctx.document.path)), *e.problems]
            raise PlanFileError(problems) from None
        remembered = True
    for note in export.notes:
        print(f"overlap: note: {note}", file=sys.stderr)
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
        print(f"Wrote {path}")
    for r in export.records:
        print(f"  {r.what}  UID {r.uid}  SEQUENCE {r.sequence}")
    if remembered:
        print(f"The plan remembers these UIDs ({ctx.document.path}); exporting again updates "
              "the same events.")
    return 0
