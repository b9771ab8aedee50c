"""Schema migrations with Alembic, applied at start-up after a backup of the database.

Alembic itself (16 MiB and 0.2 s to import) is loaded only when the schema is behind:
an up-to-date database is recognised from the revision files and the version table.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from vss_desktop.store import backups
from vss_desktop.store.db import Store

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# `revision = "0008"` / `down_revision: str | None = '0007'` (the template writes repr()).
_REVISION_LINE = re.compile(
    r'^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(None|"([^"]*)"|\'([^\']*)\')\s*$', re.M
)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest revision, as Alembic reads it (loads every revision module)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def quick_head_revision() -> str | None:
    """The newest revision read from the revision files' ``revision =`` and
    ``down_revision =`` lines, without Alembic; None when that is not certain
    (a file without them, a merge, several heads): then ask :func:`head_revision`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = {m[1]: m[3] or m[4] for m in _REVISION_LINE.finditer(path.read_text("utf-8"))}
        if not found.get("revision") or "down_revision" not in found:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(store: Store) -> str | None:
    """The database's revision (None: not under Alembic yet)."""
    with store.engine.connect() as conn:
        versioned = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if versioned is None:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:  # branches: Alembic's own answer (it refuses several heads)
        from alembic.runtime.migration import MigrationContext

        with store.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0][0] if rows else None


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
    if revision == "head":
        quick = quick_head_revision()
        if current is not None and current == quick:
            return None  # the usual start: nothing to do, Alembic not loaded
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    from alembic import command

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
