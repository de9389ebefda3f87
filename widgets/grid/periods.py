"""A member's row under periods (travel, seasonal hours): the clock in force.

DESIGN.md, "Periods": local times follow the zone in force at each instant,
so a row's hour labels and clock-change marks are read per phase
(:func:`planner.periods.phases`), and the period spans are kept for the
painter (a band) and the tooltip (the note).  Kept apart from ``data`` so
the row computation there stays small.
"""

from __future__ import annotations

from datetime import UTC, datetime

from planner.availability import DayOff
from planner.i18n import _
from planner.model import Member, Period
from planner.periods import phases
from planner.zones import city_of, day_bounds, get_zone, offset_pieces, transitions

PeriodSpan = tuple[int, int, str, Period]  # [start, end), zone in force, the period


def _full_hours(zone: str, start: int, end: int) -> list[tuple[int, int]]:
    """Instants in [start, end) where the local time in ``zone`` is a full hour.

    Between offset changes local = utc + offset, so full local hours are a
    regular sequence per piece (a repeated hour twice, a skipped one never).
    """
    out: list[tuple[int, int]] = []
    for ps, pe, off in offset_pieces(zone, start, end):
        h = -(-(ps + off) // 3600) * 3600
        while h - off < pe:
            out.append((h - off, (h // 3600) % 24))
            h += 3600
    return out


def _offset_changes(zone: str, start: int, end: int) -> list[tuple[int, int, int]]:
    first = datetime.fromtimestamp(start, tz=UTC).year
    last = datetime.fromtimestamp(end, tz=UTC).year
    return [t for y in range(first, last + 1) for t in transitions(zone, y)
            if start <= t[0] < end]


def row_hour_marks(member: Member, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """(instant, local hour) at each full hour of the clock in force."""
    return tuple(m for ph in phases(member, start, end)
                 for m in _full_hours(ph.member.zone, ph.start, ph.end))


def row_transitions(member: Member, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
    """Offset changes of the zone in force (a change of zone by travel is a period edge)."""
    return tuple(t for ph in phases(member, start, end)
                 for t in _offset_changes(ph.member.zone, ph.start, ph.end))


def row_periods(member: Member, start: int, end: int) -> tuple[PeriodSpan, ...]:
    """The periods in force over [start, end), cut to it, with the zone in force."""
    return tuple((ph.start, ph.end, ph.member.zone, ph.period)
                 for ph in phases(member, start, end) if ph.period is not None)


def row_days_off(member: Member, calendar: DayOff, start: int, end: int
                 ) -> tuple[tuple[int, int, str], ...]:
    """Local days off on the clock in force, cut to [start, end)."""
    out: list[tuple[int, int, str]] = []
    for ph in phases(member, start, end):
        tz = get_zone(ph.member.zone)
        day = datetime.fromtimestamp(ph.start, tz=tz).date()
        last = datetime.fromtimestamp(ph.end - 1, tz=tz).date()
        while day <= last:
            reason = calendar.day_off(member, day)
            if reason is not None:
                a, b = day_bounds(day, ph.member.zone)
                s, e = max(int(a.timestamp()), ph.start), min(int(b.timestamp()), ph.end)
                if s < e:
                    out.append((s, e, reason))
            day = day.fromordinal(day.toordinal() + 1)
    return tuple(out)


def zone_at(periods: tuple[PeriodSpan, ...], usual: str, t: int) -> str:
    """The zone in force at ``t`` on a row, from its period spans."""
    for a, b, zone, _period in periods:
        if a <= t < b:
            return zone
    return usual


def period_at(periods: tuple[PeriodSpan, ...], t: int) -> Period | None:
    for a, b, _zone, period in periods:
        if a <= t < b:
            return period
    return None


def period_label(period: Period) -> str:
    """A period without a note, in a few words."""
    if period.zone is not None:
        return _("in {city}").format(city=city_of(period.zone))
    return _("hours {hours}").format(hours=period.hours_text) if period.hours_text \
        else _("period")
