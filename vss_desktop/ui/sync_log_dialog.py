"""The sync log (one line per sync), and the end-of-day sync with its summary."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vss_core.formatting import format_datetime_local
from vss_desktop.sync import overview
from vss_desktop.sync.engine import SyncReport
from vss_desktop.ui.sync_controller import SyncController


def status_label(status: str, finished: bool = True) -> str:
    if not finished:
        return QCoreApplication.translate("SyncLogDialog", "Interrupted")
    names = {
        "ok": QCoreApplication.translate("SyncLogDialog", "Completed"),
        "offline": QCoreApplication.translate("SyncLogDialog", "Offline"),
        "login": QCoreApplication.translate("SyncLogDialog", "Login needed"),
        "error": QCoreApplication.translate("SyncLogDialog", "Failed"),
    }
    return names.get(status, status)


class SyncLogDialog(QDialog):
    def __init__(
        self, controller: SyncController, parent: QWidget | None = None, limit: int = 200
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync log"))
        self.resize(860, 420)
        headers = [
            self.tr("Started"),
            self.tr("Result"),
            self.tr("Sent"),
            self.tr("Received"),
            self.tr("Conflicts"),
            self.tr("Rejected"),
            self.tr("Message"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("syncLogTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        runs = overview.sync_log(controller.store, limit)
        self.table.setRowCount(len(runs))
        for row, run in enumerate(runs):
            running = row == 0 and controller.running and run.finished_at is None
            status = (
                self.tr("Running")
                if running
                else status_label(run.status, run.finished_at is not None)
            )
            values = [
                format_datetime_local(run.started_at),
                status,
                str(run.sent),
                str(run.received),
                str(run.conflicts),
                str(run.rejected),
                run.message,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 2 <= column <= 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if runs:
            self.table.selectRow(0)
        self.empty = QLabel(self.tr("No sync has run yet."))
        self.empty.setVisible(not runs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


class EndOfDayDialog(QDialog):
    """A sync with a progress bar, then what happened: sent, received, conflicts, what is
    left to do. Closing it early leaves the sync running in the background."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: SyncReport | None = None
        self.review_requested = False
        self.setWindowTitle(self.tr("End of day"))
        self.setMinimumWidth(480)

        self.phase = QLabel(self.tr("Connecting to the server…"))
        self.phase.setObjectName("endOfDayPhase")
        self.bar = QProgressBar()
        self.bar.setObjectName("endOfDayProgress")
        self.bar.setRange(0, 0)
        self.numbers = {
            key: QLabel("–") for key in ("sent", "received", "conflicts", "attention", "pending")
        }
        for key, label in self.numbers.items():
            label.setObjectName(f"summary_{key}")
        summary = QWidget()
        form = QFormLayout(summary)
        form.addRow(self.tr("Changes sent:"), self.numbers["sent"])
        form.addRow(self.tr("Updates received:"), self.numbers["received"])
        form.addRow(self.tr("Conflicts:"), self.numbers["conflicts"])
        form.addRow(self.tr("Needs attention:"), self.numbers["attention"])
        form.addRow(self.tr("Still waiting to be sent:"), self.numbers["pending"])
        self.summary = summary
        self.summary.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("endOfDayMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        buttons = QDialogButtonBox()
        self.review_button = QPushButton(self.tr("&Review them…"))
        self.review_button.setVisible(False)
        self.review_button.clicked.connect(self._review)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("endOfDayClose")
        self.close_button.clicked.connect(self.accept)
        buttons.addButton(self.review_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.phase)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        self._connected = True
        if controller.running:
            self.phase.setText(self.tr("A sync is already running…"))
        elif not controller.sync_now():
            self._not_possible()

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == "push" and total:
            self.phase.setText(
                self.tr("Sending your changes: %1 of %2")
                .replace("%1", str(done))
                .replace("%2", str(total))
            )
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.phase.setText(self.tr("Receiving updates: %1").replace("%1", str(done)))
            self.bar.setRange(0, 0)

    def _not_possible(self) -> None:
        self.phase.setVisible(False)
        self.bar.setVisible(False)
        self._say(
            self.tr(
                "This laptop is not connected to a server yet. Set it up in "
                "Sync → Server and login…, then try again."
            ),
            "#8a5a00",
        )

    def _say(self, text: str, color: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};")
        self.message.setVisible(True)

    def _finished(self, report: SyncReport) -> None:
        self._disconnect()
        self.report = report
        status = overview.status(self.controller.store)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.phase.setText(self.tr("Sync finished."))
        self.numbers["sent"].setText(str(report.sent))
        self.numbers["received"].setText(str(report.received))
        self.numbers["conflicts"].setText(str(report.conflicts))
        self.numbers["attention"].setText(str(status.open_issues))
        self.numbers["pending"].setText(str(status.pending))
        self.summary.setVisible(True)
        if report.status == "offline":
            self._say(
                self.tr(
                    "The server could not be reached. Nothing is lost: your changes stay on "
                    "this laptop and go out with the next sync."
                ),
                "#8a5a00",
            )
        elif report.status == "login":
            self._say(
                self.tr(
                    "The server asks you to log in again: Sync → Server and login…. "
                    "Your changes stay on this laptop."
                ),
                "#b00020",
            )
        elif report.status != "ok":
            self._say(
                self.tr("The sync did not finish: %1").replace("%1", report.message), "#b00020"
            )
        elif status.open_issues:
            self._say(
                self.tr("Some changes need your attention: review them before you finish."),
                "#8a5a00",
            )
        elif status.pending:
            self._say(
                self.tr("Changes made during the sync are still waiting: sync again."), "#8a5a00"
            )
        else:
            self._say(self.tr("Everything is on the server. You can close the app."), "#1b6e20")
        self.review_button.setVisible(status.open_issues > 0)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _review(self) -> None:
        self.review_requested = True
        self.accept()

    def _disconnect(self) -> None:
        if self._connected:
            self._connected = False
            self.controller.progress.disconnect(self._progress)
            self.controller.finished.disconnect(self._finished)

    def done(self, result: int) -> None:
        self._disconnect()
        super().done(result)
