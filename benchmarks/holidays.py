"""Holidays for 50 countries over 3 years: first build, then cached lookups.

"First" is a fresh :class:`HolidayStore` building every (country, year) with
the library; the process has already imported the library's country modules
(that one-off import is reported separately).  "Redraw" is what the grid asks
on every paint of a week: for 50 members and 7 days, the member's calendar
from the store and the holidays on that date.  The baseline is the obvious
implementation without a store: the library's own lazily expanding dict,
built once per member and asked per date.
"""

from __future__ import annotations

import time as _time
import warnings
from datetime import date, timedelta

import holidays

from planner.holidays.adapter import HolidayStore

COUNTRIES = [
    "US", "DE", "GB", "FR", "IN", "CN", "JP", "BR", "CA", "AU", "SA", "AE", "EG", "ID",
    "IL", "IR", "NP", "RU", "UA", "KZ", "MX", "CL", "ZA", "NG", "KE", "SG", "MY", "KR",
    "TR", "PK", "VN", "TW", "ES", "NL", "SE", "PL", "BD", "AR", "IT", "CH", "AT", "BE",
    "PT", "IE", "NZ", "PH", "TH", "CO", "PE", "MA",
]
SUBDIVISIONS = {"US": "MA", "DE": "BY", "CA": "QC", "AU": "NSW", "IN": "KA", "ES": "CT",
                "CH": "ZH", "MY": "10"}
YEARS = (2025, 2026, 2027)
TARGET_MS = 10.0


def _timed(fn: object) -> float:
    t0 = _time.perf_counter()
    fn()  # type: ignore[operator]
    return _time.perf_counter() - t0


def run(json: bool = False) -> dict:
    assert len(COUNTRIES) == 50
    regions = [(c, SUBDIVISIONS.get(c)) for c in COUNTRIES]

    import_s = _timed(lambda: HolidayStore().calendar("US", years=[2026]))

    store = HolidayStore()

    def build_all() -> None:
        for code, sub in regions:
            store.calendar(code, sub, years=YEARS, language="en_US")

    first_s = _timed(build_all)
    builds = store.builds
    cached_s = min(_timed(build_all) for _ in range(20))
    assert store.builds == builds, "a cached request rebuilt a year"

    # A redraw of a week around New Year: members ask for the year of each date.
    week = [date(2026, 12, 28) + timedelta(days=i) for i in range(7)]
    members = [regions[i % len(regions)] for i in range(50)]

    def redraw() -> int:
        n = 0
        for code, sub in members:
            for d in week:
                n += len(store.calendar(code, sub, years=(d.year,), language="en_US").lookup(d))
        return n

    redraw()  # warm: 2027 was built above, nothing new is built here
    runs = 200
    t0 = _time.perf_counter()
    for _ in range(runs):
        hits = redraw()
    redraw_ms = (_time.perf_counter() - t0) / runs * 1000
    assert store.builds == builds

    # Baseline: the library's dict per member (expand=True builds years lazily).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        libs = [holidays.country_holidays(c, subdiv=s, language="en_US") for c, s in members]
        for lib in libs:
            for d in week:
                lib.get_list(d)
        t0 = _time.perf_counter()
        for _ in range(runs):
            for lib in libs:
                for d in week:
                    lib.get_list(d)
        baseline_ms = (_time.perf_counter() - t0) / runs * 1000

    result = {
        "countries": len(COUNTRIES), "years": list(YEARS), "library_builds": builds,
        "library_import_s": round(import_s, 4),
        "first_build_s": round(first_s, 4),
        "first_build_ms_per_country_year": round(first_s / builds * 1000, 3),
        "cached_all_ms": round(cached_s * 1000, 4),
        "redraw_lookups": len(members) * len(week), "redraw_holidays_found": hits,
        "redraw_ms": round(redraw_ms, 4), "baseline_library_dict_redraw_ms": round(baseline_ms, 4),
        "target_redraw_ms": TARGET_MS, "ok": redraw_ms < TARGET_MS,
    }
    if not json:
        print(f"library import + first country:  {import_s * 1000:8.1f} ms")
        print(f"first build, 50 countries x 3 y: {first_s * 1000:8.1f} ms "
              f"({builds} library builds, {result['first_build_ms_per_country_year']} ms each)")
        print(f"cached, same 150 calendars:      {cached_s * 1000:8.3f} ms")
        print(f"redraw, 50 members x 7 days:     {redraw_ms:8.3f} ms "
              f"(target < {TARGET_MS:g} ms; library dict alone {baseline_ms:.3f} ms)")
    return result


if __name__ == "__main__":
    run()
