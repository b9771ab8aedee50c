"""Pull: the changes in a collector's scope after a cursor, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from vss_server.feed import Cursor, server_epoch
from vss_server.models import RECORDS, ChangeFeed, Household, ServerRecord, UserAccount
from vss_server.push import record_fields


class CursorGone(Exception):
    """The cursor is unknown or from another database: the app must resync (410)."""


@dataclass
class PullPage:
    changes: list[dict[str, Any]] = field(default_factory=list)
    cursor: str = ""
    has_more: bool = False


def pull_page(session: Session, user: UserAccount, cursor_text: str | None, limit: int) -> PullPage:
    epoch = server_epoch(session)
    after = 0
    if cursor_text:
        try:
            cursor = Cursor.decode(cursor_text)
        except ValueError as exc:
            raise CursorGone("unknown cursor") from exc
        if cursor.epoch != epoch:
            raise CursorGone("cursor from another server database")
        after = cursor.seq
    stmt = select(ChangeFeed).where(ChangeFeed.seq > after)
    if user.role != "supervisor":
        mine = select(Household.id).where(Household.collector == user.username)
        stmt = stmt.where(
            sa.or_(
                sa.and_(ChangeFeed.audience.is_(None), ChangeFeed.household_id.in_(mine)),
                ChangeFeed.audience == user.username,
            )
        )
    else:
        stmt = stmt.where(ChangeFeed.audience.is_(None))
    rows = list(session.exec(stmt.order_by(ChangeFeed.seq).limit(limit + 1)))
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
