"""Server schema migrations (Alembic), run when the server starts."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


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
