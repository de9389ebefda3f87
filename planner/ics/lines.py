"""The one reader of iCalendar content lines (RFC 5545 section 3.1).

Everything in the planner that reads ``.ics`` octets line by line goes
through here: the busy-time importer, the holiday-feed reader, the linter and
the export's refolding.  What each of them does with a problem (an input
error, a finding) is theirs; how lines, folds, properties and components are
recognised is decided once, here.

* **Charset.** UTF-8 (3.1.4).  A leading UTF-8 byte order mark is dropped
  unless the caller keeps it (the linter reports what strict readers see).
* **Line ends.** CRLF is the standard (3.1); LF or CR alone also end a
  physical line, so line numbers match what an editor shows.
* **Folding.** A physical line that starts with a space or a tab continues
  the content line before it (3.1); empty physical lines are skipped.
  Unfolding works on octets and decodes afterwards, so a fold inside a
  multi-octet UTF-8 character is restored ("implementations need to unfold
  lines in such a way to properly restore the original sequence").
* **Content lines.** ``name *(";" param) ":" value`` with ``param = name "="
  param-value *("," param-value)``, a param-value quoted or free of
  ``DQUOTE ; : ,`` (3.1); see :func:`parse_property` for the readings.
* **Components.** ``BEGIN:x`` ... ``END:x`` nest (3.4, 3.6); :func:`nest`
  builds the tree and says where the nesting is broken and how it recovered.
* **Quoted lines.** Parsers name a bad line by quoting it;
  :class:`LineIndex` finds the physical line a message quotes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Component",
    "ContentLine",
    "LineIndex",
    "Lines",
    "ONCE_IN_EVENT",
    "Misnesting",
    "PhysicalLine",
    "Property",
    "Structure",
    "Syntax",
    "nest",
    "parse_property",
    "read_lines",
]

_LINE_END = re.compile(rb"(\r\n|\n|\r)")
_FOLD = (b" ", b"\t")
# RFC 5545 3.1: iana-token and x-name are ALPHA / DIGIT / "-".
_NAME = re.compile(r"[A-Za-z0-9-]+")
_TOLERANT_NAME = re.compile(r"[A-Za-z0-9_-]+")  # some feed exporters write underscores
_QUOTED = re.compile(r"'([^']*)'")


# --- physical and content lines ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhysicalLine:
    """One line as the file stores it."""

    number: int  # 1-based
    octets: int  # length without the line end
    ending: str  # "\r\n", "\n", "\r", or "" for a last line without an end


@dataclass(frozen=True, slots=True)
class ContentLine:
    """One unfolded content line."""

    line: int  # the physical line it starts on
    text: str  # decoded; octets that are not UTF-8 read as U+FFFD
    bad_utf8: int | None = None  # the physical line of the first octet that is not UTF-8

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def continues_nothing(self) -> bool:
        """A continuation line at the start of the file, with nothing to continue."""
        return self.text[:1] in (" ", "\t")


@dataclass(frozen=True, slots=True)
class Lines:
    """A file read into content lines, with what the reading found on the way."""

    content: tuple[ContentLine, ...]
    physical: tuple[PhysicalLine, ...]
    bom: bool  # the data started with a UTF-8 byte order mark
    split_utf8: tuple[int, ...]  # physical lines whose fold cuts a UTF-8 character

    @property
    def bad_utf8(self) -> int | None:
        """The physical line of the first octet that is not UTF-8, or None."""
        return next((c.bad_utf8 for c in self.content if c.bad_utf8 is not None), None)

    def text(self) -> str:
        """The content lines unfolded, one per CRLF line (what a parser is given)."""
        return "".join(c.text + "\r\n" for c in self.content)


def read_lines(data: bytes | str, *, keep_bom: bool = False) -> Lines:
    """Physical lines, unfolded content lines and the physical line each starts on.

    Never raises: octets that are not UTF-8 are marked on their content line.
    A ``str`` is encoded as UTF-8 first.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", errors="replace")
    bom = data.startswith(codecs.BOM_UTF8)
    if bom and not keep_bom:
        data = data[len(codecs.BOM_UTF8):]
    chunks = _LINE_END.split(data)
    physical: list[PhysicalLine] = []
    split_utf8: list[int] = []
    # Each content line as octets, with the physical line every piece of it came from
    # (offset into the octets, line number), to name the line of a bad octet.
    pieces: list[tuple[bytearray, list[tuple[int, int]]]] = []
    last_line = 0  # the physical line the last content line has reached
    for i in range(0, len(chunks), 2):
        number = i // 2 + 1
        body = chunks[i]
        ending = chunks[i + 1].decode("ascii") if i + 1 < len(chunks) else ""
        physical.append(PhysicalLine(number, len(body), ending))
        if body[:1] in _FOLD and pieces:
            octets, starts = pieces[-1]
            resumed = body[1] if len(body) > 1 else None
            if resumed is not None and 0x80 <= resumed <= 0xBF \
                    and _ends_mid_character(bytes(octets[-4:])):
                split_utf8.append(last_line)
            starts.append((len(octets), number))
            octets.extend(body[1:])
            last_line = number
        elif body:
            pieces.append((bytearray(body), [(0, number)]))
            last_line = number
    content = tuple(_decode(bytes(octets), starts) for octets, starts in pieces)
    return Lines(content, tuple(physical), bom, tuple(split_utf8))


def _decode(octets: bytes, starts: list[tuple[int, int]]) -> ContentLine:
    first = starts[0][1]
    try:
        return ContentLine(first, octets.decode("utf-8"))
    except UnicodeDecodeError as e:
        bad = next(number for offset, number in reversed(starts) if offset <= e.start)
        return ContentLine(first, octets.decode("utf-8", errors="replace"), bad)


def _ends_mid_character(chunk: bytes) -> bool:
    """Whether the octets end inside a multi-octet UTF-8 sequence."""
    for back in range(1, min(4, len(chunk)) + 1):
        byte = chunk[-back]
        if byte < 0x80:
            return False
        if byte >= 0xC0:  # a lead byte: how long should its sequence be?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return need > back
    return False


# --- properties ----------------------------------------------------------------------

Syntax = Literal["strict", "tolerant", "lenient"]


@dataclass(frozen=True, slots=True)
class Property:
    """One content line split into name, parameters and value."""

    name: str  # upper-case
    params: tuple[tuple[str, tuple[str, ...]], ...]  # upper-case names, values unquoted
    value: str
    line: int  # the physical line the content line starts on

    def param(self, key: str) -> str | None:
        """The (first) value of a parameter, or None; a repeated one counts last, as in
        icalendar."""
        found = [values for name, values in self.params if name == key and values]
        return found[-1][0] if found else None


def parse_property(line: ContentLine, syntax: Syntax = "strict") -> Property | None:
    """A content line as a property (RFC 5545 section 3.1), or None when it is not one.

    ``strict`` is the RFC's grammar.  ``tolerant`` also takes "_" in names.
    ``lenient`` takes a name followed by ";" or ":" and a value after the first
    ":" outside quotes, as icalendar does; parameters it cannot split are left
    out (busy calendars come from many generators, and icalendar reads them).
    """
    strict = _split(line.text, _TOLERANT_NAME if syntax == "tolerant" else _NAME)
    if strict is not None:
        name, params, value = strict
        return Property(name, params, value, line.line)
    if syntax != "lenient":
        return None
    match = _NAME.match(line.text)
    rest = line.text[match.end():] if match else ""
    if match is None or not rest or rest[0] not in ";:" or ":" not in rest:
        return None
    return Property(match.group().upper(), (), _after_colon(rest), line.line)


def _split(text: str, names: re.Pattern[str]
           ) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...], str] | None:
    match = names.match(text)
    if match is None:
        return None
    name, i = match.group().upper(), match.end()
    params: list[tuple[str, tuple[str, ...]]] = []
    n = len(text)
    while i < n and text[i] == ";":
        pmatch = names.match(text, i + 1)
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
        params.append((key, tuple(values)))
    if i >= n or text[i] != ":":
        return None
    return name, tuple(params), text[i + 1:]


def _after_colon(rest: str) -> str:
    """The value after the first colon that is not inside a quoted parameter."""
    quoted = False
    for i, ch in enumerate(rest):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return rest[i + 1:]
    return ""


# --- components ----------------------------------------------------------------------

# RFC 5545 3.6.1: of the properties a VEVENT MUST NOT hold more than once, those
# that say which event it is and when; readers disagree on a second one (or crash).
ONCE_IN_EVENT = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")


@dataclass(frozen=True, slots=True)
class Component:
    """A ``BEGIN:x`` ... ``END:x`` block: its own properties and the components in it."""

    name: str  # upper-case
    line: int  # the BEGIN line
    properties: tuple[Property, ...]
    components: tuple[Component, ...]

    def get(self, name: str) -> Property | None:
        """The first property of that name, or None."""
        return next((p for p in self.properties if p.name == name), None)

    def all(self, name: str) -> tuple[Property, ...]:
        return tuple(p for p in self.properties if p.name == name)

    def repeated(self, names: Iterable[str] = ONCE_IN_EVENT) -> tuple[tuple[Property, Property],
                                                                      ...]:
        """(first, repeat) for every property of ``names`` met again, in file order."""
        first: dict[str, Property] = {}
        out: list[tuple[Property, Property]] = []
        wanted = set(names)
        for p in self.properties:
            if p.name in wanted:
                if p.name in first:
                    out.append((first[p.name], p))
                else:
                    first[p.name] = p
        return tuple(out)

    def line_of(self, name: str | None) -> int:
        """The line of the first property of that name (any case), else the BEGIN line:
        where a problem with the property, or the component, is shown."""
        found = self.get(name.upper()) if name else None
        return found.line if found is not None else self.line

    def walk(self, skip: str | None = None) -> Iterator[Component]:
        """This component and all inside it, depth first in file order, leaving out
        the components named ``skip`` (and what is inside them).

        Iterative: garbage can nest deeper than the recursion limit.
        """
        stack = [self]
        while stack:
            c = stack.pop()
            if c.name == skip:
                continue
            yield c
            stack.extend(reversed(c.components))


@dataclass(frozen=True, slots=True)
class Misnesting:
    """Where BEGIN/END nesting is broken, and how :func:`nest` went on.

    * ``outside``: the property ``name`` on ``line`` is in no component.
    * ``stray-end``: ``END:name`` on ``line`` closes nothing that is open; it
      is ignored.  ``inside`` is the innermost open component then, if any.
    * ``unclosed``: ``BEGIN:name`` on ``line`` has no END.  It is closed by
      ``END:closed_by`` on line ``at`` (which closes a component around it),
      or at the end of the file (``at`` None).
    """

    problem: Literal["outside", "stray-end", "unclosed"]
    name: str
    line: int
    at: int | None = None
    inside: tuple[str, int] | None = None  # (name, BEGIN line)
    closed_by: str = ""


@dataclass(frozen=True, slots=True)
class Structure:
    """The component tree of a file and what is wrong with its nesting, in file order."""

    roots: tuple[Component, ...]
    misnested: tuple[Misnesting, ...]

    def walk(self) -> Iterator[Component]:
        """Every component, depth first in file order (the order of their BEGIN lines)."""
        for root in self.roots:
            yield from root.walk()


@dataclass
class _Open:
    name: str
    line: int
    properties: list[Property] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)

    def close(self) -> Component:
        return Component(self.name, self.line, tuple(self.properties), tuple(self.components))


def nest(properties: Iterable[Property]) -> Structure:
    """The components that ``BEGIN``/``END`` properties make (RFC 5545 3.4, 3.6).

    Every ``BEGIN`` makes a component, closed or not.  An ``END`` that names
    a component further out also closes the ones inside it; an ``END`` that
    names nothing open is ignored; so is (for the tree) a property outside any
    component.  Each of these is a :class:`Misnesting`, in the order met.
    """
    roots: list[Component] = []
    misnested: list[Misnesting] = []
    stack: list[_Open] = []

    def close() -> None:
        done = stack.pop().close()
        (stack[-1].components if stack else roots).append(done)

    for prop in properties:
        if prop.name in ("BEGIN", "END"):
            kind = prop.value.strip().upper()
            if prop.name == "BEGIN":
                stack.append(_Open(kind, prop.line))
            elif stack and stack[-1].name == kind:
                close()
            elif any(o.name == kind for o in stack):
                while stack[-1].name != kind:
                    inner = stack[-1]
                    misnested.append(Misnesting("unclosed", inner.name, inner.line,
                                                at=prop.line, closed_by=kind))
                    close()
                close()
            else:
                inside = (stack[-1].name, stack[-1].line) if stack else None
                misnested.append(Misnesting("stray-end", kind, prop.line, at=prop.line,
                                            inside=inside))
        elif stack:
            stack[-1].properties.append(prop)
        else:
            misnested.append(Misnesting("outside", prop.name, prop.line, at=prop.line))
    at_end = [Misnesting("unclosed", o.name, o.line) for o in stack]
    while stack:
        close()
    return Structure(tuple(roots), (*misnested, *at_end))


# --- the line a message quotes -------------------------------------------------------


class LineIndex:
    """Finds the physical line that a parser's message quotes.

    icalendar and the recurrence expander name a bad line by quoting it
    ("... parts: 'junk': ...") but give no line number.  Built once per file:
    a broken generator can make thousands of such messages.
    """

    def __init__(self, lines: Sequence[ContentLine]):
        self._lines = lines
        self._whole: dict[str, int] = {}
        self._values: dict[tuple[str | None, str], int] = {}
        self._names: dict[str, int] = {}
        for c in lines:
            self._whole.setdefault(c.text, c.line)
            name = re.split(r"[;:]", c.text, maxsplit=1)[0].upper()
            self._names.setdefault(name, c.line)
            if ":" in c.text:
                value = _after_colon(c.text)
                self._values.setdefault((name, value), c.line)
                self._values.setdefault((None, value), c.line)

    def quoted(self, message: str, prop: str | None = None) -> int | None:
        """The line a message quotes, else the first line of ``prop``, else None.

        A quote matches a whole content line or a value (of a ``prop`` line
        when given); failing that, the first line of ``prop``; failing that,
        the first line that contains a quote of three or more characters.
        """
        quotes = _QUOTED.findall(message)
        for q in quotes:
            line = self._whole.get(q) or self._values.get((prop.upper() if prop else None, q))
            if line is not None:
                return line
        if prop and prop.upper() in self._names:
            return self._names[prop.upper()]
        for q in quotes:
            q = q.strip()
            if len(q) >= 3:
                for c in self._lines:
                    if q in c.text:
                        return c.line
        return None
