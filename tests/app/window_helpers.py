"""What window tests share: plans read without holiday data, and message boxes that
record instead of exec()."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.main_window import PlanIO
from planner.context import PlanContext
from planner.planfile import PlanDocument, load_plan, parse_plan
from tests.builders import NO_REGIONS, calendar


def stub_io() -> PlanIO:
    """Plan loading for the window without the holidays library (NO_REGIONS)."""
    def ctx(doc: PlanDocument) -> PlanContext:
        return PlanContext(doc, calendar(doc.plan))
    return PlanIO(load=lambda p, loc: ctx(load_plan(p, regions=NO_REGIONS)),
                  parse=lambda text, p, loc: ctx(parse_plan(text, path=p, regions=NO_REGIONS)))


def record_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QMessageBox's statics would exec(): record "title: text" instead, answer Discard."""
    asked: list[str] = []

    def record(parent: Any, title: str, text: str, *a: Any, **kw: Any) -> Any:
        asked.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Discard

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return asked
