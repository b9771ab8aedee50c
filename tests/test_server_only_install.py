"""A server-only install (packaging/server) has no Qt, and the server starts (issue 12.1).

Builds the `vss-server` wheel from this checkout into a fresh virtual environment, as a
province's IT team would install it, then starts `vss-server serve` and asks its health.
"""

from __future__ import annotations

import os
import subprocess
import time
import venv
from pathlib import Path

import pytest
import requests

from helpers.server_harness import free_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("server-only") / "venv"
    venv.create(env_dir, with_pip=True)
    pip = subprocess.run(
        [env_dir / "bin" / "python", "-m", "pip", "install", "-q", str(ROOT / "packaging/server")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    return env_dir


def test_the_server_install_cannot_import_qt_or_the_app(server_env: Path) -> None:
    probe = (
        "import importlib.util as u\n"
        "import vss_server.app, vss_core.validation, vss_core.rulebook as r\n"
        "r.default_rules()\n"
        "print(u.find_spec('PySide6'), u.find_spec('vss_desktop'))\n"
    )
    done = subprocess.run(
        [server_env / "bin" / "python", "-c", probe],
        capture_output=True,
        text=True,
        cwd=server_env,  # not the checkout: only what the wheel installed is importable
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["None", "None"]


def test_the_server_only_install_starts_and_answers(server_env: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VSS_")}
    server = subprocess.Popen(
        [
            server_env / "bin" / "vss-server",
            "--data-dir",
            str(tmp_path),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],  # fmt: skip
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except requests.ConnectionError:
                assert server.poll() is None, server.stdout.read().decode()[-2000:]  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not answer in 60 s"
                time.sleep(0.2)
        assert answer.status_code == 200
    finally:
        server.terminate()
        server.communicate(timeout=30)  # reads and closes the pipe
