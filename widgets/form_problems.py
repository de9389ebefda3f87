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

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from planner.i18n import _

from .colours import warning_colour


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

    def word(self) -> str:
        return {Severity.ERROR: _("Error"), Severity.WARNING: _("Warning"),
                Severity.NOTE: _("Note")}[self.severity]

    def spoken(self) -> str:
        """What a screen reader says: the severity too, which the mark shows."""
        if self.field:
            return _("{severity} — {field}: {problem}").format(
                severity=self.word(), field=self.field, problem=self.text)
        return _("{severity}: {problem}").format(severity=self.word(), problem=self.text)

    def html(self, error_colour: str, warning_colour: str) -> str:
        """One line; the colours come from the theme (they must read on its background)."""
        mark, colour = {Severity.ERROR: ("✖", error_colour),
                        Severity.WARNING: ("⚠", warning_colour),
                        Severity.NOTE: ("ℹ", "")}[self.severity]
        head = f"{mark} {html.escape(self.word())}"
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
        self._render()
        self.setAccessibleDescription("\n".join(m.spoken() for m in messages))

    def _render(self) -> None:
        # Errors in BrightText, which each theme sets to a red that reads on its window
        # (widgets.colours); warnings in an amber for the window's lightness.
        p = self.palette()
        error = p.color(QPalette.ColorRole.BrightText).name()
        warning = warning_colour(p.color(QPalette.ColorRole.Window).lightness())
        self.setHtml("".join(m.html(error, warning) for m in self._messages))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._render()  # a theme changed: its problem colours too

    def messages(self) -> tuple[FormMessage, ...]:
        return self._messages

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.link_activated.emit(url.toString())
