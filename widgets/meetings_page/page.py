"""The Meetings page: the plan's saved meetings, and the form of the selected one.

Adding, duplicating, editing and deleting ask the window (signals); the
window changes the plan document and shows the result again with
:meth:`MeetingsPage.set_context`.  Deleting asks first, in a bar under the
list rather than a dialog.  E-mailing the selected meeting's invitation or
cancellation is asked for the same way (:class:`~.mail_box.MailBox`); the
window says what the buttons offer with :meth:`MeetingsPage.set_mail_state`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext
from planner.i18n import N_, _
from planner.meetings import Meeting
from planner.zones import get_zone

from ..empty_state import EmptyState
from ..formatting import Formats
from .editor import MeetingEditor
from .list_model import MeetingListModel
from .mail_box import MailBox, MailState
from .tables import duplicate_table, new_table

Clock = Callable[[], datetime]
LIST_WIDTH = 240  # px: the list beside the form; when both do not fit, it goes above
NO_MEETINGS = (N_("No saved meetings yet. “Add meeting” starts a weekly check-in for everyone; "
               "change it on the right, and the plan keeps it with every decision."))


class _RoomyDelegate(QStyledItemDelegate):
    """Rows a little taller than their text, so that two-line entries stand apart."""

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 10)


class MeetingsPage(QWidget):
    add_requested = Signal(object)          # dict: the new [[meeting]] table
    change_requested = Signal(int, object)  # index, dict: changed keys (None removes one)
    remove_requested = Signal(int)          # index; the user confirmed
    meeting_selected = Signal(object)       # the selected meeting's id, or None
    planner_requested = Signal(str)         # show this meeting in the check-in planner
    invite_requested = Signal(str)          # preview this meeting's invitation (or update)
    cancel_requested = Signal(str, object)  # meeting id; None (all of it) or an occurrence date

    def __init__(self, clock: Clock, formats: Formats | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._clock = clock
        self._ctx: PlanContext | None = None
        self._selected: str | None = None
        self._pending: str | None = None  # select this id once the window added it
        self.model = MeetingListModel(formats, self)
        self.list = QListView(self)
        self.list.setAccessibleName(_("Meetings"))
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap the rows on resize
        self.list.setItemDelegate(_RoomyDelegate(self.list))
        self.add_button = QPushButton(_("Add meeting"), self)
        self.duplicate_button = QPushButton(_("Duplicate"), self)
        self.rename_button = QPushButton(_("Rename"), self)
        self.delete_button = QPushButton(_("Delete…"), self)
        self.confirm_bar = QFrame(self)
        self.confirm_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.confirm_label = QLabel(self.confirm_bar)
        self.confirm_label.setWordWrap(True)
        self.confirm_delete_button = QPushButton(_("Delete"), self.confirm_bar)
        self.cancel_delete_button = QPushButton(_("Keep it"), self.confirm_bar)
        self.confirm_bar.hide()
        self.mail_box = MailBox(formats, self)
        self.editor = MeetingEditor(formats, self)
        self.hint = QLabel(_(NO_MEETINGS), self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state = EmptyState(parent=self)
        self._lay_out()
        self._connect_signals()
        self._update_buttons()

    def _lay_out(self) -> None:
        bar = QVBoxLayout(self.confirm_bar)
        bar.addWidget(self.confirm_label)
        answers = QHBoxLayout()
        answers.addStretch(1)
        answers.addWidget(self.cancel_delete_button)
        answers.addWidget(self.confirm_delete_button)
        bar.addLayout(answers)
        buttons = QGridLayout()  # two by two: the list stays narrow beside the form
        for i, b in enumerate((self.add_button, self.duplicate_button, self.rename_button,
                               self.delete_button)):
            buttons.addWidget(b, i // 2, i % 2)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        column.addWidget(self.confirm_bar)
        column.addWidget(self.mail_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        self.right = QStackedWidget(self)
        self.right.addWidget(scroll)
        self.right.addWidget(self.hint)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(left)
        self.split.addWidget(self.right)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([LIST_WIDTH, 3 * LIST_WIDTH])
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.split)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)

    def _connect_signals(self) -> None:
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.confirm_delete_button.clicked.connect(self._on_confirm_delete_button_clicked)
        self.cancel_delete_button.clicked.connect(self.confirm_bar.hide)
        self.editor.change_requested.connect(self._on_editor_change_requested)
        self.editor.planner_requested.connect(self._on_editor_planner_requested)
        self.mail_box.invite_requested.connect(self._on_mail_box_invite_requested)
        self.mail_box.cancel_requested.connect(self._on_mail_box_cancel_requested)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        # Side by side when there is room, the list above the form when not.
        narrow = event.size().width() < LIST_WIDTH + self.editor.minimumSizeHint().width() + 24
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)
        super().resizeEvent(event)

    # --- inputs -------------------------------------------------------------

    def set_context(self, ctx: PlanContext) -> None:
        """A plan was opened or changed: list its meetings, keep the selection."""
        if ctx is not self._ctx:
            self._selected = None
            self.confirm_bar.hide()
        self._ctx = ctx
        plan = ctx.plan
        self.stack.setCurrentIndex(0 if plan.members else 1)
        self.editor.set_plan(plan)
        self.model.set_meetings(plan.meetings)
        wanted = self._pending or self._selected
        self._pending = None
        row = self.model.row_of(wanted) if wanted else None
        if row is None and plan.meetings:
            row = 0
        self.select(row)

    def set_formats(self, formats: Formats) -> None:
        self.model.set_formats(formats)
        self.editor.set_formats(formats)
        self.mail_box.set_formats(formats)

    def set_mail_state(self, meeting_id: str | None, state: MailState) -> None:
        """What the e-mail buttons offer for a meeting; kept only while it is selected."""
        if meeting_id == self._selected:
            self.mail_box.set_state(state)

    def select(self, row: int | None) -> None:
        """Select a meeting by its row (None: none), showing its form."""
        if row is None:
            self.list.clearSelection()
        else:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._show_selected()

    # --- the selection ------------------------------------------------------

    @property
    def selected_row(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    @property
    def selected(self) -> Meeting | None:
        row = self.selected_row
        return self.model.meetings[row] if row is not None else None

    def _show_selected(self) -> None:
        meeting, row = self.selected, self.selected_row
        if meeting is None or row is None or self._ctx is None:
            self.right.setCurrentWidget(self.hint)
        else:
            self.right.setCurrentIndex(0)
            table = self._ctx.document.entry("meeting", row)
            if meeting.id != self._selected or table != self.editor.table:
                self.editor.load(table)
        new = meeting.id if meeting else None
        if new != self._selected:
            self._selected = new
            self.confirm_bar.hide()
            self.mail_box.set_state(MailState())  # until the window says what it offers
            self.meeting_selected.emit(new)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected is not None
        for b in (self.duplicate_button, self.rename_button, self.delete_button):
            b.setEnabled(has)
        self.add_button.setEnabled(self._ctx is not None and bool(self._ctx.plan.members))

    # --- slots --------------------------------------------------------------

    def _on_list_selection_changed(self, selected: QItemSelection,
                                   deselected: QItemSelection) -> None:
        self._show_selected()

    def _on_add_button_clicked(self) -> None:
        if self._ctx is None:
            return
        plan = self._ctx.plan
        today = self._clock().astimezone(get_zone(plan.reference_zone)).date()
        monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
        table = new_table("New meeting", (m.id for m in plan.meetings), monday,
                          plan.reference_zone)
        self._pending = table["id"]
        self.add_requested.emit(table)

    def _on_duplicate_button_clicked(self) -> None:
        row = self.selected_row
        if self._ctx is None or row is None:
            return
        table = duplicate_table(self._ctx.document.entry("meeting", row),
                                (m.id for m in self._ctx.plan.meetings))
        self._pending = table["id"]
        self.add_requested.emit(table)

    def _on_rename_button_clicked(self) -> None:
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()

    def _on_delete_button_clicked(self) -> None:
        meeting = self.selected
        if meeting is None:
            return
        self.confirm_label.setText(
            _("Delete “{title}” from the plan? Invitations or events already sent or "
              "published for it are not cancelled.").format(title=meeting.title))
        self.confirm_bar.show()
        self.cancel_delete_button.setFocus()

    def _on_confirm_delete_button_clicked(self) -> None:
        row = self.selected_row
        self.confirm_bar.hide()
        if row is not None:
            # Keep a neighbour selected once the meeting is gone.
            rest = [m.id for m in self.model.meetings]
            del rest[row]
            self._pending = rest[min(row, len(rest) - 1)] if rest else None
            self.remove_requested.emit(row)

    def _on_editor_change_requested(self, values: dict[str, object]) -> None:
        row = self.selected_row
        if row is not None:
            self.change_requested.emit(row, values)

    def _on_editor_planner_requested(self) -> None:
        if self._selected is not None:
            self.planner_requested.emit(self._selected)

    def _on_mail_box_invite_requested(self) -> None:
        # A change still waiting for the pause in typing goes into the plan first: the
        # invitation is of the meeting as the form shows it.
        self.editor.commit()
        if self._selected is not None:
            self.invite_requested.emit(self._selected)

    def _on_mail_box_cancel_requested(self, day: object) -> None:
        self.editor.commit()
        if self._selected is not None:
            self.cancel_requested.emit(self._selected, day)
