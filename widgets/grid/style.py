"""Colours of the grid: the Okabe–Ito palette, which stays distinct for the
common forms of colour blindness (Okabe & Ito, "Color Universal Design", 2008).

Comfort classes never rely on hue alone: days off also carry a hatch pattern,
night cells dots, holidays and time off their name on a chip, periods a band
and edges, overlap windows an outline, clock changes a dashed line with the
shift written beside it, and the availability row prints its numbers; every
cell's words are in its accessible name (``spoken``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.i18n import N_, _

COMFORT_LABELS = {  # shown as _(COMFORT_LABELS[kind])
    "work": N_("working hours"),
    "shoulder": N_("shoulder"),
    "early_late": N_("early / late"),
    "off": N_("day off"),
    "night": N_("night"),
}
# Comfort classes drawn with a pattern over their colour (the painter and the legend):
# the others differ from every class in lightness too (tests/widgets/test_grid_style.py).
PATTERNS = {"night": "dots", "off": "hatch"}
MARK_LABELS = {"window": N_("overlap window"), "now": N_("now"), "dst": N_("DST change"),
               # a member's period in force: travel (another zone) or other hours (Ramadan)
               "period": N_("period (travel, other hours)")}
# How each item of the key looks, in words: what a screen reader says for the legend,
# and the proof that no item is told apart by its colour alone.
LOOKS = {"work": N_("green"), "shoulder": N_("yellow"), "early_late": N_("orange"),
         "night": N_("blue, dotted"), "off": N_("grey, hatched"),
         "window": N_("outlined left and right"), "now": N_("a red line"),
         "dst": N_("a dashed line marked with the shift, e.g. +1h"),
         "period": N_("a dashed band along the top of the row, a bar where it starts or ends")}
LEGEND_ITEMS = ("work", "shoulder", "early_late", "night", "off", "window", "now", "dst",
                "period")


def legend_text() -> str:
    """The key in words: "working hours: green; …; night: blue, dotted; …"."""
    return _("; ").join(_("{item}: {looks}").format(
        item=_(COMFORT_LABELS.get(i) or MARK_LABELS[i]), looks=_(LOOKS[i]))
        for i in LEGEND_ITEMS)


@dataclass(frozen=True, slots=True)
class GridStyle:
    name: str
    background: str
    header: str
    text: str
    muted_text: str
    grid_line: str
    comfort: dict[str, str] = field(hash=False)
    comfort_text: dict[str, str] = field(hash=False)
    hatch: str = "#000000"
    window_outline: str = "#000000"
    selection: str = "#0072B2"
    cursor: str = "#000000"
    now: str = "#D55E00"           # vermillion
    dst: str = "#CC79A7"           # reddish purple
    count_low: str = "#E8E8E8"
    count_high: str = "#0072B2"
    count_full: str = "#009E73"
    label_chip: str = "#FFFFFF"


def light_style() -> GridStyle:
    return GridStyle(
        name="light", background="#FFFFFF", header="#F3F3F3", text="#1A1A1A",
        muted_text="#5A5A5A", grid_line="#D0D0D0",
        comfort={"work": "#009E73", "shoulder": "#F0E442", "early_late": "#E69F00",
                 "off": "#D9D9D9", "night": "#0072B2"},
        comfort_text={"work": "#000000", "shoulder": "#000000", "early_late": "#000000",
                      "off": "#000000", "night": "#FFFFFF"},
        hatch="#6E6E6E", window_outline="#000000", selection="#56B4E9", cursor="#000000",
        count_low="#EDEDED", count_high="#0072B2", count_full="#009E73", label_chip="#FFFFFF")


def dark_style() -> GridStyle:
    return GridStyle(
        name="dark", background="#1E1E1E", header="#2A2A2A", text="#EDEDED",
        muted_text="#B0B0B0", grid_line="#3C3C3C",
        comfort={"work": "#009E73", "shoulder": "#E6E04A", "early_late": "#E8A33D",
                 "off": "#4A4A4A", "night": "#0B4F7A"},
        comfort_text={"work": "#000000", "shoulder": "#000000", "early_late": "#000000",
                      "off": "#FFFFFF", "night": "#FFFFFF"},
        hatch="#9A9A9A", window_outline="#FFFFFF", selection="#56B4E9", cursor="#FFFFFF",
        count_low="#333333", count_high="#56B4E9", count_full="#009E73", label_chip="#1E1E1E")


def high_contrast_style() -> GridStyle:
    """White on black; every text meets WCAG 2.1 AA (4.5:1) on what it is drawn over and
    every fill and mark stands 3:1 from the black (non-text contrast, SC 1.4.11)."""
    return GridStyle(
        name="high_contrast", background="#000000", header="#000000", text="#FFFFFF",
        muted_text="#E0E0E0", grid_line="#B0B0B0",
        comfort={"work": "#00E08A", "shoulder": "#FFF200", "early_late": "#E07000",
                 "off": "#A0A0A0", "night": "#5AA9FF"},
        comfort_text={"work": "#000000", "shoulder": "#000000", "early_late": "#000000",
                      "off": "#000000", "night": "#000000"},
        hatch="#000000", window_outline="#FFFFFF", selection="#00FFFF", cursor="#FFFFFF",
        now="#FF5050", dst="#FF80FF", count_low="#000000", count_high="#0050C8",
        count_full="#00E08A", label_chip="#000000")


def style_named(name: str) -> GridStyle:
    if name == "high_contrast":
        return high_contrast_style()
    return dark_style() if name == "dark" else light_style()
