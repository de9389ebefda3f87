"""Export of a rotation: one recurring event per candidate slot.

Each slot's rule runs from the first to the last occurrence it owns
(``COUNT``) and excludes the ones it does not own with ``EXDATE`` (RFC 5545
3.8.5.1).  Each occurrence is owned by exactly one slot, so every client
that honours EXDATE shows exactly the chosen occurrences; a slot that owns
one occurrence is a plain event.  Skipped occurrences are excluded from
every slot; locked ones are named in the description.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.i18n import _
from planner.ics.export.build import Export, Group, Instance, finish_export, is_utc, recurring
from planner.ics.export.describe import FOOTER, Formats, member_lines
from planner.ics.export.memory import ExportRecord, event_uid
from planner.ics.export.options import ExportOptions, resolve
from planner.ics.export.text import clean_text
from planner.model import Plan
from planner.zones import get_zone

if TYPE_CHECKING:  # only annotated: the rotation module is not needed to export a series
    from planner.rotation.planning import Rotation

__all__ = ["export_rotation"]


def export_rotation(plan: Plan, cal: DayOff, rotation: Rotation, *, stamp: datetime,
                    memory: Mapping[str, ExportRecord] | None = None,
                    options: ExportOptions | None = None, skip: Iterable[int] = ()) -> Export:
    """A rotation as one recurring event per slot that owns an occurrence.

    Each slot's rule covers its first to last owned occurrence; the
    occurrences in between that another slot owns, and those in ``skip``
    (1-based indexes), are ``EXDATE``s.  Locked occurrences are named in the
    description.  See :func:`~planner.ics.export.series.export_series` for the other arguments.
    """
    opts = resolve(plan, options or ExportOptions())
    skipped = frozenset(skip)
    bad = sorted(i for i in skipped if not 1 <= i <= len(rotation.occurrences))
    if bad:
        raise InputError(Problem(_("there is no occurrence {number}").format(number=bad[0]),
                                 field="skip",
                                 suggestion=_("occurrences are numbered 1 to "
                                              "{n_occurrences}").format(
                                              n_occurrences=len(rotation.occurrences))))
    held = [o for o in rotation.occurrences if o.index not in skipped]
    if not held:
        raise InputError(Problem(_("every occurrence of the rotation is skipped; there is nothing "
                                   "to export"), field="skip"))
    group_key = f"rotation {rotation.start.isoformat()}"
    length = timedelta(minutes=rotation.duration)
    fmt = Formats(opts.fmt_locale, {o.start.astimezone(get_zone(zone)).year
                                     for o in held for zone in {m.zone for m in plan.members}})
    groups: list[Group] = []
    written: list[datetime] = []
    notes: list[str] = []
    for candidate in rotation.candidates:
        owned = [o for o in held if o.slot == candidate.id]
        if not owned:
            continue
        first, last = owned[0].index, owned[-1].index
        span = rotation.occurrences[first - 1:last]
        uid = event_uid(plan.name, "rotation-slot", f"{group_key} {candidate.text}")
        rule = {"FREQ": "WEEKLY", **({"INTERVAL": 2} if rotation.cadence == "2weeks" else {}),
                "COUNT": len(span)} if len(span) > 1 else None
        instances = [Instance(o.date, o.start, o.end,
                               o.slot == candidate.id and o.index not in skipped, False)
                     for o in span]
        components, more, slot_notes = recurring(
            opts, plan, cal, fmt, uid, candidate.zone, candidate.local_time, length, rule,
            instances, _rotation_description(plan, rotation, candidate.id, owned, skipped, fmt))
        written += more
        notes += slot_notes
        groups.append(Group(uid, f"rotation from {rotation.start}, slot {candidate.text}",
                             group_key, components))
    return finish_export(groups, opts, stamp, memory, written, sorted(set(notes), key=notes.index))


def _rotation_description(plan: Plan, rotation: Rotation, slot: str,
                          owned: Sequence[Any], skipped: frozenset[int], fmt: Formats) -> str:
    candidate = rotation.candidate(slot)
    where = "UTC" if is_utc(candidate.zone) else fmt.city(candidate.zone)
    others = ", ".join(f"{c.id} {c.time_text} {'UTC' if is_utc(c.zone) else fmt.city(c.zone)}"
                       for c in rotation.candidates if c.id != slot)
    cadence = _("weekly") if rotation.cadence == "week" else _("every two weeks")
    lines = [_("{plan} check-in, rotating {cadence} over {n_candidates} slots to share early and "
               "late hours fairly.").format(
               plan=clean_text(plan.name),
               cadence=cadence,
               n_candidates=len(rotation.candidates)),
             _("This is slot {slot}: {time_text} {where} time ({duration} min).").format(
                 slot=slot, time_text=candidate.time_text, where=where, duration=rotation.duration)
             + (_(" Other slots: {others}.").format(others=others) if others else ""),
             "", _("Dates in this slot:")]
    locked = _(" (locked)")
    for o in owned:
        lines.append(f"• #{o.index} {fmt.day(o.date)}" + (locked if o.locked else ""))
    mine_skipped = [o for o in rotation.occurrences if o.index in skipped and o.slot == slot]
    if mine_skipped:
        lines.append(_("Skipped: {dates}").format(
            dates=", ".join(f"#{o.index} {fmt.day(o.date)}" for o in mine_skipped)))
    lines += ["", _("Local times:")]
    lines += [f"• {x}" for x in member_lines(plan, [o.start for o in owned], fmt)]
    lines += ["", _(FOOTER)]
    return "\n".join(lines)
