"""An interoperability linter for iCalendar files (ours or anyone's).

``lint_ics(data)`` reads raw bytes and reports what makes calendar clients
disagree about a file: line ends and folding (RFC 5545 section 3.1), TZIDs
without a ``VTIMEZONE`` (3.2.19), RDATE-list ``VTIMEZONE``s that Thunderbird
and Outlook mis-read, ``UNTIL`` and ``EXDATE`` in a different form from
``DTSTART`` (3.3.10, 3.8.5.1), floating times, ``METHOD`` without the
properties RFC 5546 requires, and missing or duplicate ``UID``/``DTSTAMP``.

It parses the file itself, leniently and line by line, so every finding
carries the physical line where the content line starts, and it never
raises: a file it cannot make sense of is itself a finding.  icalendar is
run as a second parser so that whatever the importer would choke on is
reported too.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import icalendar

from planner.errors import InputError, Problem
from planner.ics.vtimezone import vtimezone

__all__ = ["Finding", "Severity", "lint_ics"]

Severity = Literal["error", "warning"]

_MAX_OCTETS = 75  # RFC 5545 section 3.1
_MAX_PER_CODE = 20  # a broken generator repeats one mistake thousands of times
_WITH_UID = ("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY")  # RFC 5545 3.6.1-3.6.4
_NAME = re.compile(r"[A-Za-z0-9-]+")
_DATE = re.compile(r"\d{8}")
_DATE_TIME = re.compile(r"\d{8}T\d{6}Z?")


@dataclass(frozen=True, slots=True)
class Finding:
    """One interop problem in a calendar file."""

    line: int | None  # 1-based physical line where the content line starts
    code: str  # stable identifier, e.g. "until-not-utc"
    message: str
    fix: str
    severity: Severity = "error"
    path: str | None = None

    def to_problem(self) -> Problem:
        return Problem(self.message, path=self.path, line=self.line, field=self.code,
                       suggestion=self.fix, severity=self.severity)

    def __str__(self) -> str:
        """``path:line: code: message — fix``, like a compiler diagnostic."""
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        head = f"{where}: " if where else ""
        label = "warning" if self.severity == "warning" else "error"
        return f"{head}{label}: {self.code}: {self.message} — {self.fix}"


# --- lenient parsing -------------------------------------------------------------


@dataclass(slots=True)
class _Prop:
    name: str  # upper-case
    params: dict[str, list[str]]  # upper-case keys
    value: str
    line: int

    def param(self, key: str) -> str | None:
        values = self.params.get(key)
        return values[0] if values else None


@dataclass(slots=True)
class _Node:
    name: str
    line: int
    props: list[_Prop] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def get(self, name: str) -> _Prop | None:
        return next((p for p in self.props if p.name == name), None)

    def all(self, name: str) -> list[_Prop]:
        return [p for p in self.props if p.name == name]


def _walk(node: _Node, skip: str | None = None) -> Iterator[_Node]:
    """Depth-first, iteratively: garbage can nest deeper than the recursion limit."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.name == skip:
            continue
        yield n
        stack.extend(reversed(n.children))


class _Linter:
    def __init__(self, data: bytes, path: str | None):
        self.data = data
        self.path = path
        self.findings: list[Finding] = []
        self.lines: list[tuple[int, str]] = []  # unfolded content lines
        self.roots: list[_Node] = []
        self._index: tuple[dict[str, int], dict[tuple[str | None, str], int],
                           dict[str, int]] | None = None

    def add(self, line: int | None, code: str, message: str, fix: str,
            severity: Severity = "error") -> None:
        self.findings.append(Finding(line, code, message, fix, severity, self.path))

    # physical lines, endings, folding

    def read_lines(self) -> None:
        # Any of CRLF, LF or CR ends a physical line, so line numbers match
        # what an editor shows whatever the file uses.
        chunks = re.split(rb"(\r\n|\n|\r)", self.data)
        bare_lf: list[int] = []
        bare_cr: list[int] = []
        long_lines: list[int] = []
        split_utf8: list[int] = []
        pieces: list[tuple[int, bytearray]] = []
        last_piece_line = 0  # the physical line the last content line has reached
        for i in range(0, len(chunks), 2):
            number = i // 2 + 1
            body = chunks[i]
            ending = chunks[i + 1] if i + 1 < len(chunks) else b""
            if ending == b"\n":
                bare_lf.append(number)
            elif ending == b"\r":
                bare_cr.append(number)
            elif not ending and body:
                self.add(number, "line-ending", "the last line has no line end",
                         "end every line, the last one too, with CRLF (RFC 5545 section 3.1)",
                         "warning")
            if len(body) > _MAX_OCTETS:
                long_lines.append(number)
            if body[:1] in (b" ", b"\t") and pieces:
                prev = pieces[-1][1]
                resumed = body[1] if len(body) > 1 else None
                if resumed is not None and 0x80 <= resumed <= 0xBF \
                        and _ends_mid_character(bytes(prev[-4:])):
                    split_utf8.append(last_piece_line)
                prev.extend(body[1:])
                last_piece_line = number
            elif body:
                pieces.append((number, bytearray(body)))
                last_piece_line = number
        if bare_lf:
            self.add(bare_lf[0], "line-ending",
                     f"{len(bare_lf)} line(s) end in a bare LF instead of CRLF",
                     "write every line end as CR LF (RFC 5545 section 3.1); "
                     "in Python open the file with newline='' and join lines with '\\r\\n'")
        if bare_cr:
            self.add(bare_cr[0], "line-ending",
                     f"{len(bare_cr)} line(s) end in a bare CR instead of CRLF",
                     "write every line end as CR LF (RFC 5545 section 3.1)")
        if long_lines:
            self.add(long_lines[0], "long-line",
                     f"{len(long_lines)} line(s) are longer than {_MAX_OCTETS} octets",
                     f"fold lines at {_MAX_OCTETS} octets: CRLF followed by one space "
                     "(RFC 5545 section 3.1); icalendar's to_ical() does this", "warning")
        for number in split_utf8:
            self.add(number, "fold-splits-utf8",
                     "a line fold splits a multi-byte UTF-8 character",
                     "fold before or after the whole character, never inside it; "
                     "several clients show a replacement character otherwise", "warning")
        bad_encoding: list[int] = []
        for number, raw_line in pieces:
            try:
                text = bytes(raw_line).decode("utf-8")
            except UnicodeDecodeError:
                bad_encoding.append(number)
                text = bytes(raw_line).decode("utf-8", errors="replace")
            self.lines.append((number, text))
        if bad_encoding:
            self.add(bad_encoding[0], "encoding",
                     f"{len(bad_encoding)} line(s) are not valid UTF-8",
                     "save the file as UTF-8, the charset RFC 5545 section 3.1.4 requires")

    # content lines and components

    def parse(self) -> None:
        stack: list[_Node] = []
        for number, text in self.lines:
            parsed = _parse_content_line(text)
            if parsed is None:
                self.add(number, "bad-line", f"not an iCalendar content line: {_short(text)}",
                         "each line must read NAME;PARAM=value:VALUE, folded lines must "
                         "start with a space")
                continue
            name, params, value = parsed
            if name in ("BEGIN", "END"):
                kind = value.strip().upper()
                if name == "BEGIN":
                    node = _Node(kind, number)
                    if stack:
                        stack[-1].children.append(node)
                    else:
                        self.roots.append(node)
                    stack.append(node)
                elif stack and stack[-1].name == kind:
                    stack.pop()
                elif any(n.name == kind for n in stack):
                    while stack[-1].name != kind:
                        open_node = stack.pop()
                        self.add(open_node.line, "bad-nesting",
                                 f"BEGIN:{open_node.name} is never closed",
                                 f"add END:{open_node.name} before line {number}")
                    stack.pop()
                else:
                    self.add(number, "bad-nesting", f"END:{kind} without a matching BEGIN",
                             f"remove this line or add BEGIN:{kind} before it")
                continue
            if not stack:
                self.add(number, "bad-nesting", f"{name} is outside any component",
                         "move it inside BEGIN:VCALENDAR ... END:VCALENDAR")
                continue
            stack[-1].props.append(_Prop(name, params, value, number))
        for open_node in stack:
            self.add(open_node.line, "bad-nesting", f"BEGIN:{open_node.name} is never closed",
                     f"add END:{open_node.name} at the end of the component")

    def second_parser(self) -> None:
        """What icalendar, the importer's parser, refuses."""
        text = self.data.decode("utf-8", errors="replace")
        reported = {f.line for f in self.findings}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                calendars = icalendar.Calendar.from_ical(text, multiple=True)
        except Exception as exc:  # any failure of the other parser is a finding
            line = self._line_of(str(exc))
            if line is None or line not in reported:
                self.add(line, "parse-error", f"icalendar cannot read the file: {exc}",
                         "fix the line named; importers built on icalendar reject the "
                         "whole file")
            return
        for cal in calendars:
            for component in cal.walk():
                for prop_name, message in getattr(component, "errors", []):
                    line = self._line_of(message, prop_name)
                    if line is not None and line in reported:
                        continue
                    where = f"{prop_name} in {component.name}" if prop_name else component.name
                    self.add(line, "parse-error", f"icalendar cannot read {where}: {message}",
                             "correct the value's syntax (RFC 5545 section 3.3); icalendar "
                             "drops or breaks this property on import")

    def _line_of(self, message: str, prop_name: str | None = None) -> int | None:
        """The line a parser message quotes, if any."""
        if self._index is None:
            whole: dict[str, int] = {}
            values: dict[tuple[str | None, str], int] = {}
            names: dict[str, int] = {}
            for number, text in self.lines:
                whole.setdefault(text, number)
                name = re.split(r"[;:]", text, maxsplit=1)[0].upper()
                names.setdefault(name, number)
                if ":" in text:
                    value = text.split(":", 1)[1]
                    values.setdefault((name, value), number)
                    values.setdefault((None, value), number)
            self._index = (whole, values, names)
        whole, values, names = self._index
        for quoted in re.findall(r"'([^']*)'", message):
            line = whole.get(quoted) or values.get((prop_name, quoted))
            if line is not None:
                return line
        return names.get(prop_name) if prop_name else None

    # checks on the tree

    def check(self) -> None:
        calendars = [r for r in self.roots if r.name == "VCALENDAR"]
        for cal in calendars:
            self.check_calendar(cal)

    def check_calendar(self, cal: _Node) -> None:
        for required, example in (("VERSION", "VERSION:2.0"), ("PRODID", "PRODID:-//Org//App//EN")):
            if cal.get(required) is None:
                self.add(cal.line, f"missing-{required.lower()}",
                         f"VCALENDAR has no {required}",
                         f"add {example} right after BEGIN:VCALENDAR (RFC 5545 section 3.6)")
        zones = [n for n in cal.children if n.name == "VTIMEZONE"]
        defined = {p.value for z in zones for p in z.all("TZID")}
        for zone in zones:
            self.check_vtimezone(zone)

        first_use: dict[str, int] = {}
        for node in _walk(cal, skip="VTIMEZONE"):
            for prop in node.props:
                tzid = prop.param("TZID")
                if tzid is not None and tzid not in defined:
                    first_use.setdefault(tzid, prop.line)
        for tzid, line in first_use.items():
            self.add(line, "missing-vtimezone", f'TZID "{tzid}" has no VTIMEZONE',
                     f"add a VTIMEZONE with TZID:{tzid} (RFC 5545 section 3.2.19 requires one "
                     "per TZID); without it Outlook and others fall back to UTC or guess")

        method_prop = cal.get("METHOD")
        method = method_prop.value.strip().upper() if method_prop is not None else None
        seen_uids: dict[tuple[str, str | None], int] = {}
        for node in _walk(cal, skip="VTIMEZONE"):
            if node.name not in _WITH_UID:
                continue
            self.check_identity(node, seen_uids)
            if node.name in ("VEVENT", "VTODO", "VJOURNAL"):
                self.check_times(node)
            if method is not None:
                self.check_method(node, method)

    def check_identity(self, node: _Node, seen: dict[tuple[str, str | None], int]) -> None:
        uid = node.get("UID")
        if uid is None:
            self.add(node.line, "missing-uid", f"{node.name} has no UID",
                     "add a UID that stays the same when the event is exported again, so "
                     "re-importing updates instead of duplicating (RFC 5545 section 3.8.4.7)")
        else:
            rid = node.get("RECURRENCE-ID")
            key = (uid.value, rid.value if rid is not None else None)
            if key in seen:
                what = "and RECURRENCE-ID " if rid is not None else "without RECURRENCE-ID "
                self.add(uid.line, "duplicate-uid",
                         f'UID "{_short(uid.value)}" {what}was already used on line {seen[key]}',
                         "give each event its own UID; only overrides of one recurring event "
                         "share a UID, and each of those has a distinct RECURRENCE-ID")
            else:
                seen[key] = uid.line
        if node.get("DTSTAMP") is None:
            self.add(node.line, "missing-dtstamp", f"{node.name} has no DTSTAMP",
                     "add DTSTAMP with the UTC time the file was written, e.g. "
                     "DTSTAMP:20260301T120000Z (RFC 5545 section 3.8.7.2)")

    def check_times(self, node: _Node) -> None:
        start = node.get("DTSTART")
        start_kind = self.kind(start) if start is not None else None
        if node.name == "VEVENT":
            end = node.get("DTEND")
            end_kind = self.kind(end) if end is not None else None
            for prop, kind in ((start, start_kind), (end, end_kind)):
                if prop is not None and kind == ("floating", None):
                    self.add(prop.line, "floating-time",
                             f"{prop.name} {prop.value} has neither a TZID nor a trailing Z, "
                             "so every client shows it at that wall time in its own zone",
                             f"write {prop.name};TZID=Area/City:{prop.value} with a VTIMEZONE, "
                             "or the UTC time with a trailing Z", "warning")
        if start is None or start_kind is None:
            return
        for rrule in node.all("RRULE"):
            self.check_until(rrule, start, start_kind)
        for exdate in node.all("EXDATE"):
            kind = self.kind(exdate)
            if kind is not None and kind != start_kind:
                self.add(exdate.line, "exdate-mismatch",
                         f"EXDATE is {_describe(kind)} but DTSTART is {_describe(start_kind)}; "
                         "clients that compare them literally keep the occurrence",
                         f"write EXDATE in the same form as DTSTART: {_example(start_kind)}")

    def check_until(self, rrule: _Prop, start: _Prop, start_kind: tuple[str, str | None]) -> None:
        parts = {key.strip().upper(): value for key, value in
                 (part.split("=", 1) for part in rrule.value.split(";") if "=" in part)}
        until = parts.get("UNTIL")
        if until is None:
            return
        until = until.strip()
        if not (_DATE.fullmatch(until) or _DATE_TIME.fullmatch(until)):
            self.add(rrule.line, "bad-value", f"UNTIL={_short(until)} is not a date or date-time",
                     "write UNTIL as YYYYMMDD or YYYYMMDDTHHMMSSZ (RFC 5545 section 3.3.10)")
            return
        kind, _ = start_kind
        if kind in ("local", "utc") and not until.endswith("Z"):
            self.add(rrule.line, "until-not-utc",
                     f"UNTIL={until} is not in UTC although DTSTART is "
                     f"{_describe(start_kind)}",
                     "RFC 5545 section 3.3.10 requires UNTIL in UTC here: convert the last "
                     "occurrence's start to UTC and add Z, e.g. UNTIL=20261231T080000Z")
        elif kind == "date" and not _DATE.fullmatch(until):
            self.add(rrule.line, "until-not-utc",
                     f"UNTIL={until} is a date-time but DTSTART is a date",
                     "write UNTIL as a date (YYYYMMDD) like DTSTART (RFC 5545 section 3.3.10)")
        elif kind == "floating" and until.endswith("Z"):
            self.add(rrule.line, "until-not-utc",
                     f"UNTIL={until} is in UTC but DTSTART is a floating time",
                     "give DTSTART a TZID (then UTC UNTIL is right) or drop the Z "
                     "(RFC 5545 section 3.3.10)")

    def kind(self, prop: _Prop) -> tuple[str, str | None] | None:
        """How a date property is written: date, utc, local (with its TZID) or floating."""
        values = [v.strip() for v in prop.value.split(",")]
        value_type = (prop.param("VALUE") or "").upper()
        if value_type == "PERIOD" or any("/" in v for v in values):
            return None  # RDATE-only form, not compared
        kinds: set[tuple[str, str | None]] = set()
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
                self.add(prop.line, "bad-value",
                         f"{prop.name} value {_short(v)} is not a date or date-time",
                         "write YYYYMMDD or YYYYMMDDTHHMMSS (optionally with Z) "
                         "(RFC 5545 sections 3.3.4 and 3.3.5)")
                return None
        if len(kinds) != 1:
            return None
        return kinds.pop()

    def check_method(self, node: _Node, method: str) -> None:
        if method == "REQUEST":
            if node.get("ORGANIZER") is None:
                self.add(node.line, "method-request-organizer",
                         f"METHOD:REQUEST but the {node.name} has no ORGANIZER",
                         "add ORGANIZER:mailto:you@example.org; RFC 5546 section 3.2.2 "
                         "requires it and clients reject or mangle the invite without one")
            if node.get("ATTENDEE") is None:
                self.add(node.line, "method-request-attendee",
                         f"METHOD:REQUEST but the {node.name} has no ATTENDEE",
                         "add an ATTENDEE per invitee, or use METHOD:PUBLISH for a plain "
                         "calendar (RFC 5546 section 3.2.2)")
        elif method == "PUBLISH":
            attendee = node.get("ATTENDEE")
            if attendee is not None:
                self.add(attendee.line, "method-publish-attendee",
                         "METHOD:PUBLISH with ATTENDEE: Outlook turns it into a meeting "
                         "request from whoever imports it",
                         "drop the ATTENDEE lines, or send METHOD:REQUEST with an ORGANIZER "
                         "(RFC 5546 section 3.2.1)")

    def check_vtimezone(self, zone: _Node) -> None:
        tzid_prop = zone.get("TZID")
        subs = [c for c in zone.children if c.name in ("STANDARD", "DAYLIGHT")]
        if not subs:
            self.add(zone.line, "bad-vtimezone", "VTIMEZONE has no STANDARD or DAYLIGHT part",
                     "add at least one STANDARD component (RFC 5545 section 3.6.5)")
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
        form = f"{rdates} RDATE dates" if rdates else f"{len(subs)} one-off components"
        self.add(zone.line, "vtimezone-rdate",
                 f'VTIMEZONE "{tzid}" lists daylight saving as {form} instead of a '
                 "yearly RRULE; Thunderbird ignores its DST and Outlook has been reported "
                 "to mis-read it",
                 "replace it with an RRULE-style definition (one STANDARD and one DAYLIGHT "
                 "with RRULE:FREQ=YEARLY;...), as planner.ics.vtimezone writes", "warning")


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


def _ends_mid_character(chunk: bytes) -> bool:
    """Whether the bytes end inside a multi-byte UTF-8 sequence."""
    for back in range(1, min(4, len(chunk)) + 1):
        byte = chunk[-back]
        if byte < 0x80:
            return False
        if byte >= 0xC0:  # a lead byte: how long should its sequence be?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return need > back
    return False


def _parse_content_line(text: str) -> tuple[str, dict[str, list[str]], str] | None:
    """NAME *(;PARAM=value) : VALUE (RFC 5545 section 3.1), or None."""
    match = _NAME.match(text)
    if match is None:
        return None
    name, i = match.group().upper(), match.end()
    params: dict[str, list[str]] = {}
    n = len(text)
    while i < n and text[i] == ";":
        pmatch = _NAME.match(text, i + 1)
        if pmatch is None:
            return None
        key, i = pmatch.group().upper(), pmatch.end()
        if i >= n or text[i] != "=":
            return None
        values: list[str] = []
        i += 1
        while True:
            if i < n and text[i] == '"':
                end = text.find('"', i + 1)
                if end < 0:
                    return None
                values.append(text[i + 1:end])
                i = end + 1
            else:
                start = i
                while i < n and text[i] not in ',;:"':
                    i += 1
                values.append(text[start:i])
            if i < n and text[i] == ",":
                i += 1
                continue
            break
        params[key] = values
    if i >= n or text[i] != ":":
        return None
    return name, params, text[i + 1:]


def _describe(kind: tuple[str, str | None]) -> str:
    what, tzid = kind
    return {
        "date": "a date",
        "utc": "a UTC time",
        "local": f'a local time in TZID "{tzid}"',
        "floating": "a floating time",
    }[what]


def _example(kind: tuple[str, str | None]) -> str:
    what, tzid = kind
    return {
        "date": "EXDATE;VALUE=DATE:20260309",
        "utc": "EXDATE:20260309T080000Z",
        "local": f"EXDATE;TZID={tzid}:20260309T090000",
        "floating": "EXDATE:20260309T090000",
    }[what]


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cap(findings: list[Finding]) -> list[Finding]:
    """At most _MAX_PER_CODE findings of one code, then one line counting the rest."""
    kept: list[Finding] = []
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
        if counts[f.code] <= _MAX_PER_CODE:
            kept.append(f)
    for code, count in counts.items():
        if count > _MAX_PER_CODE:
            first = next(f for f in findings if f.code == code)
            kept.append(Finding(None, code, f"... and {count - _MAX_PER_CODE} more like this",
                                f"fix each like the {code} findings listed above",
                                first.severity, first.path))
    return kept


def lint_ics(data: bytes, path: str | None = None) -> list[Finding]:
    """Interop problems in an iCalendar file, in line order; never raises.

    ``path`` is only carried into the findings for messages.
    """
    if isinstance(data, str):  # be forgiving about the caller, too
        data = data.encode("utf-8", errors="replace")
    linter = _Linter(bytes(data), path)
    try:
        linter.read_lines()
        if not any(text.upper().startswith("BEGIN:VCALENDAR") for _, text in linter.lines):
            first = linter.lines[0][0] if linter.lines else None
            return [Finding(first, "not-icalendar",
                            "no BEGIN:VCALENDAR: this is not an iCalendar file"
                            + ("" if linter.lines else " (it is empty)"),
                            "export the calendar as .ics (text/calendar)", "error", path)]
        linter.parse()
        linter.check()
        linter.second_parser()
    except Exception as exc:  # the linter's own bug must not hide the file's problems
        linter.add(None, "internal-error", f"the linter failed: {type(exc).__name__}: {exc}",
                   "please report this file; the findings above are still valid")
    ordered = sorted(linter.findings, key=lambda f: (f.line is None, f.line or 0, f.code))
    return _cap(ordered)
