"""The linter's reading of a file: line ends, folding, encoding, line syntax and
nesting (RFC 5545 sections 3.1, 3.1.4 and 3.4), and what icalendar refuses.

The lines themselves are read by :mod:`planner.ics.lines`, keeping a byte
order mark as strict readers see it; this module turns what the reading
found into findings.
"""

from __future__ import annotations

import warnings

import icalendar

from planner.errors import InputError, Problem
from planner.i18n import _, ngettext
from planner.ics.lines import LineIndex, Lines, Property, Structure, nest, parse_property
from planner.ics.lint.findings import Report, short

__all__ = ["MAX_OCTETS", "busy_import", "check_lines", "check_structure", "second_parser"]

MAX_OCTETS = 75  # RFC 5545 section 3.1


def check_lines(lines: Lines, report: Report) -> None:
    """Byte order mark, line ends, line lengths, folds and encoding."""
    if lines.bom:
        report.add(1, "byte-order-mark", _("the file starts with a UTF-8 byte order mark"),
                   _("save it as UTF-8 without a BOM: RFC 5545 section 3.1.4 has none, and strict "
                     "readers take it as part of BEGIN:VCALENDAR"), "warning")
    bare_lf: list[int] = []
    bare_cr: list[int] = []
    long_lines: list[int] = []
    for pl in lines.physical:
        # Any of CRLF, LF or CR ends a physical line, so line numbers match
        # what an editor shows whatever the file uses.
        if pl.ending == "\n":
            bare_lf.append(pl.number)
        elif pl.ending == "\r":
            bare_cr.append(pl.number)
        elif not pl.ending and pl.octets:
            report.add(pl.number, "line-ending", _("the last line has no line end"),
                       _("end every line, the last one too, with CRLF (RFC 5545 section 3.1)"),
                       "warning")
        if pl.octets > MAX_OCTETS:
            long_lines.append(pl.number)
    if bare_lf:
        # Every client we know reads LF line ends; only the RFC asks for CRLF.
        report.add(bare_lf[0], "line-ending",
                   ngettext("{count} line(s) end in a bare LF instead of CRLF",
                            "{count} line(s) end in a bare LF instead of CRLF",
                            len(bare_lf)).format(count=len(bare_lf)),
                   _("write every line end as CR LF (RFC 5545 section 3.1); in Python open the "
                     "file with newline='' and join lines with '\\r\\n'"),
                   "warning")
    if bare_cr:
        report.add(bare_cr[0], "line-ending",
                   ngettext("{count} line(s) end in a bare CR instead of CRLF",
                            "{count} line(s) end in a bare CR instead of CRLF",
                            len(bare_cr)).format(count=len(bare_cr)),
                   _("write every line end as CR LF (RFC 5545 section 3.1)"))
    if long_lines:
        report.add(long_lines[0], "long-line",
                   ngettext("{count} line(s) are longer than {limit} octets",
                            "{count} line(s) are longer than {limit} octets",
                            len(long_lines)).format(count=len(long_lines), limit=MAX_OCTETS),
                   _("fold lines at {limit} octets: CRLF followed by one space (RFC 5545 "
                     "section 3.1); icalendar's to_ical() does this").format(limit=MAX_OCTETS),
                   "warning")
    for number in lines.split_utf8:
        report.add(number, "fold-splits-utf8",
                   _("a line fold splits a multi-byte UTF-8 character"),
                   _("fold before or after the whole character, never inside it; several clients "
                     "show a replacement character otherwise"), "warning")
    bad_encoding = [c.line for c in lines.content if c.bad_utf8 is not None]
    if bad_encoding:
        report.add(bad_encoding[0], "encoding",
                   ngettext("{count} line(s) are not valid UTF-8",
                            "{count} line(s) are not valid UTF-8",
                            len(bad_encoding)).format(count=len(bad_encoding)),
                   _("save the file as UTF-8, the charset RFC 5545 section 3.1.4 requires"))


def check_structure(lines: Lines, report: Report) -> Structure:
    """Content-line syntax and BEGIN/END nesting; the component tree, however broken."""
    props: list[Property] = []
    for c in lines.content:
        prop = parse_property(c)
        if prop is None:
            report.add(c.line, "bad-line", _("not an iCalendar content line: "
                                             "{line}").format(line=short(c.text)),
                       _("each line must read NAME;PARAM=value:VALUE, folded lines must start "
                         "with a space"))
        else:
            props.append(prop)
    structure = nest(props)
    for m in structure.misnested:
        if m.problem == "stray-end":
            report.add(m.line, "bad-nesting", _("END:{name} without a matching "
                                                "BEGIN").format(name=m.name),
                       _("remove this line or add BEGIN:{name} before it").format(name=m.name))
        elif m.problem == "outside":
            report.add(m.line, "bad-nesting", _("{name} "
                                                "is outside any component").format(name=m.name),
                       _("move it inside BEGIN:VCALENDAR ... END:VCALENDAR"))
        elif m.at is not None:
            report.add(m.line, "bad-nesting", _("BEGIN:{name} is never closed").format(name=m.name),
                       _("add END:{name} before line {at}").format(name=m.name, at=m.at))
        else:
            report.add(m.line, "bad-nesting", _("BEGIN:{name} is never closed").format(name=m.name),
                       _("add END:{name} at the end of the component").format(name=m.name))
    return structure


def second_parser(lines: Lines, report: Report) -> None:
    """What icalendar, the importer's parser, refuses (lines already reported are not
    reported twice).  It is given the unfolded lines, as the importer gives it."""
    text = lines.text()
    reported = report.lines()
    index = LineIndex(lines.content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # any failure of the other parser is a finding
        line = index.quoted(str(exc))
        if line is None or line not in reported:
            report.add(line, "parse-error", _("icalendar cannot read the file: "
                                              "{error}").format(error=exc),
                       _("fix the line named; importers built on icalendar reject the whole file"))
        return
    for cal in calendars:
        for component in cal.walk():
            for prop_name, message in getattr(component, "errors", []):
                line = index.quoted(message, prop_name)
                if line is not None and line in reported:
                    continue
                where = f"{prop_name} in {component.name}" if prop_name else component.name
                report.add(line, "parse-error", _("icalendar cannot read {where}: "
                                                  "{message}").format(where=where, message=message),
                           _("correct the value's syntax (RFC 5545 section 3.3); icalendar drops "
                             "or breaks this property on import"))


def busy_import(data: bytes, report: Report) -> None:
    """Whatever Overlap's busy-time import refuses that no error found so far covers.

    The rules above name most problems better; this makes sure that a file the
    import refuses never passes the linter.  A problem on a line that already
    has an error, or without a line when there is any error, is left out.
    """
    from planner.ics.busy_import import parse_busy

    try:
        parse_busy(data, report.path or "<calendar>")
        return
    except InputError as e:
        problems = list(e.problems)
    except Exception as e:  # an importer crash is a refusal too (and a bug to report)
        problems = [Problem(f"{type(e).__name__}: {e}")]
    errors = [f for f in report.findings if f.severity == "error"]
    lines = {f.line for f in errors}
    for p in problems:
        if (p.line is not None and p.line in lines) or (p.line is None and errors):
            continue
        report.add(p.line, "import-refused", _("Overlap's busy-time import refuses the file: "
                                               "{reason}").format(reason=p.reason),
                                               p.suggestion or _("correct the line named"))
