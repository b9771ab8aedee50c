"""Typed access to the SQLAlchemy table behind a SQLModel table model.

SQLModel sets ``__table__`` on every ``table=True`` class but does not declare it, so
the type checker sees no such attribute; SQLAlchemy's mapper has it, typed.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> sa.Table:
    """The table of ``model`` (a ``table=True`` SQLModel class)."""
    table = sa.inspect(model).local_table
    if not isinstance(table, sa.Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def string_length(model: type[SQLModel], column: str) -> int:
    """The declared length of a string column (its ``max_length``)."""
    column_type = table_of(model).c[column].type
    if isinstance(column_type, sa.types.TypeDecorator):  # SQLModel's AutoString wraps String
        column_type = column_type.impl_instance
    if not isinstance(column_type, sa.String) or column_type.length is None:
        raise TypeError(f"{model.__name__}.{column} is not a string of limited length")
    return column_type.length
