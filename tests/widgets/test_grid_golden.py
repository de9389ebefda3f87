"""Golden images of the grid painter, at DPR 1 with the bundled font.

Regenerate (and review the PNGs in tests/widgets/golden/) with
``uv run pytest tests/widgets --regen-golden``; otherwise a rendering that
differs from the reviewed one by more than a small tolerance fails.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter

from planner.availability import to_seconds
from resources import DEMO_PLAN
from tests.builders import at, calendar, document
from tests.golden import HOLIDAYS, PIXEL_SHARE, differing_share
from widgets.formatting import Formats
from widgets.grid.data import GridRange, compute_grid_data
from widgets.grid.geometry import GridGeometry
from widgets.grid.painter import GridState, PaintKit, paint_grid
from widgets.grid.style import dark_style, light_style

from .conftest import GOLDEN

DEMO = document(DEMO_PLAN.read_text(encoding="utf-8"))


def render(grid_range, style, width, height, now, selection, font, formats=None):
    p = replace(DEMO.plan, reference_zone=grid_range.zone)
    data = compute_grid_data(p, calendar(p, HOLIDAYS), grid_range)
    formats = formats or Formats("en_GB")
    kit = PaintKit(style, font, formats.hour_label, lambda d: formats.day(d.date()),
                   formats.time)
    geo = GridGeometry(slots=data.slots, rows=len(data.rows), width=width, height=height,
                       min_slot_width=1.0, row_height=kit.metrics.height() + 10)
    a = data.slot_of(to_seconds(selection[0]))
    b = data.slot_of(to_seconds(selection[1]))
    state = GridState(cursor_row=2, cursor_slot=a, selection=(a, b), now=to_seconds(now),
                      has_focus=True)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(1.0)
    painter = QPainter(image)
    try:
        paint_grid(painter, geo, data, state, kit, QRect(0, 0, width, height))
    finally:
        painter.end()
    return image


CASES = {
    # Berlin springs forward on 29 March; a holiday chip, the now line, a selection.
    "day_berlin_light": (GridRange(date(2026, 3, 29), 2, "Europe/Berlin"), light_style(),
                         980, 300, at("2026-03-30 10:20", "Europe/Berlin"),
                         (at("2026-03-30 09:00", "Europe/Berlin"),
                          at("2026-03-30 10:00", "Europe/Berlin"))),
    # A week drawn in Kathmandu time (+05:45), dark colours.
    "week_kathmandu_dark": (GridRange(date(2026, 3, 23), 7, "Asia/Kathmandu"), dark_style(),
                            980, 300, at("2026-03-25 15:00", "Asia/Kathmandu"),
                            (at("2026-03-25 14:00", "Asia/Kathmandu"),
                             at("2026-03-25 16:00", "Asia/Kathmandu"))),
    # Ramadan starts for the Dubai partner on 8 February 2027: the period band on
    # Omar's row from Dubai's midnight, dark colours (the band must read on them).
    "ramadan_dubai_dark": (GridRange(date(2027, 2, 7), 2, "Asia/Dubai"), dark_style(),
                           980, 320, at("2027-02-08 11:00", "Asia/Dubai"),
                           (at("2027-02-08 13:00", "Asia/Dubai"),
                            at("2027-02-08 14:00", "Asia/Dubai"))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_grid_matches_its_golden_image(name, bundled_font, regen_golden, tmp_path):
    image = render(*CASES[name], font=bundled_font)
    golden = GOLDEN / f"{name}.png"
    if regen_golden or not golden.exists():
        if not regen_golden:
            pytest.fail(f"no golden image {golden}; run with --regen-golden and review it")
        GOLDEN.mkdir(exist_ok=True)
        assert image.save(str(golden), "PNG")
        pytest.skip(f"regenerated {golden}; review it before committing")
    expected = QImage(str(golden))
    share = differing_share(image, expected)
    if share > PIXEL_SHARE:
        actual = tmp_path / f"{name}.actual.png"
        image.save(str(actual), "PNG")
        shutil.copy(golden, tmp_path / f"{name}.golden.png")
        pytest.fail(f"{name}: {share:.2%} of pixels differ (tolerance {PIXEL_SHARE:.2%}); "
                    f"compare {actual} with {golden}")


def test_the_comparison_notices_a_real_change(bundled_font):
    base = render(*CASES["day_berlin_light"], font=bundled_font)
    moved = list(CASES["day_berlin_light"])
    moved[4] = at("2026-03-30 16:20", "Europe/Berlin")     # the now line elsewhere
    other = render(*moved, font=bundled_font)
    assert differing_share(base, base) == 0
    assert differing_share(base, other) > 0
    assert differing_share(base, render(*CASES["day_berlin_light"], font=bundled_font,
                                        formats=Formats("en_US"))) > PIXEL_SHARE
