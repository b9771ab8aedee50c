"""Outreach events (issue 15): a meeting with a union, a booth, a mobile consultation.

An event is a synced record with no household (its scope on the server is its collector).
Its walk-ins are ordinary visits naming it (``Visit.event_id``) at the participants'
households, recorded with :func:`services.save_visit`; a household first met at the
event is created by :func:`add_walkin_household` and names it (``met_at_event``). So the
tallies count walk-in results exactly like door results, each person once per period.

Like the other services, each change is written with its outbox op in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from vss_core import validation as checks
from vss_core.identifiers import Problem
from vss_core.vietnam_time import local_midnight_utc
from vss_desktop.store.db import Store
from vss_desktop.store.metrics import stored_utc
from vss_desktop.store.models import Collection, Event, Household, Person, SyncState, Visit
from vss_desktop.store.services import (
    HouseholdHead,
    HouseholdInput,
    NotFound,
    ValidationFailed,
    _create,
    _get_live,
    _raise_on_errors,
    _soft_delete,
    create_household_in_session,
    update_in_session,
)

_USERNAME_KEY = "username"  # sync.state.USERNAME (the store never imports sync)


@dataclass(frozen=True)
class EventInput:
    """An event as the event form records it (see :func:`save_event`)."""

    kind: str  # vss_core.enums.EventKind
    starts_at: datetime  # timezone-aware (naive is refused like a visit's time)
    province: str
    commune: str
    village: str = ""
    partner: str = ""
    attendees: int = 0
    notes: str = ""

    def fields(self) -> dict[str, Any]:
        """The Event fields but ``collector`` (the server sets it to who pushed the event)."""
        when = self.starts_at
        return {
            "kind": self.kind,
            "starts_at": when.astimezone(UTC) if when.tzinfo else when,  # naive: refused
            "province": self.province,
            "commune": self.commune,
            "village": self.village,
            "partner": self.partner,
            "attendees": self.attendees,
            "notes": self.notes,
        }


def _checked(event: EventInput) -> dict[str, Any]:
    if event.starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    values = checks.normalize_event(event.fields())
    _raise_on_errors(checks.check_event(values))
    return values


def check_event_input(event: EventInput) -> checks.Problems:
    """What :func:`save_event` would refuse or warn about, without writing anything."""
    values = checks.normalize_event(event.fields())
    values["starts_at"] = event.starts_at  # the collector's own day, for the date check
    return checks.check_event(values)


def save_event(store: Store, event: EventInput) -> Event:
    """Create an event (and its create op). Its collector is the signed-in account, as
    the server will set it; "" before the first sign-in."""
    values = _checked(event)
    with store.write() as session:
        username = session.get(SyncState, _USERNAME_KEY)
        record = Event(**values, collector=username.value if username else "")
        _create(session, "event", record)
    return record


def save_event_changes(store: Store, event_id: str, event: EventInput) -> Event:
    """Change an event: one update op carrying only the changed fields, none when
    nothing changed."""
    values = _checked(event)
    with store.write() as session:
        record = _get_live(session, Event, event_id)
        update_in_session(session, "event", record, values)
    return record


def _live_walkins(session: Session, event_id: str) -> int:
    return session.exec(
        select(func.count())
        .select_from(Visit)
        .where(Visit.event_id == event_id, col(Visit.deleted_at).is_(None))
    ).one()


def delete_event(store: Store, event_id: str) -> None:
    """Soft-delete an event; refused (``event.has_walkins``) while live visits name it:
    their results would lose where they were made."""
    with store.write() as session:
        record = _get_live(session, Event, event_id)
        if _live_walkins(session, event_id):
            raise ValidationFailed({"event": [Problem("event.has_walkins")]})
        _soft_delete(session, "event", record)


def get_event(store: Store, event_id: str) -> Event:
    """A live event; NotFound when missing or deleted."""
    with store.read() as session:
        return _get_live(session, Event, event_id)


@dataclass(frozen=True)
class EventRow:
    """An event in the events list, with what its walk-ins brought."""

    id: str
    kind: str
    starts_at: datetime  # aware UTC
    province: str
    commune: str
    village: str
    partner: str
    attendees: int
    walkins: int  # live visits naming the event
    results: int  # their live per-member results
    amount: int  # their amount collected, whole đồng


def list_events(store: Store, start: date | None = None, end: date | None = None) -> list[EventRow]:
    """Live events, newest first; ``start``/``end``: local (Vietnam) calendar days,
    both included (None: no bound)."""
    where = ["e.deleted_at IS NULL"]
    params: dict[str, object] = {}
    if start is not None:
        where.append("e.starts_at >= :lo")
        params["lo"] = stored_utc(local_midnight_utc(start))
    if end is not None:
        where.append("e.starts_at < :hi")
        params["hi"] = stored_utc(local_midnight_utc(end + timedelta(days=1)))
    sql = (
        "SELECT e.id, e.kind, e.starts_at, e.province, e.commune, e.village, e.partner,"
        " e.attendees, count(v.id),"
        " coalesce(sum((SELECT count(*) FROM collection c"
        "  WHERE c.visit_id = v.id AND c.deleted_at IS NULL)), 0),"
        " coalesce(sum(v.amount_collected), 0)"
        " FROM event e LEFT JOIN visit v ON v.event_id = e.id AND v.deleted_at IS NULL"
        f" WHERE {' AND '.join(where)}"
        " GROUP BY e.id ORDER BY e.starts_at DESC, e.id"
    )
    with store.read() as session:
        rows = session.connection().execute(sa.text(sql), params).all()
    return [
        EventRow(
            id=r[0],
            kind=r[1],
            starts_at=_utc(r[2]),
            province=r[3],
            commune=r[4],
            village=r[5],
            partner=r[6],
            attendees=r[7],
            walkins=r[8],
            results=r[9],
            amount=r[10],
        )
        for r in rows
    ]


def _utc(stored: str | datetime) -> datetime:
    """A stored naive UTC time (text in raw SQL) as an aware datetime."""
    moment = datetime.fromisoformat(stored) if isinstance(stored, str) else stored
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class WalkinRow:
    """A walk-in of an event: the visit at the participant's household."""

    visit_id: str
    household_id: str
    head_name: str
    village: str
    visited_at: datetime
    outcome: str
    result_kinds: tuple[str, ...]  # enums.ResultKind of its live results, in their order
    amount_collected: int
    referred_by: str | None  # the referring participant's person id
    referrer_name: str  # "" when none or not on this laptop


def event_walkins(store: Store, event_id: str) -> list[WalkinRow]:
    """The event's live walk-in visits, in visit order."""
    with store.read() as session:
        visits = list(
            session.exec(
                select(Visit, Household)
                .join(Household, col(Household.id) == col(Visit.household_id), isouter=True)
                .where(Visit.event_id == event_id, col(Visit.deleted_at).is_(None))
                .order_by(col(Visit.visited_at), col(Visit.created_at), col(Visit.id))
            )
        )
        ids = [visit.id for visit, _ in visits]
        kinds: dict[str, list[str]] = {}
        for visit_id, kind in session.exec(
            select(Collection.visit_id, Collection.kind)
            .where(col(Collection.visit_id).in_(ids), col(Collection.deleted_at).is_(None))
            .order_by(col(Collection.created_at), col(Collection.id))
        ):
            kinds.setdefault(visit_id, []).append(kind)
        referrers = {v.referred_by for v, _ in visits if v.referred_by}
        names = dict(
            session.exec(
                select(Person.id, Person.full_name).where(col(Person.id).in_(referrers))
            ).all()
        )
    return [
        WalkinRow(
            visit_id=visit.id,
            household_id=visit.household_id,
            head_name=household.head_name if household else "",
            village=household.village if household else "",
            visited_at=visit.visited_at,
            outcome=visit.outcome,
            result_kinds=tuple(kinds.get(visit.id, ())),
            amount_collected=visit.amount_collected,
            referred_by=visit.referred_by,
            referrer_name=names.get(visit.referred_by, "") if visit.referred_by else "",
        )
        for visit, household in visits
    ]


def add_walkin_household(
    store: Store, event_id: str, household: HouseholdInput, head: HouseholdHead | None = None
) -> Household:
    """A new household met at the event (``met_at_event``), and its head when given:
    the same create path as ``save_household`` (one transaction, outbox ops, search
    index). NotFound when the event is not a live one on this laptop."""
    values = household.fields() | {"met_at_event": event_id}
    head_values = head.fields() if head is not None else None
    with store.write() as session:
        _get_live(session, Event, event_id)
        return create_household_in_session(session, values, head_values)


__all__ = [
    "EventInput",
    "EventRow",
    "NotFound",
    "ValidationFailed",
    "WalkinRow",
    "add_walkin_household",
    "check_event_input",
    "delete_event",
    "event_walkins",
    "get_event",
    "list_events",
    "save_event",
    "save_event_changes",
]
