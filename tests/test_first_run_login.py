"""Issue 11, A6: the first-run screen offers the login to the province server first.

Against the real server on loopback: the collector chooses to log in, types address,
user name and password from the keyboard, and the households assigned to them arrive
with the first sync. A failed login leaves them on the first-run screen, told why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from helpers.first_run import first_run
from helpers.keyboard import focused, press, type_text
from helpers.server_harness import ServerProcess, free_port
from helpers.sync_helpers import PASSWORD, VILLAGES, seed_server
from vss_desktop.store import Store, open_store, queries
from vss_desktop.ui.first_run import FirstRunDialog
from vss_desktop.ui.server_dialog import ServerDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def province_server(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server").start()
    seed_server(server, tmp_path)
    yield server
    server.stop()


def villages(store: Store) -> list[str]:
    with store.read() as session:
        ids = queries.household_ids(session, queries.HouseholdFilter())
        return sorted({r.village for r in queries.household_rows(session, ids).values()})


def server_dialog(qtbot, dialog: FirstRunDialog) -> ServerDialog:
    qtbot.waitUntil(lambda: dialog.server_dialog is not None and dialog.server_dialog.isVisible())
    assert dialog.server_dialog is not None
    qtbot.waitUntil(dialog.server_dialog.isActiveWindow)
    return dialog.server_dialog


def test_log_in_from_the_first_run_screen_and_the_households_arrive(
    qtbot, province_server: ServerProcess, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "laptop")
    dialog = first_run(qtbot, store)
    assert focused() is dialog.login_button  # the first choice, and the default
    assert dialog.login_button.text() == "&Log in to the province server"

    # A wrong password: said in the server dialog; closing it goes back to the choices.
    press(qtbot, Qt.Key.Key_Return)
    login = server_dialog(qtbot, dialog)
    assert focused() is login.address
    type_text(qtbot, province_server.url)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is login.username
    type_text(qtbot, "thu.lt")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is login.password
    type_text(qtbot, "sai-mật-khẩu")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.busy and login.result_label.isVisible(), timeout=10_000)
    assert login.result_label.text() == "Wrong username or password."
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.server_dialog is None and dialog.isActiveWindow())
    assert dialog.isVisible() and dialog.result() == 0  # still choosing
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("Not logged in: Wrong username or password.")
    assert focused() is dialog.login_button and dialog.login_button.isEnabled()
    assert villages(store) == []

    # Again: the address and user name are kept, the password is asked.
    press(qtbot, Qt.Key.Key_Return)
    login = server_dialog(qtbot, dialog)
    assert login.address.text() == province_server.url and login.username.text() == "thu.lt"
    assert focused() is login.password
    type_text(qtbot, PASSWORD)
    with qtbot.waitSignal(dialog.finished, timeout=20_000) as closed:
        press(qtbot, Qt.Key.Key_Return)
    assert closed.args[0] == QDialog.DialogCode.Accepted
    assert villages(store) == [VILLAGES[0]]  # thu.lt's households, and only those
    assert dialog.sync.engine.configured()
    store.close()


def test_a_server_that_does_not_answer_leaves_the_choices_open(qtbot, tmp_path: Path) -> None:
    store = open_store(tmp_path / "laptop")
    dialog = first_run(qtbot, store)
    press(qtbot, Qt.Key.Key_Return)
    login = server_dialog(qtbot, dialog)
    type_text(qtbot, f"http://127.0.0.1:{free_port()}")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "thu.lt")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.busy and login.result_label.isVisible(), timeout=20_000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.server_dialog is None and dialog.isActiveWindow())
    assert "could not be reached" in dialog.error.text()
    assert not dialog.sync.engine.configured()
    # Choose again: start empty.
    press(qtbot, Qt.Key.Key_E, modifier=Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    store.close()


def test_demo_ignored_is_said_in_the_status_bar_and_on_stderr(
    qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vss_desktop.settings import Settings
    from vss_desktop.ui.first_run import report_demo_ignored
    from vss_desktop.ui.main_window import MainWindow

    store = open_store(tmp_path / "laptop")
    window = MainWindow(store, Settings(language="en"), tmp_path)
    qtbot.addWidget(window)
    window.show()
    report_demo_ignored(window, tmp_path / "laptop")
    message = window.statusBar().currentMessage()
    assert message.startswith("The demo was not loaded: this database already holds households.")
    assert "--data-dir" in message
    err = capsys.readouterr().err
    assert err.startswith("--demo ignored:") and str(tmp_path / "laptop") in err
    window.close()
    store.close()
