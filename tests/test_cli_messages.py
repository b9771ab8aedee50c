"""Issue 11, A5 and A7: the command line says in words what went wrong and what to do.

Every command runs as a subprocess (`python -m vss_desktop ...`), as a script would run
it: no login yet, a server that does not answer, a database with a damaged page, and
`--demo` on a folder that already holds data.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from helpers.server_harness import ServerProcess, free_port
from helpers.sync_helpers import PASSWORD, seed_server
from vss_desktop import paths
from vss_desktop.demo import load as demo_data
from vss_desktop.store import services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import KdfParams

PASSPHRASE = "núi cao bản xa 2026"
FAST = KdfParams(n=2**12)
PAGE = 4096  # SQLCipher's page size


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, VSS_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "vss_desktop", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=180,
    )


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    for bad in ("Traceback", "MemoryError", "ConnectionError", "DatabaseError"):
        assert bad not in result.stderr + result.stdout, result.stderr[-2000:]


# --- no login, no server -------------------------------------------------------------------


def test_sync_without_a_login_says_to_log_in_first(tmp_path: Path) -> None:
    result = run(tmp_path, "sync")
    assert result.returncode == 4
    assert "vss-desktop login" in result.stderr
    assert "no server address" not in result.stdout + result.stderr
    assert_no_traceback(result)
    as_json = run(tmp_path, "sync", "--json")
    assert as_json.returncode == 4 and "vss-desktop login" in as_json.stderr


@pytest.fixture
def gone_server(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server").start()
    seed_server(server, tmp_path)
    yield server
    server.stop()


def test_a_dead_server_is_named_with_what_failed(
    tmp_path: Path, gone_server: ServerProcess
) -> None:
    laptop = tmp_path / "laptop"
    address = f"127.0.0.1:{gone_server.port}"
    logged = run(
        laptop, "login", "--server", gone_server.url, "--username", "thu.lt", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    gone_server.stop()  # nothing listens on that port any more

    result = run(laptop, "sync")
    assert result.returncode == 3
    assert address in result.stderr and "connection refused" in result.stderr
    assert "nothing answers" in result.stderr
    assert_no_traceback(result)

    refused = run(
        laptop, "login", "--server", gone_server.url, "--username", "thu.lt", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert refused.returncode == 4
    assert address in refused.stderr and "connection refused" in refused.stderr
    assert_no_traceback(refused)


def test_network_failures_in_words() -> None:
    """Real failures of requests, each described with its address and cause."""
    from vss_desktop.cli.network import describe_network_failure

    port = free_port()
    try:
        requests.get(f"http://127.0.0.1:{port}/", timeout=2)
    except requests.RequestException as exc:
        text = describe_network_failure(exc, f"http://127.0.0.1:{port}")
    assert f"127.0.0.1:{port}" in text and "connection refused" in text

    try:
        requests.get("http://khong-co-may-nay.invalid/", timeout=5)
    except requests.RequestException as exc:
        text = describe_network_failure(exc, "http://khong-co-may-nay.invalid")
    assert "khong-co-may-nay.invalid" in text and "could not be found" in text

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        try:
            requests.get(url + "/", timeout=(2, 0.5))
        except requests.RequestException as exc:
            text = describe_network_failure(exc, url)
    assert url in text and "no answer" in text and "timed out" in text


# --- a damaged database ------------------------------------------------------------------


@pytest.fixture(scope="module")
def commune_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted store of 500 households, as in the field report."""
    directory = tmp_path_factory.mktemp("commune")
    store = unlocking.unlock(directory, PASSPHRASE, kdf=FAST)
    demo_data.generate(store, households=500, seed=7)
    store.close()
    assert paths.database_path(directory).stat().st_size > 560 * PAGE
    return directory


def damaged_copy(source: Path, target: Path, page: int) -> Path:
    """A copy of ``source`` whose page ``page`` (1-based) is overwritten with garbage."""
    shutil.copytree(source, target)
    db = paths.database_path(target)
    data = bytearray(db.read_bytes())
    start = (page - 1) * PAGE
    data[start : start + PAGE] = os.urandom(PAGE)
    db.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("page", [2, 40, 560])
def test_a_damaged_page_points_to_the_backups(commune_dir: Path, tmp_path: Path, page: int) -> None:
    directory = damaged_copy(commune_dir, tmp_path / "laptop", page)
    before = paths.database_path(directory).read_bytes()
    out = tmp_path / "list.pdf"
    for args in (("print", "visit-list", "--out", str(out)), ("sync",)):
        result = run(directory, *args)
        assert result.returncode == 6, (args, result.stderr[-2000:])
        assert "damaged" in result.stderr and "vss-desktop backups" in result.stderr
        assert "vss-desktop restore-backup" in result.stderr
        assert_no_traceback(result)
    assert not out.exists()
    assert paths.database_path(directory).read_bytes() == before  # nothing written to it


def test_a_sound_database_prints_as_before(commune_dir: Path, tmp_path: Path) -> None:
    """The check costs nothing visible: the intact copy prints."""
    directory = tmp_path / "laptop"
    shutil.copytree(commune_dir, directory)
    out = tmp_path / "list.pdf"
    result = run(directory, "print", "visit-list", "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"%PDF")


# --- --demo on a folder that holds data ---------------------------------------------------


def test_demo_on_a_folder_with_data_says_it_is_ignored(tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, PASSPHRASE, kdf=FAST)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    store.close()
    env = dict(
        os.environ,
        VSS_PASSPHRASE=PASSPHRASE,
        QT_QPA_PLATFORM="offscreen",
        VSS_STARTUP_PROBE="1",  # the window quits once its first rows show
    )
    result = subprocess.run(
        [sys.executable, "-m", "vss_desktop", "--demo", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "--demo ignored" in result.stderr
    assert str(tmp_path) in result.stderr and "--data-dir" in result.stderr
    assert '"rows": 1' in result.stdout  # the app opened on what was there
    assert "Lò Thị Hoa" not in result.stderr  # no personal data in the notice
