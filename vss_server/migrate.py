"""Server schema migrations (Alembic): run by `vss-server migrate`, by the admin commands,
and by a single-process `serve` at start; a server of several workers only checks that
the database is at the head revision (docs/operations.md)."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaNotCurrent(RuntimeError):
    """The database is not at the revision this server's code needs."""


def quiet_migrations(quiet: bool = True) -> None:
    """Alembic logs each step at INFO on every start; only warnings unless asked."""
    logging.getLogger("alembic").setLevel(logging.WARNING if quiet else logging.INFO)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        # The epoch ties cursors to this database: a rebuilt database refuses old cursors.
        if (
            conn.execute(sa.text("SELECT value FROM server_meta WHERE key = 'epoch'")).first()
            is None
        ):
            conn.execute(
                sa.text("INSERT INTO server_meta (key, value) VALUES ('epoch', :v)"),
                {"v": secrets.token_hex(8)},
            )


def prepare(engine: sa.Engine) -> str:
    """Migrate to head and derive the console's kept tables in full on a new or upgraded
    database (so the first page does not wait for it; vss_server.kept_tables). Returns
    the revision the database is at."""
    from vss_server import figure_cache, search_index

    upgrade(engine)
    figure_cache.refresh(engine)
    search_index.refresh(engine)
    return head_revision()


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"the server's migrations have several heads: {heads}"
    return heads[0]


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if len(heads) == 1 else None


def check_at_head(engine: sa.Engine) -> None:
    """SchemaNotCurrent unless the database is at this code's head revision (a worker of
    a multi-process server checks instead of migrating: N workers must not migrate at
    once, and a database newer than the code must not be served either)."""
    head, current = head_revision(), current_revision(engine)
    if current != head:
        raise SchemaNotCurrent(
            f"the database is at revision {current or 'none (empty)'}, this server needs"
            f" {head}: run `vss-server migrate` first"
        )
