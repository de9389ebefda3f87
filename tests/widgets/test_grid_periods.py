"""The grid under periods (demo plan): Lena works from Tokyo 2027-05-03..2027-05-14, the
Dubai partner (Omar) has Ramadan hours 2027-02-08..2027-03-08; the band that marks them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter

from resources import DEMO_PLAN
from tests.builders import at, calendar, document, fixed_clock
from widgets.grid import GridRange, TimeGrid
from widgets.grid.band import DASH, PERIOD_BAND, dash_spans
from widgets.grid.data import SLOT_SECONDS, compute_grid_data
from widgets.grid.geometry import GridGeometry
from widgets.grid.legend import ComfortLegend
from widgets.grid.painter import GridState, PaintKit, paint_grid
from widgets.grid.style import dark_style, high_contrast_style, light_style

DEMO = document(DEMO_PLAN.read_text(encoding="utf-8"))


def _row(data, name):
    return next(i for i, rd in enumerate(data.rows) if rd.name == name)


def _hour_at(rd, t):
    return dict(rd.hour_marks)[int(t.timestamp())]


def test_lenas_hour_labels_read_tokyo_hours_during_her_period():
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2027, 5, 10), 1, "Europe/Berlin"))
    lena = data.rows[_row(data, "Lena")]
    jonas = data.rows[_row(data, "Jonas")]
    t = at("2027-05-10 09:00", "Europe/Berlin")   # 16:00 in Tokyo
    assert _hour_at(lena, t) == 16
    assert _hour_at(jonas, t) == 9
    (a, b, zone, period), = lena.periods
    assert (a, b) == (data.start, data.end) and zone == "Asia/Tokyo"
    assert period.note == "Tokyo office"
    assert jonas.periods == ()


def test_lenas_row_switches_clock_where_her_period_starts():
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2027, 5, 2), 1, "Europe/Berlin"))
    lena = data.rows[_row(data, "Lena")]
    start = int(at("2027-05-03 00:00", "Asia/Tokyo").timestamp())  # 2027-05-02 17:00 Berlin
    (a, b, _, _), = lena.periods
    assert (a, b) == (start, data.end)
    assert _hour_at(lena, at("2027-05-02 16:00", "Europe/Berlin")) == 16  # still in Berlin
    assert _hour_at(lena, at("2027-05-02 17:00", "Europe/Berlin")) == 0   # Tokyo midnight
    assert len(lena.hour_marks) == len(set(lena.hour_marks))


def test_tooltip_gives_tokyo_time_and_the_periods_note(qtbot):
    p = DEMO.plan
    grid = TimeGrid(fixed_clock("2027-05-10T03:00:00+00:00"))
    qtbot.addWidget(grid)
    grid.set_plan(p, calendar(p), GridRange(date(2027, 5, 10), 1, "Europe/Berlin"))
    data = grid.grid_data
    slot = data.slot_of(int(at("2027-05-10 09:00", "Europe/Berlin").timestamp()))
    line = next(x for x in grid.tooltip_text(slot).split("<br>") if x.startswith("Lena"))
    assert "16:00" in line and "Tokyo office" in line
    jonas = next(x for x in grid.tooltip_text(slot).split("<br>") if x.startswith("Jonas"))
    assert "09:00" in jonas and "Tokyo" not in jonas


def test_kathmandu_winter_hours_are_a_band_on_sushmas_row():
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2026, 12, 1), 1, "Europe/Berlin"))
    (_, _, zone, period), = data.rows[_row(data, "Sushma")].periods
    assert zone == "Asia/Kathmandu" and period.note == "Winter hours"


# --- the band: a pattern in two tones, in the legend, readable in both themes --------------

def _luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("style", [light_style(), dark_style(), high_contrast_style()],
                         ids=lambda s: s.name)
def test_one_tone_of_the_band_stands_out_on_every_cell_colour(style):
    # WCAG 2.1, 1.4.11 (non-text contrast): 3:1 against what is next to it.  Ink alone
    # fails on some cells (the dark theme's light ink on its yellow); ink or paper never.
    for name, cell in style.comfort.items():
        best = max(_contrast(style.text, cell), _contrast(style.background, cell))
        assert best >= 3.0, (style.name, name, best)
    assert _contrast(style.text, style.background) >= 7.0   # the two tones themselves


def test_band_dashes_line_up_when_strips_are_painted_apart():
    whole = dash_spans(0, 100)
    assert whole[0] == (0, DASH) and all(b - a == DASH for a, b in whole[:-1])
    assert all(a2 - b1 == DASH for (_, b1), (a2, _) in zip(whole, whole[1:], strict=False))
    pieces = dash_spans(0, 37) + dash_spans(37, 100)
    merged = {x for a, b in pieces for x in range(a, b)}
    assert merged == {x for a, b in whole for x in range(a, b)}


def test_ramadan_band_in_the_dark_theme_is_drawn_in_ink_and_paper(qapp, bundled_font):
    style = dark_style()
    p = DEMO.plan
    data = compute_grid_data(p, calendar(p), GridRange(date(2027, 2, 7), 2, "Asia/Dubai"))
    kit = PaintKit(style, bundled_font, str, lambda d: str(d.date()), str)
    geo = GridGeometry(slots=data.slots, rows=len(data.rows), width=980, height=320,
                       min_slot_width=1.0, row_height=kit.metrics.height() + 10)
    image = QImage(980, 320, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        paint_grid(painter, geo, data, GridState(), kit, QRect(0, 0, 980, 320))
    finally:
        painter.end()
    row = _row(data, "Omar")
    (a, b, _, period), = data.rows[row].periods
    assert period.note == "Ramadan hours" and a == int(at("2027-02-08 00:00", "Asia/Dubai")
                                                       .timestamp())
    y = geo.y_of_row(row) + 1                     # the band's top: the row's first line
    x_start = geo.x_at((a - data.start) / SLOT_SECONDS)
    # 15:00 on 8 February is past Ramadan's 14:00: a shoulder cell under the band.
    x_shoulder = geo.x_at((int(at("2027-02-08 15:00", "Asia/Dubai").timestamp()) - data.start)
                          / SLOT_SECONDS)
    band = {image.pixelColor(x, y + dy).name().upper()
            for x in range(x_shoulder, x_shoulder + 2 * DASH) for dy in range(1, PERIOD_BAND - 1)}
    assert {style.text.upper(), style.background.upper()} <= band
    below = image.pixelColor(x_shoulder + 3, y + PERIOD_BAND + 3).name().upper()
    assert below == style.comfort["shoulder"].upper()
    # The bar at the period's start runs down the row; nothing before it on the band.
    assert image.pixelColor(x_start, y + geo.row_height // 2).name().upper() == \
        style.text.upper()
    before = {image.pixelColor(x, y + 2).name().upper() for x in range(x_start - 40, x_start - 2)}
    assert style.text.upper() not in before


def test_grid_legend_has_the_period_entry(qtbot):
    legend = ComfortLegend(dark_style())
    qtbot.addWidget(legend)
    assert legend.labels()[-1] == "period (travel, other hours)"
    assert "period (travel, other hours)" in legend.toolTip()
    # In words too, for a screen reader: how the band looks, not its colour.
    assert "period (travel, other hours): a dashed band along the top of the row" in \
        legend.accessibleDescription()


def test_omars_tooltip_in_ramadan_gives_the_periods_note(qtbot):
    p = DEMO.plan
    grid = TimeGrid(fixed_clock("2027-02-10T06:00:00+00:00"))
    qtbot.addWidget(grid)
    grid.set_plan(p, calendar(p), GridRange(date(2027, 2, 10), 1, "Asia/Dubai"))
    slot = grid.grid_data.slot_of(int(at("2027-02-10 10:00", "Asia/Dubai").timestamp()))
    line = next(x for x in grid.tooltip_text(slot).split("<br>") if x.startswith("Omar"))
    assert "10:00" in line and "Ramadan hours" in line
    after = grid.grid_data  # the day after Ramadan: no note
    grid.set_plan(p, calendar(p), GridRange(date(2027, 3, 10), 1, "Asia/Dubai"))
    slot = grid.grid_data.slot_of(int(at("2027-03-10 10:00", "Asia/Dubai").timestamp()))
    line = next(x for x in grid.tooltip_text(slot).split("<br>") if x.startswith("Omar"))
    assert "Ramadan" not in line and after is not grid.grid_data


def test_grid_legend_flows_onto_more_lines_when_narrow_and_paints_every_entry(qtbot):
    legend = ComfortLegend(light_style())
    qtbot.addWidget(legend)
    wide = legend.sizeHint().width()
    one = legend.heightForWidth(wide)
    assert one == legend.sizeHint().height()
    assert legend.heightForWidth(wide // 2) >= 2 * one
    assert legend.heightForWidth(300) > legend.heightForWidth(wide // 2)
    # Painted at half width on its height for that width: the period swatch (working
    # hours colour under the band) is on the last line, not cut off.
    legend.resize(wide // 2, legend.heightForWidth(wide // 2))
    image = legend.grab().toImage()
    work = light_style().comfort["work"].upper()
    last_line = range(image.height() - one, image.height())
    assert any(image.pixelColor(x, y).name().upper() == work
               for x in range(image.width()) for y in last_line)


def test_band_dashes_count_from_their_origin():
    assert dash_spans(100, 130, origin=108) == [(100, 102), (108, 114), (120, 126)]
