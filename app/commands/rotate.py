"""overlap rotate: share the pain of a recurring check-in fairly over a few slots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any, TypeVar

from planner.errors import InputError, Problem
from planner.rotation.planning import (
    Candidate,
    Rotation,
    candidate_id,
    parse_candidate,
    parse_prior,
    plan_rotation,
)

from ._common import (
    add_plan_argument,
    add_server_busy_option,
    load,
    parse_date,
    print_json,
    table,
    utc_text,
)
from .series import as_options

T = TypeVar("T")

NAME = "rotate"
HELP = "a fair rotation of a recurring check-in over candidate slots, with a burden ledger"
ORDER = 30


def add_arguments(p: Any) -> None:
    add_plan_argument(p)
    add_server_busy_option(p)
    p.add_argument("--start", required=True, metavar="DATE", help="first date (YYYY-MM-DD)")
    p.add_argument("--every", required=True, choices=("week", "2weeks"), help="cadence")
    p.add_argument("--count", required=True, type=int, metavar="N", help="number of occurrences")
    p.add_argument("--duration", required=True, type=int, metavar="MIN",
                   help="length in minutes")
    p.add_argument("--candidate", action="append", default=[], metavar='"HH:MM ZONE"',
                   help='a slot, anchored in its zone, e.g. "15:00 Europe/Berlin"; repeat for '
                   "each (ids A, B, ... in this order). Without any, 2–4 are proposed from a "
                   "grid in the plan's reference zone")
    p.add_argument("--lock", action="append", default=[], metavar="INDEX=SLOT",
                   help="keep occurrence INDEX (from 1) on slot SLOT (its id, e.g. 3=B)")
    p.add_argument("--prior", action="append", default=[], metavar="NAME=COST",
                   help="burden a member carries in from earlier rotations")


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
            problems.append(Problem(f'"{item}" is not INDEX=SLOT', field="--lock",
                                    suggestion='e.g. "3=B": occurrence 3 (counting from 1) '
                                    "on slot B"))
            continue
        if n in out:
            problems.append(Problem(f"occurrence {n} is locked twice", field="--lock"))
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


def build_rotation(args: Any, ctx: Any, *, count: int | None = None) -> Rotation:
    """The rotation the options describe; every problem with them reported at once."""
    problems: list[Problem] = []
    start = _collect(problems, parse_date, args.start, "--start")
    candidates = _collect(problems, _candidates, args.candidate)
    locks = _collect(problems, _locks, args.lock)
    count = args.count if count is None else count
    if count < 1:
        problems.append(Problem(f"--count {count} is not at least 1", field="--count",
                                suggestion="e.g. --count 12"))
    if problems or start is None or candidates is None or locks is None:
        raise InputError(problems)
    try:
        prior = parse_prior(args.prior, ctx.plan, field="--prior")
        return plan_rotation(ctx.plan, ctx.calendar, start=start, cadence=args.every,
                             count=count, duration=args.duration, candidates=candidates,
                             locks=locks, prior=prior)
    except InputError as e:
        raise as_options(e) from None


def run(args: Any) -> int:
    ctx = load(args)
    if getattr(args, "server_busy", False):
        from datetime import timedelta

        from planner.zones import get_zone, wall_to_instant

        from .windows import apply_server_busy

        first = parse_date(args.start, "--start")
        step = 14 if args.every == "2weeks" else 7
        zone = get_zone(ctx.plan.reference_zone)
        # Candidates are anchored in zones up to a day apart from the reference zone.
        apply_server_busy(ctx, wall_to_instant(first - timedelta(days=2), time(0), zone),
                          wall_to_instant(first + timedelta(days=step * args.count + 2),
                                          time(0), zone))
    rotation = build_rotation(args, ctx)
    zones = {m.name: m.zone for m in ctx.plan.members}
    if args.json:
        print_json(rotation_json(rotation, zones))
    else:
        print(rotation_text(rotation, zones))
    return 0


# --- output -------------------------------------------------------------------

def _cost(minutes: int) -> float:
    return round(minutes / 60, 2)


def rotation_json(r: Rotation, zones: dict[str, str]) -> dict[str, Any]:
    from planner.zones import get_zone

    occurrences = []
    for o in r.occurrences:
        chosen = next(i for i, c in enumerate(r.candidates) if c.id == o.slot)
        occurrences.append({
            "index": o.index, "date": o.date.isoformat(), "slot": o.slot,
            "start": utc_text(o.start), "end": utc_text(o.end), "locked": o.locked,
            "costs": {c.id: {name: _cost(o.cost_minutes(k, i))
                             for i, name in enumerate(r.members)}
                      for k, c in enumerate(r.candidates)},
            "members": [{
                "name": name,
                "local_start": o.start.astimezone(get_zone(zones[name])).isoformat(),
                "local_end": o.end.astimezone(get_zone(zones[name])).isoformat(),
                "comfort": o.views[chosen][i].worst,
                "cost": _cost(o.views[chosen][i].cost_minutes),
            } for i, name in enumerate(r.members)],
        })
    return {
        "candidates": [{"id": c.id, "time": c.time_text, "zone": c.zone} for c in r.candidates],
        "proposed": r.proposed,
        "occurrences": occurrences,
        "ledger": [{
            "name": e.name, "required": e.required, "counted": e.counted,
            "prior": _cost(e.prior_minutes), "total_cost": _cost(e.total_minutes),
            "night": len(e.night), "early_late": len(e.early_late), "off": len(e.off),
            "night_occurrences": list(e.night), "early_late_occurrences": list(e.early_late),
            "off_occurrences": list(e.off),
        } for e in r.ledger],
        "max_burden": round(r.max_burden, 2),
        "total_cost": round(r.total_cost, 2),
        "optimal": r.solution.proven_optimal,
    }


def _indexes(items: tuple[int, ...]) -> str:
    """(5, 6, 7, 9) -> "#5–7, #9"."""
    runs: list[list[int]] = []
    for i in items:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return ", ".join(f"#{a}" if a == b else f"#{a}–{b}" for a, b in runs)


def rotation_text(r: Rotation, zones: dict[str, str]) -> str:
    from planner.zones import get_zone

    how = "proposed" if r.proposed else "given"
    lines = [f"Candidates ({how}): " + ", ".join(f"{c.id} = {c.text}" for c in r.candidates), ""]
    required = {e.name: e.counted for e in r.ledger}
    header = ["#", "date", "slot", *(n if required[n] else f"{n} (not counted)"
                                     for n in r.members)]
    rows = []
    for o in r.occurrences:
        chosen = next(i for i, c in enumerate(r.candidates) if c.id == o.slot)
        cells = []
        for i, name in enumerate(r.members):
            view = o.views[chosen][i]
            text = f"{o.start.astimezone(get_zone(zones[name])):%a %H:%M}"
            if view.cost_minutes:
                text += f" ({_cost(view.cost_minutes):g})"
            if view.minutes_in("off"):
                text += " ⚠ day off"
            elif view.minutes_in("night"):
                text += " night"
            elif view.minutes_in("early_late"):
                text += " early/late"
            cells.append(text)
        slot = o.slot + (" locked" if o.locked else "")
        rows.append([str(o.index), f"{o.date:%a %Y-%m-%d}", slot, *cells])
    lines.append(table(rows, header))
    lines.append("")
    lines.append("Ledger (cost = comfort weight per hour × hours; prior burden included):")
    ledger_rows = []
    for e in r.ledger:
        ledger_rows.append([
            e.name + ("" if e.counted else " (not counted)"), f"{e.total_cost:g}",
            f"{e.prior:g}" if e.prior_minutes else "", str(len(e.night)),
            str(len(e.early_late)), str(len(e.off)),
            "; ".join(x for x in (
                f"night {_indexes(e.night)}" if e.night else "",
                f"early/late {_indexes(e.early_late)}" if e.early_late else "",
                f"off {_indexes(e.off)}" if e.off else "") if x)])
    lines.append(table(ledger_rows, ["member", "total", "prior", "night", "early/late", "off",
                                     "occurrences"]))
    lines.append("")
    optimal = " (proven optimal)" if r.solution.proven_optimal else ""
    lines.append(f"Largest burden {r.max_burden:g}, total {r.total_cost:g}{optimal}.")
    return "\n".join(lines)
