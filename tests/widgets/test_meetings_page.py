"""The Meetings page: the list, the form of a [[meeting]] table, and what it asks for."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from planner.context import PlanContext
from planner.meetings import parse_meetings, portfolio_json
from resources import DEMO_PLAN
from tests.builders import calendar, document, fixed_clock
from widgets.formatting import Formats
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


def test_the_mail_buttons_show_what_the_window_decided_and_ask_for_previews(qtbot, ctx):
    from datetime import UTC, datetime

    from widgets.meetings_page import MailOccurrence, MailState
    from widgets.meetings_page.mail_box import UP_TO_DATE, UPDATE

    page = make_page(qtbot, ctx)
    page.select(0)
    box = page.mail_box
    # Until the window says what the plan recorded, nothing can be asked for.
    assert not box.invite_button.isEnabled() and not box.cancel_button.isEnabled()
    day = date(2027, 3, 8)
    start = datetime(2027, 3, 8, 14, tzinfo=UTC)
    page.set_mail_state("weekly-sync", MailState(
        UP_TO_DATE, False, "Nothing changed since …", True, "cancel it",
        "Invitation sent 1 Mar 2027; nothing changed since.",
        (MailOccurrence(day, start), MailOccurrence(date(2027, 3, 15), start, "cancellation "
                                                                              "sent"))))
    assert box.invite_button.text() == UP_TO_DATE and not box.invite_button.isEnabled()
    assert box.invite_button.toolTip() == "Nothing changed since …"
    assert box.occurrence_box.count() == 2
    assert box.occurrence_box.itemText(0) == "8 Mar 2027 · 14:00"
    assert box.occurrence_box.itemText(1).endswith("(cancellation sent)")
    page.set_mail_state("partner-review", MailState(UPDATE, True))  # not selected: ignored
    assert box.invite_button.text() == UP_TO_DATE
    with qtbot.waitSignal(page.cancel_requested) as asked:
        box.cancel_occurrence_button.click()
    assert asked.args == ["weekly-sync", day]
    with qtbot.waitSignal(page.cancel_requested) as asked:
        box.cancel_button.click()
    assert asked.args == ["weekly-sync", None]
    page.set_mail_state("weekly-sync", MailState(UPDATE, True, "changed since"))
    assert not box.cancel_occurrence_button.isEnabled()  # cancelling is off in this state
    with qtbot.waitSignal(page.invite_requested) as asked:
        box.invite_button.click()
    assert asked.args == ["weekly-sync"]
    page.select(1)                                     # another meeting: nothing offered yet
    assert not box.invite_button.isEnabled() and box.occurrence_box.count() == 0


def test_a_pending_edit_is_asked_for_before_the_invitation(qtbot, ctx):
    from widgets.meetings_page import MailState

    page = make_page(qtbot, ctx)
    page.select(0)
    page.set_mail_state("weekly-sync", MailState(invite_enabled=True))
    page.editor.duration.setValue(45)                 # still waiting for the pause in typing
    asked: list[str] = []
    page.change_requested.connect(lambda row, values: asked.append(f"change {values}"))
    page.invite_requested.connect(lambda meeting: asked.append(f"invite {meeting}"))
    page.mail_box.invite_button.click()
    assert asked == ["change {'duration': 45}", "invite weekly-sync"]


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


def test_the_none_ticked_note_names_the_starts_weekday_once_shown(qtbot, ctx):
    # The day names load when the editor is first shown; a meeting loaded before that
    # must not keep a note with an empty day in it ("None ticked: , the start's day.").
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1200, 900)
    editor = MeetingEditor(parent=window)
    editor.hide()
    window.show()
    qtbot.waitExposed(window)
    editor.set_plan(ctx.plan)
    table = ctx.document.entry("meeting", 0)
    assert not table.get("days")
    editor.load(table)
    editor.show()
    start = date.fromisoformat(str(table["start"]))
    day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[start.weekday()]
    assert editor.days_note.text() == f"None ticked: {day}, the start's day."


def test_the_decisions_name_their_dates_in_the_locales_format(qtbot, ctx):
    # The demo's first meeting skips two ISO dates; the label writes them as the
    # locale does (German: day.month.year), and renews them when the formats change.
    table = ctx.document.entry("meeting", 0)
    skipped = [date.fromisoformat(str(d)) for d in table["skip"]]
    editor = MeetingEditor(Formats("de_DE"))
    qtbot.addWidget(editor)
    editor.set_plan(ctx.plan)
    editor.load(table)
    german = [f"{d.day:02d}.{d.month:02d}.{d.year}" for d in skipped]
    assert editor.decisions_label.text() == f"Skipped {german[0]} und {german[1]}."
    assert "2026-12-24" not in editor.decisions_label.text()
    editor.set_formats(Formats("ja_JP"))
    japanese = [f"{d.year}/{d.month:02d}/{d.day:02d}" for d in skipped]
    assert editor.decisions_label.text() == f"Skipped {japanese[0]}、{japanese[1]}."
