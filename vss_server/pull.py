"""Pull: the changes in a collector's scope after a cursor, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_server.feed import Cursor, server_epoch
from vss_server.models import RECORDS, ChangeFeed, Event, Household, ServerRecord, UserAccount
from vss_server.push import record_fields

MAX_SEQ = 2**63 - 1  # the largest feed sequence a BIGINT (and SQLite's INTEGER) holds


class CursorGone(Exception):
    """The cursor is unknown or from another database: the app must resync (410)."""


def read_cursor(text: str, epoch: str, head: int) -> int:
    """The feed position a cursor of this database stands for; CursorGone for anything else.

    A forged or damaged cursor is refused here, before it reaches a query: a seq beyond
    what a BIGINT holds would fail in the driver (a 500), and one beyond the feed's head
    (a forgery, or a cursor from before the database was restored from a backup) would
    make the app skip every change up to it.
    """
    try:
        cursor = Cursor.decode(text)
    except (ValueError, RecursionError) as exc:
        raise CursorGone("unknown cursor") from exc
    if cursor.epoch != epoch:
        raise CursorGone("cursor from another server database")
    seq = cursor.seq
    if type(seq) is not int or not 0 <= seq <= MAX_SEQ:  # bool is an int to isinstance
        raise CursorGone("unknown cursor")
    if seq > head:
        raise CursorGone("cursor ahead of the feed")
    return seq


def feed_head(session: Session) -> int:
    """The highest sequence in the feed (0 when empty). Each write that drops a row
    appends a newer one, so this is the last sequence ever handed out."""
    head = session.exec(select(sa.func.max(col(ChangeFeed.seq)))).one()
    return head or 0


@dataclass
class PullPage:
    changes: list[dict[str, Any]] = field(default_factory=list)
    cursor: str = ""
    has_more: bool = False


def pull_page(session: Session, user: UserAccount, cursor_text: str | None, limit: int) -> PullPage:
    epoch = server_epoch(session)
    after = read_cursor(cursor_text, epoch, feed_head(session)) if cursor_text else 0
    stmt = select(ChangeFeed).where(col(ChangeFeed.seq) > after)
    if user.role != "supervisor":
        mine = select(Household.id).where(Household.collector == user.username)
        # Events belong to no household: a collector pulls the ones they ran.
        my_events = select(Event.id).where(Event.collector == user.username)
        stmt = stmt.where(
            sa.or_(
                sa.and_(col(ChangeFeed.audience).is_(None), col(ChangeFeed.household_id).in_(mine)),
                sa.and_(
                    col(ChangeFeed.audience).is_(None),
                    col(ChangeFeed.entity) == "event",
                    col(ChangeFeed.entity_id).in_(my_events),
                ),
                col(ChangeFeed.audience) == user.username,
            )
        )
    else:
        stmt = stmt.where(col(ChangeFeed.audience).is_(None))
    rows = list(session.exec(stmt.order_by(col(ChangeFeed.seq)).limit(limit + 1)))
    page = PullPage(has_more=len(rows) > limit)
    rows = rows[:limit]
    emitted: set[tuple[str, str]] = set()
    for row in rows:
        if row.audience is not None:
            page.changes.append(
                {"entity": "household", "id": row.entity_id, "version": row.seq, "removed": True}
            )
            continue
        record = session.get(RECORDS[row.entity], row.entity_id)
        assert record is not None  # feed rows are written with their records
        _emit(session, row.entity, record, emitted, page.changes)
    last = rows[-1].seq if rows else after
    page.cursor = Cursor(epoch, last or 0).encode()
    return page


PARENTS = {
    "person": (("household", "household_id"),),
    "visit": (("household", "household_id"),),
    "collection": (("household", "household_id"), ("visit", "visit_id"), ("person", "person_id")),
}


def _emit(
    session: Session,
    entity: str,
    record: ServerRecord,
    emitted: set[tuple[str, str]],
    out: list[dict[str, Any]],
) -> None:
    """Emit a record, preceded by any parent whose own feed entry comes later.

    A parent changed after its child sits later in the feed; sending it first
    lets the app store the child without a dangling reference. The parent's
    own entry, when it comes, is then already applied (same version).
    """
    key = (entity, record.id)
    if key in emitted:
        return
    for parent_entity, attribute in PARENTS.get(entity, ()):
        parent_id = getattr(record, attribute)
        if parent_id is None or (parent_entity, parent_id) in emitted:
            continue
        parent = session.get(RECORDS[parent_entity], parent_id)
        if parent is not None and parent.version > record.version:
            _emit(session, parent_entity, parent, emitted, out)
    emitted.add(key)
    out.append(
        {
            "entity": entity,
            "id": record.id,
            "version": record.version,
            "deleted": record.deleted,
            "fields": record_fields(record, entity),
        }
    )
