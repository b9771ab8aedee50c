"""Alembic environment for the server database; driven by vss_server.migrate."""

from __future__ import annotations

from alembic import context

from vss_server.models import server_registry

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through vss_server.migrate")
    context.configure(
        connection=connection,
        target_metadata=server_registry.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
