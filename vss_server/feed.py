"""The change feed behind pull: sequence numbers, record versions, removal notices."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from vss_server.models import RECORDS, ChangeFeed, Household, ServerMeta


def record_change(session: Session, entity: str, entity_id: str, household_id: str) -> int:
    """Move a record to the head of the feed; its new sequence is its new version."""
    session.execute(
        sa.delete(ChangeFeed).where(
            ChangeFeed.entity == entity,
            ChangeFeed.entity_id == entity_id,
            ChangeFeed.audience.is_(None),
        )
    )
    row = ChangeFeed(entity=entity, entity_id=entity_id, household_id=household_id)
    session.add(row)
    session.flush()
    assert row.seq is not None
    return row.seq


def reassign_household(session: Session, household: Household, collector: str) -> bool:
    """Give a household (and everything under it) to ``collector``.

    The old collector gets a removal notice; every record of the household is
    re-sequenced so the new collector's pull, whatever its cursor, receives them.
    """
    old = household.collector
    if old == collector:
        return False
    household.collector = collector
    session.add(household)
    session.flush()
    # A stale removal notice for the new holder would drop what it now owns.
    session.execute(
        sa.delete(ChangeFeed).where(
            ChangeFeed.entity == "household",
            ChangeFeed.entity_id == household.id,
            ChangeFeed.audience == collector,
        )
    )
    if old:
        session.add(
            ChangeFeed(
                entity="household", entity_id=household.id, household_id=household.id, audience=old
            )
        )
    household.version = record_change(session, "household", household.id, household.id)
    for entity in ("person", "visit", "collection"):
        model = RECORDS[entity]
        for record in session.exec(select(model).where(model.household_id == household.id)):
            record.version = record_change(session, entity, record.id, household.id)
            session.add(record)
    session.add(household)
    session.flush()
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
