"""Write server records as the server's writers do: each change moves its record to the
head of the change feed, under the feed lock (the kept tables' tests)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from vss_server import db as server_db
from vss_server import feed


def write_record(
    engine: sa.Engine,
    table: sa.Table,
    entity: str,
    row: dict[str, Any],
    household_id: str,
    new: bool,
) -> None:
    """Insert (``new``) or update the record ``row["id"]`` and its feed entry."""
    with server_db.write_session(engine) as session:
        conn = session.connection()
        if new:
            version = feed.append(conn, entity, row["id"], household_id)
            conn.execute(table.insert().values(**row, version=version))
        else:
            version = feed.move_to_head(conn, entity, row["id"], household_id)
            values = {k: v for k, v in row.items() if k != "id"}
            conn.execute(
                table.update().where(table.c.id == row["id"]).values(**values, version=version)
            )
