"""overlap rotate: share the pain of a recurring check-in fairly over a few slots."""

from __future__ import annotations

import argparse
from datetime import time, timedelta
from typing import Any

from planner.context import PlanContext
from planner.i18n import N_, _, pgettext
from planner.model import Member
from planner.periods import local_at, local_end, zone_at
from planner.rotation.planning import Rotation
from planner.zones import city_of, get_zone, wall_to_instant

from . import PlanCommand
from .builders import apply_server_busy, build_rotation
from .common import parse_date, print_json, table, utc_text
from .options import add_plan_options, add_rotation_options, add_server_busy_options

NOT_COUNTED = N_(" (not counted)")  # a member outside the fairness objective
HELP = N_("a fair rotation of a recurring check-in over candidate slots, with a burden ledger")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_server_busy_options(p)
    add_rotation_options(p)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    if args.server_busy:
        first = parse_date(args.start, "--start")
        step = 14 if args.every == "2weeks" else 7
        zone = get_zone(ctx.plan.reference_zone)
        # Candidates are anchored in zones up to a day apart from the reference zone.
        apply_server_busy(ctx, wall_to_instant(first - timedelta(days=2), time(0), zone),
                          wall_to_instant(first + timedelta(days=step * args.count + 2),
                                          time(0), zone))
    rotation = build_rotation(args, ctx)
    # Local times are where each member is at the start (periods move the zone).
    members = {m.name: m for m in ctx.plan.members}
    if args.json:
        print_json(rotation_json(rotation, members))
    else:
        print(rotation_text(rotation, members))
    return 0


# --- output -------------------------------------------------------------------

def _cost(minutes: int) -> float:
    return round(minutes / 60, 2)


def rotation_json(r: Rotation, members: dict[str, Member]) -> dict[str, Any]:
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
                "local_start": local_at(members[name], o.start).isoformat(),
                "local_end": local_end(members[name], o.start, o.end).isoformat(),
                "zone": zone_at(members[name], o.start),
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


def rotation_text(r: Rotation, members: dict[str, Member]) -> str:
    candidates = ", ".join(f"{c.id} = {c.text}" for c in r.candidates)
    lines = [(_("Candidates (proposed): {candidates}") if r.proposed
              else _("Candidates (given): {candidates}")).format(candidates=candidates), ""]
    required = {e.name: e.counted for e in r.ledger}
    not_counted = _(NOT_COUNTED)
    header = ["#", pgettext("column", "date"), pgettext("column", "slot"),
              *(n if required[n] else f"{n}{not_counted}" for n in r.members)]
    # Looked up once: the loop below runs once per member and occurrence.
    day_off, night, early_late = _(" ⚠ day off"), _(" night"), _(" early/late")
    locked, in_place = _(" locked"), _(" in {place}")
    rows = []
    for o in r.occurrences:
        chosen = next(i for i, c in enumerate(r.candidates) if c.id == o.slot)
        cells = []
        for i, name in enumerate(r.members):
            view = o.views[chosen][i]
            local = local_at(members[name], o.start)
            text = f"{local:%a %H:%M}"
            if local.tzinfo is not None and str(local.tzinfo) != members[name].zone:
                text += in_place.format(place=city_of(str(local.tzinfo)))
            if view.cost_minutes:
                text += f" ({_cost(view.cost_minutes):g})"
            if view.minutes_in("off"):
                text += day_off
            elif view.minutes_in("night"):
                text += night
            elif view.minutes_in("early_late"):
                text += early_late
            cells.append(text)
        slot = o.slot + (locked if o.locked else "")
        rows.append([str(o.index), f"{o.date:%a %Y-%m-%d}", slot, *cells])
    lines.append(table(rows, header))
    lines.append("")
    lines.append(_("Ledger (cost = comfort weight per hour × hours; prior burden included):"))
    ledger_rows = []
    for e in r.ledger:
        ledger_rows.append([
            e.name + ("" if e.counted else _(NOT_COUNTED)), f"{e.total_cost:g}",
            f"{e.prior:g}" if e.prior_minutes else "", str(len(e.night)),
            str(len(e.early_late)), str(len(e.off)),
            "; ".join(x for x in (
                _("night {occurrences}").format(occurrences=_indexes(e.night)) if e.night else "",
                _("early/late {occurrences}").format(occurrences=_indexes(e.early_late))
                if e.early_late else "",
                _("off {occurrences}").format(occurrences=_indexes(e.off)) if e.off else "")
                if x)])
    lines.append(table(ledger_rows, [pgettext("column", "member"), pgettext("column", "total"),
                                     pgettext("column", "prior"), pgettext("column", "night"),
                                     pgettext("column", "early/late"), pgettext("column", "off"),
                                     pgettext("column", "occurrences")]))
    lines.append("")
    optimal = _(" (proven optimal)") if r.solution.proven_optimal else ""
    lines.append(_("Largest burden {max_burden:g}, total {total_cost:g}{optimal}.").format(
        max_burden=r.max_burden, total_cost=r.total_cost, optimal=optimal))
    return "\n".join(lines)


COMMAND = PlanCommand("rotate", HELP, 30, add_arguments, run)
