"""The mark of a period in force (travel, seasonal hours) on a member's row.

A band of dashes along the top of the row, with a bar at each bound of the
period that falls inside the view.  It is drawn in two tones, the style's
text colour ("ink") on its background colour ("paper"), never in a hue of
its own: one of the two tones stands out on every comfort colour of both
themes (the light ink of the dark theme alone vanishes on its yellow), and
the dash pattern tells the band from the cursor, the selection and the
overlap outline without relying on colour at all.  The legend draws the same
mark through :func:`paint_period_band`.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter

PERIOD_BAND = 5  # px: the band's height, paper edge included
DASH = 6         # px: length of one dash and of one gap
EDGE = 2         # px: width of the bar at a period's bound


def dash_spans(x0: int, x1: int, origin: int = 0) -> list[tuple[int, int]]:
    """The ink dashes of a band over [x0, x1): every other DASH px, counted from
    ``origin`` (not from x0) so that strips repainted apart line up."""
    out = []
    x = x0 - (x0 - origin) % (2 * DASH)
    while x < x1:
        a, b = max(x, x0), min(x + DASH, x1)
        if a < b:
            out.append((a, b))
        x += 2 * DASH
    return out


def paint_period_band(p: QPainter, x0: int, x1: int, y: int, h: int, ink: QColor,
                      paper: QColor, start_edge: bool, end_edge: bool, origin: int = 0) -> None:
    """The band over [x0, x1) of a row whose top is ``y`` and height ``h``."""
    if x1 <= x0:
        return
    p.fillRect(x0, y, x1 - x0, PERIOD_BAND, paper)
    for a, b in dash_spans(x0, x1, origin):
        p.fillRect(a, y + 1, b - a, PERIOD_BAND - 2, ink)
    for x, wanted in ((x0, start_edge), (x1 - EDGE, end_edge)):
        if wanted:
            p.fillRect(x - 1, y, EDGE + 2, h, paper)
            p.fillRect(x, y, EDGE, h, ink)
