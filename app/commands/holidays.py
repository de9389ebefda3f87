"""overlap holidays: public and company holidays across the team in a date range."""

from __future__ import annotations

import argparse

from planner.context import PlanContext
from planner.errors import InputError, Problem
from planner.holidays.report import holidays_between
from planner.i18n import N_, _, pgettext

from . import PlanCommand
from .common import parse_date, print_json, table
from .options import add_plan_options, add_range_options

HELP = N_("public and company holidays of the team's sites between two dates")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_plan_options(p)
    add_range_options(p)


def run(args: argparse.Namespace, ctx: PlanContext) -> int:
    start = parse_date(args.start, "--from")
    end = parse_date(args.end, "--to")
    if end < start:
        raise InputError(Problem(_("--to is before --from"), field="--to",
                                 suggestion=_("give an end date on or after the start")))
    if (end - start).days > 3660:
        raise InputError(Problem(_("the range is longer than ten years"), field="--to"))
    rows = holidays_between(ctx.plan, ctx.holiday_records, start, end)
    sites = {s.id: s.name for s in ctx.plan.sites}
    if args.json:
        print_json({"holidays": [{
            "date": r.date.isoformat(), "name": r.name, "country": r.country,
            "subdivision": r.subdivision, "estimated": r.estimated,
            "members": list(r.members), "sites": list(r.sites), "kind": r.kind,
        } for r in rows]})
        return 0
    if not rows:
        print(_("No holidays for anyone in the team from {start} to "
                "{end}.").format(start=start, end=end))
        return 0
    out = []
    last = None
    for r in rows:
        day = f"{r.date:%a %d %b %Y}" if r.date != last else ""
        last = r.date
        region = r.country or "company"
        if r.subdivision:
            region += f"-{r.subdivision}"
        name = r.name + (_(" (estimated date)") if r.estimated else "")
        who = ", ".join(r.members)
        where = ", ".join(sites.get(s, s) for s in r.sites)
        out.append([day, name, region, who + (f"  [{where}]" if where else "")])
    print(table(out, [pgettext("column", "date"), pgettext("column", "holiday"),
                      pgettext("column", "where"), _("members off (sites)")]))
    if any(r.estimated for r in rows):
        print("\n" + _("Estimated dates follow a lunar calendar or moon sighting and may move by "
                       "a day."))
    return 0


COMMAND = PlanCommand("holidays", HELP, 40, add_arguments, run)
