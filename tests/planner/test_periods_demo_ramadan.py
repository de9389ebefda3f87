"""A Ramadan-hours site period from the demo: the Dubai payments partner (site ``dxb``,
Omar) works 08:00-14:00 instead of 08:00-16:00 during Ramadan 1448 (2027-02-08..03-08).

The engine's working spans and comfort are checked against the independent
minute-by-minute oracle of tests/oracles.py (which reads the period in force from the
plan's periods by the contract, without planner.periods), the dates against the
holidays library's own Eid al-Fitr, and the hours against the rule the demo cites
(UAE private sector: two hours shorter each day of Ramadan)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from planner.availability import comfort_segments, to_seconds, working_spans
from planner.context import PlanContext
from planner.meetings import plan_portfolio
from planner.planfile import load_plan
from resources import DEMO_PLAN
from tests.builders import at, d
from tests.oracles import brute_available, minute_cost, minutes, period_in_force

FIRST, LAST = d("2027-02-08"), d("2027-03-08")
DUBAI = ZoneInfo("Asia/Dubai")


@pytest.fixture(scope="module")
def demo() -> PlanContext:
    return PlanContext.from_document(load_plan(DEMO_PLAN))  # the real holidays library


def _ramadan(demo: PlanContext):
    (period,) = demo.plan.site("dxb").periods
    return period


def test_the_demos_dubai_site_has_ramadan_hours_on_ramadans_dates(demo):
    period = _ramadan(demo)
    assert period.note == "Ramadan hours" and period.hours_text == "08:00-14:00"
    assert (period.days.first, period.days.last) == (FIRST, LAST)
    # Ramadan ends the day before Eid al-Fitr, as the holidays library dates it for the
    # UAE, and an Islamic month has 29 or 30 days.
    ae = holidays.country_holidays("AE", years=2027, language="en_US")
    (eid,) = [day for day, name in ae.items() if name.startswith("Eid al-Fitr")
              and "Holiday" not in name]
    assert LAST + timedelta(days=1) == eid
    assert (LAST - FIRST).days + 1 in (29, 30)
    omar = demo.plan.member("Omar")
    assert [p.site for p in omar.periods] == ["dxb"]      # the site's period is Omar's


def test_omars_working_minutes_through_ramadan_equal_the_minute_by_minute_oracle(demo):
    omar = demo.plan.member("Omar")
    start, end = at("2027-02-01 00:00", "Asia/Dubai"), at("2027-03-16 00:00", "Asia/Dubai")
    spans = working_spans(omar, demo.calendar, to_seconds(start), to_seconds(end))
    engine = {s for a, b in spans for s in range(a, b, 60)}
    oracle = {to_seconds(t) for t in minutes(start, end)
              if brute_available(omar, demo.calendar, t)}
    assert engine == oracle
    # The oracle's own reading: Ramadan in force from Dubai's midnight of the first date
    # to the midnight after the last, nowhere else.
    for t, inside in ((at("2027-02-07 23:59", "Asia/Dubai"), False),
                      (at("2027-02-08 00:00", "Asia/Dubai"), True),
                      (at("2027-03-08 23:59", "Asia/Dubai"), True),
                      (at("2027-03-09 00:00", "Asia/Dubai"), False)):
        p = period_in_force(omar, t)
        assert (p is not None and p.note == "Ramadan hours") is inside
    # Per local working day: 8 hours before and after, two hours less in Ramadan (the
    # rule the demo cites), and nothing on weekends and Eid al-Fitr.
    epoch = at("1970-01-01 00:00", "UTC")
    per_day = Counter((epoch + timedelta(seconds=s)).astimezone(DUBAI).date() for s in oracle)
    assert len(oracle) > 20 * 6 * 60
    for day in (FIRST + timedelta(days=k) for k in range((LAST - FIRST).days + 1)):
        if day.weekday() < 5:
            assert per_day[day] == 6 * 60, day
    assert per_day[d("2027-02-05")] == per_day[d("2027-03-15")] == 8 * 60
    assert per_day[d("2027-03-09")] == 0                  # Eid al-Fitr
    assert per_day[d("2027-02-13")] == per_day[d("2027-02-14")] == 0   # Saturday, Sunday


@pytest.mark.parametrize("day, worst", [
    ("2027-02-23", "shoulder"),   # 13:30-14:15 in Dubai: past Ramadan's 14:00
    ("2027-03-23", "work"),       # the same slot once the usual hours are back
])
def test_the_partner_review_in_ramadan_is_past_omars_hours_by_the_oracle(demo, day, worst):
    omar = demo.plan.member("Omar")
    pf = plan_portfolio(demo.plan.meetings, demo.plan, demo.calendar, today=d("2027-01-01"))
    (occ,) = [o for o in pf.schedule("partner-review").occurrences if o.date == d(day)]
    mine = occ.attendance("Omar")
    assert mine.local_start.strftime("%H:%M") == "13:30"
    start = mine.local_start
    end = start + timedelta(minutes=45)
    _, oracle_worst, _ = minute_cost(omar, demo.calendar, start, end)
    assert oracle_worst == worst
    assert mine.comfort == worst
    segments = comfort_segments(omar, demo.calendar, to_seconds(start), to_seconds(end))
    classes = {c for _, _, c in segments}
    assert ("shoulder" in classes) is (worst == "shoulder")
