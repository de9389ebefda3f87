"""Editing the plan: the member and site forms, removing entries, the grid's zone,
and the saved meetings (``[[meeting]]`` tables, as the Meetings page asks).

Every edit goes through :meth:`TeamEditor.apply_edit`: change the document,
recompute the plan, put the edit on the plan's undo stack (which marks it
modified) and say what happened; the window shows the result when
``changed`` fires, after an edit, an undo or a redo alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from planner.errors import InputError
from planner.i18n import _
from widgets.formatting import Formats

from .documents import Documents
from .messages import Reporter
from .undo import PlanEdit

if TYPE_CHECKING:
    from .dialogs import EntryDialog

Clock = Callable[[], datetime]


class TeamEditor(QObject):
    changed = Signal(object)   # PlanContext: the document changed, show it again
    added = Signal(str, int)   # a member or site was added: its table and index
    removed = Signal(str, int)  # a member or site was removed: its table and index

    def __init__(self, documents: Documents, reporter: Reporter, clock: Clock,
                 formats: Formats, window: QWidget):
        super().__init__(window)
        self._documents = documents
        self._reporter = reporter
        self._clock = clock
        self._window = window
        self.formats = formats

    def apply_edit(self, change: Callable[[], None], message: str, name: str | None = None
                   ) -> bool:
        """Run an edit of the document; on success refresh everything and put it on the
        undo stack as ``name`` ("Remove Priya"; ``message`` when None), saying
        ``message`` in the status bar."""
        ctx = self._documents.ctx
        assert ctx is not None
        doc = ctx.document
        before = doc.dumps()
        try:
            change()
            ctx.refresh()
        except InputError as e:
            if doc.dumps() != before:  # made, but the plan cannot be shown: not made
                doc.replace_text(before)
                ctx.refresh()
            self._reporter.warn(_("The change was not made"), e)
            return False
        after = doc.dumps()
        if after != before:
            stack = self._documents.undo_stack
            last = stack.command(stack.index() - 1) if stack.index() else None
            if isinstance(last, PlanEdit) and last.after == before:
                before = last.after  # one copy of the text between two edits
            stack.push(PlanEdit(name or message, before, after, self._restore))
        self.changed.emit(ctx)
        self._reporter.status(message, 8000)
        return True

    def _restore(self, text: str, expected: str) -> bool:
        """Undo or redo: make the document ``text`` again (it is ``expected`` unless
        something was recorded in the program's own tables since)."""
        ctx = self._documents.ctx
        assert ctx is not None
        doc = ctx.document
        try:
            if doc.dumps() != expected:
                text = doc.with_owned_tables(text)
            doc.replace_text(text)
            ctx.refresh()
        except InputError as e:
            self._reporter.warn(_("The change could not be undone"), e)
            return False
        self.changed.emit(ctx)
        return True

    def undo(self) -> None:
        stack = self._documents.undo_stack
        if stack.canUndo():
            name = stack.undoText()
            stack.undo()
            self._reporter.status(_("Undone: {edit}").format(edit=name), 8000)

    def redo(self) -> None:
        stack = self._documents.undo_stack
        if stack.canRedo():
            name = stack.redoText()
            stack.redo()
            self._reporter.status(_("Redone: {edit}").format(edit=name), 8000)

    def edit_entry(self, table: str, index: int | None) -> EntryDialog | None:
        from .dialogs import EntryDialog  # the form and the zone picker: when first edited

        """Open the form for a member or site (index None adds one); returns the dialog."""
        ctx = self._documents.ctx
        if ctx is None:
            return None
        dialog = EntryDialog(ctx.document, table, index, self._clock, self.formats,
                             self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_entry_dialog_accepted(dialog))
        dialog.open()
        return dialog

    def _on_entry_dialog_accepted(self, dialog: EntryDialog) -> None:
        from widgets.entry_form import apply_entry

        ctx = self._documents.ctx
        assert ctx is not None
        form = dialog.form
        values = form.values()
        periods = form.periods()
        doc = ctx.document
        if not values and periods is None:
            return
        name = values.get("name") or values.get("id") or ""
        index = form.entry_index
        if index is None:
            site = form.table == "site"
            if self.apply_edit(lambda: apply_entry(doc, form.table, None, values, periods),
                               (_("Added site {name}") if site else
                                _("Added member {name}")).format(name=name),
                               (_("Add site {name}") if site else
                                _("Add member {name}")).format(name=name)):
                entries = ctx.plan.members if form.table == "member" else ctx.plan.sites
                self.added.emit(form.table, len(entries) - 1)
        else:
            if not name:
                entry = ctx.plan.members[index] if form.table == "member" \
                    else ctx.plan.sites[index]
                name = entry.name
            self.apply_edit(lambda: apply_entry(doc, form.table, index, values, periods),
                            _("Changed {name}").format(name=name),
                            _("Edit {name}").format(name=name))

    def remove_entry(self, table: str, index: int) -> bool:
        ctx = self._documents.ctx
        if ctx is None:
            return False
        plan = ctx.plan
        if table == "member":
            label = plan.members[index].name
            meetings = _meetings_naming(ctx.document.data.get("meeting"), label)
            if meetings:
                self._reporter.inform(
                    _("Member in a meeting"),
                    _("{name} is invited by name to {meetings}. Take {name} off those "
                      "meetings on the Meetings page first, then remove {name}.").format(
                        name=label, meetings=", ".join(f"“{m}”" for m in meetings)))
                return False
        else:
            site = plan.sites[index]
            users = [m.name for m in plan.members if m.site == site.id]
            if users:
                self._reporter.inform(
                    _("Site in use"), _("“{site}” is the site of {members}. Move them to "
                                        "another site (or remove them) first.").format(
                        site=site.name, members=", ".join(users)))
                return False
            label = site.name
        doc = ctx.document
        undo_key = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText)
        removed = self.apply_edit(
            lambda: doc.remove_entry(table, index),
            _("Removed {name} — Undo ({key})").format(name=label, key=undo_key),
            _("Remove {name}").format(name=label))
        if removed:
            self.removed.emit(table, index)
        return removed

    def set_reference_zone(self, zone: str) -> bool:
        ctx = self._documents.ctx
        if ctx is None or zone == ctx.plan.reference_zone:
            return False
        doc = ctx.document
        return self.apply_edit(lambda: doc.set_value("reference_zone", zone),
                               _("The grid now shows {zone} time").format(zone=zone),
                               _("Grid in {zone} time").format(zone=zone))

    # --- saved meetings -------------------------------------------------------------

    def _meeting_title(self, index: int) -> str:
        ctx = self._documents.ctx
        assert ctx is not None
        table = ctx.document.entry("meeting", index)
        return str(table.get("title") or table.get("id") or "")

    def add_meeting(self, table: Mapping[str, Any]) -> bool:
        ctx = self._documents.ctx
        if ctx is None:
            return False
        doc = ctx.document
        title = str(table.get("title") or table.get("id") or "")
        return self.apply_edit(lambda: doc.add_entry("meeting", table),
                               _("Added meeting “{title}”").format(title=title),
                               _("Add meeting “{title}”").format(title=title))

    def change_meeting(self, index: int, values: Mapping[str, Any]) -> bool:
        """Set keys of the index-th [[meeting]] (None removes one); the others, and
        their comments, stay as written."""
        ctx = self._documents.ctx
        if ctx is None or not values:
            return False
        doc = ctx.document
        title = self._meeting_title(index)
        return self.apply_edit(lambda: doc.update_entry("meeting", index, values),
                               _("Changed meeting “{title}”").format(title=title),
                               _("Edit meeting “{title}”").format(title=title))

    def change_meeting_by_id(self, meeting_id: str, values: Mapping[str, Any]) -> bool:
        ctx = self._documents.ctx
        if ctx is None:
            return False
        ids = [m.id for m in ctx.plan.meetings]
        return meeting_id in ids and self.change_meeting(ids.index(meeting_id), values)

    def remove_meeting(self, index: int) -> bool:
        ctx = self._documents.ctx
        if ctx is None:
            return False
        doc = ctx.document
        title = self._meeting_title(index)
        return self.apply_edit(lambda: doc.remove_entry("meeting", index),
                               _("Removed meeting “{title}”").format(title=title),
                               _("Remove meeting “{title}”").format(title=title))


def _meetings_naming(tables: object, name: str) -> list[str]:
    """The titles of the saved meetings that list ``name`` itself as an attendee (not
    through a site), which removing the member would break."""
    if not isinstance(tables, list):
        return []
    out = []
    for t in tables:
        if not isinstance(t, dict):
            continue
        listed = [*(t.get("attendees") or []), *(t.get("optional") or [])]
        if name in listed:
            out.append(str(t.get("title") or t.get("id") or ""))
    return out
