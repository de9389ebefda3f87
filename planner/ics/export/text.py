"""Text that goes into an export: cleaned names, e-mail addresses, folded lines.

Names, the plan name and site names lose their control characters before they
reach a property (RFC 5545 3.3.11 allows none in TEXT but HTAB, and 3.2 none
in parameter values); icalendar escapes TEXT values, so nothing in a name can
start a new property.  E-mail addresses that would need escaping are refused.
Lines are CRLF and folded at 75 octets, never inside a UTF-8 sequence and,
when possible, not before a combining mark (RFC 5545 3.1).
"""

from __future__ import annotations

import re
import unicodedata

import icalendar

from planner.errors import InputError, Problem
from planner.i18n import _
from planner.ics.lines import read_lines

__all__ = ["MAX_OCTETS", "clean_text", "fold_content", "fold_line", "mailto", "param_text"]

MAX_OCTETS = 75  # RFC 5545 section 3.1
_EMAIL = re.compile(r"[^\x00-\x20\x7f<>\"(),;:\\\[\]@]+@[^\x00-\x20\x7f<>\"(),;:\\\[\]@]+")


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


def param_text(text: str) -> str:
    """A name for a parameter value (CN=...)."""
    # RFC 6868 would let icalendar escape a DQUOTE in a parameter, but many
    # clients do not decode ^' , so a name keeps its meaning with ' instead.
    return clean_text(text).replace('"', "'")


def mailto(address: str, field_: str) -> icalendar.vCalAddress:
    """A ``mailto:`` address, or InputError naming ``field_`` for one that cannot go in."""
    mail = address.strip()
    if not _EMAIL.fullmatch(mail):
        raise InputError(Problem(_('"{address}" is not an e-mail address that can go into an '
                                   "invitation").format(address=clean_text(mail)), field=field_,
                                 suggestion=_("write a plain address such as lena@example.com")))
    return icalendar.vCalAddress(f"mailto:{mail}")


def fold_line(line: str) -> list[bytes]:
    """One content line as physical lines of at most 75 octets (RFC 5545 3.1).

    Cuts only between characters, and prefers not to cut right before a
    combining mark (the vowel sign of "सुधा"), so a client that shows the raw
    lines still shows whole letters.
    """
    chunks: list[bytes] = []
    current = bytearray()
    limit = MAX_OCTETS
    letter = 0  # where the letter that ``current`` ends with starts
    for ch in line:
        encoded = ch.encode("utf-8")
        joins = unicodedata.category(ch)[0] == "M" or ch == "\u200d"
        while len(current) + len(encoded) > limit:
            cut = letter if joins and letter > 0 else len(current)
            chunks.append(bytes(current[:cut]))
            current = current[cut:]
            limit = MAX_OCTETS - 1  # a continuation line starts with a space
            letter = 0
            joins = False  # the letter now starts the line: cut anywhere if still too long
        if unicodedata.category(ch)[0] != "M" and ch != "\u200d":
            letter = len(current)
        current.extend(encoded)
    chunks.append(bytes(current))
    return [chunks[0], *(b" " + c for c in chunks[1:])]


def fold_content(data: bytes) -> bytes:
    """Unfold and refold iCalendar bytes: CRLF line ends, 75-octet lines, UTF-8 intact."""
    out: list[bytes] = []
    for line in read_lines(data).content:
        out.extend(fold_line(line.text))
    return b"\r\n".join(out) + b"\r\n"
