"""Many rows into one table in one statement: PostgreSQL's COPY, else an executemany.

A push batch writes about 400 rows (feed entries, records, answers, audit lines). psycopg
pipelines an executemany, but the server still parses and runs one INSERT per row; COPY
takes them as one stream (docs/performance.md: 100 `applied_op` rows 1.05 ms against
1.68 ms, the commit apart). ``INSERT … SELECT FROM unnest(arrays)`` measured slower than
either.

The rows are those an ``insert()`` would take: the same bind processing (aware UTC to
naive, as vss_core.records.UtcDateTime stores it) and the same errors, wrapped by
SQLAlchemy as IntegrityError or DataError, so callers handle a refused row as before.
Rows that leave out a column with a Python-side default go through ``insert()``, which
fills it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

Row = dict[str, Any]


def insert_rows(conn: sa.Connection, table: sa.Table, rows: Sequence[Row]) -> None:
    if not rows:
        return
    columns = _copy_columns(conn, table, rows)
    if columns is None:
        conn.execute(table.insert(), list(rows))
        return
    dialect = conn.dialect
    processors = [column.type.bind_processor(dialect) for column in columns]
    names = [column.name for column in columns]
    statement = (
        f"COPY {dialect.identifier_preparer.format_table(table)}"
        f" ({', '.join(dialect.identifier_preparer.quote(n) for n in names)}) FROM STDIN"
    )
    # Bound before the COPY starts, as an insert binds before it runs: a value its column
    # cannot take (an OverflowError) then leaves the transaction usable.
    prepared = [
        tuple(
            value if process is None else process(value)
            for value, process in zip((row[n] for n in names), processors, strict=True)
        )
        for row in rows
    ]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for values in prepared:
                copy.write_row(values)
    except Exception as exc:
        raise _wrapped(exc, statement) from exc
    finally:
        cursor.close()


def _copy_columns(
    conn: sa.Connection, table: sa.Table, rows: Sequence[Row]
) -> list[sa.Column] | None:
    """The columns to COPY, or None when an executemany must write the rows: not
    PostgreSQL, or rows that differ in their columns or leave out one with a default."""
    if conn.dialect.name != "postgresql":
        return None
    keys = rows[0].keys()
    if any(row.keys() != keys for row in rows):
        return None
    columns = [column for column in table.columns if column.name in keys]
    if len(columns) != len(keys):  # a key that is no column: insert() says so
        return None
    for column in table.columns:
        if column.name not in keys and column.default is not None:
            return None
    return columns


def _wrapped(exc: Exception, statement: str) -> Exception:
    """A driver's error as SQLAlchemy would raise it from an insert (its DBAPIError
    subclasses: IntegrityError, DataError, ...); anything else as it is."""
    import psycopg

    if isinstance(exc, psycopg.Error):
        return sa.exc.DBAPIError.instance(statement, None, exc, psycopg.Error)
    return exc
