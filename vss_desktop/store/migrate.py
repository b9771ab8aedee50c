"""Schema migrations with Alembic, applied at start-up after a backup of the database."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from vss_desktop.store import backups
from vss_desktop.store.db import Store

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_tables(store: Store) -> bool:
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).scalar_one()
    return bool(row)


def backup_database(store: Store, label: str) -> Path:
    """A copy of the live database in backups/ (:func:`backups.write_copy`)."""
    return backups.write_copy(store, label)


def upgrade(store: Store, revision: str = "head") -> Path | None:
    """Bring the schema to ``revision``; returns the backup made first, if any."""
    current = current_revision(store)
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    backup = None
    if has_tables(store):
        backup = backup_database(store, f"before-{target}")
        log.info("schema %s -> %s, backup written", current, target)
    cfg = alembic_config()
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        # Table rebuilds in batch migrations must not cascade; checked again below.
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} broken references")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return backup
