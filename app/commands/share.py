"""overlap share: the saved meetings' schedule as Markdown, to paste into an issue or a wiki.

One table per meeting with an occurrence dated in ``--from``..``--to`` (both
inclusive, in the slot's zone as everywhere for meetings): the UTC date and
time, then the local time in each attendee zone (:func:`planner.meetings.
share_markdown`).  ``--markdown`` names the format, the only one so far;
``--json`` wraps the same text.  The meetings are scheduled as
``overlap meetings`` does, the past of rotations as the plan recorded it;
sharing writes nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from planner.context import PlanContext
from planner.errors import InputError
from planner.i18n import N_, _
from planner.meetings import share_markdown

from . import PlanCommand
from .builders import date_range, plan_meetings, today_of
from .common import print_json
from .options import add_plan_options, add_range_options, add_today_option

HELP = N_("the saved meetings' schedule as a Markdown table in UTC and every attendee's zone")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    p.add_argument("--markdown", action="store_true", required=True,
                   help=_("a Markdown table per meeting (GitHub-flavoured)"))
    add_range_options(p, required=False)
    add_today_option(p)


def check(args: argparse.Namespace) -> None:
    """The range, before the plan is read."""
    date_range(args)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    first, last = date_range(args)
    portfolio = plan_meetings(ctx, today_of(args, ctx))
    try:
        text = share_markdown(portfolio, ctx.plan, first=first, last=last, locale=args.locale)
    except InputError as e:
        raise InputError([dataclasses.replace(p, field="--locale") if p.field == "locale" else p
                          for p in e.problems]) from None
    if args.json:
        print_json({"format": "markdown", "text": text})
    else:
        sys.stdout.write(text)
    return 0


COMMAND = PlanCommand("share", HELP, 58, add_arguments, run, check=check)
