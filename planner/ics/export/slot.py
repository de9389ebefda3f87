"""Export of a single meeting at one instant."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from planner.availability import DayOff
from planner.errors import InputError, Problem
from planner.i18n import _
from planner.ics.export.build import (
    Export,
    Group,
    finish_export,
    make_event,
    people,
    written_span,
)
from planner.ics.export.describe import FOOTER, Formats, occurrence_lines
from planner.ics.export.memory import ExportRecord, event_uid
from planner.ics.export.options import ExportOptions, resolve
from planner.model import Plan
from planner.zones import get_zone

__all__ = ["export_slot"]


def export_slot(plan: Plan, cal: DayOff, start: datetime, duration: int, *, stamp: datetime,
                zone: str | None = None, memory: Mapping[str, ExportRecord] | None = None,
                options: ExportOptions | None = None) -> Export:
    """One meeting at the instant ``start`` (aware), written in ``zone``
    (default: the plan's reference zone).  See
    :func:`~planner.ics.export.series.export_series` for the other arguments."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if not isinstance(duration, int) or not 1 <= duration <= 24 * 60:
        raise InputError(Problem(_("duration {duration} is not between 1 and 1440 "
                                   "minutes").format(duration=duration),
                                 field="duration", suggestion="e.g. 30 or 60"))
    opts = resolve(plan, options or ExportOptions())
    zone = zone or plan.reference_zone
    get_zone(zone)
    begin, end = written_span(start, start.astimezone(UTC) + timedelta(minutes=duration), zone)
    uid = event_uid(plan.name, "slot", start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    fmt = Formats(opts.fmt_locale, {begin.year})
    lines = [_("{title} ({duration} min).").format(
               title=opts.title, duration=duration), "", _("Local times:")]
    lines += [f"• {x}" for x in occurrence_lines(plan, cal, start.astimezone(UTC), fmt)]
    lines += ["", _(FOOTER)]
    event = make_event(opts, uid, begin, end, "\n".join(lines))
    notes = people(event, plan, opts)
    # A label the plan remembers in [[exports]]: file data, not translated.
    what = f"slot {start.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return finish_export([Group(uid, what, uid, [event])], opts, stamp, memory, [begin, end], notes)
