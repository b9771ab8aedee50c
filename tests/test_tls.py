"""HTTPS to the real server: certificates are verified, a province's own certificate
authority can be configured, and a bad certificate file is refused with a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from helpers.sync_helpers import PASSWORD, fast_backoff
from helpers.tls_server import tls_server as https_server
from vss_desktop.store import open_store
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.transport import BadCaBundle


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The server serving HTTPS with a certificate from a private CA; yields (url, CA pem)."""
    with https_server(tmp_path) as served:
        yield served


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
