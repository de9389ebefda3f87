"""What is wrong with an ``RRULE`` value (RFC 5545 section 3.3.10), in words.

The busy importer refuses a rule with any of these problems, naming its line;
the linter reports the same problems as errors.  Checked here, before a
recurrence library sees the rule, because the libraries answer with their own
internals ("UNTIL parameter is missing" for a misspelt ``UNTL=``, a missing
positional argument for a rule without ``FREQ``) or silently drop a part.
"""

from __future__ import annotations

import re

__all__ = ["PARTS", "recur_parts", "recur_problems"]

_FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_WEEKDAY = "(?:SU|MO|TU|WE|TH|FR|SA)"
_INT = re.compile(r"[+-]?\d{1,3}")
_BYDAY = re.compile(rf"(?:[+-]?\d{{1,2}})?{_WEEKDAY}")
_UNTIL = re.compile(r"\d{8}(?:T\d{6}Z?)?")

# Each BYxxx list part: the smallest and largest magnitude, whether a sign is allowed.
_LISTS: dict[str, tuple[int, int, bool]] = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
PARTS = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_LISTS)


def recur_parts(value: str) -> dict[str, str]:
    """The parts of a rule by upper-case name (the first of a repeated one), values
    stripped and upper-case; parts that are not NAME=VALUE are left out."""
    parts: dict[str, str] = {}
    for part in value.strip().split(";"):
        if "=" in part:
            name, text = part.split("=", 1)
            parts.setdefault(name.strip().upper(), text.strip().upper())
    return parts


def recur_problems(value: str) -> list[str]:
    """Each thing wrong with a recurrence rule value, as a sentence; empty when none.

    Part names are read case-insensitively, as RFC 5545 section 2 has all names.
    """
    problems: list[str] = []
    seen: dict[str, str] = {}
    for part in value.strip().split(";"):
        if "=" not in part:
            problems.append(f'"{part}" is not NAME=VALUE' if part else "an empty part (;;)")
            continue
        name, text = part.split("=", 1)
        name = name.strip().upper()
        if name not in PARTS:
            problems.append(f'unknown part "{name}"' + _did_you_mean(name))
            continue
        if name in seen:
            problems.append(f"{name} is given twice")
            continue
        seen[name] = text.strip().upper()
    freq = seen.get("FREQ")
    if freq is None:
        problems.append("FREQ is missing")
    elif freq not in _FREQS:
        problems.append(f'FREQ={freq} is not one of {", ".join(_FREQS)}')
    for name, text in seen.items():
        reason = _part_problem(name, text)
        if reason:
            problems.append(reason)
    return problems


def _part_problem(name: str, text: str) -> str | None:
    if name in ("COUNT", "INTERVAL"):
        if not text.isdigit() or int(text) < 1:
            return f"{name}={text} is not a positive whole number"
    elif name == "UNTIL":
        if not _UNTIL.fullmatch(text):
            return f"UNTIL={text} is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ)"
    elif name == "WKST":
        if not re.fullmatch(_WEEKDAY, text):
            return f"WKST={text} is not a weekday (SU, MO, TU, WE, TH, FR, SA)"
    elif name == "BYDAY":
        bad = [v for v in text.split(",") if not _BYDAY.fullmatch(v)
               or (v[:-2] not in ("", "+", "-") and not 1 <= abs(int(v[:-2])) <= 53)]
        if bad:
            return f"BYDAY value {bad[0] or '(empty)'} is not a weekday such as MO or -1FR"
    elif name in _LISTS:
        low, high, signed = _LISTS[name]
        for v in text.split(","):
            if not _INT.fullmatch(v) or (not signed and v[0] in "+-") \
                    or not low <= abs(int(v)) <= high:
                sign = "±" if signed else ""
                return (f"{name} value {v or '(empty)'} is not a whole number from "
                        f"{sign}{low} to {sign}{high}")
    return None


def _did_you_mean(name: str) -> str:
    """A close known part name ("UNTL" -> "UNTIL"), as a hint."""
    import difflib

    close = difflib.get_close_matches(name, PARTS, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""
