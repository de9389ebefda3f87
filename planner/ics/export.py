"""iCalendar export of a series, a rotation or a single slot (DESIGN.md, J4 and
"iCalendar rules").

What every export guarantees, and where the rule comes from:

* **Times.** ``DTSTART``/``DTEND`` carry ``TZID`` = the anchor zone, the local
  wall-clock time of the rule (RFC 5545 3.3.5 then moves a time in a DST gap
  forward and takes the first of an ambiguous one, as the planner does).  A
  series anchored in UTC is written in the UTC "Z" form and has no TZID.
  Nothing is floating.
* **Zones.** Every TZID gets an RRULE-style ``VTIMEZONE`` from
  :mod:`planner.ics.vtimezone` covering the years of every date written.
  icalendar's ``add_missing_timezones()`` (an RDATE list) is never used:
  Thunderbird ignores its DST and Outlook has been reported to mis-read it.
* **Recurrence.** ``RRULE`` with ``COUNT``, or ``UNTIL`` as the UTC instant of
  the last occurrence's start (RFC 5545 3.3.10 requires UTC when DTSTART has a
  TZID; icalendar would write an aware local datetime in local time, so it is
  given a UTC one).  ``EXDATE`` has the same TZID and value type as DTSTART
  (3.8.5.1).  A moved occurrence is an overriding ``VEVENT`` with the same UID,
  ``RECURRENCE-ID`` = the rule's original start in DTSTART's form (3.8.4.4) and
  its new ``DTSTART``.  Leading skipped dates are dropped by starting the rule
  at the first date that is held, so nothing relies on an ``EXDATE`` equal to
  ``DTSTART`` (allowed by 3.8.5.1, but it is the corner clients get wrong).
* **Rotation.** One recurring event per candidate slot: the slot's rule runs
  from the first to the last occurrence it owns (``COUNT``) and excludes the
  ones it does not own with ``EXDATE``.  Each occurrence is owned by exactly
  one slot, so every client that honours EXDATE shows exactly the chosen
  occurrences; a slot that owns one occurrence is a plain event.  Skipped
  occurrences are excluded from every slot; locked ones are named in the
  description.
* **METHOD** (RFC 5546): ``PUBLISH`` has no ``ATTENDEE`` (3.2.1); ``REQUEST``
  needs an ``ORGANIZER`` and has an ``ATTENDEE`` per member with an e-mail
  address (``ROLE=REQ-PARTICIPANT`` or ``OPT-PARTICIPANT`` for optional members,
  ``PARTSTAT=NEEDS-ACTION``, ``RSVP=TRUE``; the organizer's own member entry is
  ``PARTSTAT=ACCEPTED``, as Google and Outlook write it).  ``caldav=True``
  never writes METHOD (RFC 4791 4.1 forbids it in stored objects).
* **Identity.** ``UID`` = uuid5 over a fixed namespace and the plan name, the
  kind of export and its key (a series: its first date and anchor zone; a
  rotation slot: the rotation's first date and the slot's "HH:MM ZONE"; a slot:
  its start instant).  Everything else (time of day, cadence, length, count,
  skips and moves, members) is *content*: changing it and exporting again
  updates the same events.  ``SEQUENCE`` starts at 0 and goes up by one when
  the content of a UID (everything but DTSTAMP and SEQUENCE) differs from what
  was exported last time; exporting unchanged content again keeps the number,
  and the later ``DTSTAMP`` still marks it as the newer copy (RFC 5546 2.1.5).
  The plan remembers what was exported in ``[[exports]]`` entries (see
  :func:`remember_exports`).  ``DTSTAMP`` comes from the caller's ``stamp``.
* **Text.** Names, the plan name and site names are cleaned of control
  characters (replaced by a space) before they reach a property; icalendar
  escapes TEXT values, so nothing in a name can start a new property.  E-mail
  addresses that would need escaping are refused.
* **Lines.** CRLF, folded at 75 octets, never inside a UTF-8 sequence and, when
  possible, not before a combining mark (RFC 5545 3.1).  icalendar 7 already
  folds by octets; :func:`fold_content` refolds anyway so the guarantee does not
  depend on the icalendar version.
* **Description.** Each member's local weekday and time, localized with babel
  (``locale``, default ``en``), and the dates on which DST drift moves it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import icalendar
from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time, get_timezone_location

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.ics.vtimezone import add_vtimezones
from planner.model import Member, Plan
from planner.planfile import PlanDocument, parse_organizer
from planner.series import Occurrence, Series, SeriesReport, analyse_series
from planner.zones import UTC_KEYS, get_zone

if TYPE_CHECKING:  # only annotated: the rotation module is not needed to export a series
    from planner.rotation.planning import Rotation

__all__ = [
    "METHODS",
    "PRODID",
    "Export",
    "ExportRecord",
    "clean_text",
    "event_uid",
    "export_rotation",
    "export_series",
    "export_slot",
    "fold_content",
    "read_exports",
    "remember_exports",
]

PRODID = "-//Overlap//Overlap check-in planner//EN"
METHODS = ("publish", "request")
# Fixed forever: changing it would give every exported event a new UID.
UID_NAMESPACE = uuid.UUID("6c0a3f2e-5b7d-5a8e-9c41-0b7e2d9f4a13")
_MAX_OCTETS = 75  # RFC 5545 section 3.1
_EMAIL = re.compile(r"[^\x00-\x20\x7f<>\"(),;:\\\[\]@]+@[^\x00-\x20\x7f<>\"(),;:\\\[\]@]+")
_DIGEST_LEN = 16  # hex digits kept: change detection, not security


# --- values ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExportRecord:
    """What the plan remembers of one exported UID."""

    uid: str
    sequence: int
    digest: str
    what: str = ""  # for people reading the plan file
    group: str = ""  # UIDs exported together (a rotation's slots)


@dataclass(frozen=True, slots=True)
class Export:
    """An exported calendar: the icalendar object, its bytes and what to remember."""

    calendar: icalendar.Calendar
    data: bytes
    records: tuple[ExportRecord, ...]
    notes: tuple[str, ...] = ()  # things the user should know (not errors)
    resources: tuple[tuple[str, bytes], ...] = field(default=())  # per UID, for CalDAV

    @property
    def uids(self) -> tuple[str, ...]:
        return tuple(r.uid for r in self.records)


# --- text ------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """``text`` without control characters (each run becomes one space).

    C0/C1 controls (CR, LF, NUL, ESC, NEL ...) and the Unicode line and
    paragraph separators would break a content line or make clients start a
    new line where the plan has none (RFC 5545 3.3.11 allows no control
    characters in TEXT but HTAB, and 3.2 none in parameter values).
    """
    out: list[str] = []
    gap = False  # inside a run of control characters (and the spaces after it)
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            gap = True
            continue
        if gap:
            if ch == " ":
                continue
            if out and out[-1] != " ":
                out.append(" ")
            gap = False
        out.append(ch)
    return "".join(out).strip()


def _param_text(text: str) -> str:
    # RFC 6868 would let icalendar escape a DQUOTE in a parameter, but many
    # clients do not decode ^' , so a name keeps its meaning with ' instead.
    return clean_text(text).replace('"', "'")


def _mailto(address: str, field_: str) -> icalendar.vCalAddress:
    mail = address.strip()
    if not _EMAIL.fullmatch(mail):
        raise InputError(Problem(f'"{clean_text(mail)}" is not an e-mail address that can go '
                                 "into an invitation", field=field_,
                                 suggestion="write a plain address such as lena@example.com"))
    return icalendar.vCalAddress(f"mailto:{mail}")


# --- folding -----------------------------------------------------------------------

def _fold_line(line: str) -> list[bytes]:
    """One content line as physical lines of at most 75 octets (RFC 5545 3.1).

    Cuts only between characters, and prefers not to cut right before a
    combining mark (the vowel sign of "सुधा"), so a client that shows the raw
    lines still shows whole letters.
    """
    chunks: list[bytes] = []
    current = bytearray()
    limit = _MAX_OCTETS
    letter = 0  # where the letter that ``current`` ends with starts
    for ch in line:
        encoded = ch.encode("utf-8")
        joins = unicodedata.category(ch)[0] == "M" or ch == "\u200d"
        while len(current) + len(encoded) > limit:
            cut = letter if joins and letter > 0 else len(current)
            chunks.append(bytes(current[:cut]))
            current = current[cut:]
            limit = _MAX_OCTETS - 1  # a continuation line starts with a space
            letter = 0
            joins = False  # the letter now starts the line: cut anywhere if still too long
        if unicodedata.category(ch)[0] != "M" and ch != "\u200d":
            letter = len(current)
        current.extend(encoded)
    chunks.append(bytes(current))
    return [chunks[0], *(b" " + c for c in chunks[1:])]


def fold_content(data: bytes) -> bytes:
    """Unfold and refold iCalendar bytes: CRLF line ends, 75-octet lines, UTF-8 intact."""
    text = data.decode("utf-8")
    logical: list[str] = []
    for raw in re.split(r"\r\n|\n|\r", text):
        if raw[:1] in (" ", "\t") and logical:
            logical[-1] += raw[1:]
        elif raw:
            logical.append(raw)
    out: list[bytes] = []
    for line in logical:
        out.extend(_fold_line(line))
    return b"\r\n".join(out) + b"\r\n"


# --- babel ------------------------------------------------------------------------

def _locale(locale: str | None) -> Locale:
    text = (locale or "en").replace("-", "_")
    try:
        return Locale.parse(text)
    except (UnknownLocaleError, ValueError):
        raise InputError(Problem(f'"{locale}" is not a locale', field="locale",
                                 suggestion='use a code such as "en", "en_GB" or "de_DE"'))\
            from None


class _Formats:
    """Localized pieces of the description."""

    def __init__(self, locale: Locale, years: set[int]):
        self.locale = locale
        self.with_year = len(years) > 1

    def clock(self, local: datetime) -> str:
        return str(format_time(local, "short", tzinfo=local.tzinfo, locale=self.locale))

    def wall(self, at: time) -> str:
        """A wall-clock time of day, whatever the zone."""
        return self.clock(datetime.combine(date(2000, 1, 3), at, tzinfo=UTC))

    def weekday_time(self, local: datetime) -> str:
        weekday = format_skeleton("EEE", local, tzinfo=local.tzinfo, locale=self.locale)
        return f"{weekday} {self.clock(local)}"

    def day(self, day: date) -> str:
        return str(format_skeleton("yMMMd" if self.with_year else "MMMd", day,
                                   locale=self.locale))

    def full_day(self, day: date) -> str:
        return str(format_skeleton("yMMMEd", day, locale=self.locale))

    def city(self, key: str) -> str:
        try:
            return clean_text(str(get_timezone_location(key, locale=self.locale,
                                                        return_city=True)))
        except Exception:  # babel knows no name for a rare key: the key is readable too
            return key


def _who(member: Member) -> str:
    name = clean_text(member.name)
    return name if member.required else f"{name} (optional)"


def _member_lines(plan: Plan, starts: Sequence[datetime], fmt: _Formats) -> list[str]:
    """Per member: the usual local weekday and time, and when drift changes it.

    The usual value is the most frequent one (the earliest on a tie); every run
    of consecutive occurrences with another value is named with its local dates.
    """
    lines = []
    for m in plan.members:
        zone = get_zone(m.zone)
        locals_ = [s.astimezone(zone) for s in starts]
        values = [fmt.weekday_time(t) for t in locals_]
        usual = Counter(values).most_common(1)[0][0]  # ties: first seen (Counter keeps order)
        runs: list[tuple[str, int, int]] = []  # (value, first index, last index)
        for i, value in enumerate(values):
            if value == usual:
                continue
            if runs and runs[-1][0] == value and runs[-1][2] == i - 1:
                runs[-1] = (value, runs[-1][1], i)
            else:
                runs.append((value, i, i))
        text = f"{_who(m)} — {fmt.city(m.zone)}: {usual}"
        for value, a, b in runs:
            first, last = locals_[a].date(), locals_[b].date()
            when = (f"on {fmt.day(first)}" if a == b
                    else f"from {fmt.day(first)} to {fmt.day(last)}")
            text += f"; {value} {when}"
        lines.append(text)
    return lines


def _occurrence_lines(plan: Plan, cal: DayOff, start: datetime, fmt: _Formats) -> list[str]:
    lines = []
    for m in plan.members:
        local = start.astimezone(get_zone(m.zone))
        text = f"{_who(m)} — {fmt.city(m.zone)}: {fmt.full_day(local.date())}, {fmt.clock(local)}"
        off = cal.day_off(m, local.date())
        if off is not None:
            text += f" ({clean_text(off)})"
        lines.append(text)
    return lines


_FOOTER = ("Planned with Overlap. The times above follow each member's own daylight "
           "saving rules.")


# --- identity and memory ---------------------------------------------------------------

def event_uid(plan_name: str, kind: str, key: str) -> str:
    """The stable UID of an exported event: uuid5 over the plan name, kind and key."""
    return str(uuid.uuid5(UID_NAMESPACE, "\x1f".join(("overlap", plan_name, kind, key))))


def read_exports(source: PlanDocument | Mapping[str, Any] | None) -> dict[str, ExportRecord]:
    """What a plan remembers of earlier exports, by UID.

    Reads ``[[exports]]`` entries (``uid``, ``sequence``, ``digest``, ``what``,
    ``group``), as :func:`remember_exports` writes them, and also a table keyed
    by UID (``[exports."uid"]``).  Entries that do not make sense (edited by
    hand) are ignored: the worst outcome is a SEQUENCE that starts again.
    """
    if source is None:
        return {}
    doc = source.doc if isinstance(source, PlanDocument) else source
    raw = doc.get("exports")
    entries: list[tuple[Any, Any]] = []
    if isinstance(raw, list):
        entries = [(e.get("uid") if isinstance(e, Mapping) else None, e) for e in raw]
    elif isinstance(raw, Mapping):
        entries = list(raw.items())
    out: dict[str, ExportRecord] = {}
    for uid, entry in entries:
        if not isinstance(uid, str) or not isinstance(entry, Mapping):
            continue
        seq, digest = entry.get("sequence"), entry.get("digest")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0 \
                or not isinstance(digest, str):
            continue
        what, group = entry.get("what", ""), entry.get("group", "")
        out[str(uid)] = ExportRecord(str(uid), int(seq), str(digest),
                                     str(what) if isinstance(what, str) else "",
                                     str(group) if isinstance(group, str) else "")
    return out


def remember_exports(pd: PlanDocument, export: Export) -> bool:
    """Record the export's UIDs in the plan's ``[[exports]]`` entries.

    Goes through :class:`PlanDocument` (``update_entry``/``add_entry``), so
    comments and everything else in the file survive; save the plan afterwards.
    A table keyed by UID (a hand-written form :func:`read_exports` accepts) is
    replaced by entries.  Returns whether anything changed.
    """
    known = read_exports(pd)
    raw = pd.doc.get("exports")
    if raw is not None and not isinstance(raw, list):
        pd.set_value("exports", None)
        for record in known.values():
            pd.add_entry("exports", _entry(record))
        raw = pd.doc.get("exports")
    index = {}
    for i, e in enumerate(raw or []):
        if isinstance(e, Mapping) and isinstance(e.get("uid"), str):
            index[e["uid"]] = i
    changed = False
    for record in export.records:
        values = _entry(record)
        if record.uid in index:
            current = pd.entry("exports", index[record.uid])
            if any(current.get(k) != v for k, v in values.items()):
                pd.update_entry("exports", index[record.uid], values)
                changed = True
        else:
            pd.add_entry("exports", values)
            index[record.uid] = len(pd.doc["exports"]) - 1
            changed = True
    return changed


def _entry(record: ExportRecord) -> dict[str, Any]:
    return {"uid": record.uid, "what": record.what, "group": record.group,
            "sequence": record.sequence, "digest": record.digest}


def _digest(components: Iterable[icalendar.Component]) -> str:
    h = hashlib.sha256()
    for c in components:
        h.update(c.to_ical())
    return h.hexdigest()[:_DIGEST_LEN]


# --- building ---------------------------------------------------------------------------

def _is_utc(zone: str) -> bool:
    return zone in UTC_KEYS


def _anchored(day: date, at: time, zone: str) -> datetime:
    """The wall-clock value written for a rule date: TZID form, or UTC for UTC anchors.

    Not normalised through UTC: DTSTART, EXDATE and RECURRENCE-ID must carry
    the rule's own wall time even on a day where it falls in a DST gap.
    """
    if _is_utc(zone):
        return datetime.combine(day, at, tzinfo=UTC)
    return datetime.combine(day, at, tzinfo=get_zone(zone))


def _value(instant: datetime, zone: str) -> datetime:
    """An instant as written in DTSTART or DTEND: its local time in ``zone`` (TZID
    form), or UTC when that local time would be read back as another instant
    (the second pass of a repeated hour: readers take the first, RFC 5545 3.3.5)."""
    if _is_utc(zone):
        return instant.astimezone(UTC)
    local = instant.astimezone(get_zone(zone))
    if local.replace(fold=0).astimezone(UTC) != instant.astimezone(UTC):
        return instant.astimezone(UTC)
    return local


def _spans_change(start: datetime, end: datetime, zone: str) -> bool:
    """Whether the zone's UTC offset at ``end`` differs from the one at ``start``
    (a meeting that ends right at a change counts: its local end moved too)."""
    if _is_utc(zone):
        return False
    z = get_zone(zone)
    return start.astimezone(z).utcoffset() != end.astimezone(z).utcoffset()


@dataclass(frozen=True, slots=True)
class _Options:
    method: str | None  # "publish", "request"
    organizer: tuple[str | None, str] | None
    caldav: bool
    fmt_locale: Locale
    title: str


def _options(plan: Plan, method: str, organizer: str | None, caldav: bool, locale: str | None,
             title: str | None) -> _Options:
    m = (method or "publish").strip().lower()
    if m not in METHODS:
        raise InputError(Problem(f'"{method}" is not a method', field="method",
                                 suggestion="use publish (a calendar to import) or request "
                                 "(an invitation)"))
    org_text = organizer if organizer is not None else plan.organizer
    org = None
    if org_text:
        try:
            name, mail = parse_organizer(org_text)
        except ValueError as e:
            raise InputError(Problem(str(e), field="organizer",
                                     suggestion='write "Lena Vogt <lena@example.com>"')) from None
        _mailto(mail, "organizer")
        org = (name, mail)
    if m == "request" and org is None:
        raise InputError(Problem("an invitation (METHOD:REQUEST) needs an organizer",
                                 field="organizer",
                                 suggestion='add organizer = "Name <email>" to the plan, or give '
                                 "--organizer; or export with --method publish"))
    text = clean_text(title) if title is not None else ""
    if not text:
        text = f"{clean_text(plan.name) or 'Team'} check-in"
    return _Options(m, org, caldav, _locale(locale), text)


def _people(event: icalendar.Event, plan: Plan, opts: _Options) -> list[str]:
    """ORGANIZER and (for REQUEST) ATTENDEEs; returns notes for the user."""
    notes: list[str] = []
    if opts.organizer is not None:
        name, mail = opts.organizer
        org = _mailto(mail, "organizer")
        if name:
            org.params["CN"] = _param_text(name)
        event.add("ORGANIZER", org)
    if opts.method != "request":
        return notes
    org_mail = opts.organizer[1].lower() if opts.organizer else None
    invited = 0
    for m in plan.members:
        if not m.email:
            notes.append(f"{clean_text(m.name)} has no e-mail address and is not invited")
            continue
        attendee = _mailto(m.email, f'member "{clean_text(m.name)}".email')
        is_organizer = m.email.strip().lower() == org_mail
        attendee.params.update({
            "CN": _param_text(m.name),
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT" if m.required else "OPT-PARTICIPANT",
            "PARTSTAT": "ACCEPTED" if is_organizer else "NEEDS-ACTION",
            "RSVP": "FALSE" if is_organizer else "TRUE",
        })
        event.add("ATTENDEE", attendee)
        invited += 1
    if invited == 0:
        raise InputError(Problem("no member has an e-mail address, so an invitation "
                                 "(METHOD:REQUEST) would invite nobody", field="email",
                                 suggestion='add email = "…" to the members, or export with '
                                 "--method publish"))
    return notes


def _event(opts: _Options, uid: str, start: datetime, end: datetime | timedelta,
           description: str) -> icalendar.Event:
    """A VEVENT; ``end`` is DTEND, or DURATION when it is a timedelta."""
    event = icalendar.Event()
    event.add("UID", uid)
    event.add("SUMMARY", opts.title)
    event.add("DTSTART", start)
    event.add("DURATION" if isinstance(end, timedelta) else "DTEND", end)
    event.add("DESCRIPTION", description)
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    return event


@dataclass
class _Group:
    """The components of one UID, before SEQUENCE and DTSTAMP are known."""

    uid: str
    what: str
    group: str
    components: list[icalendar.Event]


def _years(values: Iterable[datetime]) -> tuple[int, int]:
    years = [v.year for v in values]
    return min(years), max(years)


def _finish(groups: Sequence[_Group], opts: _Options, stamp: datetime,
            memory: Mapping[str, ExportRecord] | None, written: Sequence[datetime],
            notes: list[str]) -> Export:
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime")
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    memory = memory or {}
    records = []
    for g in groups:
        digest = _digest(g.components)
        before = memory.get(g.uid)
        if before is None:
            sequence = 0
        elif before.digest == digest:
            sequence = before.sequence
        else:
            sequence = before.sequence + 1
        for c in g.components:
            c.add("SEQUENCE", sequence)
            c.add("DTSTAMP", stamp)
        records.append(ExportRecord(g.uid, sequence, digest, g.what, g.group))
    exported = {g.uid for g in groups}
    group_names = {g.group for g in groups}
    for old in memory.values():
        if old.group in group_names and old.uid not in exported:
            notes.append(f'"{old.what or old.uid}" was exported before and is not part of this '
                         "export any more; delete it from calendars that imported it")

    def calendar(parts: Sequence[_Group]) -> icalendar.Calendar:
        cal = icalendar.Calendar()
        cal.add("PRODID", PRODID)
        cal.add("VERSION", "2.0")
        cal.add("CALSCALE", "GREGORIAN")
        if not opts.caldav:
            cal.add("METHOD", opts.method.upper() if opts.method else "PUBLISH")
        for g in parts:
            for c in g.components:
                cal.add_component(c)
        first, last = _years(written)
        add_vtimezones(cal, first, last)
        return cal

    cal = calendar(groups)
    data = fold_content(cal.to_ical())
    resources: tuple[tuple[str, bytes], ...] = ()
    if opts.caldav:
        # RFC 4791 4.1: one UID per stored calendar object.
        resources = tuple((g.uid, fold_content(calendar([g]).to_ical())) for g in groups)
    return Export(cal, data, tuple(records), tuple(notes), resources)


@dataclass(frozen=True, slots=True)
class _Instance:
    """One date of a rule as the export needs it."""

    rule_day: date  # the rule's local date (RECURRENCE-ID)
    start: datetime  # UTC, as held
    end: datetime
    held: bool
    moved: bool
    description: str | None = None  # for an override; None: the plain occurrence text


def _irregular(day: date, at: time, zone: str, length: timedelta) -> bool:
    """Whether clients may compute this rule date's times differently.

    True when the wall time does not exist on ``day`` (a DST gap: RFC 5545
    moves it forward, not every reader does) or the meeting spans an offset
    change (readers that add or subtract local times get the length wrong).
    """
    if _is_utc(zone):
        return False
    wall = _anchored(day, at, zone)
    instant = wall.astimezone(UTC)
    local = instant.astimezone(get_zone(zone))
    return local.replace(tzinfo=None) != wall.replace(tzinfo=None) or \
        _spans_change(instant, instant + length, zone)


def _recurring(opts: _Options, plan: Plan, cal: DayOff, fmt: _Formats, uid: str, zone: str,
               at: time, length: timedelta, rule: Mapping[str, object] | None,
               instances: Sequence[_Instance], description: str
               ) -> tuple[list[icalendar.Event], list[datetime], list[str]]:
    """The master VEVENT (RRULE, EXDATE) and its overrides for rule dates from
    DTSTART on; the first instance is held.  Returns (components, datetimes
    written, notes).

    Overrides: moved dates, and dates where clients could disagree
    (:func:`_irregular`): those get an override with explicit times, so every
    client shows the planner's instants.  When the first date is irregular the
    master carries DURATION instead of DTEND, since a DTEND there would give
    the readers that subtract local times a wrong length for every date.
    """
    head = instances[0]
    if rule is None:  # one date: a plain event at its real times
        begin, finish = _value(head.start, zone), _value(head.end, zone)
        event = _event(opts, uid, begin, finish, description)
        return [event], [begin, finish], _people(event, plan, opts)
    start = _anchored(head.rule_day, at, zone)
    if _irregular(head.rule_day, at, zone, length):
        master = _event(opts, uid, start, length, description)
        written = [start]
    else:
        rule_start = start.astimezone(UTC)
        finish = _value(rule_start + length, zone)
        master = _event(opts, uid, start, finish, description)
        written = [start, finish]
    master.add("RRULE", dict(rule))
    excluded = [_anchored(i.rule_day, at, zone) for i in instances if not i.held]
    if excluded:
        master.add("EXDATE", excluded)
        written += excluded
    notes = _people(master, plan, opts)
    components = [master]
    for i in instances:
        if not i.held or not (i.moved or _irregular(i.rule_day, at, zone, length)):
            continue
        rid = _anchored(i.rule_day, at, zone)
        begin, finish = _value(i.start, zone), _value(i.end, zone)
        override = _event(opts, uid, begin, finish,
                          i.description or _one_description(plan, cal, i.start, fmt))
        override.add("RECURRENCE-ID", rid)
        _people(override, plan, opts)
        components.append(override)
        written += [rid, begin, finish]
    return components, written, notes


# --- series ---------------------------------------------------------------------------

def export_series(plan: Plan, cal: DayOff, series: Series, *, stamp: datetime,
                  memory: Mapping[str, ExportRecord] | None = None, method: str = "publish",
                  organizer: str | None = None, caldav: bool = False,
                  locale: str | None = "en", title: str | None = None,
                  report: SeriesReport | None = None) -> Export:
    """A recurring check-in as one ``VEVENT`` with ``RRULE``, ``EXDATE``s for
    skipped dates and an override per moved date.

    ``cal`` gives each member's days off for the description; ``memory`` is
    :func:`read_exports` of the plan; ``organizer`` ("Name <email>")
    overrides the plan's.  Raises InputError for a REQUEST without organizer
    or invitees, a bad locale or method, or a series with every date skipped.
    """
    opts = _options(plan, method, organizer, caldav, locale, title)
    report = report or analyse_series(series, plan, cal)
    occurrences = report.occurrences
    held = [o for o in occurrences if o.held]
    if not held:
        raise InputError(Problem("every occurrence of the series is skipped; there is nothing "
                                 "to export", field="decisions",
                                 suggestion="keep or move at least one occurrence"))
    first = next(i for i, o in enumerate(occurrences) if o.held)
    zone = series.zone
    uid = event_uid(plan.name, "series", f"{series.start.isoformat()} {zone}")
    fmt = _Formats(opts.fmt_locale, {o.start.astimezone(get_zone(m.zone)).year
                                     for o in held for m in plan.members})
    rule: dict[str, object] | None = series.rrule()
    assert rule is not None
    if "COUNT" in rule:
        rule["COUNT"] = int(rule["COUNT"]) - first  # type: ignore[call-overload]
    if rule.get("COUNT") == 1 or (rule.get("UNTIL") is not None
                                  and first == len(occurrences) - 1):
        rule = None
    instances = [_Instance(o.rule_date, o.start, o.end, o.held, o.moved,
                           _moved_description(plan, cal, o, fmt) if o.moved else None)
                 for o in occurrences[first:]]
    components, written, notes = _recurring(
        opts, plan, cal, fmt, uid, zone, series.local_time, timedelta(minutes=series.duration),
        rule, instances, _series_description(plan, series, report, fmt))
    what = f"series: {series.describe()}"
    return _finish([_Group(uid, what, uid, components)], opts, stamp, memory, written, notes)


def _series_description(plan: Plan, series: Series, report: SeriesReport, fmt: _Formats) -> str:
    held = [o for o in report.occurrences if o.held]
    cadence = {"week": "every week", "2weeks": "every two weeks",
               "month": "every month"}[series.cadence]
    where = "UTC" if _is_utc(series.zone) else fmt.city(series.zone)
    span = (f"{series.count} times" if series.count is not None
            else f"until {fmt.day(series.until)}" if series.until else "")
    at = fmt.wall(series.local_time)
    lines = [f"{clean_text(plan.name)} check-in, {cadence} at {at} {where} time "
             f"({series.duration} min), from {fmt.day(series.start)}, {span}.", "",
             "Local times:"]
    lines += [f"• {x}" for x in _member_lines(plan, [o.start for o in held], fmt)]
    skipped = [o for o in report.occurrences if not o.held]
    moved = [o for o in report.occurrences if o.moved]
    if skipped:
        lines += ["", "Skipped:"]
        lines += [f"• {fmt.day(o.rule_date)}{_conflict_text(o)}" for o in skipped]
    if moved:
        lines += ["", "Moved:"]
        lines += [f"• {fmt.day(o.rule_date)} → {fmt.day(o.date)}{_conflict_text(o)}"
                  for o in moved]
    lines += ["", _FOOTER]
    return "\n".join(lines)


def _conflict_text(o: Occurrence) -> str:
    if not o.rule_conflicts:
        return ""
    return " (" + ", ".join(f"{clean_text(n)}: {clean_text(r)}"
                            for n, r in o.rule_conflicts) + ")"


def _one_description(plan: Plan, cal: DayOff, start: datetime, fmt: _Formats) -> str:
    lines = [f"{clean_text(plan.name)} check-in.", "", "Local times:"]
    lines += [f"• {x}" for x in _occurrence_lines(plan, cal, start, fmt)]
    lines += ["", _FOOTER]
    return "\n".join(lines)


def _moved_description(plan: Plan, cal: DayOff, o: Occurrence, fmt: _Formats) -> str:
    lines = [f"{clean_text(plan.name)} check-in, moved from {fmt.day(o.rule_date)} to "
             f"{fmt.day(o.date)}{_conflict_text(o)}.", "", "Local times:"]
    lines += [f"• {x}" for x in _occurrence_lines(plan, cal, o.start, fmt)]
    lines += ["", _FOOTER]
    return "\n".join(lines)


# --- rotation ---------------------------------------------------------------------------

def export_rotation(plan: Plan, cal: DayOff, rotation: Rotation, *, stamp: datetime,
                    memory: Mapping[str, ExportRecord] | None = None,
                    method: str = "publish", organizer: str | None = None,
                    caldav: bool = False, locale: str | None = "en",
                    title: str | None = None, skip: Iterable[int] = ()) -> Export:
    """A rotation as one recurring event per slot that owns an occurrence.

    Each slot's rule covers its first to last owned occurrence; the
    occurrences in between that another slot owns, and those in ``skip``
    (1-based indexes), are ``EXDATE``s.  Locked occurrences are named in the
    description.  See :func:`export_series` for the other arguments.
    """
    opts = _options(plan, method, organizer, caldav, locale, title)
    skipped = frozenset(skip)
    bad = sorted(i for i in skipped if not 1 <= i <= len(rotation.occurrences))
    if bad:
        raise InputError(Problem(f"there is no occurrence {bad[0]}", field="skip",
                                 suggestion=f"occurrences are numbered 1 to "
                                 f"{len(rotation.occurrences)}"))
    held = [o for o in rotation.occurrences if o.index not in skipped]
    if not held:
        raise InputError(Problem("every occurrence of the rotation is skipped; there is "
                                 "nothing to export", field="skip"))
    group_key = f"rotation {rotation.start.isoformat()}"
    length = timedelta(minutes=rotation.duration)
    fmt = _Formats(opts.fmt_locale, {o.start.astimezone(get_zone(m.zone)).year
                                     for o in held for m in plan.members})
    groups: list[_Group] = []
    written: list[datetime] = []
    notes: list[str] = []
    for candidate in rotation.candidates:
        owned = [o for o in held if o.slot == candidate.id]
        if not owned:
            continue
        first, last = owned[0].index, owned[-1].index
        span = rotation.occurrences[first - 1:last]
        uid = event_uid(plan.name, "rotation-slot", f"{group_key} {candidate.text}")
        rule = {"FREQ": "WEEKLY", **({"INTERVAL": 2} if rotation.cadence == "2weeks" else {}),
                "COUNT": len(span)} if len(span) > 1 else None
        instances = [_Instance(o.date, o.start, o.end,
                               o.slot == candidate.id and o.index not in skipped, False)
                     for o in span]
        components, more, slot_notes = _recurring(
            opts, plan, cal, fmt, uid, candidate.zone, candidate.local_time, length, rule,
            instances, _rotation_description(plan, rotation, candidate.id, owned, skipped, fmt))
        written += more
        notes += slot_notes
        groups.append(_Group(uid, f"rotation from {rotation.start}, slot {candidate.text}",
                             group_key, components))
    return _finish(groups, opts, stamp, memory, written, sorted(set(notes), key=notes.index))


def _rotation_description(plan: Plan, rotation: Rotation, slot: str,
                          owned: Sequence[Any], skipped: frozenset[int], fmt: _Formats) -> str:
    candidate = rotation.candidate(slot)
    where = "UTC" if _is_utc(candidate.zone) else fmt.city(candidate.zone)
    others = ", ".join(f"{c.id} {c.time_text} {'UTC' if _is_utc(c.zone) else fmt.city(c.zone)}"
                       for c in rotation.candidates if c.id != slot)
    cadence = "weekly" if rotation.cadence == "week" else "every two weeks"
    lines = [f"{clean_text(plan.name)} check-in, rotating {cadence} over "
             f"{len(rotation.candidates)} slots to share early and late hours fairly.",
             f"This is slot {slot}: {candidate.time_text} {where} time "
             f"({rotation.duration} min)." + (f" Other slots: {others}." if others else ""),
             "", "Dates in this slot:"]
    for o in owned:
        lines.append(f"• #{o.index} {fmt.day(o.date)}" + (" (locked)" if o.locked else ""))
    mine_skipped = [o for o in rotation.occurrences if o.index in skipped and o.slot == slot]
    if mine_skipped:
        lines.append("Skipped: " + ", ".join(f"#{o.index} {fmt.day(o.date)}"
                                             for o in mine_skipped))
    lines += ["", "Local times:"]
    lines += [f"• {x}" for x in _member_lines(plan, [o.start for o in owned], fmt)]
    lines += ["", _FOOTER]
    return "\n".join(lines)


# --- single slot ---------------------------------------------------------------------------

def export_slot(plan: Plan, cal: DayOff, start: datetime, duration: int, *, stamp: datetime,
                zone: str | None = None, memory: Mapping[str, ExportRecord] | None = None,
                method: str = "publish", organizer: str | None = None, caldav: bool = False,
                locale: str | None = "en", title: str | None = None) -> Export:
    """One meeting at the instant ``start`` (aware), written in ``zone``
    (default: the plan's reference zone)."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if not isinstance(duration, int) or not 1 <= duration <= 24 * 60:
        raise InputError(Problem(f"duration {duration} is not between 1 and 1440 minutes",
                                 field="duration", suggestion="e.g. 30 or 60"))
    opts = _options(plan, method, organizer, caldav, locale, title)
    zone = zone or plan.reference_zone
    get_zone(zone)
    begin = _value(start, zone)
    end = _value(start.astimezone(UTC) + timedelta(minutes=duration), zone)
    uid = event_uid(plan.name, "slot", start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    fmt = _Formats(opts.fmt_locale, {begin.year})
    lines = [f"{opts.title} ({duration} min).", "", "Local times:"]
    lines += [f"• {x}" for x in _occurrence_lines(plan, cal, start.astimezone(UTC), fmt)]
    lines += ["", _FOOTER]
    event = _event(opts, uid, begin, end, "\n".join(lines))
    notes = _people(event, plan, opts)
    what = f"slot {start.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return _finish([_Group(uid, what, uid, [event])], opts, stamp, memory, [begin, end], notes)
