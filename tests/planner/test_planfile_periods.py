"""[[member.period]] and [[site.period]] in the plan file: resolved values, every problem
at once with its line and a field like ``member "Lena".period[2].dates``, comments kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.errors import PlanFileError, Problem
from planner.model import Block
from planner.planfile import load_plan, parse_plan, save_plan
from tests.builders import REGIONS

TEXT = """\
version = 1
name = "Travels"
reference_zone = "Europe/Berlin"

[[site]]
id = "dxb"
name = "Dubai support"
zone = "Asia/Dubai"
country = "SA"                          # the test regions rest on Friday-Saturday there
hours = "08:00-17:00"

[[site.period]]                         # Ramadan: shorter days for the whole site
dates = "2027-02-08..2027-03-08"
hours = "09:00-14:00"
note = "Ramadan"

[[member]]
name = "Omar"
site = "dxb"

[[member]]
name = "Lena"
zone = "Europe/Berlin"
country = "DE"

[[member.period]]                       # the Tokyo offsite
dates = "2027-05-03..2027-05-14"
zone = "Asia/Tokyo"
hours = "10:00-16:00"
note = "Tokyo offsite"

[[member.period]]
dates = "2027-07-05"
country = "US"
subdivision = "NY"
zone = "America/New_York"

[[member]]
name = "Sam"
site = "dxb"
zone = "Europe/London"
weekend = ["sat", "sun"]

[[member.period]]
dates = "2027-02-15..2027-02-19"
zone = "Europe/Berlin"
"""


def parse(text: str):
    return parse_plan(text, path="team.toml", regions=REGIONS)


def problems(text: str) -> list[Problem]:
    with pytest.raises(PlanFileError) as e:
        parse(text)
    return list(e.value.problems)


def test_periods_resolve_with_their_owner_and_the_zone_their_dates_are_read_in():
    plan = parse(TEXT).plan
    omar, lena, sam = plan.members
    [ramadan] = plan.site("dxb").periods
    assert ramadan.site == "dxb" and ramadan.date_zone == "Asia/Dubai"
    assert ramadan.day_hours == (Block(9 * 60, 14 * 60),) and ramadan.note == "Ramadan"
    assert omar.periods == (ramadan,)
    tokyo, new_york = lena.periods
    assert (tokyo.days.first, tokyo.days.last) == (date(2027, 5, 3), date(2027, 5, 14))
    assert tokyo.zone == "Asia/Tokyo" and tokyo.site is None and tokyo.date_zone is None
    assert (new_york.country, new_york.subdivision, new_york.index) == ("US", "NY", 2)
    assert new_york.weekend == frozenset({5, 6})
    # Sam's own period comes first; the site's follows it.
    assert [p.site for p in sam.periods] == [None, "dxb"]


def test_weekend_written_or_not_decides_whether_the_countrys_rule_applies():
    plan = parse(TEXT).plan
    omar, lena, sam = plan.members
    assert omar.weekend_by_country and lena.weekend_by_country
    assert not sam.weekend_by_country and sam.weekend == frozenset({5, 6})
    assert omar.day_hours == (Block(8 * 60, 17 * 60),)  # the site's one list of hours
    assert lena.day_hours == (Block(9 * 60, 17 * 60),)  # the default


def test_every_problem_at_once_with_lines_fields_and_fixes():
    bad = TEXT.replace('zone = "Asia/Tokyo"', 'zone = "Asia/Tokio"') \
        .replace('dates = "2027-07-05"', 'dates = "2027-07-09..2027-07-05"') \
        .replace('hours = "09:00-14:00"', 'hours = "9-14"') \
        .replace('dates = "2027-02-15..2027-02-19"', 'dates = "2027-02-15..2027-02-19"\n'
                 'country = "XX"')
    bad += '\n[[member.period]]\ndates = "2027-02-18..2027-02-25"\nhours = "10:00-12:00"\n'
    ps = problems(bad)
    lines = bad.splitlines()
    by_field = {p.field: p for p in ps}
    zone = by_field['member "Lena".period[1].zone']
    assert 'unknown zone "Asia/Tokio"' in zone.reason and "Asia/Tokyo" in zone.suggestion
    assert "Asia/Tokio" in lines[zone.line - 1]
    dates = by_field['member "Lena".period[2].dates']
    assert "ends before it starts" in dates.reason
    assert dates.suggestion == 'swap them: "2027-07-05..2027-07-09"'
    assert "2027-07-09" in lines[dates.line - 1]
    hours = by_field['site "dxb".period[1].hours']
    assert '"9" is not a time' in hours.reason and lines[hours.line - 1].startswith("hours")
    country = by_field['member "Sam".period[1].country']
    assert 'unknown country "XX"' in country.reason and "XX" in lines[country.line - 1]
    shared = by_field['member "Sam".period[2].dates']
    assert "shares 2027-02-18..2027-02-19 with period[1]" in shared.reason
    assert "2027-02-18..2027-02-25" in lines[shared.line - 1]
    assert all(p.path == "team.toml" for p in ps)
    assert len(ps) == 5


@pytest.mark.parametrize("old, new, field, words", [
    ('dates = "2027-05-03..2027-05-14"', 'dates = "2027-05-3"', 'member "Lena".period[1].dates',
     "not a date"),
    ('dates = "2027-05-03..2027-05-14"', "dates = 2027-05-03", 'member "Lena".period[1].dates',
     "dates is text"),
    ('dates = "2027-05-03..2027-05-14"\n', "", 'member "Lena".period[1].dates',
     "dates is missing"),
    ('hours = "10:00-16:00"', 'hours = { mon = "10:00-16:00", fry = "10:00-12:00" }',
     'member "Lena".period[1].hours', '"fry" is not a day'),
    ('zone = "Asia/Tokyo"', 'zone = "UTC"', 'member "Lena".period[1].zone', "not a place"),
    ('country = "US"\n', "", 'member "Lena".period[2].subdivision', "without a country"),
    ('note = "Tokyo offsite"', 'note = ""', 'member "Lena".period[1].note', "non-empty"),
    ('name = "Omar"', 'name = "Omar"\nperiod = "Tokyo"', 'member "Omar".period',
     "[[member.period]] tables"),
])
def test_each_kind_of_mistake(old, new, field, words):
    assert old in TEXT
    ps = problems(TEXT.replace(old, new, 1))
    hits = [p for p in ps if p.field == field]
    assert hits, [str(p) for p in ps]
    assert words in str(hits[0]) and hits[0].line is not None


def test_a_member_period_may_overlap_a_site_period():
    text = TEXT.replace('dates = "2027-02-15..2027-02-19"', 'dates = "2027-03-01..2027-03-20"')
    assert parse(text).plan.members[2].periods[0].days.first == date(2027, 3, 1)


def test_unknown_keys_and_periods_that_change_nothing_are_warnings_kept_in_the_file():
    text = TEXT.replace('note = "Tokyo offsite"', 'note = "Tokyo offsite"\nflight = "NH204"')
    text += '\n[[member.period]]\ndates = "2027-08-02"\nnote = "a reminder"\n'
    pd = parse(text)
    fields = {w.field: w for w in pd.warnings}
    flight = fields['member "Lena".period[1].flight']
    assert flight.severity == "warning" and 'unknown key "flight"' in flight.reason
    assert "flight" in text.splitlines()[flight.line - 1]
    assert "changes nothing" in fields['member "Sam".period[2]'].reason
    pd.update_entry("member", 1, {"email": "lena@example.com"})
    assert 'flight = "NH204"' in pd.dumps()


def test_a_save_keeps_periods_and_their_comments(tmp_path: Path):
    path = tmp_path / "team.toml"
    path.write_text(TEXT, encoding="utf-8")
    pd = load_plan(path, regions=REGIONS)
    pd.update_entry("member", 1, {"email": "lena@example.com"})
    save_plan(pd)
    saved = path.read_text(encoding="utf-8")
    assert "# the Tokyo offsite" in saved and "# Ramadan: shorter days" in saved
    assert saved.replace('email = "lena@example.com"\n', "") == TEXT
    again = load_plan(path, regions=REGIONS).plan
    assert again.members[1].periods == pd.plan.members[1].periods
