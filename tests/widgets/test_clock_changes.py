"""The clock-change banner and the Clock changes page show planner.clocks' report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.clocks import banner_shifts, banner_text, clock_report, dst_json, notice_message_text
from planner.context import PlanContext
from planner.meetings import plan_portfolio
from resources import DEMO_PLAN
from tests.builders import calendar, document
from widgets.clock_changes import (
    SEND_COMMAND,
    ClockBanner,
    ClockChangesPage,
    ShiftsModel,
    TransitionsModel,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TODAY = date(2027, 3, 1)


@pytest.fixture(scope="module")
def plan_and_portfolio():
    doc = document(DEMO_PLAN.read_text(encoding="utf-8"))
    ctx = PlanContext(doc, calendar(doc.plan))
    return doc.plan, plan_portfolio(doc.plan.meetings, doc.plan, ctx.calendar, today=TODAY)


def test_the_models_pass_the_model_tester(qtmodeltester, plan_and_portfolio):
    plan, portfolio = plan_and_portfolio
    report = clock_report(plan, portfolio, TODAY, date(2027, 12, 31))
    transitions = TransitionsModel()
    transitions.set_transitions(report.transitions)
    qtmodeltester.check(transitions, force_py=True)
    shifts = ShiftsModel()
    shifts.set_shifts(report.shifts)
    qtmodeltester.check(shifts, force_py=True)
    assert shifts.rowCount() == sum(len(s.members) for s in report.shifts) > 4


def test_the_page_lists_the_dst_reports_transitions_and_shifts(qtbot, plan_and_portfolio):
    plan, portfolio = plan_and_portfolio
    page = ClockChangesPage()
    qtbot.addWidget(page)
    page.set_portfolio(portfolio, plan)
    want = dst_json(clock_report(plan, portfolio, TODAY, TODAY + timedelta(days=27)))
    assert [(t.zone, t.members) for t in page.report.transitions] == \
        [(t["zone"], tuple(t["members"])) for t in want["transitions"]]
    model = page.shifts
    got = [(s.meeting, s.date.isoformat(), m.name, m.change_text)
           for s, m in (model.row_at(model.index(r, 0)) for r in range(model.rowCount()))]
    assert got == [(s["meeting"], s["date"], m["name"], m["change"])
                   for s in want["shifts"] for m in s["members"]]
    assert model.data(model.index(4, ShiftsModel.BEFORE)) == "15:00 working"  # Lena, Berlin
    assert model.data(model.index(4, ShiftsModel.AFTER)) == "14:00 working"


def test_preview_shows_the_notice_read_only_and_send_says_which_command(
        qtbot, plan_and_portfolio):
    plan, portfolio = plan_and_portfolio
    page = ClockChangesPage()
    qtbot.addWidget(page)
    page.set_portfolio(portfolio, plan)
    page.shifts_view.selectRow(4)                   # weekly-sync on 18 March
    text = page.preview()
    shift = page.selected_shift()
    subject, body = notice_message_text(shift, portfolio.schedule(shift.meeting).meeting, plan)
    assert text == f"Subject: {subject}\n\n{body}" == page.message.toPlainText()
    assert "2027-03-18" in subject and page.message.isReadOnly()
    assert not page.send_button.isEnabled()
    assert SEND_COMMAND in page.send_button.toolTip() and "--notify --send" in SEND_COMMAND
    page.shifts_view.selectRow(0)                   # another occurrence: no stale message
    assert page.message.toPlainText() == ""


def test_the_banner_says_what_moves_and_stays_dismissed_until_that_changes(
        qtbot, plan_and_portfolio):
    plan, portfolio = plan_and_portfolio
    banner = ClockBanner()
    qtbot.addWidget(banner)
    text = banner_text(banner_shifts(plan, portfolio, TODAY))
    assert text is not None and text.startswith("Clocks change on 14 Mar in New York")
    banner.set_text(text)
    assert not banner.isHidden() and banner.label.text() == text
    with qtbot.waitSignal(banner.details_requested):
        banner.details_button.click()
    banner.close_button.click()
    assert banner.isHidden()
    banner.set_text(text)                           # the same news: stays dismissed
    assert banner.isHidden()
    banner.set_text(text + " ")                     # something else moves
    assert not banner.isHidden()
    banner.set_text(None)
    assert banner.isHidden()
