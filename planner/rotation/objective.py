"""The fair rotation's objective, and the checked input the search works on.

The caller (which knows the team, the calendar and the comfort weights) turns
a rotation into a cost table ``costs[o][c][m]``: the integer cost member ``m``
pays if occurrence ``o`` takes candidate ``c``.  Costs are integers so that the
objective is exact: scale the per-hour weights by minutes rather than passing
fractions of hours.  ``costs[o][c]`` may be ``None`` when candidate ``c`` does
not exist for occurrence ``o``.  Throughout the rotation code ``o`` indexes
occurrences, ``c`` candidates, ``m`` members and ``g`` groups of identical
members.

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

Members with identical costs and prior are merged into one group
(:class:`Instance`), which is exact and makes co-located teams cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from planner.errors import InputError, Problem
from planner.i18n import _

__all__ = [
    "CostTable",
    "Instance",
    "ObjectiveKey",
    "RotationSolution",
    "build_instance",
    "count_changes",
    "is_int",
    "lower_bound",
    "objective_key",
]

CostTable = Sequence[Sequence[Sequence[int] | None]]
# One occurrence's cost vectors per candidate (None: the candidate is unusable there).
CostRow = tuple[tuple[int, ...] | None, ...]


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
    return sum(1 for before, after in zip(assignment, assignment[1:], strict=False)
               if before != after)


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
class Instance:
    """The checked input, with identical members merged.

    Members with the same prior and the same cost in every cell always carry
    the same burden (teammates at one site with the same hours usually do),
    so the search works on one column per group and expands only to sort.
    """

    member_count: int
    costs: tuple[CostRow, ...]  # costs[o][c][g]
    allowed: tuple[tuple[int, ...], ...]  # per occurrence; a lock leaves one
    prior: tuple[int, ...]  # per group
    group_of: tuple[int, ...]  # per member

    def expand(self, burdens: Sequence[int]) -> list[int]:
        """Per-group burdens to per-member burdens."""
        return list(map(burdens.__getitem__, self.group_of))

    def sorted_desc(self, burdens: Sequence[int]) -> list[int]:
        """Every member's burden, largest first, from per-group burdens."""
        return sorted(map(burdens.__getitem__, self.group_of), reverse=True)


def _merge_members(costs: list[CostRow], prior: tuple[int, ...], member_count: int) -> Instance:
    groups: dict[tuple[int, ...], int] = {}
    group_of: list[int] = []
    representatives: list[int] = []  # the first member of each group
    for m in range(member_count):
        column = (prior[m], *(v[m] for row in costs for v in row if v is not None))
        g = groups.setdefault(column, len(groups))
        if g == len(representatives):
            representatives.append(m)
        group_of.append(g)
    merged = tuple(
        tuple(None if v is None else tuple(v[m] for m in representatives) for v in row)
        for row in costs
    )
    return Instance(
        member_count, merged, (), tuple(prior[m] for m in representatives), tuple(group_of)
    )


def is_int(value: object) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def build_instance(
    costs: CostTable, locks: Mapping[int, int] | None, prior: Sequence[int] | None
) -> Instance:
    """Check the cost table, locks and prior burdens, and merge identical members.

    Raises :class:`InputError` with every problem at once: malformed costs, a
    lock to a missing candidate, an occurrence without any candidate.
    """
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
    member_count = members or 0

    checked: list[CostRow] = []
    malformed: set[int] = set()  # reported already; "no candidate" would repeat it
    for o, row in enumerate(costs):
        checked_row: list[tuple[int, ...] | None] = []
        for c, cand in enumerate(row):
            if cand is None:
                checked_row.append(None)
                continue
            values = tuple(cand)
            if any(v is None for v in values):
                # A member-level hole means the slot cannot be held at all.
                checked_row.append(None)
                continue
            if len(values) != member_count:
                problems.append(Problem(
                    _("has {n_values} member costs, expected "
                      "{member_count}").format(n_values=len(values), member_count=member_count),
                    field=f"costs[{o}][{c}]",
                    suggestion=_("give one cost per member, in the same order everywhere"),
                ))
                malformed.add(o)
                checked_row.append(None)
                continue
            bad = [v for v in values if not is_int(v) or v < 0]
            if bad:
                problems.append(Problem(
                    _("cost {number!r} is not a non-negative integer").format(number=bad[0]),
                    field=f"costs[{o}][{c}]",
                    suggestion=_("scale costs to integers, e.g. weight per hour × minutes"),
                ))
                malformed.add(o)
                checked_row.append(None)
                continue
            checked_row.append(values)
        checked.append(tuple(checked_row))

    allowed: list[tuple[int, ...]] = [
        tuple(c for c, v in enumerate(row) if v is not None) for row in checked
    ]
    for o, lock in (locks or {}).items():
        if not is_int(o) or not 0 <= o < len(checked):
            problems.append(Problem(
                _("locks an occurrence {occurrence!r} that does not exist").format(occurrence=o),
                field="locks",
                suggestion=_("occurrences are numbered 0 to {last}").format(last=len(checked) - 1),
            ))
            continue
        if not is_int(lock) or not 0 <= lock < len(checked[o]) or checked[o][lock] is None:
            problems.append(Problem(
                _("locks occurrence {occurrence} to candidate {lock!r}, which it does not "
                  "have").format(occurrence=o, lock=lock),
                field=f"locks[{o}]",
                suggestion=_("lock it to one of its candidates {candidates}").format(
                    candidates=", ".join(str(c) for c in allowed[o])) if allowed[o]
                else _("remove the lock"),
            ))
            continue
        allowed[o] = (lock,)
    for o, options in enumerate(allowed):
        if not options and o not in malformed:
            problems.append(Problem(
                _("occurrence {occurrence} has no usable candidate").format(occurrence=o),
                field=f"costs[{o}]",
                suggestion=_("add a candidate slot or drop the occurrence"),
            ))

    prior_t: tuple[int, ...] = (0,) * member_count if prior is None else tuple(prior)
    if any(not is_int(p) for p in prior_t):
        problems.append(Problem(
            _("prior burdens must be integers"), field="prior",
            suggestion=_("carry in the burdens of the earlier rotation as integers"),
        ))
    if problems:
        raise InputError(problems)
    return replace(_merge_members(checked, prior_t, member_count), allowed=tuple(allowed))


def lower_bound(inst: Instance) -> int:
    """A bound on the largest burden: no member can pay less than their own
    cheapest choices, and someone must pay at least the average of the
    cheapest team totals."""
    if inst.member_count == 0:
        return 0
    group_size = [0] * len(inst.prior)
    for g in inst.group_of:
        group_size[g] += 1
    own = list(inst.prior)
    share = sum(p * size for p, size in zip(inst.prior, group_size, strict=True))
    for row, options in zip(inst.costs, inst.allowed, strict=True):
        usable = [v for v in (row[c] for c in options) if v is not None]
        own = [burden + min(v[g] for v in usable) for g, burden in enumerate(own)]
        share += min(sum(cost * size for cost, size in zip(v, group_size, strict=True))
                     for v in usable)
    return max(max(own), -(-share // inst.member_count))
