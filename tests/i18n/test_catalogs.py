"""The committed catalogs match the source, and (once translated) are complete.

The oracles are babel's own extractor run over the source now, and babel's .po and .mo
readers on the committed files.
"""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from resources.locale_tool import (
    LANGUAGES,
    POT,
    catalog_messages,
    describe,
    mo_path,
    po_path,
    source_messages,
)

FIX = "run `uv run python -m resources.locale_tool all` and commit resources/locale"
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}(?!\})")


@pytest.fixture(scope="module")
def in_source():
    return source_messages()


def test_the_template_has_exactly_the_strings_marked_in_the_source(in_source):
    in_pot = catalog_messages(POT)
    assert in_source, "no marked strings found: is babel.cfg right?"
    new, gone = in_source - in_pot, in_pot - in_source
    assert not new and not gone, (
        f"resources/locale/overlap.pot is stale; {FIX}.\n"
        f"Marked in the source but not in overlap.pot:\n{describe(new)}\n"
        f"In overlap.pot but no longer in the source:\n{describe(gone)}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_has_exactly_the_templates_strings(language):
    in_pot, in_po = catalog_messages(POT), catalog_messages(po_path(language))
    missing, extra = in_pot - in_po, in_po - in_pot
    assert not missing and not extra, (
        f"{po_path(language)} is out of step with overlap.pot; {FIX}.\n"
        f"Missing:\n{describe(missing)}\nNot in the template:\n{describe(extra)}")


def _mo_messages(data: bytes) -> dict[object, object]:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)):
            m.string if isinstance(m.string, str) else tuple(m.string)
            for m in read_mo(io.BytesIO(data)) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_compiled_catalog_is_its_po_file_compiled(language):
    # The oracle: babel compiling the committed .po now, in memory.
    with po_path(language).open("rb") as f:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(f))
    committed = mo_path(language).read_bytes()
    assert _mo_messages(committed) == _mo_messages(compiled.getvalue()), \
        f"{mo_path(language)} is older than its .po file; {FIX}"


def _placeholders(text: str) -> set[str]:
    return {m.group(1) or "" for m in PLACEHOLDER.finditer(text)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_is_completely_translated(language):
    with po_path(language).open("rb") as f:
        catalog = read_po(f)
    problems = []
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        shown = ids[0] + (f" (context {m.context!r})" if m.context else "")
        if m.fuzzy:
            problems.append(f"fuzzy: {shown}")
        elif not all(strings):
            problems.append(f"untranslated: {shown}")
        else:
            wanted = set().union(*(_placeholders(i) for i in ids))
            for s in strings:
                if _placeholders(s) - wanted or (len(ids) == 1 and _placeholders(s) != wanted):
                    problems.append(f"placeholders {sorted(_placeholders(s))} instead of "
                                    f"{sorted(wanted)}: {shown}")
    assert not problems, f"{po_path(language)}:\n" + "\n".join(problems)


def test_the_placeholder_reader_sees_named_fields_not_literal_braces():
    assert _placeholders("{name} works until {time:%H}") == {"name", "time"}
    assert _placeholders("a [calendar] table, {{literal}} braces") == set()
