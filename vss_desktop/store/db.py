"""The one place that creates the SQLite engine (the security work swaps in SQLCipher here).

Durability settings: WAL journal, ``synchronous=FULL`` (a commit that returned
survives power loss), foreign keys on. Reads begin DEFERRED so they never block
each other; writes begin IMMEDIATE so two writers queue on the busy timeout
instead of failing with "database is locked" half-way through a transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from vss_desktop import paths

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def create_sqlite_engine(db_path: Path) -> sa.Engine:
    engine = sa.create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions are wrong for SQLite).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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
        self.engine.dispose()


def open_store(directory: Path, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the database in ``directory``, upgrading its schema."""
    from vss_desktop.store import migrate as migrations

    directory.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(paths.database_path(directory))
    store = Store(engine=engine, directory=directory)
    if migrate:
        migrations.upgrade(store)
        from vss_desktop.store import search

        with store.read() as session:
            stale = search.needs_rebuild(session)
        if stale:  # a new index layout, or a database restored from elsewhere
            with store.write() as session:
                search.rebuild(session)
    return store
