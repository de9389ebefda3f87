"""A saved recurring meeting: the coordinator's ``[[meeting]]`` table as a value.

DESIGN.md, "Meetings: the coordinator's saved work".  A :class:`Meeting` holds
the coordinator's decisions exactly as written (slots, skips, moves, locks);
what follows from the team's calendar (conflict policy, rotation, costs) is
computed by :mod:`planner.meetings.schedule`.

Rules, and where they come from:

* **Dates** name occurrences: ``YYYY-MM-DD`` in the slot's zone (the first
  slot's for a rotation).  The rule's dates are computed here, before any
  decision, so a ``skip``/``move``/``lock`` can be checked against them.
* **Cadences** (:class:`MeetingCadence`) extend :class:`planner.series.Cadence`
  with ``day`` (every calendar day) and ``weekdays`` (Monday to Friday of the
  slot's zone, whatever the attendees' weekends are).  ``week`` and ``2weeks``
  may list several ``days``; they expand as RFC 5545 ``FREQ=WEEKLY;BYDAY=..``
  with ``WKST=MO`` (RFC 5545 section 3.3.10: with an ``INTERVAL``, the weeks
  are counted from the week holding ``DTSTART``).  ``month`` is the series'
  rule (:func:`planner.series.rule_dates`: the start's weekday of the month,
  a 5th becoming the last).
* **The start is the first occurrence.**  RFC 5545 leaves a ``DTSTART`` that
  is not one of its rule's dates undefined, so a start that is not one of the
  ``days`` (or a ``weekdays`` meeting starting on a weekend) is refused with
  the nearest start that is.
* ``until`` is inclusive; exactly one of ``count`` and ``until`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from planner.errors import InputError, Problem
from planner.i18n import _, pgettext
from planner.model import WEEKDAYS
from planner.rotation.planning import Candidate
from planner.series import MAX_OCCURRENCES, Cadence, rule_dates

__all__ = [
    "MAX_OCCURRENCES",
    "Meeting",
    "MeetingCadence",
    "OnConflict",
    "meeting_dates",
]

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class MeetingCadence(StrEnum):
    """How often a meeting repeats; the value is the word used in plans and JSON."""

    DAY = "day"
    WEEKDAYS = "weekdays"
    WEEK = "week"
    TWO_WEEKS = "2weeks"
    MONTH = "month"

    @property
    def series_cadence(self) -> Cadence | None:
        """The :class:`planner.series.Cadence` with the same meaning, if there is one."""
        try:
            return Cadence(self.value)
        except ValueError:
            return None

    @property
    def takes_days(self) -> bool:
        """Whether ``days`` (several weekdays per week) applies."""
        return self in (MeetingCadence.WEEK, MeetingCadence.TWO_WEEKS)


class OnConflict(StrEnum):
    """What happens to an occurrence when a required attendee has a day off."""

    KEEP = "keep"
    SKIP = "skip"
    MOVE = "move"  # to the nearest date where every required attendee works


def _weekly(start: date, days: Iterable[int], step: int, limit: int,
            until: date | None) -> list[date]:
    monday = start - timedelta(days=start.weekday())
    ordered = sorted(set(days))
    out: list[date] = []
    week = 0
    while True:
        base = monday + timedelta(weeks=week)
        for wd in ordered:
            day = base + timedelta(days=wd)
            if day < start:
                continue
            if len(out) >= limit or (until is not None and day > until):
                return out
            out.append(day)
        week += step


def meeting_dates(every: MeetingCadence, start: date, *, days: Iterable[int] = (),
                  count: int | None = None, until: date | None = None) -> tuple[date, ...]:
    """The local dates of a meeting's rule, before any skip or move.

    ``days`` (weekday numbers, Monday = 0) only matter for ``week``/``2weeks``;
    empty means the start's weekday.  Exactly one of ``count`` and ``until``
    (inclusive).  More than :data:`MAX_OCCURRENCES` dates is an InputError.
    """
    if (count is None) == (until is None):
        raise InputError(Problem(_("give either a count or an end date"), field="count",
                                 suggestion=_("e.g. count = 12, or until = 2026-12-31")))
    if every is MeetingCadence.MONTH:
        return rule_dates(start, "month", count=count, until=until)
    limit = count if count is not None else MAX_OCCURRENCES + 1
    if every is MeetingCadence.DAY:
        wanted: Iterable[int] = range(7)
    elif every is MeetingCadence.WEEKDAYS:
        wanted = range(5)
    else:
        wanted = tuple(days) or (start.weekday(),)
    step = 2 if every is MeetingCadence.TWO_WEEKS else 1
    out = _weekly(start, wanted, step, limit, until)
    if len(out) > MAX_OCCURRENCES:
        raise InputError(Problem(_("the meeting has more than {maximum} "
                                   "occurrences").format(maximum=MAX_OCCURRENCES),
                                 field="until", suggestion=_("choose an earlier end date")))
    return tuple(out)


def _day_list(days: Iterable[int]) -> str:
    return ", ".join(WEEKDAYS[d] for d in sorted(days))


@dataclass(frozen=True, slots=True)
class Meeting:
    """One ``[[meeting]]``: who, when, and the coordinator's decisions.

    ``attendees`` are member names in plan order (everyone invited, optional
    ones included); ``optional`` is the subset that never blocks and is not
    counted in fairness.  ``slots`` has one slot for a fixed meeting and two
    or more for a rotation (ids A, B, ... in the order written).  ``skip``,
    ``move`` and ``lock`` are keyed by the rule's dates.  Validated on
    construction: an InputError lists every problem, each naming the plan
    key it concerns (``count``, ``days``, ``skip``, ``move``, ``lock`` ...).
    """

    id: str
    title: str
    every: MeetingCadence
    start: date
    duration: int  # minutes
    slots: tuple[Candidate, ...]
    attendees: tuple[str, ...]
    optional: frozenset[str] = frozenset()
    days: tuple[int, ...] = ()  # week/2weeks: weekdays (Monday = 0); empty: the start's
    count: int | None = None
    until: date | None = None
    on_conflict: OnConflict = OnConflict.KEEP
    skip: frozenset[date] = frozenset()
    move: tuple[tuple[date, date], ...] = ()  # sorted by rule date
    lock: tuple[tuple[date, str], ...] = ()  # rule date -> slot id, sorted
    _dates: tuple[date, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Plain words are accepted where the vocabularies are expected (the window
        # builds meetings from combo box texts).
        for key, kind in (("every", MeetingCadence), ("on_conflict", OnConflict)):
            value = getattr(self, key)
            try:
                object.__setattr__(self, key, kind(value))
            except ValueError:
                raise InputError(Problem(_('"{value}" is not one of {words}').format(
                    value=value, words=", ".join(kind)),
                                         field=key)) from None
        problems = self._check_rule()
        if problems:
            raise InputError(problems)
        object.__setattr__(self, "_dates", meeting_dates(
            self.every, self.start, days=self.days, count=self.count, until=self.until))
        problems = self._check_decisions()
        if problems:
            raise InputError(problems)

    def _check_rule(self) -> list[Problem]:
        problems: list[Problem] = []
        if not self.slots:
            problems.append(Problem(_("the meeting has no slot"), field="slot",
                                    suggestion=_('e.g. slot = "09:00 America/New_York"')))
        if len({s.text for s in self.slots}) != len(self.slots):
            problems.append(Problem(_("the same slot is given twice"), field="slots",
                                    suggestion=_("give each slot once")))
        if len({s.id for s in self.slots}) != len(self.slots):
            problems.append(Problem(_("two slots share an id"), field="slots"))
        if not self.attendees:
            problems.append(Problem(_("nobody attends the meeting"), field="attendees",
                                    suggestion=_("name members or sites, or leave attendees out "
                                                 "to invite every member")))
        stray = sorted(self.optional - set(self.attendees))
        if stray:
            problems.append(Problem(_("optional attendees must be attendees: {names}").format(
                names=", ".join(stray)), field="optional"))
        if isinstance(self.duration, bool) or not isinstance(self.duration, int) \
                or not 1 <= self.duration <= 24 * 60:
            problems.append(Problem(_("duration {duration} is not between 1 and 1440 "
                                      "minutes").format(duration=self.duration),
                                    field="duration", suggestion=_("e.g. duration = 30")))
        if self.count is not None and self.until is not None:
            problems.append(Problem(_("give either count or until, not both"), field="count",
                                    suggestion=_("remove one of them")))
        elif self.count is None and self.until is None:
            problems.append(Problem(_("the meeting needs count or until"), field="count",
                                    suggestion=_("e.g. count = 12, or until = 2026-12-31")))
        elif self.count is not None and (isinstance(self.count, bool) or
                                         not 1 <= self.count <= MAX_OCCURRENCES):
            problems.append(Problem(_("count {count} is not between 1 and "
                                      "{maximum}").format(
                                      count=self.count,
                                      maximum=MAX_OCCURRENCES), field="count",
                                      suggestion="e.g. 12"))
        elif self.until is not None and self.until < self.start:
            problems.append(Problem(_("until {until} is before the start "
                                      "{start}").format(until=self.until, start=self.start),
                                    field="until", suggestion=_("give a date on or after the "
                                                                "start")))
        problems.extend(self._check_days())
        return problems

    def _check_days(self) -> list[Problem]:
        if self.days and not self.every.takes_days:
            return [Problem(_('days only apply to "week" and "2weeks", not '
                              '"{every}"').format(every=self.every),
                            field="days", suggestion=_("remove days, or repeat every week"))]
        if any(not 0 <= d <= 6 for d in self.days) or len(set(self.days)) != len(self.days):
            return [Problem(_("days are distinct weekdays"), field="days",
                            suggestion=_('e.g. days = ["mon", "thu"]'))]
        wanted: tuple[int, ...] = ()
        if self.every is MeetingCadence.WEEKDAYS:
            wanted = (0, 1, 2, 3, 4)
        elif self.days:
            wanted = self.days
        if wanted and self.start.weekday() not in wanted:
            later = next(self.start + timedelta(days=k) for k in range(1, 8)
                         if (self.start.weekday() + k) % 7 in wanted)
            weekdays = self.every is MeetingCadence.WEEKDAYS
            what = (_("a weekday") if weekdays
                    else _("one of days ({days})").format(days=_day_list(wanted)))
            fix = _("start on {later}").format(later=later) + (
                "" if weekdays else _(', or add "{day}" to days').format(
                    day=WEEKDAYS[self.start.weekday()]))
            return [Problem(_("the start {start} is a {weekday}, not {what}").format(
                              start=self.start,
                              weekday=_(_DAY_NAMES[self.start.weekday()]),
                              what=what), field="start", suggestion=fix)]
        return []

    def _check_decisions(self) -> list[Problem]:
        problems: list[Problem] = []
        rule = set(self._dates)
        moved = dict(self.move)
        for day in sorted(self.skip):
            if day not in rule:
                problems.append(self._not_an_occurrence(day, "skip"))
            elif day in moved:
                problems.append(Problem(_("{day} is both skipped and moved").format(day=day),
                                        field="skip",
                                        suggestion=_("keep one of the two")))
        if len(moved) != len(self.move):
            problems.append(Problem(_("a date is moved twice"), field="move"))
        held = {d for d in self._dates if d not in self.skip and d not in moved}
        for day, target in self.move:
            if day not in rule:
                problems.append(self._not_an_occurrence(day, "move"))
            elif target == day:
                problems.append(Problem(_("{day} moves to itself").format(day=day), field="move",
                                        suggestion=_("remove it from move")))
            elif target in held:
                problems.append(Problem(
                    _("{day} moves to {target}, which already has an occurrence").format(day=day,
                                                                          target=target),
                                                                          field="move",
                    suggestion=_("move it to a date of its own, or skip "
                                 "{target}").format(target=target)))
            else:
                held.add(target)
        targets = [t for _, t in self.move]
        for t in sorted({t for t in targets if targets.count(t) > 1}):
            problems.append(Problem(_("two occurrences move to {date}").format(date=t),
                                    field="move",
                                    suggestion=_("move them to different dates")))
        ids = [s.id for s in self.slots]
        if len(dict(self.lock)) != len(self.lock):
            problems.append(Problem(_("a date is locked twice"), field="lock"))
        for day, slot in self.lock:
            if day not in rule:
                problems.append(self._not_an_occurrence(day, "lock"))
            elif day in self.skip:
                problems.append(Problem(_("{day} is skipped, so it cannot be locked to a "
                                          "slot").format(day=day),
                                        field="lock", suggestion=_("remove the lock or the skip")))
            if slot not in ids:
                problems.append(Problem(
                    _('{day} is locked to "{slot}", which names no slot').format(day=day,
                                                                           slot=slot), field="lock",
                    suggestion=_("slots: {slots}").format(
                                 slots=", ".join(f"{s.id} ({s.text})" for s in self.slots))))
        return problems

    def _not_an_occurrence(self, day: date, key: str) -> Problem:
        moved_to = {t: d for d, t in self.move}
        if day in moved_to:
            return Problem(_("{day} is where {rule_date} moved to, not an occurrence of the "
                             "rule").format(day=day, rule_date=moved_to[day]), field=key,
                           suggestion=_("name the occurrence by its rule date, "
                                        "{rule_date}").format(rule_date=moved_to[day]))
        return Problem(_("{day} is not an occurrence of the meeting").format(day=day), field=key,
                       suggestion=_nearest(self._dates, day))

    # -- the rule --

    @property
    def rotating(self) -> bool:
        """Whether the meeting rotates among several slots."""
        return len(self.slots) > 1

    @property
    def anchor(self) -> Candidate:
        """The slot whose zone names the dates (the first)."""
        return self.slots[0]

    @property
    def required(self) -> tuple[str, ...]:
        """Attendees who are not optional, in plan order."""
        return tuple(a for a in self.attendees if a not in self.optional)

    def rule_dates(self) -> tuple[date, ...]:
        """The rule's dates (in the anchor slot's zone), before skips and moves."""
        return self._dates

    @property
    def move_map(self) -> Mapping[date, date]:
        return dict(self.move)

    @property
    def lock_map(self) -> Mapping[date, str]:
        return dict(self.lock)

    def slot(self, slot_id: str) -> Candidate:
        for s in self.slots:
            if s.id == slot_id:
                return s
        raise KeyError(slot_id)


def _nearest(dates: tuple[date, ...], day: date) -> str:
    if not dates:
        return _("the meeting has no occurrences")
    before = [d for d in dates if d < day]
    after = [d for d in dates if d > day]
    near = [x for x in (before[-1] if before else None, after[0] if after else None) if x]
    return _("nearest occurrences: {dates}").format(
        dates=pgettext("alternatives", " or ").join(str(x) for x in near))
