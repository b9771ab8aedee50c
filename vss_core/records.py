"""The fields of each record that travels between app and server.

Shared by the app's local tables (vss_desktop.store.models) and the server's
tables (vss_server.models), so both sides agree on names, types and lengths.
Field lists follow shared/design/domain.md (§4 identifiers, §6 forms).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Stores naive UTC, always hands back aware UTC datetimes."""

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


class HouseholdFields(SQLModel):
    code: str = Field(default="", index=True, max_length=20)  # mã hộ gia đình, may be unknown
    head_name: str = Field(default="", max_length=120)
    province: str = Field(default="", max_length=80)
    commune: str = Field(default="", max_length=80)
    village: str = Field(default="", index=True, max_length=80)  # thôn/bản/tổ dân phố
    house_number: str = Field(default="", max_length=40)
    street: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=15)
    notes: str = Field(default="", max_length=2000)
    collector: str = Field(default="", max_length=64)  # assigned collector's username
    # Flagged by the collector: uninsured members, but the family could afford to join.
    could_afford: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # The event where this household was first met (a walk-in nobody's list held), or
    # None: a household from a list or a door (issue 15).
    met_at_event: str | None = Field(default=None, max_length=36)


class PersonFields(SQLModel):
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
    notes: str = Field(default="", max_length=2000)


class VisitFields(SQLModel):
    household_id: str = Field(foreign_key="household.id", max_length=36)
    visited_at: datetime = Field(sa_type=UtcDateTime)
    collector: str = Field(default="", max_length=64)
    outcome: str = Field(max_length=16)  # enums.Outcome
    promised_date: date | None = None  # when the family promised to pay
    follow_up_date: date | None = Field(default=None, index=True)
    amount_collected: int = Field(default=0, ge=0)  # whole đồng
    receipt_number: str = Field(default="", max_length=40)
    notes: str = Field(default="", max_length=2000)
    # A walk-in at an outreach event: the event's id (None for a visit at the door).
    event_id: str | None = Field(default=None, max_length=36, index=True)
    # The participant (a person's id) who brought this family: a referral (issue 15).
    referred_by: str | None = Field(default=None, max_length=36)


class EventFields(SQLModel):
    """An outreach event (issue 15): a meeting with a union, a booth, a mobile
    consultation. Its walk-ins are visits with ``event_id`` at their households, so
    the tallies' "each person once per period" keeps a person met at a booth and later
    at home from counting twice."""

    kind: str = Field(max_length=24)  # enums.EventKind
    starts_at: datetime = Field(sa_type=UtcDateTime)
    province: str = Field(default="", max_length=80)
    commune: str = Field(default="", max_length=80)
    village: str = Field(default="", max_length=80)
    partner: str = Field(default="", max_length=120)  # the partner organisation, if any
    attendees: int = Field(default=0, ge=0)  # people present, counted by the collector
    collector: str = Field(default="", max_length=64)  # who ran it (set by the server)
    notes: str = Field(default="", max_length=2000)


class CollectionFields(SQLModel):
    """One per-member result of a visit: an enrolment, a renewal, an app install..."""

    visit_id: str = Field(foreign_key="visit.id", index=True, max_length=36)
    household_id: str = Field(foreign_key="household.id", index=True, max_length=36)
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=36)
    kind: str = Field(max_length=32)  # enums.ResultKind
    amount: int = Field(default=0, ge=0)  # whole đồng, 0 when nothing was paid for this result
    months: int | None = None  # period paid for, when relevant
    rule_values: str = Field(default="", max_length=4000)  # JSON of the rule values used


FIELDS_BY_ENTITY: dict[str, type[SQLModel]] = {
    "household": HouseholdFields,
    "person": PersonFields,
    "visit": VisitFields,
    "collection": CollectionFields,
    "event": EventFields,
}

# Which field ties each entity to its household (the unit of a collector's scope). An
# event belongs to no household: its scope is its collector.
HOUSEHOLD_KEY = {
    "household": "id",
    "person": "household_id",
    "visit": "household_id",
    "collection": "household_id",
}
# The entities under a household, parents first: a collection refers to its visit and person.
CHILD_ENTITIES = ("person", "visit", "collection")
# Fields that only a server knowing events accepts (docs/sync-protocol.md, "Events"):
# an app holds back an op that sets one of them until its server does.
EVENT_FIELDS = {"household": ("met_at_event",), "visit": ("event_id", "referred_by")}


def field_names(entity: str) -> list[str]:
    return list(FIELDS_BY_ENTITY[entity].model_fields)
