"""The change feed behind pull: sequence numbers, record versions, removal notices.

The writers are Core statements on the transaction's connection (a push makes a few
per op, so ORM bookkeeping would cost more than the database); ``record_change`` and
``reassign_household`` wrap them for callers holding ORM objects (the admin commands).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from vss_core.records import CHILD_ENTITIES, HOUSEHOLD_KEY
from vss_core.tables import table_of
from vss_server.models import RECORDS, ChangeFeed, Household, ServerMeta

FEED = table_of(ChangeFeed)
HOUSEHOLDS = table_of(Household)

_ADD = FEED.insert()
_DROP_ENTRY = FEED.delete().where(
    FEED.c.entity == sa.bindparam("e"),
    FEED.c.entity_id == sa.bindparam("i"),
    FEED.c.audience.is_(None),
)


def append(conn: sa.Connection, entity: str, entity_id: str, household_id: str) -> int:
    """A record's first feed entry (a new record has none to replace); returns its seq."""
    row = {"entity": entity, "entity_id": entity_id, "household_id": household_id}
    key = conn.execute(_ADD, row).inserted_primary_key
    assert key is not None and key[0] is not None
    return int(key[0])


def move_to_head(conn: sa.Connection, entity: str, entity_id: str, household_id: str) -> int:
    """Move a record to the head of the feed; its new sequence is its new version."""
    conn.execute(_DROP_ENTRY, {"e": entity, "i": entity_id})
    return append(conn, entity, entity_id, household_id)


def reassign(conn: sa.Connection, household_id: str, old: str, collector: str) -> int:
    """Give a household (and everything under it) from ``old`` to ``collector``.

    The old collector gets a removal notice; every record of the household is
    re-sequenced so the new collector's pull, whatever its cursor, receives them.
    Returns the household's new version.
    """
    # A stale removal notice for the new holder would drop what it now owns.
    conn.execute(
        FEED.delete().where(
            FEED.c.entity == "household",
            FEED.c.entity_id == household_id,
            FEED.c.audience == collector,
        )
    )
    if old:
        conn.execute(
            _ADD,
            {
                "entity": "household",
                "entity_id": household_id,
                "household_id": household_id,
                "audience": old,
            },
        )
    version = move_to_head(conn, "household", household_id, household_id)
    conn.execute(
        HOUSEHOLDS.update()
        .where(HOUSEHOLDS.c.id == household_id)
        .values(collector=collector, version=version)
    )
    for entity in CHILD_ENTITIES:
        table = table_of(RECORDS[entity])
        # In feed order, so the records keep their order relative to each other.
        ids = sa.select(table.c.id).where(table.c.household_id == household_id)
        for (record_id,) in conn.execute(ids.order_by(table.c.version)).all():
            child_version = move_to_head(conn, entity, record_id, household_id)
            conn.execute(
                table.update().where(table.c.id == record_id).values(version=child_version)
            )
    return version


def record_change(session: Session, entity: str, entity_id: str, household_id: str) -> int:
    """``move_to_head`` for an ORM session: pending changes are flushed first."""
    session.flush()
    return move_to_head(session.connection(), entity, entity_id, household_id)


def reassign_household(session: Session, household: Household, collector: str) -> bool:
    """``reassign`` for an ORM session, keeping the session's loaded objects in step."""
    old = household.collector
    if old == collector:
        return False
    session.flush()
    version = reassign(session.connection(), household.id, old, collector)
    set_committed_value(household, "collector", collector)
    set_committed_value(household, "version", version)
    # Each child model and the field tying it to its household (vss_core.records).
    household_key: dict[type[object], str] = {
        RECORDS[entity]: HOUSEHOLD_KEY[entity] for entity in CHILD_ENTITIES
    }
    for loaded in list(session.identity_map.values()):
        key = household_key.get(type(loaded))
        if key is not None and getattr(loaded, key) == household.id:
            session.expire(loaded, ["version"])
    return True


def server_epoch(session: Session) -> str:
    """A random id of this database (set by the first migration run); cursors carry it."""
    meta = session.get(ServerMeta, "epoch")
    if meta is None:
        raise RuntimeError("server database not initialised: run the migrations")
    return meta.value


@dataclass(frozen=True)
class Cursor:
    epoch: str
    seq: int

    def encode(self) -> str:
        raw = json.dumps({"e": self.epoch, "s": self.seq}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Raises ValueError for anything that is not a cursor this server made."""
        padded = text + "=" * (-len(text) % 4)
        try:
            data = json.loads(base64.urlsafe_b64decode(padded.encode()))
            epoch, seq = data["e"], data["s"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError("malformed cursor") from exc
        if not isinstance(epoch, str) or not isinstance(seq, int) or seq < 0:
            raise ValueError("malformed cursor")
        return cls(epoch, seq)


def marked_field_versions(current: str, versions: dict[str, int], device: str) -> str:
    """``field_versions`` (JSON) with each named field marked as changed at its version by
    ``device``: a laptop's unsent edit of one of them then meets it as a conflict on push,
    as it meets any server change (docs/sync-protocol.md); its other edits apply."""
    marks = json.loads(current or "{}")
    marks |= {name: [version, device] for name, version in versions.items()}
    return json.dumps(marks)
