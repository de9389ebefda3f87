"""What is wrong with an ``RRULE`` value (RFC 5545 section 3.3.10), in words.

The busy importer refuses a rule with any of these problems, naming its line;
the linter reports the same problems as errors.  Checked here, before a
recurrence library sees the rule, because the libraries answer with their own
internals ("UNTIL parameter is missing" for a misspelt ``UNTL=``, a missing
positional argument for a rule without ``FREQ``) or silently drop a part.
"""

from __future__ import annotations

import re

from planner.i18n import _

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
            problems.append(_('"{part}" is not NAME=VALUE').format(part=part) if part
                            else _("an empty part (;;)"))
            continue
        name, text = part.split("=", 1)
        name = name.strip().upper()
        if name not in PARTS:
            problems.append(_('unknown part "{name}"').format(name=name) + _did_you_mean(name))
            continue
        if name in seen:
            problems.append(_("{name} is given twice").format(name=name))
            continue
        seen[name] = text.strip().upper()
    freq = seen.get("FREQ")
    if freq is None:
        problems.append(_("FREQ is missing"))
    elif freq not in _FREQS:
        problems.append(_("FREQ={freq} is not one of {frequencies}").format(freq=freq,
                                                                frequencies=", ".join(_FREQS)))
    for name, text in seen.items():
        reason = _part_problem(name, text)
        if reason:
            problems.append(reason)
    return problems


def _part_problem(name: str, text: str) -> str | None:
    if name in ("COUNT", "INTERVAL"):
        if not text.isdigit() or int(text) < 1:
            return _("{name}={text} is not a positive whole number").format(name=name, text=text)
    elif name == "UNTIL":
        if not _UNTIL.fullmatch(text):
            return _("UNTIL={text} is not a date (YYYYMMDD) or date-time "
                     "(YYYYMMDDTHHMMSSZ)").format(text=text)
    elif name == "WKST":
        if not re.fullmatch(_WEEKDAY, text):
            return _("WKST={text} is not a weekday (SU, MO, TU, WE, TH, FR, SA)").format(text=text)
    elif name == "BYDAY":
        bad = [v for v in text.split(",") if not _BYDAY.fullmatch(v)
               or (v[:-2] not in ("", "+", "-") and not 1 <= abs(int(v[:-2])) <= 53)]
        if bad:
            return _("BYDAY value {value} is not a weekday such as MO or "
                     "-1FR").format(value=bad[0] or _("(empty)"))
    elif name in _LISTS:
        low, high, signed = _LISTS[name]
        for v in text.split(","):
            if not _INT.fullmatch(v) or (not signed and v[0] in "+-") \
                    or not low <= abs(int(v)) <= high:
                sign = "±" if signed else ""
                return (_("{name} value {value} is not a whole number from {sign}{low} to "
                          "{sign}{high}").format(
                              name=name, value=v or _("(empty)"), sign=sign, low=low, high=high))
    return None


def _did_you_mean(name: str) -> str:
    """A close known part name ("UNTL" -> "UNTIL"), as a hint."""
    import difflib

    close = difflib.get_close_matches(name, PARTS, n=1, cutoff=0.6)
    return _(" (did you mean {suggestion}?)").format(suggestion=close[0]) if close else ""
