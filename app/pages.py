"""Building the pages whose planner modules may be missing from a build.

Each page needs its planner module; if it is not there, the tab says so
instead of failing (and the rest of the window works).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from planner.context import PlanContext
from widgets.formatting import Formats

Clock = Callable[[], datetime]


def _missing(text: str, parent: QWidget) -> QWidget:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setObjectName("missing_page")
    return label


def holiday_records(ctx: PlanContext) -> Callable[[Any, tuple[int, ...]], Any]:
    """Public holiday records per member and years, from the holidays adapter."""
    try:
        from planner.holidays import adapter as ha
    except ImportError:
        return lambda member, years: ()
    records = getattr(ha, "member_holidays", None)
    if records is not None:
        return lambda member, years: records(member, years, locale=ctx.locale)

    store = ha.HolidayStore()

    def from_calendars(member: Any, years: tuple[int, ...]) -> Any:
        if not member.country:
            return ()
        language = ha.holiday_language(ctx.locale, member.country) if ctx.locale else None
        cal = ha.region_calendar(member.country, member.subdivision, years=years,
                                 categories=member.categories, language=language, store=store)
        return cal.holidays
    return from_calendars


def make_holidays_page(clock: Clock, formats: Formats, parent: QWidget) -> QWidget:
    try:
        from widgets.holidays_page import HolidaysPage
    except ImportError as e:
        return _missing(f"Holidays and deadlines are not available in this build ({e}).",
                        parent)
    return HolidaysPage(clock, holiday_records, formats, parent)


def make_planner_page(clock: Clock, formats: Formats, style: Any, parent: QWidget) -> QWidget:
    try:
        from widgets.planner_page import PlannerPage
    except ImportError as e:
        return _missing(f"The check-in planner is not available in this build ({e}).", parent)
    return PlannerPage(clock, formats, style, parent)
