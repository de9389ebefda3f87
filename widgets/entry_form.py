"""Forms for a ``[[member]]`` or ``[[site]]`` entry, validated inline.

Validation is a dry run of the real edit on a copy of the plan document
(``PlanDocument.update_entry`` / ``add_entry`` resolve the whole plan and
raise ``PlanFileError`` with every problem), so the form can never accept
what loading the file would reject.  Problems appear under their field; the
form emits ``validity_changed`` and never opens a dialog itself.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlanFileError, Problem, describe
from planner.i18n import N_, _
from planner.model import WEEKDAYS
from planner.planfile import PlanDocument
from planner.zones import suggest_zones

from .colours import PROBLEM_STYLE
from .formatting import Formats
from .period_list import PeriodList
from .zone_picker import ZonePicker

Clock = Callable[[], datetime]
W = TypeVar("W", bound=QWidget)

MEMBER_FIELDS = ("name", "site", "zone", "city", "country", "subdivision", "hours", "weekend",
                 "time_off", "night", "email", "required")
SITE_FIELDS = ("id", "name", "zone", "country", "subdivision", "hours", "weekend")
_LABELS = {"name": N_("Name"),
           "site": N_("Site"),
           "zone": N_("Time zone"),
           "city": N_("City"),
           "country": N_("Country"),
           "subdivision": N_("Subdivision"),
           "hours": N_("Working hours"),
           "weekend": N_("Weekend"),
           "time_off": N_("Time off"),
           "night": N_("Night"),
           "email": N_("E-mail"),
           "required": N_("Required"),
           "id": N_("Id")}
_HINTS = {"country": N_("ISO code for public holidays, e.g. DE"),
          "subdivision": N_("e.g. BY, KA, NSW"),
          "hours": N_('"09:00-17:00" or "mon 08:00-16:00; fri 08:00-12:00"'),
          "weekend": N_("e.g. sat, sun"),
          "time_off": N_("2026-12-24, 2026-12-28..2027-01-01"),
          "night": N_("23:00-06:00"),
          "email": N_("for invites"),
          "id": N_("short id, e.g. blr")}


def apply_entry(document: PlanDocument, table: str, index: int | None,
                values: dict[str, Any], periods: list[dict[str, Any]] | None = None) -> None:
    """Make the form's edit: the entry's keys, then its ``[[table.period]]`` tables."""
    if index is None:
        document.add_entry(table, values)
        index = len(document.doc[table]) - 1
    elif values:
        document.update_entry(table, index, values)
    if periods is not None:
        document.set_nested_entries(table, index, "period", periods)


def check_entry(document: PlanDocument, table: str, index: int | None,
                values: dict[str, Any], periods: list[dict[str, Any]] | None = None
                ) -> tuple[Problem, ...]:
    """Problems the edit would cause, found by making it on a copy of the document."""
    trial = PlanDocument(copy.deepcopy(document.doc), document.plan, document.path,
                         document.warnings, document.regions)
    try:
        apply_entry(trial, table, index, values, periods)
    except PlanFileError as e:
        return e.problems
    return ()


def is_period_problem(problem: Problem) -> bool:
    """ 'member "Lena".period[2].dates' names a period's field."""
    return bool(problem.field) and ".period" in (problem.field or "")


def field_of(problem: Problem) -> str | None:
    """ 'member "Lena".zone' -> 'zone'."""
    if not problem.field:
        return None
    return problem.field.rsplit(".", 1)[-1] if "." in problem.field else problem.field


def hours_to_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return ""


def text_to_hours(text: str) -> Any:
    """ "09:00-17:00" stays text; "mon 08:00-16:00; fri 08:00-12:00" becomes a table."""
    text = text.strip()
    if not text:
        return None
    if text[:3].lower() not in WEEKDAYS:
        return text
    out: dict[str, str] = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        day, _, blocks = part.partition(" ")
        out[day.strip().lower()] = blocks.strip()
    return out


class EntryForm(QWidget):
    """Edit one member or site; ``values()`` returns only what changed."""

    validity_changed = Signal(bool)

    def __init__(self, document: PlanDocument, table: str, index: int | None, clock: Clock,
                 formats: Formats | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if table not in ("member", "site"):
            raise ValueError(table)
        self._document = document
        self._table = table
        self._index = index
        self._original: dict[str, Any] = document.entry(table, index) if index is not None \
            else {}
        self._problems: tuple[Problem, ...] = ()
        self._valid = False
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)
        fields = MEMBER_FIELDS if table == "member" else SITE_FIELDS
        for key in fields:
            widget = self._make_input(key, clock, formats)
            self._inputs[key] = widget
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            err = QLabel(self)
            err.setObjectName(f"error_{key}")
            err.setWordWrap(True)
            err.setStyleSheet(PROBLEM_STYLE)
            err.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            err.linkActivated.connect(self._on_error_link_activated)
            err.hide()
            box.addWidget(err)
            self._errors[key] = err
            label = QLabel(_(_LABELS[key]), self)
            label.setBuddy(widget)  # what a screen reader says for the field
            form.addRow(label, box)
        self._periods: PeriodList | None = None
        self._original_periods: list[dict[str, Any]] = []
        if table == "member":
            if index is not None:
                self._original_periods = document.nested_entries(table, index, "period")
            self._periods = PeriodList(copy.deepcopy(self._original_periods), self)
            self._periods.periods_changed.connect(self._schedule)
            form.addRow(_("Periods"), self._periods)
        self._general = QLabel(self)
        self._general.setWordWrap(True)
        self._general.setStyleSheet(PROBLEM_STYLE)
        self._general.hide()
        layout.addWidget(self._general)
        self._load()
        self._timer.timeout.connect(self.validate_now)
        self.validate_now()

    # --- building -------------------------------------------------------------

    def _make_input(self, key: str, clock: Clock, formats: Formats | None) -> QWidget:
        if key == "zone":
            picker = ZonePicker(clock, formats, self)
            picker.textChanged.connect(self._schedule)
            return picker
        if key == "site":
            combo = QComboBox(self)
            combo.addItem(_("(no site)"), None)
            for site in self._document.plan.sites:
                combo.addItem(f"{site.name} ({site.id})", site.id)
            combo.currentIndexChanged.connect(self._on_site_changed)
            return combo
        if key == "required":
            box = QCheckBox(_("blocks a slot when not available"), self)
            box.toggled.connect(self._schedule)
            return box
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        if key in _HINTS:
            edit.setPlaceholderText(_(_HINTS[key]))
        edit.textChanged.connect(self._schedule)
        return edit

    def _input(self, key: str, kind: type[W]) -> W:
        """The input for ``key`` as the widget type ``_make_input`` built for it."""
        widget = self._inputs[key]
        if not isinstance(widget, kind):
            raise TypeError(f"the {key} input is a {type(widget).__name__}, not a {kind.__name__}")
        return widget

    def _load(self) -> None:
        o = self._original
        for key, w in self._inputs.items():
            value = o.get(key)
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value) if value is not None else True)
            elif isinstance(w, QLineEdit):
                w.setText(self._to_text(key, value))
        self._update_placeholders()

    @staticmethod
    def _to_text(key: str, value: Any) -> str:
        if value is None:
            return ""
        if key == "hours":
            return hours_to_text(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    def _update_placeholders(self) -> None:
        """Show what a member inherits from the chosen site in the empty fields."""
        if self._table != "member":
            return
        site_id = self._input("site", QComboBox).currentData()
        site = self._document.plan.site(site_id) if site_id else None
        inherited = {
            "zone": site.zone if site else None,
            "country": site.country if site else None,
            "subdivision": site.subdivision if site else None,
            "hours": site.hours_text if site else None,
        }
        for key, value in inherited.items():
            hint = _(_HINTS[key]) if key in _HINTS else \
                _("city, country, zone or abbreviation") if key == "zone" else ""
            self._input(key, QLineEdit).setPlaceholderText(
                _("from the site: {value}").format(value=value) if value else hint)

    # --- values -----------------------------------------------------------------

    def _current(self, key: str) -> Any:
        w = self._inputs[key]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        assert isinstance(w, QLineEdit)
        text = w.text().strip()
        if not text:
            return None
        if key == "hours":
            return text_to_hours(text)
        if key in ("weekend", "time_off"):
            return [p.strip() for p in text.split(",") if p.strip()]
        return text

    def values(self) -> dict[str, Any]:
        """Changed keys only (None removes a key), so the file keeps its formatting."""
        out: dict[str, Any] = {}
        for key in self._inputs:
            new = self._current(key)
            old = self._original.get(key)
            if key == "required":
                if old is None and new is True:
                    continue
                if new is True:
                    new = None  # the default: drop the key rather than write it out
            if key == "hours" and old is not None and \
                    hours_to_text(old).strip() == hours_to_text(new).strip():
                continue
            if new != old:
                out[key] = new
        if self._index is None:
            out = {k: v for k, v in out.items() if v is not None}
        return out

    def periods(self) -> list[dict[str, Any]] | None:
        """The member's periods as tables, or None when unchanged (or a site)."""
        if self._periods is None:
            return None
        new = []
        for entry in self._periods.entries():
            if "hours" in entry:
                entry["hours"] = text_to_hours(str(entry["hours"]))
            new.append(entry)
        return None if new == self._original_periods else new

    @property
    def period_list(self) -> PeriodList | None:
        return self._periods

    # --- validation -------------------------------------------------------------

    def _schedule(self, *args: Any) -> None:
        self._timer.start()

    def _on_site_changed(self, *args: Any) -> None:
        self._update_placeholders()
        self._schedule()

    def validate_now(self) -> tuple[Problem, ...]:
        self._timer.stop()
        values = self.values()
        periods = self.periods()
        if self._index is not None and not values and periods is None:
            problems: tuple[Problem, ...] = ()
        else:
            problems = check_entry(self._document, self._table, self._index, values, periods)
        self._problems = problems
        by_field: dict[str, list[str]] = {}
        general = []
        period_msgs = []
        for p in problems:
            key = field_of(p)
            if self._periods is not None and is_period_problem(p):
                where = (p.field or "").split(".period", 1)[1]
                period_msgs.append(_("period{where}: {problem}").format(where=where,
                                                                         problem=describe(p)))
            elif key in self._errors:
                by_field.setdefault(key, []).append(describe(p))
            else:
                general.append(str(p))
        zone_text = self._input("zone", ZonePicker).text().strip()
        if "zone" in by_field and zone_text:
            hints = suggest_zones(zone_text)
            if hints:
                by_field["zone"].append(_("Use: {zones}").format(zones=", ".join(
                    f'<a href="zone:{h}">{h}</a>' for h in hints)))
        for key, label in self._errors.items():
            msgs = by_field.get(key)
            label.setText("<br>".join(msgs) if msgs else "")
            label.setVisible(bool(msgs))
        if self._periods is not None:
            self._periods.set_problems(period_msgs)
        self._general.setText("\n".join(general))
        self._general.setVisible(bool(general))
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return problems

    def _on_error_link_activated(self, link: str) -> None:
        if link.startswith("zone:"):
            self._input("zone", ZonePicker).setText(link[5:])
            self.validate_now()

    def is_valid(self) -> bool:
        return self._valid

    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def input(self, key: str) -> QWidget:
        return self._inputs[key]

    def error_text(self, key: str) -> str:
        return self._errors[key].text() if not self._errors[key].isHidden() else ""

    @property
    def table(self) -> str:
        return self._table

    @property
    def entry_index(self) -> int | None:
        return self._index
