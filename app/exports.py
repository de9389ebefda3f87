"""Exporting to .ics from the window: a slot, a recurring series or a rotation.

The calendar writer is ``planner.ics.export`` (the ``export`` command uses
it too).  The dialog shows what each member will see (the event text with
every member's local time), lets the user choose publish or request and the
organizer, and writes the file atomically.  The UIDs and sequence numbers go
into the plan, so exporting again updates the same events; that marks the
plan modified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.errors import InputError, problems_text
from planner.i18n import _
from resources import DEMO_FOLDER_REFUSED, in_demo_folder
from widgets.colours import PROBLEM_STYLE

from .places import documents_folder

if TYPE_CHECKING:  # icalendar (and the rotation) load with the first export, not the window
    from planner.context import PlanContext
    from planner.ics.export import Export
    from planner.rotation.planning import Rotation
    from planner.series import Series

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SlotToExport:
    start: datetime
    end: datetime


Exportable: TypeAlias = "SlotToExport | Series | Rotation"


def build_export(ctx: PlanContext, what: Exportable, *, stamp: datetime,
                 method: str = "publish", organizer: str | None = None,
                 locale: str | None = None, caldav: bool = False) -> Export:
    """The planner's Export for a slot, a Series or a Rotation (raises InputError)."""
    from planner.ics import export as ix
    from planner.rotation.planning import Rotation
    from planner.series import Series

    plan, cal = ctx.plan, ctx.calendar
    memory = ix.read_exports(ctx.document)
    options = ix.ExportOptions(method=method, organizer=organizer or None,
                               locale=locale or "en", caldav=caldav)
    if isinstance(what, SlotToExport):
        minutes = int((what.end - what.start).total_seconds() // 60)
        return ix.export_slot(plan, cal, what.start, minutes, stamp=stamp, memory=memory,
                              options=options)
    if isinstance(what, Series):
        return ix.export_series(plan, cal, what, stamp=stamp, memory=memory, options=options)
    if isinstance(what, Rotation):
        return ix.export_rotation(plan, cal, what, stamp=stamp, memory=memory,
                                  options=options)
    raise TypeError(f"cannot export {type(what).__name__}")


def build_publish_export(ctx: PlanContext, what: Exportable, *, stamp: datetime,
                         locale: str | None = None) -> Export:
    """What publishing to the calendar server sends: the file export's events (the same
    UIDs and SEQUENCE memory), one calendar object per UID and no METHOD (RFC 4791 4.1);
    the same call as ``overlap publish`` makes."""
    return build_export(ctx, what, stamp=stamp, method="publish", locale=locale, caldav=True)


def preview_text(export: Export) -> str:
    """What attendees see: each event's time and description, then the notes."""
    parts = []
    for event in export.calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        head = str(event.get("SUMMARY", ""))
        if start is not None:
            head += f" — {start.dt.isoformat(' ', 'minutes')}"
        if event.get("RRULE") is not None:
            rule = event["RRULE"].to_ical()
            head += "  " + _("(repeats: {rule})").format(
                rule=rule.decode() if isinstance(rule, bytes) else rule)
        parts.append(head)
        parts.append(str(event.get("DESCRIPTION", "")))
        parts.append("")
    if export.notes:
        parts.append(_("Notes:"))
        parts.extend(f"• {n}" for n in export.notes)
    return "\n".join(parts).strip()


def write_export(ctx: PlanContext, export: Export, path: Path) -> bool:
    """Write the file atomically and remember the UIDs; True when the plan changed."""
    from planner.ics import export as ix
    from planner.planfile import atomic_write

    atomic_write(path, export.data)
    changed = ix.remember_exports(ctx.document, export)
    if changed:
        ctx.refresh()
    return bool(changed)


def default_file_name(what: Exportable) -> str:
    from planner.rotation.planning import Rotation

    if isinstance(what, SlotToExport):
        return f"check-in-{what.start:%Y-%m-%d}.ics"
    return "rotation.ics" if isinstance(what, Rotation) else "check-in.ics"


class ExportDialog(QDialog):
    """Choose publish/request and organizer, see what members will see; Save asks for a
    file, writes it and reports with ``written``."""

    written = Signal(object, bool)  # the .ics path; whether the plan now remembers new UIDs

    def __init__(self, ctx: PlanContext, what: Exportable, clock: Clock,
                 locale: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Export to calendar (.ics)"))
        self._ctx, self._what, self._clock, self._locale = ctx, what, clock, locale
        self.export: Export | None = None
        self.method = QComboBox(self)
        self.method.addItem(_("Publish (import into your own calendar)"), "publish")
        self.method.addItem(_("Request (an invitation for e-mail)"), "request")
        self.organizer = QLineEdit(ctx.plan.organizer or "", self)
        self.organizer.setPlaceholderText(_("Name <email>, needed for invitations"))
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(_("What each member will see"))
        self.problem = QLabel(self)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout()
        form.addRow(_("Kind"), self.method)
        form.addRow(_("Organizer"), self.organizer)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("What each member will see:"), self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.method.currentIndexChanged.connect(self.refresh)
        self.organizer.editingFinished.connect(self.refresh)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.accepted.connect(self._on_accepted)
        self.resize(680, 520)
        self.refresh()

    def refresh(self, *args: object) -> None:
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

    def _on_accepted(self) -> None:
        if self.export is None:
            return
        doc_path = self._ctx.document.path
        folder = doc_path.parent if doc_path else documents_folder()
        parent = self.parentWidget()
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Export to calendar"), str(folder / default_file_name(self._what)),
            _("Calendar files (*.ics)"))
        if not chosen:
            return
        path = Path(chosen) if chosen.endswith(".ics") else Path(chosen + ".ics")
        if in_demo_folder(path):
            QMessageBox.warning(parent, _("Cannot export"), f"{path}: {_(DEMO_FOLDER_REFUSED)}")
            return
        try:
            changed = write_export(self._ctx, self.export, path)
        except OSError as e:
            QMessageBox.warning(parent, _("Cannot export"), f"{path}: {e.strerror or e}")
            return
        self.written.emit(path, changed)


def open_export_dialog(ctx: PlanContext, what: Exportable, clock: Clock, locale: str | None,
                       parent: QWidget) -> ExportDialog:
    """Show the export dialog (window-modal, not exec'd); connect to its ``written``."""
    dialog = ExportDialog(ctx, what, clock, locale, parent)
    dialog.open()
    return dialog
