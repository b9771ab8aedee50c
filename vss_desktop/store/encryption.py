"""Encryption at rest for the laptop database: the key, and whole-file SQLCipher operations.

- The key is ``scrypt(passphrase, salt)`` (standard library, memory-hard; parameters in
  :class:`KdfParams`). It is handed to SQLCipher raw (``x'key||salt'``), so SQLCipher's
  own PBKDF2 is skipped: the slow part happens once, in our KDF.
- The salt is per database file and lives in the file itself: SQLCipher keeps the salt in
  the first 16 bytes, unencrypted, and with a raw ``key||salt`` it uses ours. So a backup or
  a swapped-in file can never be separated from its salt, and a passphrase change swaps
  salt and ciphertext in one ``os.replace``. The sidecar ``vss.keyinfo.json`` holds the
  KDF parameters and a key check. The passphrase is stored nowhere. SQLCipher rejects a
  wrong key (its per-page HMAC fails) when sqlite_master is read; so does a damaged first
  page with the right key. The key check (an HMAC of a constant under the key) tells the
  two apart: "damaged" is not "wrong passphrase" (:func:`matches_key_check`). It lets an
  attacker test a guess no faster than the file itself does: each guess costs the KDF.
- A plain database is never rewritten in place: it is exported into a new encrypted file,
  verified (integrity check, same schema, same row count in every table), swapped in, and
  only then the plain file is overwritten and removed. A crash at any point leaves either
  the old file or the new verified one; :func:`recover_interrupted` tidies up at next open.

Whole-database key changes (plain to encrypted, old passphrase to new, backups included)
are in :mod:`vss_desktop.store.rekey`; the unlock flow for the app (passphrase setup,
wrong-passphrase delays, VSS_PASSPHRASE) is in :mod:`vss_desktop.store.unlock`. docs/security.md "Laptop database"
has the why.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sys
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vss_desktop import paths
from vss_desktop.store.keys import KEY_BYTES, SALT_BYTES
from vss_desktop.store.keys import DatabaseKey as DatabaseKey  # re-exported: the public face
from vss_desktop.store.keys import EncryptionError as EncryptionError

if TYPE_CHECKING:
    from vss_desktop.store.db import Store

# This module does not import store.db (SQLAlchemy) at load: the app derives the key while
# it loads the rest (issue 17). Until store.db is loaded no store can be open here.


def open_store_on(path: Path) -> Store | None:
    """A store this process has open on ``path`` (store.db.open_store_on), if any."""
    db = sys.modules.get("vss_desktop.store.db")
    store: Store | None = db.open_store_on(path) if db is not None else None
    return store


def connect_dbapi(db_path: Path, key: DatabaseKey | None = None, **kwargs: Any) -> Any:
    from vss_desktop.store.db import connect_dbapi as connect

    return connect(db_path, key, **kwargs)


log = logging.getLogger(__name__)

PLAIN_HEADER = b"SQLite format 3\x00"
KEYINFO_FILENAME = "vss.keyinfo.json"
KEYINFO_FORMAT = 1
KEY_CHECK_LABEL = b"vss-desktop key check v1"

# Suffixes of the files a swap works with, next to the file being replaced.
ENCRYPTING = ".encrypting"  # plain -> encrypted copy being written
REKEYING = ".rekeying"  # encrypted copy under a new key being written
PLAIN_OLD = ".plain-old"  # the plain file, kept under this name until it is wiped
WIPE_CHUNK = 1 << 20


class WrongPassphrase(EncryptionError):
    """The passphrase (or key) does not open the database. Nothing was changed."""

    def __init__(self, message: str, *, failures: int = 0, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.failures = failures  # failed attempts in a row, this one included
        self.retry_after = retry_after  # seconds before the next attempt is accepted


class PassphraseRequired(EncryptionError):
    """The database is encrypted and no passphrase was given."""


class VerificationFailed(EncryptionError):
    """The encrypted copy did not match its source; the source was left as it was."""


class DatabaseDamaged(EncryptionError):
    """The passphrase is right (the key check matches) but the file does not open with it:
    its first page is damaged. Nothing was changed; the backups are next to it."""


class DatabaseBusy(EncryptionError):
    """Another connection still has the database open; it cannot be swapped now."""


class DatabaseState(StrEnum):
    MISSING = "missing"  # no file, or an empty one: first run
    PLAIN = "plain"  # an unencrypted SQLite file from an earlier version
    ENCRYPTED = "encrypted"


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost. n=2**17, r=8, p=1 is OWASP's scrypt minimum: 128 MiB and about 1 s per
    guess here, which is the point (an attacker with the file pays it for every guess)."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        # Bounds also stop an edited keyinfo file from asking for gigabytes of memory.
        if not (2**10 <= self.n <= 2**22 and self.n & (self.n - 1) == 0):
            raise EncryptionError("scrypt n must be a power of two between 2**10 and 2**22")
        if not (1 <= self.r <= 32 and 1 <= self.p <= 16):
            raise EncryptionError("scrypt r or p out of range")

    @property
    def maxmem(self) -> int:
        return 2 * 128 * self.r * self.n * self.p + (1 << 20)


def normalize_passphrase(passphrase: str) -> bytes:
    # Vietnamese keyboards type "ệ" composed or decomposed; both must give the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes, params: KdfParams | None = None) -> DatabaseKey:
    params = params or KdfParams()
    raw = hashlib.scrypt(
        normalize_passphrase(passphrase),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=params.maxmem,
        dklen=KEY_BYTES,
    )
    return DatabaseKey(key=raw, salt=salt)


# --- what is on disk -------------------------------------------------------------------


def file_state(path: Path) -> DatabaseState:
    """Missing, plain or encrypted, from the file's first bytes.

    A store this process has open on ``path`` answers instead: reading the file would
    close a descriptor of it, and on POSIX that drops every lock SQLite holds on the file
    in this process (sqlite.org/howtocorrupt.html §2.2).
    """
    if (store := open_store_on(path)) is not None:
        return DatabaseState.ENCRYPTED if store.encrypted else DatabaseState.PLAIN
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return DatabaseState.MISSING
    if not head:
        return DatabaseState.MISSING  # SQLite treats an empty file as a new database
    return DatabaseState.PLAIN if head == PLAIN_HEADER else DatabaseState.ENCRYPTED


def is_encrypted(path: Path) -> bool:
    """True when the file exists and is not plain SQLite (plain files start "SQLite format 3")."""
    return file_state(path) is DatabaseState.ENCRYPTED


def database_state(directory: Path) -> DatabaseState:
    recover_interrupted(directory)
    return file_state(paths.database_path(directory))


def read_salt(path: Path) -> bytes:
    store = open_store_on(path)
    if store is not None and store.key is not None:
        return store.key.salt  # not from the file: see file_state
    with open(path, "rb") as fh:
        salt = fh.read(SALT_BYTES)
    if len(salt) != SALT_BYTES:
        raise EncryptionError("the database file is too short to be encrypted")
    return salt


def keyinfo_path(directory: Path) -> Path:
    return directory / KEYINFO_FILENAME


def read_kdf_params(directory: Path) -> KdfParams:
    """The KDF parameters the database was set up with (defaults when the sidecar is gone)."""
    try:
        info = json.loads(keyinfo_path(directory).read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("%s missing; trying the default KDF parameters", KEYINFO_FILENAME)
        return KdfParams()
    except ValueError as exc:
        raise EncryptionError(f"{KEYINFO_FILENAME} is not valid JSON") from exc
    if info.get("format") != KEYINFO_FORMAT or info.get("kdf") != "scrypt":
        raise EncryptionError(f"{KEYINFO_FILENAME}: unknown format or KDF")
    try:
        return KdfParams(n=int(info["n"]), r=int(info["r"]), p=int(info["p"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise EncryptionError(f"{KEYINFO_FILENAME}: bad KDF parameters") from exc


def key_check(key: DatabaseKey) -> str:
    """A value that shows a derived key is the database's, without the database."""
    mac = hmac.new(key.key, KEY_CHECK_LABEL + key.salt, hashlib.sha256)
    return mac.hexdigest()[:32]


def matches_key_check(directory: Path, key: DatabaseKey) -> bool | None:
    """Does ``key`` match the recorded key check? None when none is recorded (an older
    sidecar, or none at all)."""
    try:
        info = json.loads(keyinfo_path(directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    recorded = info.get("key_check") if isinstance(info, dict) else None
    if not isinstance(recorded, str):
        return None
    return hmac.compare_digest(recorded, key_check(key))


def write_kdf_params(directory: Path, params: KdfParams, key: DatabaseKey | None = None) -> None:
    """The sidecar: the KDF parameters and, given the key, its check value."""
    info: dict[str, Any] = {
        "format": KEYINFO_FORMAT,
        "kdf": "scrypt",
        "n": params.n,
        "r": params.r,
        "p": params.p,
        "salt": f"first {SALT_BYTES} bytes of each database file",
        "note": "Parameters of the key derivation only. The passphrase is not stored.",
    }
    if key is not None:
        info["key_check"] = key_check(key)
    write_json_atomically(keyinfo_path(directory), info)


def write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def key_opens(path: Path, key: DatabaseKey) -> bool:
    """Does ``key`` open the encrypted file? Reads sqlite_master and nothing else."""
    import sqlcipher3

    conn = connect_dbapi(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def derive_key_for(directory: Path, passphrase: str) -> DatabaseKey:
    """The key ``passphrase`` gives for the encrypted database in ``directory`` (unchecked)."""
    db_path = paths.database_path(directory)
    return derive_key(passphrase, read_salt(db_path), read_kdf_params(directory))


# --- file operations --------------------------------------------------------------------


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory; NTFS journals renames itself
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def wipe_file(path: Path) -> None:
    """Overwrite with zeros, sync, remove. Best effort: SSDs and copy-on-write file systems
    may keep old blocks elsewhere (docs/security.md: use full-disk encryption too)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as fh:
        zeros = bytes(WIPE_CHUNK)
        left = size
        while left > 0:
            left -= fh.write(zeros[: min(left, WIPE_CHUNK)])
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def remove_temp(path: Path) -> None:
    for leftover in [path, *sidecars(path)]:
        leftover.unlink(missing_ok=True)


def recover_file(path: Path) -> None:
    """Tidy up after a swap of ``path`` that a crash cut short; never loses the live data."""
    for suffix in (ENCRYPTING, REKEYING):
        remove_temp(path.with_name(path.name + suffix))  # never swapped in: incomplete
    old = path.with_name(path.name + PLAIN_OLD)
    if not old.exists():
        return
    state = file_state(path)
    if state is DatabaseState.MISSING:
        os.replace(old, path)  # cut between the two renames: the plain file goes back
        log.warning("an interrupted encryption was undone; the plain database is back")
    elif state is DatabaseState.ENCRYPTED:
        wipe_file(old)  # the encrypted copy was swapped in: finish removing the plain one
        log.info("an interrupted encryption was completed")
    elif old.samefile(path):
        old.unlink()  # only the hard link made before the swap
    else:
        log.warning("two plain database files after an interrupted encryption; both kept")
    fsync_dir(path.parent)


def recover_interrupted(directory: Path) -> None:
    recover_file(paths.database_path(directory))
    backups = directory / "backups"
    if backups.is_dir():
        for leftover in backups.glob(f"*{PLAIN_OLD}"):
            recover_file(leftover.with_name(leftover.name.removesuffix(PLAIN_OLD)))
        for suffix in (ENCRYPTING, REKEYING):
            for leftover in backups.glob(f"*{suffix}"):
                remove_temp(leftover)


def _open_source(path: Path, key: DatabaseKey | None) -> Any:
    """A sqlcipher3 connection on the source: plain (no key) or keyed. sqlcipher_export
    exists only in SQLCipher's SQLite, so plain sources are read through it too."""
    import sqlcipher3

    conn = connect_dbapi(path, key) if key is not None else sqlcipher3.connect(str(path))
    conn.isolation_level = None  # autocommit: ATTACH/DETACH must be outside a transaction
    return conn


def table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
        for name in names
    }


def schema_of(conn: Any, schema: str = "main") -> list[tuple[str, str, str | None]]:
    rows: list[tuple[str, str, str | None]] = conn.execute(
        f"SELECT type, name, sql FROM {schema}.sqlite_master ORDER BY type, name"
    ).fetchall()
    return rows


def export_encrypted(source: Any, target: Path, key: DatabaseKey) -> None:
    """Write an encrypted copy of ``source`` (an open connection) to ``target``, synced."""
    remove_temp(target)
    source.execute("ATTACH DATABASE ? AS vss_target KEY ?", (str(target), key.sqlcipher_literal()))
    try:
        source.execute("SELECT sqlcipher_export('vss_target')")
        # sqlcipher_export copies schema and rows, not the header fields: user_version holds
        # the search index version (search.INDEX_VERSION), application_id is copied for form.
        for pragma in ("user_version", "application_id"):
            value = int(source.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            source.execute(f"PRAGMA vss_target.{pragma} = {value}")
    finally:
        source.execute("DETACH DATABASE vss_target")
    fsync_file(target)


def verify_copy(source: Any, target: Path, key: DatabaseKey) -> None:
    """Raise VerificationFailed unless ``target`` opens with ``key`` and matches ``source``."""
    copy = connect_dbapi(target, key)
    try:
        try:
            check = copy.execute("PRAGMA integrity_check").fetchall()
        except Exception as exc:  # sqlcipher3.DatabaseError and kin: unreadable copy
            raise VerificationFailed("the encrypted copy cannot be read") from exc
        if check != [("ok",)]:
            raise VerificationFailed("the encrypted copy fails the integrity check")
        if schema_of(copy) != schema_of(source):
            raise VerificationFailed("the encrypted copy has a different schema")
        if table_counts(copy) != table_counts(source):
            raise VerificationFailed("the encrypted copy has different row counts")
        for pragma in ("user_version", "application_id"):
            if (
                copy.execute(f"PRAGMA {pragma}").fetchone()
                != source.execute(f"PRAGMA main.{pragma}").fetchone()
            ):
                raise VerificationFailed(f"the encrypted copy has a different {pragma}")
    finally:
        copy.close()


def _checkpoint(source: Any) -> None:
    busy, _, _ = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise DatabaseBusy("another connection is using the database; close it and retry")


def refuse_if_open_here(path: Path) -> None:
    if open_store_on(path) is not None:
        raise DatabaseBusy("the database is open in this process; close the store first")


def ensure_closed(path: Path) -> None:
    """After our last connection closed, SQLite removed -wal and -shm; if a -wal is still
    there another connection has the file open, and a swap would strand its changes."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        raise DatabaseBusy("another connection is using the database; close it and retry")
    path.with_name(path.name + "-shm").unlink(missing_ok=True)


def export_verified(
    path: Path, source_key: DatabaseKey | None, tmp: Path, key: DatabaseKey
) -> None:
    """Export ``path`` (plain when ``source_key`` is None) into ``tmp`` under ``key`` and
    verify the copy; on any failure ``tmp`` is removed and ``path`` is untouched."""
    refuse_if_open_here(path)
    source = _open_source(path, source_key)
    try:
        _checkpoint(source)
        export_encrypted(source, tmp, key)
        verify_copy(source, tmp, key)
    except BaseException:
        remove_temp(tmp)
        raise
    finally:
        source.close()


def encrypt_file(path: Path, key: DatabaseKey) -> None:
    """Replace the plain SQLite file ``path`` by an encrypted copy under ``key``.

    Order: export to ``path.encrypting`` and verify; hard-link the plain file as
    ``path.plain-old``; rename the copy over ``path``; wipe ``.plain-old``. A crash before
    the rename leaves the plain file live; after it, the verified copy. The plain file is
    only destroyed once the encrypted one is in place.
    """
    tmp = path.with_name(path.name + ENCRYPTING)
    old = path.with_name(path.name + PLAIN_OLD)
    export_verified(path, None, tmp, key)
    try:
        ensure_closed(path)
        if old.exists() and old.samefile(path):
            old.unlink()
        elif old.exists():  # an older plain copy that recovery kept: it goes too
            wipe_file(old)
        try:
            os.link(path, old)
        except OSError:  # no hard links here (FAT): a rename; recovery handles the gap
            os.rename(path, old)
        fsync_dir(path.parent)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        remove_temp(tmp)
        recover_file(path)
        raise
    wipe_file(old)
    fsync_dir(path.parent)
