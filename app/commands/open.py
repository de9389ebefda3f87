"""overlap open: the window."""

from __future__ import annotations

import argparse

from planner.i18n import N_, _

from . import Command

HELP = N_("open the window (the default without a command)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", nargs="?", metavar="PLAN", help=_("plan file; default: the last one, "
                                                             "or the bundled demo plan"))
    p.add_argument("--screenshot", metavar="FILE", help=_("render the window offscreen to a PNG "
                                                          "and exit"))
    p.add_argument("--view", choices=("grid", "planner", "holidays", "meetings", "portfolio",
                                      "clocks", "invite"),
                   default="grid", help=_("page shown (with --screenshot; invite: the Meetings "
                                          "page with the first meeting's invitation preview over "
                                          "it)"))
    p.add_argument("--size", metavar="WxH", default="1400x860",
                   help=_("window size for --screenshot, e.g. 1024x640"))
    p.add_argument("--now", metavar="INSTANT", help=_("use this ISO 8601 instant (with offset) as "
                                                      "the clock, e.g. 2026-03-09T10:20Z: for "
                                                      "reproducible screenshots"))


def run(args: argparse.Namespace) -> int:
    # Qt loads only for the window, never for the headless commands.
    from app.gui import run_window

    from .common import UsageError, parse_when

    now = parse_when(args.now, "--now", "UTC") if args.now else None
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        raise UsageError(_("--size {size}: give the width and height, e.g. "
                           "1024x640").format(size=args.size)) \
            from None
    return run_window(args.plan, screenshot=args.screenshot, view=args.view, now=now,
                      size=(width, height))


COMMAND = Command("open", HELP, 0, add_arguments, run)
