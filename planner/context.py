"""A loaded plan with everything computed from it that is worth keeping.

The window and the command line both build one of these; it owns the holiday
cache and the day-off calendar so repeated queries (every redraw) are cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .calendar import TeamCalendar
from .model import Member, Plan
from .planfile import PlanDocument, load_plan


@dataclass
class PlanContext:
    document: PlanDocument
    calendar: TeamCalendar
    locale: str | None = None

    @property
    def plan(self) -> Plan:
        return self.document.plan

    @classmethod
    def from_document(cls, document: PlanDocument, locale: str | None = None) -> PlanContext:
        return cls(document, build_calendar(document.plan, locale), locale)

    def refresh(self) -> None:
        """Call after the document changed."""
        self.calendar = build_calendar(self.plan, self.locale)


def build_calendar(plan: Plan, locale: str | None = None) -> TeamCalendar:
    from . import holidays_adapter as ha

    store = ha.HolidayStore()

    def names(member: Member, day: date) -> tuple[str, ...]:
        if not member.country:
            return ()
        cal = ha.region_calendar(member.country, member.subdivision, years=(day.year,),
                                 categories=member.categories, language=_lang(member),
                                 store=store)
        return tuple(h.name for h in cal.lookup(day))

    def workday(member: Member, day: date) -> bool:
        if not member.country:
            return False
        cal = ha.region_calendar(member.country, member.subdivision, years=(day.year,),
                                 categories=member.categories, language=None, store=store)
        return day in cal.workdays

    def _lang(member: Member) -> str | None:
        if not locale or not member.country:
            return None
        return ha.holiday_language(locale, member.country)

    return TeamCalendar(plan, names, workday)


def open_plan(path: str | Path, locale: str | None = None) -> PlanContext:
    return PlanContext.from_document(load_plan(path), locale)
