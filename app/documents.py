"""The open plan's file: open, new, save, save as, the close guard, autosave and
recovery after a crash, recent files, and the changed-on-disk check when saving.

:class:`Documents` owns the open :class:`~planner.context.PlanContext` and
whether it has unsaved changes; the window shows what it reports through
signals.  Questions (save first? overwrite a file changed on disk? restore?)
are asked here, with the window as their parent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from planner.errors import InputError, PlanFileError, Problem
from planner.i18n import _, ngettext
from planner.zones import check_zone_key
from resources import DEMO_FOLDER_REFUSED, DEMO_PLAN, in_demo_folder, is_bundled_demo
from widgets.formatting import Formats

from . import messages
from .messages import Reporter
from .places import documents_folder, file_name_for
from .recovery import RecoveryEntry, RecoveryStore
from .settings import AppSettings
from .undo import new_stack

if TYPE_CHECKING:  # the holiday data loads with the first plan, after the window shows
    from planner.context import PlanContext

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SB = QMessageBox.StandardButton

NEW_PLAN = """\
# A new Overlap plan. Add members in the window, or edit this file by hand.
version = 1
name = "{name}"
reference_zone = "{zone}"   # the zone the grid is drawn in
"""


@dataclass
class PlanIO:
    """How plans are read; tests swap in loaders that need no holiday data."""

    load: Callable[[Path, str | None], PlanContext]
    parse: Callable[[str, Path | None, str | None], PlanContext]

    @classmethod
    def default(cls) -> PlanIO:
        def load(path: Path, locale: str | None) -> PlanContext:
            from planner.context import open_plan

            return open_plan(path, locale)

        def parse(text: str, path: Path | None, locale: str | None) -> PlanContext:
            from planner.context import PlanContext
            from planner.planfile import parse_plan

            return PlanContext.from_document(parse_plan(text, path=path), locale)

        return cls(load, parse)


def local_zone_key() -> str:
    """The system's zone key when it is a usable IANA key, else UTC."""
    from PySide6.QtCore import QTimeZone

    key = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return key if key and check_zone_key(key) is None else "UTC"


class Documents(QObject):
    """The plan open in one window, and its file."""

    opened = Signal(object)          # PlanContext: opened, started or restored
    modified_changed = Signal(bool)  # unsaved changes or not (the window's [*] marker)
    saved = Signal(object)           # Path: written there (its name may have changed)
    recent_changed = Signal()        # the recent files list changed

    def __init__(self, settings: AppSettings, reporter: Reporter, formats: Formats,
                 clock: Clock, window: QWidget, *, io: PlanIO | None = None,
                 recovery: RecoveryStore, autosave_ms: int):
        super().__init__(window)
        self._settings = settings
        self._reporter = reporter
        self._clock = clock
        self._window = window
        self._io = io or PlanIO.default()
        self.recovery = recovery
        # Formats for questions, and the locale plans are loaded in (holiday names).
        self.formats = formats
        self.ctx: PlanContext | None = None
        # The open plan is the bundled demo, opened as an untitled copy.
        self.demo_copy = False
        # The plan's edits, to undo; "clean" where the file on disk is.  Changes made
        # outside the stack (records of exports and mail, restored unsaved changes)
        # leave the plan modified until it is saved.
        self.undo_stack = new_stack(self)
        self._unsaved_records = False
        self._modified = False
        self._session = f"{os.getpid()}-{id(self)}"
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(autosave_ms)
        self._autosave_timer.timeout.connect(self.autosave)
        self.undo_stack.cleanChanged.connect(self._update_modified)
        self._autosave_timer.start()

    # --- the modified marker --------------------------------------------------------

    @property
    def modified(self) -> bool:
        return self._modified

    def set_modified(self, modified: bool) -> None:
        """True: changed outside the undo stack; False: saved (the stack is clean here)."""
        self._unsaved_records = modified
        if not modified:
            self.undo_stack.setClean()
        self._update_modified()

    def _update_modified(self) -> None:
        modified = self._unsaved_records or not self.undo_stack.isClean()
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # --- opening ----------------------------------------------------------------------

    def open_path(self, path: str | Path, fallback: Path | None = None) -> bool:
        """Open a plan file; on failure show why (and fall back when asked to)."""
        p = Path(path)
        if self.ctx is not None and not self.maybe_save():
            return False
        try:
            ctx = self._load(p)
        except InputError as e:
            log.info("cannot open %s: %s", p, e)
            if fallback is not None and p != fallback:
                self._reporter.status(_("Could not open {path}; showing the demo plan").format(
                    path=p), 8000)
                ok = self._open_unchecked(fallback)
                self._reporter.warn(_(messages.CANNOT_OPEN), e, later=True)
                return ok
            self._reporter.warn(_(messages.CANNOT_OPEN), e)
            self._settings.remove_recent(str(p.resolve()))
            self.recent_changed.emit()
            return False
        self._discard_recovery()
        demo = is_bundled_demo(p)
        self._loaded(ctx, demo=demo)
        if not demo:
            self._settings.add_recent(p)
        self.recent_changed.emit()
        for w in ctx.document.warnings:
            log.info("%s", w)
        msg = _("Opened the demo plan as an untitled copy: Save asks where to keep it") \
            if demo else _("Opened {path}").format(path=p)
        if ctx.document.warnings:
            n = len(ctx.document.warnings)
            msg += " " + ngettext("({n} warning(s): {first})", "({n} warning(s): {first})",
                                  n).format(
                n=n, first=ctx.document.warnings[0])
        self._reporter.status(msg, 8000)
        return True

    def choose_and_open(self) -> bool:
        """Ask for a plan file and open it."""
        doc_path = self.ctx.document.path if self.ctx else None
        start = str(doc_path.parent) if doc_path else str(documents_folder())
        path, _filter = QFileDialog.getOpenFileName(self._window, _("Open plan"), start,
                                              _(messages.PLAN_FILES))
        return bool(path) and self.open_path(path)

    def open_demo(self) -> bool:
        return self.open_path(DEMO_PLAN)

    def _open_unchecked(self, path: Path) -> bool:
        try:
            ctx = self._load(path)
        except InputError as e:
            self._reporter.warn(_(messages.CANNOT_OPEN), e)
            return False
        self._loaded(ctx, demo=is_bundled_demo(path))
        return True

    def _load(self, path: Path) -> PlanContext:
        """Read a plan; the bundled demo as an untitled copy, so that it is never written."""
        if not is_bundled_demo(path):
            return self._io.load(path, self.formats.locale)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise PlanFileError(Problem(_("cannot read the demo plan: {reason}").format(
                                            reason=e.strerror or e),
                                        path=str(path))) from None
        return self._io.parse(text, None, self.formats.locale)

    def _loaded(self, ctx: PlanContext, *, modified: bool = False, demo: bool = False) -> None:
        self.ctx = ctx
        self.demo_copy = demo
        self.undo_stack.clear()  # its edits were of the plan that was open
        self.opened.emit(ctx)
        self.set_modified(modified)

    def new_plan(self) -> bool:
        if self.ctx is not None and not self.maybe_save():
            return False
        text = NEW_PLAN.format(name="New plan", zone=local_zone_key())
        try:
            ctx = self._io.parse(text, None, self.formats.locale)
        except InputError as e:
            self._reporter.warn(_("Cannot start a new plan"), e)
            return False
        self._discard_recovery()
        self._loaded(ctx)
        self._reporter.status(_("New plan: add members with Edit → Add member"), 8000)
        return True

    # --- saving -----------------------------------------------------------------------

    def save(self) -> bool:
        if self.ctx is None:
            return False
        if self.ctx.document.path is None:
            return self.save_as()
        return self._save_to(self.ctx.document.path)

    def save_as(self, path: str | Path | None = None) -> bool:
        """Save under ``path``, or a name the user chooses."""
        if self.ctx is None:
            return False
        if path is None:
            start = str(self.ctx.document.path or
                        documents_folder() / file_name_for(self.ctx.plan.name, ".toml"))
            chosen, _filter = QFileDialog.getSaveFileName(self._window, _("Save plan as"), start,
                                                    _(messages.PLAN_FILES))
            if not chosen:
                return False
            path = chosen
        p = Path(path)
        if p.suffix == "":
            p = p.with_suffix(".toml")
        return self._save_to(p)

    def _save_to(self, path: Path) -> bool:
        assert self.ctx is not None
        doc = self.ctx.document
        old_path = doc.path
        if in_demo_folder(path):
            self._reporter.warn(_("Cannot save the plan"), PlanFileError(Problem(
                _(DEMO_FOLDER_REFUSED), path=str(path),
                suggestion=_("save it elsewhere, e.g. in {folder}").format(
                    folder=documents_folder()))))
            return False
        from planner.planfile import PlanConflictError, save_plan  # loaded with the plan

        try:
            try:
                save_plan(doc, path)
            except PlanConflictError as e:
                answer = QMessageBox.question(
                    self._window, _(messages.CHANGED_ON_DISK),
                    _("{path}\n\n{reason}.\n\nSave anyway and overwrite those changes?").format(
                        path=path, reason=e.problems[0].reason), SB.Save | SB.Cancel, SB.Cancel)
                if answer != SB.Save:
                    return False
                save_plan(doc, path, force=True)
        except InputError as e:
            self._reporter.warn(_("Cannot save the plan"), e)
            return False
        if old_path != doc.path:
            self.recovery.discard(old_path, self._session)
        self._discard_recovery()
        self.demo_copy = False
        self.set_modified(False)
        self._settings.add_recent(path)
        self.recent_changed.emit()
        self.saved.emit(path)
        self._reporter.status(_("Saved to {path}").format(path=path), 8000)
        return True

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; False means the user cancelled."""
        if self.ctx is None or not self._modified:
            return True
        answer = QMessageBox.question(
            self._window, _(messages.UNSAVED_CHANGES),
            _("Save the changes to “{plan}” before closing it?").format(plan=self.ctx.plan.name),
            SB.Save | SB.Discard | SB.Cancel, SB.Save)
        if answer == SB.Save:
            return self.save()
        if answer == SB.Discard:
            self._discard_recovery()
            return True
        return False

    def close(self) -> bool:
        """The window is closing: True when it may (nothing unsaved is left behind)."""
        if not self.maybe_save():
            return False
        self._discard_recovery()
        self._autosave_timer.stop()
        return True

    # --- recovery ---------------------------------------------------------------------

    def autosave(self) -> Path | None:
        """Write the modified plan to the recovery folder (not to its own file)."""
        if self.ctx is None or not self._modified:
            return None
        try:
            return self.recovery.write(self.ctx.document.dumps(), self.ctx.document.path,
                                       self._session, self.ctx.plan.name, self._clock())
        except OSError as e:
            log.warning("autosave failed: %s", e)
            self._reporter.status(_("Autosave failed: {problem}").format(problem=e), 8000)
            return None

    def _discard_recovery(self) -> None:
        if self.ctx is not None:
            self.recovery.discard(self.ctx.document.path, self._session)

    def pending_recovery(self) -> list[RecoveryEntry]:
        return self.recovery.pending()

    def offer_recovery(self) -> bool:
        """After a crash: offer to restore the newest unsaved changes left behind."""
        entries = self.pending_recovery()
        if not entries:
            return False
        entry = entries[0]
        where = str(entry.original) if entry.original else _("a plan that was never saved")
        when = self.formats.day_time(entry.saved_at.astimezone())
        answer = QMessageBox.question(
            self._window, _("Restore unsaved changes?"),
            _("Overlap did not close cleanly. Unsaved changes to “{plan}” ({where}) from "
              "{when} were kept.\n\nRestore them? (They stay unsaved until you save.)").format(
                plan=entry.name, where=where, when=when),
            SB.Yes | SB.No, SB.Yes)
        if answer != SB.Yes:
            for e in entries:
                self.recovery.discard_entry(e)
            return False
        return self.restore(entry)

    def restore(self, entry: RecoveryEntry) -> bool:
        try:
            ctx = self._io.parse(entry.read(), entry.original, self.formats.locale)
        except (InputError, OSError) as e:
            self._reporter.warn(_("Cannot restore the changes"), e)
            return False
        if entry.original is not None and entry.original.is_file():
            ctx.document.remember_disk()  # the file as it is now is what we replace
        self.recovery.discard_entry(entry)
        self._loaded(ctx, modified=True)
        self.autosave()
        self._reporter.status(_("Restored unsaved changes; save to keep them"), 8000)
        return True
