"""Server database engine: SQLite by default, PostgreSQL (psycopg 3) in production.

Writers that extend the change feed take one database-wide lock for their
transaction (an advisory lock on PostgreSQL; SQLite has a single writer anyway),
so feed sequence numbers are handed out in commit order and a pull cursor can
never step over a row that a slower transaction commits later.

``busy_timeout_s`` bounds how long a statement waits for a lock another connection
holds (SQLite's busy timeout, PostgreSQL's ``lock_timeout``). The admin commands wait
long (an import may queue behind another); the API's engine waits a few seconds and
then answers 503 with Retry-After (vss_server.errors) instead of holding the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

FEED_LOCK_KEY = 0x5653_5346  # "VSSF": the advisory lock id for feed writers
# One lock per set of tables derived from the feed (vss_server.kept_tables): their keepers
# run one at a time, across worker processes, without holding the feed lock.
FIGURES_LOCK_KEY = 0x5653_4647  # "VSFG": figure_cache
SEARCH_LOCK_KEY = 0x5653_5358  # "VSSX": search_index


def create_server_engine(
    url: str, busy_timeout_s: float = 30.0, pool_size: int = 10, max_overflow: int = 20
) -> sa.Engine:
    busy_ms = max(1, round(busy_timeout_s * 1000))
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_timeout_s}
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:  # a sqlite3 connection
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,  # per process: see docs/operations.md (connection budget)
        max_overflow=max_overflow,
        pool_timeout=busy_timeout_s,  # all connections in use: as busy as a held lock
        connect_args={"options": f"-c lock_timeout={busy_ms}"},
    )


def is_postgres(engine: sa.Engine) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def write_session(engine: sa.Engine, *, feed: bool = True) -> Iterator[Session]:
    """A transaction that commits on success; ``feed``: it may extend the change feed.

    Writes that never touch the feed (tokens, account events) pass ``feed=False`` and
    do not wait behind pushes on PostgreSQL's feed lock.
    """
    bound = engine.execution_options(sqlite_begin="IMMEDIATE")
    with Session(bound, expire_on_commit=False) as session, session.begin():
        if feed and is_postgres(engine):
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})
        yield session


@contextmanager
def keeper_session(engine: sa.Engine, lock_key: int) -> Iterator[Session]:
    """A transaction that brings tables derived from the feed up to date; ``lock_key``
    serialises the keepers of the same tables (on SQLite the write lock does).

    It does not take the feed lock, so pushes go on meanwhile (issue 17). That is safe
    because feed writers hold the feed lock until they commit, so the feed rows visible
    to a statement are a gap-free prefix: read the head first, derive from the records,
    then set the watermark to that head. A push that commits in between has feed seqs
    above the head, and the next refresh derives its households again (derivation is
    idempotent: always from the records as they are).
    """
    with write_session(engine, feed=False) as session:
        if is_postgres(engine):
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key})
        yield session


@contextmanager
def read_session(engine: sa.Engine) -> Iterator[Session]:
    """A consistent snapshot for a pull: the feed and the records it points to agree."""
    bound = engine
    if is_postgres(engine):
        bound = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(bound, expire_on_commit=False) as session, session.begin():
        yield session
