"""What ``invite`` and ``dst --notify`` share: today and the stamp, the planned
meetings, sending through the plan's ``[mail]`` and remembering what was sent.

Sending is all or nothing per message (:mod:`planner.mail.transport`); a
message is recorded in the plan's ``[[sent_mail]]`` only once the server took
it for every recipient, and the plan is saved right after.  The bundled demo
plan is never written, so it refuses ``--send`` before anything goes out.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path

from planner.context import PlanContext
from planner.errors import InputError, PlanFileError, Problem
from planner.i18n import _
from planner.mail.config import MailConfig, MailError, find_mail_password, read_mail_config
from planner.mail.sent import SentRecord, remember_sent
from planner.mail.transport import SendResult, send_message
from planner.meetings import Portfolio, plan_portfolio, read_meeting_record
from planner.planfile import atomic_write, save_plan
from planner.zones import get_zone

from .builders import stamp_of
from .common import UsageError, parse_date


def check_mail_usage(args: argparse.Namespace) -> None:
    """--eml or --send (exactly one), a positive --timeout, and --stamp/--today."""
    if not args.eml and not args.send:
        raise UsageError(_("give --eml FILE to write the message or --send to send it"))
    if not args.timeout > 0:
        raise UsageError(_("--timeout must be more than 0 seconds"))
    stamp_of(args)
    if args.today is not None:
        parse_date(args.today, "--today")


def clock(args: argparse.Namespace, ctx: PlanContext) -> tuple[datetime, date]:
    """The stamp (--stamp or now) and today (--today, or the stamp's date in the plan's
    reference zone)."""
    stamp = stamp_of(args)
    if args.today is not None:
        return stamp, parse_date(args.today, "--today")
    return stamp, stamp.astimezone(get_zone(ctx.plan.reference_zone)).date()


def portfolio(ctx: PlanContext, today: date, *, required: bool = True) -> Portfolio:
    """Every meeting of the plan, planned together as ``overlap meetings`` shows them
    (``required``: a plan without meetings is an InputError)."""
    plan = ctx.plan
    if not plan.meetings and required:
        raise InputError(Problem(_("the plan has no meetings"), path=str(ctx.document.path),
                                 field="meeting", suggestion=_("add a [[meeting]] table (see "
                                                               "DESIGN.md, Meetings) and run the "
                                                               "command again")))
    return plan_portfolio(plan.meetings, plan, ctx.calendar, today=today,
                          record=read_meeting_record(ctx.document))


def mail_config(ctx: PlanContext) -> MailConfig:
    config = read_mail_config(ctx.document)
    if config is None:
        raise MailError(Problem(_("the plan has no [mail] table, so Overlap does not know where "
                                  "to send"), path=str(ctx.document.path), field="mail",
                                suggestion=_('add [mail] with smtp = "smtp.example.com:587" '
                                             'and user = "…", then store the password with: '
                                             "overlap mail-password PLAN; or write the "
                                             "message with --eml")))
    return config


def mail_sender(ctx: PlanContext) -> str | None:
    """``[mail] from`` (None: the plan's organizer sends)."""
    config = read_mail_config(ctx.document)
    return config.sender if config else None


class Sender:
    """Sends messages through the plan's server; the password is looked up at the first
    message, so nothing is asked when there is nothing to send."""

    def __init__(self, ctx: PlanContext, timeout: float):
        self.config = mail_config(ctx)
        self.timeout = timeout
        self._password: tuple[str | None] | None = None

    def send(self, message: EmailMessage) -> SendResult:
        if self._password is None:
            self._password = (find_mail_password(self.config, environ=os.environ),)
        return send_message(self.config, message, password=self._password[0],
                            timeout=self.timeout)


def record_sent(ctx: PlanContext, records: list[SentRecord]) -> None:
    """Remember what the server took, and save the plan at once."""
    if not records:
        return
    remember_sent(ctx.document, records)
    try:
        save_plan(ctx.document)
    except PlanFileError as e:
        raise PlanFileError([Problem(_("the message was sent, but the plan could not remember it, "
                                       "so the next run would send it again"),
                                     path=str(ctx.document.path)), *e.problems]) from None


def write_eml(path: Path, message: EmailMessage) -> None:
    """The message as an .eml file (CRLF, as it would be sent), written atomically."""
    from planner.mail.policy import message_bytes

    try:
        atomic_write(path, message_bytes(message))
    except OSError as e:
        raise InputError(Problem(_("cannot write the message: "
                                   "{reason}").format(reason=e.strerror or e),
                                   path=str(path),
                                 suggestion=_("check that the folder exists and is writable"))
                         ) from None
