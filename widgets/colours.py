"""Colours the widgets share with the app's themes (app.themes sets the palette)."""

from __future__ import annotations

# A problem shown under the inputs it is about. Not a fixed red: the palette's BrightText,
# which each theme sets to a red that reads on its own background (4.5:1 or more, WCAG
# 2.1 SC 1.4.3; tests/app/test_high_contrast.py checks it).
PROBLEM_STYLE = "color: palette(bright-text);"

# A warning (a probable slip, not an error) in amber: dark on light grounds, light on
# dark ones; either is 4.5:1 or more on its theme's window and base (WCAG 2.1 SC 1.4.3).
WARNING_ON_LIGHT = "#8A5A00"
WARNING_ON_DARK = "#E0B040"


def warning_colour(ground_lightness: int) -> str:
    """The warning amber for a background of this HSL lightness (0-255)."""
    return WARNING_ON_LIGHT if ground_lightness >= 128 else WARNING_ON_DARK
