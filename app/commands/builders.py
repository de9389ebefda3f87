"""What the options describe, built once for every subcommand that needs it.

A series (``series``, ``export``, ``publish``), a rotation (``rotate``,
``export``, ``publish``), the plan's saved meetings (``meetings``, ``share``,
``export``, ``publish``), the export of any of them (``export``, ``publish``)
and busy times read from the calendar server (``--server-busy``).  Problems
name the options, not the planner's fields.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from planner.context import PlanContext
from planner.errors import InputError, Problem
from planner.i18n import _
from planner.rotation.planning import (
    Candidate,
    Rotation,
    candidate_id,
    parse_candidate,
    parse_prior,
    plan_rotation,
)
from planner.series import Cadence, Series, parse_local_time, resolve_conflicts
from planner.zones import check_zone_key, get_zone

from .common import UsageError, parse_date, parse_when

if TYPE_CHECKING:  # iCalendar and CalDAV load for the commands that export or fetch
    from planner.ics.export import Export
    from planner.meetings import Portfolio

T = TypeVar("T")

DEFAULT_DURATION = 30  # minutes, when export or publish is given no --duration

# The planner's field names, as options.
_OPTIONS = {"count": "--count", "until": "--until", "duration": "--duration", "every": "--every",
            "zone": "--zone", "time": "--time", "monthly_ordinal": "--start",
            "on-conflict": "--on-conflict", "lock": "--lock", "prior": "--prior",
            "candidate": "--candidate"}


def as_options(e: InputError) -> InputError:
    """The planner names fields after its values; on the command line they are options."""
    problems = [dataclasses.replace(p, field=_OPTIONS.get(p.field or "", p.field))
                for p in e.problems]
    return type(e)(problems)


# --- a series -------------------------------------------------------------------------

def duration_of(args: argparse.Namespace) -> int:
    """--duration; in export and publish it has no default (see check_usage)."""
    return DEFAULT_DURATION if args.duration is None else int(args.duration)


def build_series(args: argparse.Namespace) -> Series:
    """The series the options describe (before conflicts are resolved)."""
    problems: list[Problem] = []
    start = parse_date(args.start, "--start")
    at = parse_local_time(args.time, "--time")
    zone_problem = check_zone_key(args.zone, field="--zone")
    if zone_problem is not None:
        problems.append(zone_problem)
    until = parse_date(args.until, "--until") if args.until is not None else None
    count = args.count
    if count is None and until is None:
        count = Cadence(args.every).default_count
    if problems:
        raise InputError(problems)
    try:
        return Series(start=start, local_time=at, zone=args.zone, cadence=args.every,
                      duration=duration_of(args), count=count, until=until)
    except InputError as e:
        raise as_options(e) from None


# --- a rotation -----------------------------------------------------------------------

def _candidates(texts: list[str]) -> list[Candidate]:
    problems: list[Problem] = []
    out = []
    for i, text in enumerate(texts):
        try:
            out.append(parse_candidate(text, candidate_id(i), field="--candidate"))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return out


def _locks(items: list[str]) -> dict[int, str]:
    problems: list[Problem] = []
    out: dict[int, str] = {}
    for item in items:
        index, sep, slot = item.partition("=")
        try:
            n = int(index)
        except ValueError:
            n = 0
        if not sep or not slot.strip() or str(n) != index.strip() or n < 1:
            problems.append(Problem(_('"{item}" is not INDEX=SLOT').format(item=item),
                                    field="--lock",
                                    suggestion=_('e.g. "3=B": occurrence 3 (counting from 1) on '
                                                 "slot B")))
            continue
        if n in out:
            problems.append(Problem(_("occurrence {n} is locked twice").format(n=n),
                                    field="--lock"))
            continue
        out[n] = slot.strip()
    if problems:
        raise InputError(problems)
    return out


def _collect(problems: list[Problem], parse: Callable[..., T], *args: Any) -> T | None:
    try:
        return parse(*args)
    except InputError as e:
        problems.extend(e.problems)
        return None


def build_rotation(args: argparse.Namespace, ctx: PlanContext, *,
                   count: int | None = None) -> Rotation:
    """The rotation the options describe; every problem with them reported at once."""
    problems: list[Problem] = []
    start = _collect(problems, parse_date, args.start, "--start")
    candidates = _collect(problems, _candidates, args.candidate)
    locks = _collect(problems, _locks, args.lock)
    n: int = args.count if count is None else count
    if n < 1:
        problems.append(Problem(_("--count {count} is not at least 1").format(count=n),
                                field="--count",
                                suggestion=_("e.g. --count 12")))
    if problems or start is None or candidates is None or locks is None:
        raise InputError(problems)
    try:
        prior = parse_prior(args.prior, ctx.plan, field="--prior")
        return plan_rotation(ctx.plan, ctx.calendar, start=start, cadence=args.every,
                             count=n, duration=duration_of(args), candidates=candidates,
                             locks=locks, prior=prior)
    except InputError as e:
        raise as_options(e) from None


# --- the plan's saved meetings -------------------------------------------------------

def today_of(args: argparse.Namespace, ctx: PlanContext) -> date:
    """--today, or today in the plan's reference zone (the app layer may read the clock)."""
    if args.today is not None:
        return parse_date(args.today, "--today")
    return datetime.now(UTC).astimezone(get_zone(ctx.plan.reference_zone)).date()


def date_range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """--from and --to as dates, both inclusive and optional."""
    first = parse_date(args.start, "--from") if args.start is not None else None
    last = parse_date(args.end, "--to") if args.end is not None else None
    if first is not None and last is not None and last < first:
        raise InputError(Problem(_("{last} is before --from {first}").format(last=last,
                                                                      first=first), field="--to",
                                 suggestion=_("give an end date on or after the start")))
    return first, last


def plan_meetings(ctx: PlanContext, today: date) -> Portfolio:
    """Every meeting of the plan, scheduled as of ``today``: what happened before it
    stays as the plan's ``[meeting_record]`` says it was."""
    from planner.meetings import plan_portfolio, read_meeting_record

    return plan_portfolio(ctx.plan.meetings, ctx.plan, ctx.calendar, today=today,
                          record=read_meeting_record(ctx.document))


# --- an export (export, publish) ------------------------------------------------------

def rotation_mode(args: argparse.Namespace) -> bool:
    """``--rotate`` or any ``--candidate``: a rotation; otherwise a series."""
    return bool(args.rotate or args.candidate)


def meeting_mode(args: argparse.Namespace) -> bool:
    """``--meeting ID`` or ``--all``: the plan's saved meetings, as they are."""
    return bool(args.meeting or args.all)


# Every option that describes a series or a rotation on the command line.
_CALENDAR_OPTIONS = (("--start", "start"), ("--time", "time"), ("--zone", "zone"),
                     ("--every", "every"), ("--count", "count"), ("--until", "until"),
                     ("--duration", "duration"), ("--on-conflict", "on_conflict"),
                     ("--rotate", "rotate"), ("--candidate", "candidate"), ("--lock", "lock"),
                     ("--prior", "prior"), ("--skip", "skip"))


def _check_meeting_usage(args: argparse.Namespace) -> None:
    given = [o for o, key in _CALENDAR_OPTIONS if getattr(args, key) not in (None, False, [])]
    if given:
        raise UsageError(_("{given} describe a series or a rotation; --meeting and --all take the "
                           "plan's saved meetings as they are (change them in the plan's "
                           "[[meeting]] tables)").format(given=', '.join(given)))
    if args.all and args.title is not None:
        raise UsageError(_("--title would give every meeting the same title; use it with "
                           "--meeting, or set each meeting's title in the plan"))


def check_usage(args: argparse.Namespace) -> None:
    """Series, rotation and meeting options must not be mixed (exit 2 otherwise)."""
    if meeting_mode(args):
        _check_meeting_usage(args)
        return
    if args.today is not None:
        raise UsageError(_("--today only applies to --meeting and --all"))
    if rotation_mode(args):
        missing = [o for o, v in (("--start", args.start), ("--every", args.every)) if v is None]
        wrong = [o for o, v in (("--time", args.time), ("--zone", args.zone),
                                ("--until", args.until)) if v is not None]
        if wrong:
            raise UsageError(_("{wrong} belong to a series; a rotation's slots are given with "
                               '--candidate "HH:MM ZONE"').format(wrong=', '.join(wrong)))
        if args.on_conflict not in (None, "keep"):
            raise UsageError(_("--on-conflict belongs to a series; leave rotation dates out with "
                               "--skip"))
    else:
        missing = [o for o, v in (("--start", args.start), ("--time", args.time),
                                  ("--zone", args.zone), ("--every", args.every)) if v is None]
        wrong = [o for o, v in (("--lock", args.lock), ("--prior", args.prior),
                                ("--skip", args.skip)) if v]
        if wrong:
            raise UsageError(_("{wrong} belong to a rotation; add --rotate or "
                               "--candidate").format(wrong=', '.join(wrong)))
    if missing:
        kind = _("a rotation") if rotation_mode(args) else _("a series")
        given = any(getattr(args, key) not in (None, False, []) for _, key in _CALENDAR_OPTIONS)
        hint = "" if given else _("; or --meeting ID / --all for the plan's saved meetings")
        raise UsageError(_("exporting {kind} needs {missing}{hint}").format(
            kind=kind, missing=', '.join(missing), hint=hint))
    if args.count is not None and args.until is not None:
        raise UsageError(_("give --count or --until, not both"))


def stamp_of(args: argparse.Namespace) -> datetime:
    """DTSTAMP: --stamp, or now (the app layer may read the clock)."""
    if args.stamp is None:
        return datetime.now(UTC).replace(microsecond=0)
    if "T" not in args.stamp:
        raise InputError(Problem(_('"{stamp}" is not an instant').format(stamp=args.stamp),
                                 field="--stamp",
                                 suggestion=_("write e.g. 2026-03-01T12:00Z")))
    return parse_when(args.stamp, "--stamp", "UTC")


def build_export(args: argparse.Namespace, ctx: PlanContext, stamp: datetime,
                 portfolio: Portfolio | None = None) -> Export:
    """What the options describe, as an export: the plan's saved meetings when given
    their ``portfolio`` (:func:`plan_meetings`; ``--meeting``/``--all``), otherwise
    the series or rotation of the command line."""
    from planner.ics.export import (
        ExportOptions,
        export_meetings,
        export_rotation,
        export_series,
        read_exports,
    )

    plan, cal = ctx.plan, ctx.calendar
    memory = read_exports(ctx.document)
    options = ExportOptions(method=args.method, organizer=args.organizer, caldav=args.caldav,
                            locale=args.locale or "en", title=args.title)
    if portfolio is not None:
        try:
            return export_meetings(plan, cal, portfolio, stamp=stamp, options=options,
                                   memory=memory, only=None if args.all else args.meeting)
        except InputError as e:
            which = "--all" if args.all else "--meeting"
            raise InputError([dataclasses.replace(p, field=which) if p.field == "meeting" else p
                              for p in e.problems]) from None
    if not rotation_mode(args):
        series = build_series(args)
        try:
            series = resolve_conflicts(series, plan, cal, args.on_conflict or "keep")
            return export_series(plan, cal, series, stamp=stamp, memory=memory,
                                 options=options)
        except InputError as e:
            raise as_options(e) from None
    count = args.count if args.count is not None else Cadence(args.every).default_count
    rotation = build_rotation(args, ctx, count=count)
    try:
        return export_rotation(plan, cal, rotation, stamp=stamp, memory=memory,
                               options=options, skip=args.skip)
    except InputError as e:
        raise as_options(e) from None


# --- busy times from the calendar server (--server-busy) -------------------------------

def apply_server_busy(ctx: PlanContext, start: datetime, end: datetime) -> None:
    """Fetch members' busy times for [start, end) from the plan's calendar server."""
    from planner.caldav import fetch_busy, find_password, read_calendar_config

    config = read_calendar_config(ctx.document)
    if config is None:
        raise InputError(Problem(
            _("--server-busy needs a calendar server, and the plan names none"),
            path=str(ctx.document.path), field="calendar",
            suggestion=_('add [calendar] with url = "https://…" (the CalDAV address) and user = '
                         "\"…\", then a [calendar.busy] table naming each member's calendar, e.g. "
                         'Priya = "https://…/calendars/priya/work/" (see docs/caldav.md)')))
    if not config.busy:
        raise InputError(Problem(
            _("--server-busy needs the plan to name members' calendars on the server"),
            path=str(ctx.document.path), field="calendar.busy",
            suggestion=_("add a [calendar.busy] table, e.g. Priya = "
                         '"https://…/calendars/priya/work/" (see docs/caldav.md)')))
    busy = fetch_busy(ctx.plan, config, start, end,
                      password=find_password(config, environ=os.environ))
    ctx.add_server_busy(busy)
    print(_("overlap: busy times of {members} read from {url}").format(
        members=", ".join(busy) or _("nobody"), url=config.url),
          file=sys.stderr)
