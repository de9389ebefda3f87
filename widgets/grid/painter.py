"""Painting the time grid: a function of geometry, data, state and style.

Only the part of the viewport in ``clip`` is painted, and rows and slots
outside it are skipped before any QPainter call, so scrolling a 50-member grid
repaints a strip, not the lot.  Nothing here computes availability; it draws
:class:`~widgets.grid.data.GridData`.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPixmap,
    QPolygon,
    QStaticText,
)

from planner.i18n import _

from .band import paint_period_band
from .data import SLOT_SECONDS, GridData
from .geometry import EPS, GridGeometry, hour_label_step
from .periods import zone_at
from .style import PATTERNS, GridStyle

HourLabel = Callable[[int], str]
DayLabel = Callable[[datetime], str]
TimeLabel = Callable[[datetime], str]


@dataclass
class GridState:
    """What the user is doing: cursor, selection (slots [a, b)), hover, the clock."""

    cursor_row: int = 0
    cursor_slot: int = 0
    selection: tuple[int, int] | None = None
    now: int | None = None
    has_focus: bool = False


class PaintKit:
    """QColors, brushes, fonts and cached texts for one style and font."""

    def __init__(self, style: GridStyle, font: QFont, hour_label: HourLabel,
                 day_label: DayLabel, time_label: TimeLabel):
        self.style = style
        self.hour_label = hour_label
        self.day_label = day_label
        self.time_label = time_label
        c = QColor
        self.background = c(style.background)
        self.header = c(style.header)
        self.text = c(style.text)
        self.muted = c(style.muted_text)
        self.grid_line = c(style.grid_line)
        self.comfort = {k: QBrush(c(v)) for k, v in style.comfort.items()}
        # Night cells are dotted as well as blue: without colour they differ from working
        # hours (green) in pattern, not only in a grey that is close (no colour alone).
        dots = c(style.comfort_text.get("night", style.text))
        dots.setAlpha(150)
        self.night_dots = QBrush(dots, Qt.BrushStyle.Dense6Pattern)
        self.comfort_text = {k: c(v) for k, v in style.comfort_text.items()}
        self.hatch = QBrush(c(style.hatch), Qt.BrushStyle.BDiagPattern)
        self.window_pen = QPen(c(style.window_outline), 2)
        sel = c(style.selection)
        sel.setAlpha(90)
        self.selection_fill = QBrush(sel)
        self.selection_pen = QPen(c(style.selection), 2)
        self.cursor_pen = QPen(c(style.cursor), 2)
        self.now_pen = QPen(c(style.now), 2)
        self.dst = c(style.dst)
        self.count_low = c(style.count_low)
        self.count_high = c(style.count_high)
        self.count_full = QBrush(c(style.count_full))
        chip = c(style.label_chip)
        chip.setAlpha(215)
        self.chip = QBrush(chip)
        self.font = QFont(font)
        self.small = QFont(font)
        size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        self.small.setPointSizeF(max(6.0, size * 0.82))
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.metrics = QFontMetrics(self.font)
        self.small_metrics = QFontMetrics(self.small)
        self._static: dict[str, QStaticText] = {}
        self._hours: list[QStaticText] | None = None
        self._hour_width: int | None = None
        self._count_brushes: dict[tuple[int, int], QBrush] = {}

    def hour_statics(self) -> list[QStaticText]:
        """The 24 local-hour labels, prepared once per kit."""
        if self._hours is None:
            self._hours = [self.static(self.hour_label(hour)) for hour in range(24)]
        return self._hours

    def hour_label_width(self) -> int:
        """The widest local-hour label in the small font (the locale decides the text)."""
        if self._hour_width is None:
            self._hour_width = max(self.small_metrics.horizontalAdvance(self.hour_label(h))
                                   for h in range(24)) + 2
        return self._hour_width

    def static(self, text: str) -> QStaticText:
        st = self._static.get(text)
        if st is None:
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=self.small)
            self._static[text] = st
        return st

    def count_brush(self, n: int, total: int) -> QBrush:
        key = (n, total)
        b = self._count_brushes.get(key)
        if b is None:
            f = 0.0 if total <= 0 else n / total
            lo, hi = self.count_low, self.count_high
            b = QBrush(QColor(round(lo.red() + (hi.red() - lo.red()) * f),
                              round(lo.green() + (hi.green() - lo.green()) * f),
                              round(lo.blue() + (hi.blue() - lo.blue()) * f)))
            self._count_brushes[key] = b
        return b

    def count_text(self, n: int, total: int) -> QColor:
        return QColor("#FFFFFF") if total and n / total > 0.55 else self.text


def _frac(data: GridData, t: int) -> float:
    return (t - data.start) / SLOT_SECONDS


def _hour_step(geo: GridGeometry, kit: PaintKit) -> int:
    """Label every hour when there is room, else every 2, 3, 6 or 12 hours."""
    return hour_label_step(geo.hour_px, kit.hour_label_width())


class RowCache:
    """Member rows painted once into pixmaps, reused until size or style change.

    A repaint (the cursor moved, the now line ticked, a scroll) then blits
    50 pixmaps instead of issuing thousands of QPainter calls from Python.
    A pixmap is found by what the row shows relative to the start of the range
    (comfort classes, days off, local hours, clock changes, periods), so rows that
    look the same share one: members who share a zone and schedule, and most rows
    of the next week or day, which repeat this one's unless a holiday or a clock
    change differs.  The least recently used are dropped beyond ``limit``.
    """

    def __init__(self, limit: int = 192) -> None:
        self._limit = limit
        self._key: tuple[object, ...] | None = None
        self._rows: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._data: GridData | None = None   # kept alive: _looks is keyed by its rows' ids
        self._looks: dict[int, tuple[object, ...]] = {}

    def clear(self) -> None:
        self._key = None
        self._rows.clear()
        self._data = None
        self._looks.clear()

    def __len__(self) -> int:
        return len(self._rows)

    def _look(self, data: GridData, row: int) -> tuple[object, ...]:
        if data is not self._data:
            self._data = data
            self._looks.clear()
        rd = data.rows[row]
        look = self._looks.get(id(rd))
        if look is None:
            s = data.start
            marks = rd.hour_marks
            # A zone's full hours follow from the first one and its clock changes (both
            # in the look); a period may move the member to another zone: all of them.
            hours = (len(marks), marks[0][0] - s, marks[0][1]) if marks and not rd.periods \
                else tuple((t - s, hour) for t, hour in marks)
            look = self._looks[id(rd)] = (
                tuple((a - s, b - s, label) for a, b, label in rd.comfort),
                tuple((a - s, b - s, reason) for a, b, reason in rd.days_off),
                hours,
                tuple((t - s, before, after) for t, before, after in rd.transitions),
                tuple((a - s, b - s) for a, b, _zone, _period in rd.periods))
        return look

    def pixmap(self, geo: GridGeometry, data: GridData, kit: PaintKit, row: int, step: int,
               dpr: float) -> QPixmap:
        key = (data.end - data.start, geo.slots, round(geo.slot_width, 6), geo.label_width,
               geo.content_width, geo.row_height, id(kit), step, dpr)
        if key != self._key:
            self._key = key
            self._rows.clear()
        look = self._look(data, row)
        pm = self._rows.get(look)
        if pm is None:
            width = max(1, geo.content_width - geo.label_width)
            pm = QPixmap(max(1, round(width * dpr)), max(1, round(geo.row_height * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(kit.background)
            flat = replace(geo, scroll_x=0, scroll_y=0, width=geo.content_width)
            rp = QPainter(pm)
            rp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a pixmap takes the app's
            try:
                rp.translate(-geo.label_width, 0)
                _paint_row(rp, flat, data, kit, row, 0, geo.label_width, geo.content_width, step)
            finally:
                rp.end()
            self._rows[look] = pm
            while len(self._rows) > self._limit:
                self._rows.popitem(last=False)
        else:
            self._rows.move_to_end(look)
        return pm


def paint_grid(p: QPainter, geo: GridGeometry, data: GridData, state: GridState,
               kit: PaintKit, clip: QRect, cache: RowCache | None = None,
               dpr: float = 1.0) -> None:
    p.fillRect(clip, kit.background)
    cx0, cx1 = clip.left(), clip.right() + 1
    cy0, cy1 = clip.top(), clip.bottom() + 1
    lw, top = geo.label_width, geo.top
    step = _hour_step(geo, kit)
    first_slot, last_slot = geo.visible_slots()
    # Member rows: cells first, then the label column over them.
    if cx1 > lw and cy1 > top:
        p.save()
        p.setClipRect(QRect(lw, top, geo.width - lw, geo.height - top).intersected(clip))
        r0, r1 = geo.visible_rows()
        for row in range(r0, r1):
            y = geo.y_of_row(row)
            if y >= cy1 or y + geo.row_height <= cy0:
                continue
            if cache is not None:
                p.drawPixmap(lw - geo.scroll_x, y, cache.pixmap(geo, data, kit, row, step, dpr))
            else:
                _paint_row(p, geo, data, kit, row, y, cx0, cx1, step)
        _paint_columns(p, geo, data, state, kit, top, cx0, cx1)
        _paint_cursor(p, geo, state, kit)
        p.restore()
    if cy0 < top and cx1 > lw:
        p.save()
        p.setClipRect(QRect(lw, 0, geo.width - lw, top).intersected(clip))
        _paint_header(p, geo, data, kit, first_slot, last_slot)
        _paint_counts(p, geo, data, kit, first_slot, last_slot)
        _paint_columns(p, geo, data, state, kit, geo.header_height, cx0, cx1, header=True)
        p.restore()
    if cx0 < lw:
        p.save()
        p.setClipRect(QRect(0, 0, lw, geo.height).intersected(clip))
        _paint_labels(p, geo, data, state, kit, cy0, cy1)
        p.restore()


def _paint_row(p: QPainter, geo: GridGeometry, data: GridData, kit: PaintKit, row: int,
               y: int, cx0: int, cx1: int, step: int) -> None:
    rd = data.rows[row]
    h = geo.row_height
    # geo.x_at((t - data.start) / SLOT_SECONDS), inlined: a cold paint of a week places
    # thousands of rectangles and labels, and the calls were half of its time.
    sw, left, origin, ceil = geo.slot_width, geo.label_width - geo.scroll_x, data.start, math.ceil
    fill = p.fillRect
    top, inner = y + 1, h - 2
    brushes = kit.comfort
    for a, b, label in rd.comfort:
        x0 = left + ceil((a - origin) / SLOT_SECONDS * sw - EPS)
        x1 = left + ceil((b - origin) / SLOT_SECONDS * sw - EPS)
        if x1 <= cx0 or x0 >= cx1:
            continue
        fill(x0, top, x1 - x0, inner, brushes[label])
        if PATTERNS.get(label) == "dots":
            fill(x0, top, x1 - x0, inner, kit.night_dots)
    hatch = kit.hatch
    for a, b, _reason in rd.days_off:
        x0 = left + ceil((a - origin) / SLOT_SECONDS * sw - EPS)
        x1 = left + ceil((b - origin) / SLOT_SECONDS * sw - EPS)
        if x1 <= cx0 or x0 >= cx1:
            continue
        fill(x0, top, x1 - x0, inner, hatch)
    # Local hour labels: what the member's own clock says.
    p.setFont(kit.small)
    ty = y + (h - kit.small_metrics.height()) / 2
    segs = rd.comfort
    k = 0
    labels, pens, text_pen = kit.hour_statics(), kit.comfort_text, kit.text
    set_pen, draw_text, draw_line = p.setPen, p.drawStaticText, p.drawLine
    tick0, tick1 = y + h - 5, y + h - 2
    for t, hour in rd.hour_marks:
        if hour % step:
            continue
        x = left + ceil((t - origin) / SLOT_SECONDS * sw - EPS)
        if x < cx0 - 30 or x > cx1:
            continue
        # Both lists are in time order: walk the segments alongside the marks.
        while k + 1 < len(segs) and segs[k][1] <= t:
            k += 1
        set_pen(pens.get(segs[k][2], text_pen) if segs else text_pen)
        draw_text(QPointF(x + 2, ty), labels[hour])
        draw_line(x, tick0, x, tick1)
    # Holiday names and time off, on a chip so they read on any colour.
    for a, b, reason in rd.days_off:
        if reason == "weekend":
            continue
        x0, x1 = geo.x_at(_frac(data, a)), geo.x_at(_frac(data, b))
        if x1 <= cx0 or x0 >= cx1 or x1 - x0 < 24:
            continue
        text = kit.small_metrics.elidedText(reason, Qt.TextElideMode.ElideRight, x1 - x0 - 10)
        tw = kit.small_metrics.horizontalAdvance(text)
        left_edge = max(x0 + 3, min(geo.label_width + 3, x1 - tw - 7))
        rect = QRect(left_edge, y + 4, tw + 6, h - 8)
        p.fillRect(rect, kit.chip)
        p.setPen(kit.text)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    for t, before, after in rd.transitions:
        _paint_dst(p, geo, data, kit, t, before, after, y, h)
    for a, b, _zone, _period in rd.periods:
        _paint_period(p, geo, data, kit, a, b, y, h, cx0, cx1)
    p.setPen(kit.grid_line)
    p.drawLine(max(cx0, geo.label_width), y + h - 1, cx1, y + h - 1)


def _paint_period(p: QPainter, geo: GridGeometry, data: GridData, kit: PaintKit, a: int, b: int,
                  y: int, h: int, cx0: int, cx1: int) -> None:
    """A period in force (travel, other hours): a dashed band along the top, a bar at
    each of its bounds inside the view (:mod:`widgets.grid.band`)."""
    x0, x1 = geo.x_at(_frac(data, a)), geo.x_at(_frac(data, b))
    if x1 <= cx0 or x0 >= cx1:
        return
    paint_period_band(p, x0, x1, y + 1, h - 2, kit.text, kit.background,
                      a > data.start, b < data.end)


def _paint_dst(p: QPainter, geo: GridGeometry, data: GridData, kit: PaintKit, t: int,
               before: int, after: int, y: int, h: int) -> None:
    x = geo.x_at(_frac(data, t))
    p.setPen(QPen(kit.dst, 2, Qt.PenStyle.DashLine))
    p.drawLine(x, y + 1, x, y + h - 2)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(kit.dst)
    p.drawPolygon(QPolygon([QPoint(x - 5, y), QPoint(x + 5, y), QPoint(x, y + 7)]))
    p.setBrush(Qt.BrushStyle.NoBrush)
    shift = (after - before) // 60
    text = ("+" if shift > 0 else "\u2212") + (f"{abs(shift) // 60}h" if abs(shift) % 60 == 0
                                               else f"{abs(shift)}m")
    tw = kit.small_metrics.horizontalAdvance(text)
    rect = QRect(x + 3, y + 2, tw + 4, kit.small_metrics.height())
    p.fillRect(rect, kit.chip)
    p.setPen(kit.dst.darker(140) if kit.style.name == "light" else kit.dst.lighter(130))
    p.setFont(kit.small)
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _paint_columns(p: QPainter, geo: GridGeometry, data: GridData, state: GridState,
                   kit: PaintKit, y_top: int, cx0: int, cx1: int, header: bool = False) -> None:
    """Things that span every row: overlap windows, the selection, the now line."""
    bottom = min(geo.height, geo.top + geo.rows * geo.row_height - geo.scroll_y)
    if header:
        bottom = geo.top
    height = bottom - y_top
    if height <= 0:
        return
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(kit.window_pen)
    for a, b in data.windows:
        x0, x1 = geo.x_at(_frac(data, a)), geo.x_at(_frac(data, b))
        if x1 < cx0 or x0 > cx1:
            continue
        p.drawLine(x0, y_top, x0, bottom)
        p.drawLine(x1, y_top, x1, bottom)
        if not header:
            p.drawLine(x0, bottom - 1, x1, bottom - 1)
    if state.selection is not None:
        a, b = state.selection
        x0, x1 = geo.x_at(a), geo.x_at(b)
        if x1 >= cx0 and x0 <= cx1:
            p.fillRect(x0, y_top, x1 - x0, height, kit.selection_fill)
            p.setPen(kit.selection_pen)
            p.drawLine(x0, y_top, x0, bottom)
            p.drawLine(x1 - 1, y_top, x1 - 1, bottom)
    if state.now is not None and data.start <= state.now < data.end:
        x = geo.x_at(_frac(data, state.now))
        if cx0 <= x <= cx1:
            p.setPen(kit.now_pen)
            p.drawLine(x, y_top if not header else 0, x, bottom)


def _paint_cursor(p: QPainter, geo: GridGeometry, state: GridState, kit: PaintKit) -> None:
    if not 0 <= state.cursor_row < geo.rows or not 0 <= state.cursor_slot < geo.slots:
        return
    x, y, w, h = geo.slot_rect(state.cursor_row, state.cursor_slot)
    pen = QPen(kit.cursor_pen)
    if not state.has_focus:
        pen.setStyle(Qt.PenStyle.DotLine)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(x, y + 1, max(2, w - 1), h - 3)


def _paint_header(p: QPainter, geo: GridGeometry, data: GridData, kit: PaintKit,
                  first_slot: int, last_slot: int) -> None:
    hh = geo.header_height
    p.fillRect(geo.label_width, 0, geo.width - geo.label_width, hh, kit.header)
    mid = hh // 2
    p.setFont(kit.font)
    # Dates of the reference zone, each at its local midnight.
    for i, (t, day) in enumerate(data.days):
        x0 = geo.x_at(_frac(data, t))
        x1 = geo.x_at(_frac(data, data.days[i + 1][0])) if i + 1 < len(data.days) else \
            geo.x_at(data.slots)
        p.setPen(kit.grid_line)
        p.drawLine(x0, 0, x0, hh)
        left = max(x0, geo.label_width) + 4
        if x1 - left < 20:
            continue
        text = kit.metrics.elidedText(kit.day_label(datetime.combine(day, datetime.min.time())),
                                      Qt.TextElideMode.ElideRight, x1 - left - 4)
        p.setPen(kit.text)
        p.drawText(QRect(left, 1, x1 - left, mid), Qt.AlignmentFlag.AlignVCenter, text)
    step = _hour_step(geo, kit)
    p.setFont(kit.small)
    p.setPen(kit.muted)
    for t, hour in data.hour_marks:
        x = geo.x_at(_frac(data, t))
        if hour % step:
            p.drawLine(x, hh - 3, x, hh)
            continue
        p.drawLine(x, hh - 6, x, hh)
        p.drawStaticText(QPointF(x + 2, mid + 1), kit.static(kit.hour_label(hour)))
    for t, before, after in data.transitions:
        _paint_dst(p, geo, data, kit, t, before, after, mid, hh - mid)
    p.setPen(kit.grid_line)
    p.drawLine(geo.label_width, hh - 1, geo.width, hh - 1)


def _paint_counts(p: QPainter, geo: GridGeometry, data: GridData, kit: PaintKit,
                  first_slot: int, last_slot: int) -> None:
    y, h = geo.header_height, geo.count_height
    total = data.required_total
    avail = data.available
    p.setFont(kit.small)
    shown: list[tuple[int, int, int]] = []   # stretches [i, j) whose count n is written
    i = first_slot
    while i < last_slot:
        n = avail[i]
        j = i + 1
        while j < len(avail) and avail[j] == n:
            j += 1
        x0, x1 = geo.x_at(i), geo.x_at(j)
        brush = kit.count_full if total and n == total else kit.count_brush(n, total)
        p.fillRect(x0, y + 1, x1 - x0, h - 2, brush)
        text = f"{n}/{total}" if x1 - x0 >= 34 else str(n)
        if x1 - x0 >= kit.small_metrics.horizontalAdvance(text) + 4:
            p.setPen(QColor("#000000") if total and n == total else kit.count_text(n, total))
            vis0, vis1 = max(x0, geo.label_width), min(x1, geo.width)
            p.drawText(QRect(vis0, y, vis1 - vis0, h), Qt.AlignmentFlag.AlignCenter, text)
            shown.append((i, j, n))
        i = j
    _paint_best_counts(p, geo, data, kit, first_slot, last_slot, shown)
    p.setPen(kit.grid_line)
    p.drawLine(geo.label_width, y + h - 1, geo.width, y + h - 1)


def _paint_best_counts(p: QPainter, geo: GridGeometry, data: GridData, kit: PaintKit,
                       first_slot: int, last_slot: int,
                       shown: list[tuple[int, int, int]]) -> None:
    """Each day's best count, on a chip over its stretch when the stretch is too narrow
    for its number (a week: an hour is a few pixels, and the best hour is what one looks
    for)."""
    y, h = geo.header_height, geo.count_height
    avail = data.available
    bounds = [data.slot_of(t) for t, _ in data.days] + [data.slots]
    for a, b in zip(bounds, bounds[1:], strict=False):
        a, b = max(a, first_slot), min(b, last_slot)
        if a >= b:
            continue
        best = max(avail[a:b])
        if best == 0 or any(n == best and i < b and j > a for i, j, n in shown):
            continue
        at = a + avail[a:b].index(best)
        end = at
        while end < b and avail[end] == best:
            end += 1
        text = str(best)
        width = kit.small_metrics.horizontalAdvance(text) + 6
        centre = (geo.x_at(at) + geo.x_at(end)) // 2
        left = max(geo.x_at(a), geo.label_width, min(centre - width // 2,
                                                     geo.x_at(b) - width))
        chip = QRect(left, y + 2, width, h - 4)
        p.fillRect(chip, kit.chip)
        p.setPen(kit.text)
        p.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


def _paint_labels(p: QPainter, geo: GridGeometry, data: GridData, state: GridState,
                  kit: PaintKit, cy0: int, cy1: int) -> None:
    lw = geo.label_width
    p.fillRect(0, 0, lw, geo.top, kit.header)
    p.setPen(kit.text)
    p.setFont(kit.bold)
    corner = kit.metrics.elidedText(
        _("{city} time").format(city=data.zone.rsplit("/", 1)[-1].replace("_", " ")),
        Qt.TextElideMode.ElideRight, lw - 12)
    p.drawText(QRect(6, 0, lw - 8, geo.header_height), Qt.AlignmentFlag.AlignVCenter, corner)
    p.setFont(kit.small)
    p.setPen(kit.muted)
    p.drawText(QRect(6, geo.header_height, lw - 8, geo.count_height),
               Qt.AlignmentFlag.AlignVCenter, _("required available"))
    r0, r1 = geo.visible_rows()
    p.save()
    p.setClipRect(QRect(0, geo.top, lw, geo.height - geo.top))
    for row in range(r0, r1):
        x, y, w, h = geo.row_label_rect(row)
        if y >= cy1 or y + h <= cy0:
            continue
        rd = data.rows[row]
        if row == state.cursor_row:
            p.fillRect(x, y, w, h, kit.selection_fill)
        # Where the member is at the cursor: a period may have them elsewhere.
        zone = zone_at(rd.periods, rd.zone, data.slot_start(state.cursor_slot)) \
            if rd.periods else rd.zone
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        p.setFont(kit.small)
        cw = min(kit.small_metrics.horizontalAdvance(city), lw // 2 - 6)
        city = kit.small_metrics.elidedText(city, Qt.TextElideMode.ElideRight, cw)
        p.setPen(kit.muted)
        p.drawText(QRect(lw - cw - 8, y, cw + 2, h),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, city)
        font = kit.font if rd.required else kit.small
        metrics = kit.metrics if rd.required else kit.small_metrics
        name = rd.name if rd.required else _("{name} (opt.)").format(name=rd.name)
        name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, lw - cw - 20)
        p.setFont(font)
        p.setPen(kit.text)
        p.drawText(QRect(6, y, lw - cw - 14, h), Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(kit.grid_line)
        p.drawLine(0, y + h - 1, lw, y + h - 1)
    p.restore()
    p.setPen(kit.grid_line)
    p.drawLine(lw - 1, 0, lw - 1, geo.height)


def utc_label(t: int) -> datetime:
    return datetime.fromtimestamp(t, tz=UTC)
