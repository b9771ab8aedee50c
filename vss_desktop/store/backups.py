"""A copy of the database each day, and putting a copy back when the file is damaged.

The laptop's database holds the visits not yet sent: a damaged file (a bad sector, a
copy cut short) must not take a day's work with it. Once a day the app copies the live
database into ``backups/`` (SQLite's online backup API, encrypted under the same key:
no page is ever written in the clear), next to the copies made before schema upgrades.
A copy is written under a temporary name and renamed when complete, so a copy cut short
by a crash is never taken for a good one. Every copy is named
``vss-<UTC time>-<label>.sqlite3`` (:func:`backup_name`): names sort by time.

Restoring puts a chosen copy in place of the database after checking that it opens and
is whole; the file it replaces is kept beside it (``vss.sqlite3.replaced-<time>``), never
deleted. Changes made after the copy are lost unless they were synced; the server tells
a restored database by its reused sequence numbers and the app continues under a new
device id (docs/sync-protocol.md, device reset), so nothing is applied twice.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from vss_core import vietnam_time
from vss_desktop import paths
from vss_desktop.store import encryption
from vss_desktop.store.db import Store, connect_dbapi
from vss_desktop.store.keys import DatabaseKey, EncryptionError

log = logging.getLogger(__name__)

DAILY = "daily"
PARTIAL = ".partial"
KEEP_BACKUPS = 10  # copies kept in backups/, of every kind: about ten days of daily ones


class BackupError(EncryptionError):
    """A copy cannot be restored (it does not open with this passphrase, or is damaged)."""


class LiveDatabaseDamaged(EncryptionError):
    """The day's copy found damage in the database itself: the copy was not kept, so
    the good copies of earlier days stay (pruning would otherwise push them out)."""


def file_stamp() -> str:
    """Now, in UTC, for file names: names sort by time."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_name(label: str) -> str:
    return f"vss-{file_stamp()}-{label}.sqlite3"


def backup_files(directory: Path) -> list[Path]:
    backups = directory / "backups"
    return sorted(backups.glob("vss-*.sqlite3")) if backups.is_dir() else []


def daily_label(day: date) -> str:
    return f"{DAILY}-{day:%Y%m%d}"


def daily_backup_due(directory: Path, day: date) -> bool:
    """No complete copy of ``day`` (local calendar day) in backups/ yet."""
    return not list(paths.backups_dir(directory).glob(f"vss-*-{daily_label(day)}.sqlite3"))


def make_daily_backup(store: Store, day: date | None = None) -> Path | None:
    """Today's copy, unless there is one already; returns the new file. A copy that finds
    the database damaged is not kept (LiveDatabaseDamaged)."""
    day = day or vietnam_time.today()
    if not daily_backup_due(store.directory, day):
        return None
    copy = write_copy(store, daily_label(day), check=True)
    log.info("daily backup written")
    return copy


def write_copy(store: Store, label: str, *, check: bool = False) -> Path:
    """Copy the live database into backups/ with SQLite's online backup API (WAL content
    included), encrypted under the same key: both ends are keyed connections, so no page
    is ever written in the clear. Written under a temporary name and renamed when whole;
    the oldest copies beyond KEEP_BACKUPS are removed. ``check``: also run quick_check on
    the copy, and keep it only if the database is sound (else LiveDatabaseDamaged)."""
    folder = paths.backups_dir(store.directory)
    target = folder / backup_name(label)
    partial = target.with_name(target.name + PARTIAL)
    for stale in folder.glob(f"*{PARTIAL}*"):  # a copy cut short, and its journal
        stale.unlink(missing_ok=True)
    whole = True
    src = connect_dbapi(store.path, store.key)
    try:
        dst = connect_dbapi(partial, store.key)
        try:
            with dst:
                src.backup(dst)  # a page failing its HMAC stops the copy here
            if check:
                whole = dst.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            dst.close()
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 raise their own types
        partial.unlink(missing_ok=True)
        if not check or isinstance(exc, OSError) or not database_damaged(store):
            raise  # the disk (full, gone), not the database's fault
        log.error("backup copy: the database is damaged (%s)", type(exc).__name__)
        raise LiveDatabaseDamaged("the database file is damaged; the copy was not kept") from exc
    finally:
        src.close()
    if not whole:
        partial.unlink(missing_ok=True)
        log.error("backup copy: the database fails its integrity check")
        raise LiveDatabaseDamaged("the database file is damaged; the copy was not kept")
    encryption.fsync_file(partial)
    os.replace(partial, target)
    encryption.fsync_dir(folder)
    prune_backups(folder)
    return target


def prune_backups(directory: Path) -> None:
    copies = sorted(directory.glob("vss-*.sqlite3"))
    for old in copies[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)


def database_damaged(store: Store) -> bool:
    """Does the live database fail its checks? SQLCipher's HMAC of every page (a failed
    one reads as a vague "SQL logic error" elsewhere), then SQLite's quick_check."""
    conn = connect_dbapi(store.path, store.key)
    try:
        if store.key is not None and conn.execute("PRAGMA cipher_integrity_check").fetchall():
            return True
        verdict: str = conn.execute("PRAGMA quick_check").fetchone()[0]
        return verdict != "ok"
    except Exception:  # noqa: BLE001 - a check that cannot even read the file
        return True
    finally:
        conn.close()


def list_backups(directory: Path) -> list[Path]:
    """The copies in backups/, newest first."""
    return sorted(backup_files(directory), key=lambda p: p.name, reverse=True)


def key_for_backup(directory: Path, backup: Path, passphrase: str | None) -> DatabaseKey | None:
    """The key that opens ``backup`` (None for a plain copy): its own salt, this
    database's KDF parameters."""
    if encryption.file_state(backup) is not encryption.DatabaseState.ENCRYPTED:
        return None
    if passphrase is None:
        raise encryption.PassphraseRequired("the copy is encrypted: its passphrase is needed")
    salt = encryption.read_salt(backup)
    return encryption.derive_key(passphrase, salt, encryption.read_kdf_params(directory))


def restore_backup(directory: Path, backup: Path, key: DatabaseKey | None) -> Path:
    """Put ``backup`` in place of the database (closed); returns where the replaced file
    was kept. Raises BackupError, changing nothing, when the copy does not open or fails
    SQLite's integrity check."""
    db_path = paths.database_path(directory)
    encryption.refuse_if_open_here(db_path)
    _check_whole(backup, key)
    stamp = file_stamp()
    kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    incoming = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, incoming)
    encryption.fsync_file(incoming)
    # A crash at any step leaves a database file in place (the damaged one, then the copy):
    # never none, which the next start would take for a first run.
    if db_path.exists():
        try:
            os.link(db_path, kept)  # the damaged file kept under a second name, at no cost
        except OSError:  # a file system without hard links
            shutil.copyfile(db_path, kept)
    for sidecar in encryption.sidecars(db_path):  # the old file's WAL must not replay on it
        if sidecar.exists():
            os.replace(sidecar, sidecar.with_name(f"{sidecar.name}.replaced-{stamp}"))
    os.replace(incoming, db_path)
    encryption.fsync_dir(directory)
    if key is not None:  # the check follows the key now in use
        encryption.write_kdf_params(directory, encryption.read_kdf_params(directory), key)
    log.info("database restored from a backup copy")
    return kept


def _check_whole(backup: Path, key: DatabaseKey | None) -> None:
    if key is not None and not encryption.key_opens(backup, key):
        raise BackupError("this copy does not open with that passphrase")
    conn = connect_dbapi(backup, key)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except Exception as exc:  # noqa: BLE001 - sqlite3 and sqlcipher3 raise their own types
        raise BackupError("this copy is damaged too") from exc
    finally:
        conn.close()
    if verdict != "ok":
        raise BackupError("this copy is damaged too")
