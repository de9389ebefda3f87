"""What undo needs from the plan document: any earlier text back exactly, and the tables
the program owns (records of exports and mail) kept as they are now."""

from __future__ import annotations

import tomllib

import pytest

from planner.errors import PlanFileError
from planner.planfile import parse_plan
from tests.builders import NO_REGIONS

PLAN = """\
# The team (this comment must survive)
version = 1
name = "Payments"
reference_zone = "Europe/Berlin"   # the grid's zone

[[member]]
name = "Lena"
zone = "Europe/Berlin"  # Berlin office

[[member]]
name = "Maya"
zone = "America/New_York"
"""


def test_replace_text_restores_an_earlier_text_byte_for_byte():
    doc = parse_plan(PLAN, regions=NO_REGIONS)
    doc.update_entry("member", 1, {"email": "maya@example.com"})
    doc.remove_entry("member", 0)
    assert [m.name for m in doc.plan.members] == ["Maya"]
    doc.replace_text(PLAN)
    assert doc.dumps() == PLAN
    assert [m.name for m in doc.plan.members] == ["Lena", "Maya"]
    doc.update_entry("member", 0, {"city": "Berlin"})     # and it edits on from there
    assert "# Berlin office" in doc.dumps() and 'city = "Berlin"' in doc.dumps()


def test_replace_text_refuses_a_plan_that_does_not_load_and_keeps_the_document():
    doc = parse_plan(PLAN, regions=NO_REGIONS)
    with pytest.raises(PlanFileError):
        doc.replace_text(PLAN.replace('"America/New_York"', '"Mars/Olympus"'))
    assert doc.dumps() == PLAN


@pytest.mark.parametrize("records", ["none before", "some before"])
def test_owned_tables_are_carried_into_an_earlier_text(records):
    earlier = PLAN if records == "none before" else \
        PLAN + '\n[[exports]]\nuid = "old@overlap"\nsequence = 0\n'
    doc = parse_plan(earlier, regions=NO_REGIONS)
    doc.remove_entry("member", 1)
    doc.add_entry("exports", {"uid": "new@overlap", "sequence": 1})
    now = tomllib.loads(doc.dumps())
    back = doc.with_owned_tables(earlier)
    got = tomllib.loads(back)
    assert got["exports"] == now["exports"]                 # the records as they are now
    assert {k: v for k, v in got.items() if k != "exports"} == \
        {k: v for k, v in tomllib.loads(earlier).items() if k != "exports"}
    assert "# The team (this comment must survive)" in back
    assert "# Berlin office" in back


def test_owned_tables_gone_since_are_gone_from_the_earlier_text_too():
    earlier = PLAN + '\n[[exports]]\nuid = "old@overlap"\nsequence = 0\n'
    doc = parse_plan(earlier, regions=NO_REGIONS)
    doc.set_value("exports", None)
    assert "exports" not in tomllib.loads(doc.with_owned_tables(earlier))
    assert doc.with_owned_tables(PLAN) == PLAN               # nothing to carry: unchanged
