"""What a publish run did: per-object actions and outcomes, the run's report, and the error.

Every failure to reach or use the calendar server, and every publish run that
stops, is a :class:`CalDavError`; when the run got as far as the server's
objects it carries a :class:`PublishReport` naming what was written and what
was not (CalDAV has no transactions, RFC 4791), so the caller can record what
was written and the next run finishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.errors import InputError, Problem
from planner.i18n import N_

__all__ = [
    "CalDavError",
    "ObjectResult",
    "PublishAction",
    "PublishOutcome",
    "PublishReport",
]


class PublishAction(StrEnum):
    """What happens to one calendar object in a run; the value is the word in JSON."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    KEEP = "keep"  # unchanged since our last publish
    ADOPT = "adopt"  # the server already holds exactly our content
    FORGET = "forget"  # to delete, but already gone from the server

    @property
    def writes(self) -> bool:
        """Doing it changes the server."""
        return self in (PublishAction.CREATE, PublishAction.UPDATE, PublishAction.DELETE)

    @property
    def removes(self) -> bool:
        """The object is no longer part of the plan."""
        return self in (PublishAction.DELETE, PublishAction.FORGET)


class PublishOutcome(StrEnum):
    """How one calendar object ended in a run; the value is the word in JSON."""

    DONE = "done"
    PLANNED = "planned"  # a dry run
    CONFLICT = "conflict"
    FAILED = "failed"
    NOT_ATTEMPTED = "not attempted"


# English words, also the "result" in JSON; the command line shows them as _(verb).
_PAST = {PublishAction.CREATE: N_("created"), PublishAction.UPDATE: N_("updated"),
         PublishAction.DELETE: N_("deleted"), PublishAction.KEEP: N_("unchanged"),
         PublishAction.ADOPT: N_("already there"), PublishAction.FORGET: N_("already gone")}
_FUTURE = {PublishAction.CREATE: N_("would create"), PublishAction.UPDATE: N_("would update"),
           PublishAction.DELETE: N_("would delete"), PublishAction.KEEP: N_("unchanged"),
           PublishAction.ADOPT: N_("already there"), PublishAction.FORGET: N_("already gone")}

_OUTCOME_WORDS = {PublishOutcome.DONE: N_("done"), PublishOutcome.PLANNED: N_("planned"),
                  PublishOutcome.CONFLICT: N_("conflict"), PublishOutcome.FAILED: N_("failed"),
                  PublishOutcome.NOT_ATTEMPTED: N_("not attempted")}


@dataclass(frozen=True, slots=True)
class ObjectResult:
    """One calendar object in a publish run: what was (or would be) done, and how it ended."""

    uid: str
    what: str
    action: PublishAction
    outcome: PublishOutcome
    href: str
    sequence: int | None = None  # None for a deletion
    etag: str | None = None  # the server's ETag after the run, when known
    digest: str | None = None  # the content digest now on the server (None: deleted)
    reason: str = ""  # why a conflict or failure happened; what a conflict is about

    def __post_init__(self) -> None:
        # Accept the words too ("create", "done"); the value is always the enum.
        object.__setattr__(self, "action", PublishAction(self.action))
        object.__setattr__(self, "outcome", PublishOutcome(self.outcome))

    @property
    def written(self) -> bool:
        """The server was changed for this object in this run."""
        return self.outcome == PublishOutcome.DONE and self.action.writes

    @property
    def verb(self) -> str:
        """How the object ended, in English words ("created", "would update", "conflict"):
        the JSON word; show it translated with ``_(verb)``."""
        if self.outcome == PublishOutcome.DONE:
            return _PAST[self.action]
        if self.outcome == PublishOutcome.PLANNED:
            return _FUTURE[self.action]
        return _OUTCOME_WORDS[self.outcome]


@dataclass(frozen=True, slots=True)
class PublishReport:
    calendar: str  # the calendar collection URL used
    dry_run: bool
    results: tuple[ObjectResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def written(self) -> tuple[ObjectResult, ...]:
        return tuple(r for r in self.results if r.written)

    @property
    def not_written(self) -> tuple[ObjectResult, ...]:
        """Objects the run should have changed on the server and did not."""
        return tuple(r for r in self.results if r.outcome != PublishOutcome.DONE
                     and (r.action.writes or r.outcome == PublishOutcome.CONFLICT))

    @property
    def conflicts(self) -> tuple[ObjectResult, ...]:
        return tuple(r for r in self.results if r.outcome == PublishOutcome.CONFLICT)

    @property
    def complete(self) -> bool:
        """Everything is (or, in a dry run, would be) as the plan says."""
        return all(r.outcome in (PublishOutcome.DONE, PublishOutcome.PLANNED)
                   for r in self.results)

    @property
    def changes_memory(self) -> bool:
        """The plan has something new to remember (addresses, ETags)."""
        return any(r.outcome == PublishOutcome.DONE and r.action != PublishAction.KEEP
                   for r in self.results)


class CalDavError(InputError):
    """The calendar server could not be used, or publishing stopped.

    ``report`` tells, when a run got as far as the server's objects, what was
    written and what was not; ``plan_changed`` is set by
    :func:`planner.caldav.publish.publish_plan` when it recorded the objects
    that were written before the run stopped.
    """

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...] | str, *,
                 report: PublishReport | None = None):
        super().__init__(problems)
        self.report = report
        self.plan_changed = False

