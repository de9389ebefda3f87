"""Editing the plan: the member and site forms, removing entries, the grid's zone,
and the saved meetings (``[[meeting]]`` tables, as the Meetings page asks).

Every edit goes through :meth:`TeamEditor.apply_edit`: change the document,
recompute the plan, mark it modified and say what happened; the window
shows the result when ``changed`` fires.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from planner.errors import InputError
from planner.i18n import _
from widgets.entry_form import apply_entry
from widgets.formatting import Formats

from .documents import Documents
from .messages import Reporter

if TYPE_CHECKING:
    from .dialogs import EntryDialog

Clock = Callable[[], datetime]


class TeamEditor(QObject):
    changed = Signal(object)   # PlanContext: the document changed, show it again
    added = Signal(str, int)   # a member or site was added: its table and index

    def __init__(self, documents: Documents, reporter: Reporter, clock: Clock,
                 formats: Formats, window: QWidget):
        super().__init__(window)
        self._documents = documents
        self._reporter = reporter
        self._clock = clock
        self._window = window
        self.formats = formats

    def apply_edit(self, change: Callable[[], None], message: str) -> bool:
        """Run an edit of the document; on success refresh everything and mark modified."""
        ctx = self._documents.ctx
        assert ctx is not None
        try:
            change()
        except InputError as e:
            self._reporter.warn(_("The change was not made"), e)
            return False
        ctx.refresh()
        self.changed.emit(ctx)
        self._documents.set_modified(True)
        self._reporter.status(message, 5000)
        return True

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
            if self.apply_edit(lambda: apply_entry(doc, form.table, None, values, periods),
                               f"Added {form.table} {name}".strip()):
                entries = ctx.plan.members if form.table == "member" else ctx.plan.sites
                self.added.emit(form.table, len(entries) - 1)
        else:
            if not name and form.table == "member":
                name = ctx.plan.members[index].name
            self.apply_edit(lambda: apply_entry(doc, form.table, index, values, periods),
                            f"Changed {form.table} {name}".strip())

    def remove_entry(self, table: str, index: int) -> bool:
        ctx = self._documents.ctx
        if ctx is None:
            return False
        plan = ctx.plan
        if table == "member":
            label = plan.members[index].name
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
        return self.apply_edit(lambda: doc.remove_entry(table, index),
                               _("Removed {name}").format(name=label))

    def set_reference_zone(self, zone: str) -> bool:
        ctx = self._documents.ctx
        if ctx is None or zone == ctx.plan.reference_zone:
            return False
        doc = ctx.document
        return self.apply_edit(lambda: doc.set_value("reference_zone", zone),
                               _("The grid now shows {zone} time").format(zone=zone))

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
        return self.apply_edit(lambda: doc.add_entry("meeting", table),
                               _("Added meeting “{title}”").format(
                                   title=table.get("title") or table.get("id")))

    def change_meeting(self, index: int, values: Mapping[str, Any]) -> bool:
        """Set keys of the index-th [[meeting]] (None removes one); the others, and
        their comments, stay as written."""
        ctx = self._documents.ctx
        if ctx is None or not values:
            return False
        doc = ctx.document
        return self.apply_edit(lambda: doc.update_entry("meeting", index, values),
                               _("Changed meeting “{title}”").format(
                                   title=self._meeting_title(index)))

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
                               _("Removed meeting “{title}”").format(title=title))
