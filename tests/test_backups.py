"""A copy of the database each day, and putting one back when the file is damaged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vss_core import vietnam_time
from vss_desktop import __main__ as cli
from vss_desktop import paths
from vss_desktop.store import backups, encryption, queries, services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.encryption import KdfParams

FAST = KdfParams(n=2**12)
PASS = "mật khẩu của Thư 2026"
DAY = date(2026, 12, 2)
NAME = "Lò Thị Xuân"


def names(store) -> list[str]:
    with store.read() as session:
        ids = queries.household_ids(session, queries.HouseholdFilter())
        return sorted(r.head_name for r in queries.household_rows(session, ids).values())


def damage_first_page(directory: Path) -> None:
    db = paths.database_path(directory)
    data = bytearray(db.read_bytes())
    data[500:520] = bytes(b ^ 0x5A for b in data[500:520])
    db.write_bytes(bytes(data))


def test_one_encrypted_copy_a_day(tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    services.create_household(store, {"head_name": NAME, "village": "Bản Pha Long"})
    first = backups.make_daily_backup(store, DAY)
    assert first is not None and first.name.endswith(f"-daily-{DAY:%Y%m%d}.sqlite3")
    assert backups.make_daily_backup(store, DAY) is None  # once a day
    assert NAME.encode() not in first.read_bytes()  # encrypted like the database
    assert encryption.key_opens(first, store.key)
    assert not list(first.parent.glob("*.partial"))
    # A copy cut short (the app killed mid-copy) is not today's copy, and is cleared.
    (first.parent / "vss-20261203T010000Z-daily-20261203.sqlite3.partial").write_bytes(b"x")
    second = backups.make_daily_backup(store, date(2026, 12, 3))
    assert second is not None and not list(first.parent.glob("*.partial"))
    assert [p.name for p in backups.list_backups(tmp_path)][:2] == [second.name, first.name]
    store.close()


def test_restore_after_damage_brings_the_copy_back_and_keeps_the_damaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    services.create_household(store, {"head_name": NAME, "village": "Bản Pha Long"})
    copy = backups.make_daily_backup(store, DAY)
    assert copy is not None
    services.create_household(store, {"head_name": "Vàng A Chứ", "village": "Bản Pha Long"})
    store.close()
    damage_first_page(tmp_path)
    with pytest.raises(unlocking.DatabaseDamaged):
        unlocking.unlock(tmp_path, PASS)
    damaged = paths.database_path(tmp_path).read_bytes()

    monkeypatch.delenv(unlocking.PASSPHRASE_ENV, raising=False)
    args = ["--data-dir", str(tmp_path)]
    assert cli.main([*args, "restore-backup", copy.name]) == 6  # no passphrase: nothing done
    assert "VSS_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv(unlocking.PASSPHRASE_ENV, "không phải mật khẩu")
    assert cli.main([*args, "restore-backup", copy.name]) == 6
    assert "does not open" in capsys.readouterr().err
    assert paths.database_path(tmp_path).read_bytes() == damaged  # still untouched
    assert cli.main([*args, "restore-backup", "vss-nothing.sqlite3"]) == 6

    monkeypatch.setenv(unlocking.PASSPHRASE_ENV, PASS)
    assert cli.main([*args, "restore-backup", copy.name]) == 0
    out = capsys.readouterr().out
    assert f"restored {copy.name}" in out and NAME not in out
    kept = list(tmp_path.glob(f"{paths.DB_FILENAME}.replaced-*"))
    assert [p.read_bytes() for p in kept] == [damaged]
    restored = unlocking.unlock(tmp_path, PASS)
    try:
        assert names(restored) == [NAME]  # as of the copy; the later one was not in it
    finally:
        restored.close()

    assert cli.main([*args, "backups"]) == 0
    assert copy.name in capsys.readouterr().out


def test_a_damaged_copy_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    services.create_household(store, {"head_name": NAME, "village": "Bản Pha Long"})
    copy = backups.make_daily_backup(store, DAY)
    assert copy is not None
    key = store.key
    store.close()
    data = bytearray(copy.read_bytes())
    data[-3000:-2990] = bytes(10)  # a page inside the copy
    copy.write_bytes(bytes(data))
    before = paths.database_path(tmp_path).read_bytes()
    with pytest.raises(backups.BackupError, match="damaged"):
        backups.restore_backup(tmp_path, copy, key)
    assert paths.database_path(tmp_path).read_bytes() == before


def test_restore_refuses_while_the_database_is_open(tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    copy = backups.make_daily_backup(store, DAY)
    assert copy is not None
    with pytest.raises(encryption.DatabaseBusy):
        backups.restore_backup(tmp_path, copy, store.key)
    store.close()


@pytest.mark.gui
def test_the_window_makes_the_days_copy_in_its_own_worker(qtbot, tmp_path: Path) -> None:
    from vss_desktop.settings import Settings
    from vss_desktop.ui.backup_scheduler import DAILY_BACKUP_DELAY_MS
    from vss_desktop.ui.main_window import MainWindow

    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    services.create_household(store, {"head_name": NAME, "village": "Bản Pha Long"})
    window = MainWindow(store, Settings(language="en"), tmp_path)
    qtbot.addWidget(window)
    assert window.backup_timer.isActive()
    assert window.backup_timer.interval() == DAILY_BACKUP_DELAY_MS  # not during start-up
    window.make_daily_backup()
    qtbot.waitUntil(lambda: not window.backups.busy(), timeout=10_000)
    assert window.backup_timer.isActive()  # looks again later: the app may stay open for days
    [copy] = backups.list_backups(tmp_path)
    assert copy.name.endswith(f"-daily-{vietnam_time.today():%Y%m%d}.sqlite3")
    window.make_daily_backup()  # again the same day: nothing more
    qtbot.waitUntil(lambda: not window.backups.busy(), timeout=10_000)
    assert backups.list_backups(tmp_path) == [copy]
    window.close()
    store.close()


def damage_a_middle_page(directory: Path) -> None:
    db = paths.database_path(directory)
    data = bytearray(db.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096 + 700
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    db.write_bytes(bytes(data))


def damaged_store(directory: Path):  # noqa: ANN201 - a Store
    """An encrypted store with yesterday's good copy, then damage inside the file."""
    from vss_desktop.demo import load as demo_data

    store = unlocking.unlock(directory, PASS, kdf=FAST)
    demo_data.generate(store, households=60, seed=3, today=DAY)
    assert backups.make_daily_backup(store, date(2026, 12, 1)) is not None
    store.close()
    damage_a_middle_page(directory)
    return unlocking.unlock(directory, PASS)  # page 1 is fine: it opens


def test_damage_in_the_database_keeps_the_good_copies(tmp_path: Path) -> None:
    store = damaged_store(tmp_path)
    good = backups.list_backups(tmp_path)
    with pytest.raises(backups.LiveDatabaseDamaged):
        backups.make_daily_backup(store, DAY)
    assert backups.list_backups(tmp_path) == good  # no damaged copy, nothing pruned
    assert not list(paths.backups_dir(tmp_path).glob("*.partial"))
    store.close()


@pytest.mark.gui
def test_the_window_says_the_database_is_damaged(qtbot, tmp_path: Path) -> None:
    from vss_desktop.settings import Settings
    from vss_desktop.ui.main_window import MainWindow

    store = damaged_store(tmp_path)
    window = MainWindow(store, Settings(language="en"), tmp_path)
    qtbot.addWidget(window)
    window.make_daily_backup()
    qtbot.waitUntil(lambda: getattr(window, "damage_notice", None) is not None, timeout=10_000)
    assert window.damage_notice.isVisible()
    assert window.damage_notice.text().startswith("The database file on this laptop is damaged")
    window.damage_notice.close()
    window.close()
    store.close()


def test_a_restore_cut_short_at_any_step_leaves_a_database_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The power goes at each file operation of a restore in turn: the data directory then
    holds the damaged database or the copy, never no database (which the next start would
    take for a first run and set up empty)."""
    import os
    import shutil

    store = unlocking.unlock(tmp_path / "seed", PASS, kdf=FAST)
    services.create_household(store, {"head_name": NAME, "village": "Bản Pha Long"})
    copy = backups.make_daily_backup(store, DAY)
    assert copy is not None
    key = store.key
    store.close()
    damage_first_page(tmp_path / "seed")

    class PowerCut(BaseException):
        pass

    def cut_after(real, budget: dict[str, int]):  # noqa: ANN001, ANN202 - wraps os calls
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if budget["left"] == 0:
                raise PowerCut
            budget["left"] -= 1
            return real(*args, **kwargs)

        return wrapped

    step = 0
    while True:
        case = tmp_path / f"cut-{step}"
        shutil.copytree(tmp_path / "seed", case)
        case_copy = paths.backups_dir(case) / copy.name
        damaged = paths.database_path(case).read_bytes()
        budget = {"left": step}  # file operations allowed before the power goes
        with monkeypatch.context() as m:
            for name in ("replace", "link"):
                m.setattr(backups.os, name, cut_after(getattr(os, name), budget))
            m.setattr(backups.shutil, "copyfile", cut_after(shutil.copyfile, budget))
            try:
                backups.restore_backup(case, case_copy, key)
                finished = True
            except PowerCut:
                finished = False
        now = paths.database_path(case).read_bytes()
        assert now in (damaged, case_copy.read_bytes()), step
        if finished:
            assert now == case_copy.read_bytes()
            break
        step += 1
    assert step >= 3  # the copy, the second name, the WAL moves and the swap were each cut
