"""The window downloads an update by itself after a sync that announces one (issue 16 §3,
docs/updates.md): the real server serves a signed repository and tells the current
version at /sync/status; the main window's sync stores it, the status bar's downloader
fetches the archive in the background through the 64 kbit/s proxy (progress in the status
bar), checks it and stages it for the next start. A tampered archive is refused and said
so; closing the window mid-download does not wait for it, and the next check resumes.

The app here runs from source, so it is told it is version 1.0.0 and given the
repository's root as the one a bundle would carry; the stand-in bundles are those of
tests/test_updates.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.fault_proxy import FaultProxy
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, fast_backoff, seed_server
from helpers.update_repo import init_repo, make_bundle, publish, tamper
from vss_desktop.settings import Settings
from vss_desktop.store import open_store
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.update.home import UpdateHome

pytestmark = pytest.mark.gui

RATE = 8000  # 64 kbit/s, each way


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path)
    publish(repo, make_bundle(tmp_path / "build" / "1", "1.0.0"), "1.0.0")
    publish(repo, make_bundle(tmp_path / "build" / "2", "2.0.0"), "2.0.0")
    return repo


@pytest.fixture
def server(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProcess]:
    monkeypatch.setenv("VSS_SERVER_UPDATES_DIR", str(repo))
    monkeypatch.setenv("VSS_SERVER_APP_VERSION_CURRENT", "2.0.0")
    proc = ServerProcess(tmp_path / "server").start()
    seed_server(proc, tmp_path)
    yield proc
    proc.stop()


def open_window(qtbot, tmp_path: Path, url: str, repo: Path, home: UpdateHome):
    """The main window of a laptop logged in to ``url``, as version 1.0.0 of a bundle."""
    from vss_desktop.ui.main_window import MainWindow
    from vss_desktop.ui.update_download import UpdateDownloader

    store = open_store(tmp_path / f"laptop-{time.monotonic_ns()}")
    SyncEngine(store, backoff=fast_backoff()).login(url, "thu.lt", PASSWORD)
    downloader = UpdateDownloader(
        repo / "metadata" / "root.json", home, own_version="1.0.0", retry_delay_s=0.05
    )
    window = MainWindow(
        store, Settings(language="en", collector="thu.lt"), tmp_path, updates=downloader
    )
    qtbot.addWidget(window)
    window.show()
    return window, store, downloader


def sync_again_and_stay(qtbot, window, downloader, phase: str) -> None:
    """One more sync: the downloader starts nothing and stays in ``phase``."""
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        window.sync.sync_now()
    qtbot.wait(300)
    assert not downloader.busy and downloader.state.phase == phase


def test_a_sync_that_announces_a_version_downloads_and_stages_it(
    qtbot, tmp_path: Path, repo: Path, server: ServerProcess
) -> None:
    home = UpdateHome(tmp_path / "updates")
    with FaultProxy(server.port, rate=RATE, latency=0.3) as proxy:
        window, store, downloader = open_window(qtbot, tmp_path, proxy.url, repo, home)
        seen: list[tuple[str, int, int]] = []
        downloader.changed.connect(lambda s: seen.append((s.phase, s.done, s.total)))
        bar = window.sync_bar
        with qtbot.waitSignal(window.sync.finished, timeout=30_000) as synced:
            window.sync.sync_now()
        assert synced.args[0].status == "ok"
        qtbot.waitUntil(lambda: downloader.state.phase == "downloading", timeout=10_000)
        assert bar.update_progress.isVisibleTo(window)
        qtbot.waitUntil(lambda: downloader.state.phase == "staged", timeout=60_000)

    with store.read() as session:
        assert state.app_versions(session).current == "2.0.0"  # what the sync stored
    archive = (repo / "targets" / "vss-desktop-2.0.0.tar.gz").stat().st_size
    downloading = [(done, total) for phase, done, total in seen if phase == "downloading"]
    # the progress came in steps, from the archive's first pieces to its end
    assert [total for _done, total in downloading if total] == [archive] * (len(downloading) - 1)
    assert len(downloading) >= 3 and downloading[-1] == (archive, archive)
    assert home.read_state().staged == "2.0.0"
    assert (home.version_dir("2.0.0") / "VERSION").read_text() == "2.0.0"
    assert not bar.update_progress.isVisibleTo(window)
    assert bar.update_label.text() == (
        "Version 2.0.0 is downloaded: it will be installed when you next open the app."
    )

    # Another sync does not fetch it again; a new window (the next start, before the
    # launcher ran) says it is ready from the state file.
    sync_again_and_stay(qtbot, window, downloader, "staged")
    window.close()
    store.close()
    again, store2, downloader2 = open_window(qtbot, tmp_path, server.url, repo, home)
    qtbot.waitUntil(lambda: downloader2.state.phase == "staged", timeout=5000)
    assert "2.0.0" in again.sync_bar.update_label.text()
    again.close()
    store2.close()


def test_a_tampered_archive_is_refused_and_said_so(
    qtbot, tmp_path: Path, repo: Path, server: ServerProcess
) -> None:
    tamper(repo, "2.0.0")
    home = UpdateHome(tmp_path / "updates")
    window, store, downloader = open_window(qtbot, tmp_path, server.url, repo, home)
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: downloader.state.phase == "refused", timeout=30_000)
    assert downloader.state.version == "2.0.0"
    text = window.sync_bar.update_label.text()
    assert "2.0.0" in text and "signature check" in text and "IT team" in text
    assert home.read_state().staged == ""
    assert not (home.root / "versions").exists()
    sync_again_and_stay(qtbot, window, downloader, "refused")  # not fetched at every sync
    window.close()
    store.close()


def test_closing_the_window_mid_download_does_not_wait_and_the_next_check_resumes(
    qtbot, tmp_path: Path, repo: Path, server: ServerProcess
) -> None:
    home = UpdateHome(tmp_path / "updates")
    archive = (repo / "targets" / "vss-desktop-2.0.0.tar.gz").stat().st_size
    with FaultProxy(server.port, rate=2000, latency=0.3) as proxy:  # 16 kbit/s: slow
        window, store, downloader = open_window(qtbot, tmp_path, proxy.url, repo, home)
        with qtbot.waitSignal(window.sync.finished, timeout=30_000):
            window.sync.sync_now()
        qtbot.waitUntil(
            lambda: downloader.state.phase == "downloading" and downloader.state.done > 0,
            timeout=30_000,
        )
        started = time.monotonic()
        window.close()
        closed_in = time.monotonic() - started
        assert downloader.wait(10), "the download did not stop at its next piece"
        store.close()
    assert closed_in < 3, f"closing waited {closed_in:.1f} s for the download"
    (part,) = home.downloads_dir.iterdir()
    kept = part.stat().st_size
    assert 0 < kept < archive
    assert home.read_state().staged == ""

    window, store, downloader = open_window(qtbot, tmp_path, server.url, repo, home)
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: downloader.state.phase == "staged", timeout=30_000)
    assert home.read_state().staged == "2.0.0"
    assert not part.exists()
    window.close()
    store.close()
