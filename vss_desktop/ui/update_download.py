"""Download an update in the background after a sync says there is one (docs/updates.md).

The sync stores the versions the server told (sync.state.AppVersions); when the running
app is below the current one, and the app is a bundle that carries the update
repository's root of trust, ``UpdateDownloader.consider`` starts one download: signed
metadata, the archive or patch (resumed where an earlier one was cut), the check, the
staging. The launcher applies it at the next start (vss_desktop.update.launcher).

The download runs in a daemon thread, not the window's worker pool: on a 64 kbit/s link it
can take hours, and closing the app must not wait for it (a cut download resumes at the
next check, whatever the moment). The thread reports through a relay object that lives as
long as the process; a downloader deleted with its window is simply disconnected from it.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, Signal, Slot

from vss_desktop import __version__
from vss_desktop.sync.state import AppVersions
from vss_desktop.update.home import UpdateHome, newer

log = logging.getLogger(__name__)

Phase = Literal["idle", "downloading", "staged", "refused", "rolled_back"]
PROGRESS_STEP = 0.01  # report the download's progress at most once per percent


@dataclass(frozen=True)
class DownloadState:
    """What the status bar shows about an update of this app."""

    phase: Phase = "idle"
    version: str = ""
    done: int = 0  # bytes of the download so far
    total: int = 0  # bytes of the whole download (0: not known yet)


class _DownloadRelay(QObject):
    """One per process, never deleted: the download threads emit here (queued to the UI
    thread), so a thread never touches a downloader that its window took with it."""

    progress = Signal(int, str, int, int)  # run, version, done, total
    finished = Signal(int, object)  # run, Outcome or the exception


_relay: _DownloadRelay | None = None
_runs = itertools.count(1)


def _the_relay() -> _DownloadRelay:
    global _relay
    if _relay is None:
        _relay = _DownloadRelay()
    return _relay


class UpdateDownloader(QObject):
    """Starts at most one update download at a time and says how it goes (``changed``)."""

    changed = Signal(object)  # the new DownloadState

    def __init__(
        self,
        trusted_root: Path | None,
        home: UpdateHome | None = None,
        own_version: str = __version__,
        parent: QObject | None = None,
        *,
        retry_delay_s: float = 1.0,
    ) -> None:
        super().__init__(parent)
        self.trusted_root = trusted_root  # None: running from source, no updates
        self.own_version = own_version
        self.retry_delay_s = retry_delay_s
        self._home = home
        self.state = DownloadState()
        self._run = 0  # the run this downloader waits for (0: none)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown_fraction = -1.0
        relay = _the_relay()
        relay.progress.connect(self._on_progress)
        relay.finished.connect(self._on_finished)

    @property
    def enabled(self) -> bool:
        return self.trusted_root is not None

    @property
    def busy(self) -> bool:
        return self._run != 0

    def home(self) -> UpdateHome:
        if self._home is None:
            self._home = UpdateHome.default()
        return self._home

    def look_back(self) -> None:
        """At start: what the launcher left (a staged update not yet applied, a new version
        that failed to start and was rolled back). Reads one small file, off the UI thread."""
        if not self.enabled:
            return
        self._start(self._read_standing)

    def consider(
        self, server_url: str, versions: AppVersions, ca_bundle: str | None = None
    ) -> None:
        """After a sync: download the server's current version if it is newer than this
        app and not already staged, refused or being downloaded."""
        if not self.enabled or not server_url or self.busy:
            return
        if not newer(versions.current, self.own_version):
            return
        if self.state.version == versions.current and self.state.phase in (
            "staged",
            "refused",  # a package that failed its check is not fetched again this session
            "rolled_back",
        ):
            return
        root = self.trusted_root
        assert root is not None
        home, own, delay, cancel = self.home(), self.own_version, self.retry_delay_s, self._cancel
        run = next(_runs)

        def download() -> object:
            from vss_desktop.update.client import check_and_stage

            def progress(version: str, done: int, total: int) -> None:
                _the_relay().progress.emit(run, version, done, total)

            return check_and_stage(
                server_url,
                own,
                root,
                home,
                retry_delay_s=delay,
                progress=progress,
                cancel=cancel,
                ca_bundle=ca_bundle,
            )

        self._start(download, run)
        self._set(DownloadState("downloading", versions.current))

    def stop(self) -> None:
        """The window closes: a download stops at its next piece (it resumes next time)."""
        self._cancel.set()
        self._run = 0

    def _start(self, job: Callable[[], object], run: int | None = None) -> None:
        run = run if run is not None else next(_runs)
        self._run = run
        self._shown_fraction = -1.0

        def work() -> None:
            try:
                result: object = job()
            except Exception as exc:  # noqa: BLE001 - reported to the window, logged there
                result = exc
            _the_relay().finished.emit(run, result)

        self._thread = threading.Thread(target=work, name="update-download", daemon=True)
        self._thread.start()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until the running job's thread ends (tests only)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout_s)
            return not thread.is_alive()
        return True

    def _read_standing(self) -> DownloadState:
        state = self.home().read_state()
        if newer(state.staged, self.own_version):
            return DownloadState("staged", state.staged)
        failed = [v for v in state.failed if newer(v, self.own_version)]
        if failed:
            return DownloadState("rolled_back", failed[-1])
        return DownloadState()

    @Slot(int, str, int, int)
    def _on_progress(self, run: int, version: str, done: int, total: int) -> None:
        if run != self._run or not total:
            return
        fraction = done / total
        if fraction - self._shown_fraction < PROGRESS_STEP and done < total:
            return
        self._shown_fraction = fraction
        self._set(DownloadState("downloading", version, done, total))

    @Slot(int, object)
    def _on_finished(self, run: int, result: object) -> None:
        if run != self._run:
            return
        self._run = 0
        if isinstance(result, DownloadState):  # look_back
            self._set(result)
            return
        if isinstance(result, BaseException):
            # Never a crash of the window: the next sync tries again.
            log.warning("update check failed: %s", type(result).__name__)
            self._set(DownloadState())
            return
        from vss_desktop.update.client import Outcome

        assert isinstance(result, Outcome)
        log.info("update check: %s %s (%d bytes)", result.status, result.version, result.received)
        if result.status in ("staged", "already_staged"):
            self._set(DownloadState("staged", result.version))
        elif result.status == "refused":
            self._set(DownloadState("refused", result.version))
        else:  # up to date, or the link failed (the next sync resumes the download)
            self._set(DownloadState())

    def _set(self, state: DownloadState) -> None:
        if state == self.state:
            return
        self.state = state
        self.changed.emit(state)
