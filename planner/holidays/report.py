"""Which holidays fall in a date range, and whom they affect."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from planner.model import Member, Plan
from planner.periods import member_on

# (member, years) -> that member's public holidays in those years (adapter records).
RecordSource = Callable[[Member, tuple[int, ...]], Iterable["HolidayLike"]]


class HolidayLike(Protocol):
    """The fields this module reads from planner.holidays.adapter.Holiday (read-only, so
    the frozen dataclass matches)."""

    @property
    def date(self) -> date: ...
    @property
    def name(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def subdivision(self) -> str | None: ...
    @property
    def estimated(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class HolidayRow:
    date: date
    name: str
    country: str | None
    subdivision: str | None
    estimated: bool
    members: tuple[str, ...]
    sites: tuple[str, ...]
    kind: str  # "public" or "company"


def _regions(member: Member) -> list[Member]:
    """The member values whose holidays may apply: the usual one and each period's
    with a region of its own (DESIGN.md, "Periods")."""
    out = [member.usual]
    seen = {(member.country, member.subdivision)}
    for stay in member.stays:
        key = (stay.member.country, stay.member.subdivision)
        if key not in seen:
            seen.add(key)
            out.append(stay.member)
    return out


def _in_force(member: Member, region: Member, day: date) -> bool:
    """Whether ``region``'s holidays are the member's on ``day`` (the period's dates as
    written, :func:`planner.periods.member_on`)."""
    if not member.periods:
        return True
    on = member_on(member, day)
    return (on.country, on.subdivision) == (region.country, region.subdivision)


def holidays_between(plan: Plan, records: RecordSource, start: date, end: date
                     ) -> tuple[HolidayRow, ...]:
    """Every public and company holiday from ``start`` through ``end`` (inclusive).

    A member's public holidays on a date are those of the region in force on it:
    a period's ``country``/``subdivision`` on the period's dates."""
    years = tuple(range(start.year, end.year + 1))
    rows: dict[tuple[date, str, str | None, str | None], dict[str, Any]] = {}
    for m in plan.members:
        for region in _regions(m):
            if not region.country:
                continue
            for h in records(region, years):
                if not start <= h.date <= end or not _in_force(m, region, h.date):
                    continue
                key = (h.date, h.name, h.country, h.subdivision)
                row = rows.setdefault(key, {"estimated": h.estimated, "members": [], "sites": []})
                if m.name not in row["members"]:
                    row["members"].append(m.name)
                if m.site and m.site not in row["sites"]:
                    row["sites"].append(m.site)
    for ch in plan.holidays:
        for d in ch.days.days():
            if not start <= d <= end:
                continue
            affected = [m for m in plan.members if not ch.sites or m.site in ch.sites]
            rows[(d, ch.name, None, None)] = {
                "estimated": False, "members": [m.name for m in affected],
                "sites": list(ch.sites) or sorted({m.site for m in affected if m.site}),
                "kind": "company"}
    out = [HolidayRow(d, name, country, sub, r["estimated"], tuple(r["members"]),
                      tuple(r["sites"]), r.get("kind", "public"))
           for (d, name, country, sub), r in rows.items()]
    return tuple(sorted(out, key=lambda r: (r.date, r.country or "", r.name)))
