"""Who attends: a checklist of the plan's sites and members, as a meeting names them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from planner.i18n import _
from planner.model import Plan

_KEY = Qt.ItemDataRole.UserRole


class WhoList(QListWidget):
    """Sites (by id: every member of the site) and members (by name), ticked.

    ``value()`` is the list a ``[[meeting]]`` holds: the entries written before
    in their order, then newly ticked ones; None when nothing is ticked.
    Entries the plan no longer knows are kept as they were, so the loader
    names them.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._written: list[str] = []
        self._loading = False
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemChanged.connect(self._on_item_changed)

    def set_plan(self, plan: Plan) -> None:
        """The choices: each site, then each member."""
        choices = [(s.id, s.name, _("Site {id}: {members}").format(id=s.id, members=", ".join(
                    m.name for m in plan.members if m.site == s.id) or _("nobody yet")))
                   for s in plan.sites]
        choices += [(m.name, m.name, m.zone) for m in plan.members]
        if [self.item(i).data(_KEY) for i in range(self.count())] == [k for k, _, _ in choices]:
            return
        self._loading = True
        self.clear()
        for key, text, tip in choices:
            item = QListWidgetItem(text, self)
            item.setData(_KEY, key)
            item.setToolTip(tip)
            if tip.startswith("Site "):
                font = item.font()
                font.setBold(True)  # a site: everyone working there
                item.setFont(font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self._loading = False
        self.set_value(self._written or None)

    def set_value(self, value: list[str] | None) -> None:
        self._written = list(value or ())
        self._loading = True
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(_KEY) in self._written
                               else Qt.CheckState.Unchecked)
        self._loading = False

    def ticked(self) -> list[str]:
        return [self.item(i).data(_KEY) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_ticked(self, key: str, ticked: bool) -> None:
        for i in range(self.count()):
            if self.item(i).data(_KEY) == key:
                self.item(i).setCheckState(Qt.CheckState.Checked if ticked
                                           else Qt.CheckState.Unchecked)

    def value(self) -> list[str] | None:
        ticked = self.ticked()
        known = {self.item(i).data(_KEY) for i in range(self.count())}
        kept = [k for k in self._written if k in ticked or k not in known]
        out = kept + [k for k in ticked if k not in kept]
        return out or None

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not self._loading:
            self.changed.emit()
