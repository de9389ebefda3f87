"""An interoperability linter for iCalendar files (ours or anyone's).

``lint_ics(data)`` reads raw bytes and reports what makes calendar clients
disagree about a file: line ends, folding and a byte order mark (RFC 5545
section 3.1), TZIDs without a ``VTIMEZONE`` (3.2.19), RDATE-list
``VTIMEZONE``s that Thunderbird and Outlook mis-read, events without
``DTSTART``, with a property given twice or ending before they start (3.6.1),
rules that are not rules, ``UNTIL`` and ``EXDATE`` of another value type than
``DTSTART`` (3.3.10, 3.8.5.1), floating times that no ``X-WR-TIMEZONE``
places, ``METHOD`` without the properties RFC 5546 requires, and missing or
duplicate ``UID``/``DTSTAMP``.  Errors are what a real client (Overlap's
import among them) refuses or shows at another time; the rest are warnings.

It reads the file itself with :mod:`planner.ics.lines`, leniently, so every
finding carries the physical line where the content line starts, and it
never raises: a file it cannot make sense of is itself a finding.  icalendar
is run as a second parser, and Overlap's own busy-time import as a third, so
that whatever the importer would refuse is reported too.  :mod:`.reading`
reports on lines and nesting, :mod:`.rules` on the component tree.
"""

from __future__ import annotations

from pathlib import Path

from planner.errors import IcsError
from planner.files import read_capped
from planner.i18n import _
from planner.ics.lines import read_lines
from planner.ics.lint import reading, rules
from planner.ics.lint.findings import Finding, Report, Severity, cap

__all__ = ["MAX_LINT_BYTES", "Finding", "Severity", "lint_ics", "read_ics"]

MAX_LINT_BYTES = 20 * 1024 * 1024  # as much as the busy import reads


def read_ics(path: str | Path) -> bytes:
    """The bytes of a file to lint: a regular file of at most :data:`MAX_LINT_BYTES`;
    IcsError naming the file otherwise (missing, a folder, a pipe or device, too big)."""
    return read_capped(path, MAX_LINT_BYTES, error=IcsError, what=_("files to check"),
                       suggestion=_("check a smaller export, e.g. a few months"))


def lint_ics(data: bytes, path: str | None = None) -> list[Finding]:
    """Interop problems in an iCalendar file, in line order; never raises.

    ``path`` is only carried into the findings for messages.
    """
    if isinstance(data, str):  # be forgiving about the caller, too
        data = data.encode("utf-8", errors="replace")
    data = bytes(data)
    report = Report(path)
    try:
        # A byte order mark is read past, as the importer does, and reported.
        lines = read_lines(data)
        if not any(c.text.upper().startswith("BEGIN:VCALENDAR") for c in lines.content):
            first = lines.content[0].line if lines.content else None
            return [Finding(first, "not-icalendar",
                            _("no BEGIN:VCALENDAR: this is not an iCalendar file")
                            + ("" if lines.content else _(" (it is empty)")),
                            _("export the calendar as .ics (text/calendar)"), "error", path)]
        reading.check_lines(lines, report)
        structure = reading.check_structure(lines, report)
        rules.check(structure.roots, report)
        reading.second_parser(lines, report)
        reading.busy_import(data, report)
    except Exception as exc:  # the linter's own bug must not hide the file's problems
        report.add(None, "internal-error", _("the linter failed: {error_type}: "
                                             "{error}").format(error_type=type(exc).__name__,
                                                               error=exc),
                   _("please report this file; the findings above are still valid"))
    ordered = sorted(report.findings, key=lambda f: (f.line is None, f.line or 0, f.code))
    return cap(ordered)
