"""The one way a command opens the database and reports what went wrong with it.

- :func:`command_store`: the store for a command (passphrase from ``VSS_PASSPHRASE``,
  damage check before anything is read), database failures during the command turned
  into :class:`CommandFailed`, and the store closed at the end.
- :func:`restore_copy`: a backup copy put back with the passphrase from the environment.

Every refusal is a :class:`CommandFailed`: a sentence for stderr and the exit code
(``EXIT_DATABASE`` when the database cannot be opened, is locked or damaged). Messages
never quote a database error's SQL or parameters (they hold names and ID numbers): only
the driver's short message or the exception's type.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from vss_desktop.store import Store, backups
from vss_desktop.store.db import connect_dbapi
from vss_desktop.store.encryption import DatabaseDamaged, EncryptionError
from vss_desktop.store.unlock import PASSPHRASE_ENV, open_for_cli

EXIT_DATABASE = 6  # the database cannot be opened or used (also when it is damaged)
EXIT_MEMORY = 1

DAMAGED_MESSAGE = (
    "error: the database file on this laptop is damaged, so nothing was {doing}."
    " `vss-desktop backups` lists the copies of earlier days and"
    " `VSS_PASSPHRASE=... vss-desktop restore-backup NAME` puts one back (the damaged file"
    " is kept); what was synced before comes back from the server with the next sync."
)


class CommandFailed(Exception):
    """A headless command stops: ``message`` for stderr, ``code`` for the exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message, self.code = message, code

    def report(self) -> int:
        print(self.message, file=sys.stderr)
        return self.code


@contextmanager
def command_store(data_dir: Path, doing: str) -> Iterator[Store]:
    """The checked store for one command, closed on the way out. ``doing``: "printed",
    "synced"... for the messages ("nothing was synced")."""
    store = open_checked(data_dir, doing)
    try:
        with database_errors(store, doing):
            yield store
    finally:
        store.close()


def restore_copy(data_dir: Path, copy: Path) -> Path:
    """Put ``copy`` back (its passphrase from the environment); where the replaced file
    was kept. CommandFailed, with nothing changed, when the copy does not open."""
    try:
        key = backups.key_for_backup(data_dir, copy, os.environ.get(PASSPHRASE_ENV))
        return backups.restore_backup(data_dir, copy, key)
    except EncryptionError as exc:
        hint = f" (set {PASSPHRASE_ENV})" if PASSPHRASE_ENV not in os.environ else ""
        raise CommandFailed(f"error: {exc}{hint}; nothing was changed", EXIT_DATABASE) from exc


# --- opening and checking ------------------------------------------------------------------


def damaged(doing: str) -> CommandFailed:
    return CommandFailed(DAMAGED_MESSAGE.format(doing=doing), EXIT_DATABASE)


def pages_fail_their_check(store: Store) -> bool:
    """A quick whole-file check before a command reads or writes: SQLCipher's HMAC of
    every page for an encrypted database (about 0.3 s per 10,000 households), SQLite's
    quick_check for a plain one. A damaged page would otherwise surface, or not, in the
    middle of the command, as "malformed", a vague error or even a MemoryError."""
    conn = connect_dbapi(store.path, store.key)
    try:
        if store.key is not None:
            return bool(conn.execute("PRAGMA cipher_integrity_check").fetchall())
        return conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except Exception:  # noqa: BLE001 - a check that cannot even read the file
        return True
    finally:
        conn.close()


def open_checked(data_dir: Path, doing: str) -> Store:
    """The store, refused with a clear CommandFailed when it cannot be opened (no or a
    wrong passphrase, locked) or fails its page check (damage)."""
    try:
        store = open_for_cli(data_dir)
    except DatabaseDamaged as exc:
        raise damaged(doing) from exc
    except EncryptionError as exc:
        raise CommandFailed(f"error: {exc}", EXIT_DATABASE) from exc
    except Exception as exc:
        if is_database_failure(exc):  # page 2 or the schema's pages: opening reads them
            raise damaged(doing) from exc
        raise
    if pages_fail_their_check(store):
        store.close()
        raise damaged(doing)
    return store


def is_database_failure(exc: BaseException) -> bool:
    """An error of the database file or driver (or the memory a damaged record asked for)."""
    if isinstance(exc, sa.exc.DBAPIError | MemoryError):
        return True
    return any(
        cls.__name__ == "DatabaseError" and cls.__module__.startswith(("sqlite3", "sqlcipher3"))
        for cls in type(exc).__mro__
    )


@contextmanager
def database_errors(store: Store, doing: str) -> Iterator[None]:
    """Turn a database failure in the middle of a command into CommandFailed: damage
    when the file now fails its check, else the driver's short message."""
    try:
        yield
    except Exception as exc:
        if not is_database_failure(exc):
            raise
        if pages_fail_their_check(store):
            raise damaged(doing) from exc
        if isinstance(exc, MemoryError):
            raise CommandFailed(
                f"error: not enough memory to finish; nothing was {doing}", EXIT_MEMORY
            ) from exc
        orig = getattr(exc, "orig", None)  # the driver's message: no SQL, no values
        reason = str(orig) if orig is not None else type(exc).__name__
        raise CommandFailed(
            f"error: the database could not be used ({reason}); nothing was {doing}",
            EXIT_DATABASE,
        ) from exc
