"""The window's actions and menus, declared as data (as Picard's ``MainAction`` table).

Each action is one :class:`ActionSpec` row: id, text, shortcut, status tip,
whether it is checkable and what it needs to be enabled.  The menus and the
toolbar are lists of ids; :class:`~app.main_window.MainWindow` creates the
actions from the table, adds the few its widgets own (``PROVIDED``), builds
the menus from the lists and connects each id to its slot.  The keyboard help
is generated from the same table and from the grid's own ``GRID_KEYS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar

from planner.i18n import N_, _
from widgets.grid import GRID_KEYS

from . import messages

StandardKey = QKeySequence.StandardKey


class ActionId(StrEnum):
    NEW = "new"
    OPEN = "open"
    OPEN_DEMO = "open_demo"
    SAVE = "save"
    SAVE_AS = "save_as"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    ADD_MEMBER = "add_member"
    ADD_SITE = "add_site"
    ADD_MEETING = "add_meeting"
    EDIT_ITEM = "edit_item"
    REMOVE_ITEM = "remove_item"
    SETTINGS = "settings"
    VIEW_GRID = "view_grid"
    VIEW_PLANNER = "view_planner"
    VIEW_HOLIDAYS = "view_holidays"
    VIEW_MEETINGS = "view_meetings"
    VIEW_PORTFOLIO = "view_portfolio"
    VIEW_CLOCKS = "view_clocks"
    TODAY = "today"
    PREVIOUS = "previous"
    NEXT = "next"
    WEEK = "week"
    NEXT_WINDOW = "next_window"
    PREVIOUS_WINDOW = "previous_window"
    TEAM_PANEL = "team_panel"
    PUBLISH_SERIES = "publish_series"
    PUBLISH_ROTATION = "publish_rotation"
    FETCH_BUSY = "fetch_busy"
    FORGET_BUSY = "forget_busy"
    MAIL_PASSWORD = "mail_password"
    SHORTCUTS = "shortcuts"
    ABOUT = "about"


class Needs(Enum):
    """When the window enables an action (NOTHING: always, or its owner decides)."""

    NOTHING = "nothing"
    PLAN = "plan"  # an open plan
    ITEM = "item"  # a member or site selected in the team panel


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: ActionId
    text: str
    shortcut: StandardKey | str | None = None
    tip: str = ""
    # When the platform has no standard key for ``shortcut`` (Preferences on Linux).
    fallback: str | None = None
    # Of a standard key's several bindings, the one the menu shows when the platform
    # has it (Redo: Ctrl+Shift+Z, which pairs with Ctrl+Z, rather than Ctrl+Y).
    primary: str | None = None
    checkable: bool = False
    needs: Needs = Needs.NOTHING
    # Only while the focus is in the widget the action is added to (Delete in the team).
    local: bool = False


A = ActionId
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(A.NEW, N_("&New plan"), StandardKey.New, N_("Start an empty plan")),
    ActionSpec(A.OPEN, N_("&Open…"), StandardKey.Open, N_("Open a plan file")),
    ActionSpec(A.OPEN_DEMO, N_("Open the &demo plan"), None, N_("The bundled example team")),
    ActionSpec(A.SAVE, N_("&Save"), StandardKey.Save, N_("Save the plan"), needs=Needs.PLAN),
    ActionSpec(A.SAVE_AS, N_("Save &as…"), StandardKey.SaveAs, N_("Save under a new name"),
               needs=Needs.PLAN),
    ActionSpec(A.QUIT, N_("&Quit"), StandardKey.Quit),
    # The texts name the edit ("Undo Remove Priya"): app.undo.follow_stack.
    ActionSpec(A.UNDO, N_("&Undo"), StandardKey.Undo, N_("Undo the last change to the plan")),
    ActionSpec(A.REDO, N_("&Redo"), StandardKey.Redo, N_("Make the change undone last again"),
               primary="Ctrl+Shift+Z"),
    ActionSpec(A.ADD_MEMBER, N_("Add &member…"), "Ctrl+M", needs=Needs.PLAN),
    ActionSpec(A.ADD_SITE, N_("Add s&ite…"), needs=Needs.PLAN),
    ActionSpec(A.ADD_MEETING, N_("Add mee&ting"), None,
               N_("Save a new recurring meeting in the plan"), needs=Needs.PLAN),
    ActionSpec(A.EDIT_ITEM, N_("&Edit selected…"), "F2", needs=Needs.ITEM),
    ActionSpec(A.REMOVE_ITEM, N_("Remo&ve selected"), StandardKey.Delete, needs=Needs.ITEM,
               local=True),
    ActionSpec(A.SETTINGS, N_("&Settings…"), StandardKey.Preferences, fallback="Ctrl+,"),
    ActionSpec(A.VIEW_GRID, N_("&Grid"), "Ctrl+1"),
    ActionSpec(A.VIEW_PLANNER, N_("&Check-in planner"), "Ctrl+2"),
    ActionSpec(A.VIEW_HOLIDAYS, N_("&Holidays && deadlines"), "Ctrl+3"),
    ActionSpec(A.VIEW_MEETINGS, N_("&Meetings"), "Ctrl+4", N_("The meetings saved in the plan")),
    ActionSpec(A.VIEW_PORTFOLIO, N_("P&ortfolio"), "Ctrl+5",
               N_("Every meeting over the coming months, and the burden per member")),
    ActionSpec(A.VIEW_CLOCKS, N_("C&lock changes"), "Ctrl+6",
               N_("Clock changes ahead and the meetings they move for someone")),
    ActionSpec(A.TODAY, N_("&Today"), "Ctrl+T", N_("Show today in the grid")),
    ActionSpec(A.PREVIOUS, N_("&Previous day/week"), "Ctrl+PgUp"),
    ActionSpec(A.NEXT, N_("&Next day/week"), "Ctrl+PgDown"),
    ActionSpec(A.NEXT_WINDOW, N_("Ne&xt overlap window"), "Ctrl+J",
               N_("Select the next time everyone required is in")),
    ActionSpec(A.PREVIOUS_WINDOW, N_("Pre&vious overlap window"), "Ctrl+Shift+J"),
    ActionSpec(A.WEEK, N_("&Week view"), "Ctrl+Shift+W", checkable=True),
    ActionSpec(A.FETCH_BUSY, N_("&Fetch busy times from server")),
    ActionSpec(A.FORGET_BUSY, N_("F&orget fetched busy times"), None, messages.FORGET_BUSY),
    ActionSpec(A.MAIL_PASSWORD, N_("Mail &password…"), None,
               N_("Store the password of the plan's [mail] account in the system keyring")),
    ActionSpec(A.SHORTCUTS, N_("&Keyboard shortcuts"), StandardKey.HelpContents),
    ActionSpec(A.ABOUT, N_("&About Overlap")),
)

# Actions that widgets own; the window adds them to its registry before building menus.
PROVIDED = frozenset({A.TEAM_PANEL, A.PUBLISH_SERIES, A.PUBLISH_ROTATION})

# The page each view action shows (MainWindow.show_view), in tab order; the tab's title
# is the action's text.
VIEWS: Mapping[ActionId, str] = {A.VIEW_GRID: "grid", A.VIEW_PLANNER: "planner",
                                 A.VIEW_HOLIDAYS: "holidays", A.VIEW_MEETINGS: "meetings",
                                 A.VIEW_PORTFOLIO: "portfolio", A.VIEW_CLOCKS: "clocks"}

SEPARATOR = "-"


@dataclass(frozen=True, slots=True)
class Submenu:
    """A menu the window fills itself (Open recent); found by ``name`` after building."""

    name: str
    title: str


MenuItem = ActionId | Submenu | str  # str: SEPARATOR
RECENT = Submenu("recent", N_("Open &recent"))


@dataclass(frozen=True, slots=True)
class Menu:
    title: str
    items: tuple[MenuItem, ...]
    tooltips: bool = False  # show the actions' tooltips (a disabled item says why)


MENUS: tuple[Menu, ...] = (
    Menu(N_("&File"), (A.NEW, A.OPEN, RECENT, A.OPEN_DEMO, SEPARATOR, A.SAVE, A.SAVE_AS,
                   SEPARATOR, A.QUIT)),
    Menu(N_("&Edit"), (A.UNDO, A.REDO, SEPARATOR, A.ADD_MEMBER, A.ADD_SITE, A.EDIT_ITEM,
                       A.REMOVE_ITEM, SEPARATOR, A.ADD_MEETING, SEPARATOR, A.SETTINGS)),
    Menu(N_("&View"), (A.VIEW_GRID, A.VIEW_PLANNER, A.VIEW_HOLIDAYS, A.VIEW_MEETINGS,
                   A.VIEW_PORTFOLIO, A.VIEW_CLOCKS, SEPARATOR, A.TODAY, A.PREVIOUS, A.NEXT,
                   A.WEEK, A.NEXT_WINDOW, A.PREVIOUS_WINDOW, SEPARATOR, A.TEAM_PANEL)),
    Menu(N_("&Calendar && mail"), (A.PUBLISH_SERIES, A.PUBLISH_ROTATION, SEPARATOR, A.FETCH_BUSY,
                               A.FORGET_BUSY, SEPARATOR, A.MAIL_PASSWORD), tooltips=True),
    Menu(N_("&Help"), (A.SHORTCUTS, A.ABOUT)),
)

TOOLBAR: tuple[MenuItem, ...] = (A.NEW, A.OPEN, A.SAVE, SEPARATOR, A.ADD_MEMBER, SEPARATOR,
                                 A.TODAY, A.NEXT_WINDOW, SEPARATOR, A.SETTINGS)



def text_of(action_id: ActionId) -> str:
    """An action's text as declared (with its mnemonic), e.g. for a tab of the same name."""
    return _(next(spec.text for spec in ACTIONS if spec.id is action_id))


def plain(text: str) -> str:
    """Text without mnemonics: "&Holidays && deadlines" -> "Holidays & deadlines"."""
    return re.sub(r"&(&?)", r"\1", text)


def create_actions(parent: QObject) -> dict[ActionId, QAction]:
    """One QAction per row of ``ACTIONS`` (not connected yet)."""
    actions = {}
    for spec in ACTIONS:
        action = QAction(_(spec.text), parent)
        action.setObjectName(f"action_{spec.id}")
        if isinstance(spec.shortcut, StandardKey):
            keys = QKeySequence.keyBindings(spec.shortcut)
            first = [k for k in keys if spec.primary and k == QKeySequence(spec.primary)]
            action.setShortcuts(first + [k for k in keys if k not in first])
        elif spec.shortcut is not None:
            action.setShortcut(spec.shortcut)
            if action.shortcut().isEmpty() and spec.fallback:
                action.setShortcut(spec.fallback)
        if spec.tip:
            action.setStatusTip(_(spec.tip))
            action.setToolTip(_(spec.tip))
        action.setCheckable(spec.checkable)
        if spec.local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        actions[spec.id] = action
    return actions


def _add_items(target: QMenu | QToolBar, items: tuple[MenuItem, ...],
               actions: Mapping[ActionId, QAction], submenus: dict[str, QMenu]) -> None:
    for item in items:
        if isinstance(item, ActionId):
            target.addAction(actions[item])
        elif isinstance(item, Submenu) and isinstance(target, QMenu):
            submenus[item.name] = target.addMenu(_(item.title))
        elif item == SEPARATOR:
            target.addSeparator()
        else:
            raise ValueError(f"not a menu item here: {item!r}")


def build_menus(menu_bar: QMenuBar, actions: Mapping[ActionId, QAction]) -> dict[str, QMenu]:
    """The menu bar from ``MENUS``; returns the submenus the window fills, by name."""
    submenus: dict[str, QMenu] = {}
    for menu in MENUS:
        m = menu_bar.addMenu(_(menu.title))
        _add_items(m, menu.items, actions, submenus)
        m.setToolTipsVisible(menu.tooltips)
    return submenus


def install(window: QMainWindow, provided: Mapping[ActionId, QAction]
            ) -> tuple[dict[ActionId, QAction], dict[str, QMenu]]:
    """Create the table's actions, add the ``PROVIDED`` ones, build the window's menus and
    toolbar; returns the actions by id and the submenus to fill by name."""
    missing = PROVIDED - provided.keys()
    if missing:
        raise ValueError(f"actions the window must provide: {sorted(missing)}")
    actions = {**create_actions(window), **provided}
    submenus = build_menus(window.menuBar(), actions)
    toolbar = window.addToolBar(_("Main"))
    toolbar.setObjectName("main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    _add_items(toolbar, TOOLBAR, actions, {})
    return actions, submenus


def fill_recent_menu(menu: QMenu, files: list[str], open_path: Callable[[str], object]
                     ) -> None:
    """Open recent: one numbered item per file (the full path as its tip), or a note."""
    menu.clear()
    for i, f in enumerate(files):
        a = menu.addAction(f"&{i + 1} {Path(f).name}")  # a number and a file name
        a.setToolTip(f)
        a.setStatusTip(f)
        a.triggered.connect(lambda _=False, path=f: open_path(path))
    if not files:
        menu.addAction(_("No recent plans")).setEnabled(False)


def enable_actions(actions: Mapping[ActionId, QAction], *, plan: bool, item: bool) -> None:
    """Enable what the open plan and the team panel's selection allow."""
    for spec in ACTIONS:
        if spec.needs is Needs.PLAN:
            actions[spec.id].setEnabled(plan)
        elif spec.needs is Needs.ITEM:
            actions[spec.id].setEnabled(item)


@dataclass(frozen=True, slots=True)
class ShortcutRow:
    """One line of the shortcut sheet: what it does, its keys, where it works."""

    action: str
    keys: str   # empty: reached through its menu only
    where: str


def shortcut_rows(actions: Mapping[ActionId, QAction]) -> list[ShortcutRow]:
    """Every action of the window's menus (in menu order, with the shortcut set on it and
    the menu it is in), then the grid's own keys."""
    rows = []
    for menu in MENUS:
        for item in menu.items:
            if isinstance(item, ActionId):
                action = actions[item]
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                where = plain(_(menu.title))
                if keys and action.shortcutContext() == \
                        Qt.ShortcutContext.WidgetWithChildrenShortcut:
                    # Delete removes a member only while the team list has the focus.
                    where = _("{menu}; the key in the team list").format(menu=where)
                rows.append(ShortcutRow(plain(action.text()), keys, where))
    grid = _("Grid")
    rows += [ShortcutRow(_(what), _(keys), grid) for keys, what in GRID_KEYS]
    return rows
