"""Keep the translation catalogs in step with the source (DESIGN.md, "Languages").

    uv run python -m resources.locale_tool extract   # source → resources/locale/overlap.pot
    uv run python -m resources.locale_tool update    # overlap.pot → every <lang>/…/overlap.po
    uv run python -m resources.locale_tool compile   # every overlap.po → overlap.mo
    uv run python -m resources.locale_tool all       # the three, in that order
    uv run python -m resources.locale_tool init xx   # start a catalog for a new language

Each step is the ``pybabel`` command it prints, run through babel's own command
line; pybabel does not read ``pyproject.toml``, so the options live here and in
``babel.cfg``. Marked strings are babel's default keywords (``_``, ``gettext``,
``ngettext``, ``pgettext``, ``npgettext``, ``N_``) in planner/, app/, widgets/ and resources/.
A ``# Translators:`` comment just above a marked string reaches the catalog.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "overlap"
POT = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = ROOT / "babel.cfg"
SOURCE_DIRS = ("planner", "app", "widgets", "resources")
LANGUAGES = ("de", "es", "fr", "pt_BR", "ja", "ar")
COMMENT_TAG = "Translators:"
WIDTH = "100"

# One key per message: (context, msgid) with the plural's msgid pair for ngettext.
MessageKey = tuple[str | None, str | tuple[str, ...]]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _commands() -> dict[str, list[list[str]]]:
    return {
        "extract": [["extract", "-F", str(MAPPING), "-o", str(POT), "--project=Overlap",
                     "--copyright-holder=Overlap contributors", "--add-location=file",
                     f"--add-comments={COMMENT_TAG}", "--sort-by-file", f"--width={WIDTH}",
                     *SOURCE_DIRS]],  # relative: see _pybabel,
        "update": [["update", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN,
                    "-l", lang, f"--width={WIDTH}", "--ignore-obsolete"]
                   for lang in LANGUAGES],
        "compile": [["compile", "-d", str(LOCALE_DIR), "-D", DOMAIN, "-l", lang,
                     "--statistics"] for lang in LANGUAGES],
    }


def _pybabel(args: list[str]) -> None:
    from babel.messages.frontend import CommandLineInterface

    shown = [a.replace(str(ROOT) + "/", "") for a in args]
    print("pybabel " + " ".join(shown), file=sys.stderr)
    # From the project root, so the catalogs' "#:" references are project paths
    # (app/actions.py), the same in every checkout.
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "--quiet", *args])
    finally:
        os.chdir(here)


def _keys(messages: Iterable[object]) -> set[MessageKey]:
    keys: set[MessageKey] = set()
    for m in messages:
        msgid = getattr(m, "id", "")
        if msgid:
            keys.add((getattr(m, "context", None),
                      tuple(msgid) if isinstance(msgid, (list, tuple)) else str(msgid)))
    return keys


def source_messages() -> set[MessageKey]:
    """What ``extract`` would write now, read from the source without writing anything."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keys: set[MessageKey] = set()
    for d in SOURCE_DIRS:
        for _file, _line, msg, _comments, context in extract_from_dir(
                ROOT / d, method_map, options_map, keywords=DEFAULT_KEYWORDS):
            if msg:
                keys.add((context, tuple(msg) if isinstance(msg, tuple) else msg))
    return keys


def catalog_messages(path: Path) -> set[MessageKey]:
    """The (context, msgid) keys of a .pot or .po file, without its header."""
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return _keys(read_po(f))


def describe(keys: Iterable[MessageKey]) -> str:
    def text(key: MessageKey) -> str:
        context, msgid = key
        shown = " / ".join(msgid) if isinstance(msgid, tuple) else msgid
        return f"{shown!r}" + (f" (context {context!r})" if context else "")

    return "\n".join("  " + text(k) for k in sorted(keys, key=repr))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    steps = {"all": ["extract", "update", "compile"]}.get(args[0] if args else "",
                                                         args[:1])
    if args[:1] == ["init"] and len(args) == 2:
        _pybabel(["init", "-i", str(POT), "-d", str(LOCALE_DIR), "-D", DOMAIN,
                  "-l", args[1], f"--width={WIDTH}"])
        return 0
    commands = _commands()
    if not steps or any(s not in commands for s in steps):
        print(__doc__, file=sys.stderr)
        return 2
    for step in steps:
        for command in commands[step]:
            _pybabel(command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
