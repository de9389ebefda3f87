"""The frozen past in the plan file: [meeting_record] saved, reloaded, and honoured
when the coordinator later changes slots and locks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.meetings import (
    plan_portfolio,
    read_meeting_record,
    remember_meeting_record,
)
from planner.planfile import PlanDocument, load_plan, save_plan
from tests.builders import NO_REGIONS, calendar, d, document, plan_text

TEXT = plan_text("meetings")  # weekly-sync is fixed, partner-demo rotates (A 15:00, B 08:00)


def planned(pd: PlanDocument, today: date):
    p = pd.plan
    return plan_portfolio(p.meetings, p, calendar(p), today=today,
                          record=read_meeting_record(pd))


def held(pf, meeting_id: str) -> dict[date, tuple[str, object]]:
    s = pf.schedule(meeting_id)
    return {o.rule_date: (s.slot(o.slot).text, o.start) for o in s.held}


def saved(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_past_of_a_rotation_is_saved_and_reloaded(tmp_path: Path) -> None:
    path = saved(tmp_path)
    pd = load_plan(path, regions=NO_REGIONS)
    today = d("2026-04-10")
    pf = planned(pd, today)
    assert remember_meeting_record(pd, pf, today)
    save_plan(pd)
    text = path.read_text(encoding="utf-8")
    # Only the rotation's occurrences held before today; the fixed meeting has no record.
    expected = {day: slot for day, (slot, _) in held(pf, "partner-demo").items() if day < today}
    assert set(expected) == {d("2026-03-05"), d("2026-03-19"), d("2026-04-02")}
    assert expected[d("2026-03-19")] == "08:00 Europe/Berlin"  # the coordinator's lock
    assert read_meeting_record(load_plan(path, regions=NO_REGIONS)) == {"partner-demo": expected}
    assert "[meeting_record]" in text and "weekly-sync =" not in text
    assert '    "2026-03-19 08:00 Europe/Berlin",\n' in text  # one line per occurrence
    # The coordinator's comments and keys are untouched.
    assert "# UIDs derive from this" in text and "# A team with two saved meetings" in text
    assert text.startswith(TEXT.rstrip("\n"))


def test_the_record_table_is_no_unknown_key() -> None:
    text = TEXT + '\n[meeting_record]\npartner-demo = ["2026-03-05 08:00 Europe/Berlin"]\n'
    pd = document(text)
    assert pd.warnings == ()
    assert read_meeting_record(pd) == {"partner-demo": {d("2026-03-05"): "08:00 Europe/Berlin"}}


def test_replanning_later_with_changed_slots_and_locks_keeps_the_past(tmp_path: Path) -> None:
    path = saved(tmp_path)
    pd = load_plan(path, regions=NO_REGIONS)
    first_today = d("2026-04-10")
    before = held(planned(pd, first_today), "partner-demo")
    remember_meeting_record(pd, planned(pd, first_today), first_today)
    save_plan(pd)

    # The coordinator replaces slot B, locks a future date and drops the old lock.
    pd = load_plan(path, regions=NO_REGIONS)
    index = [m.id for m in pd.plan.meetings].index("partner-demo")
    pd.update_entry("meeting", index, {
        "slots": ["15:00 Europe/Berlin", "11:00 Europe/Berlin"],
        "lock": {"2026-04-16": "B", "2026-04-30": "B"}})
    later = d("2026-05-01")
    after = held(planned(pd, later), "partner-demo")
    for day in (d("2026-03-05"), d("2026-03-19"), d("2026-04-02")):
        assert after[day] == before[day]  # frozen: same slot text, same instant
    p = pd.plan
    forgetful = plan_portfolio(p.meetings, p, calendar(p), today=later)
    assert held(forgetful, "partner-demo")[d("2026-03-19")] != before[d("2026-03-19")]
    # Held since the last save but not recorded: open to the new slots and locks.
    assert after[d("2026-04-16")][0] == after[d("2026-04-30")][0] == "11:00 Europe/Berlin"
    remember_meeting_record(pd, planned(pd, later), later)
    record = read_meeting_record(pd)["partner-demo"]
    assert record[d("2026-03-19")] == "08:00 Europe/Berlin"  # a retired slot stays recorded
    assert record[d("2026-04-16")] == "11:00 Europe/Berlin"
    assert max(record) < later


def test_remembering_the_same_past_again_changes_nothing() -> None:
    pd = document(TEXT)
    today = d("2026-04-10")
    assert remember_meeting_record(pd, planned(pd, today), today)
    text = pd.dumps()
    assert not remember_meeting_record(pd, planned(pd, today), today)
    assert pd.dumps() == text


def test_nothing_is_written_before_the_first_occurrence() -> None:
    pd = document(TEXT)
    today = d("2026-03-01")
    assert not remember_meeting_record(pd, planned(pd, today), today)
    assert "meeting_record" not in pd.dumps()


def test_entries_of_meetings_not_planned_stay() -> None:
    text = TEXT + '\n[meeting_record]\nold-meeting = ["2025-01-06 09:00 Europe/Berlin"]\n'
    pd = document(text)
    today = d("2026-04-10")
    remember_meeting_record(pd, planned(pd, today), today)
    record = read_meeting_record(pd)
    assert set(record) == {"old-meeting", "partner-demo"}


def test_nonsense_in_the_record_is_ignored() -> None:
    text = TEXT + ('\n[meeting_record]\npartner-demo = ["yesterday 08:00 Europe/Berlin", 3,'
                   ' "2026-03-05", "2026-03-19 08:00 Europe/Berlin"]\nweekly-sync = "A"\n')
    pd = document(text)
    assert read_meeting_record(pd) == {"partner-demo": {d("2026-03-19"): "08:00 Europe/Berlin"}}
    assert read_meeting_record(document(TEXT + "\nmeeting_record = 3\n")) == {}
    assert read_meeting_record(None) == {}


def test_a_record_that_is_no_table_is_replaced() -> None:
    pd = document(TEXT + "\nmeeting_record = 3\n")
    today = d("2026-04-10")
    assert remember_meeting_record(pd, planned(pd, today), today)
    assert set(read_meeting_record(pd)) == {"partner-demo"}
