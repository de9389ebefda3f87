"""Times, grid hour marks and date fields follow CLDR, with babel as the oracle."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from PySide6.QtCore import QDate

from widgets.formatting import Formats, qt_date_format

LOCALES = ("en_GB", "en_US", "de_DE", "fr_FR", "es_ES", "pt_BR", "ja_JP", "ar_EG", "zh_CN",
           "ko_KR")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("hour12", [True, False])
def test_times_use_the_locales_own_hour_minute_pattern(locale, hour12):
    t = datetime(2026, 3, 9, 14, 5, tzinfo=TOKYO)
    skeleton = "hm" if hour12 else "Hm"
    assert Formats(locale, hour12).time(t) == format_skeleton(skeleton, t, locale=locale)


def test_japanese_twelve_hour_times_put_the_day_period_first():
    text = Formats("ja_JP", hour12=True).time(datetime(2026, 3, 9, 14, 0, tzinfo=TOKYO))
    pm = Locale.parse("ja").day_periods["format"]["abbreviated"]["pm"]
    assert text.startswith(pm) and text.endswith("2:00"), text


@pytest.mark.parametrize("locale", LOCALES)
def test_24_hour_marks_are_cldrs_bare_hour_without_quoted_words(locale):
    f = Formats(locale, hour12=False)
    full = format_skeleton("H", time(14), locale=locale)   # "14 Uhr", "14時", "14"
    label = f.hour_label(14)
    assert full.startswith(label) or full == label
    assert label.startswith("14") and label in full
    words = re.findall(r"'([^']+)'", str(Locale.parse(locale).datetime_skeletons["H"]))
    assert not any(w.strip() and w.strip() in label for w in words)


def test_hour_marks_read_as_the_language_writes_them():
    # The oracle is babel's own skeleton for a bare hour.
    assert Formats("ja_JP", hour12=False).hour_label(14) == \
        format_skeleton("H", time(14), locale="ja")          # 14時
    assert Formats("ja_JP", hour12=True).hour_label(14) == \
        format_skeleton("h", time(14), locale="ja")          # 午後2時
    assert Formats("de_DE").hour_label(14) == format_time(time(14), "HH", locale="de")


@pytest.mark.parametrize("locale", LOCALES)
def test_twelve_hour_marks_cover_the_day_once(locale):
    f = Formats(locale, hour12=True)
    labels = [f.hour_label(h) for h in range(24)]
    assert len(set(labels)) == 24       # morning and afternoon hours never read alike
    assert labels[14] == format_time(time(14), str(
        Locale.parse(locale).datetime_skeletons["h"]).replace("a", "aaaaa"), locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_date_fields_show_the_locales_short_date_with_a_four_digit_year(locale):
    fmt = Formats(locale).qt_date_format
    short = Locale.parse(locale).date_formats["short"].pattern
    widened = re.sub(r"y+", "yyyy", short)
    for d in (date(2026, 3, 9), date(2027, 11, 23)):
        shown = QDate(d.year, d.month, d.day).toString(fmt)
        assert shown == format_date(d, widened, locale=locale), (locale, fmt)
        assert str(d.year) in shown


@pytest.mark.parametrize("pattern", ["d 'de' MMMM 'de' y", "EEEE d. MMMM y", "y年M月d日",
                                     "dd/MM 'at' y", "MMM d, y"])
def test_quoted_literals_and_words_read_the_same_in_qt(pattern):
    d = date(2026, 3, 9)
    shown = QDate(2026, 3, 9).toString(qt_date_format(pattern))
    assert shown == format_date(d, re.sub(r"y+", "yyyy", pattern), locale="en_US")


def test_fields_qt_has_no_equivalent_for_are_left_out():
    assert qt_date_format("G y/MM/dd") == "yyyy/MM/dd"
