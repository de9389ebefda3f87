"""The form of one saved meeting: every key of its ``[[meeting]]`` table.

Each change is checked as the loader checks the file (the problems show
under the form, in plain words); a valid change is handed to the window as
the keys that changed, after a short pause in typing.  The skips, moves and
locks belong to the check-in planner: shown here, decided there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.errors import InputError, problems_text
from planner.i18n import N_, _
from planner.meetings import MAX_OCCURRENCES, Meeting, MeetingCadence, OnConflict
from planner.model import WEEKDAYS, Plan

from ..colours import PROBLEM_STYLE
from ..formatting import Formats
from .tables import FORM_KEYS, Table, applied, changes, check_table
from .who_list import WhoList

DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))
CADENCE_LABELS = {MeetingCadence.DAY: N_("Every day"),
                  MeetingCadence.WEEKDAYS: N_("Every weekday"),
                  MeetingCadence.WEEK: N_("Every week"),
                  MeetingCadence.TWO_WEEKS: N_("Every two weeks"),
                  MeetingCadence.MONTH: N_("Every month")}
CONFLICT_LABELS = {OnConflict.KEEP: N_("keep the occurrence"),
                   OnConflict.SKIP: N_("skip the occurrence"),
                   OnConflict.MOVE: N_("move it to the nearest day all required work")}
SLOT_HINT = (N_("One slot holds every occurrence at that time; two or more, separated by “;”, "
             "rotate fairly among them."))


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


# Shown only for a table whose date cannot be read (the loader refuses such a plan).
_NO_DATE = date(2000, 1, 3)


def _as_date(value: Any, fallback: date = _NO_DATE) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return fallback


class MeetingEditor(QWidget):
    """Edit one ``[[meeting]]``; ``change_requested`` carries the changed keys."""

    change_requested = Signal(object)  # dict: key -> new value (None removes the key)
    planner_requested = Signal()       # show the meeting in the check-in planner

    def __init__(self, formats: Formats | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        formats = formats or Formats()
        self._plan: Plan | None = None
        self._table: Table = {}
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self.id_label = QLabel(self)
        self.id_label.setEnabled(False)
        self.id_label.setToolTip(_("The meeting's id: exported events and invitations keep "
                                 "their identity through it, so it does not change"))
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_edit = QLineEdit(self)
        self.everyone = QCheckBox(_("Everyone in the plan"), self)
        self.attendees = WhoList(self)
        self.attendees.setAccessibleName(_("Attendees"))
        self.optional = WhoList(self)
        self.optional.setAccessibleName(_("Optional attendees"))
        self.optional.setToolTip(_("Invited, but never block a slot and are not counted in "
                                 "fairness"))
        self.every = QComboBox(self)
        for cadence, text in CADENCE_LABELS.items():
            self.every.addItem(_(text), cadence.value)
        self.day_buttons: list[QToolButton] = []
        for day in range(7):
            b = QToolButton(self)
            b.setAccessibleName(_(DAY_NAMES[day]))  # the button shows "Mon": say "Monday"
            b.setCheckable(True)
            b.setToolTip(_("Several days a week; none ticked: the start's weekday"))
            self.day_buttons.append(b)
        self.set_formats(formats)
        self.days_note = QLabel(self)
        self.days_note.setEnabled(False)
        self.start_edit = QDateEdit(self)
        self.start_edit.setAccessibleName(_("From"))
        self.start_edit.setCalendarPopup(True)
        self.by_count = QRadioButton(_("after"), self)
        self.by_until = QRadioButton(_("on"), self)
        self._span = QButtonGroup(self)
        self._span.addButton(self.by_count)
        self._span.addButton(self.by_until)
        self.count = QSpinBox(self)
        self.count.setAccessibleName(_("Ends after"))
        self.count.setRange(1, MAX_OCCURRENCES)
        self.count.setSuffix(_(" times"))
        self.until_edit = QDateEdit(self)
        self.until_edit.setAccessibleName(_("Ends on"))
        self.until_edit.setCalendarPopup(True)
        self.duration = QSpinBox(self)
        self.duration.setRange(1, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(_(" min"))
        self.slots_edit = QLineEdit(self)
        self.slots_edit.setPlaceholderText(_("09:00 America/New_York; 15:00 Europe/Berlin"))
        self.slots_edit.setToolTip(_(SLOT_HINT))
        self.on_conflict = QComboBox(self)
        for policy, text in CONFLICT_LABELS.items():
            self.on_conflict.addItem(_(text), policy.value)
        self.decisions_label = QLabel(self)
        self.decisions_label.setWordWrap(True)
        self.planner_button = QPushButton(_("Skip, move or lock in the planner…"), self)
        self.planner_button.setToolTip(_("Show this meeting in the check-in planner: its "
                                       "skips, moves and locks are saved with it"))
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self._lay_out()
        self._connect_signals()

    def _lay_out(self) -> None:
        # One input or a short row per line, so that the form fits a narrow page.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Title"), self.title_edit)
        form.addRow("", self.id_label)
        who = QGridLayout()
        who.addWidget(self.everyone, 0, 0)
        optional = QLabel(_("Optional:"), self)
        optional.setToolTip(self.optional.toolTip())
        who.addWidget(optional, 0, 1)
        who.addWidget(self.attendees, 1, 0)
        who.addWidget(self.optional, 1, 1)
        for lst in (self.attendees, self.optional):
            lst.setMinimumSize(120, 90)
            lst.setMaximumHeight(200)
        form.addRow(_("Attendees"), who)
        form.addRow(_("Repeats"), self.every)
        days = QHBoxLayout()
        days.setSpacing(2)
        for b in self.day_buttons:
            days.addWidget(b)
        days.addStretch(1)
        on = QVBoxLayout()
        on.addLayout(days)
        on.addWidget(self.days_note)
        form.addRow(_("On"), on)
        form.addRow(_("From"), self.start_edit)
        ends = QGridLayout()
        ends.addWidget(self.by_count, 0, 0)
        ends.addWidget(self.count, 0, 1)
        ends.addWidget(self.by_until, 1, 0)
        ends.addWidget(self.until_edit, 1, 1)
        ends.setColumnStretch(2, 1)
        form.addRow(_("Ends"), ends)
        form.addRow(_("Lasting"), self.duration)
        form.addRow(_("At"), self.slots_edit)
        hint = QLabel(_(SLOT_HINT), self)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow("", hint)
        form.addRow(_("On a day off"), self.on_conflict)
        decisions = QVBoxLayout()
        decisions.addWidget(self.decisions_label)
        decisions.addWidget(self.planner_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(_("Decisions"), decisions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.title_edit.textEdited.connect(self._on_input_changed)
        self.slots_edit.textEdited.connect(self._on_input_changed)
        for w in (self.title_edit, self.slots_edit):
            w.editingFinished.connect(self.commit)
        self.everyone.toggled.connect(self._on_everyone_toggled)
        self.attendees.changed.connect(self._on_input_changed)
        self.optional.changed.connect(self._on_input_changed)
        self.every.currentIndexChanged.connect(self._on_input_changed)
        for b in self.day_buttons:
            b.toggled.connect(self._on_input_changed)
        for d in (self.start_edit, self.until_edit):
            d.dateChanged.connect(self._on_input_changed)
        for s in (self.count, self.duration):
            s.valueChanged.connect(self._on_input_changed)
        self._span.buttonToggled.connect(self._on_input_changed)
        self.on_conflict.currentIndexChanged.connect(self._on_input_changed)
        self._timer.timeout.connect(self.commit)
        self.planner_button.clicked.connect(self.planner_requested)

    # --- inputs -------------------------------------------------------------

    def set_plan(self, plan: Plan) -> None:
        """The plan the meeting belongs to: its sites and members to choose from."""
        self._plan = plan
        self._loading = True
        self.attendees.set_plan(plan)
        self.optional.set_plan(plan)
        self._loading = False

    def set_formats(self, formats: Formats) -> None:
        """Day names in the user's language (once the editor is shown: babel and its
        locale data load after the window's first paint)."""
        self._formats = formats
        self._day_formats: Formats | None = formats
        if self.isVisible():
            self._apply_day_names()  # which renews the note: it names a day too
        if self._table:
            self.decisions_label.setText(_decisions_text(self._table, formats))

    def _apply_day_names(self) -> None:
        formats, self._day_formats = self._day_formats, None
        if formats is None:
            return
        days = formats.babel_locale.days["format"]["abbreviated"]
        wide = formats.babel_locale.days["format"]["wide"]
        for edit in (self.start_edit, self.until_edit):
            edit.setDisplayFormat(formats.qt_date_format)
        for i, b in enumerate(self.day_buttons):
            b.setText(str(days[i]))
            b.setAccessibleName(str(wide[i]))
        if self._table:
            self._update_enabled()  # the note names the start's day: it was empty until now

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self._apply_day_names()
        super().showEvent(event)

    @property
    def table(self) -> Table:
        """The table as the document holds it (with the changes asked for so far)."""
        return dict(self._table)

    def load(self, table: Table) -> None:
        """Show a meeting's table (what the document holds)."""
        self._timer.stop()
        self._table = dict(table)
        self._loading = True
        t = table
        self.id_label.setText(_("id: {id}").format(id=t.get("id", "")))
        self.title_edit.setText(str(t.get("title") or ""))
        attendees = t.get("attendees")
        self.everyone.setChecked(attendees is None)
        self.attendees.set_value(attendees)
        self.attendees.setEnabled(attendees is not None)
        self.optional.set_value(t.get("optional"))
        i = self.every.findData(str(t.get("every", "week")))
        self.every.setCurrentIndex(max(i, 0))
        days = {str(d).strip().lower()[:3] for d in t.get("days") or ()}
        for name, b in zip(WEEKDAYS, self.day_buttons, strict=True):
            b.setChecked(name in days)
        start = _as_date(t.get("start"))
        self.start_edit.setDate(_qdate(start))
        until = t.get("until")
        self.by_until.setChecked(until is not None)
        self.by_count.setChecked(until is None)
        self.count.setValue(int(t.get("count") or 12))
        self.until_edit.setDate(_qdate(_as_date(until, start)))
        self.duration.setValue(int(t.get("duration") or 30))
        slots = t.get("slots") or [t.get("slot") or ""]
        self.slots_edit.setText("; ".join(str(s) for s in slots))
        i = self.on_conflict.findData(str(t.get("on_conflict", "keep")))
        self.on_conflict.setCurrentIndex(max(i, 0))
        self._loading = False
        self._update_enabled()
        self.decisions_label.setText(_decisions_text(t, self._formats))
        self.validate()

    def draft(self) -> Table:
        """The table the form shows: the document's, with the form's keys from the inputs."""
        every = MeetingCadence(str(self.every.currentData()))
        days = [WEEKDAYS[i] for i, b in enumerate(self.day_buttons) if b.isChecked()]
        slots = [s.strip() for s in self.slots_edit.text().split(";") if s.strip()]
        policy = str(self.on_conflict.currentData())
        values: dict[str, Any] = {
            "title": self.title_edit.text().strip() or None,
            "attendees": None if self.everyone.isChecked() else (self.attendees.value() or []),
            "optional": self.optional.value(),
            "every": every.value,
            "days": days if days and every.takes_days else None,
            "start": _pydate(self.start_edit.date()),
            "count": self.count.value() if self.by_count.isChecked() else None,
            "until": _pydate(self.until_edit.date()) if self.by_until.isChecked() else None,
            "duration": self.duration.value(),
            "slot": slots[0] if len(slots) == 1 else None,
            "slots": slots if len(slots) > 1 else None,
            # "keep" is the default: a table without the key keeps it that way.
            "on_conflict": None if policy == "keep" and "on_conflict" not in self._table
            else policy,
        }
        return applied(self._table, changes(self._table, values, FORM_KEYS))

    # --- checking and committing ----------------------------------------------

    def validate(self) -> Meeting | None:
        """The meeting the form describes, or None with the problems shown under it."""
        if self._plan is None or not self._table:
            return None
        try:
            meeting = check_table(self.draft(), self._plan)
        except InputError as e:
            self.problem_label.setText("⚠ " + problems_text(e.problems))
            self.problem_label.show()
            return None
        self.problem_label.hide()
        return meeting

    def commit(self) -> bool:
        """Ask for the changes made in the form, when they are valid; True if asked."""
        self._timer.stop()
        if not self._table or self.validate() is None:
            return False
        values = changes(self._table, self.draft(), FORM_KEYS)
        if not values:
            return False
        self._table = applied(self._table, values)
        self.change_requested.emit(values)
        return True

    def problems(self) -> str:
        return "" if self.problem_label.isHidden() else self.problem_label.text()

    # --- slots --------------------------------------------------------------

    def _update_enabled(self) -> None:
        takes_days = MeetingCadence(str(self.every.currentData())).takes_days
        for b in self.day_buttons:
            b.setEnabled(takes_days)
        implied = takes_days and not any(b.isChecked() for b in self.day_buttons)
        start = self.day_buttons[self.start_edit.date().dayOfWeek() - 1].text()
        self.days_note.setText(_("None ticked: {day}, the start's day.").format(day=start)
                               if implied else "")
        self.days_note.setVisible(implied)
        self.count.setEnabled(self.by_count.isChecked())
        self.until_edit.setEnabled(self.by_until.isChecked())
        self.attendees.setEnabled(not self.everyone.isChecked())

    def _on_everyone_toggled(self, everyone: bool) -> None:
        if not everyone and not self._loading and not self.attendees.ticked():
            # Start from everyone ticked, then untick who does not come.
            for key in (m.name for m in self._plan.members) if self._plan else ():
                self.attendees.set_ticked(key, True)
        self._on_input_changed()

    def _on_input_changed(self, *_: object) -> None:
        if self._loading:
            return
        self._update_enabled()
        self.validate()
        self._timer.start()


def _decisions_text(t: Table, formats: Formats) -> str:
    """ "Skipped 24 Dec 2026 and 31 Dec 2026." with the dates and the list in the
    locale's words (the table holds them as ISO dates)."""
    from babel.lists import format_list

    def day(value: object) -> str:
        try:
            d = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return formats.short_date(d)

    def listed(items: list[str]) -> str:
        return format_list(items, locale=formats.babel_locale)

    skip = [day(d) for d in t.get("skip") or ()]
    move = [f"{day(k)} → {day(v)}" for k, v in (t.get("move") or {}).items()]
    lock = [f"{day(k)}: {v}" for k, v in (t.get("lock") or {}).items()]
    parts = [_("skipped {dates}").format(dates=listed(skip)) if skip else "",
             _("moved {dates}").format(dates=listed(move)) if move else "",
             _("locked {dates}").format(dates=listed(lock)) if lock else ""]
    text = "; ".join(p for p in parts if p)
    return (text[0].upper() + text[1:] + ".") if text else _("None yet.")
