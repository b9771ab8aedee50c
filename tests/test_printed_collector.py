"""Issue 11, A8: the printed visit list names the collector ("Người thu: Lò Thị Thu"),
from the account the laptop is logged in with, or the name chosen in the settings.

Read back from the PDF with pdftotext; the login and the households come from the real
server on loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, seed_server, server_engine
from vss_desktop import settings as settings_store
from vss_desktop.settings import Settings

FULL_NAME = "Lò Thị Thu"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="no poppler-utils")


def cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VSS_PASSPHRASE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "vss_desktop", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())  # pdftotext may break a line anywhere


@pytest.fixture(scope="module")
def logged_in_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A laptop (plain database) logged in as thu.lt, who has a full name on the server,
    with thu.lt's households; each test works on its own copy."""
    import sqlalchemy as sa

    base = tmp_path_factory.mktemp("province")
    server = ServerProcess(base / "server").start()
    try:
        seed_server(server, base)
        engine = server_engine(server)
        with engine.begin() as conn:  # what `vss-server create-user --full-name` stores
            conn.execute(
                sa.text("UPDATE user_account SET full_name = :n WHERE username = 'thu.lt'"),
                {"n": FULL_NAME},
            )
        engine.dispose()
        laptop = base / "laptop"
        cli(
            laptop, "login", "--server", server.url, "--username", "thu.lt",
            "--password-stdin", stdin=PASSWORD + "\n",
        )  # fmt: skip
        cli(laptop, "sync")
    finally:
        server.stop()
    yield laptop


@pytest.fixture
def logged_in(logged_in_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(logged_in_template, tmp_path / "laptop"))


@needs_poppler
def test_the_printed_list_names_the_logged_in_collector(logged_in: Path, tmp_path: Path) -> None:
    out = tmp_path / "list.pdf"
    cli(logged_in, "print", "visit-list", "--out", str(out))
    text = pdf_text(out)
    assert f"Người thu: {FULL_NAME}" in text
    assert "Người thu: …" not in text


@needs_poppler
def test_the_name_in_the_settings_wins_and_the_option_wins_over_it(
    logged_in: Path, tmp_path: Path
) -> None:
    settings_store.save(logged_in, Settings(collector_name="Vàng Thị Mỷ"))
    out = tmp_path / "list.pdf"
    cli(logged_in, "print", "visit-list", "--out", str(out))
    assert "Người thu: Vàng Thị Mỷ" in pdf_text(out)
    cli(logged_in, "print", "visit-list", "--out", str(out), "--collector", "Sùng A Páo")
    assert "Người thu: Sùng A Páo" in pdf_text(out)


@needs_poppler
def test_without_a_login_the_username_setting_is_printed(tmp_path: Path) -> None:
    from vss_desktop.store import open_store, services

    laptop = tmp_path / "laptop"
    store = open_store(laptop)
    services.create_household(store, {"head_name": "Lò Văn Pó", "village": "Bản Phố"}, head={})
    store.close()
    settings_store.save(laptop, Settings(collector="thu.lt"))
    out = tmp_path / "list.pdf"
    cli(laptop, "print", "visit-list", "--out", str(out))
    assert "Người thu: thu.lt" in pdf_text(out)


def test_the_settings_file_keeps_the_collector_name(tmp_path: Path) -> None:
    settings_store.save(tmp_path, Settings(collector_name="Lò Thị Thu"))
    assert settings_store.load(tmp_path).collector_name == "Lò Thị Thu"
    raw = json.loads((tmp_path / settings_store.SETTINGS_FILE).read_text(encoding="utf-8"))
    raw["collector_name"] = 12  # a hand-edited file: the default, not a crash
    (tmp_path / settings_store.SETTINGS_FILE).write_text(json.dumps(raw), encoding="utf-8")
    assert settings_store.load(tmp_path).collector_name == ""


@pytest.mark.gui
def test_the_settings_dialog_edits_the_printed_name(qtbot) -> None:
    from PySide6.QtCore import Qt

    from helpers.keyboard import focused, type_text
    from vss_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(language="en", collector="thu.lt"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # its mnemonic
    assert focused() is dialog.collector_name
    type_text(qtbot, "Lò Thị Thu")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Save is the dialog's default button
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.settings.collector_name == "Lò Thị Thu"
    assert dialog.settings.collector == "thu.lt"


@pytest.mark.gui
@needs_poppler
def test_the_print_dialog_prints_the_account_name(
    qtbot, logged_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from vss_desktop.store import open_store
    from vss_desktop.store.queries import HouseholdFilter
    from vss_desktop.ui.print_dialog import PrintDialog

    store = open_store(logged_in)
    dialog = PrintDialog(store, HouseholdFilter(), [], Settings(language="en", collector="thu.lt"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.options_loaded, timeout=5000):
        dialog.show()
    target = tmp_path / "dialog.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.job_finished, timeout=20_000):
        dialog.pdf_button.click()
    assert f"Collector: {FULL_NAME}" in pdf_text(target)
    dialog.close()
    store.close()
