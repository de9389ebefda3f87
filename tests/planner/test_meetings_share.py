"""share --markdown: the table read back cell by cell equals zoneinfo's conversions.

The reader below splits rows as GitHub-flavoured Markdown does (a backslash
escapes the next character, an unescaped ``|`` ends a cell), so a name that
breaks the table breaks the test.  Expected times come from the RFC 5545
oracle (tests/oracles.py) and ``zoneinfo``, not from the schedule's instants.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from planner.context import open_plan
from planner.errors import InputError
from planner.meetings import markdown_escape, plan_portfolio, share_markdown
from planner.model import Plan
from resources import DEMO_PLAN
from tests.builders import calendar, d, meeting, member, plan
from tests.oracles import rfc5545_instant

TEAM = plan(
    member("Lena", "Europe/Berlin", "09:00-17:30"),
    member("Jonas", "Europe/Berlin"),
    member("Maya", "America/New_York"),
    member("Priya", "Asia/Kolkata", "09:30-18:30"),
    member("Ana | QA*", "Australia/Sydney"),
    reference_zone="Europe/Berlin",
)
ALL = tuple(m.name for m in TEAM.members)
HOLIDAYS = {("Maya", d("2027-03-18")): "Founders' Day"}


def cells(line: str) -> list[str]:
    """A GFM table row's cells, unescaped (bold markers kept)."""
    assert line.startswith("|") and line.endswith("|"), line
    out, current, i = [], "", 1
    body = line[:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i + 1]
            i += 2
            continue
        if ch == "|":
            out.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    out.append(current.strip())
    return out


def tables(text: str) -> dict[str, list[dict[str, str]]]:
    """Meeting title -> rows as {header: cell}."""
    out: dict[str, list[dict[str, str]]] = {}
    title = None
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("### "):
            title = re.sub(r"\\(.)", r"\1", line[4:])
            out[title] = []
            header = []
        elif line.startswith("|") and title is not None:
            row = cells(line)
            if not header:
                header = row
            elif set(row) != {"---"}:
                assert len(row) == len(header), line
                out[title].append(dict(zip(header, row, strict=True)))
    return out


def expected_cell(start: datetime, zone: str) -> str:
    local = start.astimezone(ZoneInfo(zone))
    text = local.strftime("%H:%M")
    if local.date() != start.date():
        text = f"{local:%a} {text}"
    return text


TODAY = d("2027-01-01")


def share(*meetings, p: Plan = TEAM, today=TODAY, **kw) -> tuple[object, str]:
    pf = plan_portfolio(meetings, p, calendar(p, HOLIDAYS), today=today)
    return pf, share_markdown(pf, p, **kw)


SYNC = meeting("sync", "09:00 America/New_York", start="2027-03-01", count=6, attendees=ALL,
               skip=frozenset({d("2027-03-22")}), move=((d("2027-04-05"), d("2027-04-06")),))
ROT = meeting("rot", "08:00 America/New_York", "17:00 Asia/Kolkata", every="2weeks",
              days=(1, 3), start="2027-03-02", count=8, attendees=("Lena", "Priya", "Maya"),
              lock=((d("2027-03-04"), "B"), (d("2027-03-16"), "B")))


@pytest.mark.parametrize("first,last", [(None, None), (d("2027-03-10"), d("2027-03-29")),
                                        (d("2027-03-16"), d("2027-03-16"))])
def test_every_row_is_the_occurrence_in_utc_and_in_each_zone(first, last) -> None:
    pf, text = share(SYNC, ROT, first=first, last=last)
    got = tables(text)
    for s in pf.schedules:
        m = s.meeting
        wanted = [o for o in s.occurrences
                  if (first is None or o.date >= first) and (last is None or o.date <= last)]
        rows = got.get(m.title, [])
        assert len(rows) == len(wanted)
        zones = list(dict.fromkeys(TEAM.member(n).zone for n in m.attendees))
        headers = list(rows[0]) if rows else []
        if rows:
            assert headers[:2] == ["Date (UTC)", "Time (UTC)"] and headers[-1] == "Note"
            assert len(headers) == len(zones) + 3
        for o, row in zip(sorted(wanted, key=lambda o: o.start), rows, strict=True):
            slot = s.slot(o.slot) if o.slot else m.anchor
            start = rfc5545_instant(o.date, slot.local_time, slot.zone)
            if not o.held:
                start = rfc5545_instant(o.rule_date, slot.local_time, slot.zone)
                assert row["Note"].startswith("skipped")
                assert row["Date (UTC)"] == f"{start:%a %Y-%m-%d}"
                continue
            assert row["Date (UTC)"] == f"{start:%a %Y-%m-%d}"
            assert row["Time (UTC)"] == f"{start:%H:%M}"
            for zone, header in zip(zones, headers[2:-1], strict=True):
                assert row[header].replace("**", "") == expected_cell(start, zone)


def test_names_with_markdown_characters_keep_the_table_whole() -> None:
    _, text = share(SYNC)
    (rows,) = tables(text).values()
    assert "Sydney: Ana | QA*" in rows[0]
    assert "Ana \\| QA\\*" in text
    assert markdown_escape("a|b\nc_d") == "a\\|b c\\_d"


def test_a_clock_change_is_bold_where_it_moves_the_local_time() -> None:
    # New York 09:00: Berlin 15:00 -> 14:00 (14 Mar, US) -> 15:00 (28 Mar, EU);
    # Sydney's change on 4 April moves the time for Ana only.
    m = meeting("sync", "09:00 America/New_York", start="2027-03-01", count=7, attendees=ALL)
    _, text = share(m)
    (rows,) = tables(text).values()
    berlin = "Berlin: Lena, Jonas"
    bold = {r["Date (UTC)"]: [h for h, c in r.items() if c.startswith("**") or " **" in c]
            for r in rows}
    assert [r[berlin] for r in rows] == ["15:00", "15:00", "**14:00**", "14:00", "**15:00**",
                                         "15:00", "15:00"]
    assert bold["Mon 2027-03-15"] == [berlin, "Kolkata: Priya", "Sydney: Ana | QA*"]
    assert bold["Mon 2027-04-05"] == ["Sydney: Ana | QA*"]
    assert all(r["New York: Maya"] == "09:00" for r in rows)


def test_notes_name_skips_moves_and_days_off() -> None:
    m = meeting("sync", "09:00 America/New_York", every="weekdays", start="2027-03-15",
                count=5, attendees=ALL, skip=frozenset({d("2027-03-16")}),
                move=((d("2027-03-17"), d("2027-03-20")),))
    _, text = share(m)
    (rows,) = tables(text).values()
    notes = {r["Date (UTC)"]: r["Note"] for r in rows}
    assert notes["Tue 2027-03-16"] == "skipped"
    assert notes["Sat 2027-03-20"].startswith("moved from 2027-03-17; off:")
    assert "Lena (weekend)" in notes["Sat 2027-03-20"]
    assert notes["Thu 2027-03-18"] == "off: Maya (Founders' Day)"
    assert notes["Mon 2027-03-15"] == ""


def test_the_locale_names_weekdays_and_cities() -> None:
    m = meeting("late", "20:00 America/New_York", start="2027-03-01", count=1, attendees=ALL)
    _, text = share(m, locale="de")
    (rows,) = tables(text).values()
    assert rows[0]["Date (UTC)"] == "Di 2027-03-02"  # 01:00 UTC on Tuesday
    assert "Sydney: Ana | QA*" in rows[0] and rows[0]["Kalkutta: Priya"] == "06:30"
    with pytest.raises(InputError) as e:
        share(m, locale="xx_NOPE")
    assert e.value.problems[0].field == "locale"


def test_a_range_without_occurrences_says_so() -> None:
    _, text = share(SYNC, first=d("2030-01-01"), last=d("2030-12-31"))
    assert text == "_No meeting occurrences from 2030-01-01 to 2030-12-31._\n"


def test_meetings_with_nothing_in_the_range_are_left_out() -> None:
    later = meeting("later", "09:00 Europe/Berlin", start="2027-06-01", count=2,
                    attendees=("Lena",))
    _, text = share(SYNC, later, first=d("2027-03-01"), last=d("2027-03-31"))
    assert list(tables(text)) == ["Sync"]


def test_the_demo_weekly_sync_shows_the_march_mismatch_weeks_for_berlin() -> None:
    ctx = open_plan(DEMO_PLAN)
    p = ctx.plan
    pf = plan_portfolio(p.meetings, p, ctx.calendar, today=d("2026-12-01"))
    text = share_markdown(pf, p, first=d("2027-03-01"), last=d("2027-04-10"))
    rows = tables(text)["Payments weekly check-in"]
    assert [(r["Date (UTC)"], r["Berlin: Lena, Jonas"]) for r in rows] == [
        ("Thu 2027-03-04", "15:00"), ("Thu 2027-03-11", "15:00"), ("Thu 2027-03-18", "**14:00**"),
        ("Thu 2027-03-25", "14:00"), ("Thu 2027-04-01", "**15:00**"), ("Thu 2027-04-08", "15:00")]
    review = tables(text)["Partner release review"]
    assert review[0]["Kolkata: Priya, Arjun"] == "15:00"
