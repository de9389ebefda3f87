"""Every user-visible text of the core and the command line is marked for translation.

Two checks over ``planner/`` and ``app/commands/`` (plus ``app/cli.py``):

* babel extracts the catalog from them, as ``pybabel extract`` does: known messages
  are there, with their context, and every placeholder is named (a translator sees
  ``{member}``, never ``{}``);
* an AST scan finds literals with English words in the places the user reads them —
  a ``Problem``'s reason and fix, a lint finding, ``raise …Error("…")``,
  ``print("…")``, argparse help — that are not inside ``_()``/``ngettext``/… .
  The few literals there that are not text for people are listed in ``EXEMPT``.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

ROOT = Path(__file__).resolve().parents[1]
SCANNED = (ROOT / "planner", ROOT / "app" / "commands")
EXTRA = (ROOT / "app" / "cli.py",)
MARKERS = {"_", "N_", "gettext", "ngettext", "pgettext", "npgettext"}
# Two English words in a row: text for a person, not a key, code or property name.
WORDS = re.compile(r"[A-Za-z]{2,}[,;:]?\s+[A-Za-z]{2,}")

# Calls whose arguments are messages, and keywords that always hold one.
MESSAGE_CALLS = {"Problem", "MailIssue", "Finding", "MeetingProblem", "UsageError",
                 "InputError", "PlanFileError", "IcsError", "ZoneError", "CalDavError",
                 "MailError", "print", "print_notes", "add_argument_group", "_problem", "_fail",
                 "fail", "refuse_demo", "may_save_plan"}
# Not ``note=``: a series or meeting decision's note is data ("note" in --json), English.
MESSAGE_KEYWORDS = {"reason", "suggestion", "fix", "message", "help", "description",
                    "doing", "what"}

# (file, start of the literal): literals in those places that are not for people.
EXEMPT = {
    ("planner/availability.py", "internal: naive datetime"),  # a programming error
    ("planner/caldav/__init__.py", "module "),  # AttributeError of the lazy module
    ("planner/ics/export/__init__.py", "module "),
    ("planner/caldav/busy.py", "mode must be auto"),  # caller's bug, not input
    ("planner/caldav/busy.py", "start and end must be aware"),
    ("planner/caldav/publish.py", "publish needs an export"),
    ("planner/caldav/publish.py", "calendar object "),
    ("planner/caldav/session.py", ""),  # exception texts; transport words them for people
    ("planner/caldav/transport.py", "instants must be aware"),
    ("planner/caldav/transport.py", "no VFREEBUSY"),
    ("planner/caldav/transport.py", "FREEBUSY periods must be in UTC"),
    ("planner/holidays/adapter.py", ""),  # ValueError for a year the caller did not build
    ("planner/ics/export/build.py", "stamp must be an aware"),
    ("planner/ics/export/meetings.py", "the portfolio was planned"),
    ("planner/ics/export/meetings.py", "a planned portfolio already"),
    ("planner/ics/export/meetings.py", "today is needed"),
    ("planner/ics/export/slot.py", "start must be an aware"),
    ("planner/ics/vtimezone.py", "years must satisfy"),
    ("planner/planfile.py", "a PlanDocument needs"),
    ("planner/planfile.py", "no free temporary name"),
    ("planner/rotation/planning.py", "meeting outside the timeline"),
    ("planner/zones.py", "start and end must be aware"),
}


def _files() -> list[Path]:
    files = [p for d in SCANNED for p in sorted(d.rglob("*.py")) if p.name != "i18n.py"]
    return files + list(EXTRA)


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _literals(node: ast.AST) -> list[ast.AST]:
    """The literals an argument is made of: itself, or the parts of ``a + b``/``a if c else b``."""
    if _literal_text(node) is not None:
        return [node]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [lit for v in node.values for lit in _literals(v)]
    return []


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def unmarked(path: Path) -> list[tuple[int, str]]:
    """Literals with English words in a message place of ``path``, not marked."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _callee(node) in MARKERS:
            continue
        name = _callee(node)
        args: list[ast.AST] = []
        if name in MESSAGE_CALLS or name.endswith("Error") or name == "add":
            args += node.args
        args += [k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS]
        for arg in args:
            for lit in _literals(arg):
                text = _literal_text(lit) or ""
                if not WORDS.search(text):
                    continue
                if any(rel == f and text.startswith(start) for f, start in EXEMPT):
                    continue
                found.append((lit.lineno, text))
    return found


def test_no_user_visible_literal_is_left_unmarked():
    left = [f"{p.relative_to(ROOT)}:{line}: {text!r}" for p in _files()
            for line, text in unmarked(p)]
    assert left == [], "mark these with _() (or list them in EXEMPT):\n" + "\n".join(left)


def test_the_scan_flags_what_it_should():
    # The scan's own oracle: a file with one marked and three unmarked messages.
    probe = ROOT / "tests" / "fixtures" / "i18n_probe.py"
    lines = {line for line, _text in unmarked(probe)}
    assert lines == {6, 7, 9}


def _messages() -> list[tuple[str, object, str | None]]:
    out = []
    for d in SCANNED:
        for _file, _line, message, _comments, context in extract_from_dir(
                str(d), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS):
            out.append((d.name, message, context))
    return out


def test_babel_extracts_the_core_and_command_line_messages():
    messages = _messages()
    ids = {m if isinstance(m, str) else m[0] for _d, m, _c in messages}
    by_package = {d: sum(1 for dd, _m, _c in messages if dd == d) for d in ("planner", "commands")}
    assert by_package["planner"] > 600 and by_package["commands"] > 150, by_package
    for expected in ("the plan has no members, so there is no overlap to find",
                     "Planned with Overlap. The times above follow each member's own daylight "
                     "saving rules.",
                     "{where} refused the login of \"{user}\" ({code} {server_text})",
                     "unknown key \"{key}\" (kept in the file, but Overlap ignores it)"):
        assert expected in ids
    assert ("commands", "date", "column") in messages


def test_every_placeholder_is_named():
    bad = []
    for _d, message, _c in _messages():
        for text in ([message] if isinstance(message, str) else list(message)):
            for _lit, field, _spec, _conv in string.Formatter().parse(text):
                if field is not None and not field.isidentifier():
                    bad.append(text)
    assert bad == []


def test_a_marked_core_message_is_translated_once_a_language_is_chosen(tmp_path):
    # A one-message German catalog written with babel; the core's Problem reads it.
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from planner import i18n
    from planner.errors import describe
    from planner.zones import check_zone_key

    catalog = Catalog(locale="de", domain=i18n.DOMAIN)
    catalog.add('unknown zone "{key}"', 'unbekannte Zone "{key}"')
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / f"{i18n.DOMAIN}.mo", "wb") as f:
        write_mo(f, catalog)
    english = check_zone_key("Nowhere/Atlantis")
    try:
        assert i18n.use_language(["de"], tmp_path) == "de"
        german = check_zone_key("Nowhere/Atlantis")
    finally:
        i18n.use_language(None, tmp_path)
    assert english is not None and german is not None
    assert english.reason == 'unknown zone "Nowhere/Atlantis"'
    assert german.reason == 'unbekannte Zone "Nowhere/Atlantis"'
    # Untranslated parts fall back to English; the structure is unchanged.
    assert german.suggestion == english.suggestion and german.field == english.field
    assert describe(german).startswith('unbekannte Zone "Nowhere/Atlantis" — ')
