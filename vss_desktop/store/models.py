"""SQLModel tables of the local store.

Field lists follow shared/design/domain.md (§4 identifiers, §6 forms). Every
synced record has an app-chosen UUID, UTC timestamps, a soft-delete marker and
the last server version seen (``server_version``) for the sync engine.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(sa.types.TypeDecorator):
    """Stores naive UTC in SQLite, always hands back aware UTC datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class SyncedRecord(SQLModel):
    """Columns shared by every record that travels to the server."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    server_version: int | None = Field(default=None)


class Household(SyncedRecord, table=True):
    code: str = Field(default="", index=True, max_length=20)  # mã hộ gia đình, may be unknown
    head_name: str = Field(default="", max_length=120)
    province: str = Field(default="", max_length=80)
    commune: str = Field(default="", max_length=80)
    village: str = Field(default="", index=True, max_length=80)  # thôn/bản/tổ dân phố
    house_number: str = Field(default="", max_length=40)
    street: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=15)
    notes: str = Field(default="")
    collector: str = Field(default="", max_length=64)  # assigned collector's username
    # Flagged by the collector: uninsured members, but the family could afford to join.
    could_afford: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class Person(SyncedRecord, table=True):
    __table_args__ = (sa.Index("ix_person_household_status", "household_id", "bhyt_status"),)

    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    full_name: str = Field(max_length=120)
    date_of_birth: date | None = None
    sex: str = Field(default="", max_length=1)  # enums.Sex
    relation: str = Field(default="other", max_length=16)  # enums.Relation
    cccd: str = Field(default="", max_length=12, index=True)
    bhxh_code: str = Field(default="", max_length=10, index=True)
    bhyt_card_number: str = Field(default="", max_length=15)
    bhyt_expiry: date | None = Field(default=None, index=True)
    bhyt_status: str = Field(default="none", max_length=16)  # enums.BhytStatus
    vsi_paid_until: date | None = None  # voluntary social insurance paid up to
    phone: str = Field(default="", max_length=15)
    ethnic_minority: bool = False
    poor: bool = False
    near_poor: bool = False
    notes: str = Field(default="")


class Visit(SyncedRecord, table=True):
    __table_args__ = (sa.Index("ix_visit_household_time", "household_id", "visited_at"),)

    household_id: str = Field(foreign_key="household.id", max_length=36)
    visited_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    collector: str = Field(default="", max_length=64)
    outcome: str = Field(max_length=16)  # enums.Outcome
    promised_date: date | None = None  # when the family promised to pay
    follow_up_date: date | None = Field(default=None, index=True)
    amount_collected: int = 0  # whole đồng
    receipt_number: str = Field(default="", max_length=40)
    notes: str = Field(default="")


class Collection(SyncedRecord, table=True):
    """One per-member result of a visit: an enrolment, a renewal, an app install..."""

    visit_id: str = Field(foreign_key="visit.id", index=True, max_length=36)
    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=36)
    kind: str = Field(max_length=32)  # enums.ResultKind
    amount: int = 0  # whole đồng, 0 when nothing was paid for this result
    months: int | None = None  # period paid for, when relevant
    rule_values: str = Field(default="")  # JSON of the rule parameters used (domain.md)


class OutboxOp(SQLModel, table=True):
    """A local change waiting for (or answered by) the server.

    Written in the same transaction as the change itself; ``seq`` is the
    per-device, strictly increasing, gap-free counter of the sync protocol.
    """

    __tablename__ = "outbox"

    seq: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    )
    op_id: str = Field(default_factory=new_id, unique=True, max_length=36)
    entity: str = Field(max_length=16)
    entity_id: str = Field(index=True, max_length=36)
    kind: str = Field(max_length=8)  # enums.OpKind
    base_version: int | None = None
    fields: str = Field(default="{}")  # JSON object of the fields this op sets
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    state: str = Field(default="pending", index=True, max_length=12)  # enums.OpState
    result: str = Field(default="")  # JSON of the server's answer, once stored
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class SyncState(SQLModel, table=True):
    """Key/value bookkeeping of the sync engine (cursor, device id, ...)."""

    __tablename__ = "sync_state"

    key: str = Field(primary_key=True, max_length=64)
    value: str = ""


# Tables whose rows travel over the sync protocol, by protocol entity name.
ENTITIES: dict[str, type[SyncedRecord]] = {
    "household": Household,
    "person": Person,
    "visit": Visit,
    "collection": Collection,
}

# Local bookkeeping columns that never travel as fields.
LOCAL_COLUMNS = frozenset({"id", "created_at", "updated_at", "deleted_at", "server_version"})


def synced_fields(model: type[SyncedRecord]) -> list[str]:
    return [name for name in model.model_fields if name not in LOCAL_COLUMNS]
