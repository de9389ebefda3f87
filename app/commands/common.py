"""Helpers shared by the subcommands: plan loading, time arguments, output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import InputError, Problem
from planner.i18n import _
from planner.zones import get_zone, wall_to_instant
from resources import DEMO_FOLDER_REFUSED, DEMO_PLAN, in_demo_folder, is_bundled_demo

if TYPE_CHECKING:  # `overlap open` reads the plan in the window, after its first paint
    from planner.context import PlanContext


class UsageError(Exception):
    """Bad command-line usage found after argparse (exit 2, like argparse's own)."""


def load(args: argparse.Namespace) -> PlanContext:
    """The plan named by the PLAN argument; its warnings go to stderr."""
    from planner.context import open_plan

    ctx = open_plan(args.plan, locale=args.locale)
    for w in ctx.document.warnings:
        print(_("overlap: {problem}").format(problem=w), file=sys.stderr)
    return ctx


# --- the bundled demo is never written (DESIGN.md, "Meetings") ------------------------

def demo_hint() -> str:
    return _("this is the bundled demo; copy it with Save As… or `cp` to keep state (e.g. cp "
             "{demo} team.toml)").format(demo=DEMO_PLAN)


def may_save_plan(ctx: PlanContext, what: str) -> bool:
    """Whether a command may save ``what`` it remembered into the plan.

    Not into the bundled demo: it is part of Overlap (tracked in the source,
    read-only when installed), so a note says what is not kept and how to keep it.
    """
    if not is_bundled_demo(ctx.document.path):
        return True
    print_notes([_("{what} not kept: {hint}").format(what=what, hint=demo_hint())])
    return False


def refuse_demo(ctx: PlanContext, why: str, then: str = "") -> None:
    """Stop a command that cannot work without remembering state in the plan (publish,
    send): the bundled demo is never written.  ``why`` says what it must remember."""
    if is_bundled_demo(ctx.document.path):
        raise InputError(Problem(_("{why}, and the bundled demo plan is never "
                                   "written").format(why=why),
                                 path=str(ctx.document.path), suggestion=demo_hint() + then))


def check_outside_demo(ctx: PlanContext, paths: Iterable[Path], option: str) -> None:
    """Refuse to create files beside the bundled demo: its folder is part of Overlap."""
    if not is_bundled_demo(ctx.document.path):
        return
    for path in paths:
        if in_demo_folder(path):
            raise InputError(Problem(
                DEMO_FOLDER_REFUSED,
                path=str(path), field=option,
                suggestion=_("write the file elsewhere, e.g. {option} "
                             "{name}").format(option=option, name=path.name)))


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(Problem(_('"{text}" is not a date, or the date does not '
                                   "exist").format(text=text),
                                 field=option, suggestion=_("write YYYY-MM-DD, e.g. 2026-03-09")))\
            from None


def parse_when(text: str, option: str, zone: str, *, end: bool = False) -> datetime:
    """A date (whole day in ``zone``; an end date is inclusive) or an ISO instant with offset."""
    text = text.strip()
    if "T" not in text and " " not in text:
        day = parse_date(text, option)
        if end:
            day += timedelta(days=1)
        return wall_to_instant(day, datetime.min.time(), get_zone(zone))
    try:
        t = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise InputError(Problem(_('"{text}" is not a date or an ISO 8601 '
                                   "instant").format(text=text),
                                   field=option,
                                 suggestion=_("write 2026-03-09 or 2026-03-09T13:00Z"))) from None
    if t.tzinfo is None:
        raise InputError(Problem(_('"{text}" has no UTC offset, so it is '
                                   "ambiguous").format(text=text),
                                   field=option,
                                 suggestion=_('add Z or an offset: "{text}Z" or "{text}+01:00", '
                                              "or give a date").format(text=text)))
    return t.astimezone(UTC)


def print_notes(notes: Iterable[str]) -> None:
    """Notes about the result (not problems) go to stderr, so --json output stays clean."""
    for note in notes:
        print(_("overlap: note: {note}").format(note=note), file=sys.stderr)


def utc_text(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(t: datetime, zone: str) -> str:
    return t.astimezone(get_zone(zone)).isoformat()


def _json_indent() -> int | None:
    """Indented for a person at a terminal; compact for a pipe or a file (a year of
    windows for a big team is megabytes, and programs do not read the spaces)."""
    try:
        return 2 if sys.stdout.isatty() else None
    except (AttributeError, ValueError):  # replaced or closed stdout
        return None


def _dumps(data: Any, indent: int | None) -> str:
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


def print_json(data: Any) -> None:
    sys.stdout.write(_dumps(data, _json_indent()))
    sys.stdout.write("\n")


def print_json_items(key: str, items: Iterable[Any]) -> None:
    """``{key: [items...]}``, written item by item as they come, so that a long list
    never exists as one string (or one list of dicts) in memory."""
    indent = _json_indent()
    out = sys.stdout
    if indent is None:
        out.write(f"{{{json.dumps(key)}:[")
        for i, item in enumerate(items):
            if i:
                out.write(",")
            out.write(_dumps(item, None))
        out.write("]}\n")
        return
    pad = " " * (2 * indent)
    out.write(f"{{\n{' ' * indent}{json.dumps(key)}: [")
    first = True
    for item in items:
        out.write("\n" if first else ",\n")
        out.write(pad + _dumps(item, indent).replace("\n", "\n" + pad))
        first = False
    out.write("]\n}\n" if first else f"\n{' ' * indent}]\n}}\n")


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)
