"""The combinatorial core of the fair rotation (DESIGN.md, "Fair rotation").

Each occurrence of a recurring check-in gets one slot out of a few candidates.
The caller (which knows the team, the calendar and the comfort weights) turns
that into a cost table ``costs[o][c][m]``: the integer cost member ``m`` pays
if occurrence ``o`` takes candidate ``c``.  Costs are integers so that the
objective is exact: scale the per-hour weights by minutes rather than passing
fractions of hours.  ``costs[o][c]`` may be ``None`` when candidate ``c`` does
not exist for occurrence ``o``.

The objective, in strict order (:class:`ObjectiveKey`):

1. the largest cumulative burden (prior + chosen costs) of any member;
2. leximax: the sum of the k largest burdens for k = 2..n.  When the sums for
   k - 1 agree, comparing the sum of the k largest is the same as comparing
   the k-th largest, so this is the burden vector sorted in descending order,
   compared lexicographically;
3. the total (implied by 2, since it is the sum of the n largest; kept so the
   key reads like the contract);
4. the number of slot changes between consecutive occurrences;
5. the assignment itself, lexicographically smallest, so ties break the same
   way on every run.

Minimising the largest burden is NP-hard (it contains makespan scheduling on
unrelated machines), so :func:`solve_rotation` enumerates tiny instances
exhaustively and otherwise searches:

* starts: greedy water-filling (each occurrence in turn takes the candidate
  that leaves the smallest sorted burden vector) from a few deterministic
  orders, plus assignments from rounds of multiplicative weights, which also
  give a lower bound on the largest burden;
* local search on the full key: single moves, then pairs of moves where the
  first relieves a member at the peak and the second repairs whoever is then
  worst off, then pairs that only save slot changes;
* perturb and repair from the best solution until a work budget is spent.

``benchmarks/rotation.py`` measures how far this stays from the exact
optimum of an integer program (HiGHS).  Members with identical costs and
prior are merged internally, which is exact and makes co-located teams cheap.

Nothing here reads a clock or an unseeded random source, and the budget
counts operations rather than seconds: the same input gives the same output
on any machine.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import add, mul, sub
from typing import NamedTuple

from planner.errors import InputError, Problem

__all__ = [
    "ObjectiveKey",
    "RotationSolution",
    "CandidateProposal",
    "count_changes",
    "objective_key",
    "solve_rotation",
    "propose_candidates",
]

CostTable = Sequence[Sequence[Sequence[int] | None]]

# Enumerate every assignment when there are at most this many; cheap (a few
# milliseconds) and makes small rotations provably optimal.
DEFAULT_EXHAUSTIVE_LIMIT = 2048

# Greedy orders tried besides "hardest first", natural and reversed order.
_SHUFFLED_ORDERS = 3
# Effort allowed to the heuristic, in elements touched plus a per-operation
# overhead (see _Search.unit); about 0.04-0.11 µs per unit on the machine it
# was tuned on, i.e. 60-110 ms for 52 occurrences x 6 candidates x 30
# members.  Restarts may use half, perturb-and-repair the rest.  Tuned on
# ~300 generated teams against HiGHS: 800k missed a 52x6x30 optimum by 2.2 %
# (its first descent needs ~1.2M), more than 1.2M gained nothing measurable.
_WORK_BUDGET = 1_200_000
_MAX_KICKS = 200
_STALE_KICKS = 30  # give up after this many kicks without progress
_KICK_SIZE = 3  # occurrences reassigned per perturbation
_WEIGHTED_ROUNDS = 20  # multiplicative-weights rounds (starts and a bound)
_WEIGHTED_STARTS = 2  # how many of their assignments to descend from
_PAIR_TARGETS = 3  # members at the peak that pair moves try to relieve
_SEED = 20260  # fixed: the search is randomised but reproducible


class ObjectiveKey(NamedTuple):
    """Smaller is better; compares as a plain tuple in the contract's order."""

    max_burden: int
    leximax: tuple[int, ...]  # burdens sorted in descending order
    total: int
    changes: int
    assignment: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RotationSolution:
    """One candidate index per occurrence, and what it costs each member."""

    assignment: tuple[int, ...]
    burdens: tuple[int, ...]  # per member: prior + the chosen costs
    key: ObjectiveKey
    proven_optimal: bool  # the whole key is optimal (exhaustive search)
    lower_bound: int  # no assignment has a smaller largest burden

    @property
    def max_burden(self) -> int:
        return self.key.max_burden

    @property
    def total(self) -> int:
        return self.key.total

    @property
    def changes(self) -> int:
        return self.key.changes

    @property
    def max_is_optimal(self) -> bool:
        """The largest burden is proven optimal (it meets the lower bound)."""
        return self.proven_optimal or self.key.max_burden <= self.lower_bound


def count_changes(assignment: Sequence[int]) -> int:
    """Slot changes between consecutive occurrences."""
    return sum(1 for a, b in zip(assignment, assignment[1:], strict=False) if a != b)


def objective_key(burdens: Sequence[int], assignment: Sequence[int]) -> ObjectiveKey:
    """The objective of an assignment whose members carry ``burdens``."""
    leximax = tuple(sorted(burdens, reverse=True))
    return ObjectiveKey(
        leximax[0] if leximax else 0,
        leximax,
        sum(leximax),
        count_changes(assignment),
        tuple(assignment),
    )


# --------------------------------------------------------------------------
# Input checking


@dataclass(frozen=True, slots=True)
class _Instance:
    """The checked input, with identical members merged.

    Members with the same prior and the same cost in every cell always carry
    the same burden (teammates at one site with the same hours usually do),
    so the search works on one column per group and expands only to sort.
    """

    members: int
    vec: tuple[tuple[tuple[int, ...] | None, ...], ...]  # [o][c][group]
    allowed: tuple[tuple[int, ...], ...]  # per occurrence; a lock leaves one
    prior: tuple[int, ...]  # per group
    group_of: tuple[int, ...]  # per member

    def expand(self, burdens: Sequence[int]) -> list[int]:
        return list(map(burdens.__getitem__, self.group_of))

    def sorted_desc(self, burdens: Sequence[int]) -> list[int]:
        return sorted(map(burdens.__getitem__, self.group_of), reverse=True)


def _merge_members(
    vec: list[tuple[tuple[int, ...] | None, ...]], prior: tuple[int, ...], members: int
) -> _Instance:
    groups: dict[tuple[int, ...], int] = {}
    group_of: list[int] = []
    reps: list[int] = []
    for m in range(members):
        column = (prior[m], *(v[m] for row in vec for v in row if v is not None))
        g = groups.setdefault(column, len(groups))
        if g == len(reps):
            reps.append(m)
        group_of.append(g)
    merged = tuple(
        tuple(None if v is None else tuple(v[m] for m in reps) for v in row) for row in vec
    )
    return _Instance(
        members, merged, (), tuple(prior[m] for m in reps), tuple(group_of)
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _normalise(
    costs: CostTable, locks: Mapping[int, int] | None, prior: Sequence[int] | None
) -> _Instance:
    problems: list[Problem] = []
    members: int | None = None
    if prior is not None:
        members = len(prior)
    else:
        for row in costs:
            for cand in row:
                if cand is not None:
                    members = len(cand)
                    break
            if members is not None:
                break
    n = members or 0

    vec: list[tuple[tuple[int, ...] | None, ...]] = []
    malformed: set[int] = set()  # reported already; "no candidate" would repeat it
    for o, row in enumerate(costs):
        out: list[tuple[int, ...] | None] = []
        for c, cand in enumerate(row):
            if cand is None:
                out.append(None)
                continue
            values = tuple(cand)
            if any(v is None for v in values):
                # A member-level hole means the slot cannot be held at all.
                out.append(None)
                continue
            if len(values) != n:
                problems.append(Problem(
                    f"has {len(values)} member costs, expected {n}",
                    field=f"costs[{o}][{c}]",
                    suggestion="give one cost per member, in the same order everywhere",
                ))
                malformed.add(o)
                out.append(None)
                continue
            bad = [v for v in values if not _is_int(v) or v < 0]
            if bad:
                problems.append(Problem(
                    f"cost {bad[0]!r} is not a non-negative integer",
                    field=f"costs[{o}][{c}]",
                    suggestion="scale costs to integers, e.g. weight per hour × minutes",
                ))
                malformed.add(o)
                out.append(None)
                continue
            out.append(values)
        vec.append(tuple(out))

    allowed: list[tuple[int, ...]] = [
        tuple(c for c, v in enumerate(row) if v is not None) for row in vec
    ]
    for o, lock in (locks or {}).items():
        if not _is_int(o) or not 0 <= o < len(vec):
            problems.append(Problem(
                f"locks an occurrence {o!r} that does not exist",
                field="locks",
                suggestion=f"occurrences are numbered 0 to {len(vec) - 1}",
            ))
            continue
        if not _is_int(lock) or not 0 <= lock < len(vec[o]) or vec[o][lock] is None:
            problems.append(Problem(
                f"locks occurrence {o} to candidate {lock!r}, which it does not have",
                field=f"locks[{o}]",
                suggestion="lock it to one of its candidates "
                + ", ".join(str(c) for c in allowed[o]) if allowed[o] else "remove the lock",
            ))
            continue
        allowed[o] = (lock,)
    for o, options in enumerate(allowed):
        if not options and o not in malformed:
            problems.append(Problem(
                f"occurrence {o} has no usable candidate",
                field=f"costs[{o}]",
                suggestion="add a candidate slot or drop the occurrence",
            ))

    prior_t: tuple[int, ...] = (0,) * n if prior is None else tuple(prior)
    if any(not _is_int(p) for p in prior_t):
        problems.append(Problem(
            "prior burdens must be integers", field="prior",
            suggestion="carry in the burdens of the earlier rotation as integers",
        ))
    if problems:
        raise InputError(problems)
    return replace(_merge_members(vec, prior_t, n), allowed=tuple(allowed))


def _lower_bound(inst: _Instance) -> int:
    """A bound on the largest burden: no member can pay less than their own
    cheapest choices, and someone must pay at least the average of the
    cheapest team totals."""
    if inst.members == 0:
        return 0
    weight = [0] * len(inst.prior)
    for g in inst.group_of:
        weight[g] += 1
    own = list(inst.prior)
    share = sum(p * w for p, w in zip(inst.prior, weight, strict=True))
    for row, options in zip(inst.vec, inst.allowed, strict=True):
        cands = [v for v in (row[c] for c in options) if v is not None]
        own = [b + min(v[g] for v in cands) for g, b in enumerate(own)]
        share += min(sum(x * w for x, w in zip(v, weight, strict=True)) for v in cands)
    return max(max(own), -(-share // inst.members))


# --------------------------------------------------------------------------
# Exhaustive search (tiny instances)


def _exhaustive(inst: _Instance) -> tuple[list[int], list[int]]:
    """Depth-first over all assignments in lexicographic order with prefix
    burdens.  Keeps the first best key, so ties go to the smallest assignment."""
    count = len(inst.allowed)
    chosen = [0] * count
    best_head: tuple[list[int], int] | None = None
    best: tuple[list[int], list[int]] = ([], list(inst.prior))

    def visit(o: int, burdens: list[int], changes: int) -> None:
        nonlocal best_head, best
        if o == count:
            head = (inst.sorted_desc(burdens), changes)
            if best_head is None or head < best_head:
                best_head, best = head, (list(chosen), burdens)
            return
        row = inst.vec[o]
        for c in inst.allowed[o]:
            chosen[o] = c
            step = 1 if o and chosen[o - 1] != c else 0
            visit(o + 1, list(map(add, burdens, row[c])), changes + step)  # type: ignore[arg-type]

    visit(0, list(inst.prior), 0)
    return best


# --------------------------------------------------------------------------
# Heuristic search


class _Search:
    """Mutable search state: an assignment, its (grouped) burdens and the
    sorted burdens of all members, which decide the first two criteria."""

    def __init__(self, inst: _Instance, assignment: list[int]) -> None:
        self.inst = inst
        self.vec = inst.vec
        self.allowed = inst.allowed
        self.free = [o for o, opts in enumerate(inst.allowed) if len(opts) > 1]
        self.a = assignment
        burdens = list(inst.prior)
        for o, c in enumerate(assignment):
            burdens = list(map(add, burdens, inst.vec[o][c]))  # type: ignore[arg-type]
        self.b = burdens
        self.s = inst.sorted_desc(burdens)
        self.changes = count_changes(assignment)
        # Effort, counted in touched vector elements plus a per-operation
        # overhead: deterministic, unlike a clock, and roughly proportional
        # to time whatever the team size.
        self.work = 0
        self.unit = 16 + inst.members // 2  # one operation on a burden vector
        self.cursor = 0  # where pair moves resume
        self.limit = 1 << 62  # work after which the search stops where it is

    def key(self) -> tuple[list[int], int, list[int]]:
        return (self.s, self.changes, self.a)

    def _local_changes(self, o: int, c: int) -> int:
        """Slot changes next to occurrence o if it took candidate c."""
        a = self.a
        n = 0
        if o > 0 and a[o - 1] != c:
            n += 1
        if o + 1 < len(a) and a[o + 1] != c:
            n += 1
        return n

    def _edges(self, o1: int, o2: int) -> set[int]:
        """Left ends of the consecutive pairs that touch o1 or o2."""
        last = len(self.a) - 1
        return {i for i in (o1 - 1, o1, o2 - 1, o2) if 0 <= i < last}

    def _edge_changes(self, edges: set[int]) -> int:
        a = self.a
        return sum(1 for i in edges if a[i] != a[i + 1])

    def single_moves(self) -> bool:
        """Move single occurrences to other candidates while that improves
        the key; one sweep over all occurrences."""
        improved = False
        vec, allowed, a = self.vec, self.allowed, self.a
        sorted_desc = self.inst.sorted_desc
        for o in self.free:
            row = vec[o]
            c0 = a[o]
            base = list(map(sub, self.b, row[c0]))  # type: ignore[arg-type]
            self.work += len(allowed[o]) * self.unit
            for c in allowed[o]:
                if c == c0:
                    continue
                new = list(map(add, base, row[c]))  # type: ignore[arg-type]
                if max(new) > self.s[0]:
                    continue
                s = sorted_desc(new)
                if s > self.s:
                    continue
                dch = self._local_changes(o, c) - self._local_changes(o, c0)
                if s < self.s or dch < 0 or (dch == 0 and c < c0):
                    a[o] = c
                    self.b, self.s = new, s
                    self.changes += dch
                    c0 = c  # base (burdens without o) is unchanged
                    improved = True
        return improved

    def pair_moves(self, targets: int) -> bool:
        """Change two occurrences at once: the first relieves a member at the
        largest burden, the second brings whoever the first pushed over the
        top back down.  Aimed at the top of the objective (single moves and
        restarts handle the rest); returns after the first improvement."""
        vec, allowed, a, free = self.vec, self.allowed, self.a, self.free
        b = self.b
        peak = self.s[0]
        sorted_desc = self.inst.sorted_desc
        # For each group lazily: every single move sorted by how much it
        # changes that group, so the repairs that fit are a prefix.
        by_group: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

        def repairs(g: int) -> tuple[list[int], list[tuple[int, int]]]:
            found = by_group.get(g)
            if found is None:
                moves = sorted(
                    (vec[o][c][g] - vec[o][a[o]][g], o, c)  # type: ignore[index]
                    for o in free
                    for c in allowed[o]
                    if c != a[o]
                )
                found = ([d for d, _, _ in moves], [(o, c) for _, o, c in moves])
                by_group[g] = found
                self.work += len(moves) * 4
            return found

        tops = [g for g, v in enumerate(b) if v == peak][:targets]
        # Resume where the last improvement was found: the occurrences
        # before it were just tried, and rarely help right away.
        count = len(free)
        for step in range(count):
            if self.work > self.limit:
                return False
            i = (self.cursor + step) % count
            o1 = free[i]
            row1 = vec[o1]
            c10 = a[o1]
            now1 = row1[c10]
            base1 = None
            for c1 in allowed[o1]:
                if c1 == c10:
                    continue
                new1 = row1[c1]
                if not any(new1[g] < now1[g] for g in tops):  # type: ignore[index]
                    continue
                if base1 is None:
                    base1 = list(map(sub, b, now1))  # type: ignore[arg-type]
                b1 = list(map(add, base1, new1))  # type: ignore[arg-type]
                top = max(b1)
                v = b1.index(top)
                # The worst off after the first move must end at the old
                # peak, or strictly below it if it already sits there.
                room = peak - top if top > peak else -1
                over = [(g, peak - x) for g, x in enumerate(b1) if x > peak and g != v]
                deltas, moves = repairs(v)
                stop = bisect_right(deltas, room)
                self.work += 2 * self.unit + 4 * stop
                for o2, c2 in moves[:stop]:
                    if o2 == o1:
                        continue
                    row2 = vec[o2]
                    c20 = a[o2]
                    now2, new2 = row2[c20], row2[c2]
                    if over and any(new2[g] - now2[g] > r for g, r in over):  # type: ignore[index]
                        continue
                    self.work += self.unit
                    new = list(map(sub, map(add, b1, new2), now2))  # type: ignore[arg-type]
                    if max(new) > peak:
                        continue
                    s = sorted_desc(new)
                    if s < self.s:
                        edges = self._edges(o1, o2)
                        before = self._edge_changes(edges)
                        a[o1], a[o2] = c1, c2
                        self.changes += self._edge_changes(edges) - before
                        self.b, self.s = new, s
                        self.cursor = i
                        return True
        return False

    def neutral_pairs(self) -> bool:
        """Pairs of moves that leave every burden as it is (their cost
        changes cancel out) but save slot changes.  Found by hashing each
        single move's change vector instead of trying all pairs."""
        vec, allowed, a = self.vec, self.allowed, self.a
        moves: dict[tuple[int, ...], list[tuple[int, int, int]]] = {}
        for o in self.free:
            c0 = a[o]
            now = vec[o][c0]
            was = self._local_changes(o, c0)
            for c in allowed[o]:
                if c != c0:
                    delta = tuple(map(sub, vec[o][c], now))  # type: ignore[arg-type]
                    moves.setdefault(delta, []).append((self._local_changes(o, c) - was, o, c))
        self.work += len(moves) * self.unit
        for delta, firsts in moves.items():
            seconds = moves.get(tuple(-d for d in delta))
            if not seconds:
                continue
            # Apart, two moves save changes only if one of them saves some;
            # next to each other they are handled below.
            for dch1, o1, c1 in firsts:
                if dch1 >= 0:
                    continue
                for dch2, o2, c2 in seconds:
                    if abs(o2 - o1) > 1 and dch1 + dch2 < 0:
                        a[o1], a[o2] = c1, c2
                        self.changes += dch1 + dch2
                        return True
        # Neighbours can save changes together when neither can alone
        # (A B B A -> A A A A).  Three edges are involved, so only pairs that
        # make one of them equal can save anything.
        free = set(self.free)
        last = len(a) - 1
        for o1 in self.free:
            o2 = o1 + 1
            if o2 not in free:
                continue
            self.work += 8
            c10, c20 = a[o1], a[o2]
            left = a[o1 - 1] if o1 > 0 else -1
            right = a[o2 + 1] if o2 < last else -1
            before = (left not in (-1, c10)) + (c10 != c20) + (right not in (-1, c20))
            if before == 0:
                continue
            options = {(x, x) for x in allowed[o1] if x in allowed[o2]}
            if left in allowed[o1]:
                options.update((left, c2) for c2 in allowed[o2])
            if right in allowed[o2]:
                options.update((c1, right) for c1 in allowed[o1])
            for c1, c2 in sorted(options):
                if c1 == c10 or c2 == c20:
                    continue
                after = (left not in (-1, c1)) + (c1 != c2) + (right not in (-1, c2))
                if after >= before:
                    continue
                d1 = map(sub, vec[o1][c1], vec[o1][c10])  # type: ignore[arg-type]
                d2 = map(sub, vec[o2][c20], vec[o2][c2])  # type: ignore[arg-type]
                if all(x == y for x, y in zip(d1, d2, strict=True)):
                    a[o1], a[o2] = c1, c2
                    self.changes += after - before
                    return True
        return False

    def descend(self, limit: int) -> None:
        """Local search to a state no single move or targeted pair improves,
        or until ``limit`` work has been spent."""
        self.limit = limit
        # Pairs are costly to scan, so polish slot changes (which leave the
        # burdens alone or merely permute them) only once they are exhausted,
        # and go back to pairs only if the sorted burdens moved.
        while self.work <= limit:
            while self.single_moves() and self.work <= limit:
                pass
            if self.pair_moves(_PAIR_TARGETS):
                continue
            settled = self.s
            while (self.neutral_pairs() or self.single_moves()) and self.work <= limit:
                pass
            if self.s == settled:
                return


def _greedy(inst: _Instance, order: Iterable[int]) -> list[int]:
    """Water-filling: take the occurrences in ``order`` and give each the
    candidate that leaves the smallest sorted burden vector (fewer slot
    changes next to those already placed, then the lower index, on ties)."""
    vec, allowed = inst.vec, inst.allowed
    count = len(vec)
    a = [-1] * count
    b = list(inst.prior)
    for o, opts in enumerate(allowed):
        if len(opts) == 1:
            a[o] = opts[0]
            b = list(map(add, b, vec[o][opts[0]]))  # type: ignore[arg-type]
    for o in order:
        if a[o] != -1:
            continue
        best: tuple[list[int], int, int] | None = None
        best_b: list[int] = b
        for c in allowed[o]:
            new = list(map(add, b, vec[o][c]))  # type: ignore[arg-type]
            ch = (o > 0 and a[o - 1] not in (-1, c)) + (o + 1 < count and a[o + 1] not in (-1, c))
            cand = (inst.sorted_desc(new), ch, c)
            if best is None or cand < best:
                best, best_b = cand, new
        assert best is not None
        a[o] = best[2]
        b = best_b
    return a


def _orders(inst: _Instance) -> list[list[int]]:
    """Greedy orders: hardest first (like longest-processing-time first for
    makespan), calendar order, reversed, and a few seeded shuffles."""
    count = len(inst.vec)

    def hardness(o: int) -> tuple[int, int, int]:
        rows = [v for v in (inst.vec[o][c] for c in inst.allowed[o]) if v is not None]
        return (-min(max(r, default=0) for r in rows), -min(sum(r) for r in rows), o)

    orders = [sorted(range(count), key=hardness), list(range(count)), list(range(count))[::-1]]
    rng = random.Random(_SEED)
    for _ in range(_SHUFFLED_ORDERS):
        shuffled = list(range(count))
        rng.shuffle(shuffled)
        orders.append(shuffled)
    return orders


def _weighted_rounds(inst: _Instance, rounds: int) -> tuple[int, list[list[int]]]:
    """Multiplicative weights over members (integer arithmetic, so results
    do not depend on the platform's floating point).

    Each round gives every occurrence the candidate with the smallest
    weighted team cost, then raises the weights of whoever carries most.
    The weighted cost of such an assignment never exceeds the optimum's
    largest burden (a weighted average is at most the maximum), which gives a
    lower bound; the assignments themselves are balanced starting points
    that see the whole horizon at once, unlike the greedy's one-by-one view.
    """
    vec, allowed = inst.vec, inst.allowed
    groups = len(inst.prior)
    size = [0] * groups
    for g in inst.group_of:
        size[g] += 1
    weight = [1 << 20] * groups
    scale = 1
    bound = 0
    found: list[list[int]] = []
    for _ in range(rounds):
        wm = list(map(mul, weight, size))
        total = sum(wm)
        value = sum(map(mul, wm, inst.prior))
        a = []
        b = list(inst.prior)
        for o, opts in enumerate(allowed):
            row = vec[o]
            choice = min(opts, key=lambda c: (sum(map(mul, wm, row[c])), c))  # type: ignore[arg-type]
            value += sum(map(mul, wm, row[choice]))  # type: ignore[arg-type]
            a.append(choice)
            b = list(map(add, b, row[choice]))  # type: ignore[arg-type]
        if total:
            bound = max(bound, -(-value // total))
        found.append(a)
        peak = max(b, default=0)
        if scale == 1:
            scale = max(1, peak)
        # w *= 1 + b / (2 * scale): the most burdened gain up to half again.
        weight = [w + w * x // (2 * scale) for w, x in zip(weight, b, strict=True)]
        top = max(weight, default=0)
        if top > 1 << 80:
            weight = [max(1, w >> 40) for w in weight]
    return bound, found


def _heuristic(inst: _Instance, budget: int | None = None) -> tuple[list[int], list[int], int]:
    """Local search from several starts, then perturb-and-repair from the
    best.  Returns the assignment, its grouped burdens and a lower bound on
    the largest burden.  ``budget`` counts work, not seconds, so the answer
    never depends on the machine's speed or load."""
    if budget is None:
        budget = _WORK_BUDGET
    unit = 16 + inst.members // 2
    # Weighing a candidate costs about half a vector operation of the search.
    step = sum(len(opts) for opts in inst.allowed) * unit // 2
    # Small budgets (trial rotations when proposing candidates) would go
    # to the rounds alone; keep them to a quarter.
    count = max(2, min(_WEIGHTED_ROUNDS, budget // (4 * max(1, step))))
    bound, rounds = _weighted_rounds(inst, count)
    work = (count + 1) * step
    ranked = sorted(rounds, key=lambda a: _Search(inst, a).key())
    # Hardest-first greedy is the best start on average; the best weighted
    # rounds come next since they look unlike any greedy's result.
    orders = _orders(inst)
    starts: list[tuple[bool, list[int]]] = [(True, orders[0])]  # (is an order, list)
    starts += [(False, a) for a in ranked[:_WEIGHTED_STARTS]]
    starts += [(True, order) for order in orders[1:]]
    best: _Search | None = None
    for is_order, values in starts:
        search = _Search(inst, _greedy(inst, values) if is_order else values)
        search.descend(budget - work)
        work += search.work + step
        if best is None or search.key() < best.key():
            best = search
        if work > budget // 2:
            break
    assert best is not None
    # Perturb and repair (iterated local search): reassign a few occurrences
    # at random (seeded) and repair with single moves; only a repair that
    # gets back to the best peak is worth the costlier pair moves.
    free = best.free
    rng = random.Random(_SEED + 1)
    kicks = 0
    since = 0  # kicks since the last improvement
    while free and work < budget and kicks < _MAX_KICKS and since < _STALE_KICKS:
        kicks += 1
        since += 1
        a = list(best.a)
        for o in rng.sample(free, min(len(free), _KICK_SIZE)):
            a[o] = rng.choice(inst.allowed[o])
        search = _Search(inst, a)
        while search.single_moves() and search.work < budget - work:
            pass
        if search.s[0] <= best.s[0]:
            search.descend(budget - work)
        work += search.work + len(inst.vec) * search.unit
        if search.key() < best.key():
            best = search
            since = 0
    return best.a, best.b, bound


# --------------------------------------------------------------------------
# Public entry points


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
    return _solve(_normalise(costs, locks, prior), exhaustive_limit, _WORK_BUDGET)


def _solve(inst: _Instance, exhaustive_limit: int, budget: int) -> RotationSolution:
    bound = _lower_bound(inst)
    space = 1
    for opts in inst.allowed:
        space *= len(opts)
        if space > exhaustive_limit:
            break
    if space <= exhaustive_limit or not any(len(o) > 1 for o in inst.allowed):
        assignment, burdens = _exhaustive(inst)
        proven = True
    else:
        assignment, burdens, weighted_bound = _heuristic(inst, budget)
        bound = max(bound, weighted_bound)
        proven = False
    full = inst.expand(burdens)
    key = objective_key(full, assignment)
    if proven:
        bound = key.max_burden
    return RotationSolution(tuple(assignment), tuple(full), key, proven, bound)


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
            "there are no candidate slots to choose from", field="candidates",
            suggestion="give at least one candidate time",
        ))
    if not (_is_int(lo) and _is_int(hi) and 1 <= lo <= hi):
        raise InputError(Problem(
            f"{k_range!r} is not a range of set sizes", field="k_range",
            suggestion="give (smallest, largest), e.g. (2, 4)",
        ))
    count = len(costs_by_candidate[0])
    if any(len(rows) != count for rows in costs_by_candidate):
        raise InputError(Problem(
            "the candidates do not cover the same occurrences", field="candidates",
            suggestion="give every candidate one entry per occurrence (None where it is missing)",
        ))

    def score(chosen: Sequence[int], budget: int) -> tuple[int, ObjectiveKey]:
        table = [[costs_by_candidate[p][o] for p in chosen] for o in range(count)]
        covered = [row for row in table if any(v is not None for v in row)]
        inst = _normalise(covered, None, prior)
        return count - len(covered), _solve(inst, DEFAULT_EXHAUSTIVE_LIMIT, budget).key

    trial_budget = _WORK_BUDGET // 32
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
            f"no {hi} of the candidate slots cover every occurrence", field="candidates",
            suggestion="add candidate times that exist on every date",
        )) from exc
    return CandidateProposal(tuple(chosen), solution)
