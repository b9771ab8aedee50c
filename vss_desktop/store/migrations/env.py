"""Alembic environment for the local store; driven by vss_desktop.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy.schema import SchemaItem
from sqlmodel import SQLModel

import vss_desktop.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from vss_desktop.store.models import is_raw_sql_table

config = context.config
target_metadata = SQLModel.metadata


def include_object(
    obj: SchemaItem,
    name: str | None,
    type_: str,
    reflected: bool,
    compare_to: SchemaItem | None,
) -> bool:
    return not (type_ == "table" and name and is_raw_sql_table(name))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through vss_desktop.store.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
