"""vss_server.bulk_insert: rows written by COPY (PostgreSQL) read back exactly as an
insert() writes them, and a refused row raises what an insert raises, leaving nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from helpers.server_harness import POSTGRES_ENV, postgres_database
from vss_core.records import UtcDateTime
from vss_server import bulk_insert
from vss_server.db import create_server_engine

METADATA = sa.MetaData()
THINGS = sa.Table(
    "thing",
    METADATA,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("text", sa.String(40), nullable=False),
    sa.Column("notes", sa.Text, nullable=True),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("flag", sa.Boolean, nullable=False),
    sa.Column("day", sa.Date, nullable=True),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False, default="visit"),
)
ICT = timezone(timedelta(hours=7))
# Text COPY escapes: tabs, new lines, backslashes, "\N" typed as text, quotes, Vietnamese.
AWKWARD = ["a\tb", "dòng 1\ndòng 2\r\n", "C:\\Users\\thu", "\\N", "'\"", "Lò Thị Hoa", ""]


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[sa.Engine]:
    if request.param == "postgres":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} not set")
        with postgres_database() as url:
            made = create_server_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
            METADATA.create_all(made)
            yield made
            made.dispose()
    else:
        made = create_server_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
        METADATA.create_all(made)
        yield made
        made.dispose()


def rows(prefix: str) -> list[dict]:
    return [
        {
            "id": f"{prefix}{n}",
            "text": text,
            "notes": None if n % 2 else text * 3,
            "amount": 9_000_000_000 + n,
            "flag": bool(n % 2),
            "day": None if n == 3 else date(2026, 12, 1) + timedelta(days=n),
            "at": datetime(2026, 12, 6, 23, 30, tzinfo=ICT) + timedelta(minutes=n),
            "kind": "event" if n else "visit",
        }
        for n, text in enumerate(AWKWARD)
    ]


def stored(engine: sa.Engine, prefix: str) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.select(THINGS).where(THINGS.c.id.like(f"{prefix}%")).order_by(THINGS.c.id)
            )
        ]


def test_rows_read_back_as_an_insert_writes_them(engine: sa.Engine) -> None:
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with engine.begin() as conn:
        conn.execute(THINGS.insert(), rows("i"))
        sa.event.listen(engine, "before_cursor_execute", seen)
        try:
            bulk_insert.insert_rows(conn, THINGS, rows("c"))
        finally:
            sa.event.remove(engine, "before_cursor_execute", seen)
    # PostgreSQL: one COPY, past SQLAlchemy's statements; SQLite: the executemany.
    expected = [] if engine.dialect.name == "postgresql" else ["INSERT"]
    assert [statement.split()[0] for statement in statements] == expected
    by_insert, by_bulk = stored(engine, "i"), stored(engine, "c")
    assert len(by_bulk) == len(AWKWARD)
    assert [r[1:] for r in by_bulk] == [r[1:] for r in by_insert]
    assert by_bulk[0][6] == datetime(2026, 12, 6, 16, 30, tzinfo=UTC)  # stored as UTC


def test_rows_without_a_defaulted_column_get_its_default(engine: sa.Engine) -> None:
    short = [{k: v for k, v in row.items() if k != "kind"} for row in rows("d")]
    with engine.begin() as conn:
        bulk_insert.insert_rows(conn, THINGS, short)
    assert {r[7] for r in stored(engine, "d")} == {"visit"}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"id": "x0"}, sa.exc.IntegrityError),  # the same key twice
        ({"text": None}, sa.exc.IntegrityError),  # NOT NULL
        ({"text": "x" * 41}, sa.exc.DataError),  # too long for the column (PostgreSQL)
        ({"notes": "nul\x00byte"}, sa.exc.DataError),  # PostgreSQL text cannot hold NUL
    ],
)
def test_a_refused_row_raises_as_an_insert_would_and_leaves_nothing(
    engine: sa.Engine, change: dict, error: type[Exception]
) -> None:
    batch = rows("x")
    batch[-1] = batch[-1] | change
    postgres = engine.dialect.name == "postgresql"
    if not postgres and error is sa.exc.DataError:
        pytest.skip("SQLite stores long text and NUL: nothing to refuse")
    with engine.connect() as conn:
        conn.begin()
        conn.exec_driver_sql("SAVEPOINT before_batch")
        with pytest.raises(error):
            bulk_insert.insert_rows(conn, THINGS, batch)
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT before_batch")  # as push_batch does
        conn.execute(THINGS.insert(), rows("y"))  # the transaction goes on
        conn.commit()
    assert stored(engine, "x") == []
    assert len(stored(engine, "y")) == len(AWKWARD)
