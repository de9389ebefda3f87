"""The time grid widget: input handling and caching around geometry and painter.

Keyboard (the grid is usable without a mouse):

    Left / Right        one 15-minute slot (Ctrl: one hour); crosses into the
                        previous or next day/week at the edges
    Up / Down           one member row
    Shift + the above   extend the selection from its anchor
    Home / End          first / last slot of the range
    PageUp / PageDown   previous / next day (day view) or week (week view)
    N / Shift+N         next / previous overlap window (selects it)
    T                   jump to now
    Escape              shrink the selection to the cursor
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from planner.availability import DayOff, from_seconds, to_seconds
from planner.i18n import _, ngettext
from planner.model import Plan
from planner.zones import get_zone

from ..formatting import Formats
from .accessible import GridParts, install_factory
from .data import SLOT_SECONDS, GridData, GridRange, compute_grid_data
from .geometry import COUNT_ROW, GridGeometry
from .painter import GridState, PaintKit, RowCache, paint_grid
from .periods import period_at as row_period_at
from .periods import period_label
from .periods import zone_at as row_zone_at
from .style import COMFORT_LABELS, GridStyle, light_style

Clock = Callable[[], datetime]
_CACHE_RANGES = 8
TOOLTIP_ROWS = 50  # up to this many members, the tooltip lists everyone
_WINDOW_SEARCH_RANGES = 8


class TimeGrid(QAbstractScrollArea):
    """One row per member, 15-minute columns in the reference zone."""

    selection_changed = Signal(object, object)   # start, end: aware UTC datetimes
    cursor_moved = Signal(int, object)           # member row, slot start (UTC)
    range_changed = Signal(object)               # GridRange
    # jump_to_window found none: forward?, the ranges searched, the most people present
    window_not_found = Signal(bool, object, int)

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 style: GridStyle | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # Time runs left to right in every language, Arabic too (DESIGN.md, "Languages"):
        # the grid is a time axis like the hour numbers it is labelled with, and Left/Right
        # mean earlier/later. The window around it mirrors; the grid does not.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._clock = clock
        self._formats = formats or Formats()
        self._style = style or light_style()
        self._plan: Plan | None = None
        self._calendar: DayOff | None = None
        self._range: GridRange | None = None
        self._min_count: int | None = None
        self._cache: OrderedDict[GridRange, GridData] = OrderedDict()
        self._data: GridData | None = None
        self._geo = GridGeometry(slots=0, rows=0, width=1, height=1)
        self._state = GridState()
        self._anchor = 0
        self._dragging = False
        self._kit: PaintKit | None = None
        self._rows = RowCache()
        self._last_selection: tuple[datetime, datetime] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        # Screen readers see a table of member rows and 15-minute cells (accessible.py).
        install_factory()
        self.accessible_parts = GridParts(self)
        self.setAccessibleName(_("Time grid"))
        self.setAccessibleDescription(_(
            "Arrow keys move, Shift extends the selection, PageUp and PageDown change the "
            "day or week, N jumps to the next overlap window"))
        self.horizontalScrollBar().setSingleStep(16)
        self.verticalScrollBar().setSingleStep(self._geo.row_height)
        # The neighbouring ranges are computed while the user looks at this one, so
        # that PageUp/PageDown and crossing midnight only paint.
        self._prefetch: list[GridRange] = []
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(0)
        self._prefetch_timer.timeout.connect(self._on_prefetch_timer_timeout)

    # --- inputs -------------------------------------------------------------

    def set_plan(self, plan: Plan, calendar: DayOff, grid_range: GridRange | None = None) -> None:
        """Show a (new or edited) plan; recomputes the grid data once."""
        self._plan, self._calendar = plan, calendar
        self._cache.clear()
        if grid_range is None and self._range is not None:
            grid_range = GridRange(self._range.first, self._range.days, plan.reference_zone)
        if grid_range is None:
            today = self._clock().astimezone(get_zone(plan.reference_zone)).date()
            grid_range = GridRange(today, 1, plan.reference_zone)
        self._set_range(grid_range, keep_selection=True)

    def set_min_count(self, count: int | None) -> None:
        """Overlap windows: every required member (None) or at least ``count`` people."""
        if count == self._min_count:
            return
        self._min_count = count
        self._cache.clear()
        if self._range is not None:
            self._set_range(self._range, keep_selection=True)

    @property
    def min_count(self) -> int | None:
        return self._min_count

    def set_range(self, grid_range: GridRange) -> None:
        self._set_range(grid_range, keep_selection=False)

    def show_day(self, day: date) -> None:
        if self._plan is not None:
            self.set_range(GridRange(day, 1, self._plan.reference_zone))

    def show_week(self, day: date) -> None:
        if self._plan is not None:
            self.set_range(GridRange(day, 7, self._plan.reference_zone).containing(
                day, self._formats.first_week_day))

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self._kit = None
        self._rows.clear()
        self.viewport().update()

    def set_grid_style(self, style: GridStyle) -> None:
        self._style = style
        self._kit = None
        self._rows.clear()
        self.viewport().update()

    def setFont(self, font: QFont | str | Sequence[str]) -> None:  # noqa: N802 (Qt override)
        super().setFont(font)
        self._kit = None
        self._rows.clear()
        self.viewport().update()

    def tick(self) -> None:
        """Move the now line to the clock's time (the app calls this every minute)."""
        old = self._state.now
        self._state.now = to_seconds(self._clock())
        if self._data is None or old == self._state.now:
            return
        for t in (old, self._state.now):
            if t is not None and self._data.start <= t < self._data.end:
                x = self._geo.x_at((t - self._data.start) / SLOT_SECONDS)
                self.viewport().update(QRect(x - 3, 0, 7, self._geo.height))

    # --- outputs ------------------------------------------------------------

    @property
    def grid_range(self) -> GridRange | None:
        return self._range

    @property
    def grid_data(self) -> GridData | None:
        return self._data

    @property
    def formats(self) -> Formats:
        return self._formats

    @property
    def geometry_model(self) -> GridGeometry:
        return self._geo

    @property
    def state(self) -> GridState:
        return self._state

    @property
    def row_pictures(self) -> int:
        """How many painted member rows are kept for reuse (see RowCache)."""
        return len(self._rows)

    def selection(self) -> tuple[datetime, datetime] | None:
        if self._data is None or self._state.selection is None:
            return None
        return self._data.interval(*self._state.selection)

    def cursor_cell(self) -> tuple[int, int]:
        """The keyboard cursor: member row and slot (``cursor()`` is QWidget's mouse cursor)."""
        return self._state.cursor_row, self._state.cursor_slot

    # --- range and data -----------------------------------------------------

    def _data_for(self, grid_range: GridRange) -> GridData:
        data = self._cache.get(grid_range)
        if data is None:
            assert self._plan is not None and self._calendar is not None
            data = compute_grid_data(self._plan, self._calendar, grid_range, self._min_count)
            self._cache[grid_range] = data
            while len(self._cache) > _CACHE_RANGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(grid_range)
        return data

    def _set_range(self, grid_range: GridRange, *, keep_selection: bool,
                   cursor_slot: int | None = None) -> None:
        if self._plan is None:
            return
        old = self._data
        changed = grid_range != self._range
        self._range = grid_range
        self._data = self._data_for(grid_range)
        # The row pixmaps stay: most rows of the next range look the same (RowCache).
        self._state.now = to_seconds(self._clock())
        n = self._data.slots
        rows = len(self._data.rows)
        # A week fits the width down to a pixel per slot (it is an overview);
        # a day keeps slots wide enough to aim at with the mouse.
        self._geo = replace(self._geo, slots=n, rows=rows,
                            min_slot_width=2.0 if grid_range.days == 1 else 1.0)
        self._update_scrollbars()
        st = self._state
        st.cursor_row = max(0, min(rows - 1, st.cursor_row)) if rows else 0
        if cursor_slot is not None:
            st.cursor_slot = max(0, min(n - 1, cursor_slot))
        elif old is None:
            st.cursor_slot = self._default_cursor_slot()
        else:
            st.cursor_slot = max(0, min(n - 1, st.cursor_slot))
        if not keep_selection or st.selection is None or old is None:
            self._anchor = st.cursor_slot
            st.selection = (st.cursor_slot, st.cursor_slot + 1) if n else None
        else:
            a, b = st.selection
            st.selection = (max(0, min(n - 1, a)), max(1, min(n, b)))
        self._scroll_to_cursor()
        self.updateGeometry()
        self.viewport().update()
        self.accessible_parts.reset(rows, n)
        self.accessible_parts.cursor_moved(focus=self.hasFocus())
        self._prefetch = [grid_range.shifted(1), grid_range.shifted(-1)]
        self._prefetch_timer.start()
        if changed:
            self.range_changed.emit(grid_range)
        self._emit_selection()
        self._emit_cursor()

    def _on_prefetch_timer_timeout(self) -> None:
        """Compute one neighbouring range and the rows it will show, then wait for the
        event loop again (input between the two is handled in between)."""
        if not self._prefetch or self._plan is None:
            return
        data = self._data_for(self._prefetch.pop(0))
        first, last = self._geo.visible_rows()
        for row in range(first, min(last, len(data.rows))):
            data.rows[row]
        # The range on screen stays the most recent (a long window search may have
        # pushed it out of the cache; its data is still held in self._data).
        if self._range is not None and self._range in self._cache:
            self._cache.move_to_end(self._range)
        if self._prefetch:
            self._prefetch_timer.start()

    def _default_cursor_slot(self) -> int:
        """Now when it is in range, else 09:00 in the reference zone."""
        assert self._data is not None
        now = self._state.now
        if now is not None and self._data.start <= now < self._data.end:
            return self._data.slot_of(now)
        return min(self._data.slots - 1, 9 * 4)

    def _shift_range(self, ranges: int, cursor_slot: int | None = None) -> None:
        if self._range is None:
            return
        st = self._state
        keep = st.cursor_slot if cursor_slot is None else cursor_slot
        self._set_range(self._range.shifted(ranges), keep_selection=False, cursor_slot=keep)

    # --- selection ----------------------------------------------------------

    def _select(self, anchor: int, cursor: int, *, row: int | None = None) -> None:
        st = self._state
        n = self._geo.slots
        if n == 0:
            return
        cursor = max(0, min(n - 1, cursor))
        anchor = max(0, min(n - 1, anchor))
        old_sel, old_cursor = st.selection, (st.cursor_row, st.cursor_slot)
        self._anchor = anchor
        st.cursor_slot = cursor
        if row is not None and self._geo.rows:
            st.cursor_row = max(0, min(self._geo.rows - 1, row))
        st.selection = (min(anchor, cursor), max(anchor, cursor) + 1)
        moved = old_cursor != (st.cursor_row, st.cursor_slot)
        if old_sel != st.selection or moved:
            self._scroll_to_cursor()
            self.viewport().update()
            self.accessible_parts.cursor_moved(focus=moved and self.hasFocus())
        self._emit_selection()
        if old_cursor != (st.cursor_row, st.cursor_slot):
            self._emit_cursor()

    def select_interval(self, start: datetime, end: datetime) -> None:
        """Select the slots covering [start, end), showing the range that holds start."""
        if self._plan is None or self._range is None:
            return
        s, e = to_seconds(start), to_seconds(end)
        data = self._data
        if data is None or not data.start <= s < data.end:
            day = start.astimezone(get_zone(self._plan.reference_zone)).date()
            self._set_range(self._range.containing(day, self._formats.first_week_day),
                            keep_selection=False)
            data = self._data
        assert data is not None
        a = data.slot_of(s)
        b = max(a + 1, min(data.slots, math.ceil((e - data.start) / SLOT_SECONDS)))
        self._select(b - 1, a)

    def _emit_selection(self) -> None:
        sel = self.selection()
        if sel is not None and sel != self._last_selection:
            self._last_selection = sel
            self.selection_changed.emit(*sel)

    def _emit_cursor(self) -> None:
        if self._data is None or not self._data.slots:
            return
        self.cursor_moved.emit(self._state.cursor_row,
                               from_seconds(self._data.slot_start(self._state.cursor_slot)))

    def set_cursor_row(self, row: int) -> None:
        """Put the cursor on a member's row (the team panel's selection)."""
        self._select(self._anchor, self._state.cursor_slot, row=row)

    # --- overlap windows ------------------------------------------------------

    def jump_to_window(self, forward: bool = True) -> bool:
        """Select the next (or previous) overlap window, looking ahead a few ranges."""
        if self._data is None or self._range is None:
            return False
        here = self._data.slot_start(self._state.cursor_slot)
        searched: list[GridRange] = []
        most = 0
        for k in range(_WINDOW_SEARCH_RANGES + 1):
            grid_range = self._range.shifted(k if forward else -k)
            data = self._data_for(grid_range)
            searched.append(grid_range)
            most = max(most, data.most_present())
            windows = data.windows if forward else tuple(reversed(data.windows))
            for ws, we in windows:
                # A window running on from the previous range starts there, not here.
                if ws > here if forward else ws < here:
                    if k:
                        self._set_range(grid_range, keep_selection=False)
                    self.select_interval(from_seconds(ws), from_seconds(we))
                    return True
        self.window_not_found.emit(forward, tuple(searched), most)
        return False

    # --- tooltips -------------------------------------------------------------

    def tooltip_text(self, slot: int, row: int | None = None) -> str:
        """Every member's local date and time at the start of a slot (for a team larger
        than :data:`TOOLTIP_ROWS`, the members on screen)."""
        data = self._data
        if data is None or not 0 <= slot < data.slots:
            return ""
        t = data.slot_start(slot)
        at = from_seconds(t)
        f = self._formats
        ref = at.astimezone(get_zone(data.zone))
        lines = [f"<b>{f.day_time(ref)}</b> {data.zone.rsplit('/', 1)[-1].replace('_', ' ')}"
                 f" · {at.strftime('%H:%M')} UTC"]
        if data.required_total:
            lines.append(_("{n} of {total} required available").format(
                n=data.available[slot], total=data.required_total))
        shown = range(len(data.rows))
        if len(data.rows) > TOOLTIP_ROWS:
            # A large team: the rows on screen (a tooltip of every member would not fit,
            # and would compute every row).
            shown = range(*self._geo.visible_rows())
        for i in shown:
            rd = data.rows[i]
            local = at.astimezone(get_zone(row_zone_at(rd.periods, rd.zone, t)))
            comfort = _(COMFORT_LABELS[data.comfort_at(i, t)])
            off = data.day_off_at(i, t)
            extra = f" · {off}" if off and off != "weekend" else ""
            period = row_period_at(rd.periods, t)
            if period is not None:
                extra += " · " + html.escape(period.note or period_label(period))
            name = f"<b>{rd.name}</b>" if i == row else rd.name
            lines.append(f"{name}: {f.day_time(local)} — {comfort}{extra}")
        if len(shown) < len(data.rows):
            more = len(data.rows) - len(shown)
            lines.append(ngettext("… and {n} more members", "… and {n} more members",
                                  more).format(n=more))
        return "<br>".join(lines)

    # --- Qt events ----------------------------------------------------------

    def _paint_kit(self) -> PaintKit:
        if self._kit is None:
            f = self._formats
            self._rows.clear()
            self._kit = PaintKit(self._style, self.font(), f.hour_label,
                                 lambda d: f.day(d.date()), f.time)
            self._geo = replace(self._geo, row_height=max(22, self._kit.metrics.height() + 10),
                                header_height=max(34, 2 * self._kit.metrics.height() + 6),
                                count_height=max(20, self._kit.small_metrics.height() + 8))
            self._update_scrollbars()
        return self._kit

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        # Qt announces the grid; the cell under the cursor is what the user is on.
        self.accessible_parts.cursor_moved(focus=True)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self._data is None:
            return
        kit = self._paint_kit()
        self._state.has_focus = self.hasFocus()
        p = QPainter(self.viewport())
        p.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # time runs left to right
        try:
            paint_grid(p, self._geo, self._data, self._state, kit, event.rect(), self._rows,
                       self.viewport().devicePixelRatioF())
        finally:
            p.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._paint_kit()
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        vp = self.viewport().size()
        self._geo = self._geo.resized(vp.width(), vp.height())
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, self._geo.max_scroll_x)
        h.setPageStep(max(1, vp.width() - self._geo.label_width))
        v.setRange(0, self._geo.max_scroll_y)
        v.setPageStep(max(1, vp.height() - self._geo.top))
        v.setSingleStep(self._geo.row_height)
        self._geo = self._geo.scrolled(h.value(), v.value())

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        self._geo = self._geo.scrolled(self.horizontalScrollBar().value(),
                                       self.verticalScrollBar().value())
        self.viewport().update()

    def _scroll_to_cursor(self) -> None:
        g = self._geo.scroll_to_show(self._state.cursor_row, self._state.cursor_slot)
        if (g.scroll_x, g.scroll_y) != (self._geo.scroll_x, self._geo.scroll_y):
            self.horizontalScrollBar().setValue(g.scroll_x)
            self.verticalScrollBar().setValue(g.scroll_y)
            self._geo = self._geo.scrolled(g.scroll_x, g.scroll_y)

    def sizeHint(self) -> QSize:  # noqa: N802
        w, h = self._geo.size_hint(preferred_slot_width=6.0 if self._geo.slots <= 100 else 2.0)
        frame = 2 * self.frameWidth()
        return QSize(min(w, 1200) + frame, min(h, 700) + frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        w, h = self._geo.minimum_size()
        return QSize(w, h)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._data is None:
            return super().mousePressEvent(event)
        pos = event.position().toPoint()
        hit = self._geo.slot_at(pos.x(), pos.y())
        if hit is None:
            row = self._geo.row_at_y(pos.y())
            if row is not None and row >= 0:
                self._select(self._anchor, self._state.cursor_slot, row=row)
            return
        row, slot = hit
        self._dragging = True
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._select(self._anchor if extend else slot, slot,
                     row=row if row != COUNT_ROW else None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self._dragging or self._data is None:
            return super().mouseMoveEvent(event)
        pos = event.position().toPoint()
        self._select(self._anchor, self._geo.nearest_slot(pos.x()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            self._select(self._anchor, self._geo.nearest_slot(pos.x()))
            self._dragging = False
            return
        super().mouseReleaseEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        # PySide6 hands ToolTip events over as QHelpEvent.
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and \
                self._data is not None:
            pos = event.pos()
            hit = self._geo.slot_at(pos.x(), pos.y())
            if hit is None:
                QToolTip.hideText()
                event.ignore()
                return True
            row, slot = hit
            QToolTip.showText(event.globalPos(), self.tooltip_text(slot, row), self.viewport())
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._data is None or not self._data.slots:
            return super().keyPressEvent(event)
        key = event.key()
        mods = event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        st = self._state
        n = self._data.slots
        K = Qt.Key
        if key in (K.Key_Left, K.Key_Right):
            step = (4 if ctrl else 1) * (-1 if key == K.Key_Left else 1)
            target = st.cursor_slot + step
            if not shift and not 0 <= target < n:
                # Crossing midnight (or the week's end) shows the neighbouring range.
                self._shift_range(-1 if target < 0 else 1,
                                  cursor_slot=target % n if target >= 0 else None)
                if target < 0 and self._data is not None:
                    slot = self._data.slots + target
                    self._select(slot, slot)
                return
            self._select(self._anchor if shift else target, target)
        elif key in (K.Key_Up, K.Key_Down):
            row = st.cursor_row + (-1 if key == K.Key_Up else 1)
            self._select(self._anchor if shift else st.cursor_slot, st.cursor_slot, row=row)
        elif key in (K.Key_Home, K.Key_End):
            target = 0 if key == K.Key_Home else n - 1
            self._select(self._anchor if shift else target, target)
        elif key in (K.Key_PageUp, K.Key_PageDown):
            self._shift_range(-1 if key == K.Key_PageUp else 1)
        elif key == K.Key_N and not ctrl:
            self.jump_to_window(forward=not shift)
        elif key == K.Key_T and not ctrl and not shift:
            self.select_interval(self._clock(), self._clock())
        elif key == K.Key_Escape:
            self._select(st.cursor_slot, st.cursor_slot)
        else:
            super().keyPressEvent(event)
