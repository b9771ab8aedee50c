"""The window's side of sync: one engine, its own worker, and the connectivity monitor.

The sync runs on a worker pool of its own (not the window's database reader), so
list and search loads never wait for it. The monitor probes ``/health`` from its own
thread; its callbacks come back to the UI thread by queued signal. Never two syncs
at once; a sync asked for while one runs is ignored.

A change saved in a form (:meth:`SyncController.change_saved`) goes out by itself
``push_delay`` seconds after the last save, so a burst of edits goes as one sync; only
while the server was last seen answering. Offline, the monitor sends it when the server
answers again.

States (``state_changed``): ``not_configured``, ``offline``, ``online``, ``syncing``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import requests
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from vss_desktop.store import Store, services
from vss_desktop.sync import overview, state
from vss_desktop.sync.engine import SyncEngine, SyncReport
from vss_desktop.sync.monitor import ConnectivityMonitor, MonitorTiming
from vss_desktop.sync.retry import Backoff
from vss_desktop.sync.transport import (
    InsecureServerUrl,
    ServerRefused,
    SyncError,
    Timeouts,
    Transient,
    Transport,
    Unauthorized,
)
from vss_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

NOT_CONFIGURED, OFFLINE, ONLINE, SYNCING = "not_configured", "offline", "online", "syncing"
FAILED = ("offline", "error")  # a sync worth retrying by itself while changes wait
PUSH_DELAY = 20.0  # seconds after the last saved change before it goes out (README)


class SyncCancelled(Transient):
    """Raised inside the engine (between batches, or instead of a backoff sleep) when the
    app closes: a Transient, so the engine records the run as interrupted, like a lost link."""


def describe_error(exc: BaseException) -> str:
    """A sentence a collector can act on, for a failure to log in or to sync."""
    if isinstance(exc, requests.exceptions.SSLError):
        return QCoreApplication.translate(
            "SyncMessages",
            "A secure connection to the server could not be made (its certificate could "
            "not be verified), so nothing was sent. Check the address, or ask your supervisor.",
        )
    if isinstance(exc, InsecureServerUrl):
        return QCoreApplication.translate(
            "SyncMessages", "This server address is not allowed: use https://."
        )
    if isinstance(exc, Unauthorized):
        return QCoreApplication.translate("SyncMessages", "Wrong username or password.")
    if isinstance(exc, Transient):
        if "too_many_attempts" in str(exc):
            return QCoreApplication.translate(
                "SyncMessages", "Too many failed attempts. Wait a few minutes and try again."
            )
        return QCoreApplication.translate(
            "SyncMessages",
            "The server could not be reached. Check the address and the connection, "
            "then try again.",
        )
    if isinstance(exc, ServerRefused):
        if exc.status == 404:
            return QCoreApplication.translate(
                "SyncMessages", "This address does not answer like a VSS server."
            )
        return QCoreApplication.translate("SyncMessages", "The server refused: %1").replace(
            "%1", exc.message or exc.code
        )
    return QCoreApplication.translate("SyncMessages", "Something went wrong: %1").replace(
        "%1", type(exc).__name__
    )


class SyncController(QObject):
    state_changed = Signal(str)
    progress = Signal(str, int, int)  # phase ("push" | "pull"), done, total
    finished = Signal(object)  # SyncReport
    status_changed = Signal(object)  # overview.SyncStatus, read after each sync

    # From other threads, queued to the UI thread.
    _worker_progress = Signal(str, int, int)
    _monitor_state = Signal(int, bool)  # (monitor generation, online)
    _monitor_want = Signal(int, bool, int)  # (generation, came back, pending changes)

    def __init__(
        self,
        store: Store,
        parent: QObject | None = None,
        *,
        timing: MonitorTiming | None = None,
        backoff: Backoff | None = None,
        batch_size: int = 500,  # the engine's default and the server's maximum
        probe_timeout: float = 4.0,
        transport_factory: Callable[..., Transport] = Transport,
        push_delay: float = PUSH_DELAY,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.timing = timing or MonitorTiming()
        self.probe_timeout = probe_timeout
        self._cancel = threading.Event()
        backoff = backoff or Backoff()
        backoff.sleep = self._sleep  # a backoff wait ends at once when the app closes
        self.engine = SyncEngine(
            store, backoff=backoff, batch_size=batch_size, transport_factory=transport_factory
        )
        self._transport_factory = transport_factory
        self.tasks = TaskRunner(self, threads=1)  # network work: never the window's reader

        self.configured = False
        self.auto_sync = True
        self.online: bool | None = None
        self.running = False
        self.last_report: SyncReport | None = None
        self._server: tuple[str, bool, str] = ("", False, "")
        self._state = NOT_CONFIGURED
        self._started = self._stopped = False
        self._monitor: ConnectivityMonitor | None = None
        self._stoppers: list[threading.Thread] = []
        self._generation = 0

        # Restarted by every save: fires once the collector has stopped saving for a while.
        self._push_timer = QTimer(self, singleShot=True, interval=round(push_delay * 1000))
        self._push_timer.timeout.connect(self._push_saved)
        self._push_after_run = False  # saved while a sync ran: it may have missed them

        queued = Qt.ConnectionType.QueuedConnection
        self._worker_progress.connect(self._relay_progress, queued)
        self._monitor_state.connect(self._on_monitor_state, queued)
        self._monitor_want.connect(self._on_monitor_want, queued)

    # --- lifecycle --------------------------------------------------------------

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self.reconfigure()

    def stop(self, msecs: int = 20_000) -> None:
        """Stop the monitor and wait for a running sync (it stops at its next safe point)."""
        self._stopped = True
        self._cancel.set()
        self._push_timer.stop()
        self._stop_monitor(wait=True)
        if self.tasks.wait(msecs):
            self.running = False  # its result, still queued, is dropped: we are stopped

    def resume(self) -> None:
        """Run again after :meth:`stop` (a passphrase change that was cancelled)."""
        self._stopped = False
        self._cancel.clear()
        self._started = True
        self.reconfigure()

    @property
    def server(self) -> tuple[str, str]:
        """The server's address and the certificate authority file the sync trusts for it
        ("" : the system's), as last read."""
        return self._server[0], self._server[2]

    def reconfigure(self) -> None:
        """Re-read the server settings (after a login or a change) and restart the monitor."""
        settings = self.engine.settings()
        status = overview.status(self.store)
        self.configured = status.configured
        self.auto_sync = status.auto_sync
        self._server = (
            settings[state.SERVER_URL],
            settings[state.ALLOW_INSECURE] == "1",
            settings[state.CA_BUNDLE],
        )
        if self.last_report is not None and self.last_report.status == "login":
            self.last_report = None  # a fresh login: the old "log in again" no longer holds
        self._stop_monitor(wait=False)
        if self.configured and self.auto_sync and self._started and not self._stopped:
            self._generation += 1
            generation = self._generation
            self._monitor = ConnectivityMonitor(
                self._probe,
                lambda online: self._monitor_state.emit(generation, online),
                lambda came_back: self._monitor_want.emit(
                    generation, came_back, self._pending_for_monitor()
                ),
                self.timing,
            )
            self._monitor.start()
        self._update_state()

    def set_auto_sync(self, enabled: bool) -> None:
        overview.set_auto_sync(self.store, enabled)
        self.reconfigure()

    def _stop_monitor(self, wait: bool) -> None:
        self._generation += 1  # whatever the old monitor still reports is ignored
        monitor, self._monitor = self._monitor, None
        limit = self.probe_timeout * 2 + 1  # a probe in flight ends within its timeouts
        if monitor is not None and wait:
            monitor.stop(timeout=limit)
        elif monitor is not None:
            # Never block the window on a probe in flight: stop it from a helper thread.
            stopper = threading.Thread(
                target=monitor.stop, kwargs={"timeout": limit}, name="monitor-stop", daemon=True
            )
            stopper.start()
            self._stoppers.append(stopper)
        if wait:
            for stopper in self._stoppers:
                stopper.join(limit)
            self._stoppers.clear()
        else:
            self._stoppers = [t for t in self._stoppers if t.is_alive()]

    # --- state --------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    def needs_login(self) -> bool:
        return self.last_report is not None and self.last_report.status == "login"

    def _update_state(self) -> None:
        if self.running:
            new = SYNCING
        elif not self.configured:
            new = NOT_CONFIGURED
        elif self.online:
            new = ONLINE
        else:
            new = OFFLINE
        if new != self._state:
            self._state = new
            self.state_changed.emit(new)

    # --- the monitor (its callbacks run in its thread) ---------------------------------

    def _probe(self) -> bool:
        url, insecure, ca_bundle = self._server
        if not url:
            return False
        transport = self._transport_factory(
            url,
            None,
            allow_insecure=insecure,
            ca_bundle=ca_bundle or None,
            timeouts=Timeouts(connect=self.probe_timeout, read=self.probe_timeout),
        )
        try:
            return bool(transport.health(timeout=self.probe_timeout))
        finally:
            transport.close()

    def _pending_for_monitor(self) -> int:
        try:
            return services.pending_changes(self.store)
        except Exception:  # noqa: BLE001 - a busy database only delays the retry
            return 0

    @Slot(int, bool)
    def _on_monitor_state(self, generation: int, online: bool) -> None:
        if generation != self._generation or self._stopped:
            return
        self.online = online
        if not online:
            self._push_timer.stop()  # the monitor sends it when the server is back
        self._update_state()

    @Slot(int, bool, int)
    def _on_monitor_want(self, generation: int, came_back: bool, pending: int) -> None:
        if generation != self._generation or self._stopped:
            return
        if not self.online:  # the server answers, whatever the last sync met
            self.online = True
            self._update_state()
        if self.running or self.needs_login() or not self.auto_sync:
            return
        last_failed = self.last_report is None or self.last_report.status in FAILED
        if came_back or (pending > 0 and last_failed):
            log.info("starting a sync by itself (server back: %s, pending: %d)", came_back, pending)
            self.sync_now()

    # --- changes saved in the forms ----------------------------------------------------

    @Slot(str)
    def change_saved(self, _record_id: str = "") -> None:
        """A form stored a change: send it soon, if the server was last seen answering."""
        if self._may_push():
            self._push_timer.start()  # (re)started: a burst of saves goes as one sync

    def _may_push(self) -> bool:
        """Configured, automatic, logged in, and the server answered last time we asked."""
        return (
            self.configured
            and self.auto_sync
            and self.online is True
            and not self._stopped
            and not self.needs_login()
        )

    def _push_saved(self) -> None:
        if not self._may_push():
            return
        if self.running:
            self._push_after_run = True  # it may have sent before the last save
            return
        log.info("sending the changes saved in the last %d s", self._push_timer.interval() // 1000)
        self.sync_now()

    # --- one sync -------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a sync in the background; False when one runs already or none is possible."""
        if self.running or self._stopped or not self.configured:
            return False
        self.running = True
        self._push_timer.stop()  # what was saved until now goes with this sync
        self._update_state()

        def work() -> tuple[SyncReport, overview.SyncStatus]:
            report = self.engine.sync(self._progress_from_worker)
            return report, overview.status(self.store)

        self.tasks.submit(work, self._sync_done, self._sync_failed)
        return True

    def _sleep(self, seconds: float) -> None:
        if self._cancel.wait(seconds):
            raise SyncCancelled("stopped: the app is closing")

    def _progress_from_worker(self, phase: str, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise SyncCancelled("stopped: the app is closing")
        self._worker_progress.emit(phase, done, total)

    @Slot(str, int, int)
    def _relay_progress(self, phase: str, done: int, total: int) -> None:
        if self.running and not self._stopped:
            self.progress.emit(phase, done, total)

    def _sync_done(self, result: tuple[SyncReport, overview.SyncStatus]) -> None:
        report, status = result
        self.running = False
        if self._stopped:
            return
        self.last_report = report
        self.online = report.status != "offline"
        self.configured = status.configured
        self._update_state()
        self.status_changed.emit(status)
        self.finished.emit(report)
        if self._push_after_run and status.pending > 0:
            self.change_saved()
        self._push_after_run = False

    def _sync_failed(self, exc: Exception) -> None:
        """The engine let something through (a certificate error, a disk error...)."""
        self.running = False
        self._push_after_run = False  # offline now: the monitor sends them when it can
        if self._stopped:
            return
        report = SyncReport(status="error", message=describe_error(exc))
        self.last_report = report
        self.online = False
        self._update_state()
        self.finished.emit(report)

    # --- login (on the same worker, so it never overlaps a sync) ---------------------------

    def login(
        self,
        server_url: str,
        username: str,
        password: str,
        allow_insecure: bool,
        on_done: Callable[[dict[str, Any]], None],
        on_error: Callable[[Exception], None],
        ca_bundle: str | None = None,
    ) -> None:
        def work() -> dict[str, Any] | Exception:
            try:
                return self.engine.login(
                    server_url,
                    username,
                    password,
                    allow_insecure=allow_insecure,
                    ca_bundle=ca_bundle,
                )
            except (SyncError, requests.RequestException) as exc:
                return exc  # an expected answer (wrong password, no network): no traceback

        def done(answer: dict[str, Any] | Exception) -> None:
            if isinstance(answer, Exception):
                on_error(answer)
                return
            if not self._stopped:
                self.reconfigure()
            on_done(answer)

        self.tasks.submit(work, done, on_error)
