"""Plain words for a plan file that is not valid TOML.

The parsers' messages are written for people who know TOML's grammar
("Illegal character '\\x01'", "Invalid value", "Cannot overwrite a value").
People editing a plan by hand need where (line and column), what is wrong in
their terms, and what to type instead.  :func:`explain` reads the standard
library's message (tomllib reads every plan first), looks at the text where it
stopped, and says that.
"""

from __future__ import annotations

import re
import unicodedata

from planner.errors import Problem
from planner.i18n import _

__all__ = ["explain", "parser_position"]

_WHERE = re.compile(r"^(?P<msg>.*?) \((?:at line (?P<line>\d+), column (?P<col>\d+)|"
                    r"at end of document)\)$", re.DOTALL)
_CURLY = "“”„‟‘’‚‛«»"


def parser_position(message: str) -> tuple[str, int | None, int | None]:
    """tomllib's message split into what it says and where: (text, line, column)."""
    m = _WHERE.match(message.strip())
    if not m:
        return message, None, None
    line, col = m.group("line"), m.group("col")
    return m.group("msg"), int(line) if line else None, int(col) if col else None


def _line_text(text: str, line: int | None) -> str:
    lines = text.splitlines()
    return lines[line - 1] if line is not None and 0 < line <= len(lines) else ""


def _key_of(line_text: str) -> str | None:
    m = re.match(r'\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_.-]+)\s*=', line_text)
    return m.group(1).strip("\"'") if m else None


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "")
                                    else "")


def explain(text: str, message: str, path: str | None = None) -> Problem:
    """A Problem for tomllib's ``message`` about ``text``: the line, the column and the
    fix, in plain words (the parser's own words only when nothing better is known)."""
    said, line, col = parser_position(message)
    if line is None and "end of document" in message:
        line = len(text.splitlines()) or 1
    line_text = _line_text(text, line)
    at = line_text[col - 1] if col is not None and 0 < col <= len(line_text) else ""
    column = col if col is not None else 0
    reason, fix = _explain(said, line_text, at, column)
    return Problem(reason, path=path, line=line, suggestion=fix)


def _explain(said: str, line_text: str, at: str, column: int) -> tuple[str, str]:
    if at and at in _CURLY:
        return (_("column {column} has a typographic quote ({char}), which TOML does not "
                  "read as a quote").format(column=column, char=at),
                _('type straight quotes instead, e.g. name = "Lena" (word processors turn '
                  'them curly)'))
    if at and not at.isprintable() and not said.startswith("Illegal character"):
        return (_("column {column} holds an invisible character ({name})").format(
                    column=column, name=_char_name(at)),
                _("delete it: retype the text around column {column}").format(column=column))
    value = line_text.partition("=")[2].strip()
    if said in ("Expected newline or end of document after a statement",
                "Invalid date or datetime") and re.match(r"\d{1,4}[-:]\d", value):
        return (_("the date or time at column {column} does not exist or is not written "
                  "as TOML writes it").format(column=column),
                _("write dates as 2026-12-24 (year-month-day); times and hours go between "
                  'quotes, e.g. hours = "09:00-17:00"'))
    if said.startswith("Illegal character"):
        if said.endswith(("'\\n'", "'\\r'")):
            return (_("the text in quotes is not closed on this line"),
                    _('add the closing " at the end of the text (text over several lines '
                      'goes between """ and """)'))
        m = re.search(r"'(\\x[0-9a-f]{2}|\\t|.)'$", said)
        code = m.group(1) if m else ""
        char = code.encode().decode("unicode_escape") if code.startswith("\\") else code
        name = f"U+{ord(char):04X}" if len(char) == 1 else code
        return (_("column {column} holds an invisible control character ({name})").format(
                    column=column, name=name),
                _("delete it: retype the text around column {column} (editors show such a "
                  "character as a box, as ^A or not at all)").format(column=column))
    if said in ("Unterminated string", "Expected '\"'", "Expected \"'\""):
        return (_("the text in quotes is not closed on this line"),
                _("add the closing quote at the end of the text"))
    if said in ("Unescaped '\\' in a string", "Invalid hex value",
                "Escaped character is not a Unicode scalar value"):
        return (_("a backslash (\\) in text between double quotes starts an escape like \\n"),
                _("write \\\\ for each backslash, or put the text between single quotes, "
                  "e.g. 'C:\\Users\\lena'"))
    if said == "Invalid value":
        rest = line_text[column - 1:].strip() if column else ""
        if not rest or rest.startswith("#"):
            return (_("the value after = is missing"),
                    _('write a value after the =, e.g. name = "Lena"'))
        return (_("the value at column {column} is not text in quotes, a number, true or "
                  "false, a date or a [list]").format(column=column),
                _('put text between double quotes, e.g. zone = "Europe/Berlin"'))
    if said == "Expected '=' after a key in a key/value pair":
        return (_("a key is not followed by ="),
                _('write key = value, e.g. name = "Lena"; a key with spaces needs quotes '
                  'around it'))
    if said in ("Invalid statement", "Invalid initial character for a key part"):
        return (_("this line is not a key = value, a [table] header or a # comment"),
                _("check the start of the line, and that an inline table ends without a "
                  "comma: {{ a = 1, b = 2 }}").format())
    if said == "Expected newline or end of document after a statement":
        return (_("something follows the value, at column {column}").format(column=column),
                _('put one key = value on each line; text goes between quotes, dates are '
                  'written 2026-12-24 (year-month-day)'))
    if said == "Cannot overwrite a value" or said.startswith(("Duplicate inline table key",
                                                              "Cannot mutate immutable")):
        quoted = re.search(r"key '([^']+)'$", said)
        key = quoted.group(1) if quoted else _key_of(line_text)
        return ((_("“{key}” is given twice in the same table").format(key=key) if key else
                 _("a key is given twice in the same table")),
                _("each key may appear once per table; remove or rename the repeated one"))
    m = re.match(r"Cannot (?:declare|redefine namespace) \(?'?([^')]*)'?,?\)?( twice)?$",
                 said)
    if m:
        name = ".".join(p.strip(" '") for p in m.group(1).split(","))
        return (_("the table [{name}] appears twice").format(name=name),
                _("merge the two into one [{name}] table (lists of tables are written "
                  "[[{name}]])").format(name=name))
    if said == "Unclosed array":
        return (_("a [list] is not closed"),
                _("add the closing ] after its last item; items are separated by commas"))
    if said == "Unclosed inline table":
        return (_("a {{ … }} table is not closed").format(),
                _("add the closing }} on the same line").format())
    if said in ("Expected ']]' at the end of an array declaration",
                "Expected ']' at the end of a table declaration"):
        return (_("a table header is not closed"),
                _("write it on a line of its own, e.g. [[member]] or [mail]"))
    return (_("not valid TOML at column {column} ({parser})").format(column=column,
                                                                     parser=said),
            _("check quotes, brackets and = on that line"))
