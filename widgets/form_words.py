"""A plan problem in a form's words.

Loading a file says what to write in it (``name is missing — add name =
"…"``); a form field needs what to type in it ("Enter a name.").  The
problems come from the real loader (a dry run of the edit), so the form never
accepts what the file would refuse; here they are only reworded, by what the
loader's reason says (matched in the language it was written in: the rules
are the loader's own translatable templates), for the field the form shows
them under.  A reason this module does not know is shown as the loader wrote
it, as a sentence, without a suggestion written in the file's syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from planner.errors import Problem
from planner.i18n import _

Words = Callable[[dict[str, str], str], str]


def _missing(key: str) -> str:
    if key == "name":
        return _("Enter a name.")
    if key == "id":
        return _("Enter a short id, e.g. blr.")
    if key == "zone":
        return _("Enter a time zone, or choose a site that has one.")
    return _("Fill this in.")


# The loader's reasons, as it marks them for translation (the same msgids), and the
# form's words for each.  A reason is recognised in the language it was written in:
# the pattern is made from the translated template.
RULES: tuple[tuple[str, Words], ...] = (
    ("{key} is missing", lambda v, key: _missing(key)),
    ("zone is missing", lambda v, key: _missing("zone")),
    ("{key} must be non-empty text", lambda v, key: _missing(key)),
    ("a time zone is required", lambda v, key: _missing("zone")),
    ('two members are named "{name}"',
     lambda v, key: _("Another member is already called {name}; each name must be "
                      "different.").format(name=v["name"])),
    ('site id "{id}" is used twice',
     lambda v, key: _("Another site already has the id {id}.").format(id=v["id"])),
    ('unknown zone "{key}"',
     lambda v, key: _("“{zone}” is not a time zone. Type a city or country and pick "
                      "one from the list.").format(zone=v["key"])),
    ('"{key}" is not a place',
     lambda v, key: _("{zone} is not a place. Enter the time zone of the city, e.g. "
                      "Europe/London.").format(zone=v["key"])),
    ('"{key}" is a fixed UTC offset, which never follows daylight saving',
     lambda v, key: _("{zone} is a fixed offset, which never changes for daylight saving. "
                      "Enter the place instead, e.g. Asia/Kolkata.").format(zone=v["key"])),
    ('unknown country "{country}"',
     lambda v, key: _("“{code}” is not a country code. Enter the two-letter code, e.g. DE "
                      "for Germany.").format(code=v["country"])),
    ('unknown subdivision "{subdivision}" for {code} ({country})',
     lambda v, key: _("“{code}” is not a subdivision of {country}.").format(
         code=v["subdivision"], country=v["country"])),
    ("subdivision given without a country",
     lambda v, key: _("Enter the country too, e.g. DE.")),
    ('"{text}" is not a time of day; write it as HH:MM, e.g. "09:30"',
     lambda v, key: _("Write times as hours and minutes, e.g. 09:30 (not “{text}”).").format(
         text=v["text"])),
    ('"{text}" is not a time of day (hours 00-23, minutes 00-59)',
     lambda v, key: _("“{text}” is not a time of day: hours go from 00 to 23, minutes from "
                      "00 to 59.").format(text=v["text"])),
    ('"{text}" is not a range; write it as "09:00-17:30"',
     lambda v, key: _("“{text}” is not a range of hours. Write it as 09:00-17:30.").format(
         text=v["text"])),
    ('"{day}" is not a day; use mon, tue, wed, thu, fri, sat, sun',
     lambda v, key: _("“{text}” is not a day. Use mon, tue, wed, thu, fri, sat or "
                      "sun.").format(text=v["day"])),
    ('"{text}" is not a date (YYYY-MM-DD) or range ("2026-12-28..2027-01-01"), or the date '
     "does not exist",
     lambda v, key: _("“{text}” is not a date. Write dates as 2026-12-24 and several days as "
                      "2026-12-28..2027-01-01.").format(text=v["text"])),
    ('"{text}" ends before it starts',
     lambda v, key: _("{text} ends before it starts.").format(text=v["text"])),
    ('night is one range, e.g. "23:00-06:00"',
     lambda v, key: _("Enter one range, e.g. 23:00-06:00.")),
    ('"{email}" is not an e-mail address',
     lambda v, key: _("“{text}” is not an e-mail address. Write it as "
                      "name@example.com.").format(text=v["email"])),
)


@lru_cache(maxsize=256)
def _pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern for the whole reason, each {name} in it a group."""
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(template))
                      + "$", re.DOTALL)


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
    for template, words in RULES:
        m = _pattern(_(template)).match(problem.reason)
        if m:
            text = words(m.groupdict(), key)
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
