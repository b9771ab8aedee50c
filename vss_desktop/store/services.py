"""Service functions: the only way user changes reach the database.

Each function validates its input, writes the change, keeps the search index
current and queues the outbox operation, all in one transaction: either the
change and its operation are both stored, or neither is.

The forms write typed inputs (``save_visit``, ``save_household``, ``save_person`` and
their ``*_changes``) and build on the functions taking field dicts, which stay for the
tests and for the sync code (``update_in_session``).

The ``*_in_session`` functions are the same changes inside a caller's transaction (the
list import writes a whole file in one): the functions above open a transaction and
call them, so there is one code path. Given an :class:`IndexBatch`, they leave the
search documents to the batch, written together before the transaction commits; given
a :class:`WriteBatch` (the import's), the new rows and the outbox ops too (issue 17).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any, Final, TypeVar, overload

import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlmodel import Session, col, select

from vss_core import validation as checks
from vss_core.clock import utcnow
from vss_core.enums import OpKind, Relation
from vss_core.identifiers import Problem
from vss_desktop.store import outbox, search
from vss_desktop.store.db import Store
from vss_desktop.store.models import (
    Collection,
    Event,
    Household,
    Person,
    SyncedRecord,
    Visit,
    synced_fields,
)

R = TypeVar("R", bound=SyncedRecord)


class ValidationFailed(ValueError):
    """Input that must not be saved; ``problems`` maps field names to problems."""

    def __init__(self, problems: checks.Problems) -> None:
        super().__init__(", ".join(f"{k}: {[p.code for p in v]}" for k, v in problems.items()))
        self.problems = problems


class NotFound(LookupError):
    pass


def _raise_on_errors(problems: checks.Problems) -> None:
    if checks.has_errors(problems):
        raise ValidationFailed(problems)


def _known_fields(model: type[SyncedRecord], values: dict[str, Any]) -> dict[str, Any]:
    allowed = set(synced_fields(model))
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown {model.__name__} fields: {sorted(unknown)}")
    return values


def _get_live(session: Session, model: type[R], record_id: str) -> R:
    record = session.get(model, record_id)
    if record is None or record.deleted_at is not None:
        raise NotFound(f"{model.__name__} {record_id}")
    return record


class IndexBatch:
    """Search documents of many records changed in one transaction, written together
    (:func:`search.index_many`, the same documents as ``index_household`` and
    ``index_person``) by :meth:`write`, which the caller runs before committing."""

    def __init__(self) -> None:
        self.households: dict[str, Any] = {}  # Household, or a WriteBatch's NewRecord
        self.persons: dict[str, Any] = {}

    def add(self, record: SyncedRecord | NewRecord) -> None:
        if isinstance(record, Household):
            self.households[record.id] = record
        elif isinstance(record, Person):
            self.persons[record.id] = record
        # A NewRecord is in the batch already: WriteBatch.create put it there.

    def write(self, session: Session) -> None:
        session.flush()  # new households' local keys, which the documents' row ids hold
        search.index_many(session, self.households.values(), self.persons.values())
        self.households.clear()
        self.persons.clear()


class NewRecord(SimpleNamespace):
    """A household or person created in a :class:`WriteBatch`, not inserted yet: its
    column values as attributes, read and changed like a model's (the checks, ``_update``
    and the search text builders do). After the batch's ``write`` the row is the truth."""

    id: str


@cache
def _column_defaults(model: type[SyncedRecord]) -> tuple[tuple[str, Any, Any], ...]:
    """(name, default, factory) of each column, as the model fills them on creation
    (read once: pydantic's own get_default inspects the factory's signature per call)."""
    out = []
    for name, info in model.model_fields.items():
        default = None if info.default is PydanticUndefined else info.default
        out.append((name, default, info.default_factory))
    return tuple(out)


def _new_row(model: type[SyncedRecord], values: dict[str, Any]) -> NewRecord:
    """The values ``model(**values)`` would insert, every column present."""
    row = {
        name: factory() if factory else default
        for name, default, factory in _column_defaults(model)
    }
    return NewRecord(**(row | values))


class WriteBatch(IndexBatch):
    """An :class:`IndexBatch` that also holds the writes of many changes in one transaction
    (the list import): new households and persons as rows, and every outbox op in the
    order it was queued, inserted by :meth:`write` in a few executemany statements instead
    of an ORM object and a flush per record. The ops' ``seq`` follows the queue order,
    as if each had been enqueued at once; changes to stored records stay ORM updates."""

    def __init__(self) -> None:
        super().__init__()
        self.new: dict[type[SyncedRecord], dict[str, NewRecord]] = {Household: {}, Person: {}}
        self.ops: list[dict[str, Any]] = []

    def create(self, entity: str, model: type[SyncedRecord], values: dict[str, Any]) -> NewRecord:
        """A new record and its create op (the fields as ``_create`` sends them)."""
        row = _new_row(model, values)
        self.new[model][row.id] = row
        (self.households if model is Household else self.persons)[row.id] = row
        fields = {name: getattr(row, name) for name in synced_fields(model)}
        self.queue(entity, row.id, OpKind.CREATE, fields, None)
        return row

    def created(self, model: type[SyncedRecord], record_id: str) -> NewRecord | None:
        """A record this batch created and has not written yet."""
        return self.new[model].get(record_id)

    def queue(
        self,
        entity: str,
        entity_id: str,
        kind: OpKind,
        fields: dict[str, Any],
        base_version: int | None,
    ) -> None:
        self.ops.append(outbox.op_row(entity, entity_id, kind, fields, base_version))

    def write(self, session: Session) -> None:
        conn = session.connection()
        for model, rows in self.new.items():  # households first: persons refer to them
            if rows:
                table = model.__table__  # type: ignore[attr-defined]
                conn.execute(sa.insert(table), [vars(row) for row in rows.values()])
                rows.clear()
        session.flush()  # the stored records' changes, before their ops
        outbox.insert_many(session, self.ops)
        self.ops.clear()
        super().write(session)


def _index(session: Session, record: SyncedRecord | NewRecord, batch: IndexBatch | None) -> None:
    """Keep the record's search document current: now, or in ``batch``."""
    if batch is not None:
        batch.add(record)
    elif isinstance(record, Household):
        search.index_household(session, record)
    elif isinstance(record, Person):
        search.index_person(session, record)


def _new(
    session: Session,
    entity: str,
    model: type[R],
    values: dict[str, Any],
    index: IndexBatch | None,
) -> R | NewRecord:
    """A new record and its create op: in a WriteBatch's rows, else inserted now."""
    if isinstance(index, WriteBatch):
        return index.create(entity, model, values)
    record = model(**values)
    _create(session, entity, record)
    return record


def _live_household(
    session: Session, household_id: str, index: IndexBatch | None
) -> Household | NewRecord:
    """A live household, maybe one a WriteBatch created and has not inserted yet."""
    if isinstance(index, WriteBatch) and (new := index.created(Household, household_id)):
        return new
    return _get_live(session, Household, household_id)


def _create(session: Session, entity: str, record: SyncedRecord) -> None:
    session.add(record)
    fields = {name: getattr(record, name) for name in synced_fields(type(record))}
    # enqueue's flush inserts the record with its op (one flush per record, not two).
    outbox.enqueue(session, entity, record.id, OpKind.CREATE, fields, None)


def _update(
    session: Session,
    entity: str,
    record: SyncedRecord | NewRecord,
    changes: dict[str, Any],
    batch: IndexBatch | None = None,
) -> bool:
    """Apply only the values that differ; queue an update op carrying just those."""
    changed = {k: v for k, v in changes.items() if getattr(record, k) != v}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(record, name, value)
    record.updated_at = utcnow()
    if isinstance(batch, WriteBatch):  # the batch flushes the record and inserts the op
        if not isinstance(record, NewRecord):
            session.add(record)
        batch.queue(entity, record.id, OpKind.UPDATE, changed, record.server_version)
        return True
    session.add(record)
    session.flush()
    outbox.enqueue(session, entity, record.id, OpKind.UPDATE, changed, record.server_version)
    return True


def update_in_session(
    session: Session,
    entity: str,
    record: SyncedRecord | NewRecord,
    changes: dict[str, Any],
    *,
    index: IndexBatch | None = None,
) -> bool:
    """Update a record inside a caller's transaction, keeping the search index current."""
    changed = _update(session, entity, record, changes, index)
    if changed:
        _index(session, record, index)
    return changed


def _soft_delete(session: Session, entity: str, record: SyncedRecord) -> None:
    record.deleted_at = record.updated_at = utcnow()
    session.add(record)
    session.flush()
    outbox.enqueue(session, entity, record.id, OpKind.DELETE, {}, record.server_version)


# --- households -------------------------------------------------------------


def create_household(
    store: Store, values: dict[str, Any], head: dict[str, Any] | None = None
) -> Household:
    """Create a household, and its head as first member when ``head`` is given."""
    with store.write() as session:
        return create_household_in_session(session, values, head)


# A WriteBatch is an IndexBatch that gives back NewRecords: overloads tried in order.
@overload
def create_household_in_session(  # type: ignore[overload-overlap]
    session: Session,
    values: dict[str, Any],
    head: dict[str, Any] | None = None,
    *,
    index: WriteBatch,
) -> NewRecord: ...


@overload
def create_household_in_session(
    session: Session,
    values: dict[str, Any],
    head: dict[str, Any] | None = None,
    *,
    index: IndexBatch | None = None,
) -> Household: ...


def create_household_in_session(
    session: Session,
    values: dict[str, Any],
    head: dict[str, Any] | None = None,
    *,
    index: IndexBatch | None = None,
) -> Household | NewRecord:
    """:func:`create_household` inside a caller's transaction; checked before any write.
    In a WriteBatch, the household is a NewRecord until the batch writes it."""
    values = checks.normalize_household(_known_fields(Household, values))
    _raise_on_errors(checks.check_household(values))
    if head is not None:
        head = _head_values(values, head)
        _raise_on_errors(checks.check_person(head))
    household = _new(session, "household", Household, values, index)
    _index(session, household, index)
    if head is not None:
        person = _new(session, "person", Person, {"household_id": household.id, **head}, index)
        _index(session, person, index)
    return household


def _head_values(household: dict[str, Any], head: dict[str, Any]) -> dict[str, Any]:
    """A new household's head as person values: named after the household unless named."""
    head = checks.normalize_person(_known_fields(Person, head))
    head.setdefault("full_name", household.get("head_name", ""))
    head["relation"] = Relation.HEAD
    return head


def update_household(store: Store, household_id: str, changes: dict[str, Any]) -> Household:
    """Change a household's fields (its head member's name is left as it is)."""
    changes = _checked_household_changes(changes)
    with store.write() as session:
        household = _get_live(session, Household, household_id)
        update_in_session(session, "household", household, changes)
    return household


def _checked_household_changes(changes: dict[str, Any]) -> dict[str, Any]:
    changes = checks.normalize_household(_known_fields(Household, changes))
    _raise_on_errors(checks.check_household(changes))
    return changes


def update_household_in_session(
    session: Session,
    household: Household,
    changes: dict[str, Any],
    *,
    index: IndexBatch | None = None,
) -> bool:
    """Change a household's given fields inside a caller's transaction; a new head name
    renames its head member too. True when the household itself changed."""
    values = _checked_household_changes(changes)
    if "head_name" in values:
        _rename_head(session, household.id, values["head_name"], index)
    return update_in_session(session, "household", household, values, index=index)


def _rename_head(
    session: Session, household_id: str, name: str, index: IndexBatch | None = None
) -> None:
    """Give the household's head member (read in this transaction) the household's name."""
    if isinstance(index, WriteBatch):  # a head it created is read from the table too
        index.write(session)
    head = session.exec(
        select(Person)
        .where(
            Person.household_id == household_id,
            Person.relation == Relation.HEAD,
            col(Person.deleted_at).is_(None),
        )
        .order_by(col(Person.created_at), col(Person.id))
    ).first()
    if head is not None:
        update_in_session(session, "person", head, {"full_name": name}, index=index)


def delete_household(store: Store, household_id: str) -> None:
    """Soft-delete a household and its members (visits stay: they happened)."""
    with store.write() as session:
        household = _get_live(session, Household, household_id)
        members = session.exec(
            select(Person).where(
                Person.household_id == household_id, col(Person.deleted_at).is_(None)
            )
        )
        for person in list(members):
            _soft_delete(session, "person", person)
            search.index_person(session, person)
        _soft_delete(session, "household", household)
        search.index_household(session, household)


# --- persons ----------------------------------------------------------------


def _sync_head_name(
    session: Session, person: Person | NewRecord, index: IndexBatch | None = None
) -> None:
    """The household carries its head's name for lists; keep them equal."""
    if person.relation != Relation.HEAD:
        return
    household = _live_household(session, person.household_id, index)
    update_in_session(session, "household", household, {"head_name": person.full_name}, index=index)


def create_person(store: Store, household_id: str, values: dict[str, Any]) -> Person:
    with store.write() as session:
        return create_person_in_session(session, household_id, values)


@overload
def create_person_in_session(  # type: ignore[overload-overlap]
    session: Session, household_id: str, values: dict[str, Any], *, index: WriteBatch
) -> NewRecord: ...


@overload
def create_person_in_session(
    session: Session,
    household_id: str,
    values: dict[str, Any],
    *,
    index: IndexBatch | None = None,
) -> Person: ...


def create_person_in_session(
    session: Session,
    household_id: str,
    values: dict[str, Any],
    *,
    index: IndexBatch | None = None,
) -> Person | NewRecord:
    """:func:`create_person` inside a caller's transaction; checked before any write.
    In a WriteBatch, the person is a NewRecord until the batch writes it."""
    values = checks.normalize_person(_known_fields(Person, values))
    values.pop("household_id", None)
    _raise_on_errors(checks.check_person(values))
    _live_household(session, household_id, index)
    person = _new(session, "person", Person, {"household_id": household_id, **values}, index)
    _index(session, person, index)
    _sync_head_name(session, person, index)
    return person


def update_person(store: Store, person_id: str, changes: dict[str, Any]) -> Person:
    with store.write() as session:
        person = _get_live(session, Person, person_id)
        update_person_in_session(session, person, changes)
    return person


def update_person_in_session(
    session: Session,
    person: Person,
    changes: dict[str, Any],
    *,
    index: IndexBatch | None = None,
) -> bool:
    """Change a member's given fields inside a caller's transaction (checked with its
    stored ones); True when something changed."""
    changes = checks.normalize_person(_known_fields(Person, changes))
    merged = {name: getattr(person, name) for name in synced_fields(Person)} | changes
    _raise_on_errors(checks.check_person(merged))
    if not _update(session, "person", person, changes, index):
        return False
    _index(session, person, index)
    _sync_head_name(session, person, index)
    return True


def delete_person(store: Store, person_id: str) -> None:
    with store.write() as session:
        person = _get_live(session, Person, person_id)
        _soft_delete(session, "person", person)
        search.index_person(session, person)


# --- typed households and members (the forms' input) ---------------------------
#
# A new record is a frozen dataclass of its fields. A change is a dataclass whose fields
# default to UNSET: "only these fields changed" is the fields given, checked by name
# and type like any call (a misspelt field is a TypeError, not a silently ignored key),
# and it reads the same as the new record's input. Keyword-only: nine text fields in a
# row are too easy to shift by one.


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET  # a field a change leaves as it is


def _given(record: Any) -> dict[str, Any]:
    """A typed input's fields as record values, without those left UNSET."""
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    return {name: value for name, value in values.items() if value is not UNSET}


@dataclass(frozen=True, kw_only=True)
class HouseholdInput:
    """A new household as the household form records it (see :func:`save_household`)."""

    head_name: str
    village: str
    code: str = ""
    house_number: str = ""
    street: str = ""
    commune: str = ""
    province: str = ""
    phone: str = ""
    notes: str = ""

    def fields(self) -> dict[str, Any]:
        return _given(self)


@dataclass(frozen=True, kw_only=True)
class HouseholdHead:
    """The head recorded with a new household: named after it, relation "head"."""

    sex: str = ""  # enums.Sex, "" unknown
    date_of_birth: date | None = None
    cccd: str = ""

    def fields(self) -> dict[str, Any]:
        return _given(self)


@dataclass(frozen=True, kw_only=True)
class HouseholdChanges:
    """The fields of a household to change; those left UNSET stay as they are."""

    head_name: str | Unset = UNSET  # renames the head member too (save_household_changes)
    village: str | Unset = UNSET
    code: str | Unset = UNSET
    house_number: str | Unset = UNSET
    street: str | Unset = UNSET
    commune: str | Unset = UNSET
    province: str | Unset = UNSET
    phone: str | Unset = UNSET
    notes: str | Unset = UNSET
    collector: str | Unset = UNSET
    could_afford: bool | Unset = UNSET

    @classmethod
    def every(cls, household: HouseholdInput) -> HouseholdChanges:
        """Every field an edited form holds (the unchanged ones write nothing)."""
        return cls(**household.fields())

    def fields(self) -> dict[str, Any]:
        return _given(self)


@dataclass(frozen=True, kw_only=True)
class PersonInput:
    """A new household member as the member form records it (see :func:`save_person`)."""

    full_name: str
    relation: str  # enums.Relation
    date_of_birth: date | None = None
    sex: str = ""  # enums.Sex, "" unknown
    cccd: str = ""
    bhxh_code: str = ""
    bhyt_card_number: str = ""
    bhyt_expiry: date | None = None
    bhyt_status: str = "none"  # enums.BhytStatus
    vsi_paid_until: date | None = None
    phone: str = ""
    ethnic_minority: bool = False
    poor: bool = False
    near_poor: bool = False
    notes: str = ""

    def fields(self) -> dict[str, Any]:
        return _given(self)


@dataclass(frozen=True, kw_only=True)
class PersonChanges:
    """The fields of a member to change; those left UNSET stay as they are."""

    full_name: str | Unset = UNSET
    relation: str | Unset = UNSET
    date_of_birth: date | None | Unset = UNSET
    sex: str | Unset = UNSET
    cccd: str | Unset = UNSET
    bhxh_code: str | Unset = UNSET
    bhyt_card_number: str | Unset = UNSET
    bhyt_expiry: date | None | Unset = UNSET
    bhyt_status: str | Unset = UNSET
    vsi_paid_until: date | None | Unset = UNSET
    phone: str | Unset = UNSET
    ethnic_minority: bool | Unset = UNSET
    poor: bool | Unset = UNSET
    near_poor: bool | Unset = UNSET
    notes: str | Unset = UNSET

    @classmethod
    def every(cls, person: PersonInput) -> PersonChanges:
        """Every field an edited form holds (the unchanged ones write nothing)."""
        return cls(**person.fields())

    def fields(self) -> dict[str, Any]:
        return _given(self)


def check_household_input(
    household: HouseholdInput, head: HouseholdHead | None = None
) -> checks.Problems:
    """What :func:`save_household` would refuse or warn about, without writing anything.

    The head's problems are under its person field names ("sex", "cccd"...)."""
    values = checks.normalize_household(household.fields())
    problems = checks.check_household(values)
    if head is not None:
        for name, items in checks.check_person(_head_values(values, head.fields())).items():
            problems.setdefault(name, []).extend(items)
    return problems


def check_person_input(person: PersonInput) -> checks.Problems:
    """What :func:`save_person` would refuse or warn about, without writing anything."""
    return checks.check_person(checks.normalize_person(person.fields()))


def save_household(
    store: Store, household: HouseholdInput, head: HouseholdHead | None = None
) -> Household:
    """Create a typed household, and its head as first member (see :func:`create_household`)."""
    head_values = head.fields() if head is not None else None
    return create_household(store, household.fields(), head=head_values)


def save_household_changes(store: Store, household_id: str, changes: HouseholdChanges) -> Household:
    """Change a household in one transaction; a new head name renames its head member too,
    so a failure of either leaves both as they were."""
    with store.write() as session:
        household = _get_live(session, Household, household_id)
        update_household_in_session(session, household, changes.fields())
    return household


def save_person(store: Store, household_id: str, person: PersonInput) -> Person:
    """Add a typed member to a household (see :func:`create_person`)."""
    return create_person(store, household_id, person.fields())


def save_person_changes(store: Store, person_id: str, changes: PersonChanges) -> Person:
    """Change a member's given fields (see :func:`update_person`)."""
    return update_person(store, person_id, changes.fields())


# --- visits -----------------------------------------------------------------


def record_visit(
    store: Store,
    household_id: str,
    values: dict[str, Any],
    results: Iterable[dict[str, Any]] = (),
) -> Visit:
    """Record a visit and its per-member results (collections) in one transaction."""
    values = checks.normalize_visit(_known_fields(Visit, values))
    values.pop("household_id", None)
    values.setdefault("visited_at", utcnow())
    if isinstance(values["visited_at"], datetime) and values["visited_at"].tzinfo is None:
        raise ValueError("visited_at must be timezone-aware")
    values["receipt_number"] = values.get("receipt_number") or ""
    for link in ("event_id", "referred_by"):  # "" from a form: no event, no referrer
        if link in values and not values[link]:
            values[link] = None
    result_list = [checks.nfc_values(r) for r in results]
    _raise_on_errors(checks.check_visit(values, result_list))
    with store.write() as session:
        _get_live(session, Household, household_id)
        _raise_on_errors(_check_event_links(session, household_id, values))
        visit = Visit(household_id=household_id, **values)
        _create(session, "visit", visit)
        for result in result_list:
            person_id = result.get("person_id")
            if person_id is not None:
                person = _get_live(session, Person, person_id)
                if person.household_id != household_id:
                    raise ValidationFailed(
                        {"results": [Problem("visit.member_of_other_household")]}
                    )
            fields = _known_fields(Collection, result)
            row = Collection(**(fields | {"visit_id": visit.id, "household_id": household_id}))
            _create(session, "collection", row)
    return visit


def _check_event_links(
    session: Session, household_id: str, values: dict[str, Any]
) -> checks.Problems:
    """A walk-in's event must be a live event on this laptop; a referrer a live person
    of another household (the participant who brought this family, issue 15)."""
    problems: checks.Problems = {}
    event_id = values.get("event_id")
    if event_id is not None:
        event = session.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            problems["event_id"] = [Problem("visit.unknown_event")]
    referrer_id = values.get("referred_by")
    if referrer_id is not None:
        referrer = session.get(Person, referrer_id)
        if referrer is None or referrer.deleted_at is not None:
            problems["referred_by"] = [Problem("visit.unknown_referrer")]
        elif referrer.household_id == household_id:
            problems["referred_by"] = [Problem("visit.self_referral")]
    return problems


@dataclass(frozen=True)
class VisitResult:
    """One per-member result of a visit: an enrolment, a renewal, an app install..."""

    person_id: str | None
    kind: str  # enums.ResultKind
    amount: int = 0  # whole đồng paid for this result
    months: int | None = None  # period paid for, when relevant
    rule_values: str = ""  # JSON of the rule values the calculator used

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"person_id": self.person_id, "kind": self.kind}
        out |= {"amount": self.amount, "months": self.months}
        return out | ({"rule_values": self.rule_values} if self.rule_values else {})


@dataclass(frozen=True)
class NewVisit:
    """A visit as a form records it, with its results: the typed input of :func:`save_visit`.

    ``visited_at`` must be timezone-aware (None: now). A problem the checks find in the
    N-th result is reported as ``results.N``: ``results[N].person_id`` says whose it is.
    """

    household_id: str
    outcome: str  # enums.Outcome
    visited_at: datetime | None = None
    collector: str = ""
    promised_date: date | None = None
    follow_up_date: date | None = None
    amount_collected: int = 0
    receipt_number: str = ""
    notes: str = ""
    results: tuple[VisitResult, ...] = ()
    event_id: str | None = None  # a walk-in at this outreach event (issue 15)
    referred_by: str | None = None  # the participant (person id) who brought this family

    def values(self) -> dict[str, Any]:
        """The Visit fields (without the household and the results)."""
        when = self.visited_at or utcnow()
        return {
            "visited_at": when.astimezone(UTC) if when.tzinfo else when,  # naive: refused
            "collector": self.collector,
            "outcome": self.outcome,
            "promised_date": self.promised_date,
            "follow_up_date": self.follow_up_date,
            "amount_collected": self.amount_collected,
            "receipt_number": self.receipt_number,
            "notes": self.notes,
            "event_id": self.event_id,
            "referred_by": self.referred_by,
        }

    def result_values(self) -> list[dict[str, Any]]:
        return [result.fields() for result in self.results]


def check_new_visit(visit: NewVisit) -> checks.Problems:
    """What :func:`save_visit` would refuse or warn about, without writing anything."""
    values = visit.values()
    if visit.visited_at is not None:
        values["visited_at"] = visit.visited_at  # the collector's own day, for date checks
    return checks.check_visit(values, visit.result_values())


def save_visit(store: Store, visit: NewVisit) -> Visit:
    """Record a typed visit and its results in one transaction (see :func:`record_visit`)."""
    return record_visit(store, visit.household_id, visit.values(), visit.result_values())


def pending_changes(store: Store) -> int:
    with store.read() as session:
        return outbox.pending_count(session)
