"""Locale-aware text for times, dates and offsets, through babel's CLDR formats.

One :class:`Formats` value is built by the app from the user's settings
(locale from the system unless overridden, 12/24-hour clock, week start) and
handed to every widget; nothing here reads settings itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # babel (and its CLDR data) loads with the first formatted date, not
    from babel import Locale  # before the window first paints

DEFAULT_LOCALE = "en_GB"


def parse_locale(text: str | None) -> Locale:
    """A babel Locale for a POSIX or BCP 47 tag; falls back to en_GB for unknown tags."""
    from babel import Locale, UnknownLocaleError

    if text:
        for sep in ("_", "-"):
            try:
                return Locale.parse(text.split(".")[0].split("@")[0], sep=sep)
            except (ValueError, UnknownLocaleError):
                continue
    return Locale.parse(DEFAULT_LOCALE)


@dataclass(frozen=True)
class Formats:
    """How to write times and dates for the user.

    ``hour12`` and ``week_start`` of None mean "what the locale does".
    """

    locale: str = DEFAULT_LOCALE
    hour12: bool | None = None
    week_start: int | None = None  # 0 = Monday ... 6 = Sunday
    _cache: dict[object, str] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def babel_locale(self) -> Locale:
        return parse_locale(self.locale)

    @cached_property
    def uses_12h(self) -> bool:
        if self.hour12 is not None:
            return self.hour12
        pattern = self.babel_locale.time_formats["short"].pattern
        # CLDR: h and K are 12-hour fields, H and k 24-hour ones.
        return "h" in pattern or "K" in pattern

    @cached_property
    def first_week_day(self) -> int:
        if self.week_start is not None:
            return self.week_start
        return int(self.babel_locale.first_week_day)

    @cached_property
    def _time_pattern(self) -> str:
        # CLDR's own hour-and-minute pattern for the chosen clock: "h:mm a" in English,
        # "aK:mm" (午後2:00) in Japanese, "H:mm" for a 24-hour clock in Spanish.
        return _skeleton(self.babel_locale, "hm" if self.uses_12h else "Hm", "HH:mm")

    @cached_property
    def _hour_pattern(self) -> str:
        """CLDR's pattern for a bare hour, made compact for the grid's hour marks: the
        narrow day period ("2 p", 午後2時) and no quoted words ("14 Uhr" → "14")."""
        if self.uses_12h:
            return _skeleton(self.babel_locale, "h", "h a").replace("a", "aaaaa")
        return _without_quoted_words(_skeleton(self.babel_locale, "H", "HH"))

    @cached_property
    def qt_date_format(self) -> str:
        """The locale's short date pattern in Qt's display-format syntax, for date
        fields (QDateEdit): 09.03.2026, 3/9/2026, 2026/03/09. The year is always four
        digits: a two-digit year in a field that is typed into is ambiguous."""
        return qt_date_format(self.babel_locale.date_formats["short"].pattern)

    def time(self, t: datetime) -> str:
        """Wall-clock time of an aware datetime, in its own zone."""
        from babel.dates import format_time

        return format_time(t, self._time_pattern, locale=self.babel_locale)

    def hour_label(self, hour: int) -> str:
        """A compact label for a full local hour, for grid rows."""
        key = ("h", hour)
        text = self._cache.get(key)
        if text is None:
            from babel.dates import format_time

            text = format_time(time(hour), self._hour_pattern, locale=self.babel_locale)
            self._cache[key] = text
        return text

    def day(self, d: date) -> str:
        """Weekday, day and month: "Mon, 9 Mar"."""
        key = ("d", d)
        text = self._cache.get(key)
        if text is None:
            from babel.dates import format_skeleton

            text = format_skeleton("MMMEd", d, locale=self.babel_locale)
            self._cache[key] = text
        return text

    def weekday(self, d: date) -> str:
        """The abbreviated weekday: "Tue"."""
        key = ("w", d.weekday())
        text = self._cache.get(key)
        if text is None:
            from babel.dates import format_skeleton

            text = format_skeleton("E", d, locale=self.babel_locale)
            self._cache[key] = text
        return text

    def long_day(self, d: date) -> str:
        from babel.dates import format_date

        return format_date(d, "full", locale=self.babel_locale)

    def short_date(self, d: date) -> str:
        from babel.dates import format_date

        return format_date(d, "medium", locale=self.babel_locale)

    def day_time(self, t: datetime) -> str:
        """ "Mon, 9 Mar 14:30" in the datetime's own zone."""
        return f"{self.day(t.date())} {self.time(t)}"

    def week_start_of(self, d: date) -> date:
        return d - timedelta(days=(d.weekday() - self.first_week_day) % 7)


def offset_text(t: datetime) -> str:
    """ "UTC+05:45" for an aware datetime (a real minus sign for negative offsets)."""
    off = t.utcoffset() or timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def offset_and_abbreviation(t: datetime) -> str:
    """ "UTC+01:00 (CET)"; zones whose abbreviation is only a number show the offset alone."""
    text = offset_text(t)
    abbr = t.tzname() or ""
    return f"{text} ({abbr})" if abbr and not abbr.startswith(("+", "-")) else text


def short_offset(t: datetime) -> str:
    """ "+01:00 CET" or "+05:45": compact, for narrow columns."""
    text = offset_text(t)[3:]
    abbr = t.tzname() or ""
    return f"{text} {abbr}" if abbr and not abbr.startswith(("+", "-")) else text


def _skeleton(locale: Locale, skeleton: str, default: str) -> str:
    pattern = locale.datetime_skeletons.get(skeleton)
    return str(pattern) if pattern is not None else default


def _without_quoted_words(pattern: str) -> str:
    """A CLDR pattern without its quoted literal text ("HH 'Uhr'" → "HH")."""
    import re

    return re.sub(r"'[^']*'", "", pattern).strip() or pattern


# CLDR date fields and their Qt display-format equivalents (by field letter).
_QT_FIELDS = {"d": ("d", "dd"), "M": ("M", "MM", "MMM", "MMMM"), "L": ("M", "MM", "MMM", "MMMM"),
              "y": ("yyyy",), "E": ("ddd", "ddd", "ddd", "dddd")}


def qt_date_format(pattern: str) -> str:
    """A CLDR date pattern ("dd.MM.yy", "y/MM/dd") as a Qt date format ("dd.MM.yyyy",
    "yyyy/MM/dd"). Fields Qt has no equivalent for (eras, quarters) are left out."""
    from babel.dates import tokenize_pattern

    out: list[str] = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field" and isinstance(value, tuple):
            letter, count = value
            choices = _QT_FIELDS.get(letter)
            if choices:
                out.append(choices[min(count, len(choices)) - 1])
        elif isinstance(value, str) and (any(c.isalpha() for c in value) or "'" in value):
            out.append("'" + value.replace("'", "''") + "'")
        elif isinstance(value, str):
            out.append(value)
    return "".join(out).strip()
