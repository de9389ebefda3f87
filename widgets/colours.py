"""Colours the widgets share with the app's themes (app.themes sets the palette)."""

from __future__ import annotations

# A problem shown under the inputs it is about. Not a fixed red: the palette's BrightText,
# which each theme sets to a red that reads on its own background (4.5:1 or more, WCAG
# 2.1 SC 1.4.3; tests/app/test_high_contrast.py checks it).
PROBLEM_STYLE = "color: palette(bright-text);"
