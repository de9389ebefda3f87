"""The time grid's own keys, for the shortcut sheet (TimeGrid handles them while it has focus)."""

from __future__ import annotations

from planner.i18n import N_

# Key names and what they do, translated where shown: _(key), _(description).

GRID_KEYS: tuple[tuple[str, str], ...] = (
    (N_("Left / Right"), N_("one 15-minute slot (Ctrl: one hour); crosses into the previous or "
                     "next day/week at the edges")),
    (N_("Up / Down"), N_("one member row")),
    (N_("Shift + the above"), N_("extend the selection from its anchor")),
    (N_("Home / End"), N_("first / last slot of the range")),
    (N_("PageUp / PageDown"), N_("previous / next day (day view) or week (week view)")),
    (N_("N / Shift+N"), N_("next / previous overlap window (selects it)")),
    (N_("T"), N_("jump to now")),
    (N_("Escape"), N_("shrink the selection to the cursor")),
)
