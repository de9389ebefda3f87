"""Which holidays fall in a date range, and whom they affect."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from planner.model import Member, Plan

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


def holidays_between(plan: Plan, records: RecordSource, start: date, end: date
                     ) -> tuple[HolidayRow, ...]:
    """Every public and company holiday from ``start`` through ``end`` (inclusive)."""
    years = tuple(range(start.year, end.year + 1))
    rows: dict[tuple[date, str, str | None, str | None], dict[str, Any]] = {}
    for m in plan.members:
        if not m.country:
            continue
        for h in records(m, years):
            if not start <= h.date <= end:
                continue
            key = (h.date, h.name, h.country, h.subdivision)
            row = rows.setdefault(key, {"estimated": h.estimated, "members": [], "sites": []})
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
