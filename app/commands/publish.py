"""overlap publish: put saved meetings, a check-in or a rotation on the team's CalDAV calendar.

``--meeting ID`` or ``--all`` publish the plan's saved meetings (recording the
past of rotations, as ``overlap meetings`` does); the series and rotation
options are those of ``overlap export`` (the same option builders, so the two
commands never drift apart).  The calendar comes from the
plan's ``[calendar]`` table and the password from the system keyring (see
docs/caldav.md).  Each event is one calendar object with the same UID as in
exported files; publishing again updates it, skips what did not change, and
stops without writing anything when someone changed an event on the server
(``--force`` replaces their version).  ``--dry-run`` reads the server and
tells what would happen.  The plan remembers each event's address and ETag
(saved with a .bak beside it), also after a run that stopped midway, so the
next run finishes the job.  The bundled demo plan cannot remember anything, so
publishing from it is refused.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from planner.caldav import (
    CalDavError,
    ObjectResult,
    PublishReport,
    publish_plan,
    read_calendar_config,
)
from planner.context import PlanContext
from planner.errors import InputError, PlanFileError, Problem
from planner.i18n import N_, _, ngettext
from planner.meetings import remember_meeting_record
from planner.planfile import save_plan

from . import PlanCommand
from .builders import (
    build_export,
    check_usage,
    meeting_mode,
    plan_meetings,
    stamp_of,
    today_of,
)
from .common import UsageError, print_json, print_notes, refuse_demo
from .options import (
    add_calendar_options,
    add_event_options,
    add_meeting_options,
    add_plan_options,
    add_server_options,
)

HELP = N_("publish saved meetings, a recurring check-in or a rotation to the team's CalDAV "
          "calendar")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_meeting_options(p)
    add_calendar_options(p)
    add_event_options(p.add_argument_group("event"))
    add_server_options(p)
    # export's file options that make no sense here: the server is the output, objects
    # stored on CalDAV never carry METHOD (RFC 4791 4.1), and remembering is what makes
    # updates work.
    p.set_defaults(caldav=True, method="publish", remember=True, out=None)


def check(args: argparse.Namespace) -> None:
    """Usage, --timeout and --stamp, before the plan is read."""
    check_usage(args)
    if not args.timeout > 0:
        raise UsageError(_("--timeout must be more than 0 seconds"))
    stamp_of(args)


def _line(n: int, total: int, r: ObjectResult) -> str:
    width = len(str(total))
    text = f"  [{n:>{width}}/{total}] {_(r.verb):<13} {r.what}"
    if r.sequence is not None and r.action in ("create", "update"):
        text += f"  (SEQUENCE {r.sequence})"
    if r.reason:
        text += f" — {r.reason}"
    return text


def _summary(report: PublishReport, plan_updated: bool, error: InputError | None = None
             ) -> dict[str, Any]:
    out: dict[str, Any] = {
        "calendar": report.calendar,
        "dry_run": report.dry_run,
        "complete": report.complete and error is None,
        "events": [{"uid": r.uid, "what": r.what, "sequence": r.sequence, "action": r.action,
                    "result": r.verb, "outcome": r.outcome, "href": r.href, "etag": r.etag,
                    "reason": r.reason or None} for r in report.results],
        "written": [r.uid for r in report.written],
        "not_written": [r.uid for r in report.not_written],
        "conflicts": [r.uid for r in report.conflicts],
        "plan_updated": plan_updated,
        "notes": list(report.notes),
    }
    if error is not None:
        out["error"] = [str(p) for p in error.problems]
    return out


def _save(ctx: PlanContext, written: bool) -> None:
    try:
        save_plan(ctx.document)
    except PlanFileError as e:
        what = (_("the calendar was updated, but the plan could not remember the events' "
                  "addresses and ETags; the next publish finds them on the server by UID")
                if written else _("the plan could not remember the published events"))
        raise PlanFileError([Problem(what, path=str(ctx.document.path)), *e.problems]) from None


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    stamp = stamp_of(args)
    refuse_demo(ctx, _("publishing remembers each event's address and ETag in the plan"),
                _(", then add a [calendar] table (see docs/caldav.md)"))
    config = read_calendar_config(ctx.document)
    if config is None:
        raise InputError(Problem(
            _("the plan names no calendar to publish to"), path=str(ctx.document.path),
            field="calendar", suggestion=_('add a [calendar] table with url = "https://…" (the '
                                           "calendar's CalDAV address) and user = \"…\"; see "
                                           "docs/caldav.md")))
    portfolio = plan_meetings(ctx, today_of(args, ctx)) if meeting_mode(args) else None
    export = build_export(args, ctx, stamp, portfolio)
    # Saved with what publishing remembers; a dry run changes nothing.
    recorded = portfolio is not None and not args.dry_run and \
        remember_meeting_record(ctx.document, portfolio, portfolio.today)
    if not args.json:
        n = len(export.records)
        head = (ngettext("Checking {count} event(s) on {url} …",
                         "Checking {count} event(s) on {url} …", n) if args.dry_run
                else ngettext("Publishing {count} event(s) on {url} …",
                              "Publishing {count} event(s) on {url} …", n))
        print(head.format(count=n, url=config.url), flush=True)

    def progress(n: int, total: int, result: ObjectResult) -> None:
        if not args.json:
            print(_line(n, total, result), flush=True)

    try:
        report = publish_plan(ctx.document, export, force=args.force, dry_run=args.dry_run,
                              environ=os.environ, timeout=args.timeout, progress=progress)
    except CalDavError as e:
        if e.plan_changed:
            _save(ctx, bool(e.report and e.report.written))
        if e.report is not None:
            if args.json:
                print_json(_summary(e.report, e.plan_changed, e))
            elif e.plan_changed:
                print(_("The plan remembers what was written "
                        "({path}).").format(path=ctx.document.path))
        raise
    saved = False
    if not report.dry_run and (report.changes_memory or recorded):
        _save(ctx, bool(report.written))
        saved = True
    print_notes(report.notes)
    if args.json:
        print_json(_summary(report, saved))
    else:
        if report.dry_run:
            for n, r in enumerate(report.results, start=1):
                print(_line(n, len(report.results), r))
        counts: dict[str, int] = {}
        for r in report.results:
            counts[r.verb] = counts.get(r.verb, 0) + 1
        done = ", ".join(f"{_(k)} {v}" for k, v in counts.items()) or _("nothing to do")
        print((_("Dry run, nothing written: {results}.") if report.dry_run
               else _("Done: {results}.")).format(results=done))
        if report.dry_run and report.conflicts:
            n = len(report.conflicts)
            print(ngettext("overlap: publishing would stop on {count} conflict(s) with the "
                           "server's events (see above) — look at them in your calendar app; "
                           "--force replaces the server's versions",
                           "overlap: publishing would stop on {count} conflict(s) with the "
                           "server's events (see above) — look at them in your calendar app; "
                           "--force replaces the server's versions", n).format(count=n),
                    file=sys.stderr)
        if saved:
            print(_("The plan remembers the published events ({path}); publishing again updates "
                    "them.").format(path=ctx.document.path))
    return 1 if report.dry_run and report.conflicts else 0


COMMAND = PlanCommand("publish", HELP, 65, add_arguments, run, check=check)
