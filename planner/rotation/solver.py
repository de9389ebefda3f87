"""The combinatorial core of the fair rotation (DESIGN.md, "Fair rotation").

Each occurrence of a recurring check-in gets one slot out of a few candidates.
The caller turns that into a cost table ``costs[o][c][m]`` (integer cost for
member ``m`` when occurrence ``o`` takes candidate ``c``); the objective, in
strict order largest burden, leximax, total, slot changes, assignment, is
:mod:`planner.rotation.objective`.  :func:`solve_rotation` enumerates tiny
instances exhaustively and otherwise searches (:mod:`planner.rotation.search`);
:func:`propose_candidates` chooses a few candidates out of a larger pool.

``benchmarks/rotation.py`` measures how far this stays from the exact
optimum of an integer program (HiGHS).

Nothing here reads a clock or an unseeded random source, and the budget
counts operations rather than seconds: the same input gives the same output
on any machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.errors import InputError, Problem
from planner.i18n import _
from planner.rotation.objective import (
    CostTable,
    Instance,
    ObjectiveKey,
    RotationSolution,
    build_instance,
    count_changes,
    is_int,
    lower_bound,
    objective_key,
)
from planner.rotation.search import WORK_BUDGET, exhaustive, heuristic

__all__ = [
    "DEFAULT_EXHAUSTIVE_LIMIT",
    "CandidateProposal",
    "CostTable",
    "ObjectiveKey",
    "RotationSolution",
    "count_changes",
    "objective_key",
    "propose_candidates",
    "solve_rotation",
]

# Enumerate every assignment when there are at most this many; cheap (a few
# milliseconds) and makes small rotations provably optimal.
DEFAULT_EXHAUSTIVE_LIMIT = 2048


def solve_rotation(
    costs: CostTable,
    locks: Mapping[int, int] | None = None,
    prior: Sequence[int] | None = None,
    *,
    exhaustive_limit: int = DEFAULT_EXHAUSTIVE_LIMIT,
) -> RotationSolution:
    """Assign a candidate to every occurrence, fairest first.

    ``costs[o][c][m]``: non-negative integer cost for member ``m`` when
    occurrence ``o`` takes candidate ``c``; ``None`` (for the candidate, or
    for any of its member costs) means the candidate is unavailable for that
    occurrence.  ``locks`` maps occurrence -> candidate that must be kept.
    ``prior`` is each member's burden carried in from earlier rotations.

    Instances with at most ``exhaustive_limit`` possible assignments are
    enumerated and come back with ``proven_optimal=True``; pass 0 to force
    the heuristic.  Raises :class:`InputError` for malformed costs, a lock to
    a missing candidate, or an occurrence without any candidate.
    """
    return _solve(build_instance(costs, locks, prior), exhaustive_limit, WORK_BUDGET)


def _solve(inst: Instance, exhaustive_limit: int, budget: int) -> RotationSolution:
    bound = lower_bound(inst)
    space = 1  # the number of assignments, counted up to the limit
    for options in inst.allowed:
        space *= len(options)
        if space > exhaustive_limit:
            break
    if space <= exhaustive_limit or not any(len(options) > 1 for options in inst.allowed):
        assignment, burdens = exhaustive(inst)
        proven = True
    else:
        assignment, burdens, weighted_bound = heuristic(inst, budget)
        bound = max(bound, weighted_bound)
        proven = False
    per_member = inst.expand(burdens)
    key = objective_key(per_member, assignment)
    if proven:
        bound = key.max_burden
    return RotationSolution(tuple(assignment), tuple(per_member), key, proven, bound)


@dataclass(frozen=True, slots=True)
class CandidateProposal:
    """A small set of candidates (indices into the pool) and its rotation."""

    candidates: tuple[int, ...]  # ascending pool indices
    solution: RotationSolution  # its assignment indexes into ``candidates``


def propose_candidates(
    costs_by_candidate: Sequence[Sequence[Sequence[int] | None]],
    k_range: tuple[int, int] = (2, 4),
    prior: Sequence[int] | None = None,
) -> CandidateProposal:
    """Choose a few candidates (2–4 by default) out of a larger pool.

    ``costs_by_candidate[p][o][m]`` is the cost of pool slot ``p`` at
    occurrence ``o`` for member ``m`` (``None`` where the slot does not exist
    on that date).  Greedy forward selection: start from the best single
    slot, then repeatedly add the slot whose rotation is best (first covering
    the most occurrences, then by the rotation objective, ties to the lower
    pool index).  Past the lower end of ``k_range`` it stops as soon as
    another slot would not lower the largest burden: every extra slot is one
    more time people must remember.  Trial rotations use a smaller search
    effort; the chosen set is solved in full.
    """
    lo, hi = k_range
    pool = len(costs_by_candidate)
    if pool == 0:
        raise InputError(Problem(
            _("there are no candidate slots to choose from"), field="candidates",
            suggestion=_("give at least one candidate time"),
        ))
    if not (is_int(lo) and is_int(hi) and 1 <= lo <= hi):
        raise InputError(Problem(
            _("{k_range!r} is not a range of set sizes").format(k_range=k_range), field="k_range",
            suggestion=_("give (smallest, largest), e.g. (2, 4)"),
        ))
    count = len(costs_by_candidate[0])
    if any(len(rows) != count for rows in costs_by_candidate):
        raise InputError(Problem(
            _("the candidates do not cover the same occurrences"), field="candidates",
            suggestion=_("give every candidate one entry per occurrence (None where it is "
                         "missing)"),
        ))

    def score(chosen: Sequence[int], budget: int) -> tuple[int, ObjectiveKey]:
        table = [[costs_by_candidate[p][o] for p in chosen] for o in range(count)]
        covered = [row for row in table if any(v is not None for v in row)]
        inst = build_instance(covered, None, prior)
        return count - len(covered), _solve(inst, DEFAULT_EXHAUSTIVE_LIMIT, budget).key

    trial_budget = WORK_BUDGET // 32
    chosen: list[int] = []
    current: tuple[int, ObjectiveKey] | None = None
    while len(chosen) < min(hi, pool):
        best: tuple[tuple[int, ObjectiveKey], int] | None = None
        for p in range(pool):
            if p in chosen:
                continue
            trial = score(sorted([*chosen, p]), trial_budget)
            if best is None or (trial[0], trial[1][:4], p) < (best[0][0], best[0][1][:4], best[1]):
                best = (trial, p)
        assert best is not None
        (uncovered, key), p = best
        if (
            current is not None
            and len(chosen) >= lo
            and current[0] == 0
            and key.max_burden >= current[1].max_burden
        ):
            break
        chosen = sorted([*chosen, p])
        current = (uncovered, key)
    table = [[costs_by_candidate[p][o] for p in chosen] for o in range(count)]
    try:
        solution = solve_rotation(table, prior=prior)
    except InputError as exc:
        raise InputError(Problem(
            _("no {hi} of the candidate slots cover every occurrence").format(hi=hi),
            field="candidates",
            suggestion=_("add candidate times that exist on every date"),
        )) from exc
    return CandidateProposal(tuple(chosen), solution)
