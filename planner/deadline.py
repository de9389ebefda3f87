"""Working days before a deadline, per site, and the days every required site works."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.i18n import _

from .calendar import TeamCalendar
from .errors import InputError, Problem
from .model import Member, Plan, WeeklyHours, parse_blocks


@dataclass(frozen=True, slots=True)
class SiteDays:
    """One site (or a member without a site) between two dates, both inclusive."""

    name: str
    site_id: str | None
    members: tuple[str, ...]
    required: bool
    working_days: int
    days_off: tuple[tuple[date, str], ...]  # every non-working date and why
    time_off: tuple[tuple[str, date], ...]  # members' personal time off on working days

    @property
    def holidays(self) -> tuple[tuple[date, str], ...]:
        return tuple((d, r) for d, r in self.days_off if r not in ("weekend",))


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    start: date
    deadline: date
    sites: tuple[SiteDays, ...]
    shared_working_days: int
    shared_dates: tuple[date, ...]


def _site_member(plan: Plan, site_id: str) -> Member:
    """A stand-in member with the site's own calendar: its country, weekend and holidays."""
    site = plan.site(site_id)
    assert site is not None
    members = [m for m in plan.members if m.site == site_id]
    base = members[0]
    weekend = site.weekend if site.weekend is not None else base.weekend
    hours = site.hours or WeeklyHours.every_day(parse_blocks("09:00-17:00"), weekend)
    text = site.hours_text if site.hours is not None else "09:00-17:00"
    # Hours written as one list apply on each date that is not a weekend by the rule then.
    day_hours = parse_blocks(text) if text and "mon" not in text and ";" not in text else None
    return Member(name=site.name, zone=site.zone or base.zone, hours=hours, weekend=weekend,
                  country=site.country if site.country else base.country,
                  subdivision=site.subdivision if site.country else base.subdivision,
                  site=site_id, categories=site.categories, periods=site.periods,
                  day_hours=day_hours,
                  weekend_by_country=site.weekend is None and base.weekend_by_country)


def deadline_report(plan: Plan, cal: TeamCalendar, start: date, deadline: date
                    ) -> DeadlineReport:
    """Working days from ``start`` through ``deadline`` (both counted) for every site."""
    if deadline < start:
        raise InputError(Problem(_("the deadline {deadline} is before "
                                   "{start}").format(deadline=deadline,
                                                               start=start), field="--date",
                                 suggestion=_("give a deadline on or after the start date")))
    if (deadline - start).days > 3660:
        raise InputError(Problem(_("the range is longer than ten years"), field="--date",
                                 suggestion=_("give a deadline within ten years")))
    days = [start + timedelta(days=i) for i in range((deadline - start).days + 1)]
    groups: list[tuple[str, str | None, Member, list[Member]]] = []
    for site in plan.sites:
        members = [m for m in plan.members if m.site == site.id]
        if members:
            groups.append((site.name, site.id, _site_member(plan, site.id), members))
    for m in plan.members:
        if m.site is None:
            groups.append((m.name, None, m, [m]))
    reports = []
    working_sets = []
    for name, site_id, rep, members in groups:
        # Personal time off is not a site's day off; report it separately.
        plain = replace(rep, time_off=())
        off = []
        working = set()
        for d in days:
            reason = cal.day_off(plain, d)
            if reason is None:
                working.add(d)
            else:
                off.append((d, reason))
        personal = tuple((m.name, d) for m in members for d in days
                         if d in working and m.on_time_off(d))
        required = any(m.required for m in members)
        reports.append(SiteDays(name, site_id, tuple(m.name for m in members), required,
                                len(working), tuple(off), personal))
        if required:
            working_sets.append(working)
    shared = sorted(set.intersection(*working_sets)) if working_sets else []
    return DeadlineReport(start, deadline, tuple(reports), len(shared), tuple(shared))
