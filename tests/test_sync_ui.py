"""Sync in the window, against the real server (SQLite) on loopback: logging in from the
keyboard, the status-bar indicator, a sync that never blocks the window, conflicts,
the sync log, and a server that goes away and comes back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QRadioButton

from helpers.keyboard import focused, press, tab, type_text
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import (
    PASSWORD,
    VILLAGES,
    app,
    fast_backoff,
    local_rows,
    seed_server,
    server_engine,
    server_rows,
)
from vss_desktop.settings import Settings
from vss_desktop.store import Store, open_store, services
from vss_desktop.sync import overview as sync_overview
from vss_desktop.sync import state
from vss_desktop.sync.monitor import MonitorTiming
from vss_desktop.ui.issues_dialog import IssuesDialog
from vss_desktop.ui.main_window import MainWindow
from vss_desktop.ui.server_dialog import ServerDialog
from vss_desktop.ui.sync_controller import SyncController
from vss_desktop.ui.sync_log_dialog import EndOfDayDialog, SyncLogDialog

pytestmark = pytest.mark.gui

FAST = MonitorTiming(online_every=0.3, first_retry=0.1, max_retry=0.3)
OUR_THREADS = ("connectivity", "monitor-stop")


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    yield
    left = [t.name for t in threading.enumerate() if t.name in OUR_THREADS and t.is_alive()]
    assert left == [], f"threads left running: {left}"


@pytest.fixture
def sync_server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path / "server").start()
    seed_server(proc, tmp_path)
    yield proc
    proc.stop()


def open_window(qtbot, store: Store, tmp_path: Path, batch_size: int = 200) -> MainWindow:
    controller = SyncController(
        store, timing=FAST, backoff=fast_backoff(attempts=2), batch_size=batch_size, probe_timeout=1
    )
    window = MainWindow(
        store, Settings(language="en", collector="thu.lt"), tmp_path, sync=controller
    )
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    window.show_households()
    return window


def logged_in_store(tmp_path: Path, name: str, server: ServerProcess, auto_sync: bool) -> Store:
    store, _engine = app(tmp_path, name, server)
    sync_overview.set_auto_sync(store, auto_sync)
    return store


def sync_and_wait(qtbot, window: MainWindow, status: str = "ok"):
    """Press F5 in the window; return the report of the sync it started."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as blocker:
        qtbot.keyClick(window.list_view, Qt.Key.Key_F5)
    report = blocker.args[0]
    assert report.status == status, report.message
    qtbot.waitUntil(lambda: not window.tasks.busy())  # the status bar has been refreshed
    return report


def run_modal(qtbot, trigger: Callable[[], None], body: Callable[[QDialog], None]) -> None:
    """Open a modal dialog with ``trigger`` and drive it with ``body`` inside its event loop;
    the dialog is closed whatever happens, so a failing check cannot hang the test."""
    errors: list[BaseException] = []

    def inside() -> None:
        qtbot.waitUntil(
            lambda: (m := QApplication.activeModalWidget()) is not None and m.isActiveWindow()
        )
        dialog = QApplication.activeModalWidget()
        try:
            body(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised outside the modal loop
            errors.append(exc)
        finally:
            qtbot.waitUntil(lambda: not getattr(dialog, "busy", False), timeout=20_000)
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, inside)
    trigger()
    if errors:
        raise errors[0]


# --- logging in ----------------------------------------------------------------------


def test_log_in_from_the_keyboard_plain_http_refused_inline(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "laptop")
    window = open_window(qtbot, store, tmp_path)
    assert window.sync.state == "not_configured"
    assert window.sync_indicator.text() == "Not connected to a server"

    def drive(dialog: QDialog) -> None:
        assert isinstance(dialog, ServerDialog)
        assert focused() is dialog.address
        # Plain HTTP to another computer: refused inline as soon as the field is left.
        type_text(qtbot, "http://10.20.30.40:8000")
        tab(qtbot)
        assert focused() is dialog.insecure
        assert dialog.address_error.isVisible()
        assert "Plain http://" in dialog.address_error.text()
        tab(qtbot)
        type_text(qtbot, "thu.lt")
        tab(qtbot)
        assert focused() is dialog.password
        assert dialog.password.echoMode() == dialog.password.EchoMode.Password
        type_text(qtbot, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)  # Enter in the password logs in... or is refused
        assert not dialog.busy and not window.sync.tasks.busy(), "no request may go out"
        assert focused() is dialog.address  # back to the field to fix
        assert dialog.address_error.isVisible()

        # Ticking "allow plain HTTP" lifts the refusal and shows the warning instead.
        tab(qtbot)
        press(qtbot, Qt.Key.Key_Space)
        assert dialog.insecure.isChecked()
        assert not dialog.address_error.isVisible()
        assert dialog.insecure_warning.isVisible() and "Unsafe" in dialog.insecure_warning.text()
        press(qtbot, Qt.Key.Key_Space)  # untick: our server is on this computer
        assert not dialog.insecure_warning.isVisible()

        # A TLS failure is reported as such (certificates are verified, never skipped).
        press(qtbot, Qt.Key.Key_Backtab)
        press(qtbot, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, sync_server.url.replace("http://", "https://"))
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is dialog.password
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy and dialog.result_label.isVisible(), timeout=10_000)
        assert "secure connection" in dialog.result_label.text()

        # Plain HTTP to this computer is fine; a wrong password is said plainly.
        dialog.address.setFocus()
        press(qtbot, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, sync_server.url)
        press(qtbot, Qt.Key.Key_Return, times=2)
        press(qtbot, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, "sai-mật-khẩu")
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.busy and dialog.progress.isVisible()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        assert dialog.result_label.text() == "Wrong username or password."
        assert focused() is dialog.password  # with the text selected: type again

        type_text(qtbot, PASSWORD)
        with qtbot.waitSignal(dialog.logged_in, timeout=10_000):
            press(qtbot, Qt.Key.Key_Return)
        assert dialog.result_label.text().startswith("Logged in as thu.lt")
        assert dialog.password.text() == ""
        assert focused() is dialog.close_button
        press(qtbot, Qt.Key.Key_Escape)

    run_modal(qtbot, window.server_action.trigger, drive)

    # The token is stored, the password nowhere; the first sync starts by itself.
    settings = window.sync.engine.settings()
    assert settings[state.SERVER_URL] == sync_server.url and settings[state.TOKEN]
    assert settings[state.ALLOW_INSECURE] == "0"
    qtbot.waitUntil(
        lambda: window.sync_indicator.text().startswith("Online · synced at"), timeout=10_000
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)  # the collector's village arrived
    window.close()
    store.close()
    raw = b"".join(p.read_bytes() for p in (tmp_path / "laptop").glob("vss.sqlite3*"))
    assert PASSWORD.encode() not in raw


# --- Sync now ----------------------------------------------------------------------------


def test_sync_now_updates_the_status_bar_and_never_blocks_the_window(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    store = logged_in_store(tmp_path, "laptop", sync_server, auto_sync=False)
    window = open_window(qtbot, store, tmp_path, batch_size=4)
    assert not [t for t in threading.enumerate() if t.name == "connectivity"]  # auto-sync off
    report = sync_and_wait(qtbot, window)
    assert report.received == 3
    assert window.sync_indicator.text().startswith("Online · synced at ")
    assert window.sync_indicator.objectName() == "syncIndicator"
    assert window.pending_label.text() == "Changes waiting to be sent: 0"
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)

    heads = {h.head_name: h.id for h in local_rows(store, "household").values()}
    for i in range(320):
        services.create_person(store, heads["Nguyễn Văn Hộ 0"], {"full_name": f"Con {i}"})
    window.after_change()
    qtbot.waitUntil(lambda: window.pending_label.text() == "Changes waiting to be sent: 320")

    ticks: list[float] = []
    timer = QTimer(window, interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    with qtbot.waitSignal(window.sync.finished, timeout=30_000) as done:
        qtbot.keyClick(window.list_view, Qt.Key.Key_F5)
        assert window.sync.state == "syncing"
        assert window.sync_indicator.text() == "Syncing…"
        assert window.sync_progress.isVisible()
        # The collector searches while 80 batches go out: the list answers at once.
        with qtbot.waitSignal(window.list_loaded, timeout=5000):
            window.search_box.setFocus()
            type_text(qtbot, "Hộ 4")
        assert window.sync.running, "the search waited for the sync to end"
        assert [window.model.household_id(r) for r in range(window.model.rowCount())] == [
            heads["Nguyễn Văn Hộ 4"]
        ]
        qtbot.keyClick(window.list_view, Qt.Key.Key_F5)  # a second sync is not started
    timer.stop()
    assert done.args[0].sent == 320 and done.args[0].status == "ok"
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.5  # never frozen
    qtbot.waitUntil(lambda: window.pending_label.text() == "Changes waiting to be sent: 0")
    assert not window.sync_progress.isVisible()
    assert (
        len([p for p in server_rows(sync_server, "person") if p["full_name"].startswith("Con ")])
        == 320
    )
    assert len(sync_overview.sync_log(store)) == 2  # one run per F5 that started
    window.close()
    store.close()


def test_closing_the_window_stops_a_sync_at_a_safe_point(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    store = logged_in_store(tmp_path, "laptop", sync_server, auto_sync=False)
    window = open_window(qtbot, store, tmp_path, batch_size=2)
    sync_and_wait(qtbot, window)
    household = next(iter(local_rows(store, "household")))
    for i in range(200):
        services.create_person(store, household, {"full_name": f"Con {i}"})
    with qtbot.waitSignal(window.sync.progress, timeout=10_000):
        window.sync.sync_now()
    started = time.monotonic()
    window.close()  # waits for the sync, which stops after the batch it is sending
    assert time.monotonic() - started < 5
    assert not window.sync.running
    last = sync_overview.sync_log(store)[0]
    assert (last.status, last.message) == ("offline", "stopped: the app is closing")
    assert 0 < last.sent < 200
    assert services.pending_changes(store) == 200 - last.sent

    # The next start sends the rest, each once.
    window2 = open_window(qtbot, store, tmp_path)
    sync_and_wait(qtbot, window2)
    names = [p["full_name"] for p in server_rows(sync_server, "person")]
    assert sorted(names) == sorted(f"Con {i}" for i in range(200))
    window2.close()
    store.close()


# --- conflicts, rejections and the log ----------------------------------------------------


def test_conflict_settled_in_the_dialog_goes_to_the_server(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    store = logged_in_store(tmp_path, "a", sync_server, auto_sync=False)
    other, other_sync = app(tmp_path, "b", sync_server)  # the same collector's second laptop
    assert other_sync.sync().status == "ok"
    window = open_window(qtbot, store, tmp_path)
    sync_and_wait(qtbot, window)
    heads = {h.head_name: h.id for h in local_rows(store, "household").values()}
    first, second = heads["Nguyễn Văn Hộ 0"], heads["Nguyễn Văn Hộ 2"]

    services.update_household(other, first, {"phone": "0912345678"})
    assert other_sync.sync().status == "ok"
    services.update_household(store, first, {"phone": "0987654321", "notes": "Nhà sau trường"})
    # Meanwhile the supervisor hands the second household to another collector.
    from vss_server import admin

    engine = server_engine(sync_server)
    admin.assign(engine, "nam.vh", household_ids=[second])
    engine.dispose()
    services.update_household(store, second, {"notes": "Hẹn thứ bảy"})
    window.after_change()

    report = sync_and_wait(qtbot, window)
    assert (report.conflicts, report.rejected) == (1, 1)
    qtbot.waitUntil(lambda: window.issues_button.isVisible())
    assert window.issues_button.text() == "Needs attention: 2"

    dialog = IssuesDialog(store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.list.count() == 2
    assert dialog.list.item(0).text().startswith("Conflict\nHousehold: Nguyễn Văn Hộ 0")
    assert dialog.apply_button.isVisible() and not dialog.dismiss_button.isVisible()
    rows = [
        dialog.fields_area.widget().layout().itemAtPosition(1, c).widget().text() for c in range(3)
    ]
    assert rows == ["Phone", "0987654321", "0912345678"]  # field, on this laptop, on the server
    keep_server = dialog.findChild(QRadioButton, "keepServer_phone")
    keep_mine = dialog.findChild(QRadioButton, "keepMine_phone")
    assert keep_server.isChecked()
    keep_mine.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert keep_mine.isChecked()
    with qtbot.waitSignal(dialog.changed):
        qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Apply

    # The rejection is next: the reason, and it can be dismissed.
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith("Rejected by the server")
    assert "not assigned to you" in dialog.explanation.text()
    assert dialog.dismiss_button.isVisible()
    with qtbot.waitSignal(dialog.changed):
        dialog.dismiss_button.click()
    assert dialog.list.count() == 0
    assert dialog.title.text() == "Nothing needs your attention."
    dialog.close()

    window.refresh_pending()
    qtbot.waitUntil(lambda: not window.issues_button.isVisible())
    assert window.pending_label.text() == "Changes waiting to be sent: 1"
    sync_and_wait(qtbot, window)
    row = next(r for r in server_rows(sync_server, "household") if r["id"] == first)
    assert (row["phone"], row["notes"]) == ("0987654321", "Nhà sau trường")

    # The sync log lists the three runs, newest first.
    log_dialog = SyncLogDialog(window.sync, window)
    qtbot.addWidget(log_dialog)
    table = log_dialog.table
    assert table.rowCount() == 3
    cells = [[table.item(r, c).text() for c in range(1, 6)] for r in range(3)]
    assert cells == [
        ["Completed", "1", "1", "0", "0"],  # the kept value comes back with its new version
        # Sent the two changes; received the merged household and the removal of the one
        # that left this collector's scope.
        ["Completed", "2", "2", "1", "1"],
        ["Completed", "0", "3", "0", "0"],
    ]
    assert table.item(0, 0).text().count("/") == 2  # dd/mm/yyyy HH:MM
    log_dialog.close()
    window.close()
    store.close()
    other.close()


# --- offline and back ---------------------------------------------------------------------


def test_server_away_then_back_syncs_by_itself(
    qtbot, sync_server: ServerProcess, tmp_path: Path
) -> None:
    store = logged_in_store(tmp_path, "laptop", sync_server, auto_sync=True)
    window = open_window(qtbot, store, tmp_path)
    # Online at start: the monitor's first probe starts a sync by itself.
    qtbot.waitUntil(
        lambda: window.sync_indicator.text().startswith("Online · synced at"), timeout=10_000
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)

    sync_server.stop()  # the collector walks into the valley
    qtbot.waitUntil(lambda: window.sync.state == "offline", timeout=10_000)
    assert window.sync_indicator.text().startswith("Offline · last synced at ")
    household = next(iter(local_rows(store, "household")))
    services.update_household(store, household, {"notes": "Gặp ở nương"})
    window.after_change()
    qtbot.waitUntil(lambda: window.pending_label.text() == "Changes waiting to be sent: 1")
    # Visits recorded while offline: the queue grows, the window keeps working.
    visits = [
        services.record_visit(store, hid, {"outcome": "thinking"}, []).id
        for hid in local_rows(store, "household")
    ]
    window.after_change()
    queued = 1 + len(visits)
    qtbot.waitUntil(lambda: window.pending_label.text() == f"Changes waiting to be sent: {queued}")
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.search_box.setText("a")  # searching still works while offline

    # End of day without a signal: a clear message, nothing lost.
    end = EndOfDayDialog(window.sync, window)
    qtbot.addWidget(end)
    end.show()
    qtbot.waitUntil(lambda: end.report is not None, timeout=10_000)
    assert end.report.status == "offline"
    assert "could not be reached" in end.message.text()
    assert end.numbers["pending"].text() == str(queued)
    end.close()

    with qtbot.waitSignal(
        window.sync.finished, timeout=20_000, check_params_cb=lambda r: r.status == "ok"
    ) as back:
        sync_server.start()  # back on the hilltop: no key pressed
    assert back.args[0].sent == queued
    qtbot.waitUntil(lambda: window.pending_label.text() == "Changes waiting to be sent: 0")
    assert window.sync_indicator.text().startswith("Online · synced at ")
    row = next(r for r in server_rows(sync_server, "household") if r["id"] == household)
    assert row["notes"] == "Gặp ở nương"
    assert sorted(v["id"] for v in server_rows(sync_server, "visit")) == sorted(visits)  # once each
    assert {h.village for h in local_rows(store, "household").values()} == {VILLAGES[0]}
    window.close()
    store.close()


def test_end_of_day_summary(qtbot, sync_server: ServerProcess, tmp_path: Path) -> None:
    store = logged_in_store(tmp_path, "laptop", sync_server, auto_sync=False)
    window = open_window(qtbot, store, tmp_path)
    end = EndOfDayDialog(window.sync, window)
    qtbot.addWidget(end)
    end.show()
    qtbot.waitUntil(lambda: end.report is not None, timeout=10_000)
    assert [
        end.numbers[k].text() for k in ("sent", "received", "conflicts", "attention", "pending")
    ] == [
        "0",
        "3",
        "0",
        "0",
        "0",
    ]
    assert end.message.text() == "Everything is on the server. You can close the app."
    end.close()
    window.close()
    store.close()
