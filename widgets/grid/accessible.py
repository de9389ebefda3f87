"""The time grid for screen readers: a table of member rows and 15-minute cells.

Qt knows nothing of a custom-painted widget's contents, so the grid gets its own
:class:`QAccessibleInterface` through :func:`QAccessible.installFactory`:

    Table  "Time grid"                 (the TimeGrid)
      Row  "Priya, Berlin"            one per member
        Cell "Tue 14:00 Berlin — Priya 18:30 shoulder"   one per slot

The words come from :mod:`.spoken` (pure, tested against zoneinfo).  The
keyboard cursor is the table's focused cell: moving it sends Qt's Focus and
Selection events for that cell, so a screen reader reads it out.

PySide6 (6.11) binds neither ``QAccessibleTableInterface`` nor a way to hand Qt
ownership of a plain ``QAccessibleInterface``: an interface Qt caches must be
created by the factory for a ``QObject``, and Qt deletes it with that object.
So each row and cell an assistive tool asks for gets a small :class:`GridPart`
QObject (children of the grid, kept while their row and slot exist), and the
factory makes their interfaces.  Nothing is built while no tool is listening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAccessibleInterface,
    QAccessibleObject,
    QAccessibleTableModelChangeEvent,
)
from PySide6.QtWidgets import QAccessibleWidget

from .geometry import COUNT_ROW
from .spoken import cell_name, column_text, grid_description, row_name

if TYPE_CHECKING:
    from .widget import TimeGrid

ROW = -1  # GridPart.slot of a whole row

# PySide6's stubs type child(), childAt(), focusChild() and parent() as never None, but
# Qt's contract is a null pointer for "no such child" (the overrides say so).
Role = QAccessible.Role
Text = QAccessible.Text


class GridPart(QObject):
    """A row (``slot == ROW``) or a cell of the grid, as a QObject Qt can cache for."""

    def __init__(self, grid: TimeGrid, row: int, slot: int):
        super().__init__(grid)
        self.grid = grid
        self.row = row
        self.slot = slot


class GridParts:
    """The grid's rows and cells that assistive tools have asked for, by (row, slot)."""

    def __init__(self, grid: TimeGrid):
        self._grid = grid
        self._parts: dict[tuple[int, int], GridPart] = {}

    def part(self, row: int, slot: int = ROW) -> GridPart:
        part = self._parts.get((row, slot))
        if part is None:
            part = self._parts[(row, slot)] = GridPart(self._grid, row, slot)
        return part

    def interface(self, row: int, slot: int = ROW) -> QAccessibleInterface | None:
        return QAccessible.queryAccessibleInterface(self.part(row, slot))

    def reset(self, rows: int, slots: int) -> None:
        """The grid shows other data: drop parts that no longer exist, tell the tools."""
        for key in [k for k in self._parts if k[0] >= rows or k[1] >= slots]:
            self._parts.pop(key).deleteLater()
        if QAccessible.isActive():
            event = QAccessibleTableModelChangeEvent(
                self._grid, QAccessibleTableModelChangeEvent.ModelChangeType.ModelReset)
            QAccessible.updateAccessibility(event)

    def cursor_moved(self, *, focus: bool) -> None:
        """The keyboard cursor is on another cell: it is the focused and selected child."""
        if not QAccessible.isActive():
            return
        row, slot = self._grid.cursor_cell()
        data = self._grid.grid_data
        if data is None or not (0 <= row < len(data.rows) and 0 <= slot < data.slots):
            return
        iface = self.interface(row, slot)
        if iface is None:
            return
        if focus:
            QAccessible.updateAccessibility(QAccessibleEvent(iface, QAccessible.Event.Focus))
        QAccessible.updateAccessibility(QAccessibleEvent(iface, QAccessible.Event.Selection))


def _screen_rect(grid: TimeGrid, rect: tuple[int, int, int, int]) -> QRect:
    x, y, w, h = rect
    top_left = grid.viewport().mapToGlobal(QPoint(x, y))
    return QRect(top_left.x(), top_left.y(), w, h)


def _visible(grid: TimeGrid, rect: tuple[int, int, int, int]) -> bool:
    x, y, w, h = rect
    geo = grid.geometry_model
    return x + w > geo.label_width and x < geo.width and y + h > geo.top and y < geo.height


class GridAccessible(QAccessibleWidget):
    """The grid as a table whose children are its member rows."""

    def __init__(self, grid: TimeGrid):
        super().__init__(grid, Role.Table)
        self.grid = grid

    def text(self, t: QAccessible.Text) -> str:
        text = str(super().text(t))
        data = self.grid.grid_data
        if t == Text.Description and data is not None:
            return f"{grid_description(data, self.grid.formats)}. {text}" if text else \
                grid_description(data, self.grid.formats)
        return text

    def childCount(self) -> int:  # noqa: N802
        data = self.grid.grid_data
        return 0 if data is None else len(data.rows)

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self.childCount():
            return None
        return self.grid.accessible_parts.interface(index)

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        part = child.object() if child is not None else None
        if isinstance(part, GridPart) and part.grid is self.grid and part.slot == ROW:
            return part.row
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        local = self.grid.viewport().mapFromGlobal(QPoint(x, y))
        row = self.grid.geometry_model.row_at_y(local.y())
        if row is None or row == COUNT_ROW:
            return None
        return self.child(row)

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        data = self.grid.grid_data
        if data is None or not data.rows or not self.grid.hasFocus():
            return None
        row, slot = self.grid.cursor_cell()
        return self.grid.accessible_parts.interface(row, slot)


class RowAccessible(QAccessibleObject):
    """One member's row: its cells are the slots of the range."""

    def __init__(self, part: GridPart):
        super().__init__(part)
        self.part = part

    def _valid(self) -> bool:
        data = self.part.grid.grid_data
        return data is not None and self.part.row < len(data.rows)

    def isValid(self) -> bool:  # noqa: N802
        return super().isValid() and self._valid()

    def role(self) -> QAccessible.Role:
        return Role.Row

    def text(self, t: QAccessible.Text) -> str:
        data = self.part.grid.grid_data
        if t == Text.Name and data is not None and self._valid():
            return row_name(data, self.part.row)
        return ""

    def state(self) -> QAccessible.State:
        st = QAccessible.State()
        row, _slot = self.part.grid.cursor_cell()
        st.active = row == self.part.row
        geo = self.part.grid.geometry_model
        st.offscreen = not _visible(self.part.grid, geo.span_rect(self.part.row, 0, geo.slots))
        return st

    def rect(self) -> QRect:
        geo = self.part.grid.geometry_model
        return _screen_rect(self.part.grid, geo.span_rect(self.part.row, 0, geo.slots))

    def parent(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return QAccessible.queryAccessibleInterface(self.part.grid)

    def childCount(self) -> int:  # noqa: N802
        data = self.part.grid.grid_data
        return data.slots if data is not None and self._valid() else 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self.childCount():
            return None
        return self.part.grid.accessible_parts.interface(self.part.row, index)

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        part = child.object() if child is not None else None
        if isinstance(part, GridPart) and part.grid is self.part.grid and \
                part.row == self.part.row and part.slot != ROW:
            return part.slot
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        local = self.part.grid.viewport().mapFromGlobal(QPoint(x, y))
        slot = self.part.grid.geometry_model.slot_at_x(local.x())
        return None if slot is None else self.child(slot)


class CellAccessible(QAccessibleObject):
    """One member at one slot."""

    def __init__(self, part: GridPart):
        super().__init__(part)
        self.part = part

    def _valid(self) -> bool:
        data = self.part.grid.grid_data
        return data is not None and self.part.row < len(data.rows) and \
            self.part.slot < data.slots

    def isValid(self) -> bool:  # noqa: N802
        return super().isValid() and self._valid()

    def role(self) -> QAccessible.Role:
        return Role.Cell

    def text(self, t: QAccessible.Text) -> str:
        grid = self.part.grid
        data = grid.grid_data
        if data is None or not self._valid():
            return ""
        if t == Text.Name:
            return cell_name(data, grid.formats, self.part.row, self.part.slot)
        if t == Text.Description:
            return column_text(data, grid.formats, self.part.slot, skip_row=self.part.row)
        return ""

    def state(self) -> QAccessible.State:
        grid = self.part.grid
        st = QAccessible.State()
        st.focusable = st.selectable = True
        here = grid.cursor_cell() == (self.part.row, self.part.slot)
        st.focused = here and grid.hasFocus()
        selection = grid.state.selection
        st.selected = selection is not None and selection[0] <= self.part.slot < selection[1]
        geo = grid.geometry_model
        st.offscreen = not _visible(grid, geo.slot_rect(self.part.row, self.part.slot))
        return st

    def rect(self) -> QRect:
        geo = self.part.grid.geometry_model
        return _screen_rect(self.part.grid, geo.slot_rect(self.part.row, self.part.slot))

    def parent(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return self.part.grid.accessible_parts.interface(self.part.row)

    def childCount(self) -> int:  # noqa: N802
        return 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802
        return -1


def grid_factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt's factory hook: interfaces for the grid and its parts, None for anything else."""
    from .widget import TimeGrid

    if isinstance(obj, GridPart):
        return RowAccessible(obj) if obj.slot == ROW else CellAccessible(obj)
    if isinstance(obj, TimeGrid):
        return GridAccessible(obj)
    return None


class _Installed:
    done = False


def install_factory() -> None:
    """Register :func:`grid_factory` with Qt (once per process; Qt keeps a list)."""
    if not _Installed.done:
        QAccessible.installFactory(grid_factory)
        _Installed.done = True
