"""Item models: Qt's model tester, and what they show for known inputs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from planner.deadline import deadline_report
from planner.holidays.report import HolidayRow
from resources import DEMO_PLAN
from tests.builders import at, calendar, document, fixed_clock
from widgets.formatting import Formats
from widgets.holidays_page import DeadlineModel, HolidaysModel
from widgets.slot_details import SlotDetailsModel, member_slots
from widgets.team_model import COL_CITY, COL_OFFSET, COL_TIME, COL_TODAY, TeamModel

DEMO = document(DEMO_PLAN.read_text(encoding="utf-8"))


def test_team_model_passes_the_model_tester(qtmodeltester):
    model = TeamModel(DEMO.plan, calendar(DEMO.plan), fixed_clock())
    qtmodeltester.check(model, force_py=True)


def test_team_model_groups_members_by_site_with_local_time_offset_and_status():
    cal = calendar(DEMO.plan, {("Priya", date(2026, 3, 9)): "Test holiday"})
    model = TeamModel(DEMO.plan, cal, fixed_clock("2026-03-09T10:20:00+00:00"))
    groups = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert [g.split(" (")[0] for g in groups] == [
        "Berlin HQ", "Bangalore partner", "Kathmandu QA partner", "Members without a site"]
    ktm = model.index(2, 0)
    sushma = model.index(0, 0, ktm)
    assert model.data(sushma) == "Sushma"
    assert model.data(sushma.siblingAtColumn(COL_TIME)) == "16:05"
    assert model.data(sushma.siblingAtColumn(COL_OFFSET)) == "+05:45"
    assert model.data(sushma.siblingAtColumn(COL_TODAY)) == "working"
    priya = model.index(0, 0, model.index(1, 0))
    assert model.data(priya.siblingAtColumn(COL_TODAY)) == "Test holiday"
    maya = model.index(0, 0, model.index(3, 0))
    assert model.data(maya.siblingAtColumn(COL_OFFSET)) == "\u221204:00 EDT"
    assert model.data(maya.siblingAtColumn(COL_TODAY)) == "off hours"   # 06:20 in New York


def test_team_model_tick_reports_the_time_columns_changed(qtbot):
    now = [datetime.fromisoformat("2026-03-09T10:20:00+00:00")]
    model = TeamModel(DEMO.plan, calendar(DEMO.plan), lambda: now[0])
    now[0] += timedelta(minutes=1)
    seen = []
    model.dataChanged.connect(lambda a, b, roles: seen.append((a.column(), b.column())))
    model.tick()
    assert len(seen) == 1 + 4          # the site rows, then each site's members
    assert set(seen) == {(COL_CITY, COL_TODAY)}   # the city too: a period may start
    lena = model.member_index(0)
    assert model.data(lena.siblingAtColumn(COL_TIME)) == "11:21"


def test_slot_details_model(qtmodeltester):
    start, end = at("2026-03-09 14:00", "Europe/Berlin"), at("2026-03-09 15:00", "Europe/Berlin")
    rows = member_slots(DEMO.plan, calendar(DEMO.plan), start, end)
    model = SlotDetailsModel(Formats("en_GB"))
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    by_name = {r.name: r for r in rows}
    assert by_name["Maya"].start.hour == 9 and by_name["Maya"].comfort == "work"
    assert by_name["Sushma"].start.strftime("%H:%M") == "18:45"
    i = [r.name for r in rows].index("Tomás")
    assert model.data(model.index(i, 1)) == "Mon 9 Mar 10:00"
    assert model.data(model.index(i, 4)) == "working hours"
    assert model.data(model.index(i, 4), Qt.ItemDataRole.BackgroundRole) is not None


def test_slot_details_of_members_sharing_a_schedule_equal_each_computed_alone():
    from planner.availability import meeting_comfort
    from tests.builders import member, plan

    team = plan(*[member(f"m{i}", ("Europe/Berlin", "America/New_York")[i % 2],
                         ("09:00-17:00", "22:00-06:00")[i % 3 == 0], required=i % 4 != 0)
                  for i in range(12)], reference_zone="UTC")
    cal = calendar(team)
    # Across the night and the US spring change.
    start, end = at("2026-03-08 05:30", "UTC"), at("2026-03-08 08:15", "UTC")
    for m, row in zip(team.members, member_slots(team, cal, start, end), strict=True):
        mc = meeting_comfort(m, calendar(team), start, end, team)
        assert (row.name, row.required, row.comfort, row.minutes_working) == \
            (m.name, m.required, mc.worst, mc.minutes_in("work"))
        assert row.start == start.astimezone(ZoneInfo(m.zone))


def test_holidays_and_deadline_models(qtmodeltester):
    rows = (HolidayRow(date(2026, 4, 3), "Karfreitag", "DE", "BE", False, ("Lena", "Jonas"),
                       ("ber",), "public"),
            HolidayRow(date(2026, 3, 21), "Eid al-Fitr", "NP", None, True, ("Sushma",),
                       ("ktm",), "public"))
    model = HolidaysModel(Formats("en_GB"))
    model.set_rows(rows, {"ber": "Berlin HQ", "ktm": "Kathmandu"})
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 0)) == "Fri 3 Apr"
    assert model.data(model.index(0, 2)) == "DE-BE"
    assert model.data(model.index(1, 1)) == "Eid al-Fitr (estimated)"
    cal = calendar(DEMO.plan, {("Lena", date(2026, 4, 3)): "Karfreitag",
                               ("Jonas", date(2026, 4, 3)): "Karfreitag"})
    report = deadline_report(DEMO.plan, cal, date(2026, 3, 30), date(2026, 4, 10))
    dmodel = DeadlineModel(Formats("en_GB"))
    dmodel.set_report(report)
    qtmodeltester.check(dmodel, force_py=True)
    names = [dmodel.data(dmodel.index(r, 0)) for r in range(dmodel.rowCount())]
    assert names[0] == "Berlin HQ"
    assert dmodel.data(dmodel.index(0, 1)) == str(report.sites[0].working_days)


@pytest.mark.parametrize("locale, hour12, expected", [
    ("en_US", None, "h:mm a"), ("de_DE", None, "HH:mm"), ("en_GB", True, "h:mm a"),
    ("en_US", False, "HH:mm")])
def test_formats_follow_the_locale_unless_overridden(locale, hour12, expected):
    f = Formats(locale, hour12)
    assert f.uses_12h == (expected == "h:mm a")
    # Grid hour marks: CLDR's bare-hour pattern, with babel's narrow day period for 12 hours.
    assert f.hour_label(13) == ("1 p" if f.uses_12h else "13").replace(" ", " ")


def test_week_start_comes_from_the_locale_or_the_setting():
    assert Formats("en_US").first_week_day == 6
    assert Formats("de_DE").first_week_day == 0
    assert Formats("en_US", week_start=0).week_start_of(date(2026, 3, 11)) == date(2026, 3, 9)
    assert Formats("en_US").week_start_of(date(2026, 3, 11)) == date(2026, 3, 8)


def test_team_model_shows_lena_in_tokyo_during_her_period():
    # 2027-05-10 03:00 UTC is 12:00 in Tokyo (her hours there: 10:00-18:00), 05:00 in Berlin.
    model = TeamModel(DEMO.plan, calendar(DEMO.plan), fixed_clock("2027-05-10T03:00:00+00:00"))
    ber = model.index(0, 0)
    lena = next(model.index(r, 0, ber) for r in range(model.rowCount(ber))
                if model.data(model.index(r, 0, ber)) == "Lena")
    assert model.data(lena.siblingAtColumn(COL_TIME)) == "12:00"
    assert model.data(lena.siblingAtColumn(COL_CITY)) == "Tokyo"
    assert model.data(lena.siblingAtColumn(COL_OFFSET)).startswith("+09:00")
    assert model.data(lena.siblingAtColumn(COL_TODAY)) == "working · in Tokyo until 14 May"
    tip = model.data(lena.siblingAtColumn(COL_TODAY), Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[0] == "Tokyo office"
    assert "Asia/Tokyo" in model.data(lena, Qt.ItemDataRole.ToolTipRole)


def test_team_model_before_lenas_period_uses_berlin():
    model = TeamModel(DEMO.plan, calendar(DEMO.plan), fixed_clock("2027-04-28T10:00:00+00:00"))
    ber = model.index(0, 0)
    lena = next(model.index(r, 0, ber) for r in range(model.rowCount(ber))
                if model.data(model.index(r, 0, ber)) == "Lena")
    assert model.data(lena.siblingAtColumn(COL_TIME)) == "12:00"
    assert model.data(lena.siblingAtColumn(COL_CITY)) == "Berlin"
    assert model.data(lena.siblingAtColumn(COL_TODAY)) == "working"


def test_team_model_says_short_hours_during_the_kathmandu_winter_hours():
    model = TeamModel(DEMO.plan, calendar(DEMO.plan), fixed_clock("2026-12-01T06:00:00+00:00"))
    sushma = model.index(0, 0, model.index(2, 0))
    assert model.data(sushma.siblingAtColumn(COL_TODAY)) == "working · short hours until 29 Jan"
    tip = model.data(sushma.siblingAtColumn(COL_TODAY), Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[0] == "Winter hours"
    assert "hours: 10:00-16:00" in tip


def test_slot_details_read_lenas_tokyo_clock_with_the_periods_note():
    start = datetime.fromisoformat("2027-05-10T07:00:00+00:00")
    rows = member_slots(DEMO.plan, calendar(DEMO.plan), start, start + timedelta(hours=1))
    lena = next(r for r in rows if r.name == "Lena")
    jonas = next(r for r in rows if r.name == "Jonas")
    assert (lena.zone, lena.start.hour, lena.end.hour) == ("Asia/Tokyo", 16, 17)
    assert lena.period_note == "Tokyo office"
    assert (jonas.zone, jonas.start.hour, jonas.period_note) == ("Europe/Berlin", 9, None)
    model = SlotDetailsModel()
    model.set_rows(rows)
    i = rows.index(lena)
    assert model.data(model.index(i, 3)) == "UTC+09:00 (JST) Tokyo · Tokyo office"
