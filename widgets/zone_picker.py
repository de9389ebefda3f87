"""A time-zone field that finds zones by city, country, key, abbreviation or
localized name, and suggests fixes for typos (``planner.zones.suggest_zones``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from planner.errors import describe
from planner.i18n import _
from planner.zones import available_zones, check_zone_key, city_of, get_zone

from .formatting import Formats, offset_text

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class ZoneEntry:
    key: str
    city: str
    country: str
    abbreviation: str
    offset: str
    localized: str

    @property
    def label(self) -> str:
        """What the completer shows and matches against: every way to find the zone."""
        parts = [self.city]
        if self.country:
            parts.append(self.country)
        head = ", ".join(parts)
        extra = [self.offset]
        if self.abbreviation and not self.abbreviation.startswith(("+", "-")):
            extra.append(self.abbreviation)
        if self.localized and self.localized.lower() not in head.lower():
            extra.append(self.localized)
        return f"{head} — {' · '.join(extra)} — {self.key}"


@cache
def _zone_tab() -> dict[str, str]:
    """Canonical zone keys and their country code, from the tzdata package's zone.tab.

    Aliases ("Australia/ACT", "US/Eastern") are left out: the picker offers
    each place once, under the key the tz database itself uses.
    """
    from importlib.resources import files

    out: dict[str, str] = {}
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            out[parts[2]] = parts[0]
    return out


@cache
def zone_entries(locale: str, when: datetime) -> tuple[ZoneEntry, ...]:
    """Every canonical zone with its names at an instant (abbreviations change with DST)."""
    f = Formats(locale)
    from babel.dates import get_timezone_location

    territories = f.babel_locale.territories
    out = []
    tab = _zone_tab()
    known = available_zones()
    for key in sorted(k for k in tab if k in known):
        local = when.astimezone(get_zone(key))
        code = tab[key]
        try:
            localized = get_timezone_location(key, locale=f.babel_locale)
        except (LookupError, ValueError):
            localized = ""
        out.append(ZoneEntry(key, city_of(key), territories.get(code, code), local.tzname() or "",
                             offset_text(local), localized))
    # UTC is no place, but a check-in can be anchored in it on purpose.
    out.append(ZoneEntry("UTC", "UTC", "", "UTC", "UTC+00:00", _("Coordinated Universal Time")))
    return tuple(out)


def search_zones(entries: tuple[ZoneEntry, ...], text: str, limit: int = 20) -> list[ZoneEntry]:
    """Entries whose city, country, key, abbreviation or localized name contain the text."""
    needle = text.strip().lower()
    if not needle:
        return []
    exact, starts, contains = [], [], []
    for e in entries:
        fields = (e.city.lower(), e.key.lower(), e.country.lower(), e.abbreviation.lower(),
                  e.localized.lower())
        if needle in (e.city.lower(), e.key.lower(), e.abbreviation.lower()):
            exact.append(e)
        elif any(f.startswith(needle) for f in fields):
            starts.append(e)
        elif any(needle in f for f in fields):
            contains.append(e)
    return (exact + starts + contains)[:limit]


class ZonePicker(QLineEdit):
    """A line edit holding a zone key, with a searching completer.

    Emits ``zone_chosen(key)`` when the user picks a completion.
    """

    zone_chosen = Signal(str)

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._clock = clock
        self._formats = formats or Formats()
        self._entries: tuple[ZoneEntry, ...] | None = None
        self._keys_by_label: dict[str, str] = {}
        self._list = QStringListModel(self)
        self._completer = QCompleter(self._list, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        self.setPlaceholderText(_("city, country, zone or abbreviation"))
        # activated is overloaded (text, index); the stubs' SignalInstance lacks __getitem__.
        self._completer.activated[str].connect(  # type: ignore[index]
            self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)

    def entries(self) -> tuple[ZoneEntry, ...]:
        if self._entries is None:
            now = self._clock().replace(second=0, microsecond=0, minute=0)
            self._entries = zone_entries(self._formats.locale, now)
        return self._entries

    def _on_text_edited(self, text: str) -> None:
        # Rank our own way (exact city or abbreviation first), then let the
        # completer show the list; ``MatchContains`` keeps it in our order.
        found = search_zones(self.entries(), text, limit=40)
        self._keys_by_label = {e.label: e.key for e in found}
        labels = [e.label for e in found]
        self._list.setStringList(labels)
        self._fit_popup(labels)

    def _fit_popup(self, labels: list[str]) -> None:
        """Make the list wide enough for whole entries ("Kolkata, India — UTC+05:30 · IST ·
        India Standard Time — Asia/Kolkata"), as far as the screen allows; an entry
        still too long loses its middle, keeping the city and the zone key."""
        popup = self._completer.popup()
        if popup is None:
            return
        popup.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        fm = popup.fontMetrics()
        scrollbar = popup.verticalScrollBar().sizeHint().width()
        wanted = max((fm.horizontalAdvance(label) for label in labels), default=0) \
            + scrollbar + 4 * popup.frameWidth() + 16
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry().right() - self.mapToGlobal(self.rect().topLeft()).x()
            wanted = min(wanted, max(room, self.width()))
        popup.setMinimumWidth(max(wanted, self.width()))

    def _on_completer_activated(self, label: str) -> None:
        key = self._keys_by_label.get(label, label.rsplit(" — ", 1)[-1])
        # The completer writes the label into the field after this signal.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self._set_key(key))

    def _set_key(self, key: str) -> None:
        self.setText(key)
        self.zone_chosen.emit(key)

    def zone(self) -> str:
        return self.text().strip()

    def problem(self, allow_utc: bool = False) -> str | None:
        p = check_zone_key(self.zone(), allow_utc=allow_utc)
        return None if p is None else describe(p)
