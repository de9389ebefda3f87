"""What the linter reports: :class:`Finding` values, collected in a :class:`Report`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.errors import Problem
from planner.i18n import _

__all__ = ["MAX_PER_CODE", "Finding", "Report", "Severity", "cap", "short"]

Severity = Literal["error", "warning"]

MAX_PER_CODE = 20  # a broken generator repeats one mistake thousands of times


@dataclass(frozen=True, slots=True)
class Finding:
    """One interop problem in a calendar file."""

    line: int | None  # 1-based physical line where the content line starts
    code: str  # stable identifier, e.g. "until-not-utc"
    message: str
    fix: str
    severity: Severity = "error"
    path: str | None = None

    def to_problem(self) -> Problem:
        return Problem(self.message, path=self.path, line=self.line, field=self.code,
                       suggestion=self.fix, severity=self.severity)

    def __str__(self) -> str:
        """``path:line: code: message — fix``, like a compiler diagnostic."""
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        head = f"{where}: " if where else ""
        label = "warning" if self.severity == "warning" else "error"
        return f"{head}{label}: {self.code}: {self.message} — {self.fix}"


class Report:
    """The findings about one file, in the order they are found."""

    def __init__(self, path: str | None):
        self.path = path
        self.findings: list[Finding] = []

    def add(self, line: int | None, code: str, message: str, fix: str,
            severity: Severity = "error") -> None:
        self.findings.append(Finding(line, code, message, fix, severity, self.path))

    def lines(self) -> set[int | None]:
        """The lines reported so far."""
        return {f.line for f in self.findings}


def cap(findings: list[Finding]) -> list[Finding]:
    """At most MAX_PER_CODE findings of one code, then one line counting the rest."""
    kept: list[Finding] = []
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
        if counts[f.code] <= MAX_PER_CODE:
            kept.append(f)
    for code, count in counts.items():
        if count > MAX_PER_CODE:
            first = next(f for f in findings if f.code == code)
            kept.append(Finding(None, code, _("... and {count} more like "
                                              "this").format(count=count - MAX_PER_CODE),
                                _("fix each like the {code} findings listed "
                                  "above").format(code=code),
                                first.severity, first.path))
    return kept


def short(text: str, limit: int = 40) -> str:
    """A value shortened for a message, with line ends visible."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
