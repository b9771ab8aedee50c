"""HTTPS to the real server: certificates are verified, a province's own certificate
authority can be configured, and a bad certificate file is refused with a clear error."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import trustme

from helpers.server_harness import ServerProcess, free_port
from helpers.sync_helpers import PASSWORD, fast_backoff, seed_server, server_engine
from vss_desktop.store import open_store
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.transport import BadCaBundle
from vss_server.migrate import upgrade


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The server serving HTTPS with a certificate from a private CA; yields (url, CA pem)."""
    ca = trustme.CA(organization_name="Sở BHXH thử nghiệm")
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_pem, cert_pem, key_pem = tmp_path / "ca.pem", tmp_path / "server.pem", tmp_path / "key.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    cert.cert_chain_pems[0].write_to_path(str(cert_pem))
    key_pem.write_bytes(cert.private_key_pem.bytes())
    data = ServerProcess(tmp_path / "server")  # its admin commands and database
    data.data_dir.mkdir(parents=True)
    upgrade(server_engine(data))  # what `serve` would do first
    seed_server(data, tmp_path)
    port = free_port()
    log = open(tmp_path / "server.log", "ab")  # noqa: SIM115 - owned by the child
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vss_server",
            "--data-dir",
            str(data.data_dir),
            "serve",
            "--port",
            str(port),
            "--ssl-certfile",
            str(cert_pem),
            "--ssl-keyfile",
            str(key_pem),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    log.close()
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/api/v1/health", verify=str(ca_pem), timeout=1).ok:
                    break
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.1)
        yield url, ca_pem
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_private_ca_is_refused_until_configured(tls_server, tmp_path: Path) -> None:
    url, ca_pem = tls_server
    store = open_store(tmp_path / "laptop")
    engine = SyncEngine(store, backoff=fast_backoff())
    # Not in the system's trust store: the certificate cannot be verified, nothing is sent.
    with pytest.raises(requests.exceptions.SSLError):
        engine.login(url, "thu.lt", PASSWORD)
    assert engine.settings()[state.TOKEN] == ""
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("không phải chứng chỉ")
    with pytest.raises(BadCaBundle, match="not a PEM certificate"):
        engine.login(url, "thu.lt", PASSWORD, ca_bundle=str(not_pem))
    with pytest.raises(BadCaBundle, match="cannot read"):
        engine.login(url, "thu.lt", PASSWORD, ca_bundle=str(tmp_path / "missing.pem"))

    engine.login(url, "thu.lt", PASSWORD, ca_bundle=str(ca_pem))
    assert engine.settings()[state.CA_BUNDLE] == str(ca_pem.resolve())
    report = engine.sync()  # the stored bundle is used for every later call
    assert report.status == "ok" and report.received == 3
    store.close()


def test_login_command_takes_the_ca_bundle(tls_server, tmp_path: Path) -> None:
    url, ca_pem = tls_server
    laptop = tmp_path / "cli-laptop"

    def login(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "vss_desktop",
                "login",
                "--data-dir",
                str(laptop),
                "--server",
                url,
                "--username",
                "thu.lt",
                "--password-stdin",
                *extra,
            ],
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            env={k: v for k, v in os.environ.items() if k != "VSS_PASSPHRASE"},
        )

    refused = login()
    assert refused.returncode == 4 and "login failed" in refused.stderr
    accepted = login("--ca-bundle", str(ca_pem))
    assert accepted.returncode == 0, accepted.stderr
    assert "logged in as thu.lt" in accepted.stdout


@pytest.mark.gui
def test_server_dialog_checks_the_certificate_file_inline(qtbot, tmp_path: Path) -> None:
    from vss_desktop.ui.server_dialog import ServerDialog
    from vss_desktop.ui.sync_controller import SyncController

    store = open_store(tmp_path / "laptop")
    controller = SyncController(store)
    dialog = ServerDialog(controller)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("không phải chứng chỉ")
    dialog.address.setText("https://bhxh.example.vn")
    dialog.username.setText("thu.lt")
    dialog.password.setText(PASSWORD)
    dialog.ca_bundle.setText(str(not_pem))
    dialog.log_in()
    assert dialog.ca_error.isVisible() and "cannot be used" in dialog.ca_error.text()
    assert not dialog.busy  # nothing was sent
    assert dialog.ca_bundle.hasFocus()
    dialog.close()
    controller.stop()
    store.close()
