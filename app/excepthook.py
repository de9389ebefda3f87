"""Uncaught exceptions: logged with the traceback and shown in a dialog, never lost.

Qt calls Python slots from C++; an exception escaping a slot only reaches
``sys.excepthook``, which by default prints to a console the user does not
see.  We log it (to the log file set up in ``app.gui``) and show a
non-blocking message box with the details.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from planner.i18n import _

log = logging.getLogger("overlap")

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class ExceptionDialogHook:
    def __init__(self, log_path: str | None = None,
                 save: Callable[[], object] | None = None):
        self.log_path = log_path
        # Offered as "Save a copy…" in the dialog, so work is never lost to a bug.
        self.save = save
        self.previous: Hook = sys.excepthook
        self.shown: list[str] = []   # messages shown, for tests
        self._showing = False

    def install(self) -> None:
        self.previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("uncaught exception\n%s", details)
        message = f"{exc_type.__name__}: {exc}"
        self.shown.append(message)
        try:
            self._show(message, details)
        except Exception:  # the dialog itself failed: the log still has it
            print(details, file=sys.stderr)

    def _show(self, message: str, details: str) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None or self._showing:
            print(details, file=sys.stderr)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, _("Overlap — unexpected error"),
                          _("Something went wrong inside Overlap. Your plan is still open; "
                            "save it under a new name to be safe.") + "\n\n" + message,
                          QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        if self.log_path:
            box.setInformativeText(_("The details were written to {path}.").format(
                path=self.log_path))
        box.setDetailedText(details)
        box.setObjectName("exception_dialog")
        if self.save is not None:
            save_button = box.addButton(_("Save a copy…"), QMessageBox.ButtonRole.ActionRole)
            save_button.setObjectName("exception_save")
            save_button.clicked.connect(self._on_save_button_clicked)
        self._showing = True
        box.finished.connect(self._on_box_finished)
        box.open()   # non-blocking: never nest an event loop inside a failing slot

    def _on_save_button_clicked(self) -> None:
        if self.save is not None:
            self.save()

    def _on_box_finished(self, *args: object) -> None:
        self._showing = False
