"""The passphrase in the window: set it on first run (or to encrypt an old plain database),
type it at start, get a growing wait after wrong ones, the idle lock, and changing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from helpers.keyboard import press, type_text
from vss_desktop import paths
from vss_desktop.settings import Settings
from vss_desktop.store import open_store, services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import DatabaseState, KdfParams, database_state
from vss_desktop.ui.main_window import MainWindow
from vss_desktop.ui.unlock_dialog import Mode, PassphraseDialog

pytestmark = pytest.mark.gui
CHEAP = KdfParams(n=2**10)  # tests only: the real cost is about a second per try
GOOD = "bản Pha Long 2026"


def show(qtbot, dialog: PassphraseDialog) -> PassphraseDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_first_run_sets_a_passphrase_from_the_keyboard(qtbot, tmp_path: Path) -> None:
    dialog = show(qtbot, PassphraseDialog(Mode.SETUP, tmp_path))
    assert dialog.windowTitle() == "Protect this laptop's data"
    assert dialog.passphrase.hasFocus() and not dialog.ok.isEnabled()
    type_text(qtbot, "ngắn")
    assert dialog.message.text() == "At least 8 characters."
    dialog.passphrase.clear()
    type_text(qtbot, GOOD)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, GOOD[:-1] + "7")
    assert dialog.message.text() == "The two passphrases are not the same."
    assert not dialog.ok.isEnabled()
    press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, GOOD[-1])
    assert dialog.ok.isEnabled() and dialog.message.text() == ""
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000):
        press(qtbot, Qt.Key.Key_Return)
    assert dialog.store is not None and dialog.store.encrypted
    assert database_state(tmp_path) is DatabaseState.ENCRYPTED
    assert dialog.passphrase.text() == "" and dialog.repeat.text() == ""  # not kept around
    dialog.store.close()


def test_an_old_plain_database_is_encrypted_with_its_data(qtbot, tmp_path: Path) -> None:
    plain = open_store(tmp_path)
    services.create_household(plain, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    plain.close()
    dialog = show(qtbot, PassphraseDialog(Mode.SETUP, tmp_path))
    assert dialog.ok.text() == "&Encrypt and open"
    assert "encrypted now" in dialog.intro.text()
    dialog.passphrase.setText(GOOD)
    dialog.repeat.setText(GOOD)
    with qtbot.waitSignal(dialog.unlocked, timeout=60_000):
        dialog.ok.click()
        assert dialog.bar.isVisible() and not dialog.cancel.isEnabled()  # worker busy
    assert b"L\xc3\xb2 Th\xe1\xbb\x8b Hoa" not in (tmp_path / "vss.sqlite3").read_bytes()
    with dialog.store.read() as session:
        from vss_desktop.store import queries

        (row,) = queries.household_rows(
            session, queries.household_ids(session, queries.HouseholdFilter())
        ).values()
    assert row.head_name == "Lò Thị Hoa"
    dialog.store.close()


def test_wrong_passphrases_then_a_wait_then_the_right_one(qtbot, tmp_path: Path) -> None:
    unlocking.unlock(tmp_path, GOOD, kdf=CHEAP).close()
    dialog = show(qtbot, PassphraseDialog(Mode.UNLOCK, tmp_path))
    assert not dialog.repeat.isVisible()  # one field to unlock
    for attempt in range(1, unlocking.FREE_FAILURES + 2):
        dialog.passphrase.setText(f"sai mật khẩu {attempt}")
        dialog.ok.click()
        qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
        assert unlocking.attempt_log(tmp_path).failures == attempt
    # After the free tries: a wait, counted down in the dialog, the button off meanwhile.
    assert "wait" in dialog.message.text() and not dialog.ok.isEnabled()
    qtbot.waitUntil(lambda: dialog.message.text() == "Try again.", timeout=5_000)
    dialog.passphrase.setText(GOOD)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000):
        dialog.ok.click()
    assert dialog.store is not None and unlocking.attempt_log(tmp_path).failures == 0
    dialog.store.close()


def test_a_damaged_file_is_not_called_a_wrong_passphrase(qtbot, tmp_path: Path) -> None:
    unlocking.unlock(tmp_path, GOOD, kdf=CHEAP).close()
    db = paths.database_path(tmp_path)
    data = bytearray(db.read_bytes())
    data[300:310] = bytes(10)  # a damaged sector in the first page
    db.write_bytes(bytes(data))
    dialog = show(qtbot, PassphraseDialog(Mode.UNLOCK, tmp_path))
    dialog.passphrase.setText(GOOD)
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    text = dialog.message.text()
    assert text.startswith("The passphrase is right, but the database file is damaged")
    assert str(paths.backups_dir(tmp_path)) in text
    assert dialog.store is None and dialog.ok.isEnabled()  # no wait imposed
    assert unlocking.attempt_log(tmp_path).failures == 0


def test_the_window_locks_when_idle_and_covers_everything(qtbot, tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, GOOD, kdf=CHEAP)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    window = MainWindow(store, Settings(language="en", lock_after_minutes=1), tmp_path)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=5000):
        window.show()
    lock = window.idle_lock
    assert lock is not None and window.lock_action.isEnabled()
    assert lock.timer.interval() == 60_000
    lock.timer.setInterval(300)  # a minute is long for a test
    lock.timer.start()
    with qtbot.waitSignal(lock.locked, timeout=5_000):
        pass
    assert lock.sheets and all(s.isVisible() and s.geometry() == window.rect() for s in lock.sheets)
    dialog = lock.dialog
    assert dialog is not None and dialog.mode is Mode.LOCKED and dialog.isVisible()
    dialog.passphrase.setText("không phải")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "That is not the passphrase.", timeout=10_000)
    assert lock.is_locked
    dialog.passphrase.setText(GOOD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        dialog.ok.click()
    assert not lock.sheets and lock.timer.isActive()
    window.close()
    store.close()


def test_change_the_passphrase(qtbot, tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, GOOD, kdf=CHEAP)
    services.create_household(store, {"head_name": "Lò Thị Hoa", "village": "Bản Phố"}, head={})
    dialog = show(qtbot, PassphraseDialog(Mode.CHANGE, tmp_path, store))
    assert dialog.old.hasFocus()
    new = "thôn Nậm Mòn mới"
    dialog.old.setText("sai rồi")
    dialog.passphrase.setText(new)
    dialog.repeat.setText(new)
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "That is not the passphrase.", timeout=10_000)
    dialog.old.setText(GOOD)
    dialog.passphrase.setText(new)
    dialog.repeat.setText(new)
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000):
        dialog.ok.click()
    dialog.store.close()
    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.unlock(tmp_path, GOOD)
    reopened = unlocking.unlock(tmp_path, new)
    assert services.pending_changes(reopened) > 0  # the data came through the rekey
    reopened.close()
