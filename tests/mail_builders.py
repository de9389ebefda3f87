"""Invitations of the "mail" fixture plan, built as the mail tests build them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from planner.mail.messages import Invitation, build_cancellation, build_invitation
from planner.mail.sent import SentRecord
from planner.meetings import Portfolio, plan_portfolio
from planner.model import Plan
from tests.builders import calendar, document, plan_text

STAMP = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
LATER = STAMP + timedelta(days=1)
PLAN = document(plan_text("mail")).plan


def planned(plan: Plan = PLAN) -> Portfolio:
    return plan_portfolio(plan.meetings, plan, calendar(plan), today=date(2027, 1, 1))


def invite(meeting: str = "weekly-sync", plan: Plan = PLAN,
           sent: Sequence[SentRecord] = (), **kw: object) -> Invitation:
    return build_invitation(plan, calendar(plan), planned(plan), meeting, stamp=STAMP,
                            sent=sent, **kw)  # type: ignore[arg-type]


def cancel(meeting: str = "weekly-sync", plan: Plan = PLAN, sent: Sequence[SentRecord] = (),
           **kw: object) -> Invitation:
    return build_cancellation(plan, calendar(plan), planned(plan), meeting, stamp=LATER,
                              sent=sent, **kw)  # type: ignore[arg-type]


def with_meeting(plan: Plan, meeting_id: str, **changes: object) -> Plan:
    meetings = tuple(dataclasses.replace(m, **changes) if m.id == meeting_id else m  # type: ignore[arg-type]
                     for m in plan.meetings)
    return dataclasses.replace(plan, meetings=meetings)
