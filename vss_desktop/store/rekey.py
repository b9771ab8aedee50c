"""Putting the whole data directory under a new key: the database and every backup.

- :func:`encrypt_plain_database`: a plain database from an earlier version (and its plain
  backups) migrated to SQLCipher, keeping an encrypted copy made right after.
- :func:`rekey_file` / :func:`rekey_backups`: a changed passphrase (new salt too) for the
  database and the backups the old key opens.

Each file goes through the same verified export and single ``os.replace`` as
:func:`vss_desktop.store.encryption.encrypt_file`: after a crash there is either the old
file or the new verified one. Apart from :mod:`vss_desktop.store.encryption` (the key and
single-file operations) because these steps walk the backups folder
(:mod:`vss_desktop.store.backups`), which itself builds on the file operations.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from vss_desktop import paths
from vss_desktop.store.backups import backup_files, backup_name
from vss_desktop.store.encryption import (
    REKEYING,
    DatabaseState,
    KdfParams,
    derive_key,
    encrypt_file,
    ensure_closed,
    export_verified,
    file_state,
    fsync_dir,
    fsync_file,
    key_opens,
    new_salt,
    recover_interrupted,
    remove_temp,
    write_kdf_params,
)
from vss_desktop.store.keys import DatabaseKey, EncryptionError

log = logging.getLogger(__name__)


def rekey_file(path: Path, old_key: DatabaseKey, new_key: DatabaseKey) -> None:
    """Replace the encrypted file ``path`` by a copy under ``new_key`` (new salt too).

    Not ``PRAGMA rekey``: that rewrites the pages in place and keeps the old salt. An export
    into a new file and one ``os.replace`` leave, after any crash, either the old file (old
    passphrase) or the new verified one (new passphrase).
    """
    tmp = path.with_name(path.name + REKEYING)
    export_verified(path, old_key, tmp, new_key)
    try:
        ensure_closed(path)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        remove_temp(tmp)
        raise


def encrypt_plain_database(
    directory: Path, passphrase: str, params: KdfParams | None = None
) -> DatabaseKey:
    """Migrate the plain database in ``directory`` (and its plain backups) to SQLCipher.

    Afterwards an encrypted copy is kept in backups/ as ``vss-<time>-before-encryption``,
    and every plain backup there is encrypted under the same key: a plain copy left behind
    would defeat the point. Returns the key to open the database with.
    """
    params = params or KdfParams()
    db_path = paths.database_path(directory)
    recover_interrupted(directory)
    if file_state(db_path) is not DatabaseState.PLAIN:
        raise EncryptionError("there is no plain database to encrypt")
    key = derive_key(passphrase, new_salt(), params)
    write_kdf_params(directory, params)  # harmless if we stop before the swap
    encrypt_file(db_path, key)
    write_kdf_params(directory, params, key)
    backup = paths.backups_dir(directory) / backup_name("before-encryption")
    shutil.copyfile(db_path, backup)  # closed, no -wal: the bytes are the whole database
    fsync_file(backup)
    encrypt_plain_backups(directory, key)
    log.info("database encrypted")
    return key


def encrypt_plain_backups(directory: Path, key: DatabaseKey) -> int:
    """Encrypt backups still plain (from before encryption, or left by a crash mid-way)."""
    done = 0
    for backup in backup_files(directory):
        if file_state(backup) is DatabaseState.PLAIN:
            encrypt_file(backup, key)
            done += 1
    return done


def rekey_backups(directory: Path, old_key: DatabaseKey, new_key: DatabaseKey) -> int:
    """Put the backups under the new key too (a changed passphrase is often a leaked one).
    A backup the old key does not open is left as it is. Returns how many were rekeyed."""
    done = 0
    for backup in backup_files(directory):
        if file_state(backup) is DatabaseState.ENCRYPTED and key_opens(backup, old_key):
            rekey_file(backup, old_key, new_key)
            done += 1
        elif file_state(backup) is DatabaseState.ENCRYPTED:
            log.warning("a backup under an older key was left as it is")
    return done
