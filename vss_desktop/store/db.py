"""The one place that creates the SQLite engine: plain SQLite, or SQLCipher when given a key.

Durability settings: WAL journal, ``synchronous=FULL`` (a commit that returned
survives power loss), foreign keys on. Reads begin DEFERRED so they never block
each other; writes begin IMMEDIATE so two writers queue on the busy timeout
instead of failing with "database is locked" half-way through a transaction.

With a :class:`~vss_desktop.store.keys.DatabaseKey` the same settings apply
to a SQLCipher connection (``sqlcipher3``), keyed before anything reads the file;
see :mod:`vss_desktop.store.encryption` for the key and docs/security.md.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from vss_desktop import paths
from vss_desktop.store.keys import DatabaseKey

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
PAGE_CACHE_KIB = 32 * 1024


def connect_dbapi(db_path: Path, key: DatabaseKey | None = None, **kwargs: Any) -> Any:
    """A bare DB-API connection: stdlib ``sqlite3``, or ``sqlcipher3`` keyed with ``key``.

    The key is set before any statement touches the file. A wrong key fails only at the
    first read ("file is not a database"), so callers that must know read sqlite_master.
    """
    if key is None:
        return sqlite3.connect(db_path, **kwargs)
    import sqlcipher3

    conn = sqlcipher3.connect(str(db_path), **kwargs)
    # SQLCipher prints decryption failures (a wrong key) to stderr; the caller reports them.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # A raw key (x'key||salt'): SQLCipher skips its own PBKDF2, our KDF did the slow part.
    conn.execute(f'PRAGMA key = "{key.sqlcipher_literal()}"')
    return conn


def create_sqlite_engine(db_path: Path, key: DatabaseKey | None = None) -> sa.Engine:
    url = f"sqlite:///{db_path}"
    connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    # LIFO: the worker's jobs, one after the other, get the connection whose page cache
    # is warm; the other pooled connections stay small (each caches up to PAGE_CACHE_KIB).
    if key is None:
        engine = sa.create_engine(url, connect_args=connect_args, pool_use_lifo=True)
    else:
        import sqlcipher3

        # module= makes SQLAlchemy wrap sqlcipher3's exceptions like sqlite3's.
        engine = sa.create_engine(
            url,
            module=sqlcipher3,
            creator=lambda: connect_dbapi(db_path, key, **connect_args),
            pool_use_lifo=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:  # sqlite3 or sqlcipher3
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions are wrong for SQLite).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # SQLite's default 2 MiB page cache makes SQLCipher decrypt the same pages again
        # on every list query (bench_foundation, 50,000 households: the Today counts took
        # 3.0 s, 0.6 s with 64 MiB). 32 MiB keeps most of that (the counts 0.32 -> 0.37 s)
        # for 30 MiB less per connection: the start's peak memory (issue 17). Pages are
        # only used as read.
        cur.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@dataclass
class Store:
    """An open local database: the engine plus where it lives."""

    engine: sa.Engine
    directory: Path
    key: DatabaseKey | None = field(default=None, repr=False)  # None: a plain database

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def path(self) -> Path:
        return paths.database_path(self.directory)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: everything inside commits together or not at all."""
        engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        _open_stores.discard(self)
        self.engine.dispose()

    __hash__ = object.__hash__  # identity, for the registry below


# Stores open in this process. Code that must know whether a database is encrypted asks
# here first instead of reading the file: closing any descriptor of the file would drop
# the POSIX locks SQLite holds on it, and another process could then take the WAL away.
_open_stores: weakref.WeakSet[Store] = weakref.WeakSet()


def open_store_on(db_path: Path) -> Store | None:
    """A store this process has open on ``db_path``, if any."""
    wanted = db_path.resolve()  # lstat/readlink only: no descriptor of the file is opened
    for store in list(_open_stores):
        if store.path.resolve() == wanted:
            return store
    return None


def register_open(store: Store) -> None:
    """Note a store as open in this process (see :func:`open_store_on`)."""
    _open_stores.add(store)
