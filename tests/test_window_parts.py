"""The parts the main window composes (issue 12 item 4): the sync status bar, the daily
backup scheduler, the passphrase change flow and the print job, each on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from vss_core import vietnam_time
from vss_desktop.settings import Settings
from vss_desktop.store import backups, services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import KdfParams
from vss_desktop.sync.engine import SyncReport
from vss_desktop.ui.backup_scheduler import (
    BACKUP_CHECK_EVERY_MS,
    DAILY_BACKUP_DELAY_MS,
    BackupScheduler,
)
from vss_desktop.ui.main_window import MainWindow
from vss_desktop.ui.sync_controller import SyncController
from vss_desktop.ui.sync_status import SyncStatusBar
from vss_desktop.ui.tasks import TaskRunner
from vss_desktop.ui.unlock_dialog import PassphraseDialog

pytestmark = pytest.mark.gui
CHEAP = KdfParams(n=2**10)  # tests only
GOOD = "bản Pha Long 2026"
NEW = "thôn Nậm Mòn mới"


def encrypted_store(directory: Path):  # noqa: ANN201 - a Store
    store = unlocking.unlock(directory, GOOD, kdf=CHEAP)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    return store


# --- the sync status bar ---------------------------------------------------------------------


def test_the_sync_status_bar_reads_and_shows_the_counts_on_its_own(qtbot, tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    host = QMainWindow()
    qtbot.addWidget(host)
    tasks = TaskRunner(host)
    sync = SyncController(store, host)
    bar = SyncStatusBar(store, sync, tasks, host.statusBar())
    bar.refresh()
    qtbot.waitUntil(lambda: bar.status is not None, timeout=5000)
    pending = services.pending_changes(store)
    assert pending > 0 and bar.pending_label.text() == f"Changes waiting to be sent: {pending}"
    assert not bar.issues_button.isVisibleTo(host)
    assert bar.indicator.text() == "Not connected to a server"
    assert bar.finished_text(SyncReport(status="ok", sent=2, received=3)) == (
        "Sync finished: 2 sent, 3 received."
    )
    held = SyncReport(status="ok", sent=1, waiting=6, waiting_for="events")  # an older server
    assert bar.finished_text(held) == (
        "Sync finished: 1 sent, 0 received. 6 changes wait on this laptop until the server is"
        " updated to accept events."
    )
    bar.show_progress("push", 1, 4)
    assert (bar.progress.maximum(), bar.progress.value()) == (4, 1)
    sync.stop()
    tasks.wait()
    host.close()
    store.close()


# --- the daily copy --------------------------------------------------------------------------


def test_the_backup_scheduler_copies_and_pauses_on_its_own(qtbot, tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    host = QMainWindow()
    qtbot.addWidget(host)
    scheduler = BackupScheduler(store, host)
    assert scheduler.timer.isActive() and scheduler.timer.interval() == DAILY_BACKUP_DELAY_MS
    scheduler.make_daily_backup()
    scheduler.pause()  # waits for the copy under way
    assert not scheduler.timer.isActive() and scheduler.runner.pool.activeThreadCount() == 0
    qtbot.waitUntil(lambda: not scheduler.runner.busy(), timeout=5000)  # its answer delivered
    [copy] = backups.list_backups(tmp_path)
    assert copy.name.endswith(f"-daily-{vietnam_time.today():%Y%m%d}.sqlite3")
    scheduler.resume()
    assert scheduler.timer.isActive() and scheduler.timer.interval() == BACKUP_CHECK_EVERY_MS
    scheduler.timer.stop()
    host.close()
    store.close()


# --- changing the passphrase from the window -------------------------------------------------


def when_shown(kind: type[QWidget], act) -> None:  # type: ignore[no-untyped-def]
    """Call ``act(widget)`` once a modal ``kind`` is open (dialogs run their own loop)."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            act(widget)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def open_window(qtbot, store, directory: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, Settings(language="en", lock_after_minutes=3), directory)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    return window


def test_a_cancelled_passphrase_change_resumes_the_workers(qtbot, tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    window = open_window(qtbot, store, tmp_path)
    assert window.change_passphrase_action.isEnabled()
    seen: list[bool] = []

    def cancel(dialog: PassphraseDialog) -> None:
        # While the dialog is open nothing else holds the database.
        seen.append(window.backup.timer.isActive() or window.idle_lock.timer.isActive())
        dialog.reject()

    when_shown(PassphraseDialog, cancel)
    window.change_passphrase()
    assert seen == [False]
    assert window.isVisible()
    assert window.backup.timer.isActive()
    assert window.backup.timer.interval() == BACKUP_CHECK_EVERY_MS
    assert window.idle_lock.timer.isActive() and window.idle_lock.timer.interval() == 180_000
    assert not window.sync._stopped  # noqa: SLF001 - resumed
    window.close()
    store.close()


def test_a_passphrase_change_from_the_window_rekeys_and_closes(qtbot, tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    window = open_window(qtbot, store, tmp_path)
    told: list[str] = []

    def change(dialog: PassphraseDialog) -> None:
        when_shown(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        dialog.old.setText(GOOD)
        dialog.passphrase.setText(NEW)
        dialog.repeat.setText(NEW)
        dialog.ok.click()

    when_shown(PassphraseDialog, change)
    window.change_passphrase()
    assert told == ["The passphrase was changed. Open the app again with the new one."]
    assert not window.isVisible()
    store.close()
    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.unlock(tmp_path, GOOD)
    reopened = unlocking.unlock(tmp_path, NEW)
    assert services.pending_changes(reopened) > 0
    reopened.close()


# --- the print job ---------------------------------------------------------------------------


def print_job(qtbot, store):  # type: ignore[no-untyped-def]  # noqa: ANN201 - (host, job)
    from vss_desktop.ui.print_job import JobTexts, PrintJob

    host = QWidget()
    qtbot.addWidget(host)
    tasks = TaskRunner(host)
    texts = JobTexts(
        preparing="laying out",
        previewed=lambda pages: f"{pages} previewed",
        printed=lambda pages: f"{pages} printed",
        saved=lambda pages, name: f"{pages} saved to {name}",
    )
    return host, tasks, PrintJob(host, store, tasks, texts)


def test_the_print_job_writes_a_pdf_in_the_worker(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from vss_desktop.printing.documents import Kind, PrintRequest

    store = encrypted_store(tmp_path)
    host, tasks, job = print_job(qtbot, store)
    busy: list[tuple[bool, str]] = []
    job.busy_changed.connect(lambda on, text: busy.append((on, text)))
    target = tmp_path / "list"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(job.finished, timeout=20_000) as blocker:
        job.save_pdf(PrintRequest(Kind.VISIT_LIST), "Save", "visit-list.pdf")
        assert job.busy
    assert blocker.args == ["1 saved to list.pdf"]
    assert (tmp_path / "list.pdf").read_bytes().startswith(b"%PDF")
    assert busy == [(True, "Writing the PDF…"), (False, "1 saved to list.pdf")]
    assert not job.busy
    tasks.wait()
    host.close()
    store.close()


def test_a_print_job_that_fails_says_so_and_leaves_no_file(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from vss_desktop.printing.documents import Kind, PrintRequest

    store = encrypted_store(tmp_path)
    host, tasks, job = print_job(qtbot, store)
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    finished: list[str] = []
    job.finished.connect(finished.append)
    gone = PrintRequest(Kind.CAMPAIGN, campaign_id="deleted meanwhile")
    with qtbot.waitSignal(job.failed, timeout=20_000) as blocker:
        job.save_pdf(gone, "Save", "report.pdf")
    assert isinstance(blocker.args[0], services.NotFound)
    assert not job.busy and finished == []
    assert list(tmp_path.glob("*.pdf*")) == []
    tasks.wait()
    host.close()
    store.close()
