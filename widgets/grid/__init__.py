"""The time grid: geometry (pure maths), data (from the planner), painter, widget."""

from .data import SLOT_SECONDS, GridData, GridRange, compute_grid_data
from .geometry import COUNT_ROW, GridGeometry
from .keys import GRID_KEYS
from .style import GridStyle, dark_style, high_contrast_style, light_style, style_named
from .widget import TimeGrid

__all__ = ["COUNT_ROW", "GRID_KEYS", "SLOT_SECONDS", "GridData", "GridGeometry", "GridRange",
           "GridStyle", "TimeGrid", "compute_grid_data", "dark_style", "high_contrast_style",
           "light_style", "style_named"]
