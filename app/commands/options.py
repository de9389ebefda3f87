"""The subcommands' options, each defined once.

``series``, ``rotate``, ``export`` and ``publish`` share most of their options;
they call the same builder here instead of copying options between parsers.
In ``export`` and ``publish`` every series and rotation option is optional:
which are needed depends on whether a series, a rotation or the plan's saved
meetings (``--meeting``/``--all``) are exported, and ``builders.check_usage``
says what is missing or does not belong.
"""

from __future__ import annotations

import argparse
from typing import Any, Protocol

from planner.caldav import DEFAULT_TIMEOUT
from planner.i18n import _


class Options(Protocol):
    """Where options go: a parser, an argument group or a mutually exclusive group."""

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action: ...

    def add_mutually_exclusive_group(self, *, required: bool = False) -> Options: ...


def add_plan_options(p: argparse.ArgumentParser) -> None:
    """PLAN, --json and --locale: every subcommand that reads a plan has them."""
    p.add_argument("plan", metavar="PLAN", help=_("plan file (.toml)"))
    add_json_option(p)
    p.add_argument("--locale", help=_("locale for names and formats, e.g. de_DE"))


def add_json_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))


def add_server_busy_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server-busy", dest="server_busy", action="store_true",
                   help=_("also cut out members' busy times read from the calendar server named "
                          "in the plan's [calendar.busy] (see docs/caldav.md)"))


def add_range_options(p: argparse.ArgumentParser, *, instants: bool = False,
                      required: bool = True) -> None:
    """--from and --to: dates, or with ``instants`` dates or ISO instants.  Not
    ``required`` (meetings, share): either may be left out, the range is then open."""
    if instants:
        p.add_argument("--from", dest="start", required=required, metavar="WHEN",
                       help=_("date (whole day in the plan's reference zone) or ISO instant"))
        p.add_argument("--to", dest="end", required=required, metavar="WHEN",
                       help=_("date (inclusive) or ISO instant (exclusive)"))
    elif required:
        p.add_argument("--from", dest="start", required=True, metavar="DATE")
        p.add_argument("--to", dest="end", required=True, metavar="DATE", help="inclusive")
    else:
        p.add_argument("--from", dest="start", metavar="DATE",
                       help=_("first date, inclusive (default: the first occurrence)"))
        p.add_argument("--to", dest="end", metavar="DATE",
                       help=_("last date, inclusive (default: the last occurrence)"))


def add_today_option(p: Options) -> None:
    """--today: the date taken as today (what is past, what is due; a rotation's past is
    frozen), for reproducible runs and examples, as --stamp pins DTSTAMP."""
    p.add_argument("--today", metavar="DATE",
                   help=_("the date taken as today (default: today in the plan's reference zone)"))


def add_series_options(p: Options, *, required: bool = True) -> None:
    """The recurring check-in of ``overlap series``.

    Not ``required`` (export, publish): --count and --until are then not an
    argparse group either, so giving both is ``check_usage``'s usage error.
    """
    p.add_argument("--start", required=required, metavar="DATE",
                   help=_("first date (YYYY-MM-DD), local to --zone"))
    p.add_argument("--time", required=required, metavar="HH:MM",
                   help=_("wall-clock time in --zone"))
    p.add_argument("--zone", required=required, metavar="ZONE",
                   help=_('the zone the time is anchored in, e.g. "America/New_York" or "UTC"'))
    p.add_argument("--every", required=required, choices=("week", "2weeks", "month"),
                   help=_("cadence; month = the same weekday of the month as --start (a 5th "
                          "weekday means the last)"))
    end = p.add_mutually_exclusive_group() if required else p
    end.add_argument("--count", type=int, metavar="N",
                     help=_("number of occurrences (default: 26 weekly, 13 fortnightly, 6 "
                            "monthly)"))
    end.add_argument("--until", metavar="DATE", help=_("last date, inclusive"))
    # Not required: no defaults, so that check_usage sees what was given; the
    # builders fill them in (DEFAULT_DURATION, "keep").
    p.add_argument("--duration", type=int, default=30 if required else None, metavar="MIN",
                   help=_("length in minutes (default 30)"))
    p.add_argument("--on-conflict", dest="on_conflict", choices=("keep", "skip", "move"),
                   default="keep" if required else None,
                   help=_("when a required member is off: keep the occurrence, skip it, or move "
                          "it to the nearest date (within 3 days) when everyone required is on a "
                          "working day (default keep)"))


def add_rotation_options(p: argparse.ArgumentParser) -> None:
    """The fair rotation of ``overlap rotate``: its schedule, then the slot options."""
    p.add_argument("--start", required=True, metavar="DATE", help=_("first date (YYYY-MM-DD)"))
    p.add_argument("--every", required=True, choices=("week", "2weeks"), help="cadence")
    p.add_argument("--count", required=True, type=int, metavar="N", help=_("number of occurrences"))
    p.add_argument("--duration", required=True, type=int, metavar="MIN",
                   help=_("length in minutes"))
    add_slot_options(p)


def add_slot_options(p: Options) -> None:
    """A rotation's candidate slots, locks and prior burden (rotate, export, publish)."""
    p.add_argument("--candidate", action="append", default=[], metavar=_('"HH:MM ZONE"'),
                   help=_('a slot, anchored in its zone, e.g. "15:00 Europe/Berlin"; repeat for '
                          "each (ids A, B, ... in this order). Without any, 2–4 are proposed from "
                          "a grid in the plan's reference zone"))
    p.add_argument("--lock", action="append", default=[], metavar="INDEX=SLOT",
                   help=_("keep occurrence INDEX (from 1) on slot SLOT (its id, e.g. 3=B)"))
    p.add_argument("--prior", action="append", default=[], metavar="NAME=COST",
                   help=_("burden a member carries in from earlier rotations"))


def add_calendar_options(p: argparse.ArgumentParser) -> None:
    """What ``export`` and ``publish`` put on a calendar: a series (as in ``overlap
    series``) or a rotation (as in ``overlap rotate``), all options optional."""
    series = p.add_argument_group(_("series (as in overlap series)"))
    add_series_options(series, required=False)
    rotation = p.add_argument_group(_("rotation (as in overlap rotate)"))
    rotation.add_argument("--rotate", action="store_true",
                          help=_("export a fair rotation; implied by --candidate. Without "
                                 "--candidate, 2–4 slots are proposed"))
    add_slot_options(rotation)
    rotation.add_argument("--skip", action="append", default=[], type=int, metavar="INDEX",
                          help=_("leave occurrence INDEX (from 1) out of the rotation's calendar"))


def add_meeting_options(p: argparse.ArgumentParser) -> None:
    """The plan's saved meetings (export, publish): instead of a series or a rotation."""
    meetings = p.add_argument_group(_("saved meetings (the plan's [[meeting]] tables)"))
    which = meetings.add_mutually_exclusive_group()
    which.add_argument("--meeting", action="append", metavar="ID",
                       help=_("the meeting with this id, as `overlap meetings` shows it; repeat "
                              "for several"))
    which.add_argument("--all", action="store_true", help=_("every meeting, in one calendar"))
    add_today_option(meetings)


def add_event_options(p: Options, *, caldav: bool = False) -> None:
    """The events' organizer, title and DTSTAMP (export, publish); with ``caldav``
    also export's --caldav (publish always writes for a CalDAV server)."""
    p.add_argument("--organizer", metavar='"Name <email>"',
                   help=_("the organizer (default: the plan's organizer); needed for request"))
    if caldav:
        p.add_argument("--caldav", action="store_true",
                       help=_("for a CalDAV server: no METHOD, one file per event (UID) when a "
                              "rotation has several"))
    p.add_argument("--title", metavar="TEXT", help=_('the event title (default: "<plan name> '
                                                     'check-in")'))
    p.add_argument("--stamp", metavar="WHEN",
                   help=_("DTSTAMP as an ISO instant, e.g. 2026-03-01T12:00Z (default: now)"))


def add_file_options(p: argparse.ArgumentParser) -> None:
    """The .ics file ``export`` writes, and its events."""
    out = p.add_argument_group(_("calendar file"))
    out.add_argument("--out", required=True, metavar="FILE.ics", help=_("the file to write"))
    out.add_argument("--method", choices=("publish", "request"), default="publish",
                     help=_("publish: a calendar to import (no attendees, default); request: an "
                            "e-mail invitation with every member who has an e-mail address"))
    add_event_options(out, caldav=True)
    out.add_argument("--no-remember", dest="remember", action="store_false",
                     help=_("do not record the export in the plan (SEQUENCE will not go up)"))


def add_server_options(p: argparse.ArgumentParser) -> None:
    """The calendar server ``publish`` writes to (the plan's [calendar])."""
    server = p.add_argument_group(_("calendar server (the plan's [calendar])"))
    server.add_argument("--force", action="store_true",
                        help=_("replace events that were changed on the server since the last "
                               "publish (default: report them and write nothing)"))
    server.add_argument("--dry-run", dest="dry_run", action="store_true",
                        help=_("read the server and tell what would be written; change nothing"))
    server.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=_("give up on any one answer that takes longer, "
                               "however slowly it trickles in (default "
                               "{seconds:g})").format(seconds=DEFAULT_TIMEOUT))


def add_mail_options(p: argparse.ArgumentParser, *, eml: str = "FILE.eml") -> None:
    """Where a message goes (invite, dst --notify): a file to look at, or the plan's
    [mail] server; and the clock the messages are dated with."""
    out = p.add_argument_group(_("e-mail (the plan's [mail] for --send)"))
    target = out.add_mutually_exclusive_group()
    target.add_argument("--eml", metavar=eml,
                        help=_("write the message(s) as .eml to read or send by hand; the plan "
                               "records nothing"))
    target.add_argument("--send", action="store_true",
                        help=_("send through the plan's [mail] server and record what was sent in "
                               "the plan"))
    out.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                     help=_("give up on a mail server that does not answer (default 30)"))
    add_today_options(p)


def add_today_options(p: argparse.ArgumentParser) -> None:
    """--today and --stamp: the clock, for reproducible runs (default: the system clock)."""
    add_today_option(p)
    p.add_argument("--stamp", metavar="WHEN",
                   help=_("the instant messages are dated with, e.g. 2026-03-01T12:00Z (default: "
                          "now)"))
