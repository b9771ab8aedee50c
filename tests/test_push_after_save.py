"""A change saved while the server answers goes out by itself, soon (issue 11 E).

The real window, real forms, the real server on loopback: visits saved through the visit
form reach the server a debounce after the last save, without F5, and a burst of saves
goes as one sync. Offline, nothing is tried until the monitor sees the server again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import app, fast_backoff, local_rows, seed_server, server_rows
from vss_core.enums import Outcome
from vss_desktop.settings import Settings
from vss_desktop.store import Store
from vss_desktop.sync import overview as sync_overview
from vss_desktop.sync.monitor import MonitorTiming
from vss_desktop.ui.main_window import MainWindow
from vss_desktop.ui.sync_controller import PUSH_DELAY, SyncController
from vss_desktop.ui.visit_dialog import VisitDialog

pytestmark = pytest.mark.gui

FAST = MonitorTiming(online_every=0.3, first_retry=0.1, max_retry=0.3)
DEBOUNCE = 3.0  # seconds, instead of the app's PUSH_DELAY; longer than a burst


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    yield
    left = [t.name for t in threading.enumerate() if t.name == "connectivity" and t.is_alive()]
    assert left == [], f"threads left running: {left}"


@pytest.fixture
def sync_server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path / "server").start()
    seed_server(proc, tmp_path)
    yield proc
    proc.stop()


def open_window(qtbot, tmp_path: Path, server: ServerProcess) -> tuple[MainWindow, Store]:
    store, _engine = app(tmp_path, "laptop", server)
    controller = SyncController(
        store, timing=FAST, backoff=fast_backoff(attempts=2), probe_timeout=1, push_delay=DEBOUNCE
    )
    window = MainWindow(
        store, Settings(language="en", collector="thu.lt"), tmp_path, sync=controller
    )
    qtbot.addWidget(window)
    window.show()
    # Online at start: the monitor's first probe syncs, and the households arrive.
    qtbot.waitUntil(
        lambda: window.sync_indicator.text().startswith("Online · synced at"), timeout=10_000
    )
    qtbot.waitUntil(lambda: not window.sync.running)
    return window, store


def runs(store: Store) -> int:
    return len(sync_overview.sync_log(store))


def record_visit_in_form(qtbot, window: MainWindow, household_id: str) -> str:
    """Open the visit form from the window (modal), pick an outcome and press Save."""
    with qtbot.waitSignal(window.detail_loaded, timeout=5000):
        window.load_detail(household_id)
    saved: list[str] = []
    failures: list[BaseException] = []

    def inside() -> None:
        try:
            qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VisitDialog))
            dialog = QApplication.activeModalWidget()
            dialog.saved.connect(saved.append)
            dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.THINKING))
            dialog.save()
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
        except BaseException as exc:  # noqa: BLE001 - re-raised outside the modal loop
            failures.append(exc)
            modal = QApplication.activeModalWidget()
            if modal is not None:
                modal.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, inside)
    window.record_visit()
    if failures:
        raise failures[0]
    assert len(saved) == 1
    return saved[0]


def wait_quietly(qtbot, seconds: float) -> None:
    qtbot.wait(int(seconds * 1000))


def test_the_app_default_is_tens_of_seconds() -> None:
    assert 10 <= PUSH_DELAY <= 60


def test_visits_saved_online_reach_the_server_after_the_debounce_as_one_sync(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    window, store = open_window(qtbot, tmp_path, sync_server)
    before = runs(store)
    households = list(local_rows(store, "household"))
    assert len(households) == 3

    finished: list[object] = []
    window.sync.finished.connect(finished.append)
    saved = [record_visit_in_form(qtbot, window, hid) for hid in households]  # a burst
    last_save = time.monotonic()
    assert finished == []  # nothing went out during the burst

    qtbot.waitUntil(lambda: len(finished) == 1, timeout=int(DEBOUNCE * 1000) + 10_000)
    waited = time.monotonic() - last_save
    assert waited >= DEBOUNCE * 0.9, "sent before the collector stopped saving"
    report = finished[0]
    assert report.status == "ok" and report.sent == 3  # the three visits, in one sync
    assert sorted(v["id"] for v in server_rows(sync_server, "visit")) == sorted(saved)
    qtbot.waitUntil(lambda: window.pending_label.text() == "Changes waiting to be sent: 0")

    wait_quietly(qtbot, DEBOUNCE + 0.5)  # and no second sync follows
    assert len(finished) == 1
    assert runs(store) == before + 1
    window.close()
    store.close()


def test_a_visit_saved_offline_waits_for_the_server(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    window, store = open_window(qtbot, tmp_path, sync_server)
    household = next(iter(local_rows(store, "household")))
    sync_server.stop()  # the collector walks into the valley
    qtbot.waitUntil(lambda: window.sync.state == "offline", timeout=10_000)
    before = runs(store)

    visit_id = record_visit_in_form(qtbot, window, household)
    wait_quietly(qtbot, DEBOUNCE + 1.0)
    assert runs(store) == before  # nothing was tried while the server was away
    qtbot.waitUntil(lambda: window.pending_label.text() == "Changes waiting to be sent: 1")

    done: Callable[[object], bool] = lambda report: report.status == "ok"  # noqa: E731
    with qtbot.waitSignal(window.sync.finished, timeout=20_000, check_params_cb=done) as back:
        sync_server.start()  # back on the hilltop
    assert back.args[0].sent == 1
    assert [v["id"] for v in server_rows(sync_server, "visit")] == [visit_id]
    window.close()
    store.close()
