"""Structured errors for everything the user feeds in.

Every problem names where it is (file, line when known, field), what is wrong
and how to fix it, so the window and the command line can show it without a
traceback.  Loading collects all problems and raises them together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.i18n import _, pgettext


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's input."""

    reason: str
    path: str | None = None
    line: int | None = None
    field: str | None = None
    suggestion: str | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
        parts = []
        if where:
            parts.append(where)
        if self.field:
            parts.append(self.field)
        head = ": ".join(parts)
        text = f"{head}: {describe(self)}" if head else describe(self)
        if self.severity == "warning":
            text = _("warning: {problem}").format(problem=text)
        return text


def describe(problem: Problem) -> str:
    """What is wrong and the fix, without where: for text shown beside the input it is
    about (a form field, a dialog's own inputs)."""
    if not problem.suggestion:
        return problem.reason
    # The dash between what is wrong and its fix; a language may prefer other punctuation.
    return pgettext("problem — fix", "{reason} — {fix}").format(reason=problem.reason,
                                                               fix=problem.suggestion)


def problems_text(problems: Iterable[Problem], *, located: bool = False) -> str:
    """Problems for a person to read, the one formatter the window uses.

    Inline (the default): each :func:`describe`d, joined by "; ", for a line
    under the inputs.  ``located``: one per line with file, line and field
    (``str(problem)``, as the command line prints them), for a message box.
    """
    if located:
        return "\n".join(str(p) for p in problems)
    return "; ".join(describe(p) for p in problems)


class PlannerError(Exception):
    """Base of every error the planner raises on purpose."""


class InputError(PlannerError):
    """The user's input is wrong; carries one or more :class:`Problem`."""

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...] | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ZoneError(InputError):
    """An unknown or unacceptable time-zone key."""


class PlanFileError(InputError):
    """A plan file could not be loaded or saved."""


class IcsError(InputError):
    """An iCalendar file is malformed or cannot be used."""
