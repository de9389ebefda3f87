"""What the grid says to a screen reader (widgets.grid.spoken), checked against zoneinfo.

The expected words are built here from the slot's UTC instant, ``ZoneInfo`` and the
comfort rule of DESIGN.md ("Comfort ... first match wins"), not from the grid's data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.builders import calendar, member, period, plan, with_periods
from widgets.formatting import Formats
from widgets.grid import GridRange, compute_grid_data
from widgets.grid.spoken import (
    SPOKEN_OTHERS,
    cell_name,
    column_text,
    grid_description,
    in_window,
    row_name,
)

EN = Formats("en_GB")
TEAM = plan(member("Priya", "Asia/Kolkata"), member("Maya", "America/New_York"),
            member("Sushma", "Asia/Kathmandu", "10:00-17:00"),
            member("Ken", "Asia/Tokyo", required=False), reference_zone="Europe/Berlin")
LABEL = {"work": "working hours", "shoulder": "shoulder", "early_late": "early / late",
         "off": "day off", "night": "night"}


def comfort(local: datetime, start: int, end: int, working_day: bool) -> str:
    """DESIGN.md's rule for a default member (night 23:00-06:00), by the local wall clock."""
    minutes = local.hour * 60 + local.minute
    if working_day and start * 60 <= minutes < end * 60:
        return "work"
    if minutes >= 23 * 60 or minutes < 6 * 60:
        return "night"
    if not working_day:
        return "off"
    if 21 * 60 <= minutes < 23 * 60 or 6 * 60 <= minutes < 7 * 60:
        return "early_late"
    return "shoulder"


def expected_member(name: str, zone: str, t: datetime, ref_day: date, hours=(9, 17),
                    optional=False) -> str:
    local = t.astimezone(ZoneInfo(zone))
    clock = local.strftime("%H:%M")
    if local.date() != ref_day:
        clock = local.strftime("%a ") + clock
    text = f"{name} {clock} {LABEL[comfort(local, *hours, local.weekday() < 5)]}"
    if local.weekday() >= 5 and comfort(local, *hours, False) == "off":
        text += ": weekend"
    return text + (" (optional)" if optional else "")


def instant(data, slot: int) -> datetime:
    return datetime.fromtimestamp(data.slot_start(slot), tz=UTC)


@pytest.mark.parametrize("day", [date(2026, 3, 10), date(2026, 3, 29), date(2026, 10, 25),
                                 date(2026, 3, 14)])
def test_every_cell_names_the_reference_time_and_the_members_own_clock(day):
    # 29 March (spring forward, 92 slots) and 25 October (fall back, 100) in Berlin; 14
    # March is a Saturday.  Sushma's +05:45 puts her times on quarter hours.
    data = compute_grid_data(TEAM, calendar(TEAM), GridRange(day, 1, "Europe/Berlin"))
    hours = {"Sushma": (10, 17)}
    for slot in range(data.slots):
        t = instant(data, slot)
        ref = t.astimezone(ZoneInfo("Europe/Berlin"))
        for row, m in enumerate(TEAM.members):
            want = f"{ref:%a %H:%M} Berlin — " + expected_member(
                m.name, m.zone, t, ref.date(), hours.get(m.name, (9, 17)),
                optional=not m.required)
            assert cell_name(data, EN, row, slot) == want, (slot, m.name)


def test_the_brief_example_reads_as_written():
    p = plan(member("Priya", "Asia/Kolkata"), member("Maya", "America/Los_Angeles"),
             reference_zone="Europe/Berlin")
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 12, 1), 1, "Europe/Berlin"))
    slot = 14 * 4  # Tue 1 Dec 14:00 Berlin = 18:30 Kolkata = 05:00 Los Angeles
    assert cell_name(data, EN, 0, slot) == "Tue 14:00 Berlin — Priya 18:30 shoulder"
    assert column_text(data, EN, slot, skip_row=0) == \
        "0 of 2 required members available · Maya 05:00 night"
    # an hour and a half later Maya's morning has begun (06:00-07:00 is early / late)
    assert column_text(data, EN, slot + 6, skip_row=0) == \
        "0 of 2 required members available · Maya 06:30 early / late"


def test_a_weekday_is_said_when_the_members_date_differs_from_the_grids():
    data = compute_grid_data(TEAM, calendar(TEAM), GridRange(date(2026, 3, 10), 1,
                                                             "Europe/Berlin"))
    # 23:00 Tuesday in Berlin is 07:00 Wednesday in Tokyo (+09:00)
    assert cell_name(data, EN, 3, 23 * 4) == \
        "Tue 23:00 Berlin — Ken Wed 07:00 shoulder (optional)"


def test_holidays_and_periods_are_said_not_only_coloured():
    lena = with_periods(member("Lena", "Europe/Berlin"),
                        period("2026-03-09..2026-03-13", zone="Asia/Tokyo", note="Tokyo office"))
    p = plan(lena, member("Maya", "America/New_York"), reference_zone="Europe/Berlin")
    cal = calendar(p, {("Maya", date(2026, 3, 10)): "Company day"})
    data = compute_grid_data(p, cal, GridRange(date(2026, 3, 10), 1, "Europe/Berlin"))
    slot = 4 * 4  # 04:00 Berlin: 12:00 in Tokyo, where Lena is; 23:00 Monday in New York
    t = instant(data, slot)
    tokyo = t.astimezone(ZoneInfo("Asia/Tokyo"))
    assert cell_name(data, EN, 0, slot) == \
        f"Tue 04:00 Berlin — Lena {tokyo:%H:%M} working hours, Tokyo office"
    assert cell_name(data, EN, 1, slot) == "Tue 04:00 Berlin — Maya Mon 23:00 night"
    slot = 17 * 4  # 17:00 Berlin = 12:00 New York on Maya's company day
    assert cell_name(data, EN, 1, slot) == \
        "Tue 17:00 Berlin — Maya 12:00 day off: Company day"


def test_the_column_says_how_many_are_available_and_the_overlap_window():
    p = plan(member("Lena", "Europe/Berlin"), member("Maya", "America/New_York"),
             reference_zone="Europe/Berlin")
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 3, 10), 1, "Europe/Berlin"))
    # Both work 15:00-17:00 Berlin (New York is on summer time from 8 March: -04:00).
    for slot in range(data.slots):
        t = instant(data, slot)
        ny = t.astimezone(ZoneInfo("America/New_York"))
        ber = t.astimezone(ZoneInfo("Europe/Berlin"))
        both = 9 <= ny.hour < 17 and 9 <= ber.hour < 17
        assert in_window(data, slot) == both, slot
        text = column_text(data, EN, slot, skip_row=0)
        n = (9 <= ny.hour < 17) + (9 <= ber.hour < 17)
        assert text.startswith(f"{n} of 2 required members available")
        assert ("overlap window" in text) == both
        assert text.endswith(expected_member("Maya", "America/New_York", t, ber.date()))


def test_a_large_team_is_counted_not_read_out():
    members = [member(f"M{i}", "Europe/Berlin") for i in range(SPOKEN_OTHERS + 6)]
    p = plan(*members, reference_zone="Europe/Berlin")
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 3, 10), 1, "Europe/Berlin"))
    text = column_text(data, EN, 40, skip_row=0)
    assert text.count("working hours") == SPOKEN_OTHERS
    assert text.endswith(", 5 more members")


def test_rows_and_the_table_describe_themselves():
    data = compute_grid_data(TEAM, calendar(TEAM), GridRange(date(2026, 3, 9), 7,
                                                             "Europe/Berlin"))
    assert [row_name(data, i) for i in range(4)] == [
        "Priya, Kolkata", "Maya, New York", "Sushma, Kathmandu", "Ken, Tokyo (optional)"]
    assert grid_description(data, EN) == \
        "Mon 9 Mar to Sun 15 Mar, Berlin time: 4 members, 672 slots of 15 minutes"


def test_the_words_follow_the_locale():
    data = compute_grid_data(TEAM, calendar(TEAM), GridRange(date(2026, 3, 10), 1,
                                                             "Europe/Berlin"))
    t = instant(data, 14 * 4)  # 14:00 Berlin = 18:30 Kolkata
    us, de = Formats("en_US"), Formats("de_DE")
    kolkata = t.astimezone(ZoneInfo("Asia/Kolkata"))
    berlin = t.astimezone(ZoneInfo("Europe/Berlin"))
    assert us.time(kolkata).startswith("6:30") and us.time(berlin).startswith("2:00")
    assert cell_name(data, us, 0, 14 * 4) == \
        f"Tue {us.time(berlin)} Berlin — Priya {us.time(kolkata)} shoulder"
    assert cell_name(data, de, 0, 14 * 4) == "Di 14:00 Berlin — Priya 18:30 shoulder"


def offset_change(zone: str, t: datetime) -> int:
    """Seconds the zone's clocks jump at instant t (zoneinfo, one second either side)."""
    tz = ZoneInfo(zone)
    before = (t - timedelta(seconds=1)).astimezone(tz).utcoffset()
    after = t.astimezone(tz).utcoffset()
    return int((after - before).total_seconds())


@pytest.mark.parametrize(("zone", "day", "words"), [
    ("Europe/Berlin", date(2026, 3, 29), "clocks go forward 1 hour"),
    ("America/New_York", date(2026, 3, 8), "clocks go forward 1 hour"),
    ("Europe/Berlin", date(2026, 10, 25), "clocks go back 1 hour"),
    ("Australia/Lord_Howe", date(2026, 4, 5), "clocks go back 30 minutes"),
])
def test_a_clock_change_is_said_in_the_slot_it_happens(zone, day, words):
    p = plan(member("Lena", "Europe/Berlin"), member("Other", zone),
             reference_zone="Europe/Berlin")
    data = compute_grid_data(p, calendar(p), GridRange(day - timedelta(days=1), 3,
                                                       "Europe/Berlin"))
    said = [slot for slot in range(data.slots) if words in cell_name(data, EN, 1, slot)]
    # the oracle: the slots in which zoneinfo's offset for the zone changes
    changes = [slot for slot in range(data.slots)
               if any(offset_change(zone, instant(data, slot) + timedelta(minutes=m))
                      for m in range(15))]
    assert said == changes and len(said) == 1
    assert not any("clocks go" in cell_name(data, EN, 1, s) for s in range(data.slots)
                   if s not in said)
