"""Overlap engine vs a minute-by-minute scan, for a large team over a long horizon.

The baseline is the obvious implementation: for every minute, convert to each
member's local time and test the working blocks.  It is far too slow for a
year of 200 members, so it runs on a sample of days, and the ratio is taken
per member-day.  Both run in this process, on the same team.
"""

from __future__ import annotations

import random
import time as _time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from planner.availability import overlap_windows, to_seconds, working_spans
from planner.calendar import TeamCalendar
from planner.model import Member, Plan, WeeklyHours, parse_blocks

ZONES = [
    "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Sao_Paulo", "America/Santiago", "America/St_Johns", "Europe/London",
    "Europe/Berlin", "Europe/Helsinki", "Africa/Lagos", "Asia/Dubai", "Asia/Kolkata",
    "Asia/Kathmandu", "Asia/Singapore", "Asia/Tokyo", "Australia/Adelaide",
    "Australia/Sydney", "Pacific/Auckland", "Pacific/Chatham",
]
HOURS = ["09:00-17:00", "08:30-12:30, 13:30-17:30", "10:00-18:30", "07:00-15:00",
         "22:00-06:00"]


def team(n: int, seed: int = 7) -> Plan:
    rnd = random.Random(seed)
    members = []
    for i in range(n):
        weekend = frozenset(rnd.choice([(5, 6), (4, 5), (6,)]))
        members.append(Member(
            name=f"m{i:03d}", zone=ZONES[i % len(ZONES)],
            hours=WeeklyHours.every_day(parse_blocks(rnd.choice(HOURS)), weekend),
            weekend=weekend, required=i % 5 != 0))
    return Plan("bench", "UTC", tuple(members))


def brute_minutes(m: Member, cal: TeamCalendar, start: datetime, end: datetime) -> int:
    z = ZoneInfo(m.zone)
    count = 0
    t = start
    step = timedelta(minutes=1)
    while t < end:
        local = t.astimezone(z).replace(tzinfo=None)
        for d in (local.date(), local.date() - timedelta(days=1)):
            hit = False
            for b in cal.blocks_on(m, d):
                s = datetime.combine(d, dtime()) + timedelta(minutes=b.start)
                e = datetime.combine(d, dtime()) + timedelta(
                    minutes=b.end if b.end > b.start else b.end + 1440)
                if s <= local < e:
                    hit = True
                    break
            if hit:
                count += 1
                break
        t += step
    return count


def run(json: bool = False) -> dict:
    plan = team(200)
    cal = TeamCalendar(plan)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = datetime(2027, 1, 1, tzinfo=UTC)
    t0 = _time.perf_counter()
    spans = [working_spans(m, cal, to_seconds(start), to_seconds(end)) for m in plan.members]
    windows = overlap_windows(plan, cal, start, end, min_count=40, spans=spans)
    ours = _time.perf_counter() - t0
    t0 = _time.perf_counter()
    all_required = overlap_windows(plan, cal, start, end)
    ours_full = _time.perf_counter() - t0

    # Baseline: the minute scan on 3 sample days (one in a DST week) for 20 members,
    # scaled to a member-year; the engine's answer for the same days must agree.
    sample_days = [date(2026, 3, 9), date(2026, 6, 15), date(2026, 10, 26)]
    sample = plan.members[:20]
    t0 = _time.perf_counter()
    agree = True
    for d in sample_days:
        s = datetime.combine(d, dtime(), tzinfo=UTC)
        e = s + timedelta(days=1)
        for i, m in enumerate(sample):
            n = brute_minutes(m, cal, s, e)
            mine = sum(min(b, to_seconds(e)) - max(a, to_seconds(s))
                       for a, b in spans[i] if a < to_seconds(e) and b > to_seconds(s)) // 60
            agree &= n == mine
    brute = _time.perf_counter() - t0
    brute_year = brute / (len(sample_days) * len(sample)) * 365 * len(plan.members)
    result = {
        "members": len(plan.members), "zones": len({m.zone for m in plan.members}),
        "days": 365, "engine_seconds": round(ours, 4),
        "engine_all_required_seconds": round(ours_full, 4),
        "windows_min_40": len(windows), "windows_all_required": len(all_required),
        "minute_scan_seconds_estimated": round(brute_year, 1),
        "speedup": round(brute_year / ours), "baseline_agrees": agree,
    }
    if not json:
        print(f"  overlap for {result['members']} members in {result['zones']} zones over a "
              f"year: {ours * 1000:.0f} ms (every-required: {ours_full * 1000:.0f} ms)")
        print(f"  minute scan, same work (measured on {len(sample_days) * len(sample)} "
              f"member-days, scaled): {brute_year:.0f} s")
        print(f"  speed-up: {result['speedup']}x; scan and engine agree: {agree}")
    return result


if __name__ == "__main__":
    run()
