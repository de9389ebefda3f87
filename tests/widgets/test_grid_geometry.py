"""Grid geometry: pure maths, checked for consistency at many sizes and scroll offsets."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.grid.data import SLOT_SECONDS, GridRange
from widgets.grid.geometry import COUNT_ROW, GridGeometry

# A 23-hour (spring forward), normal, 25-hour (fall back) day and a week.
SLOT_COUNTS = [92, 96, 100, 672]


@pytest.mark.parametrize("slots", SLOT_COUNTS)
@pytest.mark.parametrize("width", [300, 799, 1000, 1366, 2560])
def test_every_slot_is_found_at_its_own_rectangle(slots, width):
    g = GridGeometry(slots=slots, rows=5, width=width, height=400)
    edges = [g.x_at(i) for i in range(slots + 1)]
    assert edges == sorted(edges)
    for i in range(slots):
        x, y, w, h = g.slot_rect(0, i)
        assert w >= 1
        # the left and right pixel of a slot's rectangle belong to that slot
        if x < g.width and x >= g.label_width:
            assert g.slot_at(x, y) == (0, i)
        if x + w - 1 < g.width and x + w - 1 >= g.label_width:
            assert g.slot_at(x + w - 1, y + h - 1) == (0, i)


@pytest.mark.parametrize("slots", SLOT_COUNTS)
def test_slots_tile_the_cell_area_without_gaps(slots):
    g = GridGeometry(slots=slots, rows=1, width=1234, height=300)
    for i in range(slots - 1):
        x, _, w, _ = g.slot_rect(0, i)
        assert x + w == g.slot_rect(0, i + 1)[0]
    # fitted to the width when there is room, or wider (and scrolling) when not
    assert g.content_width >= min(g.width, g.label_width + slots * g.min_slot_width)
    if g.width - g.label_width >= slots * g.min_slot_width:
        assert g.content_width <= g.width


@given(slots=st.sampled_from(SLOT_COUNTS), width=st.integers(200, 3000),
       scroll=st.integers(0, 4000), x=st.integers(0, 3000))
def test_slot_at_x_agrees_with_x_at_under_scrolling(slots, width, scroll, x):
    g = GridGeometry(slots=slots, rows=3, width=width, height=300).scrolled(scroll, 0)
    s = g.slot_at_x(x)
    if x < g.label_width:
        assert s is None
    elif s is not None:
        assert g.x_at(s) <= x < g.x_at(s + 1)
    else:
        # outside the content: left of the first slot or right of the last
        assert x >= g.x_at(slots) or x < g.x_at(0)


def test_label_column_and_header_rows_are_not_cells():
    g = GridGeometry(slots=96, rows=4, width=1000, height=400)
    assert g.slot_at(g.label_width - 1, g.top + 1) is None
    assert g.row_at_y(0) is None                      # header
    assert g.row_at_y(g.header_height) == COUNT_ROW   # availability row
    assert g.row_at_y(g.top) == 0
    assert g.row_at_y(g.top + 4 * g.row_height) is None  # below the last member


def test_vertical_scrolling_moves_rows_but_not_the_fixed_rows():
    g = GridGeometry(slots=96, rows=50, width=1000, height=300)
    assert g.max_scroll_y == g.top + 50 * g.row_height - 300
    s = g.scrolled(0, 3 * g.row_height + 5)
    assert s.row_at_y(s.top) == 3
    assert s.y_of_row(3) == s.top - 5
    assert s.y_of_row(COUNT_ROW) == g.y_of_row(COUNT_ROW)
    first, last = s.visible_rows()
    assert first == 3 and last == 3 + -(-(300 - s.top + 5) // s.row_height)


def test_scroll_to_show_brings_a_cell_fully_into_view():
    g = GridGeometry(slots=672, rows=50, width=800, height=300)
    for row, slot in [(49, 671), (0, 0), (20, 300)]:
        g = g.scroll_to_show(row, slot)
        x, y, w, h = g.slot_rect(row, slot)
        assert g.label_width <= x and x + w <= g.width
        assert g.top <= y and y + h <= g.height


def test_scrolled_is_clamped():
    g = GridGeometry(slots=96, rows=2, width=1000, height=400)
    assert (g.scrolled(-5, 99999).scroll_x, g.scrolled(-5, 99999).scroll_y) == (0, 0)


@pytest.mark.parametrize("zone, day, slots", [
    ("Europe/Berlin", date(2026, 3, 29), 92),    # spring forward: 23 hours
    ("Europe/Berlin", date(2026, 10, 25), 100),  # fall back: 25 hours
    ("Asia/Kathmandu", date(2026, 3, 9), 96),    # +05:45
    ("Australia/Lord_Howe", date(2026, 4, 5), 98),  # half-hour fall back: 24.5 hours
])
def test_a_day_has_as_many_slots_as_quarter_hours_it_lasts(zone, day, slots):
    start, end = GridRange(day, 1, zone).bounds()
    assert (end - start) // SLOT_SECONDS == slots
    assert (end - start) % SLOT_SECONDS == 0
