"""Changing the database passphrase from the open window (File → Change passphrase…).

The database is re-encrypted under the new passphrase while nothing else holds it: the
sync, the window's reads, the daily copy and the idle lock are paused first and resumed
when the collector cancels. After a change the app must close: the next start asks for
the new passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from vss_desktop.store import Store
from vss_desktop.ui.backup_scheduler import BackupScheduler
from vss_desktop.ui.idle_lock import IdleLock
from vss_desktop.ui.sync_controller import SyncController
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.unlock_dialog import Mode, PassphraseDialog

READS_WAIT_MS = 30_000


class PassphraseChange(QObject):
    """Pauses the window's workers, asks for the old and new passphrase, rekeys."""

    def __init__(
        self,
        window: QWidget,
        store: Store,
        data_dir: Path,
        sync: SyncController,
        tasks: TaskRunner,
        backup: BackupScheduler,
        idle_lock: IdleLock | None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.data_dir = data_dir
        self.sync = sync
        self.tasks = tasks
        self.backup = backup
        self.idle_lock = idle_lock

    def run(self, lock_after_minutes: int) -> bool:
        """True when the passphrase was changed (the store is closed: the window must close);
        False when the collector cancelled (everything runs again)."""
        if not self.store.encrypted:
            return False
        self._pause()
        if self._ask():
            return True
        self._resume(lock_after_minutes)
        return False

    def _pause(self) -> None:
        self.sync.stop()  # no worker may hold the database while it is rekeyed
        self.tasks.wait(READS_WAIT_MS)
        self.backup.pause()  # no copy may start under the old key, nor one running outlive it
        if self.idle_lock is not None:
            self.idle_lock.stop()

    def _ask(self) -> bool:
        dialog = PassphraseDialog(Mode.CHANGE, self.data_dir, self.store, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.store is None:
            return False
        dialog.store.close()
        QMessageBox.information(
            self.window,
            self.window.windowTitle(),
            self.tr("The passphrase was changed. Open the app again with the new one."),
        )
        return True

    def _resume(self, lock_after_minutes: int) -> None:
        self.sync.resume()
        self.backup.resume()
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(lock_after_minutes)
            app = QApplication.instance()
            if app is not None:  # as IdleLock.stop: no application, no events to watch
                app.installEventFilter(self.idle_lock)
