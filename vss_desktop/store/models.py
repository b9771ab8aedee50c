"""SQLModel tables of the local store.

The synced fields come from vss_core.records (shared with the server). Every
synced record has an app-chosen UUID, UTC timestamps, a soft-delete marker and
the last server version seen (``server_version``) for the sync engine.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from vss_core.clock import utcnow
from vss_core.records import (
    CollectionFields,
    EventFields,
    HouseholdFields,
    PersonFields,
    UtcDateTime,
    VisitFields,
)


def new_id() -> str:
    return str(uuid.uuid4())


class SyncedRecord(SQLModel):
    """Columns shared by every record that travels to the server."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    server_version: int | None = Field(default=None)


class Household(SyncedRecord, HouseholdFields, table=True):
    # A small local integer for this household (never synced, never reused). The
    # search index packs it into its row ids, and a trigger assigns it on insert.
    local_key: int | None = Field(default=None, unique=True)


class Person(SyncedRecord, PersonFields, table=True):
    __table_args__ = (sa.Index("ix_person_household_status", "household_id", "bhyt_status"),)


class Visit(SyncedRecord, VisitFields, table=True):
    __table_args__ = (
        sa.Index("ix_visit_household_time", "household_id", "visited_at"),
        # Covers "latest live visit per household" (Today lists, follow-ups due).
        sa.Index(
            "ix_visit_live_latest",
            "household_id",
            "visited_at",
            "follow_up_date",
            sqlite_where=sa.text("deleted_at IS NULL"),
        ),
    )

    visited_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Collection(SyncedRecord, CollectionFields, table=True):
    pass


class Event(SyncedRecord, EventFields, table=True):
    """An outreach event the collector ran (issue 15); its walk-ins are visits that
    name it (``Visit.event_id``)."""

    __table_args__ = (sa.Index("ix_event_starts_at", "starts_at"),)


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
    # A conflict or rejection the collector has dealt with (picked a value, dismissed).
    resolved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class SyncRun(SQLModel, table=True):
    """One line of the sync log the collector can read."""

    __tablename__ = "sync_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    status: str = Field(default="running", max_length=16)  # ok | offline | login | error
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    rejected: int = 0
    message: str = Field(default="", max_length=500)


class SyncState(SQLModel, table=True):
    """Key/value bookkeeping of the sync engine (cursor, device id, ...)."""

    __tablename__ = "sync_state"

    key: str = Field(primary_key=True, max_length=64)
    value: str = ""


class Target(SQLModel, table=True):
    """A goal for one metric over one calendar period (issue 5, domain.md §6).

    Local for now: not in ``ENTITIES`` and never queued in the outbox. Rows with
    ``source='server'`` are meant to be filled by the sync engine from a pull, when a
    supervisor sets targets on the server: the engine will upsert them on the unique key
    (metric, period, source) keeping the server's ``id`` and ``server_version``, and
    delete them when the server does. Local rows are never sent. Where both exist for
    a period, the server's wins for display (store.targets.effective_targets); the
    local one is kept, so clearing the server's brings it back.
    """

    __tablename__ = "target"
    __table_args__ = (
        sa.UniqueConstraint(
            "metric", "period_kind", "period_start", "source", name="uq_target_period"
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    metric: str = Field(max_length=32)  # enums.Metric
    period_kind: str = Field(max_length=8)  # enums.PeriodKind
    period_start: date  # first day of the period (local calendar)
    value: int  # people, or whole đồng for the amount collected
    source: str = Field(default="local", max_length=8)  # targets.TargetSource
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    server_version: int | None = Field(default=None)  # for server rows, once pulled


class Campaign(SQLModel, table=True):
    """A named date range (e.g. a 7-day campaign in May) whose tally makes a report.

    Dates are local calendar days, both inclusive. ``source='local'``: typed in on this
    laptop, never sent. ``source='server'``: a district campaign set by a supervisor,
    replaced whole at each sync (store.campaigns_sync), read-only here; it keeps the
    server's ``id`` and ``server_version``, its ``targets`` (JSON object metric -> int)
    and ``communes`` (JSON list of [province, commune]), and ``status`` open|closed.
    """

    __tablename__ = "campaign"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    name: str = Field(max_length=120)
    start_date: date
    end_date: date
    notes: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # Server defaults: rows from before migration 0007 are local, open, without targets.
    source: str = Field(default="local", max_length=8, sa_column_kwargs={"server_default": "local"})
    server_version: int | None = None
    targets: str = Field(default="{}", sa_type=sa.Text, sa_column_kwargs={"server_default": "{}"})
    communes: str = Field(default="[]", sa_type=sa.Text, sa_column_kwargs={"server_default": "[]"})
    status: str = Field(default="open", max_length=8, sa_column_kwargs={"server_default": "open"})


class Village(SQLModel, table=True):
    """A village (thôn, bản, tổ dân phố) of a commune, in the collector's own list.

    There is no national coded list of villages (domain.md §5): the collector keeps one
    per commune, in route order. Local only (not synced); households keep the name as
    text, so the list suggests names and orders them, it never renames records.
    """

    __tablename__ = "village"
    __table_args__ = (sa.Index("ix_village_commune_position", "commune", "position"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    commune: str = Field(max_length=80)  # as written on households (Household.commune)
    name: str = Field(max_length=80)
    position: int = 0  # the collector's order within the commune
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


# Tables whose rows travel over the sync protocol, by protocol entity name.
ENTITIES: dict[str, type[SyncedRecord]] = {
    "household": Household,
    "person": Person,
    "visit": Visit,
    "collection": Collection,
    "event": Event,
}

# Local bookkeeping columns that never travel as fields.
LOCAL_COLUMNS = frozenset(
    {"id", "created_at", "updated_at", "deleted_at", "server_version", "local_key"}
)


def synced_fields(model: type[SyncedRecord]) -> list[str]:
    return [name for name in model.model_fields if name not in LOCAL_COLUMNS]


def is_raw_sql_table(name: str) -> bool:
    """Tables made by plain SQL in migrations (FTS5 index and its shadows, counters),
    which the models do not describe and schema comparisons must leave alone."""
    return name.startswith("search_") or name == "list_version"
