"""The window's e-mail: invitations, updates and cancellations of saved meetings, the
clock-change heads-ups, and the mail password.

It decides what the Meetings page's e-mail buttons offer from what the plan
recorded as sent (first invitation, an update because the meeting changed,
or nothing changed), opens the preview (:mod:`app.mail_preview`) and sends
as ``overlap invite --send`` and ``overlap dst --notify --send`` do:

* through the plan's ``[mail]`` server (:mod:`planner.mail.transport`), in a
  worker thread (:class:`~app.worker.Worker`), with progress in the status
  bar and the dialog;
* a message is recorded in the plan (``[[sent_mail]]``) only once the server
  accepted it for every recipient, and the plan is then saved, as the
  command line saves it (an untitled plan is marked modified); a failure
  records nothing of that message and names the refused addresses;
* the bundled demo is never written, so it cannot send (saving an ``.eml``
  works); a plan without ``[mail]`` says how to add it.

The password comes from the keyring (or ``OVERLAP_MAIL_PASSWORD``); when
there is none, the password dialog asks and stores it in the keyring, as
``overlap mail-password`` does.  Nothing here blocks: dialogs are opened,
never exec'd.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from planner.errors import InputError, PlanFileError, Problem, problems_text
from planner.i18n import N_, _, ngettext
from planner.mail.config import (
    KEYRING_SERVICE,
    MailConfig,
    MailError,
    find_mail_password,
    read_mail_config,
    store_mail_password,
)
from planner.zones import get_zone
from resources import is_bundled_demo
from widgets.formatting import Formats

from .documents import Documents
from .messages import Reporter, error_text
from .worker import Progress, Worker

if TYPE_CHECKING:  # iCalendar, smtplib and the Meetings page load when used, not with the window
    from email.message import EmailMessage

    from planner.clocks import Shift
    from planner.context import PlanContext
    from planner.mail.messages import Invitation
    from planner.mail.sent import SentRecord
    from planner.mail.transport import SendResult
    from planner.meetings import Portfolio
    from widgets.meetings_page import MailState

    from .mail_preview import MailPreviewDialog

log = logging.getLogger(__name__)

# Shown through _() where they are used.
MAIL_PASSWORD_MENU = N_("Calendar & mail → Mail password…")
NO_MAIL = N_("The plan has no [mail] table, so Overlap does not know where to send. Add one "
             'to the plan file, e.g.\n[mail]\nsmtp = "smtp.example.com:587"\nuser = '
             '"you@example.com"\nthen store the password with Calendar & mail → Mail '
             "password…. Or save the message as .eml and send it from your mail program.")
DEMO_SEND = N_("This is the bundled demo plan, opened as an untitled copy. Overlap records in "
               "the plan what it sent, and the demo is never written: save it under a name of "
               "your own (File → Save as…) and add [mail] to send. Save as .eml works here.")
CANNOT_SEND = N_("Cannot send")


def send_available(ctx: PlanContext | None, demo: bool) -> tuple[MailConfig | None, str]:
    """The plan's ``[mail]`` when it can send, else None and why not (with the fix)."""
    if ctx is None:
        return None, _("Open a plan first.")
    if demo or is_bundled_demo(ctx.document.path):
        return None, _(DEMO_SEND)
    try:
        config = read_mail_config(ctx.document)
    except InputError as e:
        return None, _("The plan's [mail] cannot be used: {problems}").format(
            problems=problems_text(e.problems))
    if config is None:
        return None, _(NO_MAIL)
    return config, ""


def _sender(ctx: PlanContext) -> str | None:
    """``[mail] from`` (None: the plan's organizer sends)."""
    try:
        config = read_mail_config(ctx.document)
    except InputError:
        return None
    return config.sender if config else None


def _on(day: datetime, formats: Formats) -> str:
    return formats.short_date(day.date())


# --- the state of the Meetings page's e-mail buttons ------------------------------------

def mail_state(ctx: PlanContext, portfolio: Portfolio, meeting_id: str, *, stamp: datetime,
               formats: Formats) -> MailState:
    """What the e-mail buttons offer for a meeting, from what the plan recorded as sent."""
    from planner.ics.export import read_exports  # iCalendar loads after the first paint
    from planner.mail.messages import build_invitation
    from planner.mail.sent import SentKind, last_events, read_sent
    from widgets.meetings_page import MailOccurrence, MailState
    from widgets.meetings_page.mail_box import INVITE, UP_TO_DATE, UPDATE

    try:
        schedule = portfolio.schedule(meeting_id)
    except KeyError:
        return MailState()
    records = read_sent(ctx.document)
    before = last_events(records, meeting_id)
    cancelled = {r.occurrence: r.sent for r in records if r.meeting == meeting_id
                 and r.kind is SentKind.CANCEL and r.occurrence is not None}
    coming = [o for o in schedule.held if o.date >= portfolio.today]
    occurrences = tuple(
        MailOccurrence(o.date, o.start.astimezone(get_zone(schedule.slot(o.slot).zone))
                       if o.slot is not None else o.start,
                       _("cancellation sent {date}").format(
                           date=_on(cancelled[o.date], formats))
                       if o.date in cancelled else "")
        for o in coming)
    whole = bool(before) and all(r.whole_cancel for r in before.values())
    if not before:
        return MailState(INVITE, True, _("Preview the invitation, then send it to the "
                                         "attendees or save it as .eml"),
                         True, _("Cancel the meeting: its events leave the attendees' "
                                 "calendars (no invitation was sent from this plan; one sent "
                                 "another way is cancelled too)"),
                         _("No invitation sent from this plan yet."), occurrences)
    last = max(r.sent for r in before.values())
    when = _on(last, formats)
    if whole:
        return MailState(UPDATE, True, _("The meeting was cancelled on {date}; invite again "
                                         "to bring it back").format(date=when),
                         False, _("Cancelled on {date}; the attendees were told").format(
                             date=when), _("Cancelled on {date}.").format(date=when), ())
    seq = ", ".join(str(r.sequence) for r in before.values())
    try:
        inv = build_invitation(ctx.plan, ctx.calendar, portfolio, meeting_id, stamp=stamp,
                               sent=records, exported=read_exports(ctx.document),
                               sender=_sender(ctx), locale=formats.locale)
    except InputError as e:
        return MailState(UPDATE, True, problems_text(e.problems), True, _(CANCEL_TIP),
                         _("Invitation sent {date}.").format(date=when), occurrences)
    if inv.unchanged:
        return MailState(UP_TO_DATE, False, _(
            "Nothing changed since the invitation was sent on {date} (SEQUENCE {sequence}): "
            "there is no update to send. Change the meeting to send one.").format(
                date=when, sequence=seq), True, _(CANCEL_TIP),
            _("Invitation sent {date}; nothing changed since.").format(date=when), occurrences)
    return MailState(UPDATE, True, _(
        "The meeting changed since the invitation was sent on {date}: preview the update "
        "(the same events, SEQUENCE raised)").format(date=when), True, _(CANCEL_TIP),
        _("Invitation sent {date}; changed since: send the update.").format(date=when),
        occurrences)


CANCEL_TIP = N_("Cancel the whole meeting: every occurrence leaves the attendees' calendars")


def sent_notices(ctx: PlanContext) -> dict[tuple[str, date], datetime]:
    """(meeting id, date) -> when its clock-change heads-up was sent."""
    from planner.mail.sent import SentKind, read_sent  # the plan module: after the first paint

    return {(r.meeting, r.occurrence): r.sent for r in read_sent(ctx.document)
            if r.kind is SentKind.NOTICE and r.occurrence is not None}


# --- the password ---------------------------------------------------------------------------

class MailPasswordDialog(QDialog):
    """Asks for the mail account's password (never shown) to store in the keyring."""

    def __init__(self, config: MailConfig, why: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Mail password"))
        self.config = config
        intro = QLabel(_("Password (or app password) of <b>{user}</b> on {server}").format(
            user=html.escape(config.user or ""), server=html.escape(config.smtp)), self)
        intro.setWordWrap(True)
        self.note = note = QLabel(
            (why + " " if why else "") + _(
                "It is stored in the system keyring as “{service}” / “{user}”, never in the "
                "plan.").format(service=KEYRING_SERVICE, user=config.keyring_user), self)
        note.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout()
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password.textChanged.connect(self._on_password_text_changed)
        self._on_password_text_changed("")
        self.setMinimumWidth(460)

    def _on_password_text_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text))


# --- sending ----------------------------------------------------------------------------------

@dataclass
class _Send:
    """Messages to send, prepared on the GUI thread."""

    ctx: PlanContext
    config: MailConfig
    messages: tuple[EmailMessage, ...]
    records: tuple[tuple[SentRecord, ...], ...]  # per message: what to remember once accepted
    what: str                                    # "the invitation", "2 heads-ups"
    dialog: MailPreviewDialog | None = None
    password: str | None = None


@dataclass(frozen=True, slots=True)
class _Outcome:
    results: tuple[SendResult, ...]  # the messages the server accepted, in order
    error: InputError | None         # why the next one was not


class MailHost(Protocol):
    """What MailUi needs from the window it works for."""

    @property
    def ctx(self) -> PlanContext | None: ...
    @property
    def formats(self) -> Formats: ...
    @property
    def reporter(self) -> Reporter: ...
    @property
    def documents(self) -> Documents: ...


class MailUi(QObject):
    """E-mail for one main window; one send at a time."""

    sent = Signal()                 # the plan recorded messages as sent
    running_changed = Signal(bool)
    failed = Signal(object)         # the error of a send

    def __init__(self, host: MailHost, parent: QWidget, clock: Callable[[], datetime],
                 timeout: float | None = None):
        super().__init__(parent)
        self._host = host
        self._parent = parent
        self._clock = clock
        self.timeout = timeout  # None: the transport's default
        self._passwords: dict[str, str] = {}  # typed this session (also put in the keyring)
        self._send: _Send | None = None
        self._worker = Worker(self)
        self.dialog: MailPreviewDialog | None = None
        self.password_dialog: MailPasswordDialog | None = None
        self.message_box: QMessageBox | None = None
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self._worker.progressed.connect(self._on_worker_progressed)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)

    @property
    def running(self) -> bool:
        return self._send is not None

    def available(self, ctx: PlanContext | None) -> tuple[MailConfig | None, str]:
        return send_available(ctx, self._host.documents.demo_copy)

    def state(self, ctx: PlanContext, portfolio: Portfolio, meeting_id: str) -> MailState:
        return mail_state(ctx, portfolio, meeting_id, stamp=self._clock(),
                          formats=self._host.formats)

    # --- the preview -------------------------------------------------------------------

    def preview(self, ctx: PlanContext, portfolio: Portfolio, meeting_id: str, *,
                cancel: bool = False, day: date | None = None) -> MailPreviewDialog | None:
        """Open the preview of a meeting's invitation (or update), or of its cancellation
        (``day``: one occurrence); None when the message cannot be made (said why)."""
        from email.utils import parseaddr

        from planner.ics.export import read_exports
        from planner.mail.messages import build_cancellation, build_invitation
        from planner.mail.sent import read_sent

        from .mail_preview import MailPreviewDialog, attendee_view

        formats = self._host.formats
        stamp, records, exported = self._clock(), read_sent(ctx.document), \
            read_exports(ctx.document)
        try:
            if cancel:
                inv = build_cancellation(ctx.plan, ctx.calendar, portfolio, meeting_id,
                                         occurrence=day, stamp=stamp, sent=records,
                                         exported=exported, sender=_sender(ctx),
                                         locale=formats.locale)
            else:
                inv = build_invitation(ctx.plan, ctx.calendar, portfolio, meeting_id,
                                       stamp=stamp, sent=records, exported=exported,
                                       sender=_sender(ctx), locale=formats.locale)
        except InputError as e:
            self._show(_("Cannot prepare the message"), error_text(e))
            return None
        schedule = portfolio.schedule(meeting_id)
        if inv.occurrence is not None:
            shown = [o for o in schedule.held if o.date == inv.occurrence]
        else:
            shown = [o for o in schedule.held if o.date >= portfolio.today] or \
                list(schedule.held)
        organizer = parseaddr(str(inv.message["From"]))[1]
        view = attendee_view(ctx.plan, schedule, shown, formats, organizer, inv.recipients)
        config, why = self.available(ctx)
        if self.running:
            config, why = None, _("Another send is running; preview again once it has ended.")
        if inv.unchanged:
            why = (_("Nothing changed since it was last sent, so there is nothing new to send.")
                   if not cancel else _("The meeting was cancelled already."))
        title = schedule.meeting.title or meeting_id
        kind = (_("Cancel {title} on {date}").format(
                    title=title, date=formats.short_date(inv.occurrence)) if inv.occurrence
                else _("Cancel {title}").format(title=title) if cancel else
                _("Invitation: {title}").format(title=title) if inv.first else
                _("Update: {title}").format(title=title))
        dialog = MailPreviewDialog(kind, inv, view, can_send=config is not None and
                                   not inv.unchanged, why_not=why, parent=self._parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.send_requested.connect(
            lambda: self._on_dialog_send_requested(ctx, dialog, stamp))
        dialog.saved.connect(self._on_dialog_saved)
        dialog.finished.connect(lambda _: self._on_dialog_finished(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_send_requested(self, ctx: PlanContext, dialog: MailPreviewDialog,
                                  stamp: datetime) -> None:
        config, _why = self.available(ctx)
        if config is None or self.running:
            return
        inv: Invitation = dialog.invitation  # as previewed: what is sent is what was shown
        self._begin(_Send(ctx, config, (inv.message,), (inv.records(stamp),),
                          f"“{inv.message['Subject']}”", dialog))

    def _on_dialog_saved(self, path: object) -> None:
        self._host.reporter.status(_("Saved the message to {path}; nothing is recorded as "
                                     "sent").format(path=path), 10000)

    def _on_dialog_finished(self, dialog: MailPreviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if self._send is not None and self._send.dialog is dialog:
            self._send.dialog = None  # closed while sending: the outcome goes to the status
        dialog.deleteLater()

    # --- clock-change heads-ups -------------------------------------------------------

    def send_notices(self, ctx: PlanContext, shifts: Sequence[Shift]) -> bool:
        """Send the heads-up of each shift not sent before (as ``dst --notify --send``)."""
        from planner.mail.messages import build_notice

        config, why = self.available(ctx)
        if config is None:
            self._show(_(CANNOT_SEND), why)
            return False
        if self.running:
            return False
        done = sent_notices(ctx)
        due = [s for s in shifts if (s.meeting, s.date) not in done]
        if not due:
            self._host.reporter.status(_("Every heads-up was sent before; nothing sent"), 8000)
            return False
        stamp = self._clock()
        try:
            notices = [build_notice(s, ctx.plan, stamp=stamp, sender=config.sender)
                       for s in due]
        except InputError as e:
            self._show(_(CANNOT_SEND), error_text(e))
            return False
        n = len(notices)
        return self._begin(_Send(ctx, config, tuple(x.message for x in notices),
                                 tuple((x.record(stamp),) for x in notices),
                                 ngettext("{n} clock-change heads-up",
                                          "{n} clock-change heads-ups", n).format(n=n)))

    # --- the password ------------------------------------------------------------------

    def update_action(self, action: QAction) -> None:
        """Mail password…: enabled when the plan's [mail] names a user to log in as."""
        ctx = self._host.ctx
        config, text = None, _("Open a plan first.")
        if ctx is not None:
            try:
                config = read_mail_config(ctx.document)
            except InputError as e:
                text = _("The plan's [mail] cannot be used: {problems}").format(
                    problems=problems_text(e.problems))
            else:
                text = _(NO_MAIL) if config is None else \
                    _("The plan's [mail] names no user: the server takes no login, so no "
                      "password is needed") if config.user is None else \
                    _("Store the password of {user} on {server} in the system keyring (as "
                      "overlap mail-password does)").format(user=config.user,
                                                            server=config.smtp)
        action.setEnabled(config is not None and config.user is not None)
        action.setToolTip(text)
        action.setStatusTip(text)

    def ask_password(self, why: str = "", then: Callable[[str], object] | None = None
                     ) -> MailPasswordDialog | None:
        """Ask for the password of the plan's [mail] user and store it in the keyring;
        ``then`` runs with it once given."""
        ctx = self._host.ctx
        try:
            config = read_mail_config(ctx.document) if ctx is not None else None
        except InputError:
            config = None
        if config is None or config.user is None or self.password_dialog is not None:
            return None
        dialog = MailPasswordDialog(config, why, self._parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(result: int) -> None:
            self.password_dialog = None
            dialog.deleteLater()
            password = dialog.password.text()
            if result != QDialog.DialogCode.Accepted or not password:
                self._host.reporter.status(_("No password given; nothing stored"), 5000)
                if then is not None:
                    then("")
                return
            self._passwords[config.keyring_user] = password
            try:
                store_mail_password(config, password)
            except MailError as e:
                log.warning("keyring: %s", e)
                self._host.reporter.status(_("{reason}; the password is kept until Overlap "
                                             "closes").format(reason=e.problems[0].reason),
                                           10000)
            else:
                self._host.reporter.status(
                    _("Stored the password for “{user}” in the system keyring").format(
                        user=config.keyring_user), 8000)
            if then is not None:
                then(password)

        dialog.finished.connect(answered)
        self.password_dialog = dialog
        dialog.open()
        return dialog

    # --- the worker ----------------------------------------------------------------------

    def _begin(self, send: _Send) -> bool:
        config = send.config
        if config.user is None:
            return self._start(send)
        if config.keyring_user in self._passwords:
            send.password = self._passwords[config.keyring_user]
            return self._start(send)
        try:
            send.password = find_mail_password(config, environ=os.environ)
        except MailError as e:
            reason, text = e.problems[0].reason, error_text(e)

            def given(password: str) -> None:
                if password:
                    send.password = password
                    self._start(send)
                elif send.dialog is not None:
                    send.dialog.show_error(_("{reason}. Store it with {menu}").format(
                        reason=f"{reason[:1].upper()}{reason[1:]}",
                        menu=_(MAIL_PASSWORD_MENU)))

            if self.ask_password(f"{reason[:1].upper()}{reason[1:]}.", given) is None:
                self._show(_(CANNOT_SEND), text)
                return False
            return True
        return self._start(send)

    def _start(self, send: _Send) -> bool:
        if self.running:
            return False
        from planner.mail.transport import DEFAULT_TIMEOUT, send_message

        config, messages, password = send.config, send.messages, send.password
        timeout = DEFAULT_TIMEOUT if self.timeout is None else self.timeout

        def work(progress: Progress) -> _Outcome:
            results: list[SendResult] = []
            for i, message in enumerate(messages):
                progress(i, len(messages), str(message["Subject"]))
                try:
                    results.append(send_message(config, message, password=password,
                                                timeout=timeout))
                except InputError as e:
                    return _Outcome(tuple(results), e)
            return _Outcome(tuple(results), None)

        self._send = send
        self.running_changed.emit(True)
        where = f"{config.host}:{config.port}"
        text = _("Sending {what} through {server} …").format(what=send.what, server=where)
        self._host.reporter.status(text)
        if send.dialog is not None:
            send.dialog.set_sending(True, text)
        self.progress.setRange(0, 0)
        self.progress.show()
        self._worker.start(work)
        return True

    def _finish(self) -> _Send | None:
        send, self._send = self._send, None
        self.progress.hide()
        self._host.reporter.clear_status()
        if send is not None and send.dialog is not None:
            send.dialog.set_sending(False)
        self.running_changed.emit(False)
        return send

    def wait(self) -> None:
        """Block until a running send has ended (the window is closing), and record what
        the server accepted: the plan must know what its attendees received, or the next
        send would repeat it.  The window calls it before it asks to save the plan."""
        if self.running:
            self._host.reporter.status(_("Waiting for the mail server to answer …"))
        self._worker.wait(deliver=True)
        if self.password_dialog is not None:
            self.password_dialog.reject()

    @Slot(int, int, str)
    def _on_worker_progressed(self, done: int, total: int, text: str) -> None:
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done}/{total}")
            self._host.reporter.status(_("Sending {number} of {total}: {subject}").format(
                number=done + 1, total=total, subject=text))

    @Slot(object)
    def _on_worker_succeeded(self, outcome: _Outcome) -> None:
        send = self._finish()
        if send is None:
            return
        accepted = len(outcome.results)
        records = [r for rs in send.records[:accepted] for r in rs]
        remembered = self._record(send.ctx, records) if records else ""
        if outcome.error is None:
            to = sorted({a for r in outcome.results for a in r.recipients})
            text = _("Sent {what} to {recipients}").format(
                what=send.what, recipients=", ".join(to)) + \
                (f" — {remembered}" if remembered else "")
            self._host.reporter.status(text, 15000)
            if send.dialog is not None:
                send.dialog.accept()
        else:
            self._failed(send, outcome.error, accepted, remembered)
        if records:
            self.sent.emit()

    @Slot(object)
    def _on_worker_failed(self, error: BaseException) -> None:
        send = self._finish()
        if send is not None:
            self._failed(send, error, 0, "")

    def _failed(self, send: _Send, error: BaseException, accepted: int, remembered: str
                ) -> None:
        text = error_text(error)
        if isinstance(error, InputError) and any(p.field == "mail.user"
                                                 for p in error.problems):
            # The login was refused (or no password): a password typed this session is
            # wrong; the next send looks in the keyring again or asks.
            self._passwords.pop(send.config.keyring_user, None)
            text += "\n\n" + _("In the window: {menu}").format(menu=_(MAIL_PASSWORD_MENU))
        total = len(send.messages)
        if accepted:
            text += "\n\n" + ngettext(
                "{accepted} of {total} messages were sent before it, and the plan records "
                "them ({remembered}); the others were not sent.",
                "{accepted} of {total} messages were sent before it, and the plan records "
                "them ({remembered}); the others were not sent.", total).format(
                    accepted=accepted, total=total, remembered=remembered)
        if send.dialog is not None:
            send.dialog.show_error(text)
            self._host.reporter.status(_("Not sent: {problem}").format(
                problem=text.splitlines()[0]), 15000)
        else:
            self._show(_("Not sent"), text)
        self.failed.emit(error)

    # --- outcomes (GUI thread) ---------------------------------------------------------

    def _record(self, ctx: PlanContext, records: list[SentRecord]) -> str:
        """Remember what the server accepted and save the plan, as the command line does;
        returns what became of it, for the status bar."""
        from planner.mail.sent import remember_sent
        from planner.planfile import save_plan

        remember_sent(ctx.document, records)
        docs = self._host.documents
        if docs.ctx is not ctx:  # another plan was opened meanwhile: save the one it was
            try:
                if ctx.document.path is None:
                    raise PlanFileError(Problem(_("the plan was never saved")))
                save_plan(ctx.document)
            except InputError as e:
                self._show(_("Sent, but not remembered"), _(
                    "The messages were sent, but the plan they came from could not remember "
                    "it, so a later send would repeat them:\n\n{problem}").format(
                        problem=error_text(e)))
                return _("not remembered")
            return _("{file} remembers it").format(file=ctx.document.path.name)
        docs.set_modified(True)
        if ctx.document.path is not None and docs.save():
            return _("the plan remembers it (saved)")
        return _("save the plan: it remembers what was sent, so that it is not sent again")

    def _show(self, title: str, text: str) -> None:
        """A message that does not block (window-modal, opened, not exec'd)."""
        first = text.splitlines()[0] if text else title
        self._host.reporter.status(f"{title}: {first}", 15000)
        if not self._host.reporter.interactive:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self._parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(box.deleteLater)
        self.message_box = box
        box.open()
