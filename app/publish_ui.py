"""The window's calendar server: publishing check-ins, fetching members' busy times.

The network runs in a worker thread (``planner.caldav.publish`` and
``planner.caldav.fetch_busy`` take plain values: an export, the config, the
remembered records, the plan); the GUI thread prepares those values, shows
progress in the status bar, and applies the outcome (``remember_published``,
``PlanContext.add_server_busy``), so the document is never touched from two
threads.  Nothing here blocks: the password prompt, the conflict question and
error messages are window-modal dialogs opened with ``open()``, never
``exec()``.

The password: the keyring (or OVERLAP_CALDAV_PASSWORD) through
``find_password``; when neither has one, a prompt, whose answer is kept for the
session once the server accepted it and, if asked to, stored in the keyring.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
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

from planner.caldav import (
    KEYRING_SERVICE,
    CalDavError,
    CalendarConfig,
    ObjectResult,
    PublishReport,
    find_password,
    read_calendar_config,
)
from planner.errors import InputError
from planner.i18n import N_, _, ngettext
from widgets.formatting import Formats
from widgets.grid import GridRange

from .exports import Exportable, build_publish_export
from .messages import (
    BUSY_FORGOTTEN,
    FORGET_BUSY,
    NO_BUSY,
    NO_CALENDAR,
    NO_CALENDAR_FOR_BUSY,
    NOTHING_FETCHED,
    Reporter,
    error_text,
)
from .worker import Worker

if TYPE_CHECKING:  # the HTTP and iCalendar machinery loads when a server is used
    from planner.caldav import ServerBusy
    from planner.context import PlanContext
    from planner.ics.export import Export

log = logging.getLogger(__name__)

CANNOT_PUBLISH = N_("Cannot publish")
CANNOT_READ_BUSY = N_("Cannot read busy times")


def publish_available(ctx: PlanContext | None) -> tuple[bool, str]:
    """Whether the plan can publish: (True, where to) or (False, why not and the fix)."""
    if ctx is None:
        return False, _("Open a plan first.")
    try:
        config = read_calendar_config(ctx.document)
    except InputError as e:
        return False, _("The plan's [calendar] cannot be used: {problem} "
                        "(see docs/caldav.md)").format(problem=e)
    if config is None:
        return False, _(NO_CALENDAR)
    return True, config.url


def busy_available(ctx: PlanContext | None) -> tuple[bool, str]:
    """Whether busy times can be fetched: (True, whose) or (False, why not and the fix)."""
    ok, text = publish_available(ctx)
    if not ok:
        return False, _(NO_CALENDAR_FOR_BUSY) if text == _(NO_CALENDAR) else text
    assert ctx is not None
    config = read_calendar_config(ctx.document)
    if config is None or not config.busy:
        return False, _(NO_BUSY)
    names = ", ".join(name for name, _ in config.busy)
    return True, _("Read the busy times of {names} from the calendar server for the days the "
                   "grid shows; they are cut out of working hours like busy files"
                   ).format(names=names)


@dataclass
class _Request:
    """One thing to do on the server, prepared on the GUI thread."""

    kind: str                      # "publish" or "busy"
    ctx: PlanContext
    config: CalendarConfig
    export: Export | None = None   # publish: the Export (caldav=True)
    force: bool = False
    start: datetime | None = None  # busy: the range
    end: datetime | None = None
    password: str | None = None
    typed: bool = False            # the password came from the prompt
    store: bool = False            # ... and is to be stored in the keyring once accepted


class PasswordDialog(QDialog):
    """Asks for the calendar password (echo off), with the offer to keep it in the keyring."""

    def __init__(self, config: CalendarConfig, why: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Calendar server password"))
        intro = QLabel(_("Password or app token of <b>{user}</b> on<br>{url}").format(
            user=html.escape(config.user or ""), url=html.escape(config.url)), self)
        intro.setWordWrap(True)
        note = QLabel(why, self)
        note.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Store it in the system keyring"), self)
        self.remember.setChecked(True)
        self.remember.setToolTip(_('As keyring entry "{service}" / "{user}"; never in the plan '
                                   "file. Stored only once the server has accepted it.").format(
            service=KEYRING_SERVICE, user=config.keyring_user))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout()
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password.textChanged.connect(self._on_password_text_changed)
        self._on_password_text_changed("")
        self.setMinimumWidth(480)  # room for the calendar's address on one or two lines

    def _on_password_text_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text))


# --- the controller ---------------------------------------------------------------------

class SyncHost(Protocol):
    """What CalendarSync needs from the window it works for."""

    @property
    def ctx(self) -> PlanContext | None: ...        # the open plan
    @property
    def formats(self) -> Formats: ...               # its locale, for event texts
    @property
    def reporter(self) -> Reporter: ...             # status bar; interactive or not
    def show_context(self, ctx: PlanContext) -> None: ...  # busy times changed: redraw
    def mark_modified(self) -> None: ...            # the plan remembers published events


class CalendarSync(QObject):
    """Publishing and busy times for one main window; one server run at a time.

    ``host`` is the window's side (:class:`SyncHost`); dialogs open over
    ``parent``.  The window shows ``progress`` in its status bar.
    """

    running_changed = Signal(bool)
    progressed = Signal(int, int, str)
    published = Signal(object)     # PublishReport
    busy_fetched = Signal(object)  # dict[str, ServerBusy]
    failed = Signal(object)        # the error (CalDavError with the URL and the fix)

    def __init__(self, host: SyncHost, parent: QWidget, clock: Callable[[], datetime],
                 timeout: float = 30.0):
        super().__init__(parent)
        self._host = host
        self._parent = parent
        self._clock = clock
        self.timeout = timeout
        self._passwords: dict[str, str] = {}  # typed passwords the server accepted
        self._worker = Worker(self)
        self._worker.progressed.connect(self._on_job_progressed)
        self._worker.succeeded.connect(self._on_job_succeeded)
        self._worker.failed.connect(self._on_job_failed)
        self._request: _Request | None = None
        self.password_dialog: PasswordDialog | None = None
        self.message_box: QMessageBox | None = None  # the last conflict/error/result box
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(True)
        self.progress.hide()

    @property
    def running(self) -> bool:
        return self._request is not None

    def update_actions(self, fetch: QAction, forget: QAction) -> None:
        """Enable fetching and forgetting busy times when they can run; no dead menu items:
        a disabled one says why and how to configure the server."""
        ctx = self._host.ctx
        ok, text = busy_available(ctx)
        if self.running:
            from widgets.planner_page.sharing import SERVER_BUSY  # the page loads after paint

            text = _(SERVER_BUSY)
        fetch.setEnabled(ok and not self.running)
        fetch.setToolTip(text)
        fetch.setStatusTip(text)
        fetched = ctx is not None and bool(ctx.server_busy)
        forget.setEnabled(fetched and not self.running)
        forget.setToolTip(_(FORGET_BUSY) if fetched else _(NOTHING_FETCHED))

    def forget_busy(self) -> None:
        """Forget the busy times fetched from the server: working hours as the plan has them."""
        ctx = self._host.ctx
        if ctx is not None:
            ctx.clear_server_busy()
            self._host.show_context(ctx)
            self._host.reporter.status(_(BUSY_FORGOTTEN), 5000)

    # --- requests ---------------------------------------------------------------

    def publish(self, what: Exportable, *, force: bool = False) -> bool:
        """Publish a Series or Rotation of the current plan; False if it did not start."""
        ctx = self._host.ctx
        if ctx is None or self.running:
            return False
        config = self._config(ctx, _(CANNOT_PUBLISH))
        if config is None:
            return False
        locale = self._host.formats.locale
        try:
            export = build_publish_export(ctx, what, stamp=self._clock(), locale=locale)
        except InputError as e:
            self._show(_(CANNOT_PUBLISH), error_text(e), error=e)
            return False
        return self._begin(_Request("publish", ctx, config, export=export, force=force))

    def fetch_busy(self, start: datetime, end: datetime) -> bool:
        """Fetch members' busy times in [start, end) and cut them out of the grid."""
        ctx = self._host.ctx
        if ctx is None or self.running:
            return False
        config = self._config(ctx, _(CANNOT_READ_BUSY))
        if config is None:
            return False
        if not config.busy:
            self._show(_(CANNOT_READ_BUSY), _(NO_BUSY))
            return False
        return self._begin(_Request("busy", ctx, config, start=start, end=end))

    def _config(self, ctx: PlanContext, title: str) -> CalendarConfig | None:
        try:
            config = read_calendar_config(ctx.document)
        except InputError as e:
            self._show(title, error_text(e), error=e)
            return None
        if config is None:
            self._show(title, _(NO_CALENDAR))
        return config

    def _begin(self, request: _Request) -> bool:
        config = request.config
        if config.user is not None and config.keyring_user in self._passwords:
            request.password = self._passwords[config.keyring_user]
            return self._start(request)
        try:
            request.password = find_password(config, environ=os.environ)
        except CalDavError as e:
            self._ask_password(request, e.problems[0].reason)
            return True
        return self._start(request)

    def _ask_password(self, request: _Request, why: str) -> None:
        self._request = request  # one at a time, the prompt included
        self.running_changed.emit(True)
        dialog = PasswordDialog(request.config, why[:1].upper() + why[1:] + ".", self._parent)
        self.password_dialog = dialog

        def answered(result: int) -> None:
            self.password_dialog = None
            dialog.deleteLater()
            self._request = None
            if result != QDialog.DialogCode.Accepted or not dialog.password.text():
                self.running_changed.emit(False)
                self._host.reporter.status(_("Cancelled: no password given"), 5000)
                return
            request.password = dialog.password.text()
            request.typed, request.store = True, dialog.remember.isChecked()
            self._start(request)

        dialog.finished.connect(answered)
        dialog.open()

    # --- the worker thread -------------------------------------------------------------

    def _start(self, request: _Request) -> bool:
        # Loaded here, on the GUI thread, not in the worker and not at start-up.
        from planner.caldav import fetch_busy, publish, read_published

        if request.kind == "publish":
            export, config, force = request.export, request.config, request.force
            assert export is not None
            memory = read_published(request.ctx.document)
            password, timeout = request.password, self.timeout

            def work(progress: Callable[[int, int, str], None]) -> Any:
                def step(done: int, total: int, result: ObjectResult) -> None:
                    progress(done, total, f"{result.verb}: {result.what}")
                return publish(export, config, memory=memory, password=password, force=force,
                               timeout=timeout, progress=step)
            n = len(export.records)
            what = ngettext("Publishing {n} event(s) to {url} …",
                            "Publishing {n} event(s) to {url} …", n).format(n=n, url=config.url)
        else:
            plan, config = request.ctx.plan, request.config
            start, end = request.start, request.end
            password, timeout = request.password, self.timeout
            assert start is not None and end is not None

            def work(progress: Callable[[int, int, str], None]) -> Any:
                return fetch_busy(plan, config, start, end, password=password, timeout=timeout)
            what = _("Reading busy times from {url} …").format(url=config.url)
        self._request = request
        self.running_changed.emit(True)
        self._host.reporter.status(what)
        self.progress.setRange(0, 0)  # busy until the first object is done
        self.progress.show()
        self._worker.start(work)
        return True

    def _finish(self) -> _Request | None:
        """The run is over (the worker has stopped its thread): stop the progress bar."""
        request, self._request = self._request, None
        self.progress.hide()
        self._host.reporter.clear_status()
        self.running_changed.emit(False)
        return request

    def wait(self) -> None:
        """Block until a running server call has ended (closing the window); its answer is
        dropped."""
        self._worker.wait()
        if self.password_dialog is not None:
            self.password_dialog.reject()
        self._request = None

    @Slot(int, int, str)
    def _on_job_progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total}")
        self._host.reporter.status(_("{step} ({number} of {total})").format(
            step=text, number=done, total=total))
        self.progressed.emit(done, total, text)

    @Slot(object)
    def _on_job_succeeded(self, result: Any) -> None:
        request = self._finish()
        if request is None:
            return
        self._accepted(request)
        if request.kind == "publish":
            self._published(request, result)
        else:
            self._busy_fetched(request, result)

    @Slot(object)
    def _on_job_failed(self, error: BaseException) -> None:
        request = self._finish()
        if request is None:
            return
        report = getattr(error, "report", None)
        if report is not None:
            self._accepted(request)  # the server was reached: the password is right
            self._remember(request, report)
        if request.kind == "publish" and report is not None and report.conflicts \
                and not report.written and not request.force:
            self._ask_force(request, error, report)
        else:
            title = _("Publishing failed") if request.kind == "publish" \
                else _("Busy times not read")
            self._show(title, error_text(error) + "\n\n" + (
                _("The plan is unchanged.") if report is None or not report.written else
                _("The plan remembers what was written; publish again to finish.")),
                error=error)
        self.failed.emit(error)

    # --- outcomes (GUI thread) ---------------------------------------------------------

    def _accepted(self, request: _Request) -> None:
        """The server took the password: keep a typed one for the session, store if asked."""
        if not request.typed or request.password is None:
            return
        self._passwords[request.config.keyring_user] = request.password
        if request.store:
            try:
                import keyring

                keyring.set_password(KEYRING_SERVICE, request.config.keyring_user,
                                     request.password)
            except Exception as e:  # any backend may fail: locked, no D-Bus
                log.warning("keyring: %s", e)
                self._host.reporter.status(
                    _("The password was not stored in the keyring ({problem}); it is kept "
                      "until Overlap closes").format(problem=e), 10000)

    def _current(self, request: _Request) -> bool:
        """The plan the run started from is still the open one."""
        return self._host.ctx is request.ctx

    def _remember(self, request: _Request, report: PublishReport) -> None:
        if request.export is None or not self._current(request):
            return  # another plan is open now: the next publish finds the events by UID
        from planner.caldav import remember_published

        if remember_published(request.ctx.document, request.export, report):
            # The plan keeps the events' addresses and ETags: save it to keep them.
            self._host.mark_modified()

    def _published(self, request: _Request, report: PublishReport) -> None:
        self._remember(request, report)
        counts: dict[str, int] = {}
        for r in report.results:
            counts[r.verb] = counts.get(r.verb, 0) + 1
        done = ", ".join(f"{n} {verb}" for verb, n in counts.items()) or _("nothing to do")
        text = _("Published to {calendar}: {done}").format(calendar=report.calendar, done=done)
        if report.changes_memory and self._current(request):
            text += " — " + _("save the plan so the next publish updates the same events")
        self._host.reporter.status(text, 15000)
        if report.notes:
            self._show(_("Published"), text + ".\n\n" + "\n".join(f"• {n}" for n in report.notes),
                       icon=QMessageBox.Icon.Information)
        self.published.emit(report)

    def _busy_fetched(self, request: _Request, busy: dict[str, ServerBusy]) -> None:
        if self._current(request):
            request.ctx.add_server_busy(busy)
            self._host.show_context(request.ctx)
        names = ", ".join(busy) or _("nobody")
        self._host.reporter.status(_("Busy times of {names} read from {url}").format(
            names=names, url=request.config.url), 15000)
        self.busy_fetched.emit(busy)

    def _ask_force(self, request: _Request, error: BaseException, report: PublishReport
                   ) -> None:
        listed = "\n".join(f"• {r.what}: {r.reason}" for r in report.conflicts)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Changed on the calendar server"),
                          _("Nothing was published: these events were changed on {calendar} "
                            "since the plan last published them (look at them in your "
                            "calendar app):\n\n{events}\n\nReplace the server's versions "
                            "with the plan's?").format(calendar=report.calendar, events=listed),
                          QMessageBox.StandardButton.NoButton, self._parent)
        replace = box.addButton(_("Replace on the server"),
                                QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Keep the server's versions"), QMessageBox.ButtonRole.RejectRole)
        box.setDetailedText(error_text(error))

        def answered() -> None:
            self.message_box = None
            if box.clickedButton() is replace:
                again = _Request("publish", request.ctx, request.config, export=request.export,
                                 force=True, password=request.password)
                if self._current(request) and not self.running:
                    self._start(again)
            else:
                self._host.reporter.status(
                    _("Nothing published; the server's versions are kept"), 8000)
            box.deleteLater()

        box.finished.connect(answered)
        self.message_box = box
        box.open()

    def _show(self, title: str, text: str, *, error: BaseException | None = None,
              icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        """A message that does not block (window-modal, opened, not exec'd)."""
        first = text.splitlines()[0] if text else title
        self._host.reporter.status(f"{title}: {first}", 15000)
        if not self._host.reporter.interactive:
            return
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.finished.connect(box.deleteLater)
        self.message_box = box
        box.open()


def grid_bounds(grid_range: GridRange) -> tuple[datetime, datetime]:
    """The UTC instants the grid shows: [start, end)."""
    start, end = grid_range.bounds()
    return datetime.fromtimestamp(start, tz=UTC), datetime.fromtimestamp(end, tz=UTC)
