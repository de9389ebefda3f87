"""What was e-mailed, kept in the plan file in a table the program owns.

DESIGN.md: what was sent (UID, SEQUENCE, date) is remembered so the next
invite knows an update from a first invitation, and clock-change notices are
not sent twice.  It lives in the plan (the coordinator's shared file), never
in per-user application data.  One ``[[sent_mail]]`` entry per event (UID)
of each message sent, and one per notice::

    [[sent_mail]]
    meeting = "weekly-sync"
    kind = "request"                  # request | cancel | notice
    uid = "0d6c…"                     # request and cancel: the event
    sequence = 1
    digest = "3f0a…"                  # the event's content when it was sent
    sent = "2026-03-01T12:00:00Z"
    occurrence = "2026-03-16"         # a cancelled occurrence; a notice's date
    to = ["maya@example.com"]

Entries are only added (the history of what people received), through
:class:`~planner.planfile.PlanDocument`, so comments and everything else in
the file survive; save the plan afterwards.  Entries that make no sense
(edited by hand) are ignored when read: the worst outcome is an invitation
that is sent again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from planner.planfile import PlanDocument

__all__ = ["SENT_TABLE", "SentKind", "SentRecord", "last_events", "notified", "read_sent",
           "remember_sent"]

SENT_TABLE = "sent_mail"


class SentKind(StrEnum):
    """What a message was."""

    REQUEST = "request"  # an invitation or its update (METHOD:REQUEST)
    CANCEL = "cancel"  # METHOD:CANCEL, of the meeting or one occurrence
    NOTICE = "notice"  # a clock-change heads-up (no calendar)


@dataclass(frozen=True, slots=True)
class SentRecord:
    """One event of a message that the server accepted for every recipient."""

    meeting: str
    kind: SentKind
    sent: datetime  # UTC
    uid: str | None = None  # None for a notice
    sequence: int | None = None
    digest: str | None = None
    occurrence: date | None = None  # a single cancelled occurrence; a notice's date
    to: tuple[str, ...] = ()

    @property
    def whole_cancel(self) -> bool:
        """The meeting (this UID) was cancelled, not only one occurrence."""
        return self.kind is SentKind.CANCEL and self.occurrence is None


def _instant(text: Any) -> datetime | None:
    if isinstance(text, datetime):
        return text.astimezone(UTC) if text.tzinfo else None
    if not isinstance(text, str):
        return None
    try:
        t = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        return None
    return t.astimezone(UTC) if t.tzinfo else None


def _day(text: Any) -> date | None:
    if isinstance(text, date) and not isinstance(text, datetime):
        return text
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _record(entry: Mapping[str, Any]) -> SentRecord | None:
    meeting, kind, sent = entry.get("meeting"), entry.get("kind"), _instant(entry.get("sent"))
    if not isinstance(meeting, str) or kind not in {k.value for k in SentKind} or sent is None:
        return None
    uid, seq, digest = entry.get("uid"), entry.get("sequence"), entry.get("digest")
    if kind != SentKind.NOTICE:
        if not isinstance(uid, str) or isinstance(seq, bool) or not isinstance(seq, int) \
                or seq < 0:
            return None
    to = entry.get("to")
    return SentRecord(
        meeting, SentKind(kind), sent, uid if isinstance(uid, str) else None,
        seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
        digest if isinstance(digest, str) else None, _day(entry.get("occurrence")),
        tuple(str(a) for a in to if isinstance(a, str)) if isinstance(to, list) else ())


def read_sent(source: PlanDocument | Mapping[str, Any] | None) -> tuple[SentRecord, ...]:
    """Every ``[[sent_mail]]`` entry that makes sense, in file order (oldest first)."""
    if source is None:
        return ()
    doc = source.data if isinstance(source, PlanDocument) else source
    raw = doc.get(SENT_TABLE)
    if not isinstance(raw, list):
        return ()
    out = []
    for entry in raw:
        if isinstance(entry, Mapping):
            record = _record(entry)
            if record is not None:
                out.append(record)
    return tuple(out)


def last_events(records: Iterable[SentRecord], meeting: str) -> dict[str, SentRecord]:
    """The latest request or cancel sent for each UID of ``meeting``."""
    out: dict[str, SentRecord] = {}
    for r in records:
        if r.meeting == meeting and r.kind is not SentKind.NOTICE and r.uid is not None:
            out[r.uid] = r
    return out


def notified(records: Iterable[SentRecord]) -> set[tuple[str, date]]:
    """(meeting id, occurrence date) of every clock-change notice sent."""
    return {(r.meeting, r.occurrence) for r in records
            if r.kind is SentKind.NOTICE and r.occurrence is not None}


def _entry(r: SentRecord) -> dict[str, Any]:
    values: dict[str, Any] = {"meeting": r.meeting, "kind": r.kind.value}
    if r.uid is not None:
        values["uid"] = r.uid
    if r.sequence is not None:
        values["sequence"] = r.sequence
    if r.digest is not None:
        values["digest"] = r.digest
    values["sent"] = r.sent.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if r.occurrence is not None:
        values["occurrence"] = r.occurrence.isoformat()
    values["to"] = list(r.to)
    return values


def remember_sent(pd: PlanDocument, records: Sequence[SentRecord]) -> bool:
    """Add ``records`` to the plan's ``[[sent_mail]]`` entries; save the plan afterwards.
    Returns whether anything was added."""
    for r in records:
        pd.add_entry(SENT_TABLE, _entry(r))
    return bool(records)
