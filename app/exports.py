"""Exporting to .ics from the window: a slot, a recurring series or a rotation.

The calendar writer is ``planner.ics.export`` (the ``export`` command uses
it too).  The dialog shows what each member will see (the event text with
every member's local time), lets the user choose publish or request and the
organizer, and writes the file atomically.  The UIDs and sequence numbers go
into the plan, so exporting again updates the same events; that marks the
plan modified.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.errors import InputError, problems_text

from .messages import PROBLEM_STYLE

WHY_NOT = ("Export to .ics needs the calendar writer (planner.ics.export), "
           "which this build does not include.")


def export_available() -> tuple[bool, str]:
    """Whether .ics export works in this build, and if not, why."""
    if importlib.util.find_spec("planner.ics.export") is None:
        return False, WHY_NOT
    return True, ""


@dataclass(frozen=True)
class SlotToExport:
    start: datetime
    end: datetime


def build_export(ctx: PlanContext, what: Any, *, stamp: datetime, method: str = "publish",
                 organizer: str | None = None, locale: str | None = None,
                 caldav: bool = False) -> Any:
    """The planner's Export for a slot, a Series or a Rotation (raises InputError)."""
    from planner.ics import export as ix
    from planner.rotation.planning import Rotation
    from planner.series import Series

    plan, cal = ctx.plan, ctx.calendar
    memory = ix.read_exports(ctx.document)
    common: dict[str, Any] = dict(stamp=stamp, memory=memory, method=method,
                                  organizer=organizer or None, locale=locale or "en",
                                  caldav=caldav)
    if isinstance(what, SlotToExport):
        minutes = int((what.end - what.start).total_seconds() // 60)
        return ix.export_slot(plan, cal, what.start, minutes, **common)
    if isinstance(what, Series):
        return ix.export_series(plan, cal, what, **common)
    if isinstance(what, Rotation):
        return ix.export_rotation(plan, cal, what, **common)
    raise TypeError(f"cannot export {type(what).__name__}")


def build_publish_export(ctx: PlanContext, what: Any, *, stamp: datetime,
                         locale: str | None = None) -> Any:
    """What publishing to the calendar server sends: the file export's events (the same
    UIDs and SEQUENCE memory), one calendar object per UID and no METHOD (RFC 4791 4.1);
    the same call as ``overlap publish`` makes."""
    return build_export(ctx, what, stamp=stamp, method="publish", locale=locale, caldav=True)


def preview_text(export: Any) -> str:
    """What attendees see: each event's time and description, then the notes."""
    parts = []
    for event in export.calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        head = str(event.get("SUMMARY", ""))
        if start is not None:
            head += f" — {start.dt.isoformat(' ', 'minutes')}"
        if event.get("RRULE") is not None:
            rule = event["RRULE"].to_ical()
            head += f"  (repeats: {rule.decode() if isinstance(rule, bytes) else rule})"
        parts.append(head)
        parts.append(str(event.get("DESCRIPTION", "")))
        parts.append("")
    if export.notes:
        parts.append("Notes:")
        parts.extend(f"• {n}" for n in export.notes)
    return "\n".join(parts).strip()


def write_export(ctx: PlanContext, export: Any, path: Path) -> bool:
    """Write the file atomically and remember the UIDs; True when the plan changed."""
    from planner.ics import export as ix
    from planner.planfile import atomic_write

    atomic_write(path, export.data)
    changed = ix.remember_exports(ctx.document, export)
    if changed:
        ctx.refresh()
    return bool(changed)


class ExportDialog(QDialog):
    """Choose publish/request and organizer, see what members will see, save."""

    def __init__(self, ctx: PlanContext, what: Any, clock: Callable[[], datetime],
                 locale: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export to calendar (.ics)")
        self._ctx, self._what, self._clock, self._locale = ctx, what, clock, locale
        self.export: Any = None
        self.method = QComboBox(self)
        self.method.addItem("Publish (import into your own calendar)", "publish")
        self.method.addItem("Request (an invitation for e-mail)", "request")
        self.organizer = QLineEdit(ctx.plan.organizer or "", self)
        self.organizer.setPlaceholderText("Name <email>, needed for invitations")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout()
        form.addRow("Kind", self.method)
        form.addRow("Organizer", self.organizer)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("What each member will see:", self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.method.currentIndexChanged.connect(self.refresh)
        self.organizer.editingFinished.connect(self.refresh)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(680, 520)
        self.refresh()

    def refresh(self, *args: Any) -> None:
        try:
            self.export = build_export(self._ctx, self._what, stamp=self._clock(),
                                       method=str(self.method.currentData()),
                                       organizer=self.organizer.text().strip() or None,
                                       locale=self._locale)
        except InputError as e:
            self.export = None
            self.problem.setText("⚠ " + problems_text(e.problems))
            self.problem.show()
            self.preview.setPlainText("")
        else:
            self.problem.hide()
            self.preview.setPlainText(preview_text(self.export))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            self.export is not None)


def _export(parent: Any, ctx: PlanContext, what: Any, default_name: str) -> ExportDialog | None:
    """Open the export dialog; on Save ask for a file and write it."""
    from PySide6.QtWidgets import QMessageBox

    ok, why = export_available()
    if not ok:
        QMessageBox.information(parent, "Export", why)
        return None
    locale = getattr(parent, "formats", None)
    dialog = ExportDialog(ctx, what, parent._clock, locale.locale if locale else None,
                          parent)

    def save() -> None:
        if dialog.export is None:
            return
        folder = ctx.document.path.parent if ctx.document.path else Path.home()
        chosen, _ = QFileDialog.getSaveFileName(parent, "Export to calendar",
                                                str(folder / default_name),
                                                "Calendar files (*.ics)")
        if not chosen:
            return
        path = Path(chosen) if chosen.endswith(".ics") else Path(chosen + ".ics")
        try:
            changed = write_export(ctx, dialog.export, path)
        except OSError as e:
            QMessageBox.warning(parent, "Cannot export", f"{path}: {e.strerror or e}")
            return
        if hasattr(parent, "exported"):
            parent.exported(path, changed)

    dialog.accepted.connect(save)
    dialog.open()
    return dialog


def export_slot_ics(parent: Any, ctx: PlanContext, start: datetime, end: datetime
                    ) -> ExportDialog | None:
    return _export(parent, ctx, SlotToExport(start, end), f"check-in-{start:%Y-%m-%d}.ics")


def export_series_ics(parent: Any, ctx: PlanContext, what: Any) -> ExportDialog | None:
    """Export a recurring series or a rotation (from the planner page)."""
    name = "rotation.ics" if type(what).__name__ == "Rotation" else "check-in.ics"
    return _export(parent, ctx, what, name)
