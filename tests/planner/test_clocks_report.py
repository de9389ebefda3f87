"""What people read about clock changes: the ``dst --json`` document, the short
text report, the window's banner line and the notice sent per shifted occurrence."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from planner.clocks import (
    banner_shifts,
    banner_text,
    clock_report,
    dst_json,
    dst_text,
    notice_message_text,
)
from planner.meetings import Meeting, Portfolio, plan_portfolio
from tests import builders
from tests.builders import WORLD as TEAM
from tests.builders import calendar, d


def meeting(mid: str, *slots: str, start: str = "2027-03-01", **kw: object) -> Meeting:
    return builders.meeting(mid, *slots, start=start, **kw)  # type: ignore[arg-type]


def portfolio(*meetings: Meeting) -> Portfolio:
    return plan_portfolio(meetings, TEAM, calendar(TEAM), today=d("2026-01-01"))

SYNC = meeting("weekly-sync", "09:00 America/New_York", count=8,
               attendees=("Lena", "Maya", "Priya", "Chloe"))
MARCH = (d("2027-03-08"), d("2027-04-04"))


def march_report(*meetings, first=MARCH[0], last=MARCH[1], only=None):
    return clock_report(TEAM, portfolio(*(meetings or (SYNC,))), first, last, meetings=only)


# --- dst --json ----------------------------------------------------------------------

def test_the_json_document_has_the_designed_shape():
    doc = dst_json(march_report())
    assert json.loads(json.dumps(doc)) == doc
    assert {"transitions", "shifts"} <= set(doc)
    for t in doc["transitions"]:
        assert {"zone", "at", "offset_before", "offset_after", "members"} <= set(t)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t["at"])
        assert all(re.fullmatch(r"[+-]\d\d:\d\d", t[k]) for k in ("offset_before", "offset_after"))
    assert [t["at"] for t in doc["transitions"]] == sorted(t["at"] for t in doc["transitions"])
    assert doc["transitions"][0] == {
        "zone": "America/New_York", "at": "2027-03-14T07:00:00Z", "offset_before": "-05:00",
        "offset_after": "-04:00", "members": ["Maya"]}
    assert [t["zone"] for t in doc["transitions"]] == [
        "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Australia/Sydney",
        "America/Santiago"]
    first = doc["shifts"][0]
    assert {"meeting", "date", "previous", "members"} <= set(first)
    assert (first["meeting"], first["date"], first["previous"]) == (
        "weekly-sync", "2027-03-15", "2027-03-08")
    assert first["members"][0] | {"zone": None, "required": None, "returns": None} == {
        "name": "Lena", "before": "2027-03-08T15:00:00+01:00",
        "after": "2027-03-15T14:00:00+01:00", "change": "-60", "comfort_before": "work",
        "comfort_after": "work", "zone": None, "required": None, "returns": None}
    assert [m["name"] for m in first["members"]] == ["Lena", "Priya", "Chloe"]
    assert first["members"][0]["returns"] == "2027-03-29"


def test_meeting_narrows_shifts_and_never_transitions():
    other = meeting("apac", "09:00 Pacific/Auckland", count=8, attendees=("Lena",))
    both = dst_json(march_report(SYNC, other))
    narrowed = dst_json(march_report(SYNC, other, only=["weekly-sync"]))
    assert narrowed["transitions"] == both["transitions"]
    assert {s["meeting"] for s in both["shifts"]} == {"weekly-sync", "apac"}
    assert {s["meeting"] for s in narrowed["shifts"]} == {"weekly-sync"}


# --- the text report -------------------------------------------------------------------

def test_the_text_report_reads_in_ten_seconds():
    text = dst_text(march_report())
    assert text == (
        "Clocks change (8 Mar – 4 Apr 2027):\n"
        "  14 Mar New York (-05:00 → -04:00: Maya)\n"
        "  28 Mar Berlin (+01:00 → +02:00: Lena, Jonas)\n"
        "  4 Apr Lord Howe (+11:00 → +10:30: Ava)\n"
        "  4 Apr Sydney (+11:00 → +10:00: Chloe)\n"
        "  4 Apr Santiago (-03:00 → -04:00: Tomás)\n"
        "Meetings that move:\n"
        "  Weekly sync on 15 Mar moves for Lena: 15:00 → 14:00 (work → work), "
        "Priya: 19:30 → 18:30 (shoulder → work), Chloe: 01:00 → 00:00 (night → night)\n"
        "  Weekly sync on 29 Mar moves for Lena: 14:00 → 15:00 (work → work)\n")


def test_the_text_names_a_change_before_the_range_and_says_when_nothing_moves():
    text = dst_text(march_report(first=d("2027-03-15"), last=d("2027-03-20")))
    assert text == (
        "No clock changes 15 Mar – 20 Mar 2027.\n"
        "Meetings that move:\n"
        "  Weekly sync on 15 Mar moves for Lena: 15:00 → 14:00 (work → work), "
        "Priya: 19:30 → 18:30 (shoulder → work), Chloe: 01:00 → 00:00 (night → night); "
        "after New York 14 Mar\n")
    quiet = dst_text(march_report(first=d("2027-05-01"), last=d("2027-05-31")))
    assert quiet == ("No clock changes 1 May – 31 May 2027.\n"
                     "No meeting moves for anyone in this range.\n")
    local = meeting("local", "15:00 Europe/Berlin", count=8, attendees=("Lena", "Jonas"))
    assert dst_text(march_report(local)).endswith("No meeting moves for anyone.\n")


def test_the_text_shows_weekdays_when_a_meeting_crosses_midnight():
    late = meeting("late", "22:30 UTC", start="2027-03-21", count=2, attendees=("Lena",))
    text = dst_text(march_report(late, first=d("2027-03-21"), last=d("2027-12-31")))
    assert "Late on 28 Mar moves for Lena: Sun 23:30 → Mon 00:30 (night → night)" in text


# --- the banner --------------------------------------------------------------------

def test_the_banner_names_the_change_the_meeting_and_the_new_time():
    m = meeting("weekly-sync", "15:00 Europe/Berlin", start="2026-03-02", count=2,
                attendees=("Lena", "Maya"))
    m = replace(m, title="Weekly sync")
    shifts = banner_shifts(TEAM, portfolio(m), d("2026-03-01"))
    assert banner_text(shifts) == \
        "Clocks change on 8 Mar in New York: Weekly sync moves to 10:00 for Maya"
    assert banner_text(()) is None


def test_the_banner_counts_what_it_does_not_show():
    shifts = banner_shifts(TEAM, portfolio(SYNC), d("2027-03-08"))
    assert len(shifts) == 2
    assert banner_text(shifts) == (
        "Clocks change on 14 Mar in New York: Weekly sync moves to 14:00 for Lena, "
        "18:30 for Priya, 00:00 for Chloe (and 1 more occurrence)")


# --- the notice ------------------------------------------------------------------

def test_the_notice_says_who_moves_why_whether_outside_hours_and_when_it_returns():
    report = march_report()
    subject, body = notice_message_text(report.shifts[0], SYNC, TEAM)
    assert "Weekly sync" in subject and "2027-03-15" in subject
    assert "\r" not in body and "<" not in body
    assert all(len(line) <= 76 for line in body.splitlines())
    paragraphs = body.split("\n\n")
    lena = next(p for p in paragraphs if p.startswith("Lena"))
    assert lena == (
        "Lena (Berlin): 15:00 → 14:00, one hour earlier.\n"
        "  Why: clocks in New York (the meeting's time zone) went forward one\n"
        "  hour (-05:00 → -04:00) on Sun 14 Mar 2027.\n"
        "  14:00–14:30 is within Lena's working hours.\n"
        "  It is back at 15:00 from 2027-03-29.")
    chloe = next(p for p in paragraphs if p.startswith("Chloe"))
    assert chloe.startswith("Chloe (Sydney, Tue 16 Mar): 01:00 → 00:00, one hour earlier.")
    assert "outside Chloe's working hours (at night)" in chloe
    assert "It stays at 00:00 until the series ends (2027-04-19)." in chloe
    # Maya's time did not change: she is not listed.
    assert not any(p.startswith("Maya") for p in paragraphs)


def test_the_notice_for_an_own_zone_change_blames_that_zone():
    report = march_report()
    shift = report.shifts[1]
    subject, body = notice_message_text(shift, SYNC, TEAM)
    assert subject == "Clock change: Weekly sync on 2027-03-29 moves for Lena"
    assert "clocks in Berlin went forward one hour (+01:00 → +02:00) on Sun 28 Mar 2027" in \
        " ".join(body.split())
    assert "It stays at 15:00 until the series ends (2027-04-19)." in body


def test_the_notice_handles_half_hours_and_the_last_occurrence():
    m = meeting("sync", "15:00 Europe/Berlin", start="2027-03-29", count=2,
                attendees=("Lena", "Ava"))
    report = march_report(m, first=d("2027-04-05"), last=d("2027-04-05"))
    _, body = notice_message_text(report.shifts[0], m, TEAM)
    flat = " ".join(body.split())
    assert "Ava (Lord Howe): Tue 00:00 → Mon 23:30, 30 minutes earlier." in flat
    assert "clocks in Lord Howe went back 30 minutes (+11:00 → +10:30) on Sun 4 Apr 2027" in flat
    assert "This is the last occurrence of the series." in flat


def test_the_notice_is_signed_by_the_organizer():
    p = replace(TEAM, organizer="Lena Vogt <lena@example.com>")
    report = march_report()
    _, body = notice_message_text(report.shifts[0], SYNC, p)
    assert body.endswith("-- \nLena Vogt (sent with Overlap)\n")
    assert "lena@example.com" not in body
