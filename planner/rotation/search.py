"""Searching for the fairest assignment (the objective: :mod:`planner.rotation.objective`).

Minimising the largest burden is NP-hard (it contains makespan scheduling on
unrelated machines), so :func:`planner.rotation.solver.solve_rotation`
enumerates tiny instances exhaustively (:func:`exhaustive`) and otherwise
searches (:func:`heuristic`):

* starts: greedy water-filling (each occurrence in turn takes the candidate
  that leaves the smallest sorted burden vector) from a few deterministic
  orders, plus assignments from rounds of multiplicative weights, which also
  give a lower bound on the largest burden;
* local search on the full key (:class:`Search`): single moves, then pairs of
  moves where the first relieves a member at the peak and the second repairs
  whoever is then worst off, then pairs that only save slot changes;
* perturb and repair from the best solution until a work budget is spent.

Nothing here reads a clock or an unseeded random source, and the budget
counts operations rather than seconds: the same input gives the same output
on any machine.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable
from operator import add, mul, sub

from planner.rotation.objective import Instance, count_changes

__all__ = ["WORK_BUDGET", "Search", "exhaustive", "heuristic"]

# Greedy orders tried besides "hardest first", natural and reversed order.
_SHUFFLED_ORDERS = 3
# Effort allowed to the heuristic, in elements touched plus a per-operation
# overhead (see Search.unit); about 0.04-0.11 µs per unit on the machine it
# was tuned on, i.e. 60-110 ms for 52 occurrences x 6 candidates x 30
# members.  Restarts may use half, perturb-and-repair the rest.  Tuned on
# ~300 generated teams against HiGHS: 800k missed a 52x6x30 optimum by 2.2 %
# (its first descent needs ~1.2M), more than 1.2M gained nothing measurable.
WORK_BUDGET = 1_200_000
_MAX_KICKS = 200
_STALE_KICKS = 30  # give up after this many kicks without progress
_KICK_SIZE = 3  # occurrences reassigned per perturbation
_WEIGHTED_ROUNDS = 20  # multiplicative-weights rounds (starts and a bound)
_WEIGHTED_STARTS = 2  # how many of their assignments to descend from
_PAIR_TARGETS = 3  # members at the peak that pair moves try to relieve
_SEED = 20260  # fixed: the search is randomised but reproducible


# --------------------------------------------------------------------------
# Exhaustive search (tiny instances)


def exhaustive(inst: Instance) -> tuple[list[int], list[int]]:
    """Depth-first over all assignments in lexicographic order with prefix
    burdens.  Keeps the first best key, so ties go to the smallest assignment.
    Returns the assignment and its grouped burdens."""
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
        row = inst.costs[o]
        for c in inst.allowed[o]:
            chosen[o] = c
            change = 1 if o and chosen[o - 1] != c else 0
            visit(o + 1, list(map(add, burdens, row[c])), changes + change)  # type: ignore[arg-type]

    visit(0, list(inst.prior), 0)
    return best


# --------------------------------------------------------------------------
# Heuristic search


class Search:
    """Mutable search state: an assignment, its (grouped) burdens and the
    sorted burdens of all members, which decide the first two criteria."""

    def __init__(self, inst: Instance, assignment: list[int]) -> None:
        self.inst = inst
        self.costs = inst.costs
        self.allowed = inst.allowed
        self.free = [o for o, options in enumerate(inst.allowed) if len(options) > 1]
        self.assignment = assignment
        burdens = list(inst.prior)
        for o, c in enumerate(assignment):
            burdens = list(map(add, burdens, inst.costs[o][c]))  # type: ignore[arg-type]
        self.burdens = burdens  # per group
        self.sorted_burdens = inst.sorted_desc(burdens)  # per member, largest first
        self.changes = count_changes(assignment)
        # Effort, counted in touched vector elements plus a per-operation
        # overhead: deterministic, unlike a clock, and roughly proportional
        # to time whatever the team size.
        self.work = 0
        self.unit = 16 + inst.member_count // 2  # one operation on a burden vector
        self.cursor = 0  # where pair moves resume
        self.limit = 1 << 62  # work after which the search stops where it is

    def key(self) -> tuple[list[int], int, list[int]]:
        return (self.sorted_burdens, self.changes, self.assignment)

    def _local_changes(self, o: int, c: int) -> int:
        """Slot changes next to occurrence o if it took candidate c."""
        assignment = self.assignment
        changes = 0
        if o > 0 and assignment[o - 1] != c:
            changes += 1
        if o + 1 < len(assignment) and assignment[o + 1] != c:
            changes += 1
        return changes

    def _edges(self, o1: int, o2: int) -> set[int]:
        """Left ends of the consecutive pairs that touch o1 or o2."""
        last = len(self.assignment) - 1
        return {i for i in (o1 - 1, o1, o2 - 1, o2) if 0 <= i < last}

    def _edge_changes(self, edges: set[int]) -> int:
        assignment = self.assignment
        return sum(1 for i in edges if assignment[i] != assignment[i + 1])

    def single_moves(self) -> bool:
        """Move single occurrences to other candidates while that improves
        the key; one sweep over all occurrences."""
        improved = False
        costs, allowed, assignment = self.costs, self.allowed, self.assignment
        sorted_desc = self.inst.sorted_desc
        for o in self.free:
            row = costs[o]
            current = assignment[o]
            without = list(map(sub, self.burdens, row[current]))  # type: ignore[arg-type]
            self.work += len(allowed[o]) * self.unit
            for c in allowed[o]:
                if c == current:
                    continue
                moved = list(map(add, without, row[c]))  # type: ignore[arg-type]
                if max(moved) > self.sorted_burdens[0]:
                    continue
                ranked = sorted_desc(moved)
                if ranked > self.sorted_burdens:
                    continue
                change_delta = self._local_changes(o, c) - self._local_changes(o, current)
                if ranked < self.sorted_burdens or change_delta < 0 or (
                        change_delta == 0 and c < current):
                    assignment[o] = c
                    self.burdens, self.sorted_burdens = moved, ranked
                    self.changes += change_delta
                    current = c  # the burdens without o are unchanged
                    improved = True
        return improved

    def pair_moves(self, targets: int) -> bool:
        """Change two occurrences at once: the first relieves a member at the
        largest burden, the second brings whoever the first pushed over the
        top back down.  Aimed at the top of the objective (single moves and
        restarts handle the rest); returns after the first improvement."""
        costs, allowed, assignment, free = self.costs, self.allowed, self.assignment, self.free
        burdens = self.burdens
        peak = self.sorted_burdens[0]
        sorted_desc = self.inst.sorted_desc
        # For each group lazily: every single move sorted by how much it
        # changes that group, so the repairs that fit are a prefix.
        by_group: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

        def repairs(g: int) -> tuple[list[int], list[tuple[int, int]]]:
            found = by_group.get(g)
            if found is None:
                moves = sorted(
                    (costs[o][c][g] - costs[o][assignment[o]][g], o, c)  # type: ignore[index]
                    for o in free
                    for c in allowed[o]
                    if c != assignment[o]
                )
                found = ([d for d, _, _ in moves], [(o, c) for _, o, c in moves])
                by_group[g] = found
                self.work += len(moves) * 4
            return found

        peak_groups = [g for g, burden in enumerate(burdens) if burden == peak][:targets]
        # Resume where the last improvement was found: the occurrences
        # before it were just tried, and rarely help right away.
        count = len(free)
        for step in range(count):
            if self.work > self.limit:
                return False
            i = (self.cursor + step) % count
            o1 = free[i]
            row1 = costs[o1]
            was1 = assignment[o1]
            cost_was1 = row1[was1]
            without1 = None
            for c1 in allowed[o1]:
                if c1 == was1:
                    continue
                cost_new1 = row1[c1]
                if not any(cost_new1[g] < cost_was1[g] for g in peak_groups):  # type: ignore[index]
                    continue
                if without1 is None:
                    without1 = list(map(sub, burdens, cost_was1))  # type: ignore[arg-type]
                after_first = list(map(add, without1, cost_new1))  # type: ignore[arg-type]
                top = max(after_first)
                worst_group = after_first.index(top)
                # The worst off after the first move must end at the old
                # peak, or strictly below it if it already sits there.
                room = peak - top if top > peak else -1
                overloaded = [(g, peak - burden) for g, burden in enumerate(after_first)
                              if burden > peak and g != worst_group]
                deltas, moves = repairs(worst_group)
                stop = bisect_right(deltas, room)
                self.work += 2 * self.unit + 4 * stop
                for o2, c2 in moves[:stop]:
                    if o2 == o1:
                        continue
                    row2 = costs[o2]
                    was2 = assignment[o2]
                    cost_was2, cost_new2 = row2[was2], row2[c2]
                    if overloaded and any(cost_new2[g] - cost_was2[g] > slack  # type: ignore[index]
                                          for g, slack in overloaded):
                        continue
                    self.work += self.unit
                    after_both = list(map(sub, map(add, after_first, cost_new2), cost_was2))  # type: ignore[arg-type]
                    if max(after_both) > peak:
                        continue
                    ranked = sorted_desc(after_both)
                    if ranked < self.sorted_burdens:
                        edges = self._edges(o1, o2)
                        before = self._edge_changes(edges)
                        assignment[o1], assignment[o2] = c1, c2
                        self.changes += self._edge_changes(edges) - before
                        self.burdens, self.sorted_burdens = after_both, ranked
                        self.cursor = i
                        return True
        return False

    def neutral_pairs(self) -> bool:
        """Pairs of moves that leave every burden as it is (their cost
        changes cancel out) but save slot changes.  Found by hashing each
        single move's change vector instead of trying all pairs."""
        costs, allowed, assignment = self.costs, self.allowed, self.assignment
        # cost change vector -> (change in slot changes, occurrence, candidate)
        moves: dict[tuple[int, ...], list[tuple[int, int, int]]] = {}
        for o in self.free:
            current = assignment[o]
            cost_now = costs[o][current]
            changes_now = self._local_changes(o, current)
            for c in allowed[o]:
                if c != current:
                    delta = tuple(map(sub, costs[o][c], cost_now))  # type: ignore[arg-type]
                    moves.setdefault(delta, []).append(
                        (self._local_changes(o, c) - changes_now, o, c))
        self.work += len(moves) * self.unit
        for delta, first_moves in moves.items():
            second_moves = moves.get(tuple(-d for d in delta))
            if not second_moves:
                continue
            # Apart, two moves save changes only if one of them saves some;
            # next to each other they are handled below.
            for changes1, o1, c1 in first_moves:
                if changes1 >= 0:
                    continue
                for changes2, o2, c2 in second_moves:
                    if abs(o2 - o1) > 1 and changes1 + changes2 < 0:
                        assignment[o1], assignment[o2] = c1, c2
                        self.changes += changes1 + changes2
                        return True
        # Neighbours can save changes together when neither can alone
        # (A B B A -> A A A A).  Three edges are involved, so only pairs that
        # make one of them equal can save anything.
        free = set(self.free)
        last = len(assignment) - 1
        for o1 in self.free:
            o2 = o1 + 1
            if o2 not in free:
                continue
            self.work += 8
            was1, was2 = assignment[o1], assignment[o2]
            left = assignment[o1 - 1] if o1 > 0 else -1
            right = assignment[o2 + 1] if o2 < last else -1
            before = (left not in (-1, was1)) + (was1 != was2) + (right not in (-1, was2))
            if before == 0:
                continue
            options = {(x, x) for x in allowed[o1] if x in allowed[o2]}
            if left in allowed[o1]:
                options.update((left, c2) for c2 in allowed[o2])
            if right in allowed[o2]:
                options.update((c1, right) for c1 in allowed[o1])
            for c1, c2 in sorted(options):
                if c1 == was1 or c2 == was2:
                    continue
                after = (left not in (-1, c1)) + (c1 != c2) + (right not in (-1, c2))
                if after >= before:
                    continue
                change1 = map(sub, costs[o1][c1], costs[o1][was1])  # type: ignore[arg-type]
                minus_change2 = map(sub, costs[o2][was2], costs[o2][c2])  # type: ignore[arg-type]
                if all(x == y for x, y in zip(change1, minus_change2, strict=True)):
                    assignment[o1], assignment[o2] = c1, c2
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
            settled = self.sorted_burdens
            while (self.neutral_pairs() or self.single_moves()) and self.work <= limit:
                pass
            if self.sorted_burdens == settled:
                return


def _greedy(inst: Instance, order: Iterable[int]) -> list[int]:
    """Water-filling: take the occurrences in ``order`` and give each the
    candidate that leaves the smallest sorted burden vector (fewer slot
    changes next to those already placed, then the lower index, on ties)."""
    costs, allowed = inst.costs, inst.allowed
    count = len(costs)
    assignment = [-1] * count  # -1: not placed yet
    burdens = list(inst.prior)
    for o, options in enumerate(allowed):
        if len(options) == 1:
            assignment[o] = options[0]
            burdens = list(map(add, burdens, costs[o][options[0]]))  # type: ignore[arg-type]
    for o in order:
        if assignment[o] != -1:
            continue
        best: tuple[list[int], int, int] | None = None
        best_burdens: list[int] = burdens
        for c in allowed[o]:
            after = list(map(add, burdens, costs[o][c]))  # type: ignore[arg-type]
            changes = (o > 0 and assignment[o - 1] not in (-1, c)) + (
                o + 1 < count and assignment[o + 1] not in (-1, c))
            option = (inst.sorted_desc(after), changes, c)
            if best is None or option < best:
                best, best_burdens = option, after
        assert best is not None
        assignment[o] = best[2]
        burdens = best_burdens
    return assignment


def _orders(inst: Instance) -> list[list[int]]:
    """Greedy orders: hardest first (like longest-processing-time first for
    makespan), calendar order, reversed, and a few seeded shuffles."""
    count = len(inst.costs)

    def hardness(o: int) -> tuple[int, int, int]:
        rows = [v for v in (inst.costs[o][c] for c in inst.allowed[o]) if v is not None]
        return (-min(max(r, default=0) for r in rows), -min(sum(r) for r in rows), o)

    orders = [sorted(range(count), key=hardness), list(range(count)), list(range(count))[::-1]]
    rng = random.Random(_SEED)
    for _ in range(_SHUFFLED_ORDERS):
        shuffled = list(range(count))
        rng.shuffle(shuffled)
        orders.append(shuffled)
    return orders


def _weighted_rounds(inst: Instance, rounds: int) -> tuple[int, list[list[int]]]:
    """Multiplicative weights over members (integer arithmetic, so results
    do not depend on the platform's floating point).

    Each round gives every occurrence the candidate with the smallest
    weighted team cost, then raises the weights of whoever carries most.
    The weighted cost of such an assignment never exceeds the optimum's
    largest burden (a weighted average is at most the maximum), which gives a
    lower bound; the assignments themselves are balanced starting points
    that see the whole horizon at once, unlike the greedy's one-by-one view.
    """
    costs, allowed = inst.costs, inst.allowed
    groups = len(inst.prior)
    group_size = [0] * groups
    for g in inst.group_of:
        group_size[g] += 1
    weight = [1 << 20] * groups  # per member of the group
    scale = 1
    bound = 0
    found: list[list[int]] = []
    for _ in range(rounds):
        group_weight = list(map(mul, weight, group_size))
        total = sum(group_weight)
        value = sum(map(mul, group_weight, inst.prior))
        assignment = []
        burdens = list(inst.prior)
        for o, options in enumerate(allowed):
            row = costs[o]
            choice = min(options, key=lambda c: (sum(map(mul, group_weight, row[c])), c))  # type: ignore[arg-type]
            value += sum(map(mul, group_weight, row[choice]))  # type: ignore[arg-type]
            assignment.append(choice)
            burdens = list(map(add, burdens, row[choice]))  # type: ignore[arg-type]
        if total:
            bound = max(bound, -(-value // total))
        found.append(assignment)
        peak = max(burdens, default=0)
        if scale == 1:
            scale = max(1, peak)
        # w *= 1 + burden / (2 * scale): the most burdened gain up to half again.
        weight = [w + w * burden // (2 * scale) for w, burden in zip(weight, burdens, strict=True)]
        top = max(weight, default=0)
        if top > 1 << 80:
            weight = [max(1, w >> 40) for w in weight]
    return bound, found


def heuristic(inst: Instance, budget: int | None = None) -> tuple[list[int], list[int], int]:
    """Local search from several starts, then perturb-and-repair from the
    best.  Returns the assignment, its grouped burdens and a lower bound on
    the largest burden.  ``budget`` counts work, not seconds, so the answer
    never depends on the machine's speed or load."""
    if budget is None:
        budget = WORK_BUDGET
    unit = 16 + inst.member_count // 2
    # Weighing a candidate costs about half a vector operation of the search.
    round_work = sum(len(options) for options in inst.allowed) * unit // 2
    # Small budgets (trial rotations when proposing candidates) would go
    # to the rounds alone; keep them to a quarter.
    count = max(2, min(_WEIGHTED_ROUNDS, budget // (4 * max(1, round_work))))
    bound, rounds = _weighted_rounds(inst, count)
    work = (count + 1) * round_work
    ranked = sorted(rounds, key=lambda assignment: Search(inst, assignment).key())
    # Hardest-first greedy is the best start on average; the best weighted
    # rounds come next since they look unlike any greedy's result.
    orders = _orders(inst)
    starts: list[tuple[bool, list[int]]] = [(True, orders[0])]  # (is an order, list)
    starts += [(False, assignment) for assignment in ranked[:_WEIGHTED_STARTS]]
    starts += [(True, order) for order in orders[1:]]
    best: Search | None = None
    for is_order, values in starts:
        search = Search(inst, _greedy(inst, values) if is_order else values)
        search.descend(budget - work)
        work += search.work + round_work
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
        kicked = list(best.assignment)
        for o in rng.sample(free, min(len(free), _KICK_SIZE)):
            kicked[o] = rng.choice(inst.allowed[o])
        search = Search(inst, kicked)
        while search.single_moves() and search.work < budget - work:
            pass
        if search.sorted_burdens[0] <= best.sorted_burdens[0]:
            search.descend(budget - work)
        work += search.work + len(inst.costs) * search.unit
        if search.key() < best.key():
            best = search
            since = 0
    return best.assignment, best.burdens, bound
