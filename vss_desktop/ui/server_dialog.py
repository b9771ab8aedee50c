"""Server and login: the server address, the collector's username and password.

The password is sent once and never stored: the login stores only the token the
server hands back. Plain http:// is refused for any host but this computer unless
the collector ticks the "unsafe" box; certificates are always verified. Keyboard
first: Enter moves to the next field and logs in from the password.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vss_desktop.sync import overview, state
from vss_desktop.sync.transport import (
    BadCaBundle,
    InsecureServerUrl,
    Unauthorized,
    check_ca_bundle,
    check_server_url,
)
from vss_desktop.ui.sync_controller import SyncController, describe_error

log = logging.getLogger(__name__)

ERROR, WARNING, OK, INFO = "#b00020", "#8a5a00", "#1b6e20", "#444444"


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _show(label: QLabel, text: str, color: str = ERROR) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {color};")
    label.setVisible(bool(text))
    dialog = label.window()
    if isinstance(dialog, ServerDialog):
        dialog.fit_height()


class ServerDialog(QDialog):
    logged_in = Signal(object)  # the server's answer: {token, expires_at, collector}

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.busy = False
        self._address_touched = False
        self.setWindowTitle(self.tr("Server and login"))
        self.setMinimumWidth(520)
        settings = controller.engine.settings()
        status = overview.status(controller.store)

        self.address = QLineEdit(settings[state.SERVER_URL])
        self.address.setObjectName("serverAddress")
        self.address.setPlaceholderText("https://bhxh.example.vn")
        self.address_error = _message_label("addressError")
        self.insecure = QCheckBox(self.tr("Allow plain &HTTP to this server (unsafe)"))
        self.insecure.setObjectName("allowInsecure")
        self.insecure.setChecked(settings[state.ALLOW_INSECURE] == "1")
        self.insecure_warning = _message_label("insecureWarning")
        # A province's own certificate authority (its server certificate is not public).
        self.ca_bundle = QLineEdit(settings[state.CA_BUNDLE])
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("only if your supervisor gave you one (.pem)"))
        self.ca_browse = QPushButton(self.tr("&Browse…"))
        self.ca_browse.setAutoDefault(False)
        self.ca_browse.clicked.connect(self._browse_ca)
        self.ca_error = _message_label("caError")
        self.username = QLineEdit(settings[state.USERNAME])
        self.username.setObjectName("usernameEdit")
        self.username.setMaxLength(64)
        self.username_error = _message_label("usernameError")
        self.password = QLineEdit()
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = _message_label("passwordError")
        self.auto_sync = QCheckBox(
            self.tr("Sync au&tomatically whenever the server can be reached")
        )
        self.auto_sync.setObjectName("autoSync")
        self.auto_sync.setChecked(status.auto_sync)

        self.progress = QProgressBar()
        self.progress.setObjectName("loginBusy")
        self.progress.setRange(0, 0)  # busy, no known length
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setVisible(False)
        self.result_label = _message_label("loginResult")

        self.buttons = QDialogButtonBox()
        self.login_button = QPushButton(self.tr("&Log in"))
        self.login_button.setObjectName("loginButton")
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.login_button, self.close_button):
            button.setAutoDefault(False)  # Enter moves between fields; it never clicks Close
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        form = QFormLayout()
        form.addRow(*self._label(self.tr("Server &address:"), self.address))
        form.addRow("", self._column(self.address_error, self.insecure, self.insecure_warning))
        form.addRow(*self._label(self.tr("&Username:"), self.username))
        form.addRow("", self.username_error)
        form.addRow(*self._label(self.tr("&Password:"), self.password))
        form.addRow("", self.password_error)
        form.addRow("", self.auto_sync)
        # Rarely needed, so after the fields of every login.
        ca_row = QWidget()
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_bundle, 1)
        ca_layout.addWidget(self.ca_browse)
        ca_label, _ = self._label(self.tr("Certificate a&uthority:"), self.ca_bundle)
        form.addRow(ca_label, ca_row)
        form.addRow("", self.ca_error)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        chain = [
            self.address,
            self.insecure,
            self.username,
            self.password,
            self.auto_sync,
            self.ca_bundle,
            self.ca_browse,
            self.login_button,
            self.close_button,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

        self.address.textEdited.connect(lambda _t: self._check_address(live=True))
        self.address.editingFinished.connect(self._address_left)
        self.address.returnPressed.connect(lambda: self.username.setFocus())
        self.ca_bundle.returnPressed.connect(lambda: self.username.setFocus())
        self.username.returnPressed.connect(lambda: self.password.setFocus())
        self.password.returnPressed.connect(self.log_in)
        self.insecure.toggled.connect(self._insecure_toggled)
        self.auto_sync.toggled.connect(self.controller.set_auto_sync)
        self.login_button.clicked.connect(self.log_in)
        self.close_button.clicked.connect(self.reject)

        self._insecure_toggled(self.insecure.isChecked())
        if status.configured:
            _show(
                self.result_label,
                self.tr("Logged in as %1 on %2.")
                .replace("%1", status.username)
                .replace("%2", status.server_url),
                INFO,
            )
        first = self.password if self.address.text() and self.username.text() else self.address
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def fit_height(self) -> None:
        """Grow to show a wrapped message whole (a layout's minimum size ignores wrapping)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> tuple[QLabel, QWidget]:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label, buddy

    @staticmethod
    def _column(*widgets: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in widgets:
            column.addWidget(widget)
        return box

    # --- the address ---------------------------------------------------------------

    def address_problem(self) -> str:
        text = self.address.text().strip()
        if not text:
            return self.tr("Enter the server address, like https://bhxh.example.vn")
        try:
            check_server_url(text, allow_insecure=True)
        except InsecureServerUrl:
            return self.tr("This is not a server address. Type it like https://bhxh.example.vn")
        try:
            check_server_url(text, self.insecure.isChecked())
        except InsecureServerUrl:
            return self.tr(
                "Plain http:// is refused: your password and the households' data would "
                "travel unprotected. Use https://, or tick the box below only if your "
                "supervisor told you to."
            )
        return ""

    def _check_address(self, live: bool = False) -> bool:
        problem = self.address_problem()
        if not live or self._address_touched:
            _show(self.address_error, problem)
        return not problem

    def _address_left(self) -> None:
        if self.address.text().strip():
            self._address_touched = True
            self._check_address()

    def _insecure_toggled(self, checked: bool) -> None:
        _show(
            self.insecure_warning,
            self.tr(
                "Unsafe: anyone on the network could read your password and the data sent. "
                "Use this only for a test server or on the office network."
            )
            if checked
            else "",
            WARNING,
        )
        if self._address_touched:
            self._check_address()

    # --- the certificate authority -----------------------------------------------------

    def ca_problem(self) -> str:
        try:
            check_ca_bundle(self.ca_bundle.text())
        except BadCaBundle:
            return self.tr(
                "This file cannot be used: choose the certificate (.pem) your supervisor gave"
                " you, or leave the field empty."
            )
        return ""

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Certificate authority"), "", self.tr("Certificates (*.pem *.crt)")
        )
        if path:
            self.ca_bundle.setText(path)
            _show(self.ca_error, self.ca_problem())

    # --- logging in --------------------------------------------------------------------

    def log_in(self) -> None:
        if self.busy:
            return
        self._address_touched = True
        problems = [
            (self.address, self.address_error, self.address_problem()),
            (
                self.username,
                self.username_error,
                "" if self.username.text().strip() else self.tr("Enter your username."),
            ),
            (
                self.password,
                self.password_error,
                "" if self.password.text() else self.tr("Enter your password."),
            ),
        ]
        problems.append((self.ca_bundle, self.ca_error, self.ca_problem()))
        for _field, label, text in problems:
            _show(label, text)
        wrong = [field for field, _label, text in problems if text]
        if wrong:
            wrong[0].setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(wrong[0], QLineEdit):
                wrong[0].selectAll()
            return
        self._set_busy(True)
        _show(self.result_label, self.tr("Logging in…"), INFO)
        self.controller.login(
            self.address.text().strip(),
            self.username.text().strip(),
            self.password.text(),
            self.insecure.isChecked(),
            self._login_done,
            self._login_failed,
            ca_bundle=self.ca_bundle.text().strip() or None,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (
            self.address,
            self.insecure,
            self.username,
            self.password,
            self.login_button,
        ):
            widget.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def _login_done(self, answer: dict[str, Any]) -> None:
        self._set_busy(False)
        self.password.clear()  # never kept: the token stands in for it from now on
        collector = answer.get("collector") or {}
        name = collector.get("full_name") or collector.get("username") or self.username.text()
        _show(
            self.result_label,
            self.tr("Logged in as %1. The app now syncs with this server.").replace("%1", name),
            OK,
        )
        self.close_button.setDefault(True)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.logged_in.emit(answer)

    def _login_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        log.info("login failed: %s", type(exc).__name__)
        _show(self.result_label, describe_error(exc))
        target = self.password if isinstance(exc, Unauthorized) else self.address
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        target.selectAll()

    def reject(self) -> None:
        if self.busy:
            return  # the answer is on its way; closing now would lose it
        super().reject()
