"""The problems of a form, in one area of fixed height under its fields.

The area keeps its height whether it holds nothing or several problems (they
scroll), so the form never jumps as problems come and go.  Each line names
the field and says what to do; a mark and a word tell errors, warnings and
notes apart, not their colour alone.  Links (a zone to use instead) are
reported through ``link_activated``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from planner.i18n import _

ERROR_COLOUR = "#C0392B"
WARNING_COLOUR = "#8A5A00"


class Severity(StrEnum):
    ERROR = "error"      # the form cannot be saved like this
    WARNING = "warning"  # it can, but it is probably a slip
    NOTE = "note"        # something the form did for the user (a suggested country)


@dataclass(frozen=True, slots=True)
class FormMessage:
    severity: Severity
    field: str   # the field's label as the form shows it ("" for the whole form)
    text: str    # plain text
    links: tuple[tuple[str, str], ...] = ()  # (href, text), offered after the text

    def html(self) -> str:
        mark, colour = {Severity.ERROR: ("✖", ERROR_COLOUR),
                        Severity.WARNING: ("⚠", WARNING_COLOUR),
                        Severity.NOTE: ("ℹ", "")}[self.severity]
        word = {Severity.ERROR: _("Error"), Severity.WARNING: _("Warning"),
                Severity.NOTE: _("Note")}[self.severity]
        head = f"{mark} {html.escape(word)}"
        if self.field:
            head += f" — <b>{html.escape(self.field)}</b>"
        body = html.escape(self.text)
        if self.links:
            body += " " + html.escape(_("Use:")) + " " + ", ".join(
                f'<a href="{html.escape(href)}">{html.escape(text)}</a>'
                for href, text in self.links)
        style = f' style="color: {colour};"' if colour else ""
        return f"<p{style}>{head}: {body}</p>"


class ProblemArea(QTextBrowser):
    """Read-only lines of problems, ``lines`` high whatever they hold."""

    link_activated = Signal(str)

    def __init__(self, lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("form_problems")
        self.setAccessibleName(_("Problems"))
        self.setOpenLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        self.document().setDefaultStyleSheet("p { margin-top: 0; margin-bottom: 3px; }")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        height = self.fontMetrics().lineSpacing() * lines + 2 * 2 + 2 * self.frameWidth() + 4
        self.setFixedHeight(height)
        self._messages: tuple[FormMessage, ...] = ()
        self.anchorClicked.connect(self._on_anchor_clicked)

    def set_messages(self, messages: list[FormMessage] | tuple[FormMessage, ...]) -> None:
        messages = tuple(messages)
        if messages == self._messages:
            return
        self._messages = messages
        self.setHtml("".join(m.html() for m in messages))
        self.setAccessibleDescription("\n".join(
            f"{m.field}: {m.text}" if m.field else m.text for m in messages))

    def messages(self) -> tuple[FormMessage, ...]:
        return self._messages

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.link_activated.emit(url.toString())
