"""Backup, drop, restore: the collectors' apps sync on with nothing lost or duplicated.

A real server on loopback (SQLite and PostgreSQL), two laptops with real stores and sync
engines. Both push; `vss-server backup`; both push more; the database is dropped and
restored with `vss-server restore`; the apps sync: what the server lost is sent again,
what it kept is answered `duplicate`, and every record ends on the server exactly once,
equal to the laptops' copies (docs/sync-protocol.md, "Server restored from a backup").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from helpers.server_harness import POSTGRES_ENV, ServerProcess
from helpers.sync_helpers import app, local_rows, seed_server, server_rows
from vss_core.enums import Outcome
from vss_core.records import field_names
from vss_desktop.store import Store, services
from vss_desktop.store.models import OutboxOp
from vss_server.backup import VERSION_JUMP, BackupError, backup, mark_restored, restore
from vss_server.config import ServerConfig

pytestmark = pytest.mark.slow
ENTITIES = ("household", "person", "visit", "collection")


def visit(store: Store, household_id: str) -> str:
    return services.record_visit(store, household_id, {"outcome": Outcome.THINKING}).id


def server_config(server: ServerProcess) -> dict[str, Any]:
    config: dict[str, Any] = {"data_dir": server.data_dir}
    if server.database_url:
        config["database_url"] = server.database_url
    return config


def meta(server: ServerProcess, key: str) -> str:
    return {row["key"]: row["value"] for row in server_rows(server, "server_meta")}[key]


def drop_database(server: ServerProcess) -> None:
    """The disaster: the server's database is gone (an empty one stands in its place)."""
    if server.database_url:
        admin = os.environ[POSTGRES_ENV]
        name = server.database_url.rpartition("/")[2]
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        for path in server.data_dir.glob("vss-server.sqlite3*"):
            path.unlink()


def outbox_ids(store: Store) -> set[str]:
    with store.read() as session:
        ops = session.exec(sa.select(OutboxOp)).scalars().all()
        assert all(op.state != "pending" for op in ops)
        return {op.op_id for op in ops}


def local_ids(store: Store) -> dict[str, set[str]]:
    return {entity: set(local_rows(store, entity)) for entity in ENTITIES}


def comparable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace(" ", "T")[:19]
    if isinstance(value, str) and len(value) >= 19 and value[10] == " ":
        return value.replace(" ", "T")[:19]  # a SQLite timestamp read as text
    return value


def assert_equal_to_server(stores: list[Store], server: ServerProcess) -> None:
    """Every record is on the server once, and each laptop's copy equals it, version too."""
    for entity in ENTITIES:
        remote = {row["id"]: row for row in server_rows(server, entity)}
        held: set[str] = set()
        for store in stores:
            for record_id, local in local_rows(store, entity).items():
                held.add(record_id)
                theirs = remote[record_id]
                assert local.server_version == theirs["version"], (entity, "version")
                for name in field_names(entity):
                    mine, server_value = getattr(local, name), theirs[name]
                    if isinstance(mine, bool):
                        server_value = bool(server_value)
                    assert comparable(mine) == comparable(server_value), (entity, name)
        assert held == set(remote), entity  # nothing the laptops lack, nothing they alone hold


def test_restore_from_backup_loses_nothing(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path)
    store_a, engine_a = app(tmp_path, "a", server, "thu.lt")
    store_b, engine_b = app(tmp_path, "b", server, "nam.vh")
    store_s, engine_s = app(tmp_path, "s", server, "giamsat")  # a supervisor: sees all
    for engine in (engine_a, engine_b):
        assert engine.sync().status == "ok"
    homes_a = sorted(local_rows(store_a, "household"))
    homes_b = sorted(local_rows(store_b, "household"))
    visit(store_a, homes_a[0])
    visit(store_b, homes_b[0])
    for engine in (engine_a, engine_b):
        assert engine.sync().status == "ok"

    dump = tmp_path / "nightly.dump"
    assert "backup written" in server.cli("backup", "--out", str(dump))
    assert dump.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".nightly")] == []

    # After the dump (lost by the restore): B pushes a visit, A a visit and a household
    # edit; everyone pulls, the supervisor too (it now holds A's edit).
    visit(store_b, homes_b[1])
    assert engine_b.sync().status == "ok"
    lost_visit = visit(store_a, homes_a[1])
    services.update_household(store_a, homes_a[0], {"phone": "0912345678"})
    for engine in (engine_a, engine_b, engine_s):
        assert engine.sync().status == "ok"
    before = {"a": local_ids(store_a), "b": local_ids(store_b), "s": local_ids(store_s)}

    epoch = meta(server, "epoch")
    server.stop()
    with pytest.raises(BackupError, match="not empty"):  # never over a database holding data
        restore(ServerConfig(**server_config(server)).resolved_database_url(), dump)
    drop_database(server)
    assert "restored from" in server.cli("restore", "--from", str(dump))
    assert meta(server, "epoch") != epoch  # every cursor answers 410 now
    server.start()
    assert lost_visit not in {row["id"] for row in server_rows(server, "visit")}

    # The supervisor syncs first: its full pull takes the server's values, although its
    # copy of the edited household carries a newer version from the forgotten timeline.
    report_s = engine_s.sync()
    assert report_s.status == "ok" and report_s.statuses == {}, report_s.message
    server_home = {row["id"]: row for row in server_rows(server, "household")}[homes_a[0]]
    supervisor_home = local_rows(store_s, "household")[homes_a[0]]
    assert supervisor_home.phone == server_home["phone"] != "0912345678"
    assert supervisor_home.server_version == server_home["version"]

    new_visit = visit(store_a, homes_a[2])  # made while the server was down
    report_a = engine_a.sync()  # push: seq_gap -> resend the two lost ops, then the new one
    assert report_a.status == "ok", report_a.message
    # Its pull met 410 (new epoch) and sent its newest op again: the server had it (a
    # check, not counted as a change sent).
    assert report_a.statuses == {"applied": 3} and report_a.sent == 3
    report_b = engine_b.sync()  # nothing pending: the 410 finds its lost visit
    assert report_b.status == "ok", report_b.message
    assert report_b.statuses == {"applied": 1}
    for engine in (engine_a, engine_b, engine_s):
        assert engine.sync().status == "ok"

    # Nothing deleted on a laptop.
    for name, store in (("a", store_a), ("b", store_b), ("s", store_s)):
        after = local_ids(store)
        assert all(before[name][entity] <= after[entity] for entity in ENTITIES)
    assert new_visit in local_ids(store_a)["visit"]
    # Every op once on the server; every record once, equal on laptops and server.
    applied = [row["op_id"] for row in server_rows(server, "applied_op")]
    assert sorted(applied) == sorted(outbox_ids(store_a) | outbox_ids(store_b))
    household = {row["id"]: row for row in server_rows(server, "household")}[homes_a[0]]
    assert household["phone"] == "0912345678"
    assert household["version"] > VERSION_JUMP  # past every version the lost timeline gave
    assert_equal_to_server([store_a, store_b, store_s], server)


def test_backup_failure_leaves_no_file(tmp_path: Path) -> None:
    """A backup that cannot be made exits non-zero, says why and writes nothing."""
    out = tmp_path / "x.dump"
    with pytest.raises(BackupError, match="no database at"):
        backup(f"sqlite:///{tmp_path / 'none.sqlite3'}", out)
    with pytest.raises(BackupError, match="no database at"):
        mark_restored(f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert list(tmp_path.iterdir()) == []
    nobody = "postgresql://vss@127.0.0.1:1/vss"  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "vss_server", "--database-url", nobody, "backup", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PGCONNECT_TIMEOUT="2"),
    )
    assert done.returncode == 2 and "error: pg_dump failed" in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []  # not even the temporary file


def test_password_goes_in_the_environment_not_the_command_line() -> None:
    from vss_server.backup import Target

    target = Target.parse("postgresql+psycopg://vss:s%40cret@db.example:5433/vss?sslmode=require")
    uri, env = target.libpq()
    assert uri == "postgresql://vss@db.example:5433/vss?sslmode=require"
    assert env["PGPASSWORD"] == "s@cret"
