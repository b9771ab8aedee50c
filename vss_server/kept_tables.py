"""Tables the server derives from its records and keeps current from the change feed
(the console's figures, vss_server.figure_cache; its search, vss_server.search_index).

Every server write to a record moves it to the head of the feed under the feed lock, so a
keeper that holds the same lock, reads the households changed since its watermark,
re-derives them and writes the feed's head as its new watermark misses nothing. A missing
watermark means "derive everything".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import sqlalchemy as sa

from vss_core.tables import table_of
from vss_server.models import ChangeFeed, ServerMeta

FEED, META = table_of(ChangeFeed), table_of(ServerMeta)
CHUNK = 500  # households re-derived per statement
T = TypeVar("T")


def watermark(conn: sa.Connection, key: str) -> int | None:
    value = conn.execute(sa.select(META.c.value).where(META.c.key == key)).scalar()
    return int(value) if value is not None else None


def set_watermark(conn: sa.Connection, key: str, seq: int) -> None:
    moved = conn.execute(META.update().where(META.c.key == key).values(value=str(seq)))
    if moved.rowcount == 0:
        conn.execute(META.insert().values(key=key, value=str(seq)))


def feed_head(conn: sa.Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(FEED.c.seq), 0))).scalar_one())


def households_changed(conn: sa.Connection, since: int, entities: Iterable[str]) -> list[str]:
    """The households holding a record of ``entities`` changed after feed seq ``since``."""
    query = (
        sa.select(FEED.c.household_id)
        .where(FEED.c.seq > since, FEED.c.audience.is_(None), FEED.c.entity.in_(tuple(entities)))
        .distinct()
    )
    return sorted(conn.execute(query).scalars())


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
