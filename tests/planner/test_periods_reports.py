"""Periods downstream: series, meetings, clock changes and export descriptions show each
member's local time where they are, and a local time that moves because someone travels
is drift with the reason "travel", never a clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import icalendar

from planner.availability import to_seconds, working_spans
from planner.clocks import clock_transitions, meeting_shifts, zone_in_force, zone_spans
from planner.ics.export import export_series
from planner.meetings import plan_portfolio, portfolio_json
from planner.series import DriftReason, Series, analyse_series
from tests.builders import at, calendar, d, meeting, member, period, plan, with_periods
from tests.oracles import minute_cost

TOKYO = period("2027-05-03..2027-05-14", zone="Asia/Tokyo", hours="10:00-16:00",
               note="Tokyo offsite")
LENA = with_periods(member("Lena", "Europe/Berlin", "09:00-17:30"), TOKYO)
MAYA = member("Maya", "America/New_York", "09:00-17:00")
TEAM = plan(LENA, MAYA, reference_zone="Europe/Berlin")
# Thursdays 09:00 in New York: 15:00 in Berlin, 22:00 in Tokyo.
WEEKLY = Series(start=date(2027, 4, 22), local_time=time(9), zone="America/New_York",
                cadence="week", count=5)
STAMP = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)


def test_series_local_times_are_where_the_member_is_and_travel_is_drift_with_a_reason():
    report = analyse_series(WEEKLY, TEAM, calendar(TEAM))
    lena = [o.member("Lena") for o in report.occurrences]
    assert [(x.zone, x.local_start.isoformat()) for x in lena] == [
        ("Europe/Berlin", "2027-04-22T15:00:00+02:00"),
        ("Europe/Berlin", "2027-04-29T15:00:00+02:00"),
        ("Asia/Tokyo", "2027-05-06T22:00:00+09:00"),
        ("Asia/Tokyo", "2027-05-13T22:00:00+09:00"),
        ("Europe/Berlin", "2027-05-20T15:00:00+02:00"),
    ]
    assert [[(x.name, x.minutes, x.reason) for x in o.drift] for o in report.occurrences] == [
        [], [], [("Lena", 420, DriftReason.TRAVEL)], [], [("Lena", -420, DriftReason.TRAVEL)]]
    # Costs follow the zone in force minute by minute (the oracle reads the periods).
    for o in report.occurrences:
        cost, worst, _ = minute_cost(LENA, calendar(TEAM), o.start, o.end)
        assert (o.member("Lena").cost_minutes, o.member("Lena").comfort) == (cost, worst)
    assert lena[2].comfort == "early_late"


def test_a_day_off_is_read_on_the_date_where_the_member_is():
    # Friday 16:00 in New York is Saturday 05:00 in Tokyo (and Friday 22:00 in Berlin).
    friday = Series(start=date(2027, 5, 7), local_time=time(16), zone="America/New_York",
                    cadence="week", count=1)
    [o] = analyse_series(friday, TEAM, calendar(TEAM)).occurrences
    assert o.member("Lena").day_off == "weekend"
    assert o.conflicts == (("Lena", "weekend"),)
    assert o.member("Lena").local_start.date() == date(2027, 5, 8)


def test_meetings_attendees_are_where_they_are_and_drift_names_travel():
    pf = plan_portfolio([meeting("sync", "09:00 America/New_York", attendees=("Lena", "Maya"),
                                 start="2027-04-22", every="week", count=5)],
                        TEAM, calendar(TEAM), today=d("2027-01-01"))
    data = portfolio_json(pf)
    [m] = data["meetings"]
    rows = {o["date"]: {a["name"]: a for a in o["attendees"]} for o in m["occurrences"]}
    assert rows["2027-05-06"]["Lena"]["zone"] == "Asia/Tokyo"
    assert rows["2027-05-06"]["Lena"]["local_start"] == "2027-05-06T22:00:00+09:00"
    assert rows["2027-05-06"]["Maya"]["local_start"] == "2027-05-06T09:00:00-04:00"
    drift = [p for p in m["problems"] if p["kind"] == "drift"]
    assert [(p["date"], p["members"], p["reason"]) for p in drift] == [
        ("2027-05-06", ["Lena"], "travel"), ("2027-05-20", ["Lena"], "travel")]
    assert "in Tokyo" in drift[0]["detail"]


def test_zone_spans_are_cut_where_a_period_starts_and_ends():
    start, end = at("2027-05-01 00:00", "UTC"), at("2027-05-20 00:00", "UTC")
    spans = zone_spans(TEAM, LENA, start, end)
    assert [(s.start, s.end, s.zone) for s in spans] == [
        (start, at("2027-05-03 00:00", "Asia/Tokyo"), "Europe/Berlin"),
        (at("2027-05-03 00:00", "Asia/Tokyo"), at("2027-05-15 00:00", "Asia/Tokyo"),
         "Asia/Tokyo"),
        (at("2027-05-15 00:00", "Asia/Tokyo"), end, "Europe/Berlin")]
    assert zone_in_force(TEAM, LENA, at("2027-05-03 00:00", "Asia/Tokyo")) == "Asia/Tokyo"
    assert zone_spans(TEAM, MAYA, start, end)[0].zone == "America/New_York"


def test_transitions_of_a_zone_someone_travels_to_name_them():
    # Lena spends early April in Sydney, where clocks go back on 4 April 2027.
    lena = with_periods(member("Lena", "Europe/Berlin"),
                        period("2027-04-01..2027-04-10", zone="Australia/Sydney"))
    team = plan(lena, MAYA, reference_zone="UTC")
    got = clock_transitions(team, (), d("2027-03-01"), d("2027-04-30"))
    assert [(t.zone, t.at.date().isoformat(), t.members) for t in got] == [
        ("America/New_York", "2027-03-14", ("Maya",)),
        ("Europe/Berlin", "2027-03-28", ("Lena",)),
        ("Australia/Sydney", "2027-04-03", ("Lena",)),
    ]


def test_travel_is_no_clock_change_shift():
    # Berlin changes its clocks on 28 March; a traveller's change of zone is no shift.
    lena = with_periods(member("Lena", "Europe/Berlin"),
                        period("2027-03-22..2027-04-02", zone="Asia/Tokyo"))
    team = plan(lena, MAYA, reference_zone="UTC")
    pf = plan_portfolio([meeting("sync", "09:00 America/New_York", attendees=("Lena", "Maya"),
                                 start="2027-03-04", every="week", count=6)],
                        team, calendar(team), today=d("2027-01-01"))
    shifts = meeting_shifts(team, pf, d("2027-03-01"), d("2027-04-30"))
    # 18 Mar: New York's change (14 Mar) moves Berlin's 15:00 to 14:00, a shift; on
    # 25 Mar and 1 Apr she is in Tokyo (travel, no shift), and on 8 Apr back home.
    assert [(s.date.isoformat(), [m.name for m in s.members]) for s in shifts] == [
        ("2027-03-18", ["Lena"])]
    drift = [p for p in pf.problems_of("sync") if p.kind == "drift"]
    assert [(p.date.isoformat(), p.reason) for p in drift] == [
        ("2027-03-18", "clock_change"), ("2027-03-25", "travel"), ("2027-04-08", "travel")]


def test_the_export_description_gives_local_times_where_members_will_be():
    data = export_series(TEAM, calendar(TEAM), WEEKLY, stamp=STAMP).data
    [event] = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    text = str(event["DESCRIPTION"])
    assert "• Lena — Berlin: Thu 3:00\u202fPM; Thu 10:00\u202fPM in Tokyo from May 6 to " \
        "May 13" in text
    assert "• Maya — New York: Thu 9:00\u202fAM\n" in text


def test_working_spans_of_the_whole_team_keep_the_usual_path_for_others():
    cal = calendar(TEAM)
    s, e = to_seconds(at("2027-05-03 00:00", "UTC")), to_seconds(at("2027-05-04 00:00", "UTC"))
    assert working_spans(MAYA, cal, s, e) == [
        (to_seconds(at("2027-05-03 09:00", "America/New_York")),
         to_seconds(at("2027-05-03 17:00", "America/New_York")))]
    assert working_spans(LENA, cal, s, e) == [
        (to_seconds(at("2027-05-03 10:00", "Asia/Tokyo")),
         to_seconds(at("2027-05-03 16:00", "Asia/Tokyo")))]


def test_the_shared_schedule_names_a_traveller_with_their_time_there():
    from planner.meetings import share_markdown

    pf = plan_portfolio([meeting("sync", "09:00 America/New_York", attendees=("Lena", "Maya"),
                                 start="2027-04-29", every="week", count=2)],
                        TEAM, calendar(TEAM), today=d("2027-01-01"))
    text = share_markdown(pf, TEAM)
    rows = [line for line in text.splitlines() if line.startswith("| Thu")]
    assert rows[0].endswith("|  |") and "Lena in Tokyo 22:00" in rows[1]
