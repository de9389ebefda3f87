"""iMIP messages built from saved meetings, parsed back with the standard ``email``
package; their calendars expanded with recurring-ical-events (an independent RRULE
implementation) and compared with the planner's occurrences."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

import icalendar
import recurring_ical_events

from planner.mail.lint import lint_eml
from planner.mail.messages import (
    Invitation,
    build_notice,
    calendar_part,
)
from planner.mail.policy import message_bytes
from tests.mail_builders import LATER, PLAN, STAMP, cancel, invite, planned, with_meeting


def wire(inv: Invitation) -> EmailMessage:
    """The message as a mail client receives it."""
    data = message_bytes(inv.message)
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def ics(msg: EmailMessage) -> icalendar.Calendar:
    part = calendar_part(msg)
    assert part is not None
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return [e for e in cal.walk("VEVENT") if isinstance(e, icalendar.Event)]


# --- structure and people ------------------------------------------------------------------

def test_the_invitation_is_multipart_mixed_holding_alternative_and_the_attachment():
    msg = wire(invite())
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = list(msg.iter_parts())
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain", "text/html", "text/calendar"]
    cal_part = list(alternative.iter_parts())[2]
    assert cal_part.get_param("method") == "REQUEST"
    assert cal_part.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_payload(decode=True) == cal_part.get_payload(decode=True)
    assert str(ics(msg)["METHOD"]) == "REQUEST"
    assert lint_eml(message_bytes(invite().message), "x.eml") == []


def test_from_is_the_organizer_and_to_every_attendee_with_an_address():
    msg = wire(invite())
    assert parseaddr(msg["From"]) == ("Lena Vogt", "lena@example.com")
    # Jonas has no address; Lena is the organizer; Tomás is optional but invited.
    assert getaddresses([msg["To"]]) == [("Maya", "maya@example.com"),
                                         ("Priya", "priya@example.com"),
                                         ("Tomás", "tomas@example.com")]
    assert invite().recipients == ("maya@example.com", "priya@example.com", "tomas@example.com")
    assert msg["Subject"] == "Invitation: Payments weekly check-in"
    assert parsedate_to_datetime(msg["Date"]) == STAMP
    for event in events(ics(msg)):
        assert str(event["ORGANIZER"]) == "mailto:lena@example.com"


def test_each_attendee_is_one_attendee_line_with_cn_role_partstat_and_rsvp():
    (event,) = [e for e in events(ics(wire(invite()))) if "RECURRENCE-ID" not in e]
    rows = {str(a).removeprefix("mailto:"): a.params for a in event["ATTENDEE"]}
    assert set(rows) == {"lena@example.com", "maya@example.com", "priya@example.com",
                         "tomas@example.com"}
    assert rows["maya@example.com"]["CN"] == "Maya"
    assert rows["tomas@example.com"]["CN"] == "Tomás"
    assert rows["tomas@example.com"]["ROLE"] == "OPT-PARTICIPANT"
    for who in ("maya@example.com", "priya@example.com", "tomas@example.com"):
        assert (rows[who]["PARTSTAT"], rows[who]["RSVP"]) == ("NEEDS-ACTION", "TRUE")
        assert rows[who]["ROLE"] in ("REQ-PARTICIPANT", "OPT-PARTICIPANT")
    # The organizer is not asked to answer.
    assert (rows["lena@example.com"]["PARTSTAT"], rows["lena@example.com"]["RSVP"]) == (
        "ACCEPTED", "FALSE")


def test_times_carry_the_slot_zone_and_the_texts_list_every_attendee_s_local_time():
    msg = wire(invite())
    for event in events(ics(msg)):
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        assert event["DTEND"].params["TZID"] == "America/New_York"
    zones = [str(z["TZID"]) for z in ics(msg).walk("VTIMEZONE")]
    assert zones == ["America/New_York"]
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    for text in (plain.get_content(), html.get_content()):
        for name in ("Lena", "Maya", "Priya", "Jonas", "Tomás"):
            assert name in text
        assert "Berlin" in text and "Kolkata" in text and "Santiago" in text


# --- the calendar, expanded by another implementation -------------------------------------

def expanded(cal: icalendar.Calendar) -> list[datetime]:
    found = recurring_ical_events.of(cal).between(datetime(2027, 1, 1, tzinfo=UTC),
                                                  datetime(2027, 12, 31, tzinfo=UTC))
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in found)


def test_the_expanded_calendar_is_the_planner_s_occurrences():
    for meeting in ("weekly-sync", "partner-demo"):
        schedule = planned().schedule(meeting)
        assert expanded(ics(wire(invite(meeting)))) == sorted(o.start for o in schedule.held)


def test_a_rotation_is_one_calendar_with_an_event_per_slot():
    inv = invite("partner-demo")
    masters = [e for e in events(ics(wire(inv))) if "RECURRENCE-ID" not in e]
    assert len(masters) == 2 == len(inv.events)
    assert len({str(e["UID"]) for e in masters}) == 2
    assert {e["DTSTART"].params["TZID"] for e in masters} == {"Europe/Berlin",
                                                              "America/New_York"}


# --- updates and cancellations ----------------------------------------------------------

def test_sequence_rises_only_when_the_meeting_changed():
    first = invite()
    assert first.first and not first.unchanged and [e.sequence for e in first.events] == [0]
    sent = first.records(STAMP)
    again = invite(sent=sent)
    assert again.unchanged and [e.sequence for e in again.events] == [0]
    changed_plan = with_meeting(PLAN, "weekly-sync", duration=45)
    update = invite(plan=changed_plan, sent=sent)
    assert not update.unchanged and not update.first
    assert [e.uid for e in update.events] == [e.uid for e in first.events]
    assert [e.sequence for e in update.events] == [1]
    assert wire(update)["Subject"] == "Updated invitation: Payments weekly check-in"
    sent = (*sent, *update.records(LATER))
    assert invite(plan=changed_plan, sent=sent).unchanged


def test_cancelling_the_meeting_raises_sequence_and_keeps_the_attendees():
    first = invite()
    sent = first.records(STAMP)
    inv = cancel(sent=sent)
    msg = wire(inv)
    assert calendar_part(msg) is not None
    assert calendar_part(msg).get_param("method") == "CANCEL"  # type: ignore[union-attr]
    cal = ics(msg)
    assert str(cal["METHOD"]) == "CANCEL"
    (event,) = events(cal)
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    assert str(event["UID"]) == first.events[0].uid
    request = [e for e in events(ics(wire(first))) if "RECURRENCE-ID" not in e][0]
    assert [(str(a), a.params["CN"], a.params["ROLE"]) for a in event["ATTENDEE"]] == [
        (str(a), a.params["CN"], a.params["ROLE"]) for a in request["ATTENDEE"]]
    assert msg["Subject"] == "Cancelled: Payments weekly check-in"
    assert lint_eml(message_bytes(inv.message)) == []
    # Cancelled already: nothing new to send.
    assert cancel(sent=(*sent, *inv.records(LATER))).unchanged


def test_one_occurrence_is_cancelled_by_its_recurrence_id_in_the_form_of_dtstart():
    sent = invite().records(STAMP)
    inv = cancel(sent=sent, occurrence=date(2027, 3, 15))
    (event,) = events(ics(wire(inv)))
    rid = event["RECURRENCE-ID"]
    assert rid.params["TZID"] == "America/New_York"
    assert rid.dt.replace(tzinfo=None) == datetime(2027, 3, 15, 9, 0)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    assert "RRULE" not in event
    assert wire(inv)["Subject"] == "Cancelled: Payments weekly check-in on 2027-03-15"
    assert b"RECURRENCE-ID;TZID=America/New_York:20270315T090000" in inv.calendar


def test_a_moved_occurrence_is_cancelled_at_its_original_start():
    inv = cancel(occurrence=date(2027, 4, 6))  # moved there from Monday 5 April
    (event,) = events(ics(wire(inv)))
    assert event["RECURRENCE-ID"].dt.replace(tzinfo=None) == datetime(2027, 4, 5, 9, 0)
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 4, 6, 9, 0)
    assert inv.occurrence == date(2027, 4, 6)


# --- notices -------------------------------------------------------------------------------

def test_a_notice_is_plain_text_to_the_meeting_s_attendees_without_a_calendar():
    from planner.clocks import meeting_shifts

    shift = meeting_shifts(PLAN, planned(), date(2027, 3, 1), date(2027, 3, 31),
                           ["weekly-sync"])[0]
    notice = build_notice(shift, PLAN, stamp=STAMP)
    msg = notice.message
    assert msg.get_content_type() == "text/plain"
    assert calendar_part(msg) is None
    assert f"weekly check-in on {shift.date.isoformat()}" in str(msg["Subject"])
    assert notice.recipients == ("maya@example.com", "priya@example.com", "tomas@example.com")
    assert notice.file_name == f"weekly-sync-{shift.date.isoformat()}.eml"


def test_an_invitation_after_cancelling_one_occurrence_does_not_bring_it_back():
    sent = invite().records(STAMP)
    one = cancel(sent=sent, occurrence=date(2027, 3, 15))
    sent = (*sent, *one.records(LATER))
    assert invite(sent=sent).unchanged  # nothing new: the same request would undo the cancel
    skipped = with_meeting(PLAN, "weekly-sync", skip=frozenset({date(2027, 3, 15),
                                                                date(2027, 3, 22)}))
    update = invite(plan=skipped, sent=sent)
    assert not update.unchanged and [e.sequence for e in update.events] == [2]
    assert invite(plan=skipped, sent=(*sent, *update.records(LATER))).unchanged


def test_every_kind_of_message_for_every_meeting_passes_the_interop_rules():
    """Request, update, whole and one-occurrence cancel of each meeting of the plan, as
    written out: ``overlap check``'s rules (each with a failing fixture in
    tests/app/test_cli_check_eml.py) find nothing."""
    for schedule in planned().schedules:
        mid = schedule.meeting.id
        first = invite(mid)
        sent = first.records(STAMP)
        longer = with_meeting(PLAN, mid, duration=schedule.meeting.duration + 15)
        update = invite(mid, plan=longer, sent=sent)
        day = next(o.date for o in schedule.occurrences if o.held)
        one = cancel(mid, sent=sent, occurrence=day)
        whole = cancel(mid, sent=sent)
        assert not first.unchanged and not update.unchanged and not update.first
        for inv in (first, update, one, whole):
            assert lint_eml(message_bytes(inv.message), f"{mid}.eml") == [], (mid, inv.kind)
        assert all(e.sequence >= 1 for e in (*update.events, *one.events, *whole.events))
