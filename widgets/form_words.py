"""A plan problem in a form's words.

Loading a file says what to write in it (``name is missing — add name =
"…"``); a form field needs what to type in it ("Enter a name.").  The
problems come from the real loader (a dry run of the edit), so the form never
accepts what the file would refuse; here they are only reworded, by what the
loader's reason says, for the field the form shows them under.  A reason this
module does not know is shown as the loader wrote it, as a sentence, without
a suggestion written in the file's syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planner.errors import Problem
from planner.i18n import _

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], str], str]]


def _missing(key: str) -> str:
    if key == "name":
        return _("Enter a name.")
    if key == "id":
        return _("Enter a short id, e.g. blr.")
    if key == "zone":
        return _("Enter a time zone, or choose a site that has one.")
    return _("Fill this in.")


RULES: tuple[Rule, ...] = (
    (re.compile(r"^\w+ is missing$|^\w+ must be non-empty text$"),
     lambda m, key: _missing(key)),
    (re.compile(r"^a time zone is required$"), lambda m, key: _missing("zone")),
    (re.compile(r'^two members are named "(?P<v>.+)"$'),
     lambda m, key: _("Another member is already called {name}; each name must be "
                      "different.").format(name=m["v"])),
    (re.compile(r'^site id "(?P<v>.+)" is used twice$'),
     lambda m, key: _("Another site already has the id {id}.").format(id=m["v"])),
    (re.compile(r'^unknown zone "(?P<v>.+)"$'),
     lambda m, key: _("“{zone}” is not a time zone. Type a city or country and pick "
                      "one from the list.").format(zone=m["v"])),
    (re.compile(r'^"(?P<v>.+)" is not a place$'),
     lambda m, key: _("{zone} is not a place. Enter the time zone of the city, e.g. "
                      "Europe/London.").format(zone=m["v"])),
    (re.compile(r'^"(?P<v>.+)" is a fixed UTC offset'),
     lambda m, key: _("{zone} is a fixed offset, which never changes for daylight saving. "
                      "Enter the place instead, e.g. Asia/Kolkata.").format(zone=m["v"])),
    (re.compile(r'^unknown country "(?P<v>.+)"$'),
     lambda m, key: _("“{code}” is not a country code. Enter the two-letter code, e.g. DE "
                      "for Germany.").format(code=m["v"])),
    (re.compile(r'^unknown subdivision "(?P<v>.+)" for (?P<c>\w+)'),
     lambda m, key: _("“{code}” is not a subdivision of {country}.").format(
         code=m["v"], country=m["c"])),
    (re.compile(r"^subdivision given without a country$"),
     lambda m, key: _("Enter the country too, e.g. DE.")),
    (re.compile(r'^"(?P<v>[^"]*)" is not a time of day; write it as HH:MM'),
     lambda m, key: _("Write times as hours and minutes, e.g. 09:30 (not “{text}”).").format(
         text=m["v"])),
    (re.compile(r'^"(?P<v>[^"]*)" is not a time of day'),
     lambda m, key: _("“{text}” is not a time of day: hours go from 00 to 23, minutes from "
                      "00 to 59.").format(text=m["v"])),
    (re.compile(r'^"(?P<v>[^"]*)" is not a range'),
     lambda m, key: _("“{text}” is not a range of hours. Write it as 09:00-17:30.").format(
         text=m["v"])),
    (re.compile(r'^"(?P<v>[^"]*)" is not a day'),
     lambda m, key: _("“{text}” is not a day. Use mon, tue, wed, thu, fri, sat or "
                      "sun.").format(text=m["v"])),
    (re.compile(r'^"(?P<v>[^"]*)" is not a date'),
     lambda m, key: _("“{text}” is not a date. Write dates as 2026-12-24 and several days as "
                      "2026-12-28..2027-01-01.").format(text=m["v"])),
    (re.compile(r'^"(?P<v>[^"]*)" ends before it starts'),
     lambda m, key: _("{text} ends before it starts.").format(text=m["v"])),
    (re.compile(r"^night is one range"),
     lambda m, key: _("Enter one range, e.g. 23:00-06:00.")),
    (re.compile(r'^"(?P<v>.+)" is not an e-mail address$'),
     lambda m, key: _("“{text}” is not an e-mail address. Write it as "
                      "name@example.com.").format(text=m["v"])),
)

# A suggestion in the file's own syntax (key = "…", [[tables]]) means nothing in a form.
_FILE_SYNTAX = re.compile(r'\w+ = |\[\[|\bTOML\b|\bIANA key\b')


def sentence(text: str) -> str:
    """ "name is missing" -> "Name is missing." """
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def form_text(problem: Problem, key: str) -> str:
    """The problem in a form's words, for the field ``key`` (e.g. "name")."""
    for pattern, words in RULES:
        m = pattern.search(problem.reason)
        if m:
            text = words(m, key)
            hint = problem.suggestion or ""
            # A zone's suggestions are offered as links beside the text (EntryForm).
            if key != "zone" and hint.startswith(("did you mean", "valid subdivisions")):
                text += " " + sentence(hint)
            return text
    return as_sentences(problem)


def as_sentences(problem: Problem) -> str:
    """The loader's words as sentences, without a fix written in the file's syntax (for
    a problem of another entry than the form's, which the form's words would not fit)."""
    text = sentence(problem.reason)
    if problem.suggestion and not _FILE_SYNTAX.search(problem.suggestion):
        text += " " + sentence(problem.suggestion)
    return text
