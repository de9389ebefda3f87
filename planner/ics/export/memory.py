"""Identity and memory of exported events: UIDs, and the plan's ``[[exports]]`` table.

``UID`` = uuid5 over a fixed namespace and the plan name, the kind of export
and its key (RFC 5545 3.8.4.7: the same event keeps its UID when exported
again).  ``SEQUENCE`` goes up by one when the content of a UID differs from
what was exported last time (RFC 5546 2.1.5); what was exported is
remembered in the plan as ``[[exports]]`` entries: uid, sequence, digest of
the content, and for people reading the file what and group.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import icalendar

from planner.errors import Problem
from planner.i18n import _
from planner.planfile import PlanDocument
from planner.planfile_resolve import key_line

if TYPE_CHECKING:  # only annotated: building imports this module
    from planner.ics.export.build import Export

__all__ = ["MAX_SEQUENCE", "UID_NAMESPACE", "ExportRecord", "content_digest", "event_uid",
           "read_exports", "remember_exports"]

# RFC 5545 3.8.7.4: SEQUENCE is an INTEGER, at most 2147483647 (3.3.8).
MAX_SEQUENCE = 2**31 - 1

# Fixed forever: changing it would give every exported event a new UID.
UID_NAMESPACE = uuid.UUID("6c0a3f2e-5b7d-5a8e-9c41-0b7e2d9f4a13")
_DIGEST_LEN = 16  # hex digits kept: change detection, not security


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """What the plan remembers of one exported UID."""

    uid: str
    sequence: int
    digest: str
    what: str = ""  # for people reading the plan file
    group: str = ""  # UIDs exported together (a rotation's slots)
    # Where the plan remembers it: (file, line, field), to name it in a problem.
    where: tuple[str | None, int | None, str] | None = field(default=None, compare=False)

    def sequence_problem(self, sequence: int) -> Problem:
        """The problem with a SEQUENCE beyond :data:`MAX_SEQUENCE` that this record would
        make the export write."""
        path, line, name = self.where or (None, None, f'export "{self.uid}".sequence')
        return Problem(
            _("the remembered SEQUENCE {sequence} would make this export write SEQUENCE "
              "{new_sequence}, above {maximum}, the largest RFC 5545 allows").format(
                  sequence=self.sequence, new_sequence=sequence, maximum=MAX_SEQUENCE),
            path=path, line=line, field=name,
            suggestion=_("the number was edited by hand: set it back to the SEQUENCE last sent, "
                         "or delete this [[exports]] entry to start again at 0"))


def event_uid(plan_name: str, kind: str, key: str) -> str:
    """The stable UID of an exported event: uuid5 over the plan name, kind and key."""
    return str(uuid.uuid5(UID_NAMESPACE, "\x1f".join(("overlap", plan_name, kind, key))))


def read_exports(source: PlanDocument | Mapping[str, Any] | None) -> dict[str, ExportRecord]:
    """What a plan remembers of earlier exports, by UID.

    Reads ``[[exports]]`` entries (``uid``, ``sequence``, ``digest``, ``what``,
    ``group``), as :func:`remember_exports` writes them, and also a table keyed
    by UID (``[exports."uid"]``).  Entries that do not make sense (edited by
    hand) are ignored: the worst outcome is a SEQUENCE that starts again.
    """
    if source is None:
        return {}
    doc = source.data if isinstance(source, PlanDocument) else source
    path, text = None, None
    if isinstance(source, PlanDocument):
        path = str(source.path) if source.path else None
        text = source.dumps()
    raw = doc.get("exports")
    entries: list[tuple[Any, Any]] = []
    aot = isinstance(raw, list)
    if isinstance(raw, list):
        entries = [(e.get("uid") if isinstance(e, Mapping) else None, e) for e in raw]
    elif isinstance(raw, Mapping):
        entries = list(raw.items())
    out: dict[str, ExportRecord] = {}
    for i, (uid, entry) in enumerate(entries):
        if not isinstance(uid, str) or not isinstance(entry, Mapping):
            continue
        seq, digest = entry.get("sequence"), entry.get("digest")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0 \
                or not isinstance(digest, str):
            continue
        what, group = entry.get("what", ""), entry.get("group", "")
        line = key_line(text, "exports", i, "sequence") if text is not None and aot else None
        out[str(uid)] = ExportRecord(str(uid), int(seq), str(digest),
                                     str(what) if isinstance(what, str) else "",
                                     str(group) if isinstance(group, str) else "",
                                     (path, line, f'export "{uid}".sequence'))
    return out


def remember_exports(pd: PlanDocument, export: Export) -> bool:
    """Record the export's UIDs in the plan's ``[[exports]]`` entries.

    Goes through :class:`PlanDocument` (``update_entry``/``add_entry``), so
    comments and everything else in the file survive; save the plan afterwards.
    A table keyed by UID (a hand-written form :func:`read_exports` accepts) is
    replaced by entries.  Returns whether anything changed.
    """
    known = read_exports(pd)
    raw = pd.data.get("exports")
    if raw is not None and not isinstance(raw, list):
        pd.set_value("exports", None)
        for record in known.values():
            pd.add_entry("exports", _entry(record))
        raw = pd.data.get("exports")
    index = {}
    for i, e in enumerate(raw or []):
        if isinstance(e, Mapping) and isinstance(e.get("uid"), str):
            index[e["uid"]] = i
    changed = False
    for record in export.records:
        values = _entry(record)
        if record.uid in index:
            current = pd.entry("exports", index[record.uid])
            if any(current.get(k) != v for k, v in values.items()):
                pd.update_entry("exports", index[record.uid], values)
                changed = True
        else:
            pd.add_entry("exports", values)
            index[record.uid] = len(pd.data["exports"]) - 1
            changed = True
    return changed


def _entry(record: ExportRecord) -> dict[str, Any]:
    return {"uid": record.uid, "what": record.what, "group": record.group,
            "sequence": record.sequence, "digest": record.digest}


def content_digest(components: Iterable[icalendar.Component]) -> str:
    """A short digest of the components' content (change detection, not security)."""
    h = hashlib.sha256()
    for c in components:
        h.update(c.to_ical())
    return h.hexdigest()[:_DIGEST_LEN]
