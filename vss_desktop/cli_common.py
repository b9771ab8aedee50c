"""What the headless commands share: opening the database with a damage check, turning
database and network failures into sentences a person can act on, and exit codes.

No Qt. Messages never quote a database error's SQL or parameters (they hold names and
ID numbers): only the driver's short message or the exception's type.
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa

from vss_desktop.store import Store
from vss_desktop.store.db import connect_dbapi
from vss_desktop.store.encryption import DatabaseDamaged, EncryptionError
from vss_desktop.store.unlock import open_for_cli

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


# --- the database ------------------------------------------------------------------------


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
    """The store for a headless command, refused with a clear CommandFailed when it cannot
    be opened (passphrase) or fails its page check (damage). ``doing``: "printed",
    "synced"... for the message."""
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


# --- the network ---------------------------------------------------------------------------


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything under it: requests wraps urllib3 (as an argument or a
    ``reason``), which wraps the socket error (as the cause)."""
    found: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if any(current is seen for seen in found):
            continue
        found.append(current)
        under = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        under += list(getattr(current, "args", ()))
        todo += [e for e in under if isinstance(e, BaseException)]
    return found


def _host_port(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    host = parts.hostname or url
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return host, f"{host}:{port}"


def describe_network_failure(exc: BaseException, url: str) -> str:
    """What failed, in words, with the address: "connection refused: nothing answers at
    127.0.0.1:8765 (is the server running, is the port right?)"."""
    host, where = _host_port(url)
    chain = _chain(exc)

    def seen(*kinds: type[BaseException]) -> bool:
        return any(isinstance(e, kinds) for e in chain)

    if seen(requests.exceptions.SSLError):
        return (
            f"the certificate of {where} could not be verified (a province's own certificate"
            " authority: `vss-desktop login --ca-bundle FILE.pem`)"
        )
    if seen(socket.gaierror) or any(type(e).__name__ == "NameResolutionError" for e in chain):
        return (
            f"the name {host} could not be found (DNS lookup failed):"
            " check the address and the internet connection"
        )
    if seen(requests.exceptions.ConnectTimeout):
        return (
            f"no answer from {where}: the connection timed out"
            " (check the address and the internet connection)"
        )
    if seen(requests.Timeout, TimeoutError):
        return f"no answer from the server at {url}: it timed out while waiting for the answer"
    if seen(ConnectionRefusedError):
        return (
            f"connection refused: nothing answers at {where}"
            " (is the server running, is the port right?)"
        )
    unreachable = (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN)
    if any(isinstance(e, OSError) and e.errno in unreachable for e in chain):
        return f"no network route to {where}: is this computer connected?"
    if seen(ConnectionResetError):
        return f"the connection to {where} was cut (reset) before the server answered"
    return f"the connection to {where} failed before the server answered"


class RecordingSession(requests.Session):
    """A requests session that remembers its last network failure, so that a command can
    say what went wrong after the sync engine has turned it into "offline"."""

    def __init__(self) -> None:
        super().__init__()
        self.failure: requests.RequestException | None = None

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        try:
            response = super().request(*args, **kwargs)
        except requests.RequestException as exc:
            self.failure = exc
            raise
        self.failure = None  # the link works: a later failure is the server's answer
        return response
