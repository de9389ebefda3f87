"""How close the fair-rotation heuristic stays to the exact optimum, and how fast.

Generates teams with a fixed seed (3–30 members spread over real zones, 8–52
weekly or fortnightly occurrences whose horizon crosses DST changes, 2–6
candidate slots anchored in a zone, random holidays and time off), turns them
into comfort-cost tables (DESIGN.md defaults: work 0, night 10, off 8,
early/late 3, shoulder 1 per hour; cost = weight × minutes), and solves each:

* with :func:`planner.rotation.solver.solve_rotation` (the heuristic path);
* exactly, as an integer program through HiGHS (``highspy``):
  minimise z subject to prior_m + Σ_oc cost_ocm·x_oc <= z for every member,
  Σ_c x_oc = 1 for every occurrence, locked occurrences fixed.

The costs are simulated here (zoneinfo for local times, the DESIGN.md
first-match rule for comfort) rather than taken from ``planner.availability``
so the benchmark measures the solver alone and stays stable while the cost
model evolves.

The report gives the gap of the largest burden, (heuristic − exact) / exact,
median and worst, the share of instances where the heuristic hits the exact
min-max, and timings.  When HiGHS hits its time limit the gap is measured
against its best assignment (and its proven bound is reported beside).
Run ``uv run python -m benchmarks.rotation [--json]`` or ``python -m benchmarks``.
"""

from __future__ import annotations

import json as json_module
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.rotation.solver import solve_rotation

SEED = 20260407
INSTANCES = 60
TIME_LIMIT = 1.5  # seconds HiGHS may spend on one instance
BIG_INSTANCES = 3  # of 52 occurrences x 6 candidates x 30 members
BIG_TIME_LIMIT = 5.0

# Per-hour comfort weights, DESIGN.md defaults.
WORK, NIGHT, OFF, EARLY_LATE, SHOULDER = 0, 10, 8, 3, 1
STEP = 15  # minutes; every time and offset used is a multiple of it

# Zones with their weekend; a mix of northern and southern DST, no DST and
# quarter-hour offsets so the horizons cross different switch dates.
SITES = (
    ("America/Los_Angeles", (5, 6)),
    ("America/New_York", (5, 6)),
    ("America/Sao_Paulo", (5, 6)),
    ("America/Santiago", (5, 6)),
    ("Europe/London", (5, 6)),
    ("Europe/Berlin", (5, 6)),
    ("Africa/Lagos", (5, 6)),
    ("Asia/Dubai", (5, 6)),
    ("Asia/Kolkata", (5, 6)),
    ("Asia/Kathmandu", (5, 6)),
    ("Asia/Singapore", (5, 6)),
    ("Asia/Tokyo", (5, 6)),
    ("Australia/Sydney", (5, 6)),
    ("Pacific/Auckland", (5, 6)),
)


@dataclass(frozen=True, slots=True)
class Member:
    zone: ZoneInfo
    work: tuple[int, int]  # local minutes after midnight
    weekend: tuple[int, ...]
    days_off: frozenset[date]


@dataclass(frozen=True, slots=True)
class Instance:
    name: str
    costs: list[list[list[int]]]
    locks: dict[int, int]
    prior: list[int]

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.costs), len(self.costs[0]), len(self.costs[0][0])


def _weight(member: Member, local: datetime) -> int:
    """Comfort weight per hour of one local minute; first match wins."""
    minute = local.hour * 60 + local.minute
    day_off = local.weekday() in member.weekend or local.date() in member.days_off
    if not day_off and member.work[0] <= minute < member.work[1]:
        return WORK
    if minute >= 23 * 60 or minute < 6 * 60:
        return NIGHT
    if day_off:
        return OFF
    if 21 * 60 <= minute < 23 * 60 or 6 * 60 <= minute < 7 * 60:
        return EARLY_LATE
    return SHOULDER


def _cost(member: Member, start: datetime, duration: int) -> int:
    total = 0
    for step in range(0, duration, STEP):
        local = (start + timedelta(minutes=step)).astimezone(member.zone)
        total += _weight(member, local) * STEP
    return total


def _occurrence_start(day: date, hhmm: int, zone: ZoneInfo) -> datetime:
    # fold=0: a nonexistent time moves forward by the gap, an ambiguous one
    # takes its first occurrence (RFC 5545 §3.3.5), as the series code does.
    wall = datetime(day.year, day.month, day.day, hhmm // 60, hhmm % 60, tzinfo=zone)
    return wall.astimezone(UTC)


def make_instance(rng: random.Random, index: int, shape: tuple[int, int, int] | None = None
                  ) -> Instance:
    if shape is None:
        n_occ, n_cand, n_mem = rng.randint(8, 52), rng.randint(2, 6), rng.randint(3, 30)
    else:
        n_occ, n_cand, n_mem = shape
    sites = rng.sample(SITES, rng.randint(2, 4))
    first = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 300))
    every = rng.choice((7, 7, 14))
    days = [first + timedelta(days=every * k) for k in range(n_occ)]

    members = []
    for m in range(n_mem):
        # A few members sit alone far from the others: the "badly placed".
        key, weekend = sites[m % len(sites)] if rng.random() > 0.15 else rng.choice(SITES)
        start = rng.choice(range(7 * 60, 11 * 60 + 1, 30))
        off = {d for d in days if rng.random() < 0.04}  # holidays, time off
        members.append(Member(ZoneInfo(key), (start, start + 8 * 60), weekend, frozenset(off)))

    duration = rng.choice((30, 45, 60))
    anchor = ZoneInfo(rng.choice(sites)[0] if rng.random() < 0.8 else "UTC")
    times = sorted(rng.sample(range(0, 24 * 60, 30), n_cand))
    costs = []
    for day in days:
        row = []
        for hhmm in times:
            begin = _occurrence_start(day, hhmm, anchor)
            row.append([_cost(member, begin, duration) for member in members])
        costs.append(row)

    locks = {}
    if rng.random() < 0.3:
        for o in rng.sample(range(n_occ), rng.randint(1, 3)):
            locks[o] = rng.randrange(n_cand)
    prior = [0] * n_mem
    if rng.random() < 0.3:
        prior = [rng.choice((0, 0, 60, 180, 600)) for _ in range(n_mem)]
    return Instance(f"#{index} {n_occ}x{n_cand}x{n_mem}", costs, locks, prior)


def _quiet_highs():  # type: ignore[no-untyped-def]
    """A silent HiGHS; the library prints a banner on stdout the first time."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


@dataclass(frozen=True, slots=True)
class Exact:
    max_burden: int  # of the best assignment HiGHS found
    bound: float  # HiGHS's proven lower bound on the min-max
    proved: bool
    assignment: tuple[int, ...]


def burdens_of(inst: Instance, assignment: Sequence[int]) -> list[int]:
    burdens = list(inst.prior)
    for o, c in enumerate(assignment):
        burdens = [b + x for b, x in zip(burdens, inst.costs[o][c], strict=True)]
    return burdens


def solve_exact(inst: Instance, time_limit: float = TIME_LIMIT) -> Exact:
    """The min-max burden by integer programming."""
    import highspy
    import numpy as np

    n_occ, n_cand, n_mem = inst.shape
    h = _quiet_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    # Burdens are integers, so a gap below 1 proves optimality; HiGHS's
    # default relative gap (1e-4) could stop a few units short.
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    inf = highspy.kHighsInf
    # Variables: x_oc (binary), then z.
    n_x = n_occ * n_cand
    lower = np.zeros(n_x + 1)
    upper = np.ones(n_x + 1)
    upper[-1] = inf
    for o, c in inst.locks.items():
        for k in range(n_cand):
            upper[o * n_cand + k] = 1.0 if k == c else 0.0
    cost = np.zeros(n_x + 1)
    cost[-1] = 1.0
    h.addCols(n_x + 1, cost, lower, upper, 0, np.array([], dtype=np.int32),
              np.array([], dtype=np.int32), np.array([]))
    h.changeColsIntegrality(n_x, np.arange(n_x, dtype=np.int32),
                            np.array([highspy.HighsVarType.kInteger] * n_x))
    for o in range(n_occ):
        idx = np.arange(o * n_cand, (o + 1) * n_cand, dtype=np.int32)
        h.addRow(1.0, 1.0, n_cand, idx, np.ones(n_cand))
    for m in range(n_mem):
        # prior_m + sum cost x - z <= 0
        cells = [(o * n_cand + c, float(inst.costs[o][c][m]))
                 for o in range(n_occ) for c in range(n_cand) if inst.costs[o][c][m]]
        h.addRow(-inf, -float(inst.prior[m]), len(cells) + 1,
                 np.array([i for i, _ in cells] + [n_x], dtype=np.int32),
                 np.array([v for _, v in cells] + [-1.0]))
    h.run()
    proved = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = h.getInfo()
    x = h.getSolution().col_value
    assignment = tuple(
        max(range(n_cand), key=lambda c: x[o * n_cand + c]) for o in range(n_occ)
    )
    # Trust the assignment, not the floating-point objective.
    value = max(burdens_of(inst, assignment))
    if abs(value - info.objective_function_value) > 0.5:
        raise RuntimeError(f"{inst.name}: HiGHS objective {info.objective_function_value} "
                           f"but its assignment gives {value}")
    return Exact(value, float(info.mip_dual_bound), proved, assignment)


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(inst: Instance, time_limit: float, repeats: int = 1) -> dict:  # type: ignore[type-arg]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        heur = solve_rotation(inst.costs, inst.locks, inst.prior, exhaustive_limit=0)
        times.append(time.perf_counter() - t0)
    # Check the heuristic's claims independently of the solver.
    assert max(burdens_of(inst, heur.assignment)) == heur.max_burden
    assert all(heur.assignment[o] == c for o, c in inst.locks.items())
    t0 = time.perf_counter()
    exact = solve_exact(inst, time_limit)
    exact_time = time.perf_counter() - t0
    # Without a proof HiGHS's incumbent may be worse than the heuristic.
    best = min(exact.max_burden, heur.max_burden)
    return {
        "instance": inst.name,
        "heuristic_max": heur.max_burden,
        "exact_max": exact.max_burden,
        "exact_bound": exact.bound,
        "exact_proved": exact.proved,
        "gap": (heur.max_burden - best) / best if best else float(heur.max_burden > 0),
        "heuristic_lower_bound": heur.lower_bound,
        "heuristic_ms": min(times) * 1000,
        "exact_ms": exact_time * 1000,
    }


def run(json: bool = False) -> dict:  # type: ignore[type-arg]
    """Run the benchmark and return the figures; print a report unless ``json``
    (the runner, ``python -m benchmarks --json``, prints the JSON itself)."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    # Times are the best of three runs: the least disturbed by other load.
    rows = [_measure(make_instance(rng, i), TIME_LIMIT, repeats=3) for i in range(INSTANCES)]
    # The size the issue names.
    big_rng = random.Random(SEED + 1)
    big = [_measure(make_instance(big_rng, INSTANCES + k, shape=(52, 6, 30)), BIG_TIME_LIMIT,
                    repeats=3) for k in range(BIG_INSTANCES)]
    everything = rows + big

    gaps = [r["gap"] for r in everything]
    times = [r["heuristic_ms"] for r in everything]
    report = {
        "instances": len(everything),
        "exact_proved": sum(r["exact_proved"] for r in everything),
        "median_gap": statistics.median(gaps),
        "worst_gap": max(gaps),
        "share_equal_minmax": sum(g == 0 for g in gaps) / len(gaps),
        "median_heuristic_ms": statistics.median(times),
        "p90_heuristic_ms": _percentile(times, 0.9),
        "max_heuristic_ms": max(times),
        "big_52x6x30_ms": max(r["heuristic_ms"] for r in big),
        "targets_met": {
            "median_gap_0": statistics.median(gaps) == 0,
            "worst_gap_le_2pct": max(gaps) <= 0.02,
            "big_under_200ms": max(r["heuristic_ms"] for r in big) < 200,
        },
        "seconds": time.perf_counter() - started,
        "rows": rows,
        "big_rows": big,
    }
    if not json:
        _print_report(report)
    return report


def _print_report(report: dict) -> None:  # type: ignore[type-arg]
    print("Fair rotation: heuristic vs exact (HiGHS) on generated teams")
    print(f"{'instance':<18} {'heur':>7} {'exact':>7} {'proved':>6} {'gap':>7} "
          f"{'heur ms':>8} {'exact ms':>9}")
    for r in report["rows"] + report["big_rows"]:
        print(f"{r['instance']:<18} {r['heuristic_max']:>7} {r['exact_max']:>7} "
              f"{'yes' if r['exact_proved'] else 'no':>6} {r['gap']:>7.2%} "
              f"{r['heuristic_ms']:>8.1f} {r['exact_ms']:>9.1f}")
    print()
    print(f"instances: {report['instances']} (HiGHS proved optimal: {report['exact_proved']})")
    print(f"gap of the largest burden: median {report['median_gap']:.2%}, "
          f"worst {report['worst_gap']:.2%} (targets 0 %, <= 2 %)")
    print(f"heuristic equals exact min-max: {report['share_equal_minmax']:.0%}")
    print(f"heuristic time: median {report['median_heuristic_ms']:.1f} ms, "
          f"p90 {report['p90_heuristic_ms']:.1f} ms, max {report['max_heuristic_ms']:.1f} ms")
    print(f"52x6x30: {report['big_52x6x30_ms']:.1f} ms, slowest of {len(report['big_rows'])} "
          f"instances (target < 200 ms)")
    print(f"benchmark took {report['seconds']:.0f} s")


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    as_json = "--json" in args
    report = run(json=as_json)
    if as_json:
        print(json_module.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
