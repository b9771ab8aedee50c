"""The day's encrypted copy of the database (store.backups), made from the open window.

The copy runs in a worker of its own: copying a big database never delays a list or a
search. It starts a minute after opening, then the scheduler looks again every hour, so
an app left open past midnight copies too (a look when today's copy exists is cheap).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from vss_desktop.store import Store, backups
from vss_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# The day's backup copy starts a minute after opening: off the path of the first screens.
DAILY_BACKUP_DELAY_MS = 60_000
BACKUP_CHECK_EVERY_MS = 3_600_000  # then hourly
FAILED_MESSAGE_MS = 15_000
PAUSE_WAIT_MS = 120_000  # a copy under way is let finish: one cut short is thrown away anyway


class BackupScheduler(QObject):
    """Makes the daily copy on a timer; says in ``window`` when it could not."""

    def __init__(self, store: Store, window: QMainWindow) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.runner = TaskRunner(self)
        self.damage_notice: QMessageBox | None = None
        self.timer = QTimer(self, singleShot=True, interval=DAILY_BACKUP_DELAY_MS)
        self.timer.timeout.connect(self.make_daily_backup)
        self.timer.start()

    def make_daily_backup(self) -> None:
        """Today's copy in backups/, once a day."""
        store = self.store
        self.runner.submit(
            lambda: backups.make_daily_backup(store), lambda _path: None, self._failed
        )
        self.timer.start(BACKUP_CHECK_EVERY_MS)

    def pause(self) -> None:
        """No copy starts, and none is still running, when this returns (e.g. for a rekey)."""
        self.timer.stop()
        self.runner.wait(PAUSE_WAIT_MS)

    def resume(self) -> None:
        self.timer.start(BACKUP_CHECK_EVERY_MS)

    def _failed(self, exc: Exception) -> None:
        log.error("daily backup failed: %s", type(exc).__name__)
        if isinstance(exc, backups.LiveDatabaseDamaged):
            self._show_damage()
            return
        self.window.statusBar().showMessage(
            self.tr(
                "Today's backup copy of the database could not be written (is the disk full?)."
            ),
            FAILED_MESSAGE_MS,
        )

    def _show_damage(self) -> None:
        # Serious and rare: said once in a box that does not block the work at hand.
        self.damage_notice = QMessageBox(
            QMessageBox.Icon.Warning,
            self.window.windowTitle(),
            self.tr(
                "The database file on this laptop is damaged. Sync now, so that your"
                " work reaches the server, and tell your supervisor: a copy from an"
                " earlier day can be put back (vss-desktop restore-backup)."
            ),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        self.damage_notice.open()
