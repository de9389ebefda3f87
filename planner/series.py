"""Recurring check-ins: occurrences, DST drift and day-off conflicts (DESIGN.md, J2).

A :class:`Series` is a wall-clock time in one zone (or UTC) repeated weekly,
every two weeks or monthly, for a number of times or up to a date.  It is the
value the export writes as one ``VEVENT`` with an ``RRULE``; :meth:`Series.rrule`
gives that rule, and :func:`rule_dates` expands it exactly as RFC 5545 does, so
the export and this module agree on every date.

Rules, and where they come from:

* **Wall-clock time to instant** (RFC 5545 section 3.3.5): a time that does not
  exist on a date (spring forward) moves forward by the length of the gap; an
  ambiguous one (fall back) is its first occurrence.  :func:`planner.zones.wall_to_instant`.
* **Duration** is exact (RFC 5545 section 3.3.6: hours and minutes are exact
  durations), so a 60-minute meeting lasts 60 real minutes even across a change.
* **Monthly** means the same weekday of the month as the start date, written as
  RFC 5545 ``BYDAY`` with an ordinal: the 1st to 4th weekday are ``1TU`` ..
  ``4TU``.  A start on the 5th weekday of its month becomes ``-1TU`` (the last
  one): ``5TU`` would silently skip the months that have only four.  A start
  that is the 4th and also the last weekday stays "4th", since the 4th exists
  in every month; pass ``monthly_ordinal=-1`` to ask for "last" instead.
* **Indexes** count from 1 (the first occurrence is 1), as the tables show them.
* **Local times** are the member's where they are: in the zone in force at
  the meeting's start (:func:`planner.periods.in_force`; periods move it).
* **Drift**: for each member, the change in local wall-clock start time against
  the previous occurrence that takes place (skipped ones are passed over),
  in minutes, reduced to (-12 h, +12 h].  Its ``reason`` is ``travel`` when the
  member's zone in force differs between the two, else ``clock_change``.
* **Day off** of a member for an occurrence: the reason for the member's local
  date at the meeting's start (holiday name, "time off", "weekend"), or None.
  A *conflict* is a required member with a day off.
* **Decisions** per rule date: ``keep`` (hold it anyway), ``skip`` (written as
  ``EXDATE``) or ``move`` to another date (written as an override with
  ``RECURRENCE-ID`` = the rule's date).  :func:`resolve_conflicts` moves to the
  nearest date within :data:`MOVE_REACH` days each way (±1, ±2, ±3, the later
  date first on a tie) where no required member has a day off at the series'
  wall-clock time.  "Working" there means a working *day*, not inside working
  hours: a recurring slot across continents is usually outside somebody's
  hours every week (that is what the rotation is for), and requiring hours
  would make a move impossible exactly for those teams.  When no date in reach
  qualifies the occurrence is kept, and the decision says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType

from planner.i18n import N_, _, ngettext

from .availability import DayOff, MeetingComforts, ZoneClock, meeting_comfort, to_seconds
from .errors import InputError, Problem
from .model import WEEKDAYS, Comfort, Member, Plan, format_hhmm, parse_hhmm
from .periods import in_force, local_end
from .zones import check_zone_key, get_zone, wall_to_instant

__all__ = [
    "CADENCES",
    "MAX_OCCURRENCES",
    "MOVE_REACH",
    "Cadence",
    "Decision",
    "DecisionAction",
    "Drift",
    "DriftReason",
    "MemberAtOccurrence",
    "Occurrence",
    "Series",
    "SeriesReport",
    "analyse_series",
    "conflicts_at",
    "find_move_date",
    "member_at",
    "monthly_ordinal_of",
    "nth_weekday",
    "parse_local_time",
    "resolve_conflicts",
    "rule_dates",
]

class Cadence(StrEnum):
    """How often a series repeats; the value is the word used in plans, options and JSON."""

    WEEK = "week"
    TWO_WEEKS = "2weeks"
    MONTH = "month"

    @property
    def default_count(self) -> int:
        """Occurrences when neither count nor until is given: about half a year."""
        return {Cadence.WEEK: 26, Cadence.TWO_WEEKS: 13, Cadence.MONTH: 6}[self]


CADENCES = tuple(c.value for c in Cadence)


class DecisionAction(StrEnum):
    """What happens to a rule date; the value is the word used in options and JSON."""

    KEEP = "keep"  # hold it anyway
    SKIP = "skip"  # written as EXDATE
    MOVE = "move"  # to another date: an override with RECURRENCE-ID = the rule's date


# A series longer than this is almost certainly a typo (ten years of weeks is 520).
MAX_OCCURRENCES = 1000
MOVE_REACH = 3
# Marked for translation and translated where shown (they go into sentences).
_ORDINAL_WORDS = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"),
                  -1: N_("last")}
_DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
              N_("Saturday"), N_("Sunday"))


# --- parsing helpers ---------------------------------------------------------

def parse_local_time(text: str, field: str = "time") -> time:
    """ "09:30" -> time(9, 30); raises InputError naming ``field``."""
    try:
        minutes = parse_hhmm(text)
    except ValueError as e:
        raise InputError(Problem(str(e), field=field)) from None
    return time(minutes // 60, minutes % 60)


# --- recurrence rule ---------------------------------------------------------

def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date | None:
    """The ``ordinal``-th ``weekday`` (Monday = 0) of a month; -1 is the last.

    None when the month has no such day (only possible for ordinal 5).
    """
    if ordinal == -1:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    return day if day.month == month else None


def monthly_ordinal_of(day: date) -> int:
    """The BYDAY ordinal a monthly series starting on ``day`` uses: 1-4, or -1 for a 5th."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def rule_dates(start: date, cadence: str, *, count: int | None = None,
               until: date | None = None, monthly_ordinal: int | None = None
               ) -> tuple[date, ...]:
    """The local dates of a recurrence, as RFC 5545 expands the matching RRULE.

    Weekly and fortnightly: the start date plus whole weeks (``FREQ=WEEKLY``
    with no ``BYDAY`` repeats DTSTART's weekday).  Monthly: the ordinal weekday
    of each month from the start's month on (``FREQ=MONTHLY;BYDAY=<n><day>``).
    Exactly one of ``count`` and ``until`` (inclusive) must be given.
    """
    if (count is None) == (until is None):
        raise InputError(Problem(_("give either a count or an end date"), field="count",
                                 suggestion=_("e.g. count 12, or until 2026-12-31")))
    limit = count if count is not None else MAX_OCCURRENCES + 1
    out: list[date] = []
    if cadence in (Cadence.WEEK, Cadence.TWO_WEEKS):
        step = timedelta(weeks=1 if cadence == Cadence.WEEK else 2)
        day = start
        while len(out) < limit and (until is None or day <= until):
            out.append(day)
            day += step
    elif cadence == Cadence.MONTH:
        ordinal = monthly_ordinal if monthly_ordinal is not None else monthly_ordinal_of(start)
        year, month = start.year, start.month
        while len(out) < limit:
            found = nth_weekday(year, month, start.weekday(), ordinal)
            if found is not None and found >= start:
                if until is not None and found > until:
                    break
                out.append(found)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        raise InputError(Problem(_('"{cadence}" is not a cadence').format(cadence=cadence),
                                 field="every",
                                 suggestion="use " + ", ".join(CADENCES)))
    if len(out) > MAX_OCCURRENCES:
        raise InputError(Problem(_("the series has more than {maximum} "
                                   "occurrences").format(maximum=MAX_OCCURRENCES),
                                 field="until", suggestion=_("choose an earlier end date")))
    return tuple(out)


# --- values ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one rule date: keep, skip, or move to ``moved_to``.

    ``action`` may be given as its word ("skip"); it is stored as the enum.
    """

    action: DecisionAction = DecisionAction.KEEP
    moved_to: date | None = None
    note: str | None = None  # why, when the choice was made for the user

    def __post_init__(self) -> None:
        if self.action not in tuple(DecisionAction):
            raise InputError(Problem(_('"{action}" is not a decision').format(action=self.action),
                                     field="decision",
                                     suggestion=_("use keep, skip or move")))
        object.__setattr__(self, "action", DecisionAction(self.action))
        if (self.action == DecisionAction.MOVE) != (self.moved_to is not None):
            raise InputError(Problem(_("a move needs the date it moves to, and only a move "
                                       "has one"),
                                     field="decision"))


KEEP = Decision(DecisionAction.KEEP)


@dataclass(frozen=True, slots=True)
class Series:
    """A recurring check-in: ``local_time`` in ``zone`` on the rule's dates.

    Validated on construction (InputError naming the field).  ``decisions``
    maps rule dates (the ``RECURRENCE-ID`` of the export) to what happens on
    them; dates without one are kept.  Build with keyword arguments, e.g.
    ``Series(start=date(2026, 3, 3), local_time=time(9), zone="America/New_York",
    cadence="week", count=12)``.
    """

    start: date
    local_time: time
    zone: str
    cadence: str
    duration: int = 30  # minutes
    count: int | None = None
    until: date | None = None
    monthly_ordinal: int | None = None  # BYDAY ordinal for "month"; None: from the start
    decisions: tuple[tuple[date, Decision], ...] = ()
    _dates: tuple[date, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if self.cadence not in CADENCES:
            problems.append(Problem(_('"{cadence}" is not a cadence').format(cadence=self.cadence),
                                    field="every",
                                    suggestion="use " + ", ".join(CADENCES)))
        zp = check_zone_key(self.zone, field="zone")
        if zp is not None:
            problems.append(zp)
        if self.local_time.tzinfo is not None:
            problems.append(Problem(_("the time of day must be a wall-clock time without a zone"),
                                    field="time"))
        if not isinstance(self.duration, int) or not 1 <= self.duration <= 24 * 60:
            problems.append(Problem(_("duration {duration} is not between 1 and 1440 "
                                      "minutes").format(duration=self.duration),
                                    field="duration", suggestion="e.g. 30 or 60"))
        if self.count is not None and self.until is not None:
            problems.append(Problem(_("give either a count or an end date, not both"),
                                    field="count"))
        elif self.count is None and self.until is None:
            problems.append(Problem(_("the series needs a count or an end date"), field="count",
                                    suggestion=_("e.g. count 12, or until 2026-12-31")))
        elif self.count is not None and not 1 <= self.count <= MAX_OCCURRENCES:
            problems.append(Problem(_("count {count} is not between 1 and {maximum}").format(
                                      count=self.count, maximum=MAX_OCCURRENCES), field="count",
                                    suggestion="e.g. 12"))
        elif self.until is not None and self.until < self.start:
            problems.append(Problem(_("the end date {until} is before the start "
                                      "{start}").format(until=self.until,
                                                              start=self.start), field="until",
                                    suggestion=_("give an end date on or after the start")))
        if self.cadence == Cadence.MONTH:
            ordinal = self.monthly_ordinal
            # RFC 5545 leaves a DTSTART that does not match its own rule undefined.
            if ordinal is not None and (ordinal not in (1, 2, 3, 4, -1) or nth_weekday(
                    self.start.year, self.start.month, self.start.weekday(), ordinal)
                    != self.start):
                problems.append(Problem(
                    _("{start} is not the {ordinal} {weekday} of its month").format(
                      start=self.start, ordinal=_(_ORDINAL_WORDS[ordinal])
                      if ordinal in _ORDINAL_WORDS else str(ordinal),
                      weekday=_(_DAY_NAMES[self.start.weekday()])), field="monthly_ordinal",
                    suggestion=f"use {monthly_ordinal_of(self.start)}"))
        elif self.monthly_ordinal is not None:
            problems.append(Problem(_("a weekday ordinal only applies to a monthly series"),
                                    field="monthly_ordinal"))
        if problems:
            raise InputError(problems)
        dates = rule_dates(self.start, self.cadence, count=self.count, until=self.until,
                           monthly_ordinal=self.ordinal)
        object.__setattr__(self, "_dates", dates)
        self._check_decisions()

    def _check_decisions(self) -> None:
        problems: list[Problem] = []
        rule = set(self._dates)
        seen: set[date] = set()
        for day, _decision in self.decisions:
            if day not in rule:
                problems.append(Problem(_("{day} is not a date of the series").format(day=day),
                                        field="decisions",
                                        suggestion=_("decide only on the series' own dates")))
            if day in seen:
                problems.append(Problem(_("{day} has two decisions").format(day=day),
                                        field="decisions"))
            seen.add(day)
        held = [h for h in (self.held_date(d) for d in self._dates) if h is not None]
        for day, decision in self.decisions:
            if decision.moved_to is not None and held.count(decision.moved_to) > 1:
                problems.append(Problem(
                    _("{day} moves to {moved_to}, which already has an "
                      "occurrence").format(day=day, moved_to=decision.moved_to),
                    field="decisions", suggestion=_("move it to a date of its own")))
        if problems:
            raise InputError(problems)

    # -- the rule --

    @property
    def ordinal(self) -> int | None:
        """The ``BYDAY`` ordinal of a monthly series (1-4, or -1 for the last); else None."""
        if self.cadence != Cadence.MONTH:
            return None
        return self.monthly_ordinal if self.monthly_ordinal is not None \
            else monthly_ordinal_of(self.start)

    @property
    def interval(self) -> int:
        return 2 if self.cadence == Cadence.TWO_WEEKS else 1

    def rule_dates(self) -> tuple[date, ...]:
        """Local dates (in ``zone``) the rule gives, before any decision."""
        return self._dates

    def start_instant(self, day: date) -> datetime:
        """UTC instant of the series' wall-clock time on a local date (RFC 5545 3.3.5)."""
        return wall_to_instant(day, self.local_time, get_zone(self.zone))

    def rrule(self) -> dict[str, object]:
        """The RFC 5545 ``RRULE`` parts whose expansion is :meth:`rule_dates`.

        Keys are RRULE names; ``UNTIL`` is the UTC instant of the last
        occurrence's start (RFC 5545 3.3.10: UTC when DTSTART has a TZID).
        """
        monthly = self.cadence == Cadence.MONTH
        parts: dict[str, object] = {"FREQ": "MONTHLY" if monthly else "WEEKLY"}
        if self.interval != 1:
            parts["INTERVAL"] = self.interval
        if monthly:
            parts["BYDAY"] = f"{self.ordinal}{WEEKDAYS[self.start.weekday()][:2].upper()}"
        if self.count is not None:
            parts["COUNT"] = self.count
        else:
            parts["UNTIL"] = self.start_instant(self._dates[-1])
        return parts

    def rrule_text(self) -> str:
        """ "FREQ=WEEKLY;INTERVAL=2;COUNT=13" (UNTIL in the basic UTC form)."""
        out = []
        for k, v in self.rrule().items():
            text = v.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if isinstance(v, datetime) \
                else str(v)
            out.append(f"{k}={text}")
        return ";".join(out)

    def describe(self, date_text: Callable[[date], str] = date.isoformat) -> str:
        """ "every Tuesday at 09:00 America/New_York, 12 times"; dates by ``date_text``."""
        weekday = _(_DAY_NAMES[self.start.weekday()])
        if self.cadence == Cadence.WEEK:
            when = _("every {weekday}").format(weekday=weekday)
        elif self.cadence == Cadence.TWO_WEEKS:
            when = _("every other {weekday}").format(weekday=weekday)
        else:
            when = _("the {ordinal} {weekday} of every month").format(
                ordinal=_(_ORDINAL_WORDS[self.ordinal or 1]), weekday=weekday)
        span = (_("until {date}").format(date=date_text(self.until)) if self.until is not None
                else ngettext("{count} times", "{count} times", self.count or 0).format(
                    count=self.count))
        return (_("{when} at {time} {zone} for {duration} min, from {start}, {span}").format(
                  when=when, time=format_hhmm(self.local_time.hour * 60 + self.local_time.minute),
                  zone=self.zone, duration=self.duration, start=date_text(self.start), span=span))

    # -- decisions --

    @property
    def decision_map(self) -> Mapping[date, Decision]:
        """Rule date -> decision, for the dates that have one (read-only)."""
        return MappingProxyType(dict(self.decisions))

    def decision(self, day: date) -> Decision:
        for d, decision in self.decisions:
            if d == day:
                return decision
        return KEEP

    def with_decisions(self, decisions: Mapping[date, Decision]) -> Series:
        """A copy where ``decisions`` replace the decisions on their dates."""
        merged = dict(self.decisions)
        merged.update(decisions)
        return replace(self, decisions=tuple(sorted(merged.items())))

    def held_date(self, day: date) -> date | None:
        """Where the rule date ``day`` takes place: itself, its move target, or None if skipped."""
        decision = self.decision(day)
        if decision.action == DecisionAction.SKIP:
            return None
        return decision.moved_to or day


# --- evaluation --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MemberAtOccurrence:
    """How one occurrence sits with one member."""

    name: str
    zone: str
    required: bool
    local_start: datetime  # aware, in the member's zone
    local_end: datetime
    comfort: Comfort  # worst over the meeting's minutes
    cost_minutes: int  # hourly rate × minutes; cost = cost_minutes / 60
    minutes_in_working_hours: int
    day_off: str | None  # holiday name, "time off", "weekend" or None

    @property
    def cost(self) -> float:
        return self.cost_minutes / 60

    @property
    def wall_minutes(self) -> int:
        """Local start as minutes after midnight."""
        return self.local_start.hour * 60 + self.local_start.minute


class DriftReason(StrEnum):
    """Why a member's local start moved; the value is the word used in JSON."""

    CLOCK_CHANGE = "clock_change"  # a UTC offset changed (the slot's zone or the member's)
    TRAVEL = "travel"  # the member's zone in force changed (a period)


@dataclass(frozen=True, slots=True)
class Drift:
    """A member's local start moved by ``minutes`` against the previous occurrence held."""

    name: str
    minutes: int
    reason: DriftReason = DriftReason.CLOCK_CHANGE

    @property
    def change(self) -> str:
        return f"{self.minutes:+d}"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One date of a series, as held (or skipped), with every member's view."""

    index: int  # 1-based position in the rule
    rule_date: date  # the rule's local date (RECURRENCE-ID)
    date: date  # local date it is held on (== rule_date unless moved)
    rule_start: datetime  # UTC instant the rule gives
    start: datetime  # UTC, as held
    end: datetime
    decision: Decision
    members: tuple[MemberAtOccurrence, ...]
    drift: tuple[Drift, ...]
    conflicts: tuple[tuple[str, str], ...]  # (required member, day-off reason) as held
    rule_conflicts: tuple[tuple[str, str], ...]  # the same on the rule's own date

    @property
    def held(self) -> bool:
        return self.decision.action != DecisionAction.SKIP

    @property
    def moved(self) -> bool:
        return self.decision.action == DecisionAction.MOVE

    def member(self, name: str) -> MemberAtOccurrence:
        for m in self.members:
            if m.name == name:
                return m
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class SeriesReport:
    series: Series
    occurrences: tuple[Occurrence, ...]

    def drift_by_member(self) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
        """Per member (plan order): (occurrence index, minutes) for every change."""
        names = [m.name for m in self.occurrences[0].members] if self.occurrences else []
        out = []
        for name in names:
            events = tuple((o.index, d.minutes) for o in self.occurrences for d in o.drift
                           if d.name == name)
            out.append((name, events))
        return tuple(out)

    @property
    def conflicting(self) -> tuple[Occurrence, ...]:
        """Occurrences whose rule date has a required member off (whatever was decided)."""
        return tuple(o for o in self.occurrences if o.rule_conflicts)


def member_at(member: Member, cal: DayOff, start: datetime, end: datetime, plan: Plan,
              clock: ZoneClock | None = None) -> MemberAtOccurrence:
    """One member's local times, comfort, cost and day off for a meeting.

    Local times and the day off are where the member is at ``start`` (the zone in
    force then); comfort and cost follow the zone and hours in force minute by minute.
    """
    here = in_force(member, start)
    local_start = start.astimezone(get_zone(here.zone))
    mc = meeting_comfort(member, cal, start, end, plan, clock)
    return MemberAtOccurrence(
        name=member.name, zone=here.zone, required=member.required,
        local_start=local_start, local_end=local_end(member, start, end),
        comfort=mc.worst, cost_minutes=mc.cost_minutes,
        minutes_in_working_hours=mc.minutes_in(Comfort.WORK),
        day_off=cal.day_off(here, local_start.date()),
    )


def conflicts_at(plan: Plan, cal: DayOff, start: datetime) -> tuple[tuple[str, str], ...]:
    """Required members whose local date at ``start`` is a day off, with the reason."""
    out = []
    local: dict[str, date] = {}  # a team of thousands lives in a few zones
    for m in plan.members:
        if not m.required:
            continue
        if m.periods:  # the zone in force at the start
            here = in_force(m, start)
            reason = cal.day_off(here, start.astimezone(get_zone(here.zone)).date())
        else:
            day = local.get(m.zone)
            if day is None:
                day = local[m.zone] = start.astimezone(get_zone(m.zone)).date()
            reason = cal.day_off(m, day)
        if reason is not None:
            out.append((m.name, reason))
    return tuple(out)


def _drift(prev: Sequence[MemberAtOccurrence], cur: Sequence[MemberAtOccurrence]
           ) -> tuple[Drift, ...]:
    out = []
    for a, b in zip(prev, cur, strict=True):
        delta = (b.wall_minutes - a.wall_minutes + 720) % 1440 - 720
        if delta == -720:
            delta = 720
        if delta:
            out.append(Drift(b.name, delta, DriftReason.TRAVEL if a.zone != b.zone
                             else DriftReason.CLOCK_CHANGE))
    return tuple(out)


def analyse_series(series: Series, plan: Plan, cal: DayOff) -> SeriesReport:
    """Every occurrence as held, with each member's view, drift and conflicts."""
    dates = series.rule_dates()
    end_day = max(series.held_date(d) or d for d in dates)
    views = _Views(plan, cal, series.start_instant(dates[0]),
                   series.start_instant(end_day) + timedelta(minutes=series.duration))
    out: list[Occurrence] = []
    previous: tuple[MemberAtOccurrence, ...] | None = None
    length = timedelta(minutes=series.duration)
    for index, day in enumerate(dates, start=1):
        decision = series.decision(day)
        held = decision.moved_to or day
        start = series.start_instant(held)
        end = start + length
        members = views.at(start, end)
        drift: tuple[Drift, ...] = ()
        if decision.action != DecisionAction.SKIP:
            if previous is not None:
                drift = _drift(previous, members)
            previous = members
        conflicts = tuple((m.name, m.day_off) for m in members
                          if m.required and m.day_off is not None)
        rule_start = series.start_instant(day)
        rule_conflicts = conflicts if held == day else conflicts_at(plan, cal, rule_start)
        out.append(Occurrence(index, day, held, rule_start, start, end,
                              decision, members, drift, conflicts, rule_conflicts))
    return SeriesReport(series, tuple(out))


class _Views:
    """Every member's :class:`MemberAtOccurrence` for meetings within a horizon.

    Members with the same zone, night window and schedule
    (:meth:`~planner.availability.DayOff.schedule_key`) see a meeting alike, so
    each such group is computed once per meeting and its members differ only in
    name and ``required``: a team of thousands costs little more than its
    schedules.  Members with periods (a zone and hours of their own per instant)
    share with nobody: each is :func:`member_at` over their own clock.  Comfort
    comes from :class:`~planner.availability.MeetingComforts`.
    """

    def __init__(self, plan: Plan, cal: DayOff, start: datetime, end: datetime):
        # One clock per zone over the whole series (moves reach MOVE_REACH days).
        margin = 86400 * (MOVE_REACH + 1)
        s, e = to_seconds(start) - margin, to_seconds(end) + margin
        self._plan, self._cal = plan, cal
        self._clocks = {z: ZoneClock(z, s, e) for z in {m.zone for m in plan.members}}
        # Each (zone, night window, schedule) as a small number: hashing the tuple (a
        # dataclass inside) for every member and meeting cost more than the rest.
        groups: dict[tuple[object, ...], int] = {}
        self._keys = [-1 - i if m.periods
                      else groups.setdefault((m.zone, m.night, cal.schedule_key(m)), len(groups))
                      for i, m in enumerate(plan.members)]
        self._comforts = MeetingComforts(plan, cal)

    def at(self, start: datetime, end: datetime) -> tuple[MemberAtOccurrence, ...]:
        s, e = to_seconds(start), to_seconds(end)
        seen: dict[int, MemberAtOccurrence] = {}
        local: dict[str, tuple[datetime, datetime]] = {}
        out = []
        for m, key in zip(self._plan.members, self._keys, strict=True):
            if key < 0:
                out.append(member_at(m, self._cal, start, end, self._plan,
                                     self._clocks[m.zone]))
                continue
            view = seen.get(key)
            if view is None:
                times = local.get(m.zone)
                if times is None:
                    zone = get_zone(m.zone)
                    times = local[m.zone] = (start.astimezone(zone), end.astimezone(zone))
                mc = self._comforts.get(m, s, e, self._clocks[m.zone])
                view = seen[key] = MemberAtOccurrence(
                    name=m.name, zone=m.zone, required=m.required, local_start=times[0],
                    local_end=times[1], comfort=mc.worst, cost_minutes=mc.cost_minutes,
                    minutes_in_working_hours=mc.minutes_in(Comfort.WORK),
                    day_off=self._cal.day_off(m, times[0].date()))
            elif view.name != m.name:
                view = MemberAtOccurrence(m.name, view.zone, m.required, view.local_start,
                                          view.local_end, view.comfort, view.cost_minutes,
                                          view.minutes_in_working_hours, view.day_off)
            out.append(view)
        return tuple(out)


def find_move_date(series: Series, plan: Plan, cal: DayOff, day: date,
                   taken: frozenset[date] = frozenset()) -> date | None:
    """The nearest date to ``day`` (±1, ±2, .. ±MOVE_REACH; later first on a tie)
    where no required member has a day off at the series' time, or None.

    Dates in ``taken`` (where another occurrence is held) are passed over.
    """
    for k in range(1, MOVE_REACH + 1):
        for candidate in (day + timedelta(days=k), day - timedelta(days=k)):
            if candidate in taken:
                continue
            if not conflicts_at(plan, cal, series.start_instant(candidate)):
                return candidate
    return None


def resolve_conflicts(series: Series, plan: Plan, cal: DayOff, policy: DecisionAction | str, *,
                      overwrite: bool = False) -> Series:
    """Record ``policy`` (keep | skip | move) for every rule date with a conflict.

    Dates that already carry a decision keep it unless ``overwrite``.  A move
    that finds no date in reach is recorded as keep, with a note.
    """
    if policy not in tuple(DecisionAction):
        raise InputError(Problem(_('"{policy}" is not a way to handle '
                                   "conflicts").format(policy=policy),
                                 field="on-conflict", suggestion=_("use keep, skip or move")))
    existing = series.decision_map
    decided: dict[date, Decision] = {}
    taken = {series.held_date(d) or d for d in series.rule_dates()}
    for day in series.rule_dates():
        if day in existing and not overwrite:
            continue
        conflicts = conflicts_at(plan, cal, series.start_instant(day))
        if not conflicts:
            continue
        who = ", ".join(f"{n} ({r})" for n, r in conflicts)
        if policy == DecisionAction.MOVE:
            target = find_move_date(series, plan, cal, day, frozenset(taken - {day}))
            if target is None:
                # Notes are data ("note" in --json): English, like the enum words.
                decided[day] = Decision(DecisionAction.KEEP, note=f"no date within "
                                        f"{MOVE_REACH} days has every required member on a "
                                        "working day")
                continue
            taken.discard(day)
            taken.add(target)
            decided[day] = Decision(DecisionAction.MOVE, target, note=f"off: {who}")
        elif policy == DecisionAction.SKIP:
            decided[day] = Decision(DecisionAction.SKIP, note=f"off: {who}")
        else:
            decided[day] = KEEP
    return series.with_decisions(decided) if decided else series
