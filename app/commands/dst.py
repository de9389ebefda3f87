"""overlap dst: which clocks change soon, and which meetings that moves for whom.

Transitions and shifts come from :mod:`planner.clocks` (DESIGN.md, "Clock
changes"); the default range is today and the 27 days after it.
``--notify`` sends one plain heads-up per shifted occurrence to that meeting's
attendees with an address (``--eml DIR`` writes them instead, one
``<meeting>-<date>.eml`` each, and records nothing).  What ``--send`` sent is
recorded in the plan's ``[[sent_mail]]``, so running it again sends nothing
new; a failure stops at that message, names it on stderr and records it not.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from planner.clocks import BANNER_DAYS, Shift, clock_report, dst_json, dst_text
from planner.context import PlanContext
from planner.errors import InputError, Problem
from planner.i18n import N_, _
from planner.mail.messages import Notice, build_notice
from planner.mail.sent import SentRecord, notified, read_sent

from . import PlanCommand
from .common import UsageError, parse_date, print_json, refuse_demo
from .mailing import (
    Sender,
    check_mail_usage,
    clock,
    mail_sender,
    portfolio,
    record_sent,
    write_eml,
)
from .options import add_mail_options, add_plan_options

HELP = N_("list the clock changes ahead and the meetings they move for someone; --notify tells "
          "them")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    p.add_argument("--from", dest="start", metavar="DATE",
                   help=_("first date, in the plan's reference zone (default: today)"))
    p.add_argument("--to", dest="end", metavar="DATE",
                   help=_("last date, inclusive (default: {days} days after "
                          "--from)").format(days=BANNER_DAYS - 1))
    p.add_argument("--meeting", action="append", default=[], metavar="ID",
                   help=_("only shifts of this meeting (repeat for several); transitions are "
                          "always listed"))
    p.add_argument("--notify", action="store_true",
                   help=_("write (--eml DIR) or send (--send) one message per shifted occurrence "
                          "to that meeting's attendees"))
    add_mail_options(p, eml="DIR")


def check(args: argparse.Namespace) -> None:
    if args.notify:
        check_mail_usage(args)
    elif args.eml or args.send:
        raise UsageError(_("--eml and --send go with --notify"))
    else:
        from .builders import stamp_of

        stamp_of(args)
        if args.today is not None:
            parse_date(args.today, "--today")
    for value, option in ((args.start, "--from"), (args.end, "--to")):
        if value is not None:
            parse_date(value, option)


def _notices(args: argparse.Namespace, ctx: PlanContext, shifts: Sequence[Shift],
             stamp: datetime) -> list[dict[str, Any]]:
    sender = mail_sender(ctx)
    notices: list[Notice] = [build_notice(s, ctx.plan, stamp=stamp, sender=sender)
                             for s in shifts]
    out: list[dict[str, Any]] = []
    if args.eml:
        folder = Path(args.eml)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(Problem(_("cannot create the folder: "
                                       "{reason}").format(reason=e.strerror or e),
                                     path=str(folder))) from None
        for n in notices:
            write_eml(folder / n.file_name, n.message)
            out.append({"meeting": n.meeting, "date": n.date.isoformat(),
                        "to": list(n.recipients), "file": str(folder / n.file_name),
                        "sent": False})
            if not args.json:
                print(_("Wrote {path}: {subject}").format(path=folder / n.file_name,
                                                         subject=n.message["Subject"]))
        return out
    done = notified(read_sent(ctx.document))
    due = [n for n in notices if (n.meeting, n.date) not in done]
    for n in notices:
        if (n.meeting, n.date) in done:
            out.append({"meeting": n.meeting, "date": n.date.isoformat(),
                        "to": list(n.recipients), "file": None, "sent": False,
                        "already_sent": True})
    if not due:
        if not args.json:
            print(_("Every notice was sent before; nothing sent.") if notices
                  else _("No meeting moves for anyone: nothing to send."))
        return out
    refuse_demo(ctx, _("sending remembers what was sent in the plan"))
    mailer = Sender(ctx, args.timeout)
    records: list[SentRecord] = []
    try:
        for n in due:
            mailer.send(n.message)
            records.append(n.record(stamp))
            out.append({"meeting": n.meeting, "date": n.date.isoformat(),
                        "to": list(n.recipients), "file": None, "sent": True,
                        "already_sent": False})
            if not args.json:
                print(_("Sent {subject} to {recipients}").format(
                    subject=n.message['Subject'], recipients=', '.join(n.recipients)))
    except InputError:
        record_sent(ctx, records)  # what the server took before the failure, not the failed one
        raise
    record_sent(ctx, records)
    return out


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    stamp, today = clock(args, ctx)
    first = parse_date(args.start, "--from") if args.start else today
    last = parse_date(args.end, "--to") if args.end else first + timedelta(days=BANNER_DAYS - 1)
    planned = portfolio(ctx, today, required=False)
    report = clock_report(ctx.plan, planned, first, last, args.meeting or None)
    if not args.json:
        print(dst_text(report), end="")
    notices = _notices(args, ctx, report.shifts, stamp) if args.notify else None
    if args.json:
        doc = dst_json(report)
        if notices is not None:
            doc["notices"] = notices
        print_json(doc)
    return 0


COMMAND = PlanCommand("dst", HELP, 68, add_arguments, run, check=check)
