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

COMFORT_LABELS = {
    "work": "working hours",
    "shoulder": "shoulder",
    "early_late": "early / late",
    "off": "day off",
    "night": "night",
}


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
        comfort={"work": "#009E73", "shoulder": "#D8CC3A", "early_late": "#D08F00",
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
        comfort={"work": "#00E08A", "shoulder": "#FFF200", "early_late": "#FF9E2C",
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
