"""Deadline counts and holiday listings against an independent day-by-day count."""

from __future__ import annotations

from datetime import date, timedelta

import holidays as lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.context import PlanContext
from planner.deadline import deadline_report
from planner.errors import InputError
from planner.holidays.report import holidays_between
from planner.planfile import parse_plan

PLAN = """\
version = 1
name = "Sites"
reference_zone = "Europe/Berlin"

[[site]]
id = "muc"
name = "Munich"
zone = "Europe/Berlin"
country = "DE"
subdivision = "BY"

[[site]]
id = "ber"
name = "Berlin"
zone = "Europe/Berlin"
country = "DE"
subdivision = "BE"

[[site]]
id = "ruh"
name = "Riyadh"
zone = "Asia/Riyadh"
country = "SA"

[[site]]
id = "bos"
name = "Boston"
zone = "America/New_York"
country = "US"
subdivision = "MA"

[[member]]
name = "Anna"
site = "muc"

[[member]]
name = "Ben"
site = "ber"
time_off = ["2027-01-04..2027-01-05"]

[[member]]
name = "Omar"
site = "ruh"

[[member]]
name = "Zoe"
site = "bos"
required = false

[[holiday]]
date = "2026-12-23..2026-12-24"
name = "Berlin office move"
sites = ["ber"]
"""

SITES = {"Munich": ("DE", "BY"), "Berlin": ("DE", "BE"), "Riyadh": ("SA", None),
         "Boston": ("US", "MA")}


@pytest.fixture(scope="module")
def ctx() -> PlanContext:
    return PlanContext.from_document(parse_plan(PLAN, path="sites.toml"))


def oracle_working_days(site: str, start: date, end: date) -> set[date]:
    """Day by day, straight from the holidays library: not weekend, not a holiday."""
    country, sub = SITES[site]
    years = range(start.year, end.year + 1)
    hol = lib.country_holidays(country, subdiv=sub, years=years)
    weekend = lib.country_holidays(country, subdiv=sub).weekend
    days = set()
    d = start
    while d <= end:
        company = site == "Berlin" and date(2026, 12, 23) <= d <= date(2026, 12, 24)
        if d.weekday() not in weekend and d not in hol and not company:
            days.add(d)
        d += timedelta(days=1)
    return days


@settings(max_examples=25, deadline=None)
@given(start=st.dates(date(2025, 1, 1), date(2028, 12, 31)), length=st.integers(0, 120))
def test_working_days_match_day_by_day_count(ctx, start, length):
    end = start + timedelta(days=length)
    report = deadline_report(ctx.plan, ctx.calendar, start, end)
    shared = None
    for s in report.sites:
        expected = oracle_working_days(s.name, start, end)
        assert s.working_days == len(expected), s.name
        if s.required:
            shared = expected if shared is None else shared & expected
    assert report.shared_working_days == len(shared)
    assert set(report.shared_dates) == shared


def test_subdivisions_and_weekends(ctx):
    # Epiphany (6 Jan) is a holiday in Bavaria, not in Berlin; Riyadh rests Fri-Sat.
    r = deadline_report(ctx.plan, ctx.calendar, date(2027, 1, 4), date(2027, 1, 10))
    by = {s.name: s for s in r.sites}
    assert (date(2027, 1, 6), "Epiphany") in by["Munich"].holidays
    assert all(d != date(2027, 1, 6) for d, _ in by["Berlin"].holidays)
    assert by["Munich"].working_days == 4 and by["Berlin"].working_days == 5
    # 4-10 Jan 2027 is Mon-Sun: Riyadh works Sun-Thu.
    assert by["Riyadh"].working_days == 5
    assert [n for n, _ in by["Berlin"].time_off] == ["Ben", "Ben"]
    # Boston is optional: it doesn't limit the shared days.
    assert r.shared_working_days == len(
        oracle_working_days("Munich", date(2027, 1, 4), date(2027, 1, 10))
        & oracle_working_days("Berlin", date(2027, 1, 4), date(2027, 1, 10))
        & oracle_working_days("Riyadh", date(2027, 1, 4), date(2027, 1, 10)))


def test_patriots_day_only_in_massachusetts(ctx):
    rows = holidays_between(ctx.plan, ctx.holiday_records, date(2027, 4, 1), date(2027, 4, 30))
    patriots = [r for r in rows if "Patriots" in r.name]
    assert [(r.date, r.members, r.subdivision) for r in patriots] == [
        (date(2027, 4, 19), ("Zoe",), "MA")]


def test_holiday_listing_equals_library_for_each_member(ctx):
    start, end = date(2026, 12, 1), date(2027, 1, 31)
    rows = holidays_between(ctx.plan, ctx.holiday_records, start, end)
    for m in ctx.plan.members:
        country, sub = m.country, m.subdivision
        expected = {(d, n) for d, n in lib.country_holidays(
            country, subdiv=sub, years=(2026, 2027)).items() if start <= d <= end}
        # The library joins several names on one date with "; ".
        got = {(r.date, r.name) for r in rows if m.name in r.members and r.kind == "public"}
        assert {(d, n) for d, names in expected for n in names.split("; ")} == got, m.name
    company = [r for r in rows if r.kind == "company"]
    assert [(r.date, r.members) for r in company] == [(date(2026, 12, 23), ("Ben",)),
                                                      (date(2026, 12, 24), ("Ben",))]


def test_estimated_islamic_holidays_are_marked(ctx):
    rows = holidays_between(ctx.plan, ctx.holiday_records, date(2027, 1, 1), date(2027, 12, 31))
    saudi = [r for r in rows if r.country == "SA"]
    assert saudi and any(r.estimated for r in saudi)
    assert all("estimated" not in r.name.lower() for r in saudi)


def test_deadline_before_start_is_an_input_error(ctx):
    with pytest.raises(InputError, match="before"):
        deadline_report(ctx.plan, ctx.calendar, date(2027, 1, 10), date(2027, 1, 4))


def test_observed_new_year_across_the_year_boundary():
    # 1 Jan 2022 was a Saturday: the US observed it on Friday 31 Dec 2021.
    text = PLAN.replace('subdivision = "MA"', 'subdivision = "NY"')
    c = PlanContext.from_document(parse_plan(text))
    zoe = c.plan.member("Zoe")
    assert "observed" in (c.calendar.day_off(zoe, date(2021, 12, 31)) or "")
    r = deadline_report(c.plan, c.calendar, date(2021, 12, 27), date(2022, 1, 7))
    boston = next(s for s in r.sites if s.name == "Boston")
    assert date(2021, 12, 31) in {d for d, _ in boston.holidays}
