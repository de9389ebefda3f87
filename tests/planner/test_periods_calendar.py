"""Days off with periods and the holidays library: the weekend rule of the country in force
on each date (the UAE moved from Friday-Saturday to Saturday-Sunday on 2022-01-01), the
holidays of the country in force, a Ramadan-hours site period, deadlines and the
holidays report."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.availability import from_seconds, to_seconds, working_spans
from planner.context import PlanContext
from planner.deadline import deadline_report
from planner.holidays.report import holidays_between
from planner.planfile import load_plan, parse_plan
from tests.builders import at, d

PLAN = """\
version = 1
name = "Gulf and friends"
reference_zone = "Asia/Dubai"

[[site]]
id = "dxb"
name = "Dubai support"
zone = "Asia/Dubai"
country = "AE"
hours = "08:00-17:00"

[[site.period]]
dates = "2027-02-08..2027-03-08"
hours = "09:00-14:00"
note = "Ramadan"

[[member]]
name = "Omar"
site = "dxb"

[[member]]
name = "Huda"                    # keeps the Friday-Saturday weekend she wrote down
site = "dxb"
weekend = ["fri", "sat"]

[[member]]
name = "Lena"
zone = "Europe/Berlin"
country = "DE"
subdivision = "BE"

[[member.period]]                # the year-end in Dubai, across the UAE's weekend change
dates = "2021-12-20..2022-01-14"
zone = "Asia/Dubai"
country = "AE"

[[member.period]]
dates = "2027-05-03..2027-05-14"
zone = "Asia/Tokyo"
country = "JP"
note = "Tokyo offsite"

[[member]]
name = "Jonas"
zone = "Europe/Berlin"
country = "DE"
subdivision = "BE"

[[member.period]]
dates = "2027-05-03..2027-05-14"
zone = "Asia/Tokyo"
"""


@pytest.fixture(scope="module")
def ctx() -> PlanContext:
    return PlanContext.from_document(parse_plan(PLAN, path="gulf.toml"))


def off(ctx: PlanContext, name: str, day: str) -> str | None:
    return ctx.calendar.day_off(ctx.plan.member(name), d(day))


@pytest.mark.parametrize("day, reason", [
    ("2021-12-23", None),  # Thursday
    ("2021-12-24", "weekend"),  # Friday: the old weekend
    ("2021-12-25", "weekend"),  # Saturday
    ("2021-12-26", None),  # Sunday: a working day until 2022
    ("2021-12-31", "weekend"),  # the last Friday off
    ("2022-01-01", "New Year's Day"),
    ("2022-01-02", "weekend"),  # the first Sunday off
    ("2022-01-03", None),
    ("2022-01-07", None),  # Friday: a working day from 2022
    ("2022-01-08", "weekend"),
    ("2022-01-09", "weekend"),
])
def test_uae_weekend_before_and_after_2022_01_01(ctx, day, reason):
    assert off(ctx, "Omar", day) == reason
    # Lena in Dubai (a period with country AE) rests by the same rule on each date.
    assert off(ctx, "Lena", day) == reason


def test_a_written_weekend_stays_whatever_the_countrys_rule(ctx):
    assert [off(ctx, "Huda", x) for x in ("2021-12-24", "2021-12-26", "2022-01-07",
                                          "2022-01-09")] == ["weekend", None, "weekend", None]


def test_the_uae_weekend_change_in_availability(ctx):
    omar = ctx.plan.member("Omar")

    def hours(day: str) -> list[tuple[str, str]]:
        s, e = at(f"{day} 00:00", "Asia/Dubai"), at(f"{day} 23:59", "Asia/Dubai")
        return [(f"{from_seconds(a):%H:%M}", f"{from_seconds(b):%H:%M}")
                for a, b in working_spans(omar, ctx.calendar, to_seconds(s), to_seconds(e))]

    assert hours("2021-12-26") == [("04:00", "13:00")]  # Sunday 08:00-17:00 in Dubai
    assert hours("2021-12-31") == []
    assert hours("2022-01-07") == [("04:00", "13:00")]
    assert hours("2022-01-09") == []


@pytest.mark.parametrize("day, spans", [
    ("2027-02-05", [("04:00", "13:00")]),  # Friday before Ramadan: 08:00-17:00 in Dubai
    ("2027-02-07", []),  # Sunday
    ("2027-02-08", [("05:00", "10:00")]),  # Ramadan hours 09:00-14:00 in Dubai
    ("2027-02-12", [("05:00", "10:00")]),  # Friday works since 2022
    ("2027-02-13", []),
    ("2027-03-08", [("05:00", "10:00")]),
    ("2027-03-09", []),  # Eid al-Fitr (an estimated date)
    ("2027-03-15", [("04:00", "13:00")]),  # usual hours again
])
def test_a_ramadan_hours_site_period(ctx, day, spans):
    omar = ctx.plan.member("Omar")
    s, e = at(f"{day} 00:00", "Asia/Dubai"), at(f"{day} 23:59", "Asia/Dubai")
    got = [(f"{from_seconds(a):%H:%M}", f"{from_seconds(b):%H:%M}")
           for a, b in working_spans(omar, ctx.calendar, to_seconds(s), to_seconds(e))]
    assert got == spans
    assert (ctx.calendar.day_off(omar, d(day)) is None) == bool(spans)


def test_holidays_follow_the_country_in_force(ctx):
    # In Tokyo with country JP: Japan's Golden Week, not Berlin's Ascension Day.
    assert off(ctx, "Lena", "2027-05-05") == "Children's Day"
    assert off(ctx, "Lena", "2027-05-06") is None
    assert off(ctx, "Lena", "2027-05-17") == "Pentecost Monday"  # back in Berlin
    # Jonas travels without a country: Berlin's holidays stay his.
    assert off(ctx, "Jonas", "2027-05-05") is None
    assert off(ctx, "Jonas", "2027-05-06") == "Ascension Day"


def test_the_holidays_report_lists_the_region_in_force_on_each_date(ctx):
    rows = holidays_between(ctx.plan, ctx.holiday_records, d("2027-05-01"), d("2027-05-20"))
    by = {(r.date.isoformat(), r.name): set(r.members) for r in rows}
    assert by[("2027-05-05", "Children's Day")] == {"Lena"}
    assert by[("2027-05-06", "Ascension Day")] == {"Jonas"}
    assert by[("2027-05-01", "Labor Day")] == {"Lena", "Jonas"}
    assert by[("2027-05-17", "Pentecost Monday")] == {"Lena", "Jonas"}
    assert ("2027-04-29", "Showa Day") not in by


def test_a_deadline_counts_the_travellers_days_where_they_are(ctx):
    report = deadline_report(ctx.plan, ctx.calendar, d("2027-05-03"), d("2027-05-07"))
    by = {s.name: s for s in report.sites}
    # Lena: 3-5 May are Japanese holidays, 6-7 May work (Ascension is Berlin's).
    assert by["Lena"].working_days == 2
    assert [x for x, _ in by["Lena"].days_off] == [d("2027-05-03"), d("2027-05-04"),
                                                   d("2027-05-05")]
    assert by["Jonas"].working_days == 4  # Ascension Day off
    # The Dubai site during Ramadan: five working days, Friday included.
    ramadan = deadline_report(ctx.plan, ctx.calendar, d("2027-02-08"), d("2027-02-14"))
    assert {s.name: s.working_days for s in ramadan.sites}["Dubai support"] == 5


def test_a_site_feed_stops_while_a_period_names_another_country(tmp_path: Path):
    feed = Path(__file__).parent.parent / "fixtures" / "ics" / "holiday_feed_all_day.ics"
    text = f"""\
version = 1
name = "Feed"
reference_zone = "Asia/Kolkata"

[[site]]
id = "blr"
zone = "Asia/Kolkata"
country = "IN"
subdivision = "KA"
holiday_feed = "{feed.as_posix()}"

[[member]]
name = "Priya"
site = "blr"

[[member.period]]
dates = "2026-11-02..2026-11-13"
zone = "Europe/Berlin"
country = "DE"
subdivision = "BE"

[[member]]
name = "Arjun"
site = "blr"
"""
    ctx = PlanContext.from_document(parse_plan(text, path=tmp_path / "feed.toml"))
    # Deepavali (8-9 November) comes from the site's feed: Priya is in Berlin then,
    # with Berlin's holidays; Arjun is at home.
    assert off(ctx, "Arjun", "2026-11-09") == "Deepavali (two days)"
    assert off(ctx, "Priya", "2026-11-09") is None
    rows = holidays_between(ctx.plan, ctx.holiday_records, d("2026-11-08"), d("2026-11-09"))
    assert "Deepavali (two days)" in {r.name for r in rows}
    assert {r.members for r in rows} == {("Arjun",)}  # the feed's and Karnataka's


def test_the_demo_plan_has_a_traveller_and_seasonal_site_hours():
    from planner.meetings import plan_portfolio
    from planner.periods import zone_at
    from resources import DEMO_PLAN

    demo = PlanContext.from_document(load_plan(DEMO_PLAN))
    lena, sushma = demo.plan.member("Lena"), demo.plan.member("Sushma")
    assert zone_at(lena, at("2027-05-05 12:00", "Asia/Tokyo")) == "Asia/Tokyo"
    assert zone_at(lena, at("2027-05-15 12:00", "Asia/Tokyo")) == "Europe/Berlin"

    def hours(day: str) -> list[tuple[str, str]]:
        s, e = at(f"{day} 00:00", "Asia/Kathmandu"), at(f"{day} 23:59", "Asia/Kathmandu")
        return [(f"{from_seconds(a):%H:%M}", f"{from_seconds(b):%H:%M}")  # UTC
                for a, b in working_spans(sushma, demo.calendar, to_seconds(s), to_seconds(e))]

    assert hours("2026-10-27") == [("04:15", "11:15")]  # 10:00-17:00 in Kathmandu
    assert hours("2026-11-03") == [("04:15", "10:15")]  # winter hours, 10:00-16:00
    pf = plan_portfolio(demo.plan.meetings, demo.plan, demo.calendar, today=d("2026-11-01"))
    sync = [o for o in pf.schedule("weekly-sync").occurrences if o.date == d("2027-05-06")]
    assert sync[0].attendance("Lena").local_start.isoformat() == "2027-05-06T22:00:00+09:00"
    assert any(p.reason == "travel" and p.date == d("2027-05-06")
               for p in pf.problems_of("weekly-sync"))
