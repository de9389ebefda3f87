"""overlap open: the window."""

from __future__ import annotations

from typing import Any

NAME = "open"
HELP = "open the window (the default without a command)"
ORDER = 0


def add_arguments(p: Any) -> None:
    p.add_argument("plan", nargs="?", metavar="PLAN", help="plan file; default: the last one, "
                   "or the bundled demo plan")
    p.add_argument("--screenshot", metavar="FILE", help="render the window offscreen to a PNG "
                   "and exit")
    p.add_argument("--view", choices=("grid", "planner", "holidays"), default="grid",
                   help="page shown (with --screenshot)")
    p.add_argument("--now", metavar="INSTANT", help="use this ISO 8601 instant (with offset) "
                   "as the clock, e.g. 2026-03-09T10:20Z: for reproducible screenshots")


def run(args: Any) -> int:
    from app.gui import run_window

    now = None
    if args.now:
        from app.commands._common import parse_when

        now = parse_when(args.now, "--now", "UTC")
    return run_window(args.plan, screenshot=args.screenshot, view=args.view, now=now)
