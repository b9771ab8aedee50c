"""Long id lists in slices, one ``IN (...)`` statement each (app and server alike).

SQLite caps the bound parameters of a statement and PostgreSQL's driver has a limit too;
500 ids stay far below both while keeping the statements few.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

IDS_PER_STATEMENT = 500
T = TypeVar("T")


def chunks(items: Sequence[T], size: int = IDS_PER_STATEMENT) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
