"""Applying a batch of pushed operations: idempotent, one savepoint per op.

Every processed op is recorded in ``applied_op`` with its answer, in the same
transaction as the data change it made, so a batch retried after a lost
response applies nothing twice and gets the same answers back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlmodel import Session, select

from vss_desktop.domain import validation as checks
from vss_desktop.domain.records import FIELDS_BY_ENTITY
from vss_server import feed
from vss_server.inputs import safe_name, unstorable_paths
from vss_server.models import (
    RECORDS,
    AppliedOp,
    AuditEntry,
    Conflict,
    Device,
    Household,
    Person,
    ServerRecord,
    UserAccount,
    Visit,
    utcnow,
)

MERGED_ENTITIES = ("household", "person")  # field-level merge; visits/collections have one author
DOMAIN_CHECKS = {
    "household": lambda v: checks.check_household(v),
    "person": lambda v: checks.check_person(v),
    "visit": lambda v: checks.check_visit(v, []),
}


class BatchRefused(Exception):
    """The whole batch is refused (409): nothing in it was applied."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


class OpRejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Op:
    op_id: str
    seq: int
    entity: str
    entity_id: str
    kind: str
    base_version: int | None
    fields: dict[str, Any]


@dataclass
class PushOutcome:
    results: list[dict[str, Any]] = field(default_factory=list)
    applied_through_seq: int = 0


def to_json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_fields(record: ServerRecord, entity: str) -> dict[str, Any]:
    return {
        name: to_json_value(getattr(record, name)) for name in FIELDS_BY_ENTITY[entity].model_fields
    }


def push_batch(session: Session, user: UserAccount, device_id: str, ops: list[Op]) -> PushOutcome:
    device = session.get(Device, device_id)
    if device is None:
        device = Device(device_id=device_id, user_id=user.id or 0, last_seq=0)
        session.add(device)
        session.flush()
    elif device.user_id != user.id:
        # Another account's device id (a laptop handed over, or a forged id): its history
        # is not this account's to continue, nor its last seq to learn. The app answers
        # device_reset by going on under a new random device id; nothing is lost.
        raise BatchRefused(
            "device_reset", "this device id belongs to another account; register a new one"
        )
    _check_sequence(session, device, ops)
    outcome = PushOutcome()
    for op in ops:
        known = session.get(AppliedOp, op.op_id)
        if known is not None and known.user_id != user.id:
            # Another account's op id: its stored answer is not this caller's to read.
            # Not recorded (the id is taken); a retry gets the same answer again.
            outcome.results.append(
                {
                    "op_id": op.op_id,
                    "status": "rejected",
                    "error": {"code": "op_id_taken", "message": "this operation id is taken"},
                }
            )
            device.last_seq = max(device.last_seq, op.seq)
            continue
        if known is not None:
            outcome.results.append(json.loads(known.result) | {"status": "duplicate"})
            device.last_seq = max(device.last_seq, op.seq)
            continue
        answer = _apply_in_savepoint(session, user, device_id, op)
        session.add(
            AppliedOp(
                op_id=op.op_id,
                device_id=device_id,
                seq=op.seq,
                user_id=user.id or 0,
                entity=op.entity[:16],
                entity_id=op.entity_id[:36],
                status=answer["status"],
                result=json.dumps(answer, ensure_ascii=False),
            )
        )
        device.last_seq = max(device.last_seq, op.seq)
        outcome.results.append(answer)
    session.add(device)
    session.flush()
    outcome.applied_through_seq = device.last_seq
    return outcome


def _check_sequence(session: Session, device: Device, ops: list[Op]) -> None:
    """Seq must rise by one from what this device last sent; else the batch is refused."""
    expected = device.last_seq + 1
    previous = None
    for op in ops:
        if previous is not None and op.seq <= previous:
            raise BatchRefused("bad_order", "ops must be sent in increasing seq order")
        previous = op.seq
        if op.seq < expected:
            known = session.get(AppliedOp, op.op_id)
            if known is None or known.device_id != device.device_id or known.seq != op.seq:
                # An old seq with an op we never saw: the device's database was restored.
                raise BatchRefused(
                    "device_reset",
                    "this device's history does not match the server; register a new device id",
                    last_seq=device.last_seq,
                )
            continue
        if op.seq != expected:
            raise BatchRefused(
                "seq_gap", "operations are missing before this batch", expected_seq=expected
            )
        expected += 1


def _apply_in_savepoint(
    session: Session, user: UserAccount, device_id: str, op: Op
) -> dict[str, Any]:
    base = {"op_id": op.op_id}
    nested = session.begin_nested()
    try:
        answer = _apply(session, user, device_id, op)
        nested.commit()
        return base | answer
    except OpRejected as rejected:
        nested.rollback()
        return base | {
            "status": "rejected",
            "error": {"code": rejected.code, "message": rejected.message},
        }
    except sa.exc.IntegrityError:
        nested.rollback()
        return base | {
            "status": "rejected",
            "error": {
                "code": "integrity",
                "message": "the change refers to records that do not exist",
            },
        }
    except sa.exc.DataError:
        # A value the database cannot store that the checks above let through: the op is
        # refused like any invalid value, and only its savepoint is rolled back.
        nested.rollback()
        return base | {
            "status": "rejected",
            "error": {"code": "invalid_value", "message": "a value cannot be stored"},
        }


def _validated(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    model = FIELDS_BY_ENTITY[entity]
    try:
        parsed = model.model_validate(values)
    except pydantic.ValidationError as exc:
        names = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise OpRejected("invalid_fields", f"invalid values for: {', '.join(names)}") from exc
    data = {name: getattr(parsed, name) for name in model.model_fields}
    unstorable = _unstorable_fields(entity, data)
    if unstorable:
        raise OpRejected("invalid_fields", f"values out of range for: {', '.join(unstorable)}")
    domain_check = DOMAIN_CHECKS.get(entity)
    if domain_check is not None:
        problems = domain_check(data)
        if checks.has_errors(problems):
            bad = sorted(
                n for n, items in problems.items() if any(p.severity == "error" for p in items)
            )
            raise OpRejected("invalid_value", f"values not accepted for: {', '.join(bad)}")
    return data


def _unstorable_fields(entity: str, data: dict[str, Any]) -> list[str]:
    """Fields whose valid-looking value the database column cannot hold.

    Integers beyond the column's size (PostgreSQL's INTEGER is 32 bits), times without
    a time zone (the server stores UTC and will not guess the device's zone).
    """
    columns = RECORDS[entity].__table__.columns  # type: ignore[attr-defined]
    bad = []
    for name, value in data.items():
        if isinstance(value, int) and not isinstance(value, bool):
            bits = 64 if isinstance(columns[name].type, sa.BigInteger) else 32
            if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
                bad.append(name)
        elif isinstance(value, datetime) and value.tzinfo is None:
            bad.append(name)
    return sorted(bad)


def _check_collector(session: Session, value: Any) -> None:
    """A household is assigned to an active account, or to nobody ('')."""
    if value in (None, ""):
        return
    user = (
        session.exec(select(UserAccount).where(UserAccount.username == value)).first()
        if isinstance(value, str)
        else None
    )
    if user is None or not user.active:
        raise OpRejected("unknown_collector", "no active account has this username")


def _household_in_scope(session: Session, user: UserAccount, household_id: Any) -> Household:
    household = session.get(Household, household_id) if isinstance(household_id, str) else None
    if household is None or household.deleted:
        raise OpRejected("out_of_scope", "this household is not assigned to you")
    if user.role != "supervisor" and household.collector != user.username:
        raise OpRejected("out_of_scope", "this household is not assigned to you")
    return household


def _apply(session: Session, user: UserAccount, device_id: str, op: Op) -> dict[str, Any]:
    if op.entity not in RECORDS:
        raise OpRejected("unknown_entity", f"unknown entity '{safe_name(op.entity)}'")
    if op.kind not in ("create", "update", "delete"):
        raise OpRejected("unknown_kind", f"unknown operation kind '{safe_name(op.kind)}'")
    unstorable = unstorable_paths(op.fields)
    if unstorable:
        where = ", ".join(unstorable[:10])
        raise OpRejected("invalid_fields", f"text that cannot be stored at: {where}")
    unknown = set(op.fields) - set(FIELDS_BY_ENTITY[op.entity].model_fields)
    if unknown:
        names = ", ".join(safe_name(n) for n in sorted(unknown)[:10])
        raise OpRejected("unknown_fields", f"unknown fields: {names}")
    model = RECORDS[op.entity]
    record = session.get(model, op.entity_id)
    if op.kind == "create":
        return _create(session, user, device_id, op, model, record)
    if record is None:
        raise OpRejected("unknown_record", "this record is not on the server")
    household_id = record.id if op.entity == "household" else record.household_id
    _household_in_scope(session, user, household_id)
    if (
        op.entity not in MERGED_ENTITIES
        and record.created_by != user.username
        and user.role != "supervisor"
    ):
        raise OpRejected("not_author", "only the collector who recorded it can change it")
    if record.deleted:
        raise OpRejected("deleted", "this record was deleted on the server")
    if op.kind == "delete":
        record.deleted = True
        record.version = feed.record_change(session, op.entity, record.id, household_id)
        session.add(record)
        _audit(session, user, device_id, "delete", op, [])
        return {"status": "applied", "version": record.version}
    return _update(session, user, device_id, op, record, household_id)


def _create(session, user, device_id, op, model, existing) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if existing is not None:
        raise OpRejected("already_exists", "a record with this id already exists")
    values = dict(op.fields)
    if op.entity == "household":
        if user.role != "supervisor":
            if values.get("collector") not in (None, "", user.username):
                raise OpRejected("out_of_scope", "a collector creates households for themselves")
            values["collector"] = user.username
        else:
            _check_collector(session, values.get("collector"))
        household_id = op.entity_id
    else:
        household_id = values.get("household_id")
        _household_in_scope(session, user, household_id)
        _check_parents(session, op.entity, values, household_id)
    data = _validated(op.entity, values)
    record = model(id=op.entity_id, created_by=user.username, **data)
    session.add(record)
    session.flush()
    record.version = feed.record_change(session, op.entity, record.id, household_id)
    record.field_versions = json.dumps({name: [record.version, device_id] for name in data})
    session.add(record)
    session.flush()
    _audit(session, user, device_id, "create", op, list(data))
    return {"status": "applied", "version": record.version}


def _check_parents(
    session: Session, entity: str, values: dict[str, Any], household_id: str
) -> None:
    """A visit's results and a person belong to the same household as their parents."""
    if entity == "collection":
        visit = (
            session.get(Visit, values.get("visit_id"))
            if isinstance(values.get("visit_id"), str)
            else None
        )
        if visit is None or visit.household_id != household_id:
            raise OpRejected("bad_reference", "the visit is not in this household")
        person_id = values.get("person_id")
        if person_id is not None:
            person = session.get(Person, person_id) if isinstance(person_id, str) else None
            if person is None or person.household_id != household_id:
                raise OpRejected("bad_reference", "the person is not in this household")


def _update(session, user, device_id, op, record, household_id) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if "household_id" in op.fields and op.fields["household_id"] != getattr(
        record, "household_id", None
    ):
        raise OpRejected("immutable_field", "a record cannot move to another household")
    new_collector = op.fields.get("collector", getattr(record, "collector", None))
    reassigned = op.entity == "household" and new_collector != record.collector
    if reassigned:
        if user.role != "supervisor":
            raise OpRejected("out_of_scope", "assignments are made by a supervisor")
        _check_collector(session, new_collector)
        if not isinstance(new_collector, str):
            raise OpRejected("invalid_fields", "invalid values for: collector")
        feed.reassign_household(session, record, new_collector)
    current = record_fields(record, op.entity)
    merged = _validated(op.entity, current | op.fields)
    versions: dict[str, list[Any]] = json.loads(record.field_versions or "{}")
    conflicts: dict[str, dict[str, Any]] = {}
    applied: list[str] = []
    base = op.base_version or 0
    for name in op.fields:
        new_value = merged[name]
        server_value = getattr(record, name)
        if new_value == server_value:
            continue
        last = versions.get(name)
        changed_elsewhere = last is not None and last[0] > base and last[1] != device_id
        if op.entity in MERGED_ENTITIES and changed_elsewhere:
            conflicts[name] = {
                "server": to_json_value(server_value),
                "client": to_json_value(new_value),
            }
            continue
        setattr(record, name, new_value)
        applied.append(name)
    if reassigned:  # reassign_household already wrote it; the change is still this op's
        applied.append("collector")
    if applied:
        record.version = feed.record_change(session, op.entity, record.id, household_id)
        for name in applied:
            versions[name] = [record.version, device_id]
        record.field_versions = json.dumps(versions)
        record.updated_at = utcnow()
        session.add(record)
    for name, values in conflicts.items():
        session.add(
            Conflict(
                op_id=op.op_id,
                entity=op.entity,
                entity_id=record.id,
                field_name=name,
                server_value=json.dumps(values["server"], ensure_ascii=False),
                client_value=json.dumps(values["client"], ensure_ascii=False),
                base_version=op.base_version,
            )
        )
    session.flush()
    _audit(session, user, device_id, "update", op, applied, sorted(conflicts))
    answer: dict[str, Any] = {
        "status": "conflict" if conflicts else "applied",
        "version": record.version,
    }
    if conflicts:
        answer["conflict"] = conflicts
        answer["applied_fields"] = applied
    return answer


def _audit(
    session: Session,
    user: UserAccount,
    device_id: str,
    action: str,
    op: Op,
    names: list[str],
    conflicts: list[str] | None = None,
) -> None:
    """One audit line per op that changed (or tried to change) data: names, never values."""
    detail: dict[str, Any] = {"op_id": op.op_id, "fields": names}
    if conflicts:
        detail["conflicts"] = conflicts
    session.add(
        AuditEntry(
            user_id=user.id,
            device_id=device_id,
            action=action,
            entity=op.entity,
            entity_id=op.entity_id,
            op_id=op.op_id,
            field_names=",".join(names),
            detail=json.dumps(detail),
        )
    )


def device_last_seq(session: Session, device_id: str) -> int:
    device = session.exec(select(Device).where(Device.device_id == device_id)).first()
    return device.last_seq if device else 0
