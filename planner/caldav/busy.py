"""Members' busy times read from a calendar server.

:func:`fetch_busy`: per member named in ``[calendar.busy]``, a
``free-busy-query`` REPORT (RFC 4791 7.10) where the server supports it,
otherwise the events in the range (``calendar-query`` with a time range, RFC
4791 7.8) expanded by :mod:`planner.ics.busy_import`, exactly like a busy
``.ics`` file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from planner.availability import Span, merge, to_seconds
from planner.errors import Problem
from planner.i18n import _
from planner.ics.busy_import import BusyFile
from planner.model import Plan

from .config import CalendarConfig
from .report import CalDavError
from .transport import DEFAULT_TIMEOUT, Server

__all__ = ["BusyMode", "ServerBusy", "fetch_busy"]


class BusyMode(StrEnum):
    """How :func:`fetch_busy` asks a server for busy times."""

    AUTO = "auto"  # the events, free/busy only where they cannot be read
    FREEBUSY = "freebusy"  # free-busy-query only
    EVENTS = "events"  # the events, expanded here


class ServerBusy(BusyFile):
    """Busy spans fetched from a calendar server for [start, end).

    A :class:`~planner.ics.busy_import.BusyFile` to :class:`~planner.ics.busy_import.MemberBusy`:
    ``MemberBusy({name: [*files, server_busy]}, zones)`` cuts them out of a
    member's working hours like a busy file.  Outside the fetched range it
    knows nothing and reports no busy time.
    """

    def __init__(self, url: str, start: datetime, end: datetime, spans: Sequence[Span]):
        super().__init__(url, None, {})
        self.start, self.end = start, end
        self.busy = tuple(merge(spans))

    def spans(self, start: datetime, end: datetime, zone: str) -> list[Span]:
        s0, e0 = to_seconds(start), to_seconds(end)
        return [(max(a, s0), min(b, e0)) for a, b in self.busy if a < e0 and b > s0]


@dataclass(frozen=True, slots=True)
class _BusySource:
    member: str
    url: str
    zone: str


def fetch_busy(plan: Plan, config: CalendarConfig, start: datetime, end: datetime, *,
               members: Iterable[str] | None = None, password: str | None = None,
               mode: BusyMode | str = BusyMode.AUTO, timeout: float = DEFAULT_TIMEOUT
               ) -> dict[str, ServerBusy]:
    """Busy times in [start, end) of the members named in ``[calendar.busy]``.

    ``mode``: ``"freebusy"`` asks for free/busy times only, ``"events"`` reads
    the events and expands them like a busy ``.ics`` file, ``"auto"`` reads the
    events and asks for free/busy times only where the events cannot be read
    (a coordinator may be allowed free/busy only).  Events come first because
    servers get recurring events across a DST change wrong in their free/busy
    answers (Radicale 3.9 keeps the first occurrence's UTC offset for every
    instance, Kozea/Radicale#1621); our own expansion follows the zone rules.
    ``members`` limits the members asked for.  Every member is fetched before
    any result is returned: one failure is a :class:`CalDavError` and nothing
    is used.  Each value's ``spans(start, end, zone)`` gives merged UTC epoch
    second spans, like :meth:`planner.ics.busy_import.BusyFile.spans`.
    """
    try:
        how = BusyMode(mode)
    except ValueError:
        raise ValueError(f"mode must be auto, freebusy or events, not {mode!r}") from None
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    zones = {m.name: m.zone for m in plan.members}
    wanted = set(members) if members is not None else None
    sources = [_BusySource(name, url, zones[name]) for name, url in config.busy
               if name in zones and (wanted is None or name in wanted)]
    if wanted is not None and (missing := sorted(wanted - {s.member for s in sources})):
        raise CalDavError(Problem(_("no calendar "
                                    "is named for {missing}").format(missing=', '.join(missing)),
                                  field="calendar.busy", suggestion=_('add e.g. "Priya" = '
                                                                      '"…/priya/calendar/" under '
                                                                      "[calendar.busy]")))
    out: dict[str, ServerBusy] = {}
    for source in sources:
        server = Server(replace(config, url=source.url, name=None), password, timeout)
        server.open()
        if how == BusyMode.EVENTS:
            spans = server.events(start, end, source.zone)
        elif how == BusyMode.AUTO:
            try:
                spans = server.events(start, end, source.zone)
            except CalDavError as unreadable:
                found = server.freebusy(start, end)
                if found is None:
                    raise unreadable from None
                spans = found
        else:
            found = server.freebusy(start, end)
            if found is None:
                raise CalDavError(Problem(_("the server offers no free/busy times for this "
                                            "calendar"), path=source.url,
                                          suggestion=_("read the events instead (mode events)")))
            spans = found
        s0, e0 = to_seconds(start), to_seconds(end)
        clipped = [(max(a, s0), min(b, e0)) for a, b in spans if a < e0 and b > s0]
        out[source.member] = ServerBusy(server.url, start, end, clipped)
    return out

