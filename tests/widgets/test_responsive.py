"""Layout pieces that let the window fit 1024×640 and scale 1.5: the wrapping button
bar, hour labels that never touch, the most people present at once (behind the "no
overlap window" note) and the note's wording."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtWidgets import QPushButton, QWidget

from planner.availability import most_present, team_working_spans
from resources import DEMO_PLAN
from tests.builders import at, calendar, document, member, plan
from tests.golden import HOLIDAYS
from tests.oracles import brute_available
from widgets.formatting import Formats
from widgets.grid.data import GridRange, compute_grid_data
from widgets.grid.geometry import HOUR_STEPS, LABEL_GAP, GridGeometry, hour_label_step
from widgets.grid.painter import GridState, PaintKit, paint_grid
from widgets.grid.style import light_style
from widgets.grid_page import no_window_text
from widgets.responsive import flow_row

DEMO = document(DEMO_PLAN.read_text(encoding="utf-8"))


# --- the flow layout -------------------------------------------------------------------

KEEP: list[QWidget] = []   # the rows' parents live as long as the test module


def bar(qtbot, texts):
    parent = QWidget()
    qtbot.addWidget(parent)
    KEEP.append(parent)
    buttons = [QPushButton(t) for t in texts]
    row = flow_row(parent, buttons)
    return row, buttons


def test_a_flow_row_keeps_one_line_when_it_fits_and_wraps_when_it_does_not(qtbot):
    row, buttons = bar(qtbot, ["Add member…", "Add site…", "Edit…", "Remove"])
    layout = row.layout()
    wide = sum(b.sizeHint().width() for b in buttons) + 100
    one_line = layout.heightForWidth(wide)
    assert one_line == max(b.sizeHint().height() for b in buttons)
    narrow = max(b.sizeHint().width() for b in buttons)
    assert layout.heightForWidth(narrow) >= 4 * one_line   # one button a line
    # the row asks for no more width than its widest button
    assert row.minimumSizeHint().width() == narrow


@pytest.mark.parametrize("width", [140, 200, 260, 400, 900])
def test_a_flow_rows_buttons_never_overlap_or_leave_the_row(qtbot, width):
    row, buttons = bar(qtbot, ["◀", "Today", "▶", "Day", "Week", "◀ Window", "Window ▶",
                               "everyone required"])
    assert width >= row.minimumSizeHint().width()
    height = row.layout().heightForWidth(width)
    row.layout().setGeometry(QRect(0, 0, width, height))
    rects = [b.geometry() for b in buttons]
    area = QRect(0, 0, width, height)
    for i, r in enumerate(rects):
        assert area.contains(r), (buttons[i].text(), r.getRect())
        assert r.width() >= buttons[i].sizeHint().width()   # nothing squeezed
        for other in rects[i + 1:]:
            assert not r.intersects(other)
    # reading order: left to right, then down
    assert [(r.y(), r.x()) for r in rects] == sorted((r.y(), r.x()) for r in rects)


# --- hour labels -------------------------------------------------------------------------

@given(st.floats(0.5, 200.0), st.integers(4, 80))
def test_labelled_hours_are_never_closer_than_a_label_and_a_gap(hour_px, label_px):
    step = hour_label_step(hour_px, label_px)
    if step != 24:
        assert step * hour_px >= label_px + LABEL_GAP
    # and no finer step would have done
    finer = [s for s in HOUR_STEPS if s < step]
    assert all(s * hour_px < label_px + LABEL_GAP for s in finer)


# --- the most people present at once ---------------------------------------------------

def test_most_present_equals_a_minute_by_minute_count_on_the_demo_plan():
    p = DEMO.plan
    cal = calendar(p)
    day = date(2026, 3, 30)
    start = at("2026-03-30 00:00", "Europe/Berlin")
    end = start + timedelta(days=1)
    s, e = int(start.timestamp()), int(end.timestamp())
    spans = team_working_spans(p.members, cal, s, e)
    brute = max(sum(brute_available(m, cal, start + timedelta(minutes=k)) for m in p.members)
                for k in range(24 * 60))
    assert most_present(spans, s, e) == brute == 6   # Omar in Dubai joins the morning five
    data = compute_grid_data(p, cal, GridRange(day, 1, "Europe/Berlin"))
    assert data.most_present() == 6


def test_most_present_does_not_count_one_person_leaving_as_another_arriving():
    # A ends at 12:00 as B starts: never both.
    a = member("A", "UTC", "08:00-12:00")
    b = member("B", "UTC", "12:00-16:00")
    c = member("C", "UTC", "11:00-13:00")
    p = plan(a, b, c, reference_zone="UTC")
    start = at("2026-03-30 00:00", "UTC")
    s, e = int(start.timestamp()), int((start + timedelta(days=1)).timestamp())
    spans = team_working_spans(p.members, calendar(p), s, e)
    assert most_present(spans, s, e) == 2
    assert most_present(spans[:2], s, e) == 1
    assert most_present(spans, s, s) == 0


# --- the note ---------------------------------------------------------------------------

def searched(first: date, n: int = 9, days: int = 1) -> tuple[GridRange, ...]:
    r = GridRange(first, days, "Europe/Berlin")
    return tuple(r.shifted(k) for k in range(n))


def test_the_note_names_the_days_looked_at_and_suggests_the_most_people_present():
    f = Formats("en_GB")
    text, suggest = no_window_text(True, searched(date(2026, 3, 30)), 5, 7, None, f)
    assert text == ("No overlap window after the cursor up to Tue 7 Apr: the 7 required "
                    "members are never all in working hours at the same time. At most 5 "
                    "people are in at once.")
    assert suggest == 5
    weeks = searched(date(2026, 3, 30), days=7)
    text, _ = no_window_text(True, weeks, 5, 7, None, f)
    assert "up to Sun 31 May" in text


def test_the_note_says_what_to_try_when_fewer_people_would_not_help():
    f = Formats("en_GB")
    back = tuple(GridRange(date(2026, 3, 30), 1, "Europe/Berlin").shifted(-k)
                 for k in range(9))
    text, suggest = no_window_text(False, back, 3, 7, 3, f)
    assert text == ("No time before the cursor back to Sun 22 Mar with at least 3 people in "
                    "working hours. Try earlier weeks (PageUp), then Shift+N again.")
    assert suggest is None
    text, suggest = no_window_text(True, searched(date(2026, 3, 30)), 0, 1, None, f)
    assert text.startswith("No overlap window after the cursor up to Tue 7 Apr: the 1 "
                           "required member is never in working hours then.")
    assert suggest is None


# --- the week view at the default size ----------------------------------------------------

class RecordingPainter(QPainter):
    """Paints, and remembers the texts drawn and where (the painter calls these from
    Python, so the overrides see every label)."""

    def __init__(self, image: QImage):
        super().__init__(image)
        self.texts: list[tuple[QRect, str]] = []
        self.statics: list[tuple[float, float, str]] = []

    def drawText(self, *args):  # noqa: N802
        if len(args) == 3 and isinstance(args[0], QRect):
            self.texts.append((QRect(args[0]), args[2]))
        return super().drawText(*args)

    def drawStaticText(self, point, text):  # noqa: N802
        self.statics.append((point.x(), point.y(), text.text()))
        return super().drawStaticText(point, text)


def paint_week(font, hour_label, width: int = 1050):
    grid_range = GridRange(date(2026, 3, 30), 7, "Europe/Berlin")
    # with the holidays the golden images use: Mahavir Jayanti cuts Tuesday's best
    # stretch to an hour
    data = compute_grid_data(DEMO.plan, calendar(DEMO.plan, HOLIDAYS), grid_range)
    formats = Formats("en_GB")
    kit = PaintKit(light_style(), font, hour_label, lambda d: formats.day(d.date()),
                   formats.time)
    # 1050 px: the grid's width in the window's default 1400×860
    geo = GridGeometry(slots=data.slots, rows=len(data.rows), width=width, height=300,
                       min_slot_width=1.0, row_height=kit.metrics.height() + 10)
    image = QImage(width, 300, QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    try:
        paint_grid(painter, geo, data, GridState(), kit, QRect(0, 0, width, 300))
    finally:
        painter.end()
    return painter, geo, data, kit


@pytest.mark.parametrize("hour_label", [lambda h: f"{h:02d}", lambda h: f"{h % 12 or 12} PM",
                                        lambda h: f"午後{h}時"], ids=["24h", "12h", "ja"])
def test_the_weeks_hour_labels_never_overlap(bundled_font, hour_label):
    painter, geo, data, kit = paint_week(bundled_font, hour_label)
    header = sorted((x, t) for x, y, t in painter.statics if y < geo.header_height)
    assert len(header) >= 7 * 2   # at least two labelled hours a day
    for (x, text), (next_x, _) in zip(header, header[1:], strict=False):
        assert next_x - x >= kit.small_metrics.horizontalAdvance(text), (text, x, next_x)


@pytest.mark.parametrize("points", [9.0, 12.0])
@pytest.mark.parametrize("width", [1050, 900])
def test_every_day_of_the_week_shows_its_best_count(bundled_font, width, points):
    font = QFont(bundled_font)
    font.setPointSizeF(points)   # the grid's small font is a share of the point size
    painter, geo, data, kit = paint_week(font, lambda h: f"{h:02d}", width)
    counts = [(r, t) for r, t in painter.texts
              if geo.header_height <= r.y() < geo.top and r.x() >= geo.label_width]
    bounds = [data.slot_of(t) for t, _ in data.days] + [data.slots]
    for (a, b), (_, day) in zip(zip(bounds, bounds[1:], strict=False), data.days,
                                strict=True):
        best = max(data.available[a:b])
        if best == 0:
            continue
        x0, x1 = geo.x_at(a), geo.x_at(b)
        if x1 > geo.width:
            continue   # scrolled out of view (a narrow grid scrolls sideways)
        here = [t for r, t in counts if x0 <= r.center().x() < x1]
        assert any(t.split("/")[0] == str(best) for t in here), (day, best, here)
