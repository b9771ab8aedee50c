"""The passphrase's part of unlocking that needs no SQLAlchemy (issue 17).

The key derivation (scrypt: about a second and 128 MiB on a collector's laptop) runs in a
thread from the moment the passphrase is known. hashlib.scrypt releases the GIL, so the
app loads SQLAlchemy meanwhile; the rest waits for :meth:`EarlyKey.wait`, because every
module loaded while scrypt holds its memory adds to the start's peak.
:func:`vss_desktop.store.unlock.unlock` takes the result; it still checks the key and
counts wrong attempts.
"""

from __future__ import annotations

import hmac
import os
import threading
from pathlib import Path

from vss_desktop.store import encryption
from vss_desktop.store.encryption import DatabaseKey, DatabaseState, EncryptionError

PASSPHRASE_ENV = "VSS_PASSPHRASE"  # for scripts and tests; less safe (docs/security.md)


class TooManyAttempts(EncryptionError):
    """An attempt came before the wait after the last failure was over; nothing was tried."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class WeakPassphrase(EncryptionError, ValueError):
    """A new passphrase that is too short."""


def passphrase_from_env() -> str | None:
    """``VSS_PASSPHRASE``, for scripts and tests. Less safe than typing it: the value sits
    in the process environment (readable by the same user) and often in shell history."""
    return os.environ.get(PASSPHRASE_ENV) or None


def needs_passphrase_setup(directory: Path) -> bool:
    """True on first run and for a plain database: the UI asks to *choose* a passphrase."""
    return encryption.database_state(directory) is not DatabaseState.ENCRYPTED


class EarlyKey:
    """The key ``passphrase`` gives for the encrypted database in ``directory``, derived
    in a background thread started here. Nothing is derived for a missing or plain
    database: unlock() sets those up with a new salt."""

    def __init__(self, directory: Path, passphrase: str) -> None:
        self._directory = directory
        self._passphrase: str | None = passphrase
        self._key: DatabaseKey | None = None
        self._thread: threading.Thread | None = None
        if encryption.database_state(directory) is DatabaseState.ENCRYPTED:
            self._thread = threading.Thread(target=self._derive, name="vss-kdf", daemon=True)
            self._thread.start()

    def _derive(self) -> None:
        passphrase = self._passphrase
        assert passphrase is not None
        try:
            self._key = encryption.derive_key_for(self._directory, passphrase)
        except Exception:  # noqa: BLE001 - unlock() derives again and reports the error
            self._key = None

    def wait(self) -> None:
        """Until the derivation is over (load more only then: see the module's doc)."""
        if self._thread is not None:
            self._thread.join()

    def key_for(self, directory: Path, passphrase: str) -> DatabaseKey | None:
        """The derived key if it was derived for this ``directory`` and ``passphrase``
        (waits for the thread); None: derive it the usual way."""
        self.wait()
        mine, self._passphrase = self._passphrase, None  # not kept longer than needed
        if mine is None or directory != self._directory:
            return None
        if not hmac.compare_digest(mine.encode("utf-8"), passphrase.encode("utf-8")):
            return None
        return self._key
