"""Encryption at rest: no plaintext on disk, wrong passphrases open and change nothing,
rekey and migration keep every row, and SIGKILL mid-way leaves an openable database."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlcipher3

from vss_core.text import fold
from vss_desktop import paths
from vss_desktop.demo import load as demo_data
from vss_desktop.store import Store, encryption, migrate, open_store, queries, services
from vss_desktop.store import unlock as unlocking
from vss_desktop.store.backups import backup_files
from vss_desktop.store.encryption import DatabaseState, KdfParams
from vss_desktop.store.queries import HouseholdFilter

# Cheap scrypt for speed; test_default_kdf_is_slow_and_strong covers the real parameters.
FAST = KdfParams(n=2**12)
PASS = "mật khẩu của thu"
OTHER = "another passphrase 42"
SEED = 11


def encrypted_store(directory: Path, households: int = 40) -> Store:
    store = unlocking.unlock(directory, PASS, kdf=FAST)
    demo_data.generate(store, households=households, seed=SEED)
    return store


def plain_store(directory: Path, households: int = 40) -> Store:
    store = open_store(directory)
    demo_data.generate(store, households=households, seed=SEED)
    return store


def known_values(store: Store) -> list[bytes]:
    """Names, ID numbers and phones from the demo data, as they would appear in the file:
    UTF-8 in the tables, folded in the search index."""
    with store.read() as session:
        conn = session.connection()
        persons = conn.exec_driver_sql(
            "SELECT full_name, cccd, phone FROM person WHERE cccd != '' LIMIT 15"
        ).all()
        heads = conn.exec_driver_sql("SELECT head_name FROM household LIMIT 5").all()
    values: set[str] = set()
    for name, cccd, phone in persons:
        values |= {name, fold(name), cccd}
        if phone:
            values.add(phone)
    values |= {h for (h,) in heads}
    assert len(values) > 20
    return [v.encode("utf-8") for v in values]


def files_under(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()]


def leaks(directory: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in files_under(directory):
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


def dump(conn: object) -> dict[str, list[tuple]]:
    """Every row of every table (search index included), in a stable order."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]  # type: ignore[attr-defined]
    return {
        name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)  # type: ignore[attr-defined]
        for name in names
    }


def dump_store(store: Store) -> dict[str, list[tuple]]:
    raw = store.engine.raw_connection()
    try:
        return dump(raw.dbapi_connection)
    finally:
        raw.close()


def dump_file(path: Path, key: encryption.DatabaseKey | None) -> dict[str, list[tuple]]:
    conn = sqlcipher3.connect(str(path)) if key is None else encryption.connect_dbapi(path, key)
    try:
        return dump(conn)
    finally:
        conn.close()


def snapshot(directory: Path) -> dict[str, bytes]:
    skip = {unlocking.ATTEMPTS_FILENAME, paths.DB_FILENAME + "-shm"}  # the counter must change
    return {str(p): p.read_bytes() for p in files_under(directory) if p.name not in skip}


def search_ids(store: Store, text: str) -> list[str]:
    with store.read() as session:
        return queries.household_ids(session, HouseholdFilter(text=text))


# --- on disk ------------------------------------------------------------------------------


def test_database_files_hold_no_plaintext(tmp_path: Path) -> None:
    plain_dir, enc_dir = tmp_path / "plain", tmp_path / "enc"
    plain = plain_store(plain_dir)
    needles = known_values(plain)
    plain.close()
    # The grep finds them in a plain database: the check below can fail.
    assert len(leaks(plain_dir, needles)) >= len(needles) // 2

    store = encrypted_store(enc_dir)
    try:
        assert set(known_values(store)) == set(needles)  # same seed: the same people
        services.create_household(store, {"head_name": "Sùng Thị Mỷ", "phone": "0912345678"})
        backup = migrate.backup_database(store, "test")
        wal = enc_dir / (paths.DB_FILENAME + "-wal")
        assert wal.stat().st_size > 0  # the fresh change sits in the WAL, encrypted
        new = [v.encode() for v in ("Sùng Thị Mỷ", fold("Sùng Thị Mỷ"), "0912345678")]
        assert leaks(enc_dir, needles + new) == []
        assert encryption.is_encrypted(store.path) and encryption.is_encrypted(backup)
        # The backup is a real copy under the same key, not noise.
        assert dump_file(backup, store.key) == dump_store(store)
        # And the encrypted store searches as the plain one does (FTS5 in SQLCipher).
        assert search_ids(store, "sung thi")
    finally:
        store.close()
    assert leaks(enc_dir, needles + new) == []  # after the checkpoint at close too


def test_sqlcipher_has_what_the_store_needs() -> None:
    conn = sqlcipher3.connect(":memory:")
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    assert "ENABLE_FTS5" in options
    assert {"TEMP_STORE=2", "TEMP_STORE=3"} & options  # temp tables and sorts stay in memory
    assert int(conn.execute("PRAGMA cipher_version").fetchone()[0].split(".")[0]) >= 4
    assert sqlcipher3.sqlite_version_info >= (3, 38)  # JSON built in, as in the stdlib build


def test_default_kdf_is_slow_and_strong() -> None:
    params = KdfParams()
    assert params.n >= 2**17 and params.r >= 8  # OWASP's scrypt minimum
    salt = encryption.new_salt()
    start = time.perf_counter()
    key = encryption.derive_key(PASS, salt)
    assert time.perf_counter() - start > 0.05  # not accidentally cheap
    composed, decomposed = "Nguyễn", "Nguye\u0302\u0303n"  # two ways to type the same name
    assert encryption.derive_key(composed, salt, FAST).key == (
        encryption.derive_key(decomposed, salt, FAST).key
    )
    assert key.key != encryption.derive_key(PASS, encryption.new_salt()).key
    assert "hidden" in repr(key) and key.key.hex() not in repr(key)


def test_kdf_parameters_are_in_the_sidecar_and_the_salt_in_the_file(tmp_path: Path) -> None:
    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    store.close()
    assert encryption.read_kdf_params(tmp_path) == FAST
    assert encryption.read_salt(paths.database_path(tmp_path)) == store.key.salt  # type: ignore[union-attr]
    assert PASS.encode() not in encryption.keyinfo_path(tmp_path).read_bytes()


def test_needs_passphrase_setup(tmp_path: Path) -> None:
    assert unlocking.needs_passphrase_setup(tmp_path / "new")
    open_store(tmp_path / "plain").close()
    assert unlocking.needs_passphrase_setup(tmp_path / "plain")
    unlocking.unlock(tmp_path / "enc", PASS, kdf=FAST).close()
    assert not unlocking.needs_passphrase_setup(tmp_path / "enc")


def test_a_new_passphrase_must_not_be_trivial(tmp_path: Path) -> None:
    with pytest.raises(unlocking.WeakPassphrase):
        unlocking.unlock(tmp_path, "short", kdf=FAST)
    assert encryption.file_state(paths.database_path(tmp_path)) is DatabaseState.MISSING


# --- wrong passphrases --------------------------------------------------------------------


def test_wrong_passphrase_opens_nothing_and_changes_nothing(tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    services.create_household(store, {"head_name": "Lò Văn Sáng"})  # leaves a WAL behind
    rows = dump_store(store)
    before = snapshot(tmp_path)
    assert str(tmp_path / (paths.DB_FILENAME + "-wal")) in before

    with pytest.raises(unlocking.WrongPassphrase, match="wrong passphrase"):
        unlocking.unlock(tmp_path, "mật khẩu của thư", kdf=FAST)  # one diacritic off
    wrong_key = encryption.derive_key_for(tmp_path, OTHER)
    with pytest.raises(unlocking.WrongPassphrase):
        open_store(tmp_path, key=wrong_key)
    with pytest.raises(unlocking.PassphraseRequired):
        open_store(tmp_path)
    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.check_passphrase(store, OTHER)  # the lock screen
    assert snapshot(tmp_path) == before
    store.close()

    reopened = unlocking.unlock(tmp_path, PASS)
    try:
        assert dump_store(reopened) == rows
    finally:
        reopened.close()


def test_right_passphrase_on_a_damaged_file_is_not_called_wrong(tmp_path: Path) -> None:
    """A damaged first page fails SQLCipher's check just as a wrong key does; the key check
    in vss.keyinfo.json tells them apart, so the collector is not told the passphrase is
    wrong (and made to wait) when the file is what is broken."""
    store = encrypted_store(tmp_path)
    store.close()
    db = paths.database_path(tmp_path)
    data = bytearray(db.read_bytes())
    data[200:216] = bytes(b ^ 0xFF for b in data[200:216])  # inside page 1, after the salt
    db.write_bytes(bytes(data))

    for _ in range(unlocking.FREE_FAILURES + 2):  # never a failed attempt, never a wait
        with pytest.raises(unlocking.DatabaseDamaged, match="damaged") as caught:
            unlocking.unlock(tmp_path, PASS)
        assert str(paths.backups_dir(tmp_path)) in str(caught.value)
    assert db.read_bytes() == bytes(data)  # nothing was "repaired" or rewritten
    with pytest.raises(unlocking.WrongPassphrase) as wrong:
        unlocking.unlock(tmp_path, OTHER)
    assert wrong.value.failures == 1


def test_key_check_follows_the_key(tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    key = store.key
    assert key is not None and encryption.matches_key_check(tmp_path, key)
    store = unlocking.change_passphrase(store, PASS, OTHER)
    assert store.key is not None and encryption.matches_key_check(tmp_path, store.key)
    assert not encryption.matches_key_check(tmp_path, key)
    store.close()
    # A sidecar written by an earlier version has no check: the next unlock adds it.
    encryption.write_kdf_params(tmp_path, encryption.read_kdf_params(tmp_path))
    assert encryption.matches_key_check(tmp_path, key) is None
    reopened = unlocking.unlock(tmp_path, OTHER)
    assert reopened.key is not None and encryption.matches_key_check(tmp_path, reopened.key)
    reopened.close()


CHILD_UNLOCK = """
import sys
from pathlib import Path
from vss_desktop.store import unlock
try:
    unlock.unlock(Path(sys.argv[1]), sys.argv[2]).close()
    print("opened")
except unlock.TooManyAttempts as exc:
    print("wait", round(exc.retry_after))
except unlock.WrongPassphrase as exc:
    print("wrong", exc.failures)
"""


def unlock_in_child(directory: Path, passphrase: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", CHILD_UNLOCK, str(directory), passphrase],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def test_delay_grows_after_failures_and_survives_a_restart(tmp_path: Path) -> None:
    unlocking.unlock(tmp_path, PASS, kdf=FAST).close()
    now = [time.time()]

    def clock() -> float:
        return now[0]

    delays = []
    for _ in range(unlocking.FREE_FAILURES + 3):
        with pytest.raises(unlocking.WrongPassphrase) as exc:
            unlocking.unlock(tmp_path, OTHER, clock=clock)
        delays.append(exc.value.retry_after)
        # Too early: refused without trying (not counted), even with the right passphrase.
        if exc.value.retry_after:
            with pytest.raises(unlocking.TooManyAttempts):
                unlocking.unlock(tmp_path, PASS, clock=clock)
        now[0] += exc.value.retry_after
    assert delays == [0, 0, 0, 1, 2, 4]
    assert unlocking.attempt_log(tmp_path).failures == unlocking.FREE_FAILURES + 3

    with pytest.raises(unlocking.WrongPassphrase) as exc:
        unlocking.unlock(tmp_path, OTHER, clock=clock)
    assert exc.value.retry_after == 8
    # The count is on disk: a new process (the app restarted) still has to wait.
    assert unlock_in_child(tmp_path, PASS) == "wait 8"

    # Once the wait is over the right passphrase opens, and the count starts again.
    unlocking.unlock(tmp_path, PASS, clock=lambda: now[0] + 8).close()
    assert unlocking.attempt_log(tmp_path).failures == 0
    assert unlock_in_child(tmp_path, OTHER) == "wrong 1"
    assert unlock_in_child(tmp_path, PASS) == "opened"


def test_delay_is_capped_and_a_clock_set_back_cannot_lock_out_for_long(tmp_path: Path) -> None:
    assert unlocking.delay_after(100) == unlocking.MAX_DELAY_S
    log = unlocking.attempt_log(tmp_path, clock=lambda: 1e9)
    for _ in range(unlocking.FREE_FAILURES + 1):
        log.record_failure()
    assert log.wait_remaining() == 1.0
    assert unlocking.attempt_log(tmp_path, clock=lambda: 0.0).wait_remaining() == 1.0


# --- rekey and migration ------------------------------------------------------------------


def test_change_passphrase_keeps_all_rows_and_rekeys_backups(tmp_path: Path) -> None:
    store = encrypted_store(tmp_path)
    backup = migrate.backup_database(store, "before-change")
    rows = dump_store(store)
    found = search_ids(store, "nguyen")
    assert found
    old_key = store.key
    assert old_key is not None

    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.change_passphrase(store, OTHER, "never set this")
    store = unlocking.change_passphrase(store, PASS, OTHER)
    try:
        assert dump_store(store) == rows
        assert store.key is not None and store.key.salt != old_key.salt  # a new salt too
        assert encryption.read_salt(store.path) == store.key.salt
        assert search_ids(store, "nguyen") == found  # the search index came along
        assert services.pending_changes(store) == 0
    finally:
        store.close()
    assert not encryption.key_opens(backup, old_key)
    assert dump_file(backup, store.key) == rows
    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.unlock(tmp_path, PASS)
    unlocking.unlock(tmp_path, OTHER).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["backups", paths.DB_FILENAME, encryption.KEYINFO_FILENAME]
    )


def test_migration_from_a_plain_database_keeps_all_rows(tmp_path: Path) -> None:
    plain = plain_store(tmp_path)
    services.create_household(plain, {"head_name": "Vàng Seo Chứ"})
    old_backup = migrate.backup_database(plain, "earlier")  # plain, as earlier versions made
    needles = known_values(plain)
    rows = dump_store(plain)
    plain.close()

    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    try:
        assert store.encrypted
        assert dump_store(store) == rows
        assert search_ids(store, "vang seo")
    finally:
        store.close()
    assert leaks(tmp_path, needles) == []
    assert encryption.is_encrypted(old_backup)
    assert dump_file(old_backup, store.key) == rows
    kept = [b for b in backup_files(tmp_path) if "before-encryption" in b.name]
    assert len(kept) == 1 and dump_file(kept[0], store.key) == rows
    assert not list(tmp_path.rglob(f"*{encryption.PLAIN_OLD}"))
    assert not list(tmp_path.rglob(f"*{encryption.ENCRYPTING}"))


def test_migration_from_the_first_schema_upgrades_with_an_encrypted_backup(
    tmp_path: Path,
) -> None:
    from helpers.first_schema import FIRST, make_first_schema_db

    make_first_schema_db(tmp_path)
    store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
    try:
        assert migrate.current_revision(store) == migrate.head_revision()
        assert search_ids(store, "giang") == ["h1"]
    finally:
        store.close()
    backups = backup_files(tmp_path)
    assert len(backups) == 2  # the encrypted copy at migration, and the one before upgrading
    for backup in backups:
        assert encryption.is_encrypted(backup)
    before_upgrade = next(b for b in backups if f"before-{migrate.head_revision()}" in b.name)
    conn = encryption.connect_dbapi(before_upgrade, store.key)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
    finally:
        conn.close()
    assert leaks(tmp_path, [b"010080001122", "Giàng A Pao".encode()]) == []


def test_a_bad_copy_is_caught_and_the_plain_database_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = plain_store(tmp_path)
    rows = dump_store(plain)
    plain.close()
    real_export = encryption.export_encrypted

    def export_losing_a_row(source: object, target: Path, key: encryption.DatabaseKey) -> None:
        real_export(source, target, key)
        copy = encryption.connect_dbapi(target, key)
        copy.execute("DELETE FROM visit WHERE rowid = (SELECT min(rowid) FROM visit)")
        copy.commit()
        copy.close()

    monkeypatch.setattr(encryption, "export_encrypted", export_losing_a_row)
    with pytest.raises(encryption.VerificationFailed, match="row counts"):
        unlocking.unlock(tmp_path, PASS, kdf=FAST)
    assert_plain_intact(tmp_path, rows)


def test_a_failed_swap_leaves_the_plain_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = plain_store(tmp_path)
    rows = dump_store(plain)
    plain.close()
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(src).endswith(encryption.ENCRYPTING):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="Input/output"):
        unlocking.unlock(tmp_path, PASS, kdf=FAST)
    monkeypatch.undo()
    assert_plain_intact(tmp_path, rows)


def assert_plain_intact(directory: Path, rows: dict[str, list[tuple]]) -> None:
    assert encryption.file_state(paths.database_path(directory)) is DatabaseState.PLAIN
    names = {p.name for p in directory.iterdir()}
    assert not {n for n in names if n.endswith((encryption.ENCRYPTING, encryption.PLAIN_OLD))}
    store = open_store(directory)
    try:
        assert dump_store(store) == rows
    finally:
        store.close()


def test_recovery_after_a_crash_between_the_renames(tmp_path: Path) -> None:
    # Where hard links are missing the swap is two renames; a crash between them leaves
    # only "vss.sqlite3.plain-old". The next open puts it back instead of starting empty.
    plain = plain_store(tmp_path)
    rows = dump_store(plain)
    plain.close()
    db = paths.database_path(tmp_path)
    os.rename(db, db.with_name(db.name + encryption.PLAIN_OLD))
    (tmp_path / (db.name + encryption.ENCRYPTING)).write_bytes(b"half an export")
    assert unlocking.needs_passphrase_setup(tmp_path)
    assert_plain_intact(tmp_path, rows)


def test_recovery_wipes_a_plain_file_left_after_the_swap(tmp_path: Path) -> None:
    plain = plain_store(tmp_path / "plain")
    needles = known_values(plain)
    plain.close()
    directory = tmp_path / "enc"
    unlocking.unlock(directory, PASS, kdf=FAST).close()
    db = paths.database_path(directory)
    leftover = db.with_name(db.name + encryption.PLAIN_OLD)
    shutil.copyfile(paths.database_path(tmp_path / "plain"), leftover)  # killed before the wipe
    assert leaks(directory, needles)
    unlocking.unlock(directory, PASS).close()
    assert not leftover.exists()
    assert leaks(directory, needles) == []


# --- the command line ---------------------------------------------------------------------


def test_open_for_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(unlocking.PASSPHRASE_ENV, raising=False)
    plain = unlocking.open_for_cli(tmp_path / "plain")
    assert not plain.encrypted
    plain.close()

    unlocking.unlock(tmp_path / "enc", PASS, kdf=FAST).close()
    with pytest.raises(unlocking.PassphraseRequired, match="VSS_PASSPHRASE"):
        unlocking.open_for_cli(tmp_path / "enc")
    monkeypatch.setenv(unlocking.PASSPHRASE_ENV, OTHER)
    with pytest.raises(unlocking.WrongPassphrase):
        unlocking.open_for_cli(tmp_path / "enc")
    monkeypatch.setenv(unlocking.PASSPHRASE_ENV, PASS)
    store = unlocking.open_for_cli(tmp_path / "enc")
    assert store.encrypted
    store.close()


# --- SIGKILL ------------------------------------------------------------------------------

CHILD_MIGRATE = """
import sys
from pathlib import Path
from vss_desktop.store import unlock
from vss_desktop.store.encryption import KdfParams
print("ready", flush=True)
unlock.unlock(Path(sys.argv[1]), sys.argv[2], kdf=KdfParams(n=2**12)).close()
print("done", flush=True)
"""

CHILD_REKEY = """
import sys
from pathlib import Path
from vss_desktop.store import unlock
a, b = sys.argv[2], sys.argv[3]
store = unlock.unlock(Path(sys.argv[1]), a)
print("ready", flush=True)
store = unlock.change_passphrase(store, a, b)
print("done", flush=True)
store.close()
"""


def run_child(code: str, args: list[str], kill_after: float | None) -> float:
    """Run ``code``; with kill_after None until it prints "done" (returns the seconds since
    it printed "ready"), else SIGKILL it kill_after s after "ready"."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
        start = time.perf_counter()
        if kill_after is None:
            assert proc.stdout.readline().strip() == "done"
        else:
            time.sleep(kill_after)
        return time.perf_counter() - start
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdout.close()


def open_with_either(directory: Path, *passphrases: str) -> tuple[str, Store]:
    for passphrase in passphrases:
        try:
            return passphrase, unlocking.unlock(directory, passphrase)
        except unlocking.WrongPassphrase:
            continue
    raise AssertionError("no passphrase opens the database")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_during_migration_leaves_an_openable_database(tmp_path: Path) -> None:
    template = tmp_path / "template"
    plain = plain_store(template, households=300)
    rows = dump_store(plain)
    plain.close()

    def fresh(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(template, target)
        return target

    duration = run_child(CHILD_MIGRATE, [str(fresh("timing")), PASS], None)
    rng = random.Random(5)
    for trial in range(8):
        directory = fresh(f"trial{trial}")
        # Spread over the whole migration, a little past its end.
        run_child(CHILD_MIGRATE, [str(directory), PASS], rng.uniform(0, duration * 1.2))
        state = unlocking.encryption.database_state(directory)
        if state is DatabaseState.PLAIN:
            store = open_store(directory)  # untouched: still plain, still whole
        else:
            assert state is DatabaseState.ENCRYPTED
            store = unlocking.unlock(directory, PASS)
        try:
            assert dump_store(store) == rows
        finally:
            store.close()
        assert not list(directory.rglob(f"*{encryption.PLAIN_OLD}"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_during_rekey_leaves_a_database_one_passphrase_opens(tmp_path: Path) -> None:
    store = encrypted_store(tmp_path, households=300)
    migrate.backup_database(store, "kept")
    rows = dump_store(store)
    store.close()

    duration = run_child(CHILD_REKEY, [str(tmp_path), PASS, OTHER], None)
    rng = random.Random(9)
    for _ in range(8):
        current, store = open_with_either(tmp_path, PASS, OTHER)
        try:
            assert dump_store(store) == rows
        finally:
            store.close()
        other = OTHER if current == PASS else PASS
        # Spread over the whole change (database, then backups), a little past its end.
        run_child(CHILD_REKEY, [str(tmp_path), current, other], rng.uniform(0, duration * 1.2))
    current, store = open_with_either(tmp_path, PASS, OTHER)
    try:
        assert dump_store(store) == rows
    finally:
        store.close()
    for backup in backup_files(tmp_path):  # each opens with one of the two
        keys = [encryption.derive_key(p, encryption.read_salt(backup), FAST) for p in (PASS, OTHER)]
        assert any(encryption.key_opens(backup, k) for k in keys)
    assert not list(tmp_path.glob(f"*{encryption.REKEYING}*"))


# --- never touch a file this process has open ---------------------------------------------

CHILD_WRITE = """
import sys
from pathlib import Path
from vss_desktop.store import services
from vss_desktop.store.unlock import open_for_cli
store = open_for_cli(Path(sys.argv[1]))  # VSS_PASSPHRASE when encrypted
services.create_household(store, {"head_name": "Hờ A Chớ"})
store.close()
"""


@pytest.mark.parametrize("encrypted", [False, True])
def test_opening_again_keeps_the_locks_of_the_open_store(
    tmp_path: Path, encrypted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading the file's header with open()/close() would drop the POSIX locks SQLite holds
    # for the store already open here; a writer in another process closing next would then
    # think it was the last connection and remove the WAL from under this one.
    if encrypted:
        store = unlocking.unlock(tmp_path, PASS, kdf=FAST)
        second = unlocking.unlock(tmp_path, PASS)
        monkeypatch.setenv(unlocking.PASSPHRASE_ENV, PASS)
    else:
        store = open_store(tmp_path)
        second = open_store(tmp_path)
        monkeypatch.delenv(unlocking.PASSPHRASE_ENV, raising=False)
    services.create_household(store, {"head_name": "Lý Seo Pao"})
    second.close()
    wal = tmp_path / (paths.DB_FILENAME + "-wal")
    assert wal.exists()
    subprocess.run([sys.executable, "-c", CHILD_WRITE, str(tmp_path)], check=True, timeout=60)
    assert wal.exists(), "the other process took the WAL: this process's locks were dropped"
    with store.read() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM household").scalar()
    assert count == 2
    store.close()


def test_no_swap_while_the_store_is_open_here(tmp_path: Path) -> None:
    plain = plain_store(tmp_path)
    rows = dump_store(plain)
    with pytest.raises(encryption.DatabaseBusy):
        unlocking.unlock(tmp_path, PASS, kdf=FAST)
    plain.close()
    assert_plain_intact(tmp_path, rows)
