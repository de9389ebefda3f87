"""Short texts about the period in force for a member: "in Tokyo until 14 May".

Shared by the team panel, the grid and the slot details, so a period reads the
same everywhere.  The core (:mod:`planner.periods`) says which period is in
force; this module only words it.
"""

from __future__ import annotations

from datetime import date, datetime

from planner.i18n import _
from planner.model import Member, Period, WeeklyHours
from planner.periods import during, period_at
from planner.zones import city_of

from .formatting import Formats


def _weekly_minutes(hours: WeeklyHours) -> int:
    return sum(b.minutes for day in hours.days for b in day)


def day_month(d: date, formats: Formats) -> str:
    """ "14 May" (en_GB), "May 14" (en_US): CLDR's day-and-month skeleton."""
    from babel.dates import format_skeleton  # babel loads after the first paint

    return format_skeleton("MMMd", d, locale=formats.babel_locale)


def period_headline(member: Member, period: Period) -> str:
    """What the period changes, without dates: "in Tokyo", "short hours"."""
    value = in_force_member(member, period)
    if period.zone is not None and period.zone != member.usual.zone:
        return _("in {city}").format(city=city_of(period.zone))
    if period.hours is not None or period.day_hours is not None:
        usual, now = _weekly_minutes(member.usual.hours), _weekly_minutes(value.hours)
        if now < usual:
            return _("short hours")
        if now > usual:
            return _("long hours")
        return _("other hours")
    if period.country is not None:
        return _("holidays of {country}").format(country=period.country)
    return period.note or _("period")


def in_force_member(member: Member, period: Period) -> Member:
    """The member value of ``period`` (as :func:`planner.periods.during` built it)."""
    for stay in member.stays:
        if stay.period is period:
            return stay.member
    return during(member.usual, period)


def period_until(member: Member, period: Period, formats: Formats) -> str:
    """ "in Tokyo until 14 May": what the period changes and its last date."""
    return _("{change} until {date}").format(change=period_headline(member, period),
                                             date=day_month(period.days.last, formats))


def period_tooltip(member: Member, period: Period, formats: Formats) -> str:
    """The period's note, dates, zone and hours, one per line."""
    lines = [period.note] if period.note else []
    days = f"{formats.short_date(period.days.first)} – {formats.short_date(period.days.last)}"
    lines.append(days + (" " + _("(site {site})").format(site=period.site) if period.site
                         else ""))
    zone = in_force_member(member, period).zone
    if period.zone is not None:
        lines.append(_("working from {zone}").format(zone=zone))
    if period.hours_text is not None:
        lines.append(_("hours: {hours}").format(hours=period.hours_text))
    return "\n".join(lines)


def period_now(member: Member, now: datetime, formats: Formats) -> tuple[str, str] | None:
    """The period in force at ``now``, as ("in Tokyo until 14 May", tooltip), or None."""
    period = period_at(member, now)
    if period is None:
        return None
    return period_until(member, period, formats), period_tooltip(member, period, formats)


__all__ = ["day_month", "in_force_member", "period_headline", "period_now", "period_tooltip",
           "period_until"]
