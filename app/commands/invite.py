"""overlap invite: e-mail a saved meeting's invitation, its update or its cancellation.

``--eml FILE.eml`` writes the message (to look at, or to send by hand) and
records nothing; ``--send`` sends it through the plan's ``[mail]`` server and
records what was sent in the plan (``[[sent_mail]]``), so the next run knows
an update from a first invitation and sends nothing when nothing changed.
The message follows RFC 6047 (iMIP) with an RFC 5546 REQUEST or CANCEL
calendar; see :mod:`planner.mail.messages`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from planner.context import PlanContext
from planner.i18n import N_, _
from planner.ics.export import read_exports
from planner.mail.messages import Invitation, build_cancellation, build_invitation
from planner.mail.sent import read_sent

from . import PlanCommand
from .common import UsageError, parse_date, print_json, print_notes, refuse_demo
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

HELP = N_("e-mail a saved meeting's invitation (or its update or cancellation) to its attendees")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    p.add_argument("--meeting", required=True, metavar="ID", help=_("the [[meeting]] id"))
    p.add_argument("--cancel", action="store_true",
                   help=_("cancel the meeting (every occurrence), or with --date one occurrence"))
    p.add_argument("--date", metavar="DATE",
                   help=_("with --cancel: the occurrence to cancel (a moved one by its new date)"))
    add_mail_options(p)


def check(args: argparse.Namespace) -> None:
    check_mail_usage(args)
    if args.date is not None:
        if not args.cancel:
            raise UsageError(_("--date names the occurrence to cancel: give --cancel too"))
        parse_date(args.date, "--date")


def _summary(inv: Invitation, *, sent: bool, file: str | None) -> dict[str, Any]:
    return {
        "meeting": inv.meeting, "method": "CANCEL" if inv.kind.value == "cancel" else "REQUEST",
        "occurrence": inv.occurrence.isoformat() if inv.occurrence else None,
        "subject": str(inv.message["Subject"]), "to": list(inv.recipients),
        "events": [{"uid": e.uid, "sequence": e.sequence} for e in inv.events],
        "first": inv.first, "unchanged": inv.unchanged, "sent": sent, "file": file,
        "notes": list(inv.notes),
    }


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    stamp, today = clock(args, ctx)
    if args.send:
        refuse_demo(ctx, _("sending remembers what was sent in the plan"))
    planned = portfolio(ctx, today)
    sent = read_sent(ctx.document)
    common: dict[str, Any] = {"stamp": stamp, "sent": sent, "locale": args.locale or "en",
                              "exported": read_exports(ctx.document)}
    mailer = Sender(ctx, args.timeout) if args.send else None
    sender = mail_sender(ctx)
    if args.cancel:
        inv = build_cancellation(ctx.plan, ctx.calendar, planned, args.meeting, sender=sender,
                                 occurrence=parse_date(args.date, "--date") if args.date
                                 else None, **common)
    else:
        inv = build_invitation(ctx.plan, ctx.calendar, planned, args.meeting, sender=sender,
                               **common)
    if args.eml:
        print_notes(inv.notes)
        write_eml(Path(args.eml), inv.message)
        if args.json:
            print_json(_summary(inv, sent=False, file=args.eml))
        else:
            print(_("Wrote {path}: {subject} → {recipients}").format(
                path=args.eml, subject=inv.message["Subject"],
                recipients=", ".join(inv.recipients)))
            if inv.unchanged:
                print(_("Nothing changed since it was last sent; --send would send nothing."))
        return 0
    if inv.unchanged:
        if args.json:
            print_json(_summary(inv, sent=False, file=None))
        else:
            text = (_('Nothing changed since "{meeting}" was last cancelled (SEQUENCE '
                      '{sequence}); nothing sent.') if args.cancel else
                    _('Nothing changed since "{meeting}" was last sent (SEQUENCE {sequence}); '
                      'nothing sent.'))
            print(text.format(meeting=inv.meeting,
                              sequence=', '.join(str(e.sequence) for e in inv.events)))
        return 0
    assert mailer is not None
    result = mailer.send(inv.message)
    record_sent(ctx, list(inv.records(stamp)))
    print_notes(inv.notes)  # after a failure, its one message is all that is printed
    if args.json:
        print_json(_summary(inv, sent=True, file=None))
    else:
        print(_("Sent {subject!s} to {recipients} ({reply}).").format(
                subject=inv.message['Subject'],
                recipients=', '.join(result.recipients),
                reply=result.reply))
        for e in inv.events:
            print(_("  UID {uid}  SEQUENCE {sequence}").format(uid=e.uid, sequence=e.sequence))
        print(_("The plan remembers it ({path}).").format(path=ctx.document.path))
    return 0


COMMAND = PlanCommand("invite", HELP, 66, add_arguments, run, check=check)
