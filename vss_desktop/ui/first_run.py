"""First start on an empty database: log in to the province server (what a collector does
first: the households assigned to them arrive with the first sync), load the demo commune,
or start with an empty list. Keyboard first: the login is the default choice. A laptop set
up from a province file (vss_desktop.provisioning) names its server here, and the login
comes with the address and certificate authority filled in: the collector types only
their username and password.

Also :func:`report_demo_ignored`: `--demo` on a database that already holds data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vss_desktop import provisioning
from vss_desktop import settings as settings_store
from vss_desktop.demo import load as demo_data
from vss_desktop.store import Store
from vss_desktop.sync.engine import SyncReport
from vss_desktop.ui.server_dialog import ServerDialog
from vss_desktop.ui.sync_controller import SyncController
from vss_desktop.ui.tasks import TaskRunner

DEMO_IGNORED_MS = 30_000  # long enough to be read after the window shows


class _Progress(QObject):
    changed = Signal(int, int)


class FirstRunDialog(QDialog):
    def __init__(
        self,
        store: Store,
        start_demo: bool = False,
        parent: QWidget | None = None,
        sync: SyncController | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.tasks = TaskRunner(self)
        self._sync = sync  # made on first use: a demo or an empty start needs no network
        self.server_dialog: ServerDialog | None = None
        self._typed = ("", "")  # address and user name of the last login attempt
        self._logged_in = False
        self.setWindowTitle(self.tr("Welcome to VSS Desktop"))
        text = QLabel(
            self.tr(
                "The household list on this computer is empty.\n\n"
                "Log in to your province's server: the households assigned to you arrive "
                "with the first sync. Or load a demo commune (about 1,500 generated "
                "households) to try the app, or start with an empty list and add "
                "households yourself."
            )
        )
        text.setWordWrap(True)
        # Provisioned: the database learns the server now, so every server dialog shows it.
        settings = settings_store.load(store.directory)
        seeded = provisioning.seed_store(store, settings)
        self.provisioned = seeded if seeded == settings.server_url else ""
        self.provisioned_label = QLabel(
            self.tr(
                "This computer is set up for your province's server: %1\n"
                "Log in with the username and password your supervisor gave you."
            ).replace("%1", self.provisioned)
        )
        self.provisioned_label.setObjectName("provisionedServer")
        self.provisioned_label.setWordWrap(True)
        self.provisioned_label.setVisible(bool(self.provisioned))
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.error = QLabel()
        self.error.setObjectName("firstRunMessage")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        self.login_button = QPushButton(self.tr("&Log in to the province server"))
        self.login_button.setObjectName("loginButton")
        self.demo_button = QPushButton(self.tr("Load &demo commune"))
        self.demo_button.setObjectName("demoButton")
        self.empty_button = QPushButton(self.tr("Start &empty"))
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.log_in)
        self.demo_button.clicked.connect(self.load_demo)
        self.empty_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.login_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.empty_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.provisioned_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self._relay = _Progress(self)
        self._relay.changed.connect(self._show_progress)
        self.login_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if start_demo:
            self.load_demo()

    # --- the choices -------------------------------------------------------------------

    def _set_choosing(self, enabled: bool) -> None:
        for button in (self.login_button, self.demo_button, self.empty_button):
            button.setEnabled(enabled)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def load_demo(self) -> None:
        self._set_choosing(False)
        self._say("")
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
        self._say(self.tr("The demo data could not be loaded: %1").replace("%1", str(exc)))
        self._set_choosing(True)

    # --- logging in, then the first sync -----------------------------------------------------

    @property
    def sync(self) -> SyncController:
        if self._sync is None:
            self._sync = SyncController(self.store, self)
        return self._sync

    def log_in(self) -> None:
        """The server dialog (address, user name, password), over this screen."""
        self._say("")
        dialog = ServerDialog(self.sync, self)
        address, username = self._typed
        if address and not dialog.address.text():
            dialog.address.setText(address)
        if username and not dialog.username.text():
            dialog.username.setText(username)
        if dialog.address.text() and dialog.username.text():
            dialog.password.setFocus(Qt.FocusReason.OtherFocusReason)
        elif dialog.address.text():  # provisioned: the address is known, the user is not
            dialog.username.setFocus(Qt.FocusReason.OtherFocusReason)
        self._logged_in = False
        dialog.logged_in.connect(self._login_accepted)
        dialog.finished.connect(self._server_dialog_closed)
        self.server_dialog = dialog
        dialog.open()

    def _login_accepted(self, _answer: object) -> None:
        self._logged_in = True
        if self.server_dialog is not None:
            self.server_dialog.accept()  # its work is done: the households come next

    def _server_dialog_closed(self, _code: int) -> None:
        dialog = self.server_dialog
        if dialog is None:
            return
        self._typed = (dialog.address.text().strip(), dialog.username.text().strip())
        self.server_dialog = None
        dialog.deleteLater()
        if self._logged_in or self.sync.engine.configured():  # now, or before a failed sync
            self._first_sync()
            return
        problem = "" if dialog.result_label.isHidden() else dialog.result_label.text()
        why = (
            self.tr("Not logged in: %1").replace("%1", problem)
            if problem
            else self.tr("Not logged in.")
        )
        self._say(why + " " + self.tr("Choose again."))
        self.activateWindow()
        self.login_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _first_sync(self) -> None:
        self._set_choosing(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Receiving your households…"))
        self.sync.reconfigure()  # reads the login just stored
        self.sync.progress.connect(self._sync_progress)
        self.sync.finished.connect(self._first_sync_done)
        if not self.sync.sync_now():
            self._first_sync_done(SyncReport(status="error", message=self.tr("Not logged in.")))

    def _sync_progress(self, phase: str, done: int, _total: int) -> None:
        if phase == "pull":
            self.progress.setFormat(
                self.tr("Receiving your households: %1").replace("%1", str(done))
            )

    def _first_sync_done(self, report: SyncReport) -> None:
        self.sync.progress.disconnect(self._sync_progress)
        self.sync.finished.disconnect(self._first_sync_done)
        self.progress.setVisible(False)
        if report.status == "ok":
            self.accept()
            return
        self._set_choosing(True)
        self._say(
            self.tr(
                "You are logged in, but the households could not be received (%1). "
                "Log in again to retry, or start empty: they arrive with the next sync."
            ).replace("%1", self._sync_problem(report))
        )
        self.login_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sync_problem(self, report: SyncReport) -> str:
        if report.status == "offline":
            return self.tr("the server could not be reached")
        if report.status == "login":
            return self.tr("the server refused the login")
        return report.message

    def done(self, result: int) -> None:
        if self.server_dialog is not None:
            return  # the server dialog is open over this screen; it closes first
        if self._sync is not None:
            self._sync.stop()  # a first sync cut short resumes in the main window
        super().done(result)


def report_demo_ignored(window: QMainWindow, data_dir: Path) -> None:
    """`--demo` on a database that holds data: the demo is not loaded over it. Say so on
    stderr and in the window's status bar; the app opens what is there."""
    print(
        f"--demo ignored: the database in {data_dir} already holds households, and the demo"
        " is only loaded into an empty one. To try the demo apart from your data:"
        " vss-desktop --data-dir /tmp/vss-demo --demo",
        file=sys.stderr,
    )
    window.statusBar().showMessage(
        QCoreApplication.translate(
            "FirstRunDialog",
            "The demo was not loaded: this database already holds households."
            " To try the demo, start the app with --data-dir pointing to another folder.",
        ),
        DEMO_IGNORED_MS,
    )
