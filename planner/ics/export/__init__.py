"""iCalendar export of a series, a rotation or a single slot (DESIGN.md, J4 and
"iCalendar rules").

What every export guarantees, and where the rule comes from:

* **Times.** ``DTSTART``/``DTEND`` carry ``TZID`` = the anchor zone, the local
  wall-clock time of the rule (RFC 5545 3.3.5 then moves a time in a DST gap
  forward and takes the first of an ambiguous one, as the planner does).  A
  series anchored in UTC is written in the UTC "Z" form and has no TZID.
  Nothing is floating.  A time that occurs twice (a repeated hour) is written
  in UTC, and so are the times of an override for a date around a clock
  change: libical reads a repeated local time as its second occurrence and a
  time in a gap an hour early (libical#1402).
* **Zones.** Every TZID gets an RRULE-style ``VTIMEZONE`` from
  :mod:`planner.ics.vtimezone` covering the years of every date written.
  icalendar's ``add_missing_timezones()`` (an RDATE list) is never used:
  Thunderbird ignores its DST and Outlook has been reported to mis-read it.
* **Recurrence.** ``RRULE`` with ``COUNT``, or ``UNTIL`` as the UTC instant of
  the last occurrence's start (RFC 5545 3.3.10 requires UTC when DTSTART has a
  TZID; icalendar would write an aware local datetime in local time, so it is
  given a UTC one).  ``EXDATE`` has the same TZID and value type as DTSTART
  (3.8.5.1).  A moved occurrence is an overriding ``VEVENT`` with the same UID,
  ``RECURRENCE-ID`` = the rule's original start in DTSTART's form (3.8.4.4) and
  its new ``DTSTART``.  Leading skipped dates are dropped by starting the rule
  at the first date that is held, so nothing relies on an ``EXDATE`` equal to
  ``DTSTART`` (allowed by 3.8.5.1, but it is the corner clients get wrong).
* **Rotation.** One recurring event per candidate slot: the slot's rule runs
  from the first to the last occurrence it owns (``COUNT``) and excludes the
  ones it does not own with ``EXDATE``.  Each occurrence is owned by exactly
  one slot, so every client that honours EXDATE shows exactly the chosen
  occurrences; a slot that owns one occurrence is a plain event.  Skipped
  occurrences are excluded from every slot; locked ones are named in the
  description.
* **METHOD** (RFC 5546): ``PUBLISH`` has no ``ATTENDEE`` (3.2.1); ``REQUEST``
  needs an ``ORGANIZER`` and has an ``ATTENDEE`` per member with an e-mail
  address (``ROLE=REQ-PARTICIPANT`` or ``OPT-PARTICIPANT`` for optional members,
  ``PARTSTAT=NEEDS-ACTION``, ``RSVP=TRUE``; the organizer's own member entry is
  ``PARTSTAT=ACCEPTED``, as Google and Outlook write it).  ``caldav=True``
  never writes METHOD (RFC 4791 4.1 forbids it in stored objects).
* **Identity.** ``UID`` = uuid5 over a fixed namespace and the plan name, the
  kind of export and its key (a series: its first date and anchor zone; a
  rotation slot: the rotation's first date and the slot's "HH:MM ZONE"; a slot:
  its start instant).  Everything else (time of day, cadence, length, count,
  skips and moves, members) is *content*: changing it and exporting again
  updates the same events.  ``SEQUENCE`` starts at 0 and goes up by one when
  the content of a UID (everything but DTSTAMP and SEQUENCE) differs from what
  was exported last time; exporting unchanged content again keeps the number,
  and the later ``DTSTAMP`` still marks it as the newer copy (RFC 5546 2.1.5).
  The plan remembers what was exported in ``[[exports]]`` entries (see
  :func:`~.memory.remember_exports`).  ``DTSTAMP`` comes from the caller's ``stamp``.
* **Text.** Names, the plan name and site names are cleaned of control
  characters (replaced by a space) before they reach a property; icalendar
  escapes TEXT values, so nothing in a name can start a new property.  E-mail
  addresses that would need escaping are refused.
* **Lines.** CRLF, folded at 75 octets, never inside a UTF-8 sequence and, when
  possible, not before a combining mark (RFC 5545 3.1).  icalendar 7 already
  folds by octets; :func:`~.text.fold_content` refolds anyway so the guarantee does not
  depend on the icalendar version.
* **Description.** Each member's local weekday and time, localized with babel
  (``locale``, default ``en``), and the dates on which DST drift moves it; for a
  team of more than 50, each zone's, with its number of members.

How an export is written (method, organizer, CalDAV, locale, title) is an
:class:`ExportOptions` value.  Modules: :mod:`.series`, :mod:`.rotation` and
:mod:`.slot` build each kind of export with :mod:`.build` (times,
recurrence, people, SEQUENCE); :mod:`.describe` writes the descriptions,
:mod:`.text` cleans and folds text, :mod:`.memory` keeps UIDs and the plan's
``[[exports]]`` table, :mod:`.options` checks the options.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.ics.export.build import PRODID, Export
    from planner.ics.export.meetings import export_meetings, meeting_rule, meeting_uid
    from planner.ics.export.memory import (
        UID_NAMESPACE,
        ExportRecord,
        event_uid,
        read_exports,
        remember_exports,
    )
    from planner.ics.export.options import METHODS, ExportOptions
    from planner.ics.export.rotation import export_rotation
    from planner.ics.export.series import export_series
    from planner.ics.export.slot import export_slot
    from planner.ics.export.text import clean_text, fold_content

# Each name loads its module when first used, so that importing the package (the
# window does, to offer exports) costs nothing until something is exported.
_MODULE_OF = {
    **dict.fromkeys(("PRODID", "Export"), "build"),
    **dict.fromkeys(("export_meetings", "meeting_rule", "meeting_uid"), "meetings"),
    **dict.fromkeys(("UID_NAMESPACE", "ExportRecord", "event_uid", "read_exports",
                     "remember_exports"), "memory"),
    **dict.fromkeys(("METHODS", "ExportOptions"), "options"),
    "export_rotation": "rotation",
    "export_series": "series",
    "export_slot": "slot",
    **dict.fromkeys(("clean_text", "fold_content"), "text"),
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = importlib.import_module(f"{__name__}.{module}")
    for other, where in _MODULE_OF.items():
        if where == module:
            globals()[other] = getattr(loaded, other)
    return globals()[name]


__all__ = [
    "METHODS",
    "PRODID",
    "UID_NAMESPACE",
    "Export",
    "ExportOptions",
    "ExportRecord",
    "clean_text",
    "event_uid",
    "export_meetings",
    "export_rotation",
    "export_series",
    "export_slot",
    "fold_content",
    "meeting_rule",
    "meeting_uid",
    "read_exports",
    "remember_exports",
]
