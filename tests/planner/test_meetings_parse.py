"""[[meeting]] tables: what is read, and every kind of mistake, reported all at once.

Each mistake names its key as ``meeting "<id>".<key>``, the line where the
key is written, and a fix.  The line lookup here is a few lines of scanning
written for the test (the plan loader has its own).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time

import pytest
import tomlkit

from planner.errors import InputError
from planner.meetings import Meeting, MeetingCadence, OnConflict, parse_meetings
from planner.model import Site
from planner.rotation.planning import Candidate
from tests.builders import d, member, plan

TEAM = replace(
    plan(member("Lena", "Europe/Berlin", site="ber"),
         member("Jonas", "Europe/Berlin", site="ber"),
         member("Maya", "America/New_York"),
         member("Priya", "Asia/Kolkata", "09:30-18:30", site="blr"),
         member("Chloe", "Australia/Sydney"),
         member("Tomás", "America/Santiago", required=False),
         reference_zone="Europe/Berlin"),
    sites=(Site("ber", "Berlin office"), Site("blr", "Bangalore partner"),
           Site("empty", "Nobody here")))

BASE: dict[str, object] = {
    "id": "weekly-sync", "title": "Payments weekly check-in",
    "attendees": ["ber", "blr", "Maya"], "every": "week", "start": d("2026-03-02"),
    "count": 8, "duration": 30, "slot": "09:00 America/New_York",
}


def one(**changes: object) -> dict[str, object]:
    """BASE with keys changed; a value of None removes the key."""
    out = dict(BASE)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def parse(*tables: dict[str, object]) -> tuple[Meeting, ...]:
    meetings, warnings = parse_meetings(list(tables), TEAM)
    assert warnings == ()
    return meetings


def errors(*tables: dict[str, object]) -> list:
    with pytest.raises(InputError) as e:
        parse_meetings(list(tables), TEAM)
    return list(e.value.problems)


def lines_of(text: str):
    """(index of [[meeting]], key) -> line, by scanning the text."""
    index: dict[tuple[int, str | None], int] = {}
    n = -1
    inside = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("[["):
            inside = line == "[[meeting]]"
            if inside:
                n += 1
                index[(n, None)] = number
        elif inside and (m := re.match(r"^([A-Za-z_]+)\s*=", line)):
            index.setdefault((n, m.group(1)), number)
    return lambda i, key: index.get((i, key))


# --- what is read -------------------------------------------------------------------

def test_a_full_meeting_reads_every_key():
    (m,) = parse(one(optional=["Chloe"], days=["mon", "thu"], count=None,
                     until=d("2026-12-31"), slot=None,
                     slots=["15:00 Europe/Berlin", "08:00 Europe/Berlin"], on_conflict="move",
                     skip=["2026-04-06"], move={"2026-03-30": "2026-03-31"},
                     lock={"2026-05-04": "B"}))
    assert m.id == "weekly-sync" and m.title == "Payments weekly check-in"
    # Sites expand to their members; everyone in plan order; Chloe invited as optional.
    assert m.attendees == ("Lena", "Jonas", "Maya", "Priya", "Chloe")
    assert m.optional == frozenset({"Chloe"})
    assert m.required == ("Lena", "Jonas", "Maya", "Priya")
    assert m.every is MeetingCadence.WEEK and m.days == (0, 3)
    assert m.start == d("2026-03-02") and m.until == d("2026-12-31") and m.count is None
    assert m.slots == (Candidate("A", time(15), "Europe/Berlin"),
                       Candidate("B", time(8), "Europe/Berlin"))
    assert m.rotating
    assert m.on_conflict is OnConflict.MOVE
    assert m.skip == frozenset({d("2026-04-06")})
    assert m.move_map == {d("2026-03-30"): d("2026-03-31")}
    assert m.lock_map == {d("2026-05-04"): "B"}


def test_left_out_keys_take_their_defaults():
    (m,) = parse(one(attendees=None))
    # Omitted attendees: every member; members optional in the plan stay optional.
    assert m.attendees == tuple(x.name for x in TEAM.members)
    assert m.optional == frozenset({"Tomás"})
    assert m.on_conflict is OnConflict.KEEP
    assert (m.days, m.skip, m.move, m.lock) == ((), frozenset(), (), ())
    assert m.slots == (Candidate("A", time(9), "America/New_York"),) and not m.rotating


def test_a_tomlkit_document_reads_like_plain_dicts():
    text = """
[[meeting]]
id = "weekly-sync"
title = "Payments weekly check-in"
attendees = ["ber", "blr", "Maya"]
every = "week"
start = 2026-03-02
count = 8
duration = 30
slot = "09:00 America/New_York"
move = { "2026-03-30" = "2026-03-31" }
"""
    doc = tomlkit.parse(text)
    from_doc, _ = parse_meetings(doc["meeting"], TEAM, lines=lines_of(text))
    assert from_doc == parse(one(move={"2026-03-30": "2026-03-31"}))


def test_dates_may_be_toml_dates_or_text():
    assert parse(one(start="2026-03-02")) == parse(one(start=d("2026-03-02")))


def test_a_plan_without_meetings_has_none():
    assert parse_meetings(None, TEAM) == ((), ())


def test_an_unknown_key_is_a_warning_with_the_close_key():
    meetings, warnings = parse_meetings([one(atendees=["Maya"])], TEAM)
    assert len(meetings) == 1
    (w,) = warnings
    assert w.severity == "warning" and w.field == 'meeting "weekly-sync".atendees'
    assert '"attendees"' in (w.suggestion or "")


# --- one test per kind of mistake --------------------------------------------------

MISTAKES = [
    # (what, changes, key, words in the reason, words in the suggestion)
    ("id missing", {"id": None}, "meeting #1.id", "id is missing", "add id"),
    ("id unusable", {"id": "weekly sync!"}, "meeting #1.id", "not a usable id", "weekly-sync"),
    ("title missing", {"title": None}, "title", "title is missing", "add title"),
    ("unknown attendee", {"attendees": ["Mya", "ber"]}, "attendees",
     'no member or site named "Mya"', '"Maya"'),
    ("attendee in the wrong case", {"attendees": ["maya"]}, "attendees", '"maya"', '"Maya"'),
    ("unknown optional", {"optional": ["Cloe"]}, "optional", '"Cloe"', '"Chloe"'),
    ("empty attendees", {"attendees": []}, "attendees", "empty", "leave attendees out"),
    ("a site without members", {"attendees": ["empty", "Maya"]}, "attendees",
     'site "empty" has no members', "add members"),
    ("attendees not a list", {"attendees": "Maya"}, "attendees", "list", "e.g."),
    ("every missing", {"every": None}, "every", "every is missing", "weekdays"),
    ("unknown cadence", {"every": "weekly"}, "every", '"weekly" is not one of', '"week"'),
    ("days with a monthly meeting", {"every": "month", "days": ["mon"]}, "days",
     'only apply to "week" and "2weeks"', "remove days"),
    ("unknown day", {"days": ["mon", "thr"]}, "days", '"thr" is not a day', "thu"),
    ("start not one of the days", {"days": ["tue", "thu"]}, "start",
     "2026-03-02 is a Monday, not one of days (tue, thu)", "start on 2026-03-03"),
    ("weekdays starting on a Saturday", {"every": "weekdays", "start": d("2026-03-07")},
     "start", "is a Saturday, not a weekday", "start on 2026-03-09"),
    ("start missing", {"start": None}, "start", "start is missing", "first date"),
    ("start not a date", {"start": "2026-02-30"}, "start", "not a date", "YYYY-MM-DD"),
    ("start with a time", {"start": datetime(2026, 3, 2, 9)}, "start", "has a time of day",
     "start = 2026-03-02"),
    ("count and until", {"until": d("2026-12-31")}, "count", "not both", "remove one"),
    ("neither count nor until", {"count": None}, "count", "needs count or until", "count = 12"),
    ("count zero", {"count": 0}, "count", "whole number", "count = 12"),
    ("count too large", {"count": 5000}, "count", "not between 1 and 1000", "12"),
    ("until before start", {"count": None, "until": d("2026-01-01")}, "until",
     "before the start", "on or after"),
    ("too many occurrences", {"every": "day", "count": None, "until": d("2030-01-01")},
     "until", "more than 1000 occurrences", "earlier end date"),
    ("duration missing", {"duration": None}, "duration", "duration is missing", "minutes"),
    ("duration too long", {"duration": 2000}, "duration", "between 1 and 1440", "30"),
    ("duration not a number", {"duration": "30"}, "duration", "whole number", "30"),
    ("slot and slots", {"slots": ["15:00 Europe/Berlin"]}, "slots", "not both", "rotate"),
    ("no slot", {"slot": None}, "slot", "needs a slot", "09:00 America/New_York"),
    ("unknown zone in slot", {"slot": "09:30 Asia/Bangalore"}, "slot",
     'unknown zone "Asia/Bangalore"', '"Asia/Kolkata"'),
    ("fixed offset in slot", {"slot": "09:30 +05:30"}, "slot", "fixed UTC offset", "IANA"),
    ("slot without a zone", {"slot": "09:30"}, "slot", "not a slot", "a time and a zone"),
    ("slot at an impossible time", {"slot": "25:00 Europe/Berlin"}, "slot",
     "not a time of day", None),
    ("the same slot twice", {"slot": None, "slots": ["15:00 Europe/Berlin",
                                                      "15:00  Europe/Berlin"]},
     "slots", "the same slot is given twice", "once"),
    ("unknown conflict policy", {"on_conflict": "moved"}, "on_conflict",
     '"moved" is not one of keep, skip, move', '"move"'),
    ("skip date not an occurrence", {"skip": ["2026-03-10"]}, "skip",
     "2026-03-10 is not an occurrence", "2026-03-09 or 2026-03-16"),
    ("skip not a list", {"skip": "2026-03-09"}, "skip", "list of dates", None),
    ("move date not an occurrence", {"move": {"2026-03-10": "2026-03-11"}}, "move",
     "2026-03-10 is not an occurrence", "2026-03-09 or 2026-03-16"),
    ("move to a date that does not exist", {"move": {"2026-03-09": "2026-02-30"}}, "move",
     '"2026-02-30" is not a date', "YYYY-MM-DD"),
    ("move onto another occurrence", {"move": {"2026-03-09": "2026-03-16"}}, "move",
     "already has an occurrence", "skip 2026-03-16"),
    ("move to itself", {"move": {"2026-03-09": "2026-03-09"}}, "move", "moves to itself",
     "remove"),
    ("two moves to one date", {"move": {"2026-03-09": "2026-03-11", "2026-03-16": "2026-03-11"}},
     "move", "two occurrences move to 2026-03-11", "different dates"),
    ("skipped and moved", {"skip": ["2026-03-09"], "move": {"2026-03-09": "2026-03-10"}},
     "skip", "both skipped and moved", "one of the two"),
    ("lock naming no slot", {"slot": None, "slots": ["15:00 Europe/Berlin",
                                                      "08:00 Europe/Berlin"],
                             "lock": {"2026-03-09": "C"}},
     "lock", 'locked to "C", which names no slot', "A (15:00 Europe/Berlin), B (08:00"),
    ("lock date not an occurrence", {"lock": {"2026-03-10": "A"}}, "lock",
     "2026-03-10 is not an occurrence", "nearest occurrences"),
    ("lock on a moved-to date", {"move": {"2026-03-09": "2026-03-10"},
                                 "lock": {"2026-03-10": "A"}}, "lock",
     "where 2026-03-09 moved to", "rule date, 2026-03-09"),
    ("lock on a skipped date", {"skip": ["2026-03-09"], "lock": {"2026-03-09": "A"}}, "lock",
     "skipped, so it cannot be locked", "remove the lock or the skip"),
]


@pytest.mark.parametrize(("changes", "key", "reason", "fix"),
                         [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_kind_of_mistake_names_its_key_and_a_fix(changes, key, reason, fix):
    problems = errors(one(**changes))
    field = key if key.startswith("meeting #") else f'meeting "weekly-sync".{key}'
    hits = [p for p in problems if p.field == field and reason in p.reason]
    assert hits, [str(p) for p in problems]
    if fix is not None:
        assert fix in (hits[0].suggestion or ""), str(hits[0])


def test_a_duplicate_id_names_the_first_meeting():
    problems = errors(one(), one(title="Again"))
    (p,) = problems
    assert p.field == 'meeting "weekly-sync".id' and "meeting #1 too" in p.reason


def test_every_problem_of_every_meeting_is_reported_at_once():
    text = """
[[meeting]]
id = "weekly-sync"
title = "Weekly"
attendees = ["Mya", "ber"]
every = "week"
start = 2026-03-02
count = 8
until = 2026-12-31
duration = 30
slot = "09:00 America/New_Yrok"
on_conflict = "moved"

[[meeting]]
id = "standup"
title = "Standup"
every = "weekdays"
start = 2026-03-02
count = 10
duration = 15
slots = ["09:00 Europe/Berlin", "16:00 Europe/Berlin"]
skip = ["2026-03-07"]
lock = { "2026-03-03" = "Z" }
"""
    with pytest.raises(InputError) as e:
        parse_meetings(tomlkit.parse(text)["meeting"], TEAM, path="team.toml",
                       lines=lines_of(text))
    got = {(p.field, p.line) for p in e.value.problems}
    assert got == {
        ('meeting "weekly-sync".attendees', 5),
        ('meeting "weekly-sync".count', 8),
        ('meeting "weekly-sync".slot', 11),
        ('meeting "weekly-sync".on_conflict', 12),
        ('meeting "standup".skip', 22),
        ('meeting "standup".lock', 23),
    }
    assert all(p.path == "team.toml" and p.suggestion for p in e.value.problems)
    zone = next(p for p in e.value.problems if p.field.endswith(".slot"))
    assert '"America/New_York"' in (zone.suggestion or "")
    assert str(zone).startswith('team.toml:11: meeting "weekly-sync".slot: unknown zone')


def test_a_key_without_a_line_falls_back_to_the_table_header():
    text = '[[meeting]]\nid = "x"\n'
    with pytest.raises(InputError) as e:
        parse_meetings(tomlkit.parse(text)["meeting"], TEAM, lines=lines_of(text))
    assert {p.line for p in e.value.problems} == {1}  # title, every, start ... are missing


def test_meetings_must_be_tables():
    with pytest.raises(InputError) as e:
        parse_meetings({"id": "x"}, TEAM)
    assert e.value.problems[0].field == "meeting"
    with pytest.raises(InputError) as e:
        parse_meetings(["x"], TEAM)
    assert "[[meeting]]" in e.value.problems[0].reason


# --- the value validates itself too (the window builds meetings directly) ----------

def test_a_meeting_built_in_code_is_checked_like_a_table():
    with pytest.raises(InputError) as e:
        Meeting(id="x", title="x", every=MeetingCadence.WEEK, start=d("2026-03-02"),
                duration=30, slots=(Candidate("A", time(9), "Europe/Berlin"),),
                attendees=("Lena",), count=4, skip=frozenset({d("2026-03-03")}),
                lock=((d("2026-03-09"), "B"),))
    assert {p.field for p in e.value.problems} == {"skip", "lock"}


def test_the_rule_dates_are_known_before_any_decision():
    (m,) = parse(one(skip=["2026-03-09"]))
    assert m.rule_dates()[:3] == (d("2026-03-02"), d("2026-03-09"), d("2026-03-16"))
    assert len(m.rule_dates()) == 8
    assert m.rule_dates()[-1] == date(2026, 4, 20)


def test_plain_words_are_accepted_for_the_vocabularies():
    m = Meeting(id="x", title="x", every="2weeks", start=d("2026-03-02"),  # type: ignore[arg-type]
                duration=30, slots=(Candidate("A", time(9), "Europe/Berlin"),),
                attendees=("Lena",), count=4, on_conflict="skip")  # type: ignore[arg-type]
    assert m.every is MeetingCadence.TWO_WEEKS and m.on_conflict is OnConflict.SKIP
    with pytest.raises(InputError, match='"fortnight" is not one of day, weekdays'):
        replace(m, every="fortnight")
