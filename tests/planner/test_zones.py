"""Zone keys: the tzdata package's rules, validation and RFC 5545 wall-clock rules."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import tzdata
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import zones
from planner.errors import ZoneError
from planner.zones import available_zones, check_zone_key, get_zone, transitions, wall_to_instant


def _package_zone(key: str) -> ZoneInfo:
    """The zone read straight from the tzdata package's file: an independent oracle."""
    ref = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
    with ref.open("rb") as f:
        return ZoneInfo.from_file(f, key=key)


@pytest.mark.parametrize("key, when", [
    # tzdata 2026: British Columbia and Alberta stay on UTC-7 / UTC-6 after 1 Nov 2026.
    ("America/Vancouver", datetime(2027, 1, 15, 12, tzinfo=UTC)),
    ("America/Edmonton", datetime(2027, 1, 15, 12, tzinfo=UTC)),
    ("Africa/Casablanca", datetime(2027, 7, 15, 12, tzinfo=UTC)),
])
def test_rules_come_from_the_tzdata_package(key, when):
    assert get_zone(key).utcoffset(when) == _package_zone(key).utcoffset(when)


def test_vancouver_keeps_summer_time_in_winter_2027():
    # The recent rule change itself: winter 2027 is UTC-7, as in summer.
    z = get_zone("America/Vancouver")
    assert datetime(2027, 1, 15, 12, tzinfo=z).utcoffset() == timedelta(hours=-7)
    assert tzdata.IANA_VERSION >= "2026"


def test_fresh_interpreter_uses_package_data_even_if_zoneinfo_was_used_first():
    # Someone imports zoneinfo and caches a system zone before the planner loads.
    code = (
        "from zoneinfo import ZoneInfo\n"
        "from datetime import datetime, UTC\n"
        "ZoneInfo('America/Vancouver')\n"
        "import planner.zones as z\n"
        "print(z.get_zone('America/Vancouver').utcoffset(datetime(2027,1,15,tzinfo=UTC)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "-1 day, 17:00:00"


@pytest.mark.parametrize("key, hint", [
    ("Europe/Berln", "Europe/Berlin"),
    ("Asia/Bangalore", "Asia/Kolkata"),
    ("america/new_york", "America/New_York"),
    ("Sydney", "Australia/Sydney"),
])
def test_typos_get_suggestions(key, hint):
    problem = check_zone_key(key, field="member.zone")
    assert problem is not None and hint in (problem.suggestion or "")
    assert f'"{key}"' in problem.reason


@pytest.mark.parametrize("key", ["UTC+5", "GMT-3", "+05:30", "Etc/GMT-5", "UTC+05:30"])
def test_fixed_offsets_are_refused(key):
    with pytest.raises(ZoneError, match="fixed UTC offset"):
        get_zone(key)


def test_utc_is_allowed_for_anchors_but_not_for_members():
    assert check_zone_key("UTC") is None
    assert check_zone_key("UTC", allow_utc=False) is not None


@pytest.mark.parametrize("key, year", [
    ("America/New_York", 2026), ("Europe/Berlin", 2026), ("Australia/Sydney", 2026),
    ("America/Santiago", 2026), ("Australia/Lord_Howe", 2026), ("Pacific/Chatham", 2027),
    ("Africa/Casablanca", 2026), ("America/Vancouver", 2026), ("Asia/Kolkata", 2026),
])
def test_transitions_match_zoneinfo_hour_by_hour(key, year):
    z = ZoneInfo(key)
    found = {t for t, _, _ in transitions(key, year)}
    t = datetime(year, 1, 1, tzinfo=UTC)
    prev = t.astimezone(z).utcoffset()
    while t.year == year:
        nxt = t + timedelta(minutes=30)
        off = nxt.astimezone(z).utcoffset()
        if off != prev:
            # exactly one transition inside (t, nxt], and it is where the offset changes
            [hit] = [x for x in found if int(t.timestamp()) < x <= int(nxt.timestamp())]
            before = datetime.fromtimestamp(hit - 1, UTC).astimezone(z).utcoffset()
            at_ = datetime.fromtimestamp(hit, UTC).astimezone(z).utcoffset()
            assert before == prev and at_ == off
        prev, t = off, nxt
    assert len(found) == len({x for x in found})


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney",
                            "America/Santiago", "Asia/Kathmandu", "Pacific/Chatham",
                            "America/St_Johns", "Australia/Lord_Howe"]),
       day=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
       minute=st.integers(0, 24 * 60 - 1))
def test_wall_to_utc_to_wall_is_identity_outside_gaps(key, day, minute):
    z = ZoneInfo(key)
    wall = datetime.combine(day, time(minute // 60, minute % 60))
    instant = wall_to_instant(day, wall.time(), get_zone(key))
    back = instant.astimezone(z).replace(tzinfo=None)
    # A wall time exists when it survives a round trip through UTC with either fold.
    exists = any(wall.replace(tzinfo=z, fold=f).astimezone(UTC).astimezone(z)
                 .replace(tzinfo=None) == wall for f in (0, 1))
    if exists:
        assert back == wall
        # Ambiguous times take the first (earlier) occurrence.
        other = wall.replace(tzinfo=z, fold=1).astimezone(UTC)
        assert instant <= other
    else:
        # RFC 5545: a nonexistent time moves forward by the length of the gap.
        gap = (wall.replace(tzinfo=z, fold=1).utcoffset() - wall.replace(tzinfo=z, fold=0)
               .utcoffset())
        assert back == wall + abs(gap)


@pytest.mark.parametrize("key, day, wall, expected_local", [
    ("America/New_York", date(2026, 3, 8), time(2, 30), "2026-03-08T03:30:00-04:00"),
    ("Europe/Berlin", date(2026, 3, 29), time(2, 0), "2026-03-29T03:00:00+02:00"),
    ("Australia/Sydney", date(2026, 10, 4), time(2, 15), "2026-10-04T03:15:00+11:00"),
    ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15), "2026-10-04T02:45:00+11:00"),
    # Ambiguous: the first occurrence.
    ("America/New_York", date(2026, 11, 1), time(1, 30), "2026-11-01T01:30:00-04:00"),
    ("Australia/Sydney", date(2026, 4, 5), time(2, 30), "2026-04-05T02:30:00+11:00"),
    ("America/Santiago", date(2026, 4, 4), time(23, 30), "2026-04-04T23:30:00-03:00"),
])
def test_gap_and_fold_cases(key, day, wall, expected_local):
    got = wall_to_instant(day, wall, get_zone(key)).astimezone(ZoneInfo(key))
    assert got.isoformat() == expected_local


def test_a_zone_is_read_from_tzdata_once_however_many_others_are_used(monkeypatch):
    # Regression: zoneinfo's strong cache keeps 8 keys, so a 16-zone team reloaded
    # tzdata files for nearly every local time it formatted.
    keys = sorted(available_zones())[:40]
    for key in keys:
        get_zone(key)

    def reload(key):
        raise AssertionError(f"{key} was loaded again")
    monkeypatch.setattr(zones, "ZoneInfo", reload)
    assert [get_zone(key).key for key in keys] == keys


@pytest.mark.parametrize("years", [(2026,), (1996, 2038, 2090)])
def test_transitions_from_the_tzif_data_equal_a_scan_of_every_zone(years):
    # The instants to look at come from each zone's TZif file and POSIX TZ rule
    # (RFC 8536); what changes there comes from zoneinfo.  A scan sampling every six
    # hours and bisecting each change (what this replaced) must find the same changes,
    # names and DST included, in explicit years, rule years and both hemispheres.
    keys = sorted(available_zones())
    if len(years) > 1:
        keys = keys[::7] + ["Europe/Dublin", "Africa/Casablanca", "Australia/Lord_Howe",
                            "America/Santiago", "Antarctica/Troll", "Pacific/Chatham"]
    for year in years:
        start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
        end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
        for key in keys:
            assert zones._year_transitions(key, year) == \
                zones._scanned_transitions(get_zone(key), start, end), (key, year)
