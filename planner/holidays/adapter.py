"""Public holidays and weekends, behind one small adapter.

The ``holidays`` library hands out a mutable dict that grows lazily as dates
are looked up, labels estimated dates inside the holiday *name*, and keeps a
country's weekend rule in (sometimes date-dependent) class code.  The core
wants none of that: it gets frozen :class:`Holiday` values and a
:class:`RegionCalendar` of frozensets for an explicit set of years.

Year semantics: a calendar for the years S holds exactly the holidays the
library dates *in* S.  The library itself puts an observed day into the year
of its date (New Year's Day 2022 observed on Friday 2021-12-31 is part of the
2021 build), so a range that crosses 1 January must ask for both years, and
asking for ``{2021}`` does include 2021-12-31.  Every build uses
``expand=False`` so nothing is computed behind our back.

Building is cached per (country, subdivision, categories, language, year) in
a :class:`HolidayStore` that the caller creates and passes around; there is no
module-level holiday cache.  Only the library's static country index is
memoised at module level, like ``planner.zones.all_keys``.

Holidays from a site's ``.ics`` feed are read by :mod:`planner.ics.holiday_feed`
into the same :class:`Holiday` values (category :data:`FEED_CATEGORY`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

import holidays as _lib

from planner.errors import InputError, Problem
from planner.i18n import _, pgettext

LIBRARY_VERSION: str = str(getattr(_lib, "__version__", "unknown"))

DEFAULT_CATEGORIES: tuple[str, ...] = ("public",)
FEED_CATEGORY = "feed"

# The language a calendar uses when the caller names none: the issue asks for
# English wherever the library has no translation in the user's language.
_ENGLISH = "en_US"


# --- values ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Holiday:
    """One named day off.  A date with two names is two ``Holiday`` values."""

    date: dt.date
    name: str
    country: str  # ISO 3166-1 alpha-2; "" for a holiday from an .ics feed
    subdivision: str | None = None
    estimated: bool = False  # lunar / moon-sighting date: the UI marks it
    category: str = "public"


@dataclass(frozen=True, slots=True)
class RegionCalendar:
    """Holidays, weekend and moved working days of one region for some years.

    ``weekend`` is the rule in force at the end of the last year asked for (the
    library knows of countries that moved their weekend, e.g. the UAE in 2022,
    and of Malaysian states with a Friday-Saturday weekend); ``is_weekend``
    answers per date.  ``workdays`` are weekend dates made working days by law
    (China, Russia, Kazakhstan, ...).  Weekend handling stays with the caller.
    """

    country: str
    subdivision: str | None
    categories: tuple[str, ...]
    language: str | None
    years: tuple[int, ...]
    holidays: tuple[Holiday, ...]
    weekend: frozenset[int]
    workdays: frozenset[dt.date]
    weekend_dates: frozenset[dt.date]
    # The years the library has data for in this country; outside them a
    # calendar is empty, which the UI may want to say.
    data_years: tuple[int, int] = (1, 9999)
    _by_date: Mapping[dt.date, tuple[Holiday, ...]] = field(
        init=False, repr=False, compare=False)
    _year_set: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_date: dict[dt.date, list[Holiday]] = {}
        for h in self.holidays:
            by_date.setdefault(h.date, []).append(h)
        object.__setattr__(self, "_by_date", MappingProxyType(
            {d: tuple(hs) for d, hs in by_date.items()}))
        object.__setattr__(self, "_year_set", frozenset(self.years))

    @property
    def dates(self) -> frozenset[dt.date]:
        """Every date with at least one holiday."""
        return frozenset(self._by_date)

    @property
    def missing_years(self) -> tuple[int, ...]:
        """Years asked for that the library has no data for in this country."""
        lo, hi = self.data_years
        return tuple(y for y in self.years if not lo <= y <= hi)

    def covers(self, day: dt.date) -> bool:
        return day.year in self._year_set

    def _check(self, day: dt.date) -> None:
        if day.year not in self._year_set:
            # A silent "no holiday" for a year that was never built would be
            # wrong without anyone noticing; this is a programming error.
            raise ValueError(f"{day} is outside the years this calendar was built for "
                             f"({', '.join(map(str, self.years)) or 'none'})")

    def lookup(self, day: dt.date) -> tuple[Holiday, ...]:
        """The holidays on a date, in the library's order (may be several)."""
        self._check(day)
        return self._by_date.get(day, ())

    def names(self, day: dt.date) -> tuple[str, ...]:
        return tuple(h.name for h in self.lookup(day))

    def is_day_off(self, day: dt.date) -> str | None:
        """The holiday name(s) on a date joined with " / ", or None.  Not weekends."""
        names = self.names(day)
        return " / ".join(names) if names else None

    def is_weekend(self, day: dt.date) -> bool:
        """Whether the date falls on the region's weekend (moved workdays included)."""
        self._check(day)
        return day in self.weekend_dates

    def is_working_day(self, day: dt.date) -> bool:
        """Neither a holiday nor a weekend day, unless moved onto the weekend by law."""
        if self.lookup(day):
            return False
        return not self.is_weekend(day) or day in self.workdays


# --- the library's country index ---------------------------------------------


@cache
def _countries() -> frozenset[str]:
    """Every alpha-2 code the library supports (static data; no country is loaded)."""
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes(include_aliases=False))


@cache
def _aliases() -> frozenset[str]:
    """Other codes the library accepts for a country (alpha-3, "UK")."""
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes(include_aliases=True)) - _countries()


@cache
def _entity(code: str) -> type[_lib.HolidayBase]:
    """The library's class for a code it supports (aliases resolve to subclasses)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return type(_lib.country_holidays(code, years=(), expand=False))


@cache
def _country_names() -> Mapping[str, str]:
    try:
        from babel import Locale

        territories: Mapping[str, str] = Locale("en").territories
    except Exception:  # babel without its data: codes alone still work
        territories = {}
    return MappingProxyType({code: territories.get(code, code) for code in _countries()})


# Names people type that no locale spells as a country.
_INFORMAL = {"holland": "NL", "england": "GB", "scotland": "GB", "wales": "GB",
             "britain": "GB", "great britain": "GB", "america": "US", "usa": "US",
             "korea": "KR", "south korea": "KR", "north korea": "KP", "czechia": "CZ",
             "uae": "AE", "emirates": "AE", "russia": "RU", "vietnam": "VN"}


@cache
def _name_index() -> Mapping[str, str]:
    """Folded country names in a few major languages -> code ("deutschland" -> "DE")."""
    index: dict[str, str] = {}
    try:
        from babel import Locale

        for lang in ("en", "de", "fr", "es", "pt", "it", "nl", "pl", "ru", "tr", "zh", "ja",
                     "ar", "hi", "id"):
            for code, name in Locale(lang).territories.items():
                if code in _countries():
                    index.setdefault(name.casefold(), code)
    except Exception:  # babel without its data
        pass
    for code, name in _country_names().items():
        index.setdefault(name.casefold(), code)
    for name, code in _INFORMAL.items():
        index.setdefault(name, code)
    return MappingProxyType(index)


def country_name(code: str) -> str:
    """English name of a supported country code ("DE" -> "Germany")."""
    return _country_names().get(code.upper(), code)


def _or_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + pgettext("alternatives", " or ") + items[-1]


def _close(text: str, options: Iterable[str], n: int, cutoff: float) -> list[str]:
    folded = {o.casefold(): o for o in options}
    return [folded[m] for m in difflib.get_close_matches(text.casefold(), list(folded), n=n,
                                                         cutoff=cutoff)]


def _country_problem(country: str, field_: str | None, path: str | None,
                     line: int | None) -> Problem:
    text = country.strip()
    folded = text.casefold()
    names = _country_names()
    by_name = _name_index()
    hits: list[str] = []
    if folded in by_name:
        hits.append(by_name[folded])
    if len(text) >= 3:  # the start of a name: "Ger", "United"
        hits += [by_name[n] for n in sorted(by_name) if n.startswith(folded)][:4]
    if len(text) in (2, 3):  # a mistyped code: one letter off, same first letter first
        up = text.upper()
        hits += sorted((c for c in names if len(c) == len(up)
                        and sum(a != b for a, b in zip(c, up, strict=True)) == 1),
                       key=lambda c: (c[0] != up[0], c))
    hits += [by_name[n] for n in difflib.get_close_matches(folded, list(by_name), n=3,
                                                           cutoff=0.75)]
    seen: list[str] = []
    for h in hits:
        if h.upper() not in seen:
            seen.append(h.upper())
    if seen:
        suggestion = _("did you mean {options}?").format(options=_or_list(
            [f'"{c}" ({names[c]})' for c in seen[:4]]))
    else:
        suggestion = _('use a two-letter ISO 3166-1 code, e.g. "DE" for Germany')
    return Problem(_('unknown country "{country}"').format(country=country), path=path, line=line,
                   field=_field(field_, "country"), suggestion=suggestion)


def _field(prefix: str | None, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _resolve_country(country: str, field_: str | None = None, path: str | None = None,
                     line: int | None = None) -> str:
    code = country.strip().upper() if isinstance(country, str) else ""
    if code in _countries():
        return code
    if code in _aliases():
        return str(_entity(code).country)
    raise InputError(_country_problem(str(country), field_, path, line))


def _resolve_subdivision(code: str, subdivision: str, field_: str | None,
                         path: str | None, line: int | None) -> str:
    cls = _entity(code)
    subs = tuple(cls.subdivisions)
    aliases: Mapping[str, str] = getattr(cls, "subdivisions_aliases", {}) or {}
    text = str(subdivision).strip()
    candidates = [text]
    # ISO 3166-2 writes the full code ("DE-BY"); the plan file takes the suffix.
    if text.upper().startswith(code + "-"):
        candidates.insert(0, text[len(code) + 1:])
    by_code = {s.upper(): s for s in subs}
    by_alias = {a.casefold(): s for a, s in aliases.items()}
    for cand in candidates:
        if cand.upper() in by_code:
            return by_code[cand.upper()]
        if cand.casefold() in by_alias:
            return by_alias[cand.casefold()]
    reason = _('unknown subdivision "{subdivision}" for {code} ({country})').format(
        subdivision=subdivision, code=code, country=country_name(code))
    if not subs:
        raise InputError(Problem(reason, path=path, line=line,
                                 field=_field(field_, "subdivision"),
                                 suggestion=_("{code} has no subdivisions in the holiday data; "
                                              "leave subdivision out").format(code=code)))
    hits = _close(candidates[0], subs, 3, 0.5)
    hits += [aliases[a] for a in _close(candidates[0], aliases, 3, 0.6)]
    names = {s: a for a, s in sorted(aliases.items())}
    seen: list[str] = []
    for h in hits:
        if h not in seen:
            seen.append(h)
    if seen:
        suggestion = _("did you mean {options}?").format(options=_or_list(
            [f'"{s}"' + (f" ({names[s]})" if s in names else "") for s in seen[:4]]))
    else:
        shown = ", ".join(subs[:40]) + (", …" if len(subs) > 40 else "")
        suggestion = _("valid subdivisions of {code}: {shown}").format(code=code, shown=shown)
    raise InputError(Problem(reason, path=path, line=line, field=_field(field_, "subdivision"),
                             suggestion=suggestion))


def validate_region(country: str, subdivision: str | None = None, *,
                    field: str | None = None, path: str | None = None,
                    line: int | None = None) -> tuple[str, str | None]:
    """Canonical ``(country, subdivision)`` codes, or InputError naming the bad one.

    Accepts alpha-2 codes in any case, the library's aliases (alpha-3, "UK"),
    subdivision codes with or without the ISO 3166-2 country prefix and the
    library's subdivision names ("Bayern", "Massachusetts").  ``field`` is the
    entry's label, e.g. ``"member[2]"``; problems name ``member[2].country`` or
    ``member[2].subdivision``.
    """
    if isinstance(country, str) and (subdivision is None or isinstance(subdivision, str)):
        known = _valid_region(country, subdivision)
        if known is not None:
            return known
    code = _resolve_country(country, field, path, line)
    if subdivision is None or str(subdivision).strip() == "":
        return code, None
    return code, _resolve_subdivision(code, subdivision, field, path, line)


@cache
def _valid_region(country: str, subdivision: str | None) -> tuple[str, str | None] | None:
    """validate_region's answer for a valid region, or None; a plan names the same few
    regions for thousands of members (the library's static data: cached like _entity)."""
    try:
        code = _resolve_country(country)
        if subdivision is None or subdivision.strip() == "":
            return code, None
        return code, _resolve_subdivision(code, subdivision, None, None, None)
    except InputError:
        return None


def supported_categories(country: str) -> tuple[str, ...]:
    """The holiday categories the library offers for a country, default first."""
    cls = _entity(_resolve_country(country))
    default = str(cls.default_category)
    return (default, *sorted(c for c in cls.supported_categories if c != default))


def _resolve_categories(code: str, categories: Iterable[str] | str | None,
                        field_: str | None, path: str | None,
                        line: int | None) -> tuple[str, ...]:
    if categories is None:
        categories = ()
    elif isinstance(categories, str):
        categories = (categories,)
    offered = supported_categories(code)
    wanted: list[str] = []
    problems = []
    for cat in categories:
        norm = str(cat).strip().lower().replace("-", "_")
        if norm in offered:
            if norm not in wanted:
                wanted.append(norm)
            continue
        close = _close(norm, offered, 1, 0.6)
        hint = _('did you mean "{suggestion}"? ').format(suggestion=close[0]) if close else ""
        problems.append(Problem(
            _('unknown holiday category "{cat}" for {code} '
              "({country})").format(cat=cat, code=code, country=country_name(code)),
            path=path, line=line, field=_field(field_, "categories"),
            suggestion=_("{hint}{code} offers: "
                         "{offered}").format(hint=hint, code=code, offered=', '.join(offered))))
    if problems:
        raise InputError(problems)
    if not wanted:
        wanted = [offered[0]]
    return tuple(sorted(wanted, key=lambda c: (c != offered[0], c)))


# --- languages ---------------------------------------------------------------


def _split_locale(locale: str) -> tuple[str, str | None, str | None]:
    """("pt", None, "BR") from "pt_BR", "pt-BR", "pt_BR.UTF-8", "zh_Hant_TW"."""
    text = locale.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    parts = [p for p in text.split("_") if p]
    if not parts:
        return "", None, None
    lang = parts[0].lower()
    script = territory = None
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            script = p.title()
        elif len(p) in (2, 3):
            territory = p.upper()
    return lang, script, territory


def holiday_language(locale: str | None, country: str) -> str | None:
    """The library language for a babel locale, or None for the library's default.

    Exact match ("pt_BR"), then the language alone ("de" for "de_DE"), then a
    regional variant of the language (the country's own first: "en_IN" for
    India, else "pt_BR" for "pt"), then English ("en_US" or any English the
    country has).  None when the country has no translations at all: its names
    are then the library's own (English for those countries).
    """
    code = _resolve_country(country)
    cls = _entity(code)
    supported = tuple(str(s) for s in cls.supported_languages)
    if not supported:
        return None
    by_fold = {s.casefold(): s for s in supported}
    lang, script, territory = _split_locale(locale or "")
    if lang in ("c", "posix", ""):
        lang, script, territory = "en", None, "US"

    def pick(lang: str, territory: str | None) -> str | None:
        if territory and (hit := by_fold.get(f"{lang}_{territory}".casefold())):
            return hit
        if hit := by_fold.get(lang):
            return hit
        variants = [s for s in supported if s.split("_")[0].casefold() == lang]
        if not variants:
            return None
        for preferred in (f"{lang}_{code}", "en_US" if lang == "en" else ""):
            if preferred.casefold() in by_fold and by_fold[preferred.casefold()] in variants:
                return by_fold[preferred.casefold()]
        return sorted(variants)[0]

    if script and (hit := by_fold.get(f"{lang}_{script}".casefold())):
        return hit
    return pick(lang, territory) or pick("en", "US") or (
        str(cls.default_language) if cls.default_language else None)


# --- weekends ----------------------------------------------------------------

# The library keeps date-dependent weekend rules in code, not data; the rule
# "in force from now on" is the one it applies to a date far ahead (no clock in
# the core).  A week is enough: rules are per weekday.
_REFERENCE_WEEK = dt.date(2100, 1, 4)  # a Monday


def _weekend_of(inst: _lib.HolidayBase, days: Iterable[dt.date]) -> frozenset[dt.date]:
    get = getattr(inst, "_get_weekend", None)
    if get is None:  # pragma: no cover - every 0.109 entity has it
        wk = frozenset(inst.weekend)
        return frozenset(d for d in days if d.weekday() in wk)
    return frozenset(d for d in days if d.weekday() in get(d))


def _empty_instance(code: str, subdivision: str | None) -> _lib.HolidayBase:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _lib.country_holidays(code, subdiv=subdivision, years=(), expand=False)


@cache
def _current_weekend(code: str, subdivision: str | None) -> frozenset[int]:
    week = [_REFERENCE_WEEK + dt.timedelta(days=i) for i in range(7)]
    return frozenset(d.weekday() for d in _weekend_of(_empty_instance(code, subdivision), week))


def country_weekend(country: str, subdivision: str | None = None) -> frozenset[int]:
    """The weekdays (Monday=0) a country, or one of its subdivisions, rests on."""
    code, sub = validate_region(country, subdivision)
    return _current_weekend(code, sub)


# --- estimated labels --------------------------------------------------------


def _label_pattern(fmt: str) -> re.Pattern[str] | None:
    parts = fmt.split("%s")
    if len(parts) != 2:
        return None
    return re.compile(f"^{re.escape(parts[0])}(.+?){re.escape(parts[1])}$", re.S)


@dataclass(frozen=True, slots=True)
class _Labels:
    """Recognises the library's estimated-date labels in one language.

    The library writes an estimate into the name through ``estimated_label``
    ("%s (estimated)", "%s (تقديري)", "%s（推定）") and, for an observed day of an
    estimated holiday, ``observed_estimated_label``; both go through the
    entity's translations.  Cleaning the second gives back the observed name
    the library uses when estimates are not shown.
    """

    estimated: re.Pattern[str] | None
    observed_estimated: re.Pattern[str] | None
    observed: str

    @classmethod
    def of(cls, inst: _lib.HolidayBase) -> _Labels:
        tr: Callable[[str], str] = inst.tr
        est = getattr(inst, "estimated_label", None)
        obs_est = getattr(inst, "observed_estimated_label", None)
        observed = tr(getattr(inst, "observed_label", "%s") or "%s")
        return cls(_label_pattern(tr(est)) if est else None,
                   _label_pattern(tr(obs_est)) if obs_est else None,
                   observed if "%s" in observed else "%s")

    def clean(self, name: str) -> tuple[str, bool]:
        if self.observed_estimated and (m := self.observed_estimated.match(name)):
            return self.observed % m.group(1), True
        if self.estimated and (m := self.estimated.match(name)):
            return m.group(1), True
        return name, False


# --- the store ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Region:
    code: str
    subdivision: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class _Year:
    holidays: tuple[Holiday, ...]
    workdays: frozenset[dt.date]


def _days_of(year: int) -> Iterator[dt.date]:
    d = dt.date(year, 1, 1)
    one = dt.timedelta(days=1)
    while d.year == year:
        yield d
        d += one


class HolidayStore:
    """Builds holiday years with the library once and remembers them.

    Create one per plan (the window and the command line each own one) and pass
    it to :func:`region_calendar`.  Repeating a request returns the same
    :class:`RegionCalendar` object from a dict lookup, so a redraw that asks for
    every member and day costs microseconds.  Not shared between threads.
    """

    def __init__(self, max_entries: int = 8192) -> None:
        self._max = max_entries
        self._years: dict[tuple[Any, ...], _Year] = {}
        self._weekends: dict[tuple[Any, ...], tuple[frozenset[dt.date], frozenset[int]]] = {}
        self._calendars: dict[tuple[Any, ...], RegionCalendar] = {}
        self.builds = 0  # library constructions so far (tests and benchmarks read it)

    def clear(self) -> None:
        self._years.clear()
        self._weekends.clear()
        self._calendars.clear()

    def _remember(self, memo: dict[tuple[Any, ...], Any], key: tuple[Any, ...],
                  value: Any) -> None:
        if len(memo) >= self._max:
            memo.pop(next(iter(memo)))  # oldest first: dicts keep insertion order
        memo[key] = value

    def calendar(self, country: str, subdivision: str | None = None, *,
                 years: Iterable[int], categories: Iterable[str] | str = DEFAULT_CATEGORIES,
                 language: str | None = None, field: str | None = None,
                 path: str | None = None, line: int | None = None) -> RegionCalendar:
        """See :func:`region_calendar`."""
        year_key = years if isinstance(years, tuple) else tuple(years)
        cat_key = (categories,) if isinstance(categories, str) else tuple(categories)
        key = (country, subdivision, cat_key, language, year_key)
        hit = self._calendars.get(key)
        if hit is not None:
            return hit
        code, sub = validate_region(country, subdivision, field=field, path=path, line=line)
        cats = _resolve_categories(code, cat_key, field, path, line)
        lang = holiday_language(language or _ENGLISH, code)
        ys = tuple(sorted(set(year_key)))
        for y in ys:
            if not isinstance(y, int) or not 1 <= y <= 9998:
                raise InputError(Problem(_("year {y!r} is out of range").format(y=y),
                                         path=path, line=line, field=field,
                                         suggestion=_("use a year between 1 and 9998")))
        region = _Region(code, sub, lang)
        holidays_: list[Holiday] = []
        workdays: set[dt.date] = set()
        weekend_dates: set[dt.date] = set()
        weekend: frozenset[int] = _current_weekend(code, sub)
        for y in ys:
            data = self._year(region, cats, y)
            holidays_.extend(data.holidays)
            workdays |= data.workdays
            wd, weekend = self._weekend(region, y)
            weekend_dates |= wd
        cls = _entity(code)
        cal = RegionCalendar(
            country=code, subdivision=sub, categories=cats, language=lang, years=ys,
            holidays=tuple(holidays_), weekend=weekend, workdays=frozenset(workdays),
            weekend_dates=frozenset(weekend_dates),
            data_years=(int(getattr(cls, "start_year", 1)), int(getattr(cls, "end_year", 9999))))
        self._remember(self._calendars, key, cal)
        return cal

    def _build(self, region: _Region, cats: tuple[str, ...], year: int) -> _lib.HolidayBase:
        cls = _entity(region.code)
        # Ask every lunar calendar the entity has to label its estimates; the
        # labels are parsed back out below (Saudi Arabia hides them by default).
        options: dict[str, Any] = {k: True for k in cls.get_supported_options()
                                   if k.endswith("show_estimated")}
        self.builds += 1
        with warnings.catch_warnings():
            # "Requested Holidays are available only from 2001 to 2035" and the
            # like: data_years / missing_years carry that to the caller.
            warnings.simplefilter("ignore")
            return _lib.country_holidays(region.code, subdiv=region.subdivision, years=year,
                                         expand=False, language=region.language,
                                         categories=cats, **options)

    def _year(self, region: _Region, cats: tuple[str, ...], year: int) -> _Year:
        key = (region, cats, year)
        hit = self._years.get(key)
        if hit is not None:
            return hit
        inst = self._build(region, cats, year)
        labels = _Labels.of(inst)
        entries: list[tuple[dt.date, str, bool]] = []
        for d in sorted(inst):
            if d.year != year:  # the library builds one year at a time (tested)
                continue
            for raw in inst.get_list(d):
                name, estimated = labels.clean(raw)
                entries.append((d, name, estimated))
        category_of = self._categories_of(region, cats, year, entries)
        result = _Year(
            holidays=tuple(Holiday(d, name, region.code, region.subdivision, est,
                                   category_of(d, name)) for d, name, est in entries),
            workdays=frozenset(d for d in inst.weekend_workdays if d.year == year))
        self._remember(self._years, key, result)
        return result

    def _categories_of(self, region: _Region, cats: tuple[str, ...], year: int,
                       entries: list[tuple[dt.date, str, bool]]
                       ) -> Callable[[dt.date, str], str]:
        if len(cats) == 1:
            return lambda d, name: cats[0]
        # Built together, categories can interact (an observed day computed
        # over both), so dates and names come from the joint build and each
        # holiday takes the category of the single build that has it.
        exact: dict[tuple[dt.date, str], str] = {}
        by_name: dict[str, str] = {}
        for cat in cats:
            for h in self._year(region, (cat,), year).holidays:
                exact.setdefault((h.date, h.name), cat)
                by_name.setdefault(h.name, cat)
        return lambda d, name: exact.get((d, name)) or by_name.get(name) or cats[0]

    def _weekend(self, region: _Region, year: int) -> tuple[frozenset[dt.date], frozenset[int]]:
        key = (region.code, region.subdivision, year)
        hit = self._weekends.get(key)
        if hit is not None:
            return hit
        inst = _empty_instance(region.code, region.subdivision)
        dates = _weekend_of(inst, _days_of(year))
        last_week = [dt.date(year, 12, 25) + dt.timedelta(days=i) for i in range(7)]
        rule = frozenset(d.weekday() for d in last_week if d in dates)
        self._remember(self._weekends, key, (dates, rule))
        return dates, rule


def region_calendar(country: str, subdivision: str | None = None, *, years: Iterable[int],
                    categories: Iterable[str] | str = DEFAULT_CATEGORIES,
                    language: str | None = None, store: HolidayStore | None = None,
                    field: str | None = None, path: str | None = None,
                    line: int | None = None) -> RegionCalendar:
    """The holidays of a region for an explicit set of years.

    ``language`` is a library language or any babel locale (mapped with
    :func:`holiday_language`); None means English where the library has it.
    Unknown country, subdivision or category codes raise InputError naming
    ``field`` (an entry label such as ``"member[2]"``), ``path`` and ``line``.
    Without a ``store`` nothing is cached.
    """
    return (store or HolidayStore()).calendar(
        country, subdivision, years=years, categories=categories, language=language,
        field=field, path=path, line=line)
