"""Pure layout maths of the time grid: no Qt, so it is tested on its own.

Viewport layout::

    +-----------+------------------------------------------+
    |  (corner) | reference-zone dates and hours  (header) |
    +-----------+------------------------------------------+
    | available | required members available per slot    |
    +-----------+------------------------------------------+
    | member 0  | cells ...                               |
    | member 1  |                                          |

The label column stays put when the cells scroll sideways, and the two top
rows stay put when they scroll up and down.  Columns are 15-minute UTC slots
from the reference zone's local midnight; a slot's left edge is at
``label_width + ceil(slot * slot_width)``, so neighbouring slots tile exactly
even when the slot width is fractional.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

Rect = tuple[int, int, int, int]  # x, y, width, height

COUNT_ROW = -1
EPS = 1e-6  # slack for float error when snapping a slot edge to a pixel


# Hours between two labelled hour marks, finest first (24: only the day's label).
HOUR_STEPS = (1, 2, 3, 6, 12)
LABEL_GAP = 6   # pixels between two hour labels (and the label's 2 px inset)


def hour_label_step(hour_px: float, label_px: int) -> int:
    """Label every ``step`` hours so that neighbouring labels ``label_px`` wide never
    touch (the widest of the 24 labels: "12 PM" or "午後12時" need more than "12")."""
    for step in HOUR_STEPS:
        if hour_px * step >= label_px + LABEL_GAP:
            return step
    return 24


@dataclass(frozen=True, slots=True)
class GridGeometry:
    slots: int
    rows: int
    width: int                 # viewport size
    height: int
    label_width: int = 160
    header_height: int = 36
    count_height: int = 22
    row_height: int = 26
    min_slot_width: float = 2.0
    scroll_x: int = 0
    scroll_y: int = 0

    # --- sizes -------------------------------------------------------------

    @property
    def slot_width(self) -> float:
        if self.slots <= 0:
            return self.min_slot_width
        fit = (self.width - self.label_width) / self.slots
        return max(self.min_slot_width, fit)

    @property
    def top(self) -> int:
        """Viewport y where member rows begin (below the fixed rows)."""
        return self.header_height + self.count_height

    @property
    def content_width(self) -> int:
        return self.label_width + math.ceil(self.slots * self.slot_width - EPS)

    @property
    def content_height(self) -> int:
        return self.top + self.rows * self.row_height

    @property
    def max_scroll_x(self) -> int:
        return max(0, self.content_width - self.width)

    @property
    def max_scroll_y(self) -> int:
        return max(0, self.content_height - self.height)

    def scrolled(self, x: int, y: int) -> GridGeometry:
        return replace(self, scroll_x=max(0, min(x, self.max_scroll_x)),
                       scroll_y=max(0, min(y, self.max_scroll_y)))

    def resized(self, width: int, height: int) -> GridGeometry:
        g = replace(self, width=width, height=height)
        return g.scrolled(g.scroll_x, g.scroll_y)

    def size_hint(self, preferred_slot_width: float = 8.0) -> tuple[int, int]:
        w = self.label_width + math.ceil(self.slots * max(self.min_slot_width,
                                                          preferred_slot_width))
        return w, self.top + self.rows * self.row_height

    def minimum_size(self) -> tuple[int, int]:
        return self.label_width + 120, self.top + min(self.rows, 3) * self.row_height

    @property
    def hour_px(self) -> float:
        return 4 * self.slot_width   # four 15-minute slots

    # --- x ------------------------------------------------------------------

    def x_at(self, slot_fraction: float) -> int:
        """Viewport x of a (possibly fractional) slot position."""
        return self.label_width + math.ceil(slot_fraction * self.slot_width - EPS) - \
            self.scroll_x

    def slot_at_x(self, x: int) -> int | None:
        """The slot whose column holds viewport x, or None outside the cells."""
        if x < self.label_width or self.slots <= 0:
            return None
        i = int((x - self.label_width + self.scroll_x) / self.slot_width)
        i = max(0, min(self.slots - 1, i))
        while i + 1 < self.slots and self.x_at(i + 1) <= x:
            i += 1
        while i > 0 and self.x_at(i) > x:
            i -= 1
        if not self.x_at(i) <= x < self.x_at(i + 1):
            return None
        return i

    def nearest_slot(self, x: int) -> int:
        """Like slot_at_x but clamped to the first and last slot (for drags)."""
        if x < self.label_width:
            x = self.label_width
        s = self.slot_at_x(x)
        if s is not None:
            return s
        return 0 if x < self.x_at(0) else max(0, self.slots - 1)

    def visible_slots(self) -> tuple[int, int]:
        """First and one-past-last slot with any pixel in the cell area."""
        first = self.nearest_slot(self.label_width)
        last = self.nearest_slot(self.width - 1)
        return first, min(self.slots, last + 1)

    # --- y ------------------------------------------------------------------

    def y_of_row(self, row: int) -> int:
        if row == COUNT_ROW:
            return self.header_height
        return self.top + row * self.row_height - self.scroll_y

    def row_height_of(self, row: int) -> int:
        return self.count_height if row == COUNT_ROW else self.row_height

    def row_at_y(self, y: int) -> int | None:
        """Member row at viewport y, COUNT_ROW for the availability row, None for the header."""
        if y < self.header_height or y >= self.height:
            return None
        if y < self.top:
            return COUNT_ROW
        r = (y - self.top + self.scroll_y) // self.row_height
        return r if 0 <= r < self.rows else None

    def nearest_row(self, y: int) -> int:
        r = (max(y, self.top) - self.top + self.scroll_y) // self.row_height
        return max(0, min(self.rows - 1, r))

    def visible_rows(self) -> tuple[int, int]:
        first = self.scroll_y // self.row_height
        last = -(-(self.scroll_y + max(0, self.height - self.top)) // self.row_height)
        return max(0, first), min(self.rows, last)

    # --- points and rectangles ------------------------------------------------

    def slot_at(self, x: int, y: int) -> tuple[int, int] | None:
        """(row, slot) under a viewport point; row may be COUNT_ROW."""
        row, slot = self.row_at_y(y), self.slot_at_x(x)
        if row is None or slot is None:
            return None
        return row, slot

    def slot_rect(self, row: int, slot: int) -> Rect:
        return self.span_rect(row, slot, slot + 1)

    def span_rect(self, row: int, first: float, last: float) -> Rect:
        """Viewport rectangle of slots [first, last) in a row (fractions allowed)."""
        x0, x1 = self.x_at(first), self.x_at(last)
        return x0, self.y_of_row(row), x1 - x0, self.row_height_of(row)

    def column_rect(self, first: float, last: float) -> Rect:
        """Slots [first, last) through the count row and every member row in view."""
        x0, x1 = self.x_at(first), self.x_at(last)
        bottom = min(self.height, self.top + self.rows * self.row_height - self.scroll_y)
        return x0, self.header_height, x1 - x0, max(0, bottom - self.header_height)

    def row_label_rect(self, row: int) -> Rect:
        return 0, self.y_of_row(row), self.label_width, self.row_height_of(row)

    def cells_rect(self) -> Rect:
        """The scrolling cell area (member rows right of the labels)."""
        return self.label_width, self.top, max(0, self.width - self.label_width), \
            max(0, self.height - self.top)

    def scroll_to_show(self, row: int, slot: int) -> GridGeometry:
        """Scroll as little as possible to bring a cell fully into view."""
        sx, sy = self.scroll_x, self.scroll_y
        x0 = self.label_width + math.ceil(slot * self.slot_width - EPS)
        x1 = self.label_width + math.ceil((slot + 1) * self.slot_width - EPS)
        if x0 - sx < self.label_width:
            sx = x0 - self.label_width
        elif x1 - sx > self.width:
            sx = x1 - self.width
        if row >= 0:
            y0 = self.top + row * self.row_height
            y1 = y0 + self.row_height
            if y0 - sy < self.top:
                sy = y0 - self.top
            elif y1 - sy > self.height:
                sy = y1 - self.height
        return self.scrolled(sx, sy)
