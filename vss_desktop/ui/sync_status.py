"""The sync part of the main window's status bar: changes waiting to be sent, open issues,
the connection state with the last sync time, a progress bar while a sync runs, and the
notice that the app must (or may) be updated, from what the server said at the last sync.

It follows the SyncController's signals and re-reads the counts through the window's
database worker (the same TaskRunner as the lists: reads stay in order).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from vss_core import vietnam_time
from vss_desktop import __version__
from vss_desktop.store import Store
from vss_desktop.sync import overview, state
from vss_desktop.sync.engine import SyncReport
from vss_desktop.ui import sync_controller as sc
from vss_desktop.ui.sync_controller import SyncController
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.update_download import DownloadState, UpdateDownloader

FINISHED_MESSAGE_MS = 8000


class SyncStatusBar(QObject):
    """Owns the sync widgets of ``bar`` and keeps them up to date."""

    issues_requested = Signal()  # the "Needs attention" button was clicked

    def __init__(
        self, store: Store, sync: SyncController, tasks: TaskRunner, bar: QStatusBar
    ) -> None:
        super().__init__(bar)
        self.store = store
        self.sync = sync
        self.tasks = tasks
        self.bar = bar
        self.status: overview.SyncStatus | None = None
        self.versions: state.AppVersions | None = None  # the server's, once read
        self.updates: UpdateDownloader | None = None  # a bundle that can update itself
        self._build()
        sync.state_changed.connect(self.show_state)
        sync.progress.connect(self.show_progress)
        sync.finished.connect(self.show_finished)
        sync.status_changed.connect(self.show_status)
        sync.status_changed.connect(self.refresh_versions)  # each sync may bring new ones

    def _build(self) -> None:
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")
        self.indicator = QLabel()
        self.indicator.setObjectName("syncIndicator")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.issues_button = QPushButton()
        self.issues_button.setObjectName("issuesButton")
        self.issues_button.setFlat(True)
        self.issues_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the Sync menu has it too
        self.issues_button.setStyleSheet("color: #b00020; font-weight: 600;")
        self.issues_button.setVisible(False)
        self.issues_button.clicked.connect(self.issues_requested)
        # Stays until an update (or the server) lifts it: not a passing message.
        self.update_label = QLabel()
        self.update_label.setObjectName("updateNotice")
        self.update_label.setVisible(False)
        self.update_progress = QProgressBar()
        self.update_progress.setObjectName("updateProgress")
        self.update_progress.setMaximumWidth(100)
        self.update_progress.setMaximumHeight(14)
        self.update_progress.setTextVisible(False)  # the notice beside it gives the percent
        self.update_progress.setVisible(False)
        for widget in (
            self.update_label,
            self.update_progress,
            self.progress,
            self.issues_button,
            self.pending_label,
            self.indicator,
        ):
            self.bar.addPermanentWidget(widget)

    def refresh(self) -> None:
        """Re-read the pending changes, open issues and last sync time."""
        store = self.store
        self.tasks.submit(lambda: overview.status(store), self.show_status, latest="pending")
        self.refresh_versions()

    def refresh_versions(self, _status: object = None) -> None:
        """Re-read the app versions the server told at the last sync."""

        def read() -> state.AppVersions:
            with self.store.read() as session:
                return state.app_versions(session)

        self.tasks.submit(read, self.show_versions, latest="app_versions")

    def attach_updates(self, downloader: UpdateDownloader) -> None:
        """Download updates after the syncs that announce them, and say how it goes."""
        self.updates = downloader
        downloader.changed.connect(self._download_changed)
        downloader.look_back()

    def _download_changed(self, _download: DownloadState) -> None:
        self.show_update_state()

    def show_versions(self, versions: state.AppVersions, own: str = __version__) -> None:
        """The update notice for an app at version ``own``: below the server's minimum, a
        firm one (the app still syncs); below its current version only, a soft one. A
        bundle that can update itself starts downloading the new version."""
        self.versions = versions
        if self.updates is not None:
            url, ca_bundle = self.sync.server
            self.updates.consider(url, versions, ca_bundle or None)
        self.show_update_state(own)

    def show_update_state(self, own: str = __version__) -> None:
        """The notice: the download's own state first (downloading, ready, refused, rolled
        back), else what the server told."""
        download = self.updates.state if self.updates is not None else DownloadState()
        versions = self.versions or state.AppVersions()
        self.update_progress.setVisible(download.phase == "downloading")
        if download.phase != "idle":
            text, style = self._download_text(download)
            self._show_update_notice(text, style, own)
            return
        standing = versions.standing(own)
        if standing == "required":
            text = self.tr(
                "This app must be updated: version %1 or later. Your changes are still sent."
            ).replace("%1", versions.minimum)
            style = "color: #b00020; font-weight: 600; padding: 0 6px;"
        elif standing == "available":
            text = self.tr("A newer version of this app is available: %1.").replace(
                "%1", versions.current
            )
            style = "color: #8a5a00; padding: 0 6px;"
        else:
            text, style = "", ""
        self._show_update_notice(text, style, own)

    def _download_text(self, download: DownloadState) -> tuple[str, str]:
        version = download.version
        if download.phase == "downloading":
            if download.total:
                self.update_progress.setRange(0, 1000)
                self.update_progress.setValue(download.done * 1000 // download.total)
                percent = str(download.done * 100 // download.total)
                text = (
                    self.tr("Downloading version %1: %2 %")
                    .replace("%1", version)
                    .replace("%2", percent)
                )
            else:
                self.update_progress.setRange(0, 0)
                text = self.tr("Downloading version %1…").replace("%1", version)
            return text, "color: #0b5394; padding: 0 6px;"
        if download.phase == "staged":
            return (
                self.tr(
                    "Version %1 is downloaded: it will be installed when you next open the app."
                ).replace("%1", version),
                "color: #1b6e20; font-weight: 600; padding: 0 6px;",
            )
        if download.phase == "refused":
            return (
                self.tr(
                    "The update to version %1 failed its signature check and was not"
                    " installed. Tell your province's IT team."
                ).replace("%1", version),
                "color: #b00020; font-weight: 600; padding: 0 6px;",
            )
        return (
            self.tr("Version %1 did not start on this laptop; the earlier version runs.").replace(
                "%1", version
            ),
            "color: #b00020; padding: 0 6px;",
        )

    def _show_update_notice(self, text: str, style: str, own: str) -> None:
        self.update_label.setText(text)
        self.update_label.setStyleSheet(style)
        self.update_label.setToolTip(
            self.tr("This app: version %1").replace("%1", own) if text else ""
        )
        self.update_label.setVisible(bool(text))

    def show_status(self, status: overview.SyncStatus) -> None:
        self.status = status
        text = self.tr("Changes waiting to be sent: %1").replace("%1", str(status.pending))
        self.pending_label.setText(text)
        self.issues_button.setText(
            self.tr("Needs attention: %1").replace("%1", str(status.open_issues))
        )
        self.issues_button.setVisible(status.open_issues > 0)
        self.update_indicator()

    def update_indicator(self) -> None:
        text, color = self._state_text()
        self.indicator.setText(text)
        self.indicator.setStyleSheet(f"color: {color}; padding: 0 6px;")
        server = self.status.server_url if self.status else ""
        self.indicator.setToolTip(
            self.tr("Server: %1").replace("%1", server)
            if server
            else self.tr("Sync → Server and login…")
        )

    def _state_text(self) -> tuple[str, str]:
        """The indicator's text and colour for the controller's state."""
        state = self.sync.state
        last = self.status.last_sync_at if self.status else None
        when = f"{vietnam_time.to_local(last):%H:%M %d/%m/%Y}" if last else ""
        if state == sc.SYNCING:
            return self.tr("Syncing…"), "#0b5394"
        if state == sc.NOT_CONFIGURED:
            return self.tr("Not connected to a server"), "#666666"
        if self.sync.needs_login():
            return self.tr("Log in again to sync"), "#b00020"
        if state == sc.ONLINE:
            online = self.tr("Online · synced at %1").replace("%1", when)
            return (online if when else self.tr("Online")), "#1b6e20"
        offline = self.tr("Offline · last synced at %1").replace("%1", when)
        return (offline if when else self.tr("Offline")), "#8a5a00"

    def show_state(self, state: str) -> None:
        syncing = state == sc.SYNCING
        if syncing and not self.progress.isVisible():
            self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress.setVisible(syncing)
        self.update_indicator()

    def show_progress(self, phase: str, done: int, total: int) -> None:
        if phase == "push" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setToolTip(
                self.tr("Sending changes: %1 of %2")
                .replace("%1", str(done))
                .replace("%2", str(total))
            )
        else:
            self.progress.setRange(0, 0)
            self.progress.setToolTip(self.tr("Receiving updates: %1").replace("%1", str(done)))

    def show_finished(self, report: SyncReport) -> None:
        self.bar.showMessage(self.finished_text(report), FINISHED_MESSAGE_MS)

    def finished_text(self, report: SyncReport) -> str:
        if report.status == "ok":
            text = (
                self.tr("Sync finished: %1 sent, %2 received.")
                .replace("%1", str(report.sent))
                .replace("%2", str(report.received))
            )
            if report.conflicts or report.rejected:
                text += " " + self.tr("Some changes need your attention.")
            if report.waiting:
                # An older server (docs/sync-protocol.md, "Events"): kept, sent after its update.
                text += " " + self.tr(
                    "%1 changes wait on this laptop until the server is updated to accept events."
                ).replace("%1", str(report.waiting))
            return text
        if report.status == "offline":
            return self.tr("The server could not be reached; your changes are kept on this laptop.")
        if report.status == "login":
            return self.tr("Log in again to sync: Sync → Server and login…")
        return self.tr("The sync did not finish: %1").replace("%1", report.message)
