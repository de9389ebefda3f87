"""User preferences and window state, kept in QSettings.

Locale, 12/24-hour clock and week start default to the system's (None means
"follow the locale"); the theme defaults to the system's colour scheme.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QLocale, QSettings

from widgets.formatting import Formats, parse_locale

MAX_RECENT = 8
THEMES = ("system", "light", "dark", "high_contrast")


def system_locale() -> str:
    name = QLocale.system().name()
    if not name or name in ("C", "POSIX"):
        return "en_GB"
    return str(parse_locale(name))


def _opt_bool(value: object) -> bool | None:
    if value in (None, "", "auto"):
        return None
    return str(value).lower() in ("true", "1", "12")


def _opt_int(value: object) -> int | None:
    if value in (None, "", "auto"):
        return None
    try:
        n = int(str(value))
    except ValueError:
        return None
    return n if 0 <= n <= 6 else None


class AppSettings:
    def __init__(self, settings: QSettings):
        self.q = settings

    # --- preferences --------------------------------------------------------

    @property
    def locale(self) -> str | None:
        v = self.q.value("prefs/locale")
        return str(v) if v else None

    @locale.setter
    def locale(self, value: str | None) -> None:
        self.q.setValue("prefs/locale", value or "")

    @property
    def hour12(self) -> bool | None:
        return _opt_bool(self.q.value("prefs/hour12"))

    @hour12.setter
    def hour12(self, value: bool | None) -> None:
        self.q.setValue("prefs/hour12", "auto" if value is None else ("12" if value else "24"))

    @property
    def week_start(self) -> int | None:
        return _opt_int(self.q.value("prefs/week_start"))

    @week_start.setter
    def week_start(self, value: int | None) -> None:
        self.q.setValue("prefs/week_start", "auto" if value is None else str(value))

    @property
    def theme(self) -> str:
        v = str(self.q.value("prefs/theme") or "system")
        return v if v in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("prefs/theme", value if value in THEMES else "system")

    def formats(self) -> Formats:
        return Formats(self.locale or system_locale(), self.hour12, self.week_start)

    # --- files --------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.q.value("files/recent") or []
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value if v][:MAX_RECENT]

    def add_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != p]
        self.q.setValue("files/recent", [p, *files][:MAX_RECENT])
        self.q.setValue("files/last", p)

    def remove_recent(self, path: str) -> None:
        self.q.setValue("files/recent", [f for f in self.recent_files() if f != path])

    @property
    def last_file(self) -> str | None:
        v = self.q.value("files/last")
        return str(v) if v else None

    # --- window state -------------------------------------------------------

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geo = self.q.value("window/geometry")
        state = self.q.value("window/state")
        return (geo if isinstance(geo, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def value(self, key: str, default: object = None) -> object:
        return self.q.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self.q.setValue(key, value)
