"""Server tables. They live in their own SQLAlchemy registry, apart from the app's tables.

Record tables carry the shared fields (vss_core.records) plus:
``version`` (the change-feed sequence of their latest change), ``deleted``, and
``field_versions``: for each field, the version and device of its last change,
which is what field-level conflict detection compares a base version against.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import registry
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

server_registry = registry()


class ServerBase(SQLModel, registry=server_registry):
    pass


class ServerRecord(ServerBase):
    id: str = Field(primary_key=True, max_length=36)
    version: int = Field(default=0, sa_type=sa.BigInteger)
    deleted: bool = False
    field_versions: str = Field(default="{}", sa_type=sa.Text)  # {"field": [version, device]}
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Household(ServerRecord, HouseholdFields, table=True):
    pass


class Person(ServerRecord, PersonFields, table=True):
    pass


class Visit(ServerRecord, VisitFields, table=True):
    # The console's figures read a period's visits (vss_server.figures), and re-derive a
    # household's (vss_server.figure_cache).
    __table_args__ = (
        sa.Index("ix_visit_visited_at", "visited_at"),
        sa.Index("ix_visit_household", "household_id"),
    )


class Collection(ServerRecord, CollectionFields, table=True):
    pass


class Event(ServerRecord, EventFields, table=True):
    """An outreach event (issue 15). It belongs to no household: its feed entries carry
    an empty household id and reach the collector who ran it (vss_server.pull)."""

    __table_args__ = (sa.Index("ix_event_starts_at", "starts_at"),)


class FigureFact(ServerBase, table=True):
    """What the console counts, one row per live visit or result (vss_server.figure_cache):
    derived from the records, rebuilt from them at will."""

    __tablename__ = "figure_fact"
    __table_args__ = (
        sa.Index("ix_figure_fact_household", "household_id"),
        sa.Index("ix_figure_fact_who", "who", "kind"),
    )

    id: str = Field(primary_key=True, max_length=40)  # "v:" visit id, "c:" result id
    household_id: str = Field(max_length=36)
    who: str = Field(max_length=36)  # the household (a visit), the person (a result)
    kind: str = Field(max_length=32)  # "visit" or a result kind
    collector: str = Field(max_length=64)
    province: str = Field(max_length=80)
    commune: str = Field(max_length=80)
    day: date
    amount: int = Field(default=0, sa_type=sa.BigInteger)


class FigureCell(ServerBase, table=True):
    """The console's figures per period, commune, kind and collector ("*" for all of
    them): entries, distinct households or people, amount (vss_server.figure_cache)."""

    __tablename__ = "figure_cell"

    period: str = Field(primary_key=True, max_length=8)
    period_start: date = Field(primary_key=True)
    collector: str = Field(primary_key=True, max_length=64)
    province: str = Field(primary_key=True, max_length=80)
    commune: str = Field(primary_key=True, max_length=80)
    kind: str = Field(primary_key=True, max_length=32)
    entries: int = 0
    people: int = 0
    amount: int = Field(default=0, sa_type=sa.BigInteger)


class SearchDoc(ServerBase, table=True):
    """One household's or one member's folded search text (vss_server.search_index)."""

    __tablename__ = "search_doc"
    __table_args__ = (sa.Index("ix_search_doc_household", "household_id"),)

    id: str = Field(primary_key=True, max_length=40)  # "h:" household id, "p:" person id
    household_id: str = Field(max_length=36)
    text: str = Field(sa_type=sa.Text)


class SearchHousehold(ServerBase, table=True):
    """What the console's household list sorts by and shows (vss_server.search_index)."""

    __tablename__ = "search_household"
    __table_args__ = (sa.Index("ix_search_household_order", "village_key", "head_key"),)

    household_id: str = Field(primary_key=True, max_length=36)
    village_key: str = Field(max_length=120)
    head_key: str = Field(max_length=200)
    members: int = 0


RECORDS: dict[str, type[ServerRecord]] = {
    "household": Household,
    "person": Person,
    "visit": Visit,
    "collection": Collection,
    "event": Event,
}


class UserAccount(ServerBase, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    full_name: str = Field(default="", max_length=120)
    role: str = Field(default="collector", max_length=16)  # collector | supervisor
    password_hash: str = Field(max_length=256)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    # Who employs a collector (vss_server.areas.Organisation); "" when not said.
    organisation: str = Field(default="", max_length=24, sa_column_kwargs={"server_default": ""})


class UserArea(ServerBase, table=True):
    """Where an account works: a commune of a province, a whole province (commune ""), or
    everywhere (both ""). A supervisor sees the households of their areas, the collectors
    working there and their figures (vss_server.areas). Names are the administrative
    units' current names (vss_core.admin_units), as households store them."""

    __tablename__ = "user_area"
    __table_args__ = (sa.UniqueConstraint("user_id", "province", "commune", name="uq_user_area"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    province: str = Field(default="", max_length=80)
    commune: str = Field(default="", max_length=80)


class ConsoleSession(ServerBase, table=True):
    """A supervisor's login to the web console (vss_server.console.sessions).

    The browser holds a random token in an HttpOnly cookie; only its hash is stored. A
    session ends at logout, after ``idle`` minutes without a request, or at
    ``expires_at`` whatever happens. ``csrf_token`` is sent back with every form.
    """

    __tablename__ = "console_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class DeviceToken(ServerBase, table=True):
    __tablename__ = "device_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)  # sha256 of the bearer token
    user_id: int = Field(foreign_key="user_account.id", index=True)
    device_id: str = Field(max_length=64, index=True)
    device_name: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Device(ServerBase, table=True):
    """Per-device push bookkeeping: the highest ``seq`` processed; and what the laptop
    said of itself at its last sync (POST /sync/status): its app version, how many
    changes it still had to send and since when, for the console's stale-laptop flags."""

    device_id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id")
    last_seq: int = Field(default=0, sa_type=sa.BigInteger)
    app_version: str = Field(default="", max_length=32, sa_column_kwargs={"server_default": ""})
    status_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    pending_ops: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    oldest_pending_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AppliedOp(ServerBase, table=True):
    """Every processed op with its answer, committed with the data change it made."""

    __tablename__ = "applied_op"

    op_id: str = Field(primary_key=True, max_length=36)
    device_id: str = Field(max_length=64, index=True)
    seq: int = Field(sa_type=sa.BigInteger)
    user_id: int
    entity: str = Field(max_length=16)
    entity_id: str = Field(max_length=36)
    status: str = Field(max_length=12)
    result: str = Field(sa_type=sa.Text)  # the JSON answer, returned again for duplicates
    applied_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ChangeFeed(ServerBase, table=True):
    """The pull feed: one row per record (its latest change), plus removal notices.

    ``audience`` is NULL for data (visible to whoever holds the household) or a
    username for a removal notice meant for the collector who lost the household.
    """

    __tablename__ = "change_feed"
    __table_args__ = (
        sa.Index("ix_change_feed_entity", "entity", "entity_id", "audience"),
        sa.Index("ix_change_feed_household", "household_id", "seq"),
        # Never reuse a sequence number, even the highest one after it was deleted.
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    entity: str = Field(max_length=16)
    entity_id: str = Field(max_length=36)
    household_id: str = Field(max_length=36)
    audience: str | None = Field(default=None, max_length=64, index=True)


class Conflict(ServerBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(max_length=36, index=True)
    entity: str = Field(max_length=16)
    entity_id: str = Field(max_length=36)
    field_name: str = Field(max_length=64)
    server_value: str = Field(sa_type=sa.Text)  # JSON
    client_value: str = Field(sa_type=sa.Text)  # JSON
    base_version: int | None = Field(default=None, sa_type=sa.BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AuditEntry(ServerBase, table=True):
    """Who changed which record, when, from which device. Field names only, never values.

    Written in the same transaction as the change itself: a push writes the lines of its
    ops whose savepoint was released, together after its last op (a rejected op has none).
    ``op_id`` ties a pushed change to its ``applied_op`` answer; admin commands have none and
    ``device_id`` "admin-cli". ``detail`` repeats op id and names as JSON for readers.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_record", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    user_id: int | None = None
    device_id: str = Field(default="", max_length=64)
    action: str = Field(max_length=32)  # create | update | delete | assign
    entity: str = Field(default="", max_length=16)
    entity_id: str = Field(default="", max_length=36)
    op_id: str | None = Field(default=None, max_length=36, index=True)
    field_names: str = Field(
        default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""}
    )  # comma-separated names of the fields this change wrote
    detail: str = Field(default="", sa_type=sa.Text)


class AuthEvent(ServerBase, table=True):
    """Account and device events: logins, logouts, revocations, account changes.

    ``actor_id`` is who acted when it was not the account itself (a supervisor; NULL
    with ``device_id`` "admin-cli" for an admin command). Failed logins are recorded
    for existing accounts only: an unknown username is never stored (it may be a
    password typed in the wrong box).
    """

    __tablename__ = "auth_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    event: str = Field(max_length=32)
    user_id: int | None = Field(default=None, index=True)
    device_id: str = Field(default="", max_length=64)
    actor_id: int | None = None
    detail: str = Field(default="", sa_type=sa.Text)


class Target(ServerBase, table=True):
    """A supervisor's goal for one metric over one calendar period (issue 5).

    ``collector`` NULL is a target for every collector; a collector's own row for the
    same key wins over it (vss_server.targets). ``period_start`` is always the period's
    first day. ``version`` is the ``target_version`` counter in ``server_meta`` at the
    row's last change, so any change, a removal too, moves the counter on. Not in the
    change feed: few rows, and not scoped by household (docs/sync-protocol.md, Targets).
    """

    __tablename__ = "target"
    __table_args__ = (
        sa.UniqueConstraint(
            "collector", "metric", "period_kind", "period_start", name="uq_target_key"
        ),
        # SQL treats NULLs as distinct in a unique constraint: the rows for every
        # collector need their own partial index to stay one per key.
        sa.Index(
            "uq_target_key_every_collector",
            "metric",
            "period_kind",
            "period_start",
            unique=True,
            sqlite_where=sa.text("collector IS NULL"),
            postgresql_where=sa.text("collector IS NULL"),
        ),
    )

    id: str = Field(primary_key=True, max_length=36)
    collector: str | None = Field(default=None, max_length=64)  # NULL: every collector
    metric: str = Field(max_length=32)  # vss_core.enums.Metric
    period_kind: str = Field(max_length=8)  # vss_core.enums.PeriodKind
    period_start: date
    value: int = Field(sa_type=sa.BigInteger)  # people, or whole đồng for amount_collected
    version: int = Field(sa_type=sa.BigInteger)
    updated_by: str = Field(max_length=64)  # username, or "admin-cli"
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Campaign(ServerBase, table=True):
    """A district campaign (issue 15): a supervisor's named drive over a few days in some
    communes, with targets per metric. ``start_date`` and ``end_date`` are local calendar
    days, both inclusive; ``targets`` is a JSON object metric -> value with only the
    metrics given. ``version`` is the ``campaign_version`` counter in ``server_meta`` at
    the row's last change. Like targets, not in the change feed: few rows, sent whole
    (docs/sync-protocol.md, Campaigns).
    """

    __tablename__ = "campaign"

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=120)
    start_date: date
    end_date: date
    targets: str = Field(default="{}", sa_type=sa.Text)
    status: str = Field(default="open", max_length=8)  # open | closed
    created_by: str = Field(max_length=64)  # username, or "admin-cli"
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    version: int = Field(sa_type=sa.BigInteger)


class CampaignCommune(ServerBase, table=True):
    """A commune a campaign covers, by the administrative units' names (vss_server.campaigns)."""

    __tablename__ = "campaign_commune"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "province", "commune", name="uq_campaign_commune"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: str = Field(foreign_key="campaign.id", index=True, max_length=36)
    province: str = Field(max_length=80)
    commune: str = Field(max_length=80)


class LoginFailure(ServerBase, table=True):
    """The login limiter's counts (vss_server.ratelimit), shared by every server process.

    ``key`` is a hash of what is counted (a username, an address, a device id or a pair
    of them), so no username or address is stored. The count leaks away with time:
    ``drained_at`` is when it reaches zero. No attempt under the key before
    ``locked_until``. Both are seconds since the epoch.
    """

    __tablename__ = "login_failure"

    key: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=8)  # pair | user | device | addr
    drained_at: float = Field(sa_type=sa.Float, index=True)
    locked_until: float = Field(default=0.0, sa_type=sa.Float)


class ServerMeta(ServerBase, table=True):
    __tablename__ = "server_meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", sa_type=sa.Text)
