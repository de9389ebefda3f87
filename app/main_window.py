"""The main window."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.context import PlanContext, open_plan
from planner.errors import InputError
from widgets.team_model import TeamModel

log = logging.getLogger(__name__)


def system_clock() -> datetime:
    return datetime.now(UTC)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, clock=system_clock):
        super().__init__()
        self._settings = settings
        self._clock = clock
        self.ctx: PlanContext | None = None
        self.setWindowTitle("Overlap")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.title = QLabel(central)
        self.table = QTableView(central)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.model: TeamModel | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(30_000)
        self._build_menus()
        self._connect_signals()
        self._timer.start()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def _connect_signals(self) -> None:
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.quit_action.triggered.connect(self.close)
        self._timer.timeout.connect(self._on_timer_timeout)

    def open_path(self, path: str | Path, fallback: Path | None = None) -> bool:
        try:
            ctx = open_plan(path)
        except InputError as e:
            QMessageBox.warning(self, "Cannot open plan", str(e)) if self.isVisible() else \
                log.warning("cannot open %s: %s", path, e)
            if self.ctx is None and fallback is not None and Path(path) != fallback:
                return self.open_path(fallback)
            return False
        self.ctx = ctx
        if self.model is None:
            self.model = TeamModel(ctx, self._clock, self)
            self.table.setModel(self.model)
        else:
            self.model.set_context(ctx)
        self.title.setText(f"<b>{ctx.plan.name}</b> — {len(ctx.plan.members)} members, "
                           f"grid in {ctx.plan.reference_zone}")
        self.setWindowTitle(f"{ctx.plan.name} — Overlap")
        if self._settings is not None:
            self._settings.setValue("files/last", str(Path(path).resolve()))
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def show_view(self, view: str) -> None:
        """Pages arrive with the full window; the team view is all there is for now."""

    def _on_open_action_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", "", "Plans (*.toml)")
        if path:
            self.open_path(path)

    def _on_timer_timeout(self) -> None:
        if self.model is not None:
            self.model.tick()
