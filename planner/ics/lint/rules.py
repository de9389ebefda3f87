"""The linter's rules: checks on the component tree of a calendar file.

TZIDs without a ``VTIMEZONE`` (RFC 5545 3.2.19), RDATE-list ``VTIMEZONE``s
that Thunderbird and Outlook mis-read (3.6.5), events without ``DTSTART``,
with a property given twice or ``DTEND`` before ``DTSTART`` (3.6.1,
3.8.2.2), rules that are not rules and ``UNTIL`` and ``EXDATE`` in a
different value type from ``DTSTART`` (3.3.10, 3.8.5.1), floating times that
no ``X-WR-TIMEZONE`` places (3.3.5), ``METHOD`` without the properties RFC
5546 requires (3.2.1, 3.2.2), and missing or duplicate ``UID``/``DTSTAMP``
(3.8.4.7, 3.8.7.2).

Errors are what makes a real client (Overlap's import among them) refuse the
file or show another time; what clients read alike despite the RFC is a
warning.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.errors import InputError
from planner.i18n import _
from planner.ics.lines import Component, Property
from planner.ics.lint.findings import Report, short
from planner.ics.recur import recur_parts, recur_problems
from planner.ics.vtimezone import vtimezone

__all__ = [
    "check",
    "check_calendar",
    "check_identity",
    "check_method",
    "check_times",
    "check_event",
    "check_until",
    "check_vtimezone",
    "kind",
]

_WITH_UID = ("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY")  # RFC 5545 3.6.1-3.6.4
_DATE = re.compile(r"\d{8}")
_DATE_TIME = re.compile(r"\d{8}T\d{6}Z?")

Kind = tuple[str, str | None]  # ("date" | "utc" | "local" | "floating", TZID)


def check(roots: tuple[Component, ...], report: Report) -> None:
    """Every rule on every VCALENDAR of the file."""
    for cal in roots:
        if cal.name == "VCALENDAR":
            check_calendar(cal, report)


def check_calendar(cal: Component, report: Report) -> None:
    for required, example in (("VERSION", "VERSION:2.0"), ("PRODID", "PRODID:-//Org//App//EN")):
        if cal.get(required) is None:
            report.add(cal.line, f"missing-{required.lower()}",
                       _("VCALENDAR has no {required}").format(required=required),
                       _("add {example} right after BEGIN:VCALENDAR (RFC 5545 section "
                         "3.6)").format(example=example))
    zones = [n for n in cal.components if n.name == "VTIMEZONE"]
    defined = {p.value for z in zones for p in z.all("TZID")}
    for zone in zones:
        check_vtimezone(zone, report)

    first_use: dict[str, int] = {}
    for node in cal.walk(skip="VTIMEZONE"):
        for prop in node.properties:
            tzid = prop.param("TZID")
            if tzid is not None and tzid not in defined:
                first_use.setdefault(tzid, prop.line)
    for tzid, line in first_use.items():
        report.add(line, "missing-vtimezone", _('TZID "{tzid}" has no VTIMEZONE').format(tzid=tzid),
                   _("add a VTIMEZONE with TZID:{tzid} (RFC 5545 section 3.2.19 requires "
                     "one per TZID); without it Outlook and others fall back to UTC or "
                     "guess").format(tzid=tzid))

    # Google's X-WR-TIMEZONE places floating times (Overlap's import applies it too);
    # a value that is no zone makes the import refuse the file.
    placed = False
    xwr = cal.get("X-WR-TIMEZONE")
    if xwr is not None:
        placed = _zone(xwr.value) is not None
        if not placed:
            report.add(xwr.line, "bad-x-wr-timezone",
                       _("X-WR-TIMEZONE {value} is not a time zone").format(value=short(xwr.value)),
                       _("write an IANA zone such as X-WR-TIMEZONE:Europe/Berlin"))

    method_prop = cal.get("METHOD")
    method = method_prop.value.strip().upper() if method_prop is not None else None
    seen_uids: dict[tuple[str, str | None], int] = {}
    for node in cal.walk(skip="VTIMEZONE"):
        if node.name not in _WITH_UID:
            continue
        check_identity(node, seen_uids, report)
        if node.name == "VEVENT":
            check_event(node, report)
        if node.name in ("VEVENT", "VTODO", "VJOURNAL"):
            check_times(node, report, floating_placed=placed)
        if method is not None:
            check_method(node, method, report)


def check_identity(node: Component, seen: dict[tuple[str, str | None], int],
                   report: Report) -> None:
    uid = node.get("UID")
    if uid is None:
        report.add(node.line, "missing-uid", _("{name} has no UID").format(name=node.name),
                   _("add a UID that stays the same when the event is exported again, so "
                     "re-importing updates instead of duplicating (RFC 5545 section 3.8.4.7)"))
    else:
        rid = node.get("RECURRENCE-ID")
        key = (uid.value, rid.value if rid is not None else None)
        if key in seen:
            what = _("and RECURRENCE-ID ") if rid is not None else _("without RECURRENCE-ID ")
            report.add(uid.line, "duplicate-uid",
                       _('UID "{uid}" {what}was already used on line '
                         "{line}").format(uid=short(uid.value), what=what, line=seen[key]),
                       _("give each event its own UID; only overrides of one recurring event "
                         "share a UID, and each of those has a distinct RECURRENCE-ID"))
        else:
            seen[key] = uid.line
    if node.get("DTSTAMP") is None:
        report.add(node.line, "missing-dtstamp", _("{name} has no DTSTAMP").format(name=node.name),
                   _("add DTSTAMP with the UTC time the file was written, e.g. "
                     "DTSTAMP:20260301T120000Z (RFC 5545 section 3.8.7.2)"))


def check_event(node: Component, report: Report) -> None:
    """What makes readers refuse an event or disagree about when it is (RFC 5545 3.6.1)."""
    if node.get("DTSTART") is None:
        report.add(node.line, "missing-dtstart", _("VEVENT has no DTSTART"),
                   _("add DTSTART with the event's start; RFC 5545 section 3.6.1 requires one, "
                     "and importers (Overlap's among them) refuse the event without it"))
    for first, again in node.repeated():
        report.add(again.line, "duplicate-property",
                   _("{name} is given a second time (first on line "
                     "{line})").format(name=again.name, line=first.line),
                   _("keep one {name}: RFC 5545 section 3.6.1 allows it once per event, and "
                     "readers pick different ones or refuse the file").format(name=again.name))
    if node.get("DTEND") is not None and node.get("DURATION") is not None:
        report.add(node.line_of("DURATION"), "dtend-and-duration",
                   _("the event has both DTEND and DURATION"),
                   _("keep one of them (RFC 5545 section 3.6.1); readers disagree on which wins"))
    start, end = node.get("DTSTART"), node.get("DTEND")
    if start is not None and end is not None:
        a, b = _when(start), _when(end)
        if a is not None and b is not None and (a.tzinfo is None) == (b.tzinfo is None) \
                and b < a:
            report.add(end.line, "dtend-before-dtstart",
                       _("DTEND {end} is before DTSTART {start}").format(end=end.value,
                                                                         start=start.value),
                       _("swap them or correct the end: RFC 5545 section 3.8.2.2 requires DTEND "
                         "after DTSTART; clients show nothing, a zero-length or a backwards event"))
    for rule in node.all("RRULE"):
        for reason in recur_problems(rule.value):
            report.add(rule.line, "bad-rrule", f"RRULE: {reason}",
                       _("write the rule as RFC 5545 section 3.3.10 does, e.g. "
                         "RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z; importers refuse the file"))
        parts = recur_parts(rule.value)
        if "UNTIL" in parts and "COUNT" in parts:
            report.add(rule.line, "rrule-until-and-count",
                       _("the RRULE has both UNTIL and COUNT"),
                       _("keep one (RFC 5545 section 3.3.10 forbids both); most readers stop at "
                         "whichever comes first, some at one of them only"), "warning")


def check_times(node: Component, report: Report, *, floating_placed: bool = False) -> None:
    start = node.get("DTSTART")
    start_kind = kind(start, report) if start is not None else None
    if node.name == "VEVENT":
        end = node.get("DTEND")
        end_kind = kind(end, report) if end is not None else None
        for prop, prop_kind in ((start, start_kind), (end, end_kind)):
            if prop is not None and prop_kind == ("floating", None) and not floating_placed:
                report.add(prop.line, "floating-time",
                           _("{name} {value} has neither a TZID nor a trailing Z, "
                             "so every client shows it at that wall time in its "
                             "own zone").format(name=prop.name, value=prop.value),
                           _("write {name};TZID=Area/City:{value} with a VTIMEZONE, or the UTC "
                             "time with a trailing Z").format(name=prop.name,
                                                              value=prop.value), "warning")
    if start is None or start_kind is None:
        return
    for rrule in node.all("RRULE"):
        if not recur_problems(rrule.value):
            check_until(rrule, start_kind, report)
    for exdate in node.all("EXDATE"):
        exdate_kind = kind(exdate, report)
        if exdate_kind is None:
            continue
        # RFC 5545 3.8.5.1 asks for DTSTART's value type: a date against a date-time
        # excludes nothing in most clients.  A UTC or other-zone EXDATE names the same
        # instant and is allowed; a floating one against a zoned start is read in
        # different zones by different clients.
        if (exdate_kind[0] == "date") != (start_kind[0] == "date"):
            report.add(exdate.line, "exdate-mismatch",
                       _("EXDATE is {exdate_form} but DTSTART is {start_form}; clients that "
                         "compare them literally keep the occurrence").format(
                             exdate_form=_describe(exdate_kind), start_form=_describe(start_kind)),
                       _("write EXDATE in the same form as DTSTART: "
                         "{example}").format(example=_example(start_kind)))
        elif (exdate_kind[0] == "floating") != (start_kind[0] == "floating") \
                and start_kind[0] != "date":
            report.add(exdate.line, "exdate-floating",
                       _("EXDATE is {exdate_form} but DTSTART is {start_form}; clients read the "
                         "floating one in different zones").format(
                         exdate_form=_describe(exdate_kind),
                         start_form=_describe(start_kind)), _("write EXDATE "
                                            "as {example}").format(example=_example(start_kind)),
                       "warning")


def _zone(tzid: str) -> ZoneInfo | None:
    """The zone a TZID or X-WR-TIMEZONE names (an IANA key or a Windows name), if any."""
    from planner.ics.busy_import import windows_zone

    text = tzid.strip().strip('"')
    for key in (text, windows_zone(text)):
        if key:
            try:
                return ZoneInfo(key)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def _when(prop: Property) -> datetime | None:
    """A DTSTART/DTEND as a datetime to compare: aware for UTC and known zones, naive
    for floating times and dates (midnight); None when it cannot be placed."""
    value = prop.value.strip()
    try:
        if _DATE.fullmatch(value):
            return datetime.combine(date(int(value[:4]), int(value[4:6]), int(value[6:])),
                                    time())
        if not _DATE_TIME.fullmatch(value):
            return None
        naive = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")  # noqa: DTZ007
    except ValueError:
        return None
    if value.endswith("Z"):
        return naive.replace(tzinfo=UTC)
    tzid = prop.param("TZID")
    if tzid is None:
        return naive
    zone = _zone(tzid)
    return naive.replace(tzinfo=zone).astimezone(UTC) if zone is not None else None


def check_until(rrule: Property, start_kind: Kind, report: Report) -> None:
    until = recur_parts(rrule.value).get("UNTIL")
    if until is None:
        return
    what, _tzid = start_kind
    is_date = _DATE.fullmatch(until) is not None
    if what in ("local", "utc") and is_date:
        report.add(rrule.line, "until-value-type",
                   _("UNTIL={until} is a date but DTSTART is {start_form}").format(until=until,
                                                       start_form=_describe(start_kind)),
                   _("RFC 5545 section 3.3.10 requires UNTIL to have DTSTART's value type, here a "
                     "UTC date-time: the last occurrence's start in UTC with Z, e.g. "
                     "UNTIL=20261231T080000Z; clients end the series on different days"))
    elif what in ("local", "utc") and not until.endswith("Z"):
        report.add(rrule.line, "until-not-utc",
                   _("UNTIL={until} is not in UTC although DTSTART is "
                     "{start_form}").format(until=until, start_form=_describe(start_kind)),
                   _("RFC 5545 section 3.3.10 requires UNTIL in UTC here: convert the last "
                     "occurrence's start to UTC and add Z, e.g. UNTIL=20261231T080000Z"))
    elif what == "date" and not is_date:
        report.add(rrule.line, "until-value-type",
                   _("UNTIL={until} is a date-time but DTSTART is a date").format(until=until),
                   _("write UNTIL as a date (YYYYMMDD) like DTSTART (RFC 5545 section 3.3.10)"))
    elif what == "floating" and until.endswith("Z"):
        report.add(rrule.line, "until-not-utc",
                   _("UNTIL={until} is in UTC but DTSTART is a floating time").format(until=until),
                   _("give DTSTART a TZID (then UTC UNTIL is right) or drop the Z (RFC 5545 "
                     "section 3.3.10)"))


def kind(prop: Property, report: Report) -> Kind | None:
    """How a date property is written: date, utc, local (with its TZID) or floating."""
    values = [v.strip() for v in prop.value.split(",")]
    value_type = (prop.param("VALUE") or "").upper()
    if value_type == "PERIOD" or any("/" in v for v in values):
        return None  # RDATE-only form, not compared
    kinds: set[Kind] = set()
    for v in values:
        if _DATE.fullmatch(v):
            kinds.add(("date", None))
        elif _DATE_TIME.fullmatch(v):
            tzid = prop.param("TZID")
            if v.endswith("Z"):
                kinds.add(("utc", None))
            else:
                kinds.add(("local", tzid) if tzid is not None else ("floating", None))
        else:
            report.add(prop.line, "bad-value",
                       _("{name} value {value} is not a date or "
                         "date-time").format(name=prop.name, value=short(v)),
                       _("write YYYYMMDD or YYYYMMDDTHHMMSS (optionally with Z) (RFC 5545 "
                         "sections 3.3.4 and 3.3.5)"))
            return None
    if len(kinds) != 1:
        return None
    return kinds.pop()


def check_method(node: Component, method: str, report: Report) -> None:
    if method == "REQUEST":
        if node.get("ORGANIZER") is None:
            report.add(node.line, "method-request-organizer",
                       _("METHOD:REQUEST but the {name} has no ORGANIZER").format(name=node.name),
                       _("add ORGANIZER:mailto:you@example.org; RFC 5546 section 3.2.2 requires "
                         "it and clients reject or mangle the invite without one"))
        if node.get("ATTENDEE") is None:
            report.add(node.line, "method-request-attendee",
                       _("METHOD:REQUEST but the {name} has no ATTENDEE").format(name=node.name),
                       _("add an ATTENDEE per invitee, or use METHOD:PUBLISH for a plain calendar "
                         "(RFC 5546 section 3.2.2)"))
    elif method == "PUBLISH":
        attendee = node.get("ATTENDEE")
        if attendee is not None:
            report.add(attendee.line, "method-publish-attendee",
                       _("METHOD:PUBLISH with ATTENDEE: Outlook turns it into a meeting request "
                         "from whoever imports it"),
                       _("drop the ATTENDEE lines, or send METHOD:REQUEST with an ORGANIZER (RFC "
                         "5546 section 3.2.1)"))


def check_vtimezone(zone: Component, report: Report) -> None:
    tzid_prop = zone.get("TZID")
    subs = [c for c in zone.components if c.name in ("STANDARD", "DAYLIGHT")]
    if not subs:
        report.add(zone.line, "bad-vtimezone", _("VTIMEZONE has no STANDARD or DAYLIGHT part"),
                   _("add at least one STANDARD component (RFC 5545 section 3.6.5)"))
        return
    if any(s.get("RRULE") is not None for s in subs):
        return
    rdates = sum(len(p.value.split(",")) for s in subs for p in s.all("RDATE"))
    years: set[int] = set()
    for s in subs:
        if s.name != "DAYLIGHT":
            continue
        for prop in s.all("DTSTART") + s.all("RDATE"):
            years.update(int(v[:4]) for v in prop.value.split(",") if v[:4].isdigit())
    if len(years) < 2:
        return
    tzid = tzid_prop.value if tzid_prop is not None else ""
    if _has_yearly_rules(tzid, min(years), max(years)) is False:
        return  # the zone really is irregular in those years (Morocco)
    form = _("{rdates} RDATE dates").format(rdates=rdates) if rdates else _("{n_subs} one-off "
                                                    "components").format(n_subs=len(subs))
    report.add(zone.line, "vtimezone-rdate",
               _('VTIMEZONE "{tzid}" lists daylight saving as {form} instead of a yearly '
                 "RRULE; Thunderbird ignores its DST and Outlook has been reported to "
                 "mis-read it").format(tzid=tzid, form=form),
               _("replace it with an RRULE-style definition (one STANDARD and one DAYLIGHT with "
                 "RRULE:FREQ=YEARLY;...), as planner.ics.vtimezone writes"), "warning")


@cache
def _has_yearly_rules(tzid: str, first_year: int, last_year: int) -> bool | None:
    """Whether an IANA zone's DST follows a yearly rule somewhere in the years.

    None when the TZID is not a zone we know: the caller then assumes DST in
    several years is regular.
    """
    first_year, last_year = max(first_year, 1970), min(last_year, 2100)
    if first_year > last_year:
        return None
    try:
        tz = vtimezone(tzid.strip("/"), first_year, last_year)
    except (InputError, ValueError):
        return None
    return any("RRULE" in sub for sub in tz.subcomponents)


def _describe(kind: Kind) -> str:
    what, tzid = kind
    return {
        "date": "a date",
        "utc": _("a UTC time"),
        "local": _('a local time in TZID "{tzid}"').format(tzid=tzid),
        "floating": _("a floating time"),
    }[what]


def _example(kind: Kind) -> str:
    what, tzid = kind
    return {
        "date": "EXDATE;VALUE=DATE:20260309",
        "utc": "EXDATE:20260309T080000Z",
        "local": f"EXDATE;TZID={tzid}:20260309T090000",
        "floating": "EXDATE:20260309T090000",
    }[what]
