"""User-visible text in the user's language: one gettext domain, ``overlap``.

The window, the command line and the invite texts share one catalog
(DESIGN.md, "Languages"). Mark text with the babel keywords this module
provides — ``_``, ``ngettext``, ``pgettext``, ``npgettext`` — and mark text
that is defined before a language is chosen (module constants) with ``N_`` and
translate it where it is shown: ``_(CONSTANT)``.

Nothing here reads the environment on import: until :func:`use_language` is
called every function returns the English source text, so the core and its
tests behave the same whatever ``LANG`` the machine has. JSON output must not
go through these functions at all.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Sequence
from pathlib import Path

DOMAIN = "overlap"

_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language: str | None = None


def use_language(languages: Sequence[str] | None, localedir: Path) -> str | None:
    """Translate from now on into the first of ``languages`` that has a catalog.

    ``languages`` are gettext names (``de``, ``pt_BR``, ``ja``); ``None`` or an
    empty sequence means English. Returns the language in use, or ``None`` for
    the English source text.
    """
    global _active, _language
    wanted = [lang for lang in (languages or ()) if lang]
    if not wanted:
        _active, _language = _gettext.NullTranslations(), None
        return None
    found = _gettext.translation(DOMAIN, localedir=str(localedir), languages=wanted,
                                 fallback=True)
    _active = found
    if type(found) is _gettext.NullTranslations:  # no catalog for any of them
        _language = None
    else:
        _language = found.info().get("language") or wanted[0]
    return _language


def language() -> str | None:
    """The language text is being translated into, or ``None`` for English."""
    return _language


def _(message: str) -> str:
    return _active.gettext(message)


gettext = _  # the long name babel also extracts


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _active.npgettext(context, singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for extraction without translating it yet."""
    return message
