"""What the time grid says to a screen reader: the text of its rows and cells.

Pure (no Qt): every local time here is read from the slot's UTC instant and the
zone in force (a period may put a member elsewhere), so tests check the words
against ``zoneinfo`` directly.  :mod:`.accessible` hands these strings to Qt.

A cell is one member at one 15-minute slot.  Its name says when (weekday,
time and city of the grid's zone) and what that is for the member::

    Tue 14:00 Berlin — Priya 18:30 shoulder

and its description the rest of the column: how many required members are
available, whether the slot is in an overlap window, and everyone else's
local time and comfort ("Maya 08:00 early / late, …"), so moving up and down a
column reads member by member and the description gives the whole picture.
"""

from __future__ import annotations

from datetime import date, datetime

from planner.availability import from_seconds
from planner.i18n import _, ngettext
from planner.zones import city_of, get_zone

from ..formatting import Formats
from .data import GridData
from .periods import period_at, period_label, zone_at
from .style import COMFORT_LABELS

# Up to this many others are read out in a cell's description (a team of hundreds
# would be minutes of speech); the rest are counted.
SPOKEN_OTHERS = 20


def _when(formats: Formats, t: datetime) -> str:
    return _("{weekday} {time}").format(weekday=formats.weekday(t.date()),
                                        time=formats.time(t))


def member_text(data: GridData, formats: Formats, row: int, slot: int,
                reference_day: date | None = None) -> str:
    """ "Priya 18:30 shoulder": a member's local time and comfort at a slot's start.

    The member's weekday is said when their local date is not ``reference_day``
    (the grid's date at that slot), e.g. "Maya Wed 01:30 night".  A day off says
    why ("day off: Christmas Day"), a clock change in the slot which way the
    member's clocks go, and a period in force its note.
    """
    rd = data.rows[row]
    t = data.slot_start(slot)
    local = from_seconds(t).astimezone(get_zone(zone_at(rd.periods, rd.zone, t)))
    if reference_day is not None and local.date() != reference_day:
        clock = _when(formats, local)
    else:
        clock = formats.time(local)
    kind = data.comfort_at(row, t)
    comfort = _(COMFORT_LABELS[kind])
    off = data.day_off_at(row, t) if kind == "off" else None
    if off:  # why: the weekend, a holiday's name, time off
        comfort = _("{comfort}: {reason}").format(comfort=comfort, reason=off)
    text = _("{name} {time} {comfort}").format(name=rd.name, time=clock, comfort=comfort)
    end = data.slot_end(slot)
    for at, before, after in rd.transitions:
        if t <= at < end:  # drawn as a dashed line with "+1h": said in words too
            text = _("{member}, {change}").format(member=text,
                                                  change=clock_change(after - before))
    period = period_at(rd.periods, t)
    if period is not None:
        text = _("{member}, {period}").format(member=text,
                                              period=period.note or period_label(period))
    if not rd.required:
        text = _("{member} (optional)").format(member=text)
    return text


def clock_change(seconds: int) -> str:
    """ "clocks go forward 1 hour", "clocks go back 30 minutes"."""
    minutes = abs(seconds) // 60
    if minutes % 60 == 0:
        amount = ngettext("{n} hour", "{n} hours", minutes // 60).format(n=minutes // 60)
    else:
        amount = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    if seconds > 0:
        return _("clocks go forward {amount}").format(amount=amount)
    return _("clocks go back {amount}").format(amount=amount)


def reference_text(data: GridData, formats: Formats, slot: int) -> str:
    """ "Tue 14:00 Berlin": a slot's start in the grid's own zone."""
    ref = from_seconds(data.slot_start(slot)).astimezone(get_zone(data.zone))
    return _("{when} {city}").format(when=_when(formats, ref), city=city_of(data.zone))


def cell_name(data: GridData, formats: Formats, row: int, slot: int) -> str:
    """ "Tue 14:00 Berlin — Priya 18:30 shoulder"."""
    ref_day = from_seconds(data.slot_start(slot)).astimezone(get_zone(data.zone)).date()
    return _("{reference} — {member}").format(
        reference=reference_text(data, formats, slot),
        member=member_text(data, formats, row, slot, ref_day))


def in_window(data: GridData, slot: int) -> bool:
    """Whether the whole slot lies in an overlap window."""
    s, e = data.slot_start(slot), data.slot_end(slot)
    return any(a <= s and e <= b for a, b in data.windows)


def column_text(data: GridData, formats: Formats, slot: int, skip_row: int | None = None
                ) -> str:
    """Availability, the overlap window and every member (but ``skip_row``) at a slot:

    "3 of 5 required available · overlap window · Maya 08:00 early / late, …".
    """
    parts = []
    if data.required_total:
        parts.append(ngettext("{n} of {total} required member available",
                              "{n} of {total} required members available",
                              data.required_total).format(n=data.available[slot],
                                                          total=data.required_total))
    if in_window(data, slot):
        parts.append(_("overlap window"))
    ref_day = from_seconds(data.slot_start(slot)).astimezone(get_zone(data.zone)).date()
    others = [i for i in range(len(data.rows)) if i != skip_row]
    said = [member_text(data, formats, i, slot, ref_day) for i in others[:SPOKEN_OTHERS]]
    if len(others) > SPOKEN_OTHERS:
        more = len(others) - SPOKEN_OTHERS
        said.append(ngettext("{n} more member", "{n} more members", more).format(n=more))
    if said:
        parts.append(_(", ").join(said))
    return _(" · ").join(parts)


def row_name(data: GridData, row: int) -> str:
    """ "Priya, Berlin" (the member's usual zone; "optional" when not required)."""
    rd = data.rows[row]
    text = _("{name}, {city}").format(name=rd.name, city=city_of(rd.zone))
    if not rd.required:
        text = _("{member} (optional)").format(member=text)
    return text


def grid_description(data: GridData, formats: Formats) -> str:
    """What the table shows: "Tue, 10 Mar, Berlin time: 5 members, 96 slots of 15 minutes"."""
    first = data.days[0][1] if data.days else \
        from_seconds(data.start).astimezone(get_zone(data.zone)).date()
    n = len(data.rows)
    members = ngettext("{n} member", "{n} members", n).format(n=n)
    slots = ngettext("{n} slot of 15 minutes", "{n} slots of 15 minutes",
                     data.slots).format(n=data.slots)
    if len(data.days) > 1:
        span = _("{first} to {last}").format(first=formats.day(first),
                                              last=formats.day(data.days[-1][1]))
    else:
        span = formats.day(first)
    return _("{span}, {city} time: {members}, {slots}").format(
        span=span, city=city_of(data.zone), members=members, slots=slots)
