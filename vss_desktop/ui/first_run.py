"""First start on an empty database: load the demo commune, or start with an empty list."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vss_desktop import demo_data
from vss_desktop.store import Store
from vss_desktop.ui.tasks import TaskRunner


class _Progress(QObject):
    changed = Signal(int, int)


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, start_demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.tasks = TaskRunner(self)
        self.setWindowTitle(self.tr("Welcome to VSS Desktop"))
        text = QLabel(
            self.tr(
                "The household list on this computer is empty.\n\n"
                "Load a demo commune (about 1,500 generated households) to try the app, "
                "or start with an empty list and add households yourself."
            )
        )
        text.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        self.demo_button = QPushButton(self.tr("Load &demo commune"))
        self.demo_button.setObjectName("demoButton")
        self.empty_button = QPushButton(self.tr("Start &empty"))
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self.load_demo)
        self.empty_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.empty_button)
        buttons.addWidget(self.demo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self._relay = _Progress(self)
        self._relay.changed.connect(self._show_progress)
        if start_demo:
            self.load_demo()

    def load_demo(self) -> None:
        self.demo_button.setEnabled(False)
        self.empty_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.tasks.submit(
            lambda: demo_data.generate(
                self.store, progress=self._relay.changed.emit, work_plan=True
            ),
            lambda _summary: self.accept(),
            self._failed,
        )

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.error.setText(self.tr("The demo data could not be loaded: %1").replace("%1", str(exc)))
        self.error.setVisible(True)
        self.empty_button.setEnabled(True)
