"""A 500-member plan across 60 zones: load, overlap for a year, save.

Measures the whole path a user takes (TOML parse and validation with holiday
regions, the engine with public holidays, an atomic save), not just the core.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from planner.availability import overlap_windows
from planner.context import PlanContext
from planner.planfile import load_plan, save_plan
from planner.zones import available_zones

REGIONS = [("DE", "BE"), ("IN", "KA"), ("US", "NY"), ("GB", None), ("FR", None), ("BR", None),
           ("AU", "NSW"), ("JP", None), ("CL", None), ("NP", None), ("SA", None), ("CA", "ON")]


def big_plan_text(members: int = 500, zones: int = 60, seed: int = 3) -> str:
    rnd = random.Random(seed)
    keys = sorted(k for k in available_zones() if k.startswith(
        ("Europe/", "America/", "Asia/", "Australia/", "Africa/", "Pacific/")))
    chosen = rnd.sample(keys, zones)
    lines = ['version = 1', 'name = "Scale test"', 'reference_zone = "UTC"', ""]
    for i in range(members):
        country, sub = REGIONS[i % len(REGIONS)]
        lines += ["[[member]]", f'name = "Member {i:04d}"', f'zone = "{chosen[i % zones]}"',
                  f'country = "{country}"']
        if sub:
            lines.append(f'subdivision = "{sub}"')
        lines += [f'hours = "{rnd.choice(["09:00-17:00", "08:00-12:00, 13:00-17:00"])}"',
                  f"required = {'true' if i % 3 else 'false'}", ""]
    return "\n".join(lines)


def run(json: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scale.toml"
        path.write_text(big_plan_text(), encoding="utf-8")
        t0 = time.perf_counter()
        doc = load_plan(path)
        ctx = PlanContext.from_document(doc)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        windows = overlap_windows(ctx.plan, ctx.calendar, datetime(2026, 1, 1, tzinfo=UTC),
                                  datetime(2027, 1, 1, tzinfo=UTC), min_count=80)
        overlap_s = time.perf_counter() - t0
        doc.update_entry("member", 0, {"email": "first@example.com"})
        t0 = time.perf_counter()
        save_plan(doc)
        save_s = time.perf_counter() - t0
    result = {"members": len(ctx.plan.members),
              "zones": len({m.zone for m in ctx.plan.members}),
              "load_seconds": round(load_s, 3), "overlap_year_seconds": round(overlap_s, 3),
              "save_seconds": round(save_s, 3), "windows_min_80": len(windows)}
    if not json:
        print(f"  {result['members']} members in {result['zones']} zones: load "
              f"{load_s * 1000:.0f} ms, overlap for a year (at least 80 present, public "
              f"holidays included) {overlap_s * 1000:.0f} ms, edit + save {save_s * 1000:.0f} ms")
    return result


if __name__ == "__main__":
    run()
