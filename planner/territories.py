"""Which countries keep the time of a zone: a country to suggest for a zone, and
whether a country and a zone disagree.

A member's country decides their public holidays and their zone their hours,
so a country the zone is never used in (DE with America/New_York) is most
likely a slip.  The data: CLDR's territory of each zone (babel's
``zone_territories``, the country a zone is named for) and the tz database's
own tables (``zone.tab``: one country per line; ``zone1970.tab``: every
country whose clocks have agreed with the zone since 1970, e.g. Europe/Berlin
for DE, DK, NO, SE and SJ).
"""

from __future__ import annotations

from functools import cache

__all__ = ["country_disagrees", "suggested_country", "zone_countries"]


@cache
def _tz_tables() -> dict[str, frozenset[str]]:
    from importlib.resources import files

    folder = files("tzdata").joinpath("zoneinfo")
    out: dict[str, set[str]] = {}
    for name in ("zone.tab", "zone1970.tab"):
        try:
            text = folder.joinpath(name).read_text(encoding="utf-8")
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) >= 3:
                out.setdefault(parts[2], set()).update(c.strip() for c in parts[0].split(","))
    return {key: frozenset(codes) for key, codes in out.items()}


@cache
def _cldr() -> tuple[dict[str, str], dict[str, str]]:
    """babel's zone -> territory and alias -> zone tables."""
    from babel.core import get_global

    return dict(get_global("zone_territories")), dict(get_global("zone_aliases"))


def _canonical(zone: str) -> str:
    aliases = _cldr()[1]
    return aliases.get(zone, zone)


def suggested_country(zone: str) -> str | None:
    """The ISO 3166-1 code to suggest for someone in ``zone`` (Europe/Berlin: DE), or
    None for a zone that is no country's (UTC, Etc/GMT+5) or is unknown."""
    territories, _ = _cldr()
    for key in (zone, _canonical(zone)):
        code = territories.get(key)
        if code and code.isalpha() and code != "ZZ" and len(code) == 2:
            return code
    codes = _tz_tables().get(_canonical(zone), frozenset())
    return next(iter(codes)) if len(codes) == 1 else None


def zone_countries(zone: str) -> frozenset[str]:
    """Every country the zone's clocks are kept in, as far as the data knows."""
    key = _canonical(zone)
    found = set(_tz_tables().get(key, frozenset()) | _tz_tables().get(zone, frozenset()))
    code = suggested_country(zone)
    if code:
        found.add(code)
    return frozenset(found)


def country_disagrees(country: str | None, zone: str | None) -> bool:
    """True when ``country`` is known not to use ``zone`` (DE with America/New_York);
    False when they agree or the data cannot tell (no country, no zone, UTC)."""
    if not country or not zone:
        return False
    countries = zone_countries(zone)
    return bool(countries) and country.strip().upper() not in countries
