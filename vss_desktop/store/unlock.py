"""Unlocking the encrypted laptop database: what the passphrase dialog and lock screen call.

- :func:`needs_passphrase_setup`: first run, or a plain database from an earlier version;
  the UI asks for a new passphrase (twice) instead of the passphrase.
- :func:`unlock`: sets up, migrates or opens, and returns the open :class:`Store`.
- :func:`check_passphrase`: the lock screen after ``DEFAULT_LOCK_AFTER_MINUTES`` idle; the
  store stays open, the passphrase is compared with the key in memory.
- :func:`change_passphrase`: rekeys the database and its backups.
- :func:`open_for_cli`: headless commands, passphrase from ``VSS_PASSPHRASE``.

Wrong passphrases are counted in ``vss.unlock.json`` next to the database, so restarting
the app does not reset the count: after ``FREE_FAILURES`` the next attempt must wait 1 s,
then 2, 4 ... up to ``MAX_DELAY_S``. This slows a person at the keyboard; someone with a
copy of the file is slowed by the KDF instead (docs/security.md "Laptop database").
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vss_desktop import paths
from vss_desktop.store import encryption, rekey
from vss_desktop.store.db import Store
from vss_desktop.store.early_unlock import (
    PASSPHRASE_ENV,
    EarlyKey,
    TooManyAttempts,
    WeakPassphrase,
    needs_passphrase_setup,
    passphrase_from_env,
)
from vss_desktop.store.encryption import (
    DatabaseDamaged,
    DatabaseState,
    EncryptionError,
    KdfParams,
    PassphraseRequired,
    WrongPassphrase,
)
from vss_desktop.store.opening import open_store

log = logging.getLogger(__name__)

MIN_PASSPHRASE_CHARS = 8
DEFAULT_LOCK_AFTER_MINUTES = 10
ATTEMPTS_FILENAME = "vss.unlock.json"
FREE_FAILURES = 3  # typos: no wait for the first few
MAX_DELAY_S = 300.0

Clock = Callable[[], float]

__all__ = [
    "DEFAULT_LOCK_AFTER_MINUTES",
    "DatabaseDamaged",
    "EncryptionError",
    "PASSPHRASE_ENV",
    "EarlyKey",
    "PassphraseRequired",
    "TooManyAttempts",
    "WeakPassphrase",
    "WrongPassphrase",
    "change_passphrase",
    "check_passphrase",
    "needs_passphrase_setup",
    "open_for_cli",
    "passphrase_from_env",
    "unlock",
]


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong passphrases in a row: 0, 0, 0, 1, 2, 4 ..."""
    if failures <= FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_S, 2.0 ** (failures - FREE_FAILURES - 1))


@dataclass
class AttemptLog:
    """Failed attempts in a row and when the next one may come, kept on disk."""

    path: Path
    clock: Clock = time.time

    def _read(self) -> tuple[int, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return int(data["failures"]), float(data["not_before"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged counter must not lock the collector out, nor reset to zero.
            log.warning("%s unreadable; counting from the free attempts' end", self.path.name)
            return FREE_FAILURES, 0.0

    @property
    def failures(self) -> int:
        return self._read()[0]

    def wait_remaining(self) -> float:
        failures, not_before = self._read()
        # Capped by the delay itself, so a clock set back cannot lock anyone out for long.
        return max(0.0, min(not_before - self.clock(), delay_after(failures)))

    def record_failure(self) -> tuple[int, float]:
        failures = self._read()[0] + 1
        delay = delay_after(failures)
        encryption.write_json_atomically(
            self.path, {"failures": failures, "not_before": self.clock() + delay}
        )
        return failures, delay

    def reset(self) -> None:
        if self.path.exists():
            self.path.unlink()


def attempt_log(directory: Path, clock: Clock = time.time) -> AttemptLog:
    return AttemptLog(directory / ATTEMPTS_FILENAME, clock)


def _refuse_if_waiting(attempts: AttemptLog) -> None:
    wait = attempts.wait_remaining()
    if wait > 0:
        raise TooManyAttempts(
            f"too many wrong passphrases: try again in {wait:.0f} s", retry_after=wait
        )


def _wrong(attempts: AttemptLog) -> WrongPassphrase:
    failures, delay = attempts.record_failure()
    log.info("wrong passphrase (%d in a row)", failures)
    return WrongPassphrase("wrong passphrase", failures=failures, retry_after=delay)


def validate_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphrase(f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")


def unlock(
    directory: Path,
    passphrase: str,
    *,
    kdf: KdfParams | None = None,
    clock: Clock = time.time,
    early: EarlyKey | None = None,
) -> Store:
    """Open the encrypted database in ``directory`` with ``passphrase``.

    - no database yet: ``passphrase`` becomes the passphrase of a new encrypted database;
    - a plain database: it is migrated (:func:`rekey.encrypt_plain_database`);
    - an encrypted one: the key is derived and checked; a wrong passphrase raises
      :class:`WrongPassphrase` (with ``retry_after``), and an attempt during the wait
      raises :class:`TooManyAttempts`. Neither changes the database.

    ``kdf`` applies to a database set up here (tests pass cheap parameters); an existing
    one keeps the parameters in its ``vss.keyinfo.json``. ``early``: the key already
    derived in the background for this passphrase (the app's start, issue 17).
    """
    directory.mkdir(parents=True, exist_ok=True)
    state = encryption.database_state(directory)
    if state is DatabaseState.MISSING:
        validate_new_passphrase(passphrase)
        params = kdf or KdfParams()
        key = encryption.derive_key(passphrase, encryption.new_salt(), params)
        encryption.write_kdf_params(directory, params, key)
        log.info("new encrypted database")
        store = open_store(directory, key=key)
        attempt_log(directory, clock).reset()
        return store
    if state is DatabaseState.PLAIN:
        validate_new_passphrase(passphrase)
        key = rekey.encrypt_plain_database(directory, passphrase, kdf)
        attempt_log(directory, clock).reset()
        return open_store(directory, key=key)
    attempts = attempt_log(directory, clock)
    _refuse_if_waiting(attempts)
    derived = early.key_for(directory, passphrase) if early is not None else None
    key = derived or encryption.derive_key_for(directory, passphrase)
    if not encryption.key_opens(paths.database_path(directory), key):
        if encryption.matches_key_check(directory, key):
            # The right passphrase: the file itself is damaged. Not a failed attempt.
            attempts.reset()
            log.error("the database does not open with the right key: damaged file")
            raise DatabaseDamaged(
                "the passphrase is right but the database file is damaged;"
                f" copies are in {paths.backups_dir(directory)}"
            )
        raise _wrong(attempts)
    attempts.reset()
    if not encryption.matches_key_check(directory, key):  # missing, or an older sidecar
        encryption.write_kdf_params(directory, encryption.read_kdf_params(directory), key)
    store = open_store(directory, key=key)
    rekey.encrypt_plain_backups(directory, key)  # left plain by an interrupted migration
    return store


def check_passphrase(store: Store, passphrase: str, *, clock: Clock = time.time) -> None:
    """Lock screen: raise WrongPassphrase/TooManyAttempts unless ``passphrase`` is the
    store's. Same counter and delays as :func:`unlock`; the database is not touched."""
    if store.key is None:
        raise EncryptionError("the store is not encrypted")
    attempts = attempt_log(store.directory, clock)
    _refuse_if_waiting(attempts)
    params = encryption.read_kdf_params(store.directory)
    candidate = encryption.derive_key(passphrase, store.key.salt, params)
    if not hmac.compare_digest(candidate.key, store.key.key):
        raise _wrong(attempts)
    attempts.reset()


def change_passphrase(store: Store, old: str, new: str, *, clock: Clock = time.time) -> Store:
    """Rekey the database (new salt, new key) and its backups; returns the reopened store.

    ``store`` is closed once ``old`` checks out. If the rekey fails the database is still
    under ``old``: reopen it with :func:`unlock`. A crash part-way leaves a database that
    one of the two passphrases opens.
    """
    check_passphrase(store, old, clock=clock)
    validate_new_passphrase(new)
    assert store.key is not None  # check_passphrase refused a plain store
    old_key = store.key
    directory = store.directory
    new_key = encryption.derive_key(
        new, encryption.new_salt(), encryption.read_kdf_params(directory)
    )
    store.close()
    rekey.rekey_file(paths.database_path(directory), old_key, new_key)
    encryption.write_kdf_params(directory, encryption.read_kdf_params(directory), new_key)
    log.info("passphrase changed")
    rekey.rekey_backups(directory, old_key, new_key)
    return open_store(directory, key=new_key)


def open_for_cli(data_dir: Path) -> Store:
    """The store for a headless command (sync, print).

    An encrypted database needs ``VSS_PASSPHRASE``; without it this raises
    PassphraseRequired with a message fit to print. With it, a plain or missing database is
    set up encrypted exactly as the app would. A plain database without it opens plain.
    """
    passphrase = passphrase_from_env()
    if passphrase is not None:
        return unlock(data_dir, passphrase)
    if encryption.database_state(data_dir) is DatabaseState.ENCRYPTED:
        raise PassphraseRequired(
            f"the database is encrypted: set {PASSPHRASE_ENV} to its passphrase"
            " (less safe than the app's prompt: see docs/security.md)"
        )
    return open_store(data_dir)
