"""The passphrase that protects the laptop database: set it, type it, change it, lock.

Deriving the key (scrypt, about a second) and migrating a plain database run in a worker
with a busy bar; the dialog stays responsive. The passphrase is never stored or logged
(vss_desktop/store/unlock.py, docs/security.md "Laptop database").
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vss_desktop import paths
from vss_desktop.store import early_unlock
from vss_desktop.store.encryption import (
    DatabaseDamaged,
    DatabaseState,
    EncryptionError,
    WrongPassphrase,
    database_state,
)
from vss_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # SQLAlchemy loads in the worker, while the key is derived (issue 17)
    from vss_desktop.store import Store

MIN_LENGTH = 8  # unlock.validate_new_passphrase asks the same
# Answers the dialog explains itself: logged as one line, without a traceback.
EXPECTED_REFUSALS: tuple[type[Exception], ...] = (
    WrongPassphrase,
    early_unlock.TooManyAttempts,
    early_unlock.WeakPassphrase,
)


class Mode(Enum):
    SETUP = "setup"  # first run, or a plain database from an earlier version
    UNLOCK = "unlock"  # at start
    LOCKED = "locked"  # after the idle time, with the store still open
    CHANGE = "change"  # File → Change passphrase


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


class PassphraseDialog(QDialog):
    """One dialog for the four moments the passphrase is needed.

    After ``exec()`` returns Accepted: ``store`` is the open store (SETUP, UNLOCK, CHANGE).
    ``preload`` runs in the worker while the key is derived (the app's start imports
    SQLAlchemy there), ``prepare`` once the store is open (the window's modules: the busy
    bar stays up meanwhile instead of no window at all).
    """

    unlocked = Signal()  # tests wait on it

    def __init__(
        self,
        mode: Mode,
        directory: Path,
        store: Store | None = None,
        parent: QWidget | None = None,
        preload: Callable[[], None] | None = None,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.mode = mode
        self.preload = preload
        self.prepare = prepare
        self.directory = directory
        self.store = store
        self.tasks = TaskRunner(self)
        self._busy = False
        self._wait_until = 0.0
        self._countdown = QTimer(self, interval=250)
        self._countdown.timeout.connect(self._tick)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.old = _secret("oldPassphrase")
        self.passphrase = _secret("passphrase")
        self.repeat = _secret("repeatPassphrase")
        self.message = QLabel()
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the key derivation gives no progress
        self.bar.setTextVisible(False)
        self.bar.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton()
        self.ok.setDefault(True)
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel_text = self.tr("&Quit") if mode is not Mode.CHANGE else self.tr("Cancel")
        self.cancel = self.buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        # Enter never quits: while the form is busy the focus can pass over Quit, and an
        # auto-default button that had the focus stays the default (issue 11, A1).
        self.cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        setup = mode in (Mode.SETUP, Mode.CHANGE)
        if mode is Mode.CHANGE:
            form.addRow(self.tr("&Current passphrase:"), self.old)
        label = self.tr("&New passphrase:") if setup else self.tr("&Passphrase:")
        form.addRow(label, self.passphrase)
        if setup:
            form.addRow(self.tr("&Repeat it:"), self.repeat)
            for edit in (self.passphrase, self.repeat):
                edit.textChanged.connect(lambda _t: self._check_new())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self._texts()
        self.setMinimumWidth(460)
        (self.old if mode is Mode.CHANGE else self.passphrase).setFocus()
        self._check_new()

    def _texts(self) -> None:
        plain = self.mode is Mode.SETUP and database_state(self.directory) is DatabaseState.PLAIN
        titles = {
            Mode.SETUP: self.tr("Protect this laptop's data"),
            Mode.UNLOCK: self.tr("Unlock VSS Desktop"),
            Mode.LOCKED: self.tr("Locked"),
            Mode.CHANGE: self.tr("Change the passphrase"),
        }
        intros = {
            Mode.SETUP: self.tr(
                "The names, ID numbers and phone numbers on this laptop are kept encrypted."
                " Choose a passphrase of at least %1 characters: the app asks for it at every"
                " start and after a pause. It is not stored anywhere: if it is forgotten, the"
                " data on this laptop cannot be read (what was synced is safe on the server)."
            ).replace("%1", str(MIN_LENGTH)),
            Mode.UNLOCK: self.tr("Type the passphrase that protects this laptop's data."),
            Mode.LOCKED: self.tr(
                "The app locked itself after a pause. Type the passphrase to go on;"
                " nothing you were doing is lost."
            ),
            Mode.CHANGE: self.tr(
                "The database is re-encrypted with the new passphrase. The app closes"
                " afterwards: open it again with the new passphrase."
            ),
        }
        buttons = {
            Mode.SETUP: self.tr("&Encrypt and open") if plain else self.tr("&Set and open"),
            Mode.UNLOCK: self.tr("&Unlock"),
            Mode.LOCKED: self.tr("&Unlock"),
            Mode.CHANGE: self.tr("&Change"),
        }
        self.setWindowTitle(titles[self.mode])
        intro = intros[self.mode]
        if plain:
            intro += " " + self.tr(
                "The data already on this laptop is encrypted now; this can take a minute."
            )
        self.intro.setText(intro)
        self.ok.setText(buttons[self.mode])

    # --- checks --------------------------------------------------------------------------

    def _check_new(self) -> bool:
        """Inline check of a new passphrase: long enough, typed the same twice."""
        if self.mode not in (Mode.SETUP, Mode.CHANGE):
            return True
        first, second = self.passphrase.text(), self.repeat.text()
        problem = ""
        if first and len(first) < MIN_LENGTH:
            problem = self.tr("At least %1 characters.").replace("%1", str(MIN_LENGTH))
        elif second and first != second:
            problem = self.tr("The two passphrases are not the same.")
        self._show(problem, error=True)
        ok = len(first) >= MIN_LENGTH and first == second
        self.ok.setEnabled(ok and not self._busy)
        return ok

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {'#b00020' if error else '#333333'};")
        self.message.setText(text)

    # --- work ----------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy or not self._check_new():
            return
        if self._waiting():
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show(self.tr("Type the passphrase."), error=True)
            return
        directory, store, mode, old = self.directory, self.store, self.mode, self.old.text()
        preload, prepare = self.preload, self.prepare

        def work() -> Store | None:
            early = None
            if mode in (Mode.SETUP, Mode.UNLOCK):
                early = early_unlock.EarlyKey(directory, passphrase)  # the KDF starts now
                if preload is not None:
                    preload()
                early.wait()  # the rest loads after: see store.early_unlock
            from vss_desktop.store import unlock as unlocking

            if mode is Mode.LOCKED:
                assert store is not None
                unlocking.check_passphrase(store, passphrase)
                return store
            if mode is Mode.CHANGE:
                assert store is not None
                return unlocking.change_passphrase(store, old, passphrase)
            opened = unlocking.unlock(directory, passphrase, early=early)
            if prepare is not None:
                try:
                    prepare()
                except BaseException:
                    opened.close()  # the dialog reports the failure; nothing stays open
                    raise
            return opened

        self._set_busy(True)
        self.tasks.submit(work, self._done, self._failed, expected=EXPECTED_REFUSALS)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.bar.setVisible(busy)
        for widget in (self.old, self.passphrase, self.repeat, self.ok):
            widget.setEnabled(not busy)
        self.cancel.setEnabled(not busy)
        self.ok.setDefault(True)  # disabling it may have passed the default on
        if busy:
            self._show(self.tr("Checking…") if self.mode is not Mode.SETUP else self.tr("Working…"))

    def _done(self, store: Store | None) -> None:
        self._set_busy(False)
        self.store = store
        self.passphrase.clear()
        self.repeat.clear()
        self.old.clear()
        self.unlocked.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if isinstance(exc, (WrongPassphrase, early_unlock.TooManyAttempts)):
            retry = float(getattr(exc, "retry_after", 0.0) or 0.0)
            text = self.tr("That is not the passphrase.")
            if isinstance(exc, early_unlock.TooManyAttempts):
                text = self.tr("Too many wrong passphrases.")
            self._show(text, error=True)
            if retry > 0:
                self._wait_until = time.monotonic() + retry
                self._countdown.start()
                self._tick()
            return
        if isinstance(exc, early_unlock.WeakPassphrase):
            self._show(
                self.tr("At least %1 characters.").replace("%1", str(MIN_LENGTH)), error=True
            )
            return
        if isinstance(exc, DatabaseDamaged):
            self._show(
                self.tr(
                    "The passphrase is right, but the database file is damaged and cannot"
                    " be opened. Nothing was changed. The app's copies of it are in %1:"
                    " ask your supervisor to restore the latest one. Visits already synced"
                    " are safe on the server."
                ).replace("%1", str(paths.backups_dir(self.directory))),
                error=True,
            )
            return
        if isinstance(exc, EncryptionError):
            self._show(
                self.tr("The database could not be opened: %1").replace("%1", str(exc)), True
            )
            return
        self._show(self.tr("Something went wrong: %1").replace("%1", str(exc)), error=True)

    def _waiting(self) -> bool:
        return time.monotonic() < self._wait_until

    def _tick(self) -> None:
        left = self._wait_until - time.monotonic()
        if left <= 0:
            self._countdown.stop()
            self.ok.setEnabled(self._check_new())
            self._show(self.tr("Try again."))
            return
        self.ok.setEnabled(False)
        self._show(
            self.tr("Too many wrong passphrases: wait %1 s before trying again.").replace(
                "%1", str(math.ceil(left))
            ),
            error=True,
        )

    def reject(self) -> None:
        if self._busy:
            return  # a migration or rekey is running: it must finish
        super().reject()

    def done(self, result: int) -> None:
        self._countdown.stop()
        self.tasks.wait(30_000)
        super().done(result)
