"""A loaded plan with everything computed from it that is worth keeping.

The window and the command line both build one of these; it owns the holiday
cache and the day-off calendar so repeated queries (every redraw) are cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.i18n import _

from .calendar import TeamCalendar
from .errors import IcsError
from .files import read_capped
from .model import Member, Plan
from .planfile import PlanDocument, load_plan

if TYPE_CHECKING:
    # The holidays library (and icalendar, for feeds and busy calendars) load with the
    # first plan that needs them: the window imports this module before it paints.
    from .holidays import adapter as ha
    from .ics.busy_import import BusyFile


class TeamHolidays:
    """Public holidays (the holidays library) and site feeds (.ics) for a plan's members."""

    def __init__(self, plan: Plan, base: Path | None, locale: str | None = None):
        self.plan = plan
        from .holidays import adapter as ha

        self.locale = locale
        self.store = ha.HolidayStore()
        self._regions: dict[tuple[object, ...], ha.RegionCalendar] = {}
        self._feeds: dict[str, dict[date, tuple[ha.Holiday, ...]]] = {}
        # Each member's usual holiday region (periods may name another).
        self._usual = {m.name: (m.country, m.subdivision) for m in plan.members}
        for site in plan.sites:
            if site.holiday_feed:
                self._feeds[site.id] = _load_feed(site.holiday_feed, base, site.id)

    def region_key(self, member: Member) -> tuple[object, ...]:
        """Members with equal keys get the same holidays, workdays and weekends (the
        site's feed follows ``member.site``, which the calendar compares itself, and
        applies only while the member is in their usual region)."""
        return (member.country, member.subdivision, member.categories,
                self._feed(member) is not None)

    def _language(self, member: Member) -> str | None:
        if not self.locale or not member.country:
            return None
        from .holidays import adapter as ha

        return ha.holiday_language(self.locale, member.country)

    def region(self, member: Member, years: Iterable[int]) -> ha.RegionCalendar | None:
        if not member.country:
            return None
        years = tuple(years)
        key = (member.country, member.subdivision, member.categories, years)
        cal = self._regions.get(key)
        if cal is None:
            cal = self._regions[key] = self.store.calendar(
                member.country, member.subdivision, years=years,
                categories=member.categories, language=self._language(member))
        return cal

    def _feed(self, member: Member) -> dict[date, tuple[ha.Holiday, ...]] | None:
        """The member's site feed, while their holiday region is their usual one: a
        period in another country has that country's holidays instead."""
        feed = self._feeds.get(member.site or "")
        if feed is None:
            return None
        usual = self._usual.get(member.name)
        if usual is not None and (member.country, member.subdivision) != usual:
            return None
        return feed

    def records(self, member: Member, years: Iterable[int]) -> tuple[ha.Holiday, ...]:
        years = tuple(years)
        cal = self.region(member, years)
        out = list(cal.holidays) if cal else []
        feed = self._feed(member)
        if feed:
            out.extend(h for hs in feed.values() for h in hs if h.date.year in years)
        return tuple(out)

    def names(self, member: Member, day: date) -> tuple[str, ...]:
        cal = self.region(member, (day.year,))
        names = cal.names(day) if cal else ()
        feed = self._feed(member)
        if feed and day in feed:
            names = (*names, *(h.name for h in feed[day] if h.name not in names))
        return names

    def workday(self, member: Member, day: date) -> bool:
        cal = self.region(member, (day.year,))
        return cal is not None and day in cal.workdays

    def weekend(self, member: Member, day: date) -> bool | None:
        """Whether ``day`` is a weekend by the rule of the member's country on that date
        (None without a country)."""
        cal = self.region(member, (day.year,))
        return cal.is_weekend(day) if cal is not None else None


def _load_feed(path: str, base: Path | None, site_id: str) -> dict[date, tuple[ha.Holiday, ...]]:
    p = Path(path)
    if not p.is_absolute() and base is not None:
        p = base / p
    field_ = f'site "{site_id}".holiday_feed'
    from .ics.holiday_feed import MAX_FEED_BYTES, parse_holiday_feed

    data = read_capped(p, MAX_FEED_BYTES, error=IcsError, what=_("holiday feeds"), field=field_,
                       suggestion=_("a feed of holidays is small: is this the right file?"))
    by_date: dict[date, list[ha.Holiday]] = {}
    for h in parse_holiday_feed(data, str(p)):
        by_date.setdefault(h.date, []).append(h)
    return {d: tuple(hs) for d, hs in by_date.items()}


@dataclass
class PlanContext:
    document: PlanDocument
    calendar: TeamCalendar
    holidays: TeamHolidays | None = None  # None: no public holidays (tests)
    locale: str | None = None
    notes: list[str] = field(default_factory=list)
    # Busy times fetched from a calendar server (planner.caldav.fetch_busy), per
    # member name; kept across refreshes (they are not part of the plan file) and cut
    # out of working hours like busy files.
    server_busy: dict[str, tuple[BusyFile, ...]] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return self.document.plan

    @classmethod
    def from_document(cls, document: PlanDocument, locale: str | None = None) -> PlanContext:
        base = document.path.parent if document.path else None
        holidays = TeamHolidays(document.plan, base, locale)
        return cls(document, build_calendar(document.plan, holidays, base=base), holidays,
                   locale)

    def holiday_records(self, member: Member, years: Iterable[int]) -> tuple[ha.Holiday, ...]:
        return self.holidays.records(member, years) if self.holidays else ()

    def refresh(self) -> None:
        """Call after the document changed."""
        base = self.document.path.parent if self.document.path else None
        self.holidays = TeamHolidays(self.plan, base, self.locale)
        self.calendar = build_calendar(self.plan, self.holidays, base=base,
                                       extra_busy=self.server_busy)

    def add_server_busy(self, busy: Mapping[str, BusyFile]) -> None:
        """Use busy times fetched from a calendar server, per member name.

        No network here: the caller fetched them (``planner.caldav.fetch_busy``,
        in a worker thread in the window).  A fetch covers a range (``start``
        and ``end`` of a ``ServerBusy``) and knows nothing outside it, so an
        earlier fetch for the same member is kept unless its range overlaps
        the new one: then the newer answer replaces it (an event deleted on
        the server since must not stay busy).
        """
        for name, new in busy.items():
            kept = tuple(old for old in self.server_busy.get(name, ())
                         if not _ranges_overlap(old, new))
            self.server_busy[name] = (*kept, new)
        self.calendar = build_calendar(self.plan, self.holidays, self.locale, self._base(),
                                       extra_busy=self.server_busy)

    def clear_server_busy(self) -> None:
        """Forget every busy time fetched from a server."""
        if self.server_busy:
            self.server_busy.clear()
            self.calendar = build_calendar(self.plan, self.holidays, self.locale, self._base())

    def _base(self) -> Path | None:
        return self.document.path.parent if self.document.path else None


def _ranges_overlap(a: BusyFile, b: BusyFile) -> bool:
    """Whether two fetched busy ranges overlap; a busy source without a range covers all."""
    a0, a1 = getattr(a, "start", None), getattr(a, "end", None)
    b0, b1 = getattr(b, "start", None), getattr(b, "end", None)
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return True
    return bool(a0 < b1 and b0 < a1)


def build_calendar(plan: Plan, holidays: TeamHolidays | None = None,
                   locale: str | None = None, base: Path | None = None,
                   extra_busy: Mapping[str, Sequence[BusyFile]] | None = None
                   ) -> TeamCalendar:
    """The day-off calendar; members' busy .ics files (relative to ``base``, the
    plan's folder) and ``extra_busy`` (per member name, e.g. from the calendar
    server) are cut out of their working hours (IcsError if a file is bad)."""
    holidays = holidays or TeamHolidays(plan, base, locale)
    busy = None
    busy_members: list[str] = []
    extra = {name: tuple(files) for name, files in (extra_busy or {}).items() if files}
    if any(m.busy for m in plan.members) or extra:
        from .ics.busy_import import MemberBusy

        files = MemberBusy.from_plan(plan, base) if any(m.busy for m in plan.members) else None
        combined = {m.name: [*(files.files(m.name) if files else ()), *extra.get(m.name, ())]
                    for m in plan.members}
        busy = MemberBusy(combined, {m.name: m.zone for m in plan.members}).spans
        busy_members = [name for name, found in combined.items() if found]
    return TeamCalendar(plan, holidays.names, holidays.workday, busy, holidays.weekend,
                        region_of=holidays.region_key, busy_members=busy_members)


def open_plan(path: str | Path, locale: str | None = None) -> PlanContext:
    return PlanContext.from_document(load_plan(path), locale)
