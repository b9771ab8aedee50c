"""Tables the server derives from its records and keeps current from the change feed
(the console's figures, vss_server.figure_cache; its search, vss_server.search_index).

Every server write to a record moves it to the head of the feed under the feed lock, and
holds that lock until it commits: the feed rows a statement sees are a gap-free prefix. So a
keeper that reads the head first, then the households changed since its watermark,
re-derives them and writes that head as its new watermark misses nothing, without taking
the feed lock itself (server_db.keeper_session); what commits meanwhile is derived again
by the next refresh. A missing watermark means "derive everything".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import sqlalchemy as sa

from vss_core.tables import table_of
from vss_server.models import ChangeFeed, ServerMeta

FEED, META = table_of(ChangeFeed), table_of(ServerMeta)
CHUNK = 500  # households re-derived per statement
T = TypeVar("T")
log = logging.getLogger(__name__)


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


class Follower:
    """Brings the kept tables up to the feed in one background thread after a push, so
    the page that reads them next rarely has anything left to derive (a morning's syncs
    otherwise land on the first supervisor who opens the overview).

    At most one refresh per ``interval_s`` while pushes keep coming: a refresh derives each
    changed household once however many pushes touched it, so refreshing after every push
    of a busy hour would spend the server's cores on work the next one redoes (issue 17:
    20 devices pushing at once ran at 1,440 ops/s with a refresh after each push, against
    1,940 with the refreshes held back by the feed lock). A page view still refreshes
    first, so nothing it shows is older than its request.
    """

    def __init__(
        self,
        engine: sa.Engine,
        keepers: Sequence[Callable[[sa.Engine], object]],
        interval_s: float = 2.0,
    ):
        self._engine, self._keepers = engine, tuple(keepers)
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._running = self._again = False

    def kick(self) -> None:
        """Refresh soon; a kick while a refresh runs makes it run once more after."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, name="kept-tables", daemon=True).start()

    def idle(self) -> bool:
        with self._lock:
            return not self._running

    def _run(self) -> None:
        while True:
            started = time.monotonic()
            for keep in self._keepers:
                try:
                    keep(self._engine)
                except Exception as exc:  # noqa: BLE001 - the next page's refresh retries
                    # The kind only: a database error's text quotes row values.
                    log.warning("keeping the console's tables failed: %s", type(exc).__name__)
            with self._lock:
                if not self._again:
                    self._running = False
                    return
            # Pushes came meanwhile: let them gather before the next refresh.
            time.sleep(max(0.0, self.interval_s - (time.monotonic() - started)))
            with self._lock:
                self._again = False
