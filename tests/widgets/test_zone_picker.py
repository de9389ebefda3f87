"""The zone picker finds zones by city, country, key, abbreviation and localized name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from widgets.zone_picker import ZonePicker, search_zones, zone_entries

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize("text, when, expected", [
    ("Kolkata", WINTER, "Asia/Kolkata"),             # city
    ("asia/kathmandu", WINTER, "Asia/Kathmandu"),    # key, any case
    ("Nepal", WINTER, "Asia/Kathmandu"),             # country
    ("IST", WINTER, "Asia/Kolkata"),                 # abbreviation
    ("AEDT", WINTER, "Australia/Sydney"),            # abbreviation in force in January...
    ("AEST", SUMMER, "Australia/Sydney"),            # ...and in July
    ("Santiago", WINTER, "America/Santiago"),
])
def test_search_finds_the_zone(text, when, expected):
    found = [e.key for e in search_zones(zone_entries("en_GB", when), text)]
    assert expected in found[:8], found[:8]


def test_localized_names_are_searchable():
    found = [e.key for e in search_zones(zone_entries("de_DE", WINTER), "Indien")]
    assert "Asia/Kolkata" in found


def test_exact_city_ranks_first():
    found = search_zones(zone_entries("en_GB", WINTER), "London")
    assert found[0].key == "Europe/London"


def test_picker_completes_to_the_zone_key(qtbot):
    picker = ZonePicker(lambda: WINTER)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.zone_chosen) as blocker:
        picker.textEdited.emit("Kathmandu")
        label = picker.completer().model().index(0, 0).data()
        picker.completer().activated[str].emit(label)
    assert blocker.args == ["Asia/Kathmandu"]
    assert picker.zone() == "Asia/Kathmandu"
    assert picker.problem() is None
    picker.setText("Asia/Bangalore")
    assert "Asia/Kolkata" in picker.problem()
