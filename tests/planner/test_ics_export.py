"""planner.ics.export: what clients read back is exactly what the planner computed.

Oracles: icalendar re-parses every export and recurring-ical-events expands it
(once with the IANA TZIDs, read through zoneinfo, and once with the TZIDs
renamed so the parser must use our VTIMEZONE definitions); ics_lint checks the
interop rules; the UTF-8 and folding rules are checked byte by byte.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.calendar import TeamCalendar
from planner.errors import InputError
from planner.ics.export import (
    ExportOptions,
    ExportRecord,
    clean_text,
    event_uid,
    export_rotation,
    export_series,
    export_slot,
    fold_content,
    read_exports,
    remember_exports,
)
from planner.ics.lint import lint_ics
from planner.model import DateRange
from planner.planfile import Regions, load_plan, parse_plan, save_plan
from planner.rotation.planning import Candidate, plan_rotation
from planner.series import Decision, Series, analyse_series
from tests.builders import at, member, plan
from tests.oracles import renamed

STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TEAM = plan(
    member("Lena", "Europe/Berlin", email="lena@example.com"),
    member("Maya", "America/New_York", email="maya@example.com"),
    member("Priya", "Asia/Kolkata", email="priya@example.com"),
    member("Chloe", "Australia/Sydney", email="chloe@example.com", required=False),
    member("Tomás", "America/Santiago"),
    reference_zone="Europe/Berlin",
)
ORGANIZER = "Lena Vogt <lena@example.com>"
REQUEST = ExportOptions(method="request", organizer=ORGANIZER)
# Zones with the cases that break exporters: US/EU mismatch weeks, southern
# hemisphere, half-hour offsets and DST, negative DST (Dublin), irregular
# years (Casablanca), no DST at all, and UTC itself.
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago",
         "Asia/Kolkata", "Asia/Kathmandu", "Europe/Dublin", "Australia/Lord_Howe",
         "America/St_Johns", "Pacific/Auckland", "Africa/Casablanca", "Europe/London", "UTC"]
FAR = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC))


def cal(p=TEAM) -> TeamCalendar:
    return TeamCalendar(p)


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def expanded(data: bytes) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every occurrence a client computes."""
    occurrences = recurring_ical_events.of(parse(data)).between(*FAR)
    out = []
    for o in occurrences:
        s, e = o["DTSTART"].dt, o["DTEND"].dt
        assert isinstance(s, datetime) and s.tzinfo is not None, "no floating or all-day times"
        out.append((s.astimezone(UTC), e.astimezone(UTC)))
    return sorted(out)




def planned(series: Series, p=TEAM) -> list[tuple[datetime, datetime]]:
    return sorted((o.start, o.end) for o in analyse_series(series, p, cal(p)).occurrences
                  if o.held)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "bare CR or LF"
    return lines


def events(data: bytes) -> list[icalendar.Event]:
    return list(parse(data).walk("VEVENT"))


# --- the property: exports expand to exactly the planner's occurrences -------------------

@st.composite
def series_cases(draw: st.DrawFn) -> Series:
    zone = draw(st.sampled_from(ZONES))
    # Half of the starts fall in the weeks around DST changes (March, Oct/Nov,
    # April and September for the southern hemisphere).
    around = draw(st.sampled_from([date(2026, 3, 1), date(2026, 3, 22), date(2026, 10, 18),
                                   date(2026, 3, 29), date(2026, 9, 20), date(2027, 3, 7)]))
    start = draw(st.one_of(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(-10, 10).map(lambda d: around + timedelta(days=d))))
    # Times in DST gaps (02:30) and repeated hours (01:30) on purpose.
    hour = draw(st.one_of(st.sampled_from([0, 1, 2, 3, 23]), st.integers(0, 23)))
    minute = draw(st.sampled_from([0, 15, 30, 45]))
    cadence = draw(st.sampled_from(["week", "2weeks", "month"]))
    if draw(st.booleans()):
        count, until = draw(st.integers(1, 16)), None
    else:
        count, until = None, start + timedelta(days=draw(st.integers(0, 200)))
    base = Series(start=start, local_time=time(hour, minute), zone=zone, cadence=cadence,
                  duration=draw(st.sampled_from([15, 30, 60, 90])), count=count, until=until)
    dates = base.rule_dates()
    decisions: dict[date, Decision] = {}
    for day in draw(st.lists(st.sampled_from(dates), max_size=4, unique=True)):
        if draw(st.booleans()):
            decisions[day] = Decision("skip")
        else:
            shift = draw(st.sampled_from([-3, -2, -1, 1, 2, 3]))
            decisions[day] = Decision("move", day + timedelta(days=shift))
    try:
        return base.with_decisions(decisions)
    except InputError:  # a move onto another held date: not a series
        assume(False)
        raise


@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series=series_cases(), caldav=st.booleans(), method=st.sampled_from(["publish",
                                                                           "request"]))
def test_export_expands_to_the_planned_occurrences(series: Series, caldav: bool,
                                                   method: str) -> None:
    assume(any(series.held_date(d) for d in series.rule_dates()))
    export = export_series(TEAM, cal(), series, stamp=STAMP, options=ExportOptions(
        method=method, organizer=ORGANIZER, caldav=caldav))
    want = planned(series)
    assert expanded(export.data) == want
    # A client without the tz database reads our VTIMEZONEs instead.
    assert expanded(renamed(export.data)) == want
    assert lint_ics(export.data) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rotation_export_shows_exactly_the_chosen_occurrences(data: st.DataObject) -> None:
    zones = data.draw(st.lists(st.sampled_from(ZONES), min_size=2, max_size=3, unique=True))
    candidates = [Candidate(chr(65 + i), time(data.draw(st.integers(0, 23)),
                                              data.draw(st.sampled_from([0, 30]))), z)
                  for i, z in enumerate(zones)]
    count = data.draw(st.integers(1, 12))
    cadence = data.draw(st.sampled_from(["week", "2weeks"]))
    start = data.draw(st.integers(-20, 20).map(lambda d: date(2026, 3, 15) + timedelta(days=d)))
    # Locks pin every occurrence, so any assignment can come out.
    locks = {i: data.draw(st.sampled_from(candidates)).id for i in range(1, count + 1)}
    rotation = plan_rotation(TEAM, cal(), start=start, cadence=cadence, count=count,
                             duration=30, candidates=candidates, locks=locks)
    skip = data.draw(st.sets(st.integers(1, count), max_size=count - 1))
    export = export_rotation(TEAM, cal(), rotation, stamp=STAMP, skip=skip)
    want = sorted((o.start, o.end) for o in rotation.occurrences if o.index not in skip)
    assert expanded(export.data) == want
    assert expanded(renamed(export.data)) == want
    assert lint_ics(export.data) == []
    ids = [(e["UID"], e.get("RECURRENCE-ID") and e["RECURRENCE-ID"].to_ical())
           for e in events(export.data)]
    assert len(set(ids)) == len(ids)


# --- the rules, one at a time ---------------------------------------------------------------

WEEKLY_NY = Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
                   cadence="week", count=8)


def test_dtstart_has_the_anchor_tzid_and_a_rrule_style_vtimezone() -> None:
    data = export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP).data
    assert b"DTSTART;TZID=America/New_York:20260303T090000\r\n" in data
    zones = list(parse(data).walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["America/New_York"]
    subs = zones[0].subcomponents
    assert {s.name for s in subs} == {"STANDARD", "DAYLIGHT"}
    assert all("RRULE" in s for s in subs)
    assert b"RDATE" not in data


def test_vtimezones_cover_every_year_written() -> None:
    series = Series(start=date(2026, 11, 3), local_time=time(9), zone="Europe/Berlin",
                    cadence="month", count=14)
    data = export_series(TEAM, cal(), series, stamp=STAMP).data
    assert expanded(renamed(data)) == planned(series)


def test_until_is_the_utc_instant_of_the_last_start() -> None:
    series = Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
                    cadence="week", until=date(2026, 4, 28))
    data = export_series(TEAM, cal(), series, stamp=STAMP).data
    last = at("2026-04-28 09:00", "America/New_York")
    assert f"RRULE:FREQ=WEEKLY;UNTIL={last:%Y%m%dT%H%M%S}Z\r\n".encode() in data


def test_skips_are_exdates_in_dtstart_form_and_moves_are_overrides() -> None:
    series = WEEKLY_NY.with_decisions({date(2026, 3, 17): Decision("skip"),
                                       date(2026, 3, 24): Decision("move", date(2026, 3, 25))})
    export = export_series(TEAM, cal(), series, stamp=STAMP)
    master, override = events(export.data)
    assert b"EXDATE;TZID=America/New_York:20260317T090000\r\n" in export.data
    assert override["UID"] == master["UID"]
    assert override["RECURRENCE-ID"].to_ical() == b"20260324T090000"
    assert override["RECURRENCE-ID"].params["TZID"] == "America/New_York"
    assert override.decoded("DTSTART") == datetime(2026, 3, 25, 9,
                                                   tzinfo=ZoneInfo("America/New_York"))
    assert expanded(export.data) == planned(series)


def test_leading_skips_start_the_rule_later_instead_of_excluding_dtstart() -> None:
    series = WEEKLY_NY.with_decisions({date(2026, 3, 3): Decision("skip"),
                                       date(2026, 3, 10): Decision("skip")})
    (event,) = events(export_series(TEAM, cal(), series, stamp=STAMP).data)
    assert event.decoded("DTSTART").date() == date(2026, 3, 17)
    assert event["RRULE"]["COUNT"] == [6]
    assert "EXDATE" not in event


def test_every_occurrence_skipped_is_an_input_error() -> None:
    series = Series(start=date(2026, 3, 3), local_time=time(9), zone="UTC", cadence="week",
                    count=1, decisions=((date(2026, 3, 3), Decision("skip")),))
    with pytest.raises(InputError, match="nothing to export"):
        export_series(TEAM, cal(), series, stamp=STAMP)


def test_utc_anchored_series_uses_the_z_form_and_no_vtimezone() -> None:
    series = Series(start=date(2026, 3, 3), local_time=time(14), zone="UTC", cadence="week",
                    count=4, decisions=((date(2026, 3, 10), Decision("skip")),))
    data = export_series(TEAM, cal(), series, stamp=STAMP).data
    assert b"DTSTART:20260303T140000Z\r\n" in data
    assert b"EXDATE:20260310T140000Z\r\n" in data
    assert b"TZID" not in data and b"VTIMEZONE" not in data


def test_a_time_in_the_spring_gap_keeps_its_wall_time_in_the_rule() -> None:
    # 02:30 does not exist in Berlin on 2026-03-29; RFC 5545 moves it to 03:30,
    # and the rule must still say 02:30 so the other weeks stay at 02:30.
    series = Series(start=date(2026, 3, 22), local_time=time(2, 30), zone="Europe/Berlin",
                    cadence="week", count=3)
    data = export_series(TEAM, cal(), series, stamp=STAMP).data
    assert b"DTSTART;TZID=Europe/Berlin:20260322T023000" in data
    assert expanded(data)[1][0] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert expanded(data) == planned(series)


def test_dtstamp_comes_from_the_injected_clock() -> None:
    stamp = datetime(2031, 7, 4, 23, 59, 58, 123456, tzinfo=ZoneInfo("Asia/Tokyo"))
    export = export_series(TEAM, cal(), WEEKLY_NY, stamp=stamp)
    for event in events(export.data):
        assert event.decoded("DTSTAMP") == datetime(2031, 7, 4, 14, 59, 58, tzinfo=UTC)
    with pytest.raises(ValueError):
        export_series(TEAM, cal(), WEEKLY_NY, stamp=datetime(2026, 3, 1, 12))  # noqa: DTZ001


# --- identity and memory --------------------------------------------------------------------

def test_uids_are_stable_and_derived_from_plan_and_series() -> None:
    def uid(p, s) -> str:
        return str(events(export_series(p, cal(p), s, stamp=STAMP).data)[0]["UID"])

    first = uid(TEAM, WEEKLY_NY)
    assert first == uid(TEAM, WEEKLY_NY)
    assert first == event_uid(TEAM.name, "series", "2026-03-03 America/New_York")
    # Content changes keep the UID: re-importing updates the event.
    assert uid(TEAM, Series(start=date(2026, 3, 3), local_time=time(10), zone="America/New_York",
                            cadence="2weeks", count=4, duration=60)) == first
    assert uid(dataclasses.replace(TEAM, name="Another team"), WEEKLY_NY) != first
    assert uid(TEAM, Series(start=date(2026, 3, 4), local_time=time(9), zone="America/New_York",
                            cadence="week", count=8)) != first


def test_sequence_goes_up_only_when_content_changes() -> None:
    first = export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP)
    memory = {r.uid: r for r in first.records}
    assert first.records[0].sequence == 0
    again = export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP + timedelta(days=1),
                          memory=memory)
    assert again.records == first.records
    changed = WEEKLY_NY.with_decisions({date(2026, 3, 10): Decision("skip")})
    bumped = export_series(TEAM, cal(), changed, stamp=STAMP, memory=memory)
    assert bumped.records[0].sequence == 1
    assert all(e["SEQUENCE"] == 1 for e in events(bumped.data))
    later = export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP,
                          memory={r.uid: r for r in bumped.records})
    assert later.records[0].sequence == 2  # back to the old content is a change too


PLAN_TEXT = """\
# my team — keep this comment
version = 1
name = "Payments platform"
reference_zone = "Europe/Berlin"
organizer = "Lena Vogt <lena@example.com>"   # the organizer

[[member]]
name = "Lena"        # Berlin
zone = "Europe/Berlin"
email = "lena@example.com"

[[member]]
name = "Maya"
zone = "America/New_York"
"""
REGIONS = Regions(weekend=lambda country, subdivision=None: frozenset({5, 6}),
                  check=lambda country, subdivision: [])


def test_the_plan_remembers_exports_and_keeps_its_comments(tmp_path) -> None:
    path = tmp_path / "team.toml"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    pd = load_plan(path, regions=REGIONS)
    p = pd.plan
    first = export_series(p, cal(p), WEEKLY_NY, stamp=STAMP, memory=read_exports(pd))
    assert remember_exports(pd, first)
    save_plan(pd)
    reloaded = load_plan(path, regions=REGIONS)
    assert read_exports(reloaded) == {r.uid: r for r in first.records}
    text = path.read_text(encoding="utf-8")
    assert "# my team — keep this comment" in text and "# the organizer" in text
    assert "# Berlin" in text
    # Same content: nothing to remember; changed content: SEQUENCE 1 in the file.
    same = export_series(p, cal(p), WEEKLY_NY, stamp=STAMP, memory=read_exports(reloaded))
    assert not remember_exports(reloaded, same)
    longer = Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
                    cadence="week", count=9)
    bumped = export_series(p, cal(p), longer, stamp=STAMP, memory=read_exports(reloaded))
    assert remember_exports(reloaded, bumped)
    save_plan(reloaded)
    final = read_exports(load_plan(path, regions=REGIONS))
    assert [r.sequence for r in final.values()] == [1]
    assert path.read_text(encoding="utf-8").count("[[exports]]") == 1


def test_exports_written_by_hand_as_a_table_are_read_and_rewritten() -> None:
    text = PLAN_TEXT + '\n[exports."abc"]\nsequence = 4\ndigest = "x"\n'
    pd = parse_plan(text, regions=REGIONS)
    assert read_exports(pd) == {"abc": ExportRecord("abc", 4, "x")}
    export = export_series(pd.plan, cal(pd.plan), WEEKLY_NY, stamp=STAMP)
    remember_exports(pd, export)
    assert set(read_exports(pd)) == {"abc", export.records[0].uid}
    assert "[[exports]]" in pd.dumps()


def test_nonsense_in_the_memory_is_ignored() -> None:
    text = PLAN_TEXT + '\n[[exports]]\nuid = "a"\nsequence = "two"\ndigest = "x"\n' \
        '\n[[exports]]\nsequence = 1\ndigest = "y"\n'
    assert read_exports(parse_plan(text, regions=REGIONS)) == {}


@pytest.mark.parametrize("sequence, same_content", [(2147483647, False),
                                                     (2147483648, True)])
def test_a_remembered_sequence_at_the_rfc_limit_is_a_plan_problem(tmp_path, sequence,
                                                                   same_content) -> None:
    # Regression: SEQUENCE 2147483647 in [[exports]] crashed the export with
    # "ValueError: Integer 2147483648 is outside the RFC 5545 range".
    p = parse_plan(PLAN_TEXT, regions=REGIONS).plan
    first = export_series(p, cal(p), WEEKLY_NY, stamp=STAMP)
    (record,) = first.records
    digest = record.digest if same_content else "0123456789abcdef"
    path = tmp_path / "team.toml"
    path.write_text(PLAN_TEXT + f'\n[[exports]]\nuid = "{record.uid}"\n'
                    f'sequence = {sequence}\ndigest = "{digest}"\n', encoding="utf-8")
    pd = load_plan(path, regions=REGIONS)
    with pytest.raises(InputError) as e:
        export_series(pd.plan, cal(pd.plan), WEEKLY_NY, stamp=STAMP, memory=read_exports(pd))
    (problem,) = e.value.problems
    assert problem.path == str(path)
    assert problem.line == PLAN_TEXT.count("\n") + 4  # the sequence = line
    assert problem.field is not None and "sequence" in problem.field
    assert record.uid in problem.field
    assert str(sequence) in problem.reason and "2147483647" in problem.reason
    assert problem.suggestion


def test_a_rotation_slot_that_disappears_is_reported() -> None:
    a, b = Candidate("A", time(9), "America/New_York"), Candidate("B", time(16), "Asia/Kolkata")
    r1 = plan_rotation(TEAM, cal(), start=date(2026, 3, 3), cadence="week", count=4,
                       duration=30, candidates=[a, b], locks={1: "A", 2: "B", 3: "A", 4: "B"})
    e1 = export_rotation(TEAM, cal(), r1, stamp=STAMP)
    r2 = plan_rotation(TEAM, cal(), start=date(2026, 3, 3), cadence="week", count=4,
                       duration=30, candidates=[a, b], locks={1: "A", 2: "A", 3: "A", 4: "A"})
    e2 = export_rotation(TEAM, cal(), r2, stamp=STAMP, memory={r.uid: r for r in e1.records})
    assert len(e2.records) == 1 and e2.records[0].uid == e1.records[0].uid
    assert any("16:00 Asia/Kolkata" in n and "not part of this export" in n for n in e2.notes)


# --- METHOD, ORGANIZER, ATTENDEE --------------------------------------------------------------

def test_publish_has_no_attendees() -> None:
    data = export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP,
                         options=ExportOptions(organizer=ORGANIZER)).data
    assert b"METHOD:PUBLISH\r\n" in data and b"ATTENDEE" not in data
    assert str(events(data)[0]["ORGANIZER"]) == "mailto:lena@example.com"


def test_request_invites_every_member_with_an_email() -> None:
    export = export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP, options=REQUEST)
    assert b"METHOD:REQUEST\r\n" in export.data
    (event,) = events(export.data)
    attendees = {str(a).removeprefix("mailto:"): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {m.email for m in TEAM.members if m.email}
    assert attendees["chloe@example.com"]["ROLE"] == "OPT-PARTICIPANT"
    assert attendees["maya@example.com"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["maya@example.com"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees["maya@example.com"]["RSVP"] == "TRUE"
    assert attendees["lena@example.com"]["PARTSTAT"] == "ACCEPTED"  # the organizer herself
    assert event["ORGANIZER"].params["CN"] == "Lena Vogt"
    assert any("Tomás" in n for n in export.notes)  # no address, not invited
    assert lint_ics(export.data) == []


def test_request_needs_an_organizer_and_someone_to_invite() -> None:
    with pytest.raises(InputError, match="organizer"):
        export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP,
                      options=ExportOptions(method="request"))
    nobody = plan(member("A", "UTC"), member("B", "Asia/Tokyo"), reference_zone="UTC")
    with pytest.raises(InputError, match="e-mail"):
        export_series(nobody, cal(nobody), WEEKLY_NY, stamp=STAMP, options=REQUEST)
    with pytest.raises(InputError, match="method"):
        export_series(TEAM, cal(), WEEKLY_NY, stamp=STAMP,
                      options=ExportOptions(method="cancel"))


def test_caldav_objects_never_carry_method_and_hold_one_uid_each() -> None:
    a, b = Candidate("A", time(9), "America/New_York"), Candidate("B", time(16), "Asia/Kolkata")
    r = plan_rotation(TEAM, cal(), start=date(2026, 3, 3), cadence="week", count=4, duration=30,
                      candidates=[a, b], locks={1: "A", 2: "B", 3: "A", 4: "B"})
    export = export_rotation(TEAM, cal(), r, stamp=STAMP,
                             options=dataclasses.replace(REQUEST, caldav=True))
    assert b"METHOD" not in export.data
    assert len(export.resources) == 2
    for uid, data in export.resources:
        assert b"METHOD" not in data
        assert {str(e["UID"]) for e in events(data)} == {uid}
        assert lint_ics(data) == []


# --- text: folding, injection, description ---------------------------------------------------

LONG_NAMES = plan(
    member("Björn Ærø Øster-Ålesund von Schleswig-Holstein und Lauenburg", "Europe/Oslo",
           email="bjorn@example.com"),
    member("सुधा रामचंद्रन कृष्णमूर्ति वेंकटरमण सुब्रमण्यम", "Asia/Kolkata",
           email="sudha@example.com"),
    member("王小明 👩🏽‍💻 المهندسة", "Asia/Shanghai", email="wang@example.com"),
    reference_zone="UTC",
)


def test_long_utf8_names_fold_at_75_octets_without_splitting_characters() -> None:
    export = export_series(LONG_NAMES, cal(LONG_NAMES), WEEKLY_NY, stamp=STAMP,
                           options=dataclasses.replace(REQUEST, locale="hi"))
    lines = physical_lines(export.data)
    assert max(len(line) for line in lines) == 75  # really folded, right at the limit
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is valid UTF-8 on its own
    text = str(events(export.data)[0]["DESCRIPTION"])
    assert "सुधा रामचंद्रन" in text and "Björn Ærø" in text and "👩🏽‍💻" in text
    assert lint_ics(export.data) == []


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=300))
def test_folding_keeps_text_and_limits(text: str) -> None:
    line = f"DESCRIPTION:{text}".encode()
    folded = fold_content(line + b"\r\n")
    lines = physical_lines(folded)
    assert all(len(x) <= 75 and x.decode("utf-8") is not None for x in lines)
    assert lines[0] + b"".join(x[1:] for x in lines[1:]) == line


def test_fold_prefers_whole_letters() -> None:
    # 70 octets, then स (3) and the vowel sign ु (3): the sign does not fit,
    # and cutting right before it would orphan it, so the letter moves whole.
    folded = physical_lines(fold_content(("X" * 70 + "सुधा\r\n").encode()))
    assert [x.decode() for x in folded] == ["X" * 70, " सुधा"]
    # Between letters the line is filled up to the limit.
    folded = physical_lines(fold_content(("X" * 68 + "सुधा\r\n").encode()))
    assert [x.decode() for x in folded] == ["X" * 68 + "सु", " धा"]


INJECTED = plan(
    member("Eve\r\nATTENDEE;ROLE=CHAIR:mailto:evil@example.com", "UTC", email="eve@example.com"),
    member('Mallory "the\x00 boss"\x1b[31m\u2028END:VEVENT', "UTC", email="m@example.com"),
    reference_zone="UTC",
)


def test_names_cannot_inject_properties() -> None:
    export = export_series(INJECTED, cal(INJECTED), WEEKLY_NY, stamp=STAMP,
                           options=ExportOptions("request", "Lena <lena@example.com>"))
    for line in physical_lines(export.data):
        assert not line.startswith((b"ATTENDEE;ROLE=CHAIR", b"END:VEVENT\\"))
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", line)
        assert b"\xe2\x80\xa8" not in line
    (event,) = events(export.data)
    addresses = sorted(str(a) for a in event["ATTENDEE"])
    assert addresses == ["mailto:eve@example.com", "mailto:m@example.com"]
    names = sorted(a.params["CN"] for a in event["ATTENDEE"])
    assert names == ["Eve ATTENDEE;ROLE=CHAIR:mailto:evil@example.com",
                     "Mallory 'the boss' [31m END:VEVENT"]
    assert lint_ics(export.data) == []


@pytest.mark.parametrize("email", ["a@b.c\r\nATTENDEE:mailto:x@y.z", "a b@c.d", 'a"@b.c'])
def test_addresses_that_need_escaping_are_refused(email: str) -> None:
    p = plan(member("A", "UTC", email=email), reference_zone="UTC")
    with pytest.raises(InputError, match="e-mail"):
        export_series(p, cal(p), WEEKLY_NY, stamp=STAMP,
                      options=ExportOptions("request", "Lena <lena@example.com>"))


def test_clean_text() -> None:
    assert clean_text("a\r\n\tb\x00\x85c\u2029 d ") == "a b c d"
    assert clean_text("Tomás सुधा 👩🏽‍💻") == "Tomás सुधा 👩🏽‍💻"


def test_description_lists_local_times_and_dst_drift() -> None:
    # 15:00 Berlin: New York is 09:00, but 10:00 while the US has switched and
    # Europe has not (2026-03-08 .. 03-29).
    series = Series(start=date(2026, 3, 3), local_time=time(15), zone="Europe/Berlin",
                    cadence="week", count=6)
    text = str(events(export_series(TEAM, cal(), series, stamp=STAMP).data)[0]["DESCRIPTION"])
    assert "every week at 3:00\u202fPM Berlin time (30 min)" in text
    assert "• Maya — New York: Tue 9:00\u202fAM; Tue 10:00\u202fAM from Mar 10 to Mar 24" in text
    assert "• Lena — Berlin: Tue 3:00\u202fPM\n" in text
    # Europe switches on 29 March, Sydney and Santiago leave DST on 5 April.
    assert ("• Chloe (optional) — Sydney: Wed 1:00\u202fAM; Wed 12:00\u202fAM on Apr 1; "
            "Tue 11:00\u202fPM on Apr 7") in text
    assert "• Tomás — Santiago: Tue 11:00\u202fAM; Tue 10:00\u202fAM on Mar 31; " in text
    german = export_series(TEAM, cal(), series, stamp=STAMP,
                           options=ExportOptions(locale="de_DE")).data
    text = str(events(german)[0]["DESCRIPTION"])
    assert "Maya — New York: Di 09:00; Di 10:00 from 10. März to 24. März" in text
    with pytest.raises(InputError, match="locale"):
        export_series(TEAM, cal(), series, stamp=STAMP,
                      options=ExportOptions(locale="xx-nowhere"))


def test_description_names_skips_moves_and_days_off() -> None:
    p = plan(member("Lena", "Europe/Berlin", time_off=(DateRange.parse("2026-03-17"),)),
             member("Maya", "America/New_York"), reference_zone="UTC")
    series = Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
                    cadence="week", count=4,
                    decisions=((date(2026, 3, 10), Decision("skip")),
                               (date(2026, 3, 17), Decision("move", date(2026, 3, 18)))))
    master, override = events(export_series(p, cal(p), series, stamp=STAMP).data)
    text = str(master["DESCRIPTION"])
    assert "Skipped:\n• Mar 10\n" in text
    assert "Moved:\n• Mar 17 → Mar 18 (Lena: time off)" in text
    assert "moved from Mar 17 to Mar 18 (Lena: time off)" in str(override["DESCRIPTION"])
    assert "Lena — Berlin: Wed, Mar 18, 2026, 2:00\u202fPM" in str(override["DESCRIPTION"])


def test_a_large_team_is_described_per_zone() -> None:
    # 60 members: a line per zone (everyone there sees the same local time), with
    # how many members, a few names, drift and the days off of a moved occurrence.
    zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]
    off = (DateRange.parse("2026-03-18"),)
    big = plan(*[member(f"p{i:02d}", zones[i % 3], required=i % 10 != 0,
                        **({"time_off": off} if i % 3 == 0 and i < 9 else {}))
                 for i in range(60)], reference_zone="UTC")
    series = Series(start=date(2026, 3, 3), local_time=time(15), zone="Europe/Berlin",
                    cadence="week", count=6)
    text = str(events(export_series(big, cal(big), series, stamp=STAMP).data)[0]
               ["DESCRIPTION"])
    assert ("• New York (20 members, 2 optional: p01, p04, p07 and 17 more): Tue 9:00\u202fAM; "
            "Tue 10:00\u202fAM from Mar 10 to Mar 24\n") in text
    assert "• Berlin (20 members, 2 optional: p00, p03, p06 and 17 more): Tue 3:00\u202fPM\n" \
        in text
    assert text.count("• ") == 3
    moved = series.with_decisions({date(2026, 3, 17): Decision("move", date(2026, 3, 18))})
    override = events(export_series(big, cal(big), moved, stamp=STAMP).data)[1]
    assert ("• Berlin (20 members, 2 optional: p00, p03, p06 and 17 more): "
            "Wed, Mar 18, 2026, 3:00\u202fPM (off: 3 time off)\n") in str(override["DESCRIPTION"])
    # Up to 50 members, one line each.
    small = plan(*big.members[:50], reference_zone="UTC")
    text = str(events(export_series(small, cal(small), series, stamp=STAMP).data)[0]
               ["DESCRIPTION"])
    assert "• p01 — New York: Tue 9:00\u202fAM; " in text and text.count("• ") == 50


def test_single_slot() -> None:
    start = at("2026-03-10 14:00", "Europe/Berlin")
    export = export_slot(TEAM, cal(), start, 45, stamp=STAMP)
    (event,) = events(export.data)
    assert b"DTSTART;TZID=Europe/Berlin:20260310T140000\r\n" in export.data
    assert "RRULE" not in event
    assert expanded(export.data) == [(start, start + timedelta(minutes=45))]
    assert "Maya — New York: Tue, Mar 10, 2026, 9:00\u202fAM" in str(event["DESCRIPTION"])
    assert lint_ics(export.data) == []
    other = export_slot(TEAM, cal(), start, 45, stamp=STAMP, zone="America/New_York")
    assert b"DTSTART;TZID=America/New_York:20260310T090000\r\n" in other.data
    assert events(other.data)[0]["UID"] == event["UID"]  # same meeting, same UID


# --- clock changes: no reader may misplace a meeting at 02:30 ----------------------------------

# Weekly at 02:30 (30 min) through each change; the Sundays where 02:30 does
# not exist (spring) or occurs twice (Berlin's fall), or the meeting spans the
# change, are the only ones with an override.  New York falls back at 02:00,
# so its 02:30 that day is ordinary.
CHANGES = {
    ("America/New_York", "spring"): (date(2026, 2, 22), [date(2026, 3, 8)]),
    ("America/New_York", "fall"): (date(2026, 10, 18), []),
    ("Europe/Berlin", "spring"): (date(2026, 3, 15), [date(2026, 3, 29)]),
    ("Europe/Berlin", "fall"): (date(2026, 10, 11), [date(2026, 10, 25)]),
}


def at_0230(zone: str, start: date, **kw) -> Series:
    return Series(start=start, local_time=time(2, 30), zone=zone, cadence="week", count=5,
                  duration=30, **kw)


@pytest.mark.parametrize("zone, change", CHANGES)
def test_overrides_at_clock_changes_are_utc_and_only_where_needed(zone, change) -> None:
    # Regression: libical (Evolution) read a fall-back override's local
    # DTSTART 02:30 as the second 02:30, giving a zero-length or backwards event.
    start, changed = CHANGES[zone, change]
    series = at_0230(zone, start)
    data = export_series(TEAM, cal(), series, stamp=STAMP).data
    assert expanded(data) == planned(series)
    assert expanded(renamed(data)) == planned(series)
    master, *overrides = events(data)
    assert "RECURRENCE-ID" not in master
    assert [o.decoded("RECURRENCE-ID").date() for o in overrides] == changed
    for o in overrides:
        for prop in ("DTSTART", "DTEND"):
            assert "TZID" not in o[prop].params, o.to_ical()
            assert o.decoded(prop).utcoffset() == timedelta(0)
            assert o[prop].to_ical().endswith(b"Z")
        # RECURRENCE-ID names the rule's date in DTSTART's form (RFC 5545 3.8.4.4).
        assert o["RECURRENCE-ID"].params["TZID"] == zone
        assert o["RECURRENCE-ID"].to_ical().endswith(b"T023000")
    assert lint_ics(data) == []


def test_a_start_in_the_repeated_hour_gets_an_override_an_end_there_does_not() -> None:
    # Berlin repeats 02:00-03:00 on 2026-10-25.  A meeting at 02:00 is read as
    # the first 02:00 by RFC 5545 and as the second by libical: override in UTC.
    # One from 01:30 to 02:30 starts before the repeat and lasts exactly an hour
    # in every reader: no override.
    for at_, minutes, overridden in ((time(2), 15, True), (time(1, 30), 60, False)):
        series = Series(start=date(2026, 10, 18), local_time=at_, zone="Europe/Berlin",
                        cadence="week", count=3, duration=minutes)
        data = export_series(TEAM, cal(), series, stamp=STAMP).data
        assert expanded(data) == planned(series)
        overrides = [e for e in events(data) if "RECURRENCE-ID" in e]
        assert [o.decoded("RECURRENCE-ID").date() for o in overrides] == \
            ([date(2026, 10, 25)] if overridden else [])
        assert all(o["DTSTART"].to_ical().endswith(b"Z") for o in overrides)


def test_a_single_meeting_in_a_repeated_hour_is_written_in_utc() -> None:
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 02:30 in Berlin
    for start in (first, first + timedelta(hours=1)):  # and the second
        data = export_slot(TEAM, cal(), start, 30, stamp=STAMP, zone="Europe/Berlin").data
        assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z\r\n".encode() in data
        assert expanded(data) == [(start, start + timedelta(minutes=30))]
