"""PlanDocument.set_nested_entries: [[member.period]] edited in place, comments kept."""

from __future__ import annotations

import pytest

from planner.errors import PlannerError
from tests.builders import document

PLAN = """\
version = 1
reference_zone = "Europe/Berlin"

[[member]]
name = "Lena"    # lead
zone = "Europe/Berlin"
hours = "09:00-17:00"

[[member.period]]                 # travel
dates = "2027-05-03..2027-05-14"  # in Tokyo's calendar
zone = "Asia/Tokyo"
note = "Tokyo office"

[[member]]
name = "Jonas"
zone = "Europe/Berlin"
hours = "09:00-17:00"
"""

TOKYO = {"dates": "2027-05-03..2027-05-14", "zone": "Asia/Tokyo", "note": "Tokyo office"}


def test_an_unchanged_period_keeps_its_comments_and_a_new_one_is_added_after_it():
    pd = document(PLAN)
    pd.set_nested_entries("member", 0, "period",
                          [TOKYO, {"dates": "2027-07-01..2027-07-31", "hours": "08:00-14:00",
                                   "note": "Summer"}])
    text = pd.dumps()
    assert '[[member.period]]                 # travel\n' in text
    assert 'dates = "2027-05-03..2027-05-14"  # in Tokyo\'s calendar\n' in text
    assert ('note = "Tokyo office"\n\n[[member.period]]\ndates = "2027-07-01..2027-07-31"\n'
            'hours = "08:00-14:00"\nnote = "Summer"\n\n[[member]]\nname = "Jonas"') in text
    assert [p.note for p in pd.plan.members[0].periods] == ["Tokyo office", "Summer"]
    assert pd.nested_entries("member", 0, "period")[1]["hours"] == "08:00-14:00"
    again = document(text)
    assert again.plan.members[0].periods == pd.plan.members[0].periods


def test_editing_a_key_keeps_the_others_and_removing_the_last_period_drops_the_array():
    pd = document(PLAN)
    pd.set_nested_entries("member", 0, "period", [{**TOKYO, "note": None, "zone": "Asia/Seoul"}])
    text = pd.dumps()
    assert 'zone = "Asia/Seoul"' in text and "note" not in text.split("[[member]]\nname = \"J")[0]
    assert "# in Tokyo's calendar" in text
    pd.set_nested_entries("member", 0, "period", [])
    assert "member.period" not in pd.dumps()
    assert pd.plan.members[0].periods == ()


def test_a_first_period_for_a_member_in_the_middle_and_at_the_end_of_the_file():
    pd = document(PLAN)
    pd.set_nested_entries("member", 1, "period", [{"dates": "2027-08-02", "zone": "Asia/Tokyo"}])
    text = pd.dumps()
    assert text.endswith('hours = "09:00-17:00"\n\n[[member.period]]\ndates = "2027-08-02"\n'
                         'zone = "Asia/Tokyo"\n')
    assert document(text).plan.members[1].periods[0].zone == "Asia/Tokyo"


def test_an_invalid_period_is_refused_and_the_document_unchanged():
    pd = document(PLAN)
    before = pd.dumps()
    with pytest.raises(PlannerError):
        pd.set_nested_entries("member", 0, "period", [{"dates": "2027-05-14..2027-05-03"}])
    assert pd.dumps() == before
