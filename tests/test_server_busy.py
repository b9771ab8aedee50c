"""A busy server database (a long import, a held lock) answers 503 with Retry-After within
seconds, nothing half-applied; the app waits at least that long before trying again
(issue 11, C4). On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
import sqlalchemy as sa

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, app, local_rows, seed_server, server_rows
from vss_desktop.store import services
from vss_desktop.sync.retry import Backoff
from vss_server.db import FEED_LOCK_KEY, create_server_engine
from vss_server.errors import BUSY_RETRY_AFTER_S, database_busy

pytestmark = pytest.mark.slow

API = "/api/v1"
ANSWER_WITHIN_S = 15.0  # the old answer came after the 30 s busy timeout


@contextlib.contextmanager
def write_lock(server: ServerProcess) -> Iterator[threading.Event]:
    """Hold the server database's write lock from another connection until the event is
    set (or the block ends), as a long import does."""
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        if server.database_url:
            # Feed writers (pushes, imports) queue on this advisory lock.
            with psycopg.connect(server.database_url, autocommit=True) as conn:
                conn.execute("SELECT pg_advisory_lock(%s)", (FEED_LOCK_KEY,))
                held.set()
                release.wait(120)
                conn.execute("SELECT pg_advisory_unlock(%s)", (FEED_LOCK_KEY,))
        else:
            path = server.data_dir / "vss-server.sqlite3"
            conn = sqlite3.connect(path, isolation_level=None, timeout=10)
            try:
                conn.execute("BEGIN IMMEDIATE")
                held.set()
                release.wait(120)
                conn.execute("ROLLBACK")
            finally:
                conn.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(30), "could not take the write lock"
    try:
        yield release
    finally:
        release.set()
        holder.join(30)


def push_body(device_id: str, household_id: str, note: str, seq: int = 1) -> dict:
    op = {
        "op_id": f"00000000-0000-4000-8000-{seq:012d}",
        "seq": seq,
        "entity": "household",
        "entity_id": household_id,
        "kind": "update",
        "fields": {"notes": note},
    }
    return {"device_id": device_id, "ops": [op]}


def test_push_during_a_held_write_lock_is_503_then_succeeds(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    device = "busy-device-0001"
    headers = api_login(server, "thu.lt", device)
    pulled = requests.get(server.url + f"{API}/sync/pull", headers=headers, timeout=30)
    household_id = pulled.json()["changes"][0]["id"]
    body = push_body(device, household_id, "Hẹn quay lại thứ Bảy")
    before = {r["id"]: r["version"] for r in server_rows(server, "household")}

    with write_lock(server):
        started = time.monotonic()
        busy = requests.post(
            server.url + f"{API}/sync/push", json=body, headers=headers, timeout=60
        )
        took = time.monotonic() - started
        assert busy.status_code == 503, busy.text
        assert busy.json()["error"]["code"] == "database_busy"
        assert int(busy.headers["Retry-After"]) == BUSY_RETRY_AFTER_S
        assert took < ANSWER_WITHIN_S
        # Reads do not wait for the writer.
        assert requests.get(server.url + f"{API}/health", timeout=10).status_code == 200

    # Nothing of the refused push was kept: no answer remembered, no version moved.
    assert server_rows(server, "applied_op") == []
    assert {r["id"]: r["version"] for r in server_rows(server, "household")} == before
    again = requests.post(server.url + f"{API}/sync/push", json=body, headers=headers, timeout=60)
    assert again.status_code == 200, again.text
    assert [r["status"] for r in again.json()["results"]] == ["applied"]
    row = next(r for r in server_rows(server, "household") if r["id"] == household_id)
    assert row["notes"] == "Hẹn quay lại thứ Bảy"


def test_the_engine_waits_retry_after_then_pushes(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=2)
    store, engine = app(tmp_path, "laptop", server)
    assert engine.sync().status == "ok"
    household_id = next(iter(local_rows(store, "household")))
    services.update_household(store, household_id, {"notes": "Đã hẹn"})
    waits: list[float] = []

    with write_lock(server) as release:

        def sleep(seconds: float) -> None:
            waits.append(seconds)
            release.set()  # the import ends while the app waits

        engine.backoff = Backoff(base=0.01, cap=0.05, attempts=4, sleep=sleep)
        report = engine.sync()
    assert report.status == "ok", report.message
    assert report.sent == 1 and services.pending_changes(store) == 0
    assert waits and waits[0] >= BUSY_RETRY_AFTER_S  # not the 0.05 s its backoff allows
    row = next(r for r in server_rows(server, "household") if r["id"] == household_id)
    assert row["notes"] == "Đã hẹn"


def test_the_next_sync_starts_no_earlier_than_retry_after(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    store, engine = app(tmp_path, "laptop", server)
    assert engine.sync().status == "ok"
    now = [1000.0]
    engine.clock = lambda: now[0]
    engine.backoff = Backoff(base=0.01, cap=0.05, attempts=1)  # give up after one try
    household_id = next(iter(local_rows(store, "household")))
    services.update_household(store, household_id, {"notes": "Đã hẹn"})

    with write_lock(server):
        first = engine.sync()
    assert first.status == "offline"
    # The lock is gone, but the server asked for BUSY_RETRY_AFTER_S: the app does not call.
    now[0] += BUSY_RETRY_AFTER_S - 0.5
    early = engine.sync()
    assert early.status == "offline" and "wait" in early.message
    assert server_rows(server, "applied_op") == [] and services.pending_changes(store) == 1
    now[0] += 0.5
    later = engine.sync()
    assert later.status == "ok" and later.sent == 1
    assert services.pending_changes(store) == 0


# --- which database errors mean "busy" ------------------------------------------------


def test_sqlite_locked_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    engine = create_server_engine(f"sqlite:///{path}", busy_timeout_s=0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(sa.exc.OperationalError) as locked, engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert database_busy(locked.value)
        holder.execute("ROLLBACK")
        with pytest.raises(sa.exc.OperationalError) as other, engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO missing VALUES (1)"))
        assert not database_busy(other.value)
    finally:
        holder.close()
        engine.dispose()


def test_postgres_lock_timeout_serialization_and_deadlock_are_busy() -> None:
    import os

    from helpers.server_harness import POSTGRES_ENV, postgres_database

    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} not set")
    with postgres_database() as url:
        engine = create_server_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)"))
                conn.execute(sa.text("INSERT INTO t VALUES (1, 0), (2, 0)"))
            seen = {
                "lock timeout": _lock_timeout(engine),
                "serialization": _serialization_failure(engine),
                "deadlock": _deadlock(engine),
            }
            assert {name: database_busy(exc) for name, exc in seen.items()} == {
                name: True for name in seen
            }
            with pytest.raises(sa.exc.ProgrammingError) as other, engine.begin() as conn:
                conn.execute(sa.text("SELECT * FROM missing"))
            assert not database_busy(other.value)
        finally:
            engine.dispose()


def _lock_timeout(engine: sa.Engine) -> Exception:
    with engine.connect() as holder:
        holder.execute(sa.text("SELECT pg_advisory_lock(7)"))
        try:
            with pytest.raises(sa.exc.OperationalError) as caught, engine.begin() as conn:
                conn.execute(sa.text("SET LOCAL lock_timeout = '50ms'"))
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7)"))
        finally:
            holder.execute(sa.text("SELECT pg_advisory_unlock(7)"))
            holder.commit()
    return caught.value


def _serialization_failure(engine: sa.Engine) -> Exception:
    rr = engine.execution_options(isolation_level="REPEATABLE READ")
    with rr.connect() as first, rr.connect() as second:
        first.execute(sa.text("SELECT x FROM t WHERE id = 1"))
        second.execute(sa.text("UPDATE t SET x = x + 1 WHERE id = 1"))
        second.commit()
        with pytest.raises(sa.exc.OperationalError) as caught:
            first.execute(sa.text("UPDATE t SET x = x + 1 WHERE id = 1"))
        first.rollback()
    return caught.value


def _deadlock(engine: sa.Engine) -> Exception:
    errors: list[Exception] = []
    both_hold = threading.Barrier(2)

    def cross(first: int, second: int) -> None:
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("UPDATE t SET x = x + 1 WHERE id = :i"), {"i": first})
                both_hold.wait(10)
                conn.execute(sa.text("UPDATE t SET x = x + 1 WHERE id = :i"), {"i": second})
        except sa.exc.DBAPIError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=cross, args=pair) for pair in ((1, 2), (2, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(errors) == 1
    return errors[0]


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    from datetime import UTC, datetime

    from vss_desktop.sync.transport import _retry_after

    now = datetime(2026, 7, 1, 8, 0, 0, tzinfo=UTC)
    assert _retry_after("3", now) == 3.0
    assert _retry_after("Wed, 01 Jul 2026 08:01:30 GMT", now) == 90.0
    assert _retry_after("Wed, 01 Jul 2026 07:00:00 GMT", now) == 0.0  # already past
    assert [_retry_after(v, now) for v in ("", "soon", "nan", "inf")] == [None] * 4


def test_a_retry_after_longer_than_a_sync_waits_is_not_slept_through() -> None:
    from vss_desktop.sync.transport import Transient

    slept: list[float] = []
    backoff = Backoff(attempts=6, longest_wait=120.0, sleep=slept.append)
    calls = []

    def busy() -> None:
        calls.append(1)
        raise Transient("503 database_busy", retry_after=3600.0)

    with pytest.raises(Transient):
        backoff.run(busy)
    assert (len(calls), slept) == (1, [])  # the engine schedules the next sync instead
