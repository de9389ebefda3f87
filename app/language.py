"""Which language the window and the command line speak (DESIGN.md, "Languages").

The language comes from the "Language and region" setting if one is chosen,
otherwise from the environment the way gettext reads it (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG); ``--locale`` overrides both for one command. Qt's own texts
(standard buttons, file dialogs) come from the ``qtbase_<lang>.qm`` PySide6
ships, and a right-to-left language mirrors the window.

Nothing here imports Qt at module level: the command line uses it too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.i18n import use_language
from resources import LOCALE_DIR

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTranslator

ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# The Qt translator in use, kept referenced (Qt does not own it) so it can be replaced.
_qt_translator: QTranslator | None = None


def environment_languages(environ: Mapping[str, str]) -> list[str]:
    """The languages gettext would try, from the first of LANGUAGE, LC_ALL, LC_MESSAGES
    and LANG that is set; "C" and "POSIX" (and what follows them) mean English."""
    for name in ENVIRONMENT:
        value = environ.get(name)
        if value:
            wanted: list[str] = []
            for lang in value.split(":"):
                if lang.split(".")[0] in ("C", "POSIX"):
                    break
                if lang:
                    wanted.append(lang)
            return wanted
    return []


def chosen_languages(setting: str | None, environ: Mapping[str, str]) -> list[str]:
    """The setting's language (a locale such as ``de_DE`` or ``pt-BR``) if set, else the
    environment's. gettext tries ``de_DE`` and then ``de``."""
    if setting:
        return [setting.replace("-", "_")]
    return environment_languages(environ)


def locale_option(argv: Sequence[str]) -> str | None:
    """The value of ``--locale X`` or ``--locale=X`` on a command line, read before the
    parser is built so that its help texts are in that language too."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--locale" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--locale="):
            return arg.split("=", 1)[1]
    return None


def catalog_language(languages: Sequence[str], localedir: Path | None = None) -> str | None:
    """The catalog ``use_languages`` would pick for ``languages`` (None: English), without
    switching to it."""
    import gettext

    from planner.i18n import DOMAIN

    wanted = [lang for lang in languages if lang]
    found = gettext.find(DOMAIN, str(localedir or LOCALE_DIR), wanted) if wanted else None
    return Path(found).parent.parent.name if found else None


def use_languages(languages: Sequence[str], localedir: Path | None = None) -> str | None:
    """Translate Overlap's own text from now on; returns the language in use or None.
    ``localedir`` defaults to the shipped catalogs (:data:`LOCALE_DIR`, read at call time)."""
    return use_language(languages, localedir or LOCALE_DIR)


def apply_to_qt(app: QCoreApplication, language: str | None,
                qt_translations: Path | None = None) -> bool:
    """Qt's own texts in ``language`` (None: Qt's English), and the layout direction
    (right to left for Arabic). Returns whether Qt had translations for it."""
    global _qt_translator
    from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator

    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    loaded = False
    if language:
        folder = qt_translations or Path(QLibraryInfo.path(
            QLibraryInfo.LibraryPath.TranslationsPath))
        translator = QTranslator(app)
        # "pt_BR" loads qtbase_pt_BR.qm, "de_AT" falls back to qtbase_de.qm.
        if translator.load(QLocale(language), "qtbase", "_", str(folder)):
            app.installTranslator(translator)
            _qt_translator = translator
            loaded = True
    from PySide6.QtGui import QGuiApplication

    if isinstance(app, QGuiApplication):
        rtl = language is not None and \
            QLocale(language).textDirection() == Qt.LayoutDirection.RightToLeft
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl
                               else Qt.LayoutDirection.LeftToRight)
    return loaded


def start_language(app: QCoreApplication, setting: str | None, environ: Mapping[str, str],
                   localedir: Path | None = None) -> str | None:
    """At start-up: Overlap's catalogs and Qt's translations for the chosen language."""
    language = use_languages(chosen_languages(setting, environ), localedir)
    apply_to_qt(app, language)
    return language
