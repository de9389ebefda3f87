"""The time grid's own keys, for the shortcut sheet (TimeGrid handles them while it has focus)."""

from __future__ import annotations

GRID_KEYS: tuple[tuple[str, str], ...] = (
    ("Left / Right", "one 15-minute slot (Ctrl: one hour); crosses into the previous or "
                     "next day/week at the edges"),
    ("Up / Down", "one member row"),
    ("Shift + the above", "extend the selection from its anchor"),
    ("Home / End", "first / last slot of the range"),
    ("PageUp / PageDown", "previous / next day (day view) or week (week view)"),
    ("N / Shift+N", "next / previous overlap window (selects it)"),
    ("T", "jump to now"),
    ("Escape", "shrink the selection to the cursor"),
)
