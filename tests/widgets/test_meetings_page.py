"""The Meetings page: the list, the form of a [[meeting]] table, and what it asks for."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from planner.context import PlanContext
from planner.meetings import parse_meetings, portfolio_json
from resources import DEMO_PLAN
from tests.builders import calendar, document, fixed_clock
from widgets.meetings_page import (
    MeetingEditor,
    MeetingListModel,
    MeetingsPage,
    PortfolioModel,
    PortfolioPage,
    portfolio_bars,
    portfolio_rows,
)
from widgets.meetings_page.portfolio_model import KINDS
from widgets.meetings_page.portfolio_page import HORIZONS
from widgets.meetings_page.tables import changes, check_table, duplicate_table, unique_id


@pytest.fixture
def ctx():
    doc = document(DEMO_PLAN.read_text(encoding="utf-8"))
    return PlanContext(doc, calendar(doc.plan))


def make_page(qtbot, ctx):
    page = MeetingsPage(fixed_clock("2027-03-01T09:00:00+00:00"))
    qtbot.addWidget(page)
    page.set_context(ctx)
    return page


def test_the_list_model_passes_the_model_tester(qtmodeltester, ctx):
    model = MeetingListModel()
    model.set_meetings(ctx.plan.meetings)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3
    assert model.data(model.index(2, 0)).startswith("Americas–Asia delivery sync\n")
    assert "rotates 06:30 New York / 20:30 Kolkata" in model.data(model.index(2, 0))


@pytest.mark.parametrize("row", [0, 1, 2])
def test_showing_a_meeting_and_touching_nothing_changes_nothing(qtbot, ctx, row):
    editor = MeetingEditor()
    qtbot.addWidget(editor)
    editor.set_plan(ctx.plan)
    table = ctx.document.entry("meeting", row)
    editor.load(table)
    assert editor.draft() == table
    assert editor.problems() == ""
    with qtbot.assertNotEmitted(editor.change_requested):
        assert not editor.commit()


def test_an_edit_asks_for_the_changed_keys_only(qtbot, ctx):
    page = make_page(qtbot, ctx)
    page.select(1)                                  # partner-review
    editor = page.editor
    editor.title_edit.setText("Partner review")
    editor.duration.setValue(60)
    with qtbot.waitSignal(page.change_requested) as asked:
        assert editor.commit()
    assert asked.args == [1, {"title": "Partner review", "duration": 60}]


def test_dates_are_written_as_the_table_writes_its_start():
    old = {"start": "2026-11-05", "count": 12}
    new = {"start": date(2026, 11, 5), "until": date(2027, 6, 30)}
    assert changes(old, new, ("start", "count", "until")) == \
        {"count": None, "until": "2027-06-30"}
    old = {"start": date(2026, 11, 5), "count": 12}
    assert changes(old, new, ("start", "count", "until")) == \
        {"count": None, "until": date(2027, 6, 30)}


def test_an_invalid_edit_is_explained_inline_and_not_asked_for(qtbot, ctx):
    page = make_page(qtbot, ctx)
    page.select(2)                                  # delivery-sync: Tuesdays
    editor = page.editor
    editor.start_edit.setDate(QDate(2026, 11, 4))   # a Wednesday
    with qtbot.assertNotEmitted(page.change_requested):
        assert not editor.commit()
    assert "2026-11-04 is a Wednesday, not one of days (tue)" in editor.problems()
    assert "start on 2026-11-10" in editor.problems()
    editor.day_buttons[2].setChecked(True)          # add Wednesday: now it holds
    with qtbot.waitSignal(page.change_requested) as asked:
        assert editor.commit()
    assert asked.args[1] == {"days": ["tue", "wed"], "start": "2026-11-04"}
    assert editor.problems() == ""


def test_attendees_are_written_as_sites_and_members(qtbot, ctx):
    page = make_page(qtbot, ctx)
    page.select(0)                                  # ["ber", "Maya"]
    editor = page.editor
    assert editor.attendees.ticked() == ["ber", "Maya"]
    editor.attendees.set_ticked("ktm", True)
    editor.attendees.set_ticked("Maya", False)
    editor.optional.set_ticked("Tomás", True)
    with qtbot.waitSignal(page.change_requested) as asked:
        assert editor.commit()
    assert asked.args[1] == {"attendees": ["ber", "ktm"], "optional": ["Tomás"]}
    editor.everyone.setChecked(True)
    with qtbot.waitSignal(page.change_requested) as asked:
        assert editor.commit()
    assert asked.args[1] == {"attendees": None}   # the key goes: everyone


def test_add_duplicate_and_delete_ask_the_window(qtbot, ctx):
    page = make_page(qtbot, ctx)
    with qtbot.waitSignal(page.add_requested) as added:
        page.add_button.click()
    table = added.args[0]
    assert table["id"] == "new-meeting" and table["start"] == "2027-03-08"  # next Monday
    check_table(table, ctx.plan)                    # valid as it is
    page.select(0)
    with qtbot.waitSignal(page.add_requested) as copied:
        page.duplicate_button.click()
    assert copied.args[0]["id"] == "weekly-sync-copy"
    assert copied.args[0]["skip"] == ["2026-12-24", "2026-12-31"]
    page.delete_button.click()
    assert page.confirm_bar.isVisibleTo(page)
    assert "Payments weekly check-in" in page.confirm_label.text()
    with qtbot.assertNotEmitted(page.remove_requested):
        page.cancel_delete_button.click()
    assert not page.confirm_bar.isVisibleTo(page)
    page.delete_button.click()
    with qtbot.waitSignal(page.remove_requested) as removed:
        page.confirm_delete_button.click()
    assert removed.args == [0]


def test_ids_stay_unique_and_copies_parse():
    assert unique_id("sync", ["sync", "sync-2"]) == "sync-3"
    doc = document(DEMO_PLAN.read_text(encoding="utf-8"))
    copy = duplicate_table(doc.entry("meeting", 2), [m.id for m in doc.plan.meetings])
    meetings, _ = parse_meetings([copy], doc.plan)
    assert meetings[0].id == "delivery-sync-copy"
    assert meetings[0].title == "Americas–Asia delivery sync (copy)"


def test_a_plan_without_members_shows_what_to_do(qtbot):
    doc = document('version = 1\nname = "Empty"\nreference_zone = "UTC"\n')
    page = make_page(qtbot, PlanContext(doc, calendar(doc.plan)))
    assert page.stack.currentWidget() is page.empty_state
    assert not page.add_button.isEnabled()


# --- the portfolio ---------------------------------------------------------------------

TODAY = date(2027, 3, 1)


@pytest.fixture
def portfolio(ctx):
    from planner.meetings import plan_portfolio

    return plan_portfolio(ctx.plan.meetings, ctx.plan, ctx.calendar, today=TODAY)


def test_the_portfolio_model_passes_the_model_tester(qtmodeltester, portfolio):
    model = PortfolioModel()
    model.set_rows(portfolio_rows(portfolio, TODAY, date(2027, 5, 31)))
    qtmodeltester.check(model, force_py=True)
    model.set_only_problems(True)
    qtmodeltester.check(model, force_py=True)
    assert all(r.problems for r in model.rows)


@pytest.mark.parametrize("first, last", [(TODAY, date(2027, 5, 31)), (None, None)])
def test_the_portfolio_rows_are_the_json_documents_occurrences(portfolio, first, last):
    doc = portfolio_json(portfolio, first=first, last=last)
    # by date, start, then plan order
    want = sorted(((o["date"], o["start"], i, o["index"]),
                   (o["date"], m["id"], o["status"], o["slot"], o["moved_from"]))
                  for i, m in enumerate(doc["meetings"]) for o in m["occurrences"])
    model = PortfolioModel()
    model.set_rows(portfolio_rows(portfolio, first, last))
    got = [(r.occurrence.date.isoformat(), r.meeting, r.occurrence.status.value,
            r.occurrence.slot,
            r.occurrence.moved_from.isoformat() if r.occurrence.moved_from else None)
           for r in model.rows]
    assert got == [row for _, row in want] and len(got) > 20
    # each problem of the document is in its row's column, naming its members
    problems = {(m["id"], p["date"], p["kind"]): p["members"]
                for m in doc["meetings"] for p in m["problems"]}
    shown = {}
    for r, row in enumerate(model.rows):
        for c, kind in enumerate(KINDS, start=len(PortfolioModel.FIXED)):
            text = model.data(model.index(r, c))
            if text:
                shown[(row.meeting, row.occurrence.date.isoformat(), kind.value)] = \
                    text.split(", ")
    assert {k: sorted(v) for k, v in shown.items()} == \
        {k: sorted(v) for k, v in problems.items()}
    assert {k[2] for k in problems} >= {"drift", "outside_hours"}


def test_the_burden_bars_are_the_ledger_across_meetings(qtbot, ctx, portfolio):
    last = date(2027, 5, 31)
    bars = portfolio_bars(portfolio, ctx.plan, TODAY, last)
    ledger = portfolio_json(portfolio, first=TODAY, last=last)["ledger"]
    assert [(b.name, round(b.total, 2), b.night, b.early_late) for b in bars] == \
        [(r["name"], r["total_cost"], r["night"], r["early_late"]) for r in ledger]
    for bar in bars:                             # the stack draws what the total counts
        assert sum(c for _, c in bar.parts) == pytest.approx(bar.total)
    maya = next(b for b in bars if b.name == "Maya")
    assert "Americas–Asia delivery sync: " in maya.tip and "Payments weekly" in maya.tip


def test_the_portfolio_page_shows_the_next_three_months(qtbot, ctx, portfolio):
    page = PortfolioPage()
    qtbot.addWidget(page)
    page.set_portfolio(portfolio, ctx.plan)
    assert page.range() == (TODAY, date(2027, 5, 31))
    assert "3 meetings" in page.summary.text() and "clock drifts" in page.summary.text()
    rows = page.model.rowCount()
    page.horizon.setCurrentIndex(len(HORIZONS) - 1)          # every occurrence
    assert page.range() == (None, None) and page.model.rowCount() > rows
    page.set_portfolio(None, ctx.plan)
    assert page.model.rowCount() == 0 and "no saved meetings" in page.summary.text()
