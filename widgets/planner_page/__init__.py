"""The check-in planner page and the table models it shows."""

from .page import PlannerPage
from .rotation_model import RotationModel, burden_bars
from .series_model import SeriesModel

__all__ = ["PlannerPage", "RotationModel", "SeriesModel", "burden_bars"]
