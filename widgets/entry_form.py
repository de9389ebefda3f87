"""Forms for a ``[[member]]`` or ``[[site]]`` entry, validated inline.

Validation is a dry run of the real edit on a copy of the plan document
(``PlanDocument.update_entry`` / ``add_entry`` resolve the whole plan and
raise ``PlanFileError`` with every problem), so the form can never accept
what loading the file would reject.  A field's problems appear once the user
has left it (or pressed OK: :meth:`EntryForm.check_for_ok`), in the form's
words (:mod:`widgets.form_words`), in an area of fixed height under the
fields (:mod:`widgets.form_problems`), and the field's label is marked.  The
country is suggested from the zone, with a warning when they disagree
(:mod:`planner.territories`).  The form emits ``validity_changed`` and never
opens a dialog itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QTimer, Signal
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
from planner.territories import country_disagrees, suggested_country, zone_countries
from planner.zones import suggest_zones

from .form_problems import FormMessage, ProblemArea, Severity
from .form_words import as_sentences, form_text
from .formatting import Formats
from .period_list import PeriodList
from .zone_picker import ZonePicker

Clock = Callable[[], datetime]
W = TypeVar("W", bound=QWidget)
PROBLEM_MARK = "✖ "  # before the label of a field with a problem (not colour alone)

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


_PERIOD_FIELD = re.compile(r"\.period\[(\d+)\](?:\.(\w+))?$")
_PERIOD_REF = re.compile(r"\bperiod\[(\d+)\]")
# Column names of the period list, for "Period 2, dates: ..."
_PERIOD_KEY_NAMES = {"dates": N_("dates"), "zone": N_("zone"), "hours": N_("hours"),
                     "note": N_("note"), "country": N_("country"),
                     "subdivision": N_("subdivision")}


def period_problem_text(problem: Problem) -> str:
    """A period's problem in plain words, for the line under the Periods list.

    'site "dxb".period[2].dates' + 'shares ... with period[1] (...)' reads
    "Period 2, dates: shares ... with period 1 (...) — fix": periods counted
    as the list shows them, without the file's brackets.
    """
    text = _PERIOD_REF.sub(lambda m: _("period {number}").format(number=m.group(1)),
                           describe(problem))
    match = _PERIOD_FIELD.search(problem.field or "")
    if match is None:
        return text
    number, key = match.group(1), match.group(2)
    if key is None:
        return _("Period {number}: {problem}").format(number=number, problem=text)
    name = _(_PERIOD_KEY_NAMES[key]) if key in _PERIOD_KEY_NAMES else key
    return _("Period {number}, {field}: {problem}").format(number=number, field=name,
                                                           problem=text)


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
        self._labels: dict[str, QLabel] = {}
        self._shown: dict[str, str] = {}
        # Fields the user has left (their problems show from then on); all after OK.
        self._left: set[str] = set()
        self._show_all = False
        # The country the form filled in from the zone, while the user has not typed one.
        self._suggested_country: str | None = None
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
            label = QLabel(_(_LABELS[key]), self)
            label.setBuddy(widget)  # what a screen reader says for the field
            # Room for the mark a problem adds, so that the fields never move.
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(
                f"{PROBLEM_MARK}{_(_LABELS[key])}") + 4)
            self._labels[key] = label
            form.addRow(label, widget)
        self._periods: PeriodList | None = None
        self._original_periods: list[dict[str, Any]] = []
        # Members and sites both have periods (travel; seasonal hours such as Ramadan's).
        if index is not None:
            self._original_periods = document.nested_entries(table, index, "period")
        self._periods = PeriodList(copy.deepcopy(self._original_periods), self)
        self._periods.periods_changed.connect(self._schedule)
        error = self._periods.error
        # Two lines kept free so the form does not jump; a longer problem (a period's
        # reason and its fix) grows the line rather than being cut off.
        error.setMinimumHeight(error.fontMetrics().lineSpacing() * 2 + 2)
        policy = error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the form keeps its height
        error.setSizePolicy(policy)
        form.addRow(_("Periods"), self._periods)
        self.problem_area = ProblemArea(4, self)
        self.problem_area.link_activated.connect(self._on_error_link_activated)
        layout.addWidget(self.problem_area)
        self._load()
        self._timer.timeout.connect(self.validate_now)
        self.validate_now()

    # --- building -------------------------------------------------------------

    def _make_input(self, key: str, clock: Clock, formats: Formats | None) -> QWidget:
        if key == "zone":
            picker = ZonePicker(clock, formats, self)
            picker.textChanged.connect(self._schedule)
            picker.editingFinished.connect(lambda: self._on_field_left("zone"))
            picker.zone_chosen.connect(lambda _key: self._on_field_left("zone"))
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
        edit.editingFinished.connect(lambda: self._on_field_left(key))
        if key == "country":
            edit.textEdited.connect(self._on_country_edited)
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

    def _site(self) -> Any:
        if self._table != "member":
            return None
        site_id = self._input("site", QComboBox).currentData()
        return self._document.plan.site(site_id) if site_id else None

    def _update_placeholders(self) -> None:
        """Show what a member inherits from the chosen site in the empty fields."""
        if self._table != "member":
            return
        site = self._site()
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
        """The member's or site's periods as tables, or None when unchanged."""
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

    # --- the country from the zone ------------------------------------------------

    def _zone_and_country(self) -> tuple[str | None, str | None]:
        """The zone and country the entry will have (a member's may be its site's)."""
        zone = self._input("zone", ZonePicker).zone() or None
        country = self._input("country", QLineEdit).text().strip().upper() or None
        site = self._site()
        if site is not None:
            zone = zone or site.zone
            if not country and not self._input("subdivision", QLineEdit).text().strip():
                country = site.country
        return zone, country

    def _suggest_country(self) -> None:
        """Fill in the country from the zone while the user has not typed one."""
        field = self._input("country", QLineEdit)
        typed = field.text().strip()
        if typed and typed.upper() != self._suggested_country:
            return
        zone = self._input("zone", ZonePicker).zone()
        site = self._site()
        if not zone or (site is not None and site.country):
            return
        code = suggested_country(zone)
        if code and code != typed.upper():
            field.setText(code)
            self._suggested_country = code
        elif not code and typed:
            field.clear()
            self._suggested_country = None

    def _on_country_edited(self, _text: str) -> None:
        self._suggested_country = None  # the user's own from now on

    # --- validation -------------------------------------------------------------

    def _schedule(self, *args: Any) -> None:
        self._timer.start()

    def _on_site_changed(self, *args: Any) -> None:
        self._update_placeholders()
        self._left.add("site")
        self._schedule()

    def _on_field_left(self, key: str) -> None:
        self._left.add(key)
        if key == "zone":
            self._suggest_country()
        self.validate_now()

    def check_for_ok(self) -> tuple[Problem, ...]:
        """OK was pressed: show every problem; focus the first field that has one."""
        self._show_all = True
        problems = self.validate_now()
        first = next((k for k in self._inputs if k in self._shown), None)
        if first is not None:
            self._inputs[first].setFocus()
        return problems

    def _own_labels(self) -> tuple[str, ...]:
        """How the loader names this entry in a problem's field."""
        key = "name" if self._table == "member" else "id"
        names = {self._original.get(key), self._current(key)}
        n = len(self._document.plan.members if self._table == "member"
                else self._document.plan.sites)
        number = (self._index if self._index is not None else n) + 1
        return (f"{self._table} #{number}.",
                *(f'{self._table} "{name}".' for name in names if name))

    def validate_now(self) -> tuple[Problem, ...]:
        self._timer.stop()
        values = self.values()
        periods = self.periods()
        if self._index is not None and not values and periods is None:
            problems: tuple[Problem, ...] = ()
        else:
            problems = check_entry(self._document, self._table, self._index, values, periods)
        problems = tuple(p for p in problems if p.severity == "error")
        self._problems = problems
        own = self._own_labels()
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        period_msgs = []
        for p in problems:
            key = field_of(p)
            mine = (p.field or "").startswith(own)
            if self._periods is not None and is_period_problem(p):
                period_msgs.append(period_problem_text(p))
            elif mine and key in self._inputs:
                by_field.setdefault(key, []).append(form_text(p, key))
            else:
                entry = (p.field or "").split(".", 1)[0]
                general.append(_("This change also affects {entry}: {problem}").format(
                    entry=entry, problem=as_sentences(p)) if entry and not mine
                    else form_text(p, key or ""))
        focused = next((k for k, w in self._inputs.items() if w.hasFocus()), None)
        shown: dict[str, str] = {}
        messages: list[FormMessage] = []
        for key, texts in by_field.items():
            text = " ".join(texts)
            left = self._show_all or (key in self._left and
                                      (key != focused or key in self._shown))
            if not left:
                continue
            shown[key] = text
            links: tuple[tuple[str, str], ...] = ()
            zone_text = self._input("zone", ZonePicker).zone()
            if key == "zone" and zone_text:
                links = tuple((f"zone:{h}", h) for h in suggest_zones(zone_text)
                              if h != zone_text)
            messages.append(FormMessage(Severity.ERROR, plain_label(_(_LABELS[key])), text,
                                        links))
        if general and (self._show_all or self._left):
            messages.extend(FormMessage(Severity.ERROR, "", g) for g in general)
        self._shown = shown
        messages.extend(self._country_messages())
        # Errors first (they stop OK), each kind in the order of the fields.
        order = {plain_label(_(_LABELS[k])): i for i, k in enumerate(self._inputs)}
        rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
        messages.sort(key=lambda m: (rank[m.severity], order.get(m.field, len(order))))
        for key, label in self._labels.items():
            marked = key in shown
            label.setText((PROBLEM_MARK if marked else "") + _(_LABELS[key]))
            self._inputs[key].setAccessibleDescription(shown.get(key, ""))
        self.problem_area.set_messages(messages)
        if self._periods is not None:
            self._periods.set_problems(period_msgs)
            self._periods.error.setToolTip(self._periods.error.text())
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return problems

    def _country_messages(self) -> list[FormMessage]:
        """The suggested country (a note) and a country the zone is not kept in (a
        warning), once the zone or the country field was left."""
        if "zone" in self._shown or "country" in self._shown:
            return []
        if not (self._show_all or {"zone", "country"} & self._left):
            return []
        zone, country = self._zone_and_country()
        label = plain_label(_(_LABELS["country"]))
        if country and zone and country_disagrees(country, zone):
            # The zone's own country first (tzdata also lists, say, an Australian
            # station under Asia/Tokyo: "kept in AU, JP" read as a mistake).
            where = suggested_country(zone) or ", ".join(sorted(zone_countries(zone)))
            return [FormMessage(Severity.WARNING, label, _(
                "{zone} is not a time zone of {country}; it is kept in {where}. Check the "
                "country (it decides the public holidays) or the zone.").format(
                    zone=zone, country=country, where=where))]
        typed = self._input("country", QLineEdit).text().strip().upper()
        if self._suggested_country and typed == self._suggested_country:
            return [FormMessage(Severity.NOTE, label, _(
                "{country} suggested from the time zone; it decides the public holidays. "
                "Change it if the person lives elsewhere.").format(country=typed))]
        return []

    def _on_error_link_activated(self, link: str) -> None:
        if link.startswith("zone:"):
            self._input("zone", ZonePicker).setText(link[5:])
            self._suggest_country()
            self.validate_now()

    def is_valid(self) -> bool:
        return self._valid

    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def input(self, key: str) -> QWidget:
        return self._inputs[key]

    def error_text(self, key: str) -> str:
        """The problem shown for a field ("" while none is, e.g. before it was left)."""
        return self._shown.get(key, "")

    def messages(self) -> tuple[FormMessage, ...]:
        """What the problem area shows."""
        return self.problem_area.messages()

    @property
    def table(self) -> str:
        return self._table

    @property
    def entry_index(self) -> int | None:
        return self._index


def plain_label(label: str) -> str:
    return label.replace("&", "")

