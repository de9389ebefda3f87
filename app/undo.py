"""Undo and redo of the plan's edits: one QUndoStack per open plan.

The plan is immutable values read from the document's text, so an edit is
remembered as the whole text before and after it (comments and all): undoing
puts the text before back, exactly, and reads the plan from it again.  The
only changes made outside the stack are records of what happened elsewhere
(an export's UIDs, a publication, a mail sent: the tables the program owns,
``planner.planfile.OWNED_TABLES``); undoing an edit keeps them as they are
now (:meth:`~planner.planfile.PlanDocument.with_owned_tables`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from planner.i18n import _

# How many edits the stack remembers (each holds the plan's text after it, and shares
# the text before it with the edit before).
UNDO_LIMIT = 100

# Puts a text in place of the document's ``expected`` text; False when it could not.
Restore = Callable[[str, str], bool]


class PlanEdit(QUndoCommand):
    """One edit of the plan: its name ("Remove Priya") and the text before and after."""

    def __init__(self, text: str, before: str, after: str, restore: Restore):
        super().__init__(text)
        self.before = before
        self.after = after
        self._restore = restore
        self._made = True  # pushed after the edit was made: the first redo has nothing to do

    def redo(self) -> None:
        if self._made:
            self._made = False
            return
        self._restore(self.after, self.before)

    def undo(self) -> None:
        self._restore(self.before, self.after)


def new_stack(parent: QObject | None = None) -> QUndoStack:
    stack = QUndoStack(parent)
    stack.setUndoLimit(UNDO_LIMIT)
    return stack


def mnemonic_safe(text: str) -> str:
    """A name in a menu item's text, where "&" would underline the next letter."""
    return text.replace("&", "&&")


def follow_stack(stack: QUndoStack, undo: QAction, redo: QAction) -> None:
    """The Edit menu's Undo and Redo name the edit they would undo or redo and are
    enabled only when there is one."""
    def undo_text(edit: str) -> None:
        undo.setText(_("&Undo {edit}").format(edit=mnemonic_safe(edit)) if edit else _("&Undo"))

    def redo_text(edit: str) -> None:
        redo.setText(_("&Redo {edit}").format(edit=mnemonic_safe(edit)) if edit else _("&Redo"))

    stack.undoTextChanged.connect(undo_text)
    stack.redoTextChanged.connect(redo_text)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    undo_text(stack.undoText())
    redo_text(stack.redoText())
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
