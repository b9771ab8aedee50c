"""Lock the app after some minutes without keyboard or mouse (issue 6: default 10).

Locking covers every open window with an opaque sheet, so no name stays on screen, and
asks for the passphrase in a window-modal dialog that does not block the event loop.
A form left open (a visit half typed) keeps its content: it is covered, not closed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from vss_desktop.store import Store
from vss_desktop.ui.unlock_dialog import Mode, PassphraseDialog

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class _Sheet(QWidget):
    """An opaque cover over one window, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockSheet")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockSheet { background: #2b3a4a; } QLabel { color: white; }")
        label = QLabel(self.tr("VSS Desktop is locked"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 16pt;")
        QVBoxLayout(self).addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, store: Store, minutes: int, window: QWidget) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self.dialog: PassphraseDialog | None = None
        self.sheets: list[_Sheet] = []
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("the idle lock watches a running QApplication")
        app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        if not self.is_locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and not self.is_locked:
            self.timer.start()  # any input restarts the countdown
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and not isinstance(w, PassphraseDialog) and w.isWindow()
        ]
        self.sheets = [_Sheet(w) for w in windows]
        dialog = PassphraseDialog(Mode.LOCKED, self.store.directory, self.store, self.window)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.finished.connect(self._finished)
        self.dialog = dialog
        self.locked.emit()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            self.quit_requested.emit()  # "Quit" on the lock screen: the data stays covered
            return
        for sheet in self.sheets:
            sheet.deleteLater()
        self.sheets = []
        self.timer.start()
        self.unlocked.emit()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
