"""How invitations are written out (planner.mail.policy): a long Subject is folded
within 78 columns and never leaves ``Subject:`` alone on its first line; the folded
header reads back, with the standard ``email`` parser, as the subject that was set."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest

from planner.mail.policy import message_bytes, refold_first_line
from tests.mail_builders import PLAN, cancel, invite, planned, with_meeting

WORDS = ("Payments weekly check-in for the platform and partner teams across "
         "Berlin New York Bangalore and Kathmandu with release planning").split()


def title_of(length: int) -> str:
    """Ordinary words, about ``length`` characters: the lengths around 78 columns."""
    out = ""
    for i in range(100):
        word = WORDS[i % len(WORDS)]
        if len(out) + len(word) + 1 > length:
            break
        out = f"{out} {word}".strip()
    return out


def header_lines(data: bytes, name: bytes) -> list[bytes]:
    """The physical lines of one header in a message as written (CRLF)."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    start = next(i for i, ln in enumerate(head) if ln.lower().startswith(name.lower() + b":"))
    end = start + 1
    while end < len(head) and head[end][:1] in (b" ", b"\t"):
        end += 1
    return head[start:end]


def parsed(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


@pytest.mark.parametrize("length", range(40, 121, 3))
def test_a_long_subject_starts_on_the_subject_line_and_reads_back_whole(length: int) -> None:
    title = title_of(length)
    plan = with_meeting(PLAN, "weekly-sync", title=title)
    for inv, subject in ((invite(plan=plan), f"Invitation: {title}"),
                         (cancel(plan=plan), f"Cancelled: {title}")):
        data = message_bytes(inv.message)
        lines = header_lines(data, b"Subject")
        assert lines[0].strip() != b"Subject:", lines  # the reported nit: an empty first line
        assert all(len(ln) <= 78 for ln in lines), lines
        assert parsed(data)["Subject"] == subject


def test_a_single_occurrence_cancel_with_a_title_of_71_columns_is_not_folded_empty() -> None:
    # "Cancelled: <title> on 2027-02-18" of 71 characters: Python 3.11's SMTP policy
    # writes it as "Subject:" CRLF " Cancelled: ..." (the value fits a line of its own).
    title = "Payments weekly check-in for the platform team"
    schedule = next(s for s in planned().schedules if s.meeting.id == "weekly-sync")
    day = next(o.date for o in schedule.occurrences if o.held)
    inv = cancel(plan=with_meeting(PLAN, "weekly-sync", title=title), occurrence=day)
    subject = str(inv.message["Subject"])
    assert 9 + len(subject) > 78 >= 1 + len(subject)  # the case the folder got wrong
    stdlib = header_lines(inv.message.as_bytes(policy=email.policy.SMTP), b"Subject")
    ours = header_lines(message_bytes(inv.message), b"Subject")
    assert stdlib[0] == b"Subject:"  # still so in the standard library: the fix is needed
    assert ours[0].startswith(b"Subject: Cancelled:") and len(ours) == 2
    assert parsed(message_bytes(inv.message))["Subject"] == subject


def test_refolding_keeps_every_other_header_as_the_folder_wrote_it() -> None:
    assert refold_first_line("Subject: short\r\n", "Subject", "\r\n") == "Subject: short\r\n"
    two = "To: a@example.com,\r\n b@example.com\r\n"
    assert refold_first_line(two, "To", "\r\n") == two
    # no space to break at within 78 columns: one longer line (RFC 5322 allows 998)
    long_word = "x" * 75
    assert refold_first_line(f"Subject:\r\n {long_word}\r\n", "Subject", "\r\n") == \
        f"Subject: {long_word}\r\n"


def test_non_ascii_titles_are_encoded_words_that_read_back() -> None:
    title = "Americas–Asia delivery sync with Tomás and the Bengaluru and Kathmandu teams"
    inv = invite(plan=with_meeting(PLAN, "weekly-sync", title=title))
    data = message_bytes(inv.message)
    lines = header_lines(data, b"Subject")
    assert lines[0].strip() != b"Subject:" and all(len(ln) <= 78 for ln in lines)
    assert parsed(data)["Subject"] == f"Invitation: {title}"


def test_refolding_only_moves_a_line_break_so_unfolding_gives_the_same_value() -> None:
    for value in ("Cancelled: Payments weekly  check-in for the platform team on 2027-02-18",
                  "x " * 38, "word " + "y" * 70, "a" * 60 + "  " + "b" * 12,
                  "=?utf-8?q?Tom=C3=A1s?= " * 3 + "a" * 20):
        folded = f"Subject:\r\n {value}\r\n"
        out = refold_first_line(folded, "Subject", "\r\n")
        assert out.replace("\r\n", "") == f"Subject: {value}"  # RFC 5322 unfolding
        assert out.split("\r\n")[0].strip() != "Subject:"
