"""Exporting a slot to an .ics file from the window.

The calendar writer lives in ``planner.ics_export``; until a build has it,
the window shows the export buttons disabled with the reason as tooltip.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime
from typing import Any

from planner.context import PlanContext

WHY_NOT = ("Export to .ics needs the calendar writer (planner.ics_export), "
           "which this build does not include yet.")


def export_available() -> tuple[bool, str]:
    """Whether .ics export works in this build, and if not, why."""
    if importlib.util.find_spec("planner.ics_export") is None:
        return False, WHY_NOT
    return True, ""


def export_slot_ics(parent: Any, ctx: PlanContext, start: datetime, end: datetime) -> bool:
    """Ask for a file name and write the slot as a one-off event; True when written."""
    from PySide6.QtWidgets import QMessageBox

    ok, why = export_available()
    if not ok:
        QMessageBox.information(parent, "Export", why)
        return False
    QMessageBox.information(parent, "Export", "Exporting a single slot is not wired up yet.")
    return False


def export_series_ics(parent: Any, ctx: PlanContext, what: Any) -> bool:
    """Export a recurring series or a rotation (from the planner page)."""
    from PySide6.QtWidgets import QMessageBox

    ok, why = export_available()
    if not ok:
        QMessageBox.information(parent, "Export", why)
        return False
    QMessageBox.information(parent, "Export", "Exporting from the planner is not wired up yet.")
    return False
