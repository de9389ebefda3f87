"""The preview of an e-mail invitation, update or cancellation before it goes out.

The dialog shows the message as it will be sent (Subject, From, To, the plain
text part, what its calendar does) and what each attendee will see: every
occurrence concerned in their own local time, written the way their region
writes times and dates (:func:`attendee_locale`).  "Send" asks the window
(:class:`~app.mail_ui.MailUi` sends in a worker thread and records what the
server accepted); "Save as .eml…" writes the message for a mail program to
send, and records nothing.  The dialog is window-modal and opened, never
exec'd; so is its file chooser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from babel import localedata
from babel.core import get_global
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import N_, _, ngettext
from planner.mail.messages import Invitation
from planner.mail.policy import message_bytes
from planner.meetings import MeetingOccurrence, MeetingSchedule
from planner.model import Plan
from planner.planfile import atomic_write
from planner.zones import city_of
from resources import DEMO_FOLDER_REFUSED, in_demo_folder
from widgets.colours import PROBLEM_STYLE
from widgets.formatting import Formats, parse_locale

from .places import documents_folder, file_name_for

NOT_MAILED = N_("no e-mail address: not sent to them")
FORMATS_NOTE = N_("Times are each attendee's own, in the formats of their region (from their "
                  "country, else their time zone) in the window's language where CLDR has such "
                  "a locale, else in the window's; their calendar app shows the event the same "
                  "way.")
SAVED_NOTE = N_("Nothing is recorded as sent: send the file from your mail program (it opens "
                 ".eml files) or send from here.")


def attendee_locale(country: str | None, zone: str, app_locale: str) -> str:
    """The locale an attendee's times are written in: the window's language with the
    conventions of the attendee's region (``en`` for someone in the US: ``en_US``,
    12-hour; in Germany ``en_DE``, 24-hour), when CLDR has that locale; else the
    window's locale.  The plan names no member's language, only where they are."""
    territories = get_global("zone_territories")
    territory = str(country or territories.get(zone) or "").upper()
    language = parse_locale(app_locale).language
    candidate = f"{language}_{territory}"
    if territory and localedata.exists(candidate):
        return candidate
    return app_locale


@dataclass(frozen=True, slots=True)
class AttendeeColumn:
    name: str
    address: str | None   # None: not e-mailed
    zone: str
    locale: str
    required: bool
    organizer: bool


@dataclass(frozen=True, slots=True)
class AttendeeCell:
    text: str
    tip: str
    day_off: str | None


@dataclass(frozen=True, slots=True)
class AttendeeView:
    """Rows: the occurrences concerned (their date in the slot's zone); columns: the
    meeting's attendees; cells: each one's local date and time."""

    columns: tuple[AttendeeColumn, ...]
    rows: tuple[str, ...]
    cells: tuple[tuple[AttendeeCell, ...], ...]


def attendee_view(plan: Plan, schedule: MeetingSchedule,
                  occurrences: Sequence[MeetingOccurrence], app: Formats,
                  organizer: str | None, recipients: Sequence[str]) -> AttendeeView:
    """What each attendee sees of ``occurrences``, in their own time and formats."""
    members = {m.name: m for m in plan.members}
    mailed = {r.lower() for r in recipients}
    names = [a.name for a in occurrences[0].attendees] if occurrences else []
    columns = []
    for name in names:
        m = members.get(name)
        email = (m.email or "").strip() if m else ""
        first = occurrences[0].attendance(name)
        zone = first.zone if first is not None else (m.zone if m else "UTC")
        columns.append(AttendeeColumn(
            name, email if email.lower() in mailed else None, zone,
            attendee_locale(m.country if m else None, zone, app.locale),
            name not in schedule.meeting.optional,
            bool(organizer) and email.lower() == (organizer or "").lower()))
    formats = {c.locale: Formats(locale=c.locale) for c in columns}
    rows, cells = [], []
    for o in occurrences:
        rows.append(_("{date} (moved)").format(date=app.short_date(o.date)) if o.moved_from
                    else app.short_date(o.date))
        row = []
        for c in columns:
            a = o.attendance(c.name)
            if a is None:
                row.append(AttendeeCell("—", _("not at this occurrence"), None))
                continue
            f = formats[c.locale]
            local = a.local_start
            text = f"{f.day(local.date())}, {f.time(local)}" + \
                (f" ({a.day_off})" if a.day_off else "")
            tip = (_("{start} to {end} in {zone}; {comfort}").format(
                       start=local.isoformat(" ", "minutes"), end=f.time(a.local_end),
                       zone=a.zone, comfort=a.comfort.replace("_", "/")) +
                   (_("; day off: {holiday}").format(holiday=a.day_off) if a.day_off else "") +
                   (_("; moved from {date}").format(date=o.rule_date.isoformat())
                    if o.moved_from else ""))
            row.append(AttendeeCell(text, tip, a.day_off))
        cells.append(tuple(row))
    return AttendeeView(tuple(columns), tuple(rows), tuple(cells))


def plain_text(message: EmailMessage) -> str:
    """The message's text/plain part, as the attendee's mail program shows it."""
    part = message.get_body(("plain",))
    return str(part.get_content()) if isinstance(part, EmailMessage) else ""


def calendar_summary(inv: Invitation) -> str:
    method = "CANCEL" if inv.kind.value == "cancel" else "REQUEST"
    seq = ", ".join(str(e.sequence) for e in inv.events)
    n = len(inv.events)
    what = (_("cancels one occurrence") if inv.occurrence is not None else
            _("cancels every occurrence") if method == "CANCEL" else
            _("adds the meeting to each calendar (the attendee accepts or declines)")
            if inv.first else _("replaces what the attendees have"))
    return ngettext("METHOD:{method}, {n} event (SEQUENCE {sequence}): {what}; also attached "
                    "as invite.ics",
                    "METHOD:{method}, {n} events (SEQUENCE {sequence}): {what}; also attached "
                    "as invite.ics", n).format(method=method, n=n, sequence=seq, what=what)


def eml_bytes(message: EmailMessage) -> bytes:
    """The message as an .eml file: CRLF line ends, exactly as it would be sent."""
    return message_bytes(message)


class MailPreviewDialog(QDialog):
    """One message, before it goes out; the window connects ``send_requested``."""

    send_requested = Signal()
    saved = Signal(object)  # Path of the .eml written

    def __init__(self, title: str, inv: Invitation, view: AttendeeView, *, can_send: bool,
                 why_not: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mail_preview")
        self.setWindowTitle(title)
        self.invitation = inv
        self.view = view
        self.file_dialog: QFileDialog | None = None
        self._can_send, self._why_not = can_send, why_not
        self._sending = False
        msg = inv.message
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.subject_label = self._value(str(msg["Subject"]))
        self.from_label = self._value(str(msg["From"]))
        self.to_label = self._value(str(msg["To"]))
        self.calendar_label = self._value(calendar_summary(inv))
        form.addRow(_("Subject:"), self.subject_label)
        form.addRow(_("From:"), self.from_label)
        form.addRow(_("To:"), self.to_label)
        form.addRow(_("Calendar:"), self.calendar_label)
        self.notes_label = QLabel("\n".join(f"• {n[:1].upper()}{n[1:]}." for n in inv.notes),
                                  self)
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(bool(inv.notes))
        self.table = self._attendee_table(view)
        self.text = QPlainTextEdit(plain_text(msg), self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Message text"))
        self.tabs = QTabWidget(self)
        seen = QWidget(self)
        column = QVBoxLayout(seen)
        column.addWidget(self.table, 1)
        note = QLabel(_(FORMATS_NOTE), seen)
        note.setWordWrap(True)
        note.setEnabled(False)
        column.addWidget(note)
        self.tabs.addTab(seen, _("What each attendee sees"))
        self.tabs.addTab(self.text, _("Message (plain text part)"))
        self.note_label = QLabel(self)  # why Send is off, or what was saved
        self.note_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(PROBLEM_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.send_button = QPushButton(_("Send"), self)
        self.save_button = QPushButton(_("Save as .eml…"), self)
        self.save_button.setToolTip(_("Write the message to a file for your mail program to "
                                    "send; nothing is recorded as sent"))
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self._update()
        self.resize(1000, 620)

    def _value(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _attendee_table(self, view: AttendeeView) -> QTableWidget:
        table = QTableWidget(len(view.rows), len(view.columns), self)
        table.setTabKeyNavigation(False)  # one Tab stop; arrows move between cells
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setAccessibleName(_("Attendees"))
        table.setWordWrap(False)
        for i, c in enumerate(view.columns):
            head = _("{name} (organizer)").format(name=c.name) if c.organizer else \
                c.name if c.required else _("{name} (optional)").format(name=c.name)
            where = f"{city_of(c.zone)} · {c.locale}"
            item = QTableWidgetItem(f"{head}\n{where}")
            item.setToolTip(f"{c.name}: {c.address or _(NOT_MAILED)}" +
                            (" " + _("(the organizer, who sends it)") if c.organizer else ""))
            if c.address is None:
                item.setForeground(QBrush(QColor("#777777")))
            table.setHorizontalHeaderItem(i, item)
        for r, label in enumerate(view.rows):
            table.setVerticalHeaderItem(r, QTableWidgetItem(label))
            for i, cell in enumerate(view.cells[r]):
                item = QTableWidgetItem(cell.text)
                item.setToolTip(cell.tip)
                if cell.day_off:
                    # the forms' problem colour (widgets.colours): a meeting on someone's day off
                    item.setForeground(self.palette().brush(QPalette.ColorRole.BrightText))
                table.setItem(r, i, item)
        # Read only, to look at: no current cell drawn as if it were being edited.
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.resizeColumnsToContents()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        return table

    # --- state ----------------------------------------------------------------------

    def _update(self) -> None:
        ready = self._can_send and not self._sending
        self.send_button.setEnabled(ready)
        self.send_button.setToolTip(
            _("Sending …") if self._sending else self._why_not if not self._can_send else
            _("Send to {recipients} through the plan's [mail] server; the plan records it "
              "once the server accepted it for everyone").format(
                recipients=", ".join(self.invitation.recipients)))
        self.save_button.setEnabled(not self._sending)
        if not self._can_send and self._why_not:
            self.note_label.setText(_("Send is off: {reason}").format(reason=self._why_not))
        self.note_label.setVisible(bool(self.note_label.text()))

    def set_sending(self, sending: bool, text: str = "") -> None:
        """A send is running (progress shown), or it ended."""
        self._sending = sending
        self.progress.setVisible(sending)
        if sending:
            self.error_label.hide()
            self.note_label.setText(text)
        self._update()

    def show_error(self, text: str) -> None:
        """Sending failed: what, which addresses were refused, and the fix."""
        self.set_sending(False)
        self.note_label.setText(_("Nothing was sent to anyone, and nothing was recorded."))
        self.note_label.show()
        self.error_label.setText(text)
        self.error_label.show()

    # --- saving -----------------------------------------------------------------------

    def default_path(self) -> Path:
        inv = self.invitation
        stem = inv.meeting + ("-cancel" if inv.kind.value == "cancel" else "-invitation") + \
            (f"-{inv.occurrence.isoformat()}" if inv.occurrence else "")
        folder = documents_folder()
        return (folder if folder.is_dir() else Path.home()) / file_name_for(stem, ".eml")

    def save_eml(self, path: Path | None = None) -> bool:
        """Write the message as ``path`` (None: ask where, in a file chooser that does not
        block; the documents folder first)."""
        if path is None:
            chooser = QFileDialog(self, _("Save the message as .eml"), str(self.default_path()),
                                  _("E-mail messages (*.eml)"))
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setDefaultSuffix("eml")
            chooser.fileSelected.connect(lambda chosen: self.save_eml(Path(chosen)))
            chooser.finished.connect(chooser.deleteLater)
            self.file_dialog = chooser
            chooser.open()
            return False
        if path.suffix.lower() != ".eml":
            path = path.with_name(path.name + ".eml")
        if in_demo_folder(path):
            self.error_label.setText(_("{path}: {problem}; save it elsewhere, e.g. in "
                                       "{folder}").format(path=path,
                                                          problem=_(DEMO_FOLDER_REFUSED),
                                                          folder=documents_folder()))
            self.error_label.show()
            return False
        try:
            atomic_write(path, eml_bytes(self.invitation.message))
        except OSError as e:
            self.error_label.setText(_("Cannot write {path}: {reason}").format(
                path=path, reason=e.strerror or e))
            self.error_label.show()
            return False
        self.error_label.hide()
        self.note_label.setText(_("Saved to {path}.").format(path=path) + " " + _(SAVED_NOTE))
        self.note_label.show()
        self.saved.emit(path)
        return True

    # --- slots ------------------------------------------------------------------------

    def _on_send_button_clicked(self) -> None:
        if self._can_send and not self._sending:
            self.send_requested.emit()

    def _on_save_button_clicked(self) -> None:
        self.save_eml()
