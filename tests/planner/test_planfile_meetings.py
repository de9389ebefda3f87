"""[[meeting]] tables in plan files: loaded with the plan, saved untouched, mistakes with lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.errors import PlanFileError
from planner.planfile import load_plan, save_plan
from tests.builders import NO_REGIONS, document, plan_text

TEXT = plan_text("meetings")


def test_meetings_load_with_the_plan():
    plan = document(TEXT).plan
    assert [m.id for m in plan.meetings] == ["weekly-sync", "partner-demo"]
    sync, demo = plan.meetings
    assert sync.duration == 30 and sync.skip == frozenset({date(2026, 3, 16)})
    assert [s.zone for s in demo.slots] == ["Europe/Berlin", "Europe/Berlin"]
    assert dict(demo.lock) == {date(2026, 3, 19): "B"}


def test_meetings_survive_an_edit_and_save_with_their_comments(tmp_path: Path):
    path = tmp_path / "plan.toml"
    path.write_text(TEXT, encoding="utf-8")
    pd = load_plan(path, regions=NO_REGIONS)
    pd.update_entry("member", 1, {"email": "maya@example.com"})
    save_plan(pd)
    text = path.read_text(encoding="utf-8")
    assert "# UIDs derive from this" in text and text.count("[[meeting]]") == 2
    again = load_plan(path, regions=NO_REGIONS)
    assert again.plan.meetings == pd.plan.meetings


def test_a_plan_without_meetings_has_none():
    assert document(plan_text("berlin-new-york")).plan.meetings == ()


def test_meeting_mistakes_come_with_the_plan_s_other_mistakes_and_their_lines():
    bad = (TEXT.replace('attendees = ["ber", "Maya"]', 'attendees = ["ber", "Mya"]')
           .replace('zone = "Australia/Sydney"', 'zone = "Australia/Sidney"'))
    with pytest.raises(PlanFileError) as e:
        document(bad)
    lines = bad.splitlines()
    by_field = {p.field: p for p in e.value.problems}
    attendees = by_field['meeting "weekly-sync".attendees']
    assert "Mya" in attendees.reason and "Maya" in (attendees.suggestion or "")
    assert lines[attendees.line - 1].startswith("attendees =")
    assert any("Australia/Sidney" in p.reason for p in e.value.problems)


def test_meeting_is_no_longer_reported_as_an_unknown_key():
    assert not any("meeting" in (p.field or "") for p in document(TEXT).warnings)


def test_a_member_that_fails_to_load_is_not_reported_again_by_its_meetings():
    bad = TEXT.replace('zone = "Australia/Sydney"', 'zone = "Australia/Sidney"')
    with pytest.raises(PlanFileError) as e:
        document(bad)
    assert [p.field for p in e.value.problems] == ['member "Chloe".zone']
