"""No information by colour alone (WCAG 2.1 SC 1.4.1) in the grid's colours and its key.

Two comfort classes are told apart by a pattern (PATTERNS: dots, hatching) or, when
neither has one, by lightness as well as hue: their relative luminances (WCAG's
formula, computed here) differ by a ratio of at least 1.4, which survives greyscale
and the common colour-vision deficiencies.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtGui import QAccessible

from tests.oracles import contrast
from widgets.grid import dark_style, high_contrast_style, light_style
from widgets.grid.legend import ComfortLegend
from widgets.grid.style import COMFORT_LABELS, LEGEND_ITEMS, LOOKS, PATTERNS, legend_text

LIGHTNESS_STEP = 1.4


@pytest.mark.parametrize("style", [light_style(), dark_style(), high_contrast_style()],
                         ids=lambda s: s.name)
def test_comfort_classes_differ_by_more_than_hue(style):
    same = [(a, b, round(contrast(style.comfort[a], style.comfort[b]), 2))
            for a, b in combinations(sorted(style.comfort), 2)
            if PATTERNS.get(a) == PATTERNS.get(b)
            and contrast(style.comfort[a], style.comfort[b]) < LIGHTNESS_STEP]
    assert same == []


def test_the_key_says_in_words_how_each_item_looks():
    assert set(LEGEND_ITEMS) == set(COMFORT_LABELS) | {"window", "now", "dst", "period"}
    text = legend_text()
    assert text.split("; ") == [
        "working hours: green", "shoulder: yellow", "early / late: orange",
        "night: blue, dotted", "day off: grey, hatched", "overlap window: outlined left and "
        "right", "now: a red line", "DST change: a dashed line marked with the shift, e.g. +1h",
        "period (travel, other hours): a dashed band along the top of the row, a bar where it "
        "starts or ends"]
    for kind, pattern in PATTERNS.items():
        assert {"dots": "dotted", "hatch": "hatched"}[pattern] in LOOKS[kind]


def test_the_painted_key_has_a_name_and_says_itself(qtbot):
    legend = ComfortLegend()
    qtbot.addWidget(legend)
    iface = QAccessible.queryAccessibleInterface(legend)
    assert iface.text(QAccessible.Text.Name) == "Key to the grid"
    assert iface.text(QAccessible.Text.Description) == legend_text()
