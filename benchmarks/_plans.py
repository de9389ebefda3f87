"""Plan files for the command-line benchmarks, the same for every run and commit.

A team spread over the first ``zones`` of a fixed list of 16 real zones,
weighted towards Europe, the US and India as real distributed teams are (so
that a hundred of 200 members do overlap at times), each member with the
public holidays of the zone's country, one of eight working-hour patterns
(a night shift among them), every fifth member optional, and an e-mail address.
"""

from __future__ import annotations

import random
from pathlib import Path

ZONES = (
    ("America/Los_Angeles", "US", "CA", 3), ("America/Denver", "US", "CO", 2),
    ("America/Chicago", "US", "IL", 3), ("America/New_York", "US", "NY", 6),
    ("America/Sao_Paulo", "BR", None, 2), ("America/Santiago", "CL", None, 1),
    ("America/St_Johns", "CA", "NL", 1), ("Europe/London", "GB", None, 8),
    ("Europe/Berlin", "DE", "BE", 12), ("Europe/Helsinki", "FI", None, 6),
    ("Africa/Lagos", "NG", None, 4), ("Asia/Dubai", "AE", None, 3),
    ("Asia/Kolkata", "IN", "KA", 8), ("Asia/Kathmandu", "NP", None, 1),
    ("Asia/Singapore", "SG", None, 2), ("Asia/Tokyo", "JP", None, 3),
)
HOURS = ("08:00-16:00", "09:30-18:00", "11:00-19:00", "09:00-17:00",
         "08:30-12:30, 13:30-17:30", "10:00-18:30", "07:00-15:00", "22:00-06:00")


def plan_text(members: int, zones: int = 16, seed: int = 7) -> str:
    rnd = random.Random(seed)
    chosen = ZONES[:zones]
    weights = [w for *_, w in chosen]
    lines = ["version = 1", f'name = "Benchmark team of {members}"', 'reference_zone = "UTC"', ""]
    for i in range(members):
        zone, country, subdivision, _ = rnd.choices(chosen, weights=weights)[0]
        lines += ["[[member]]", f'name = "m{i:05d}"', f'zone = "{zone}"', f'country = "{country}"']
        if subdivision:
            lines.append(f'subdivision = "{subdivision}"')
        lines += [f'hours = "{rnd.choice(HOURS)}"',
                  f"required = {'true' if i % 5 else 'false'}",
                  f'email = "m{i:05d}@example.com"', ""]
    return "\n".join(lines)


def write_plan(folder: Path, members: int, zones: int = 16) -> Path:
    path = folder / f"team-{members}.toml"
    if not path.exists():
        path.write_text(plan_text(members, zones), encoding="utf-8")
    return path
