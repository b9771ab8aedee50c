"""Writing what the server said into the local database.

Push answers are stored on their outbox rows; pulled changes update records
without touching fields that still have unsent local changes (those travel
with their own base version and meet the server's conflict rule).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlmodel import Session, select

from vss_desktop.domain.enums import OpState
from vss_desktop.domain.records import FIELDS_BY_ENTITY
from vss_desktop.store import outbox, search
from vss_desktop.store.models import (
    ENTITIES,
    Collection,
    Household,
    OutboxOp,
    Person,
    SyncedRecord,
    Visit,
    utcnow,
)

ANSWER_STATES = {s.value for s in OpState} - {OpState.PENDING.value}


def store_push_results(
    session: Session, sent: list[OutboxOp], results: list[dict[str, Any]]
) -> Counter[str]:
    """Record the server's answer on each op; returns how many of each status."""
    by_id = {op.op_id: op for op in sent}
    counts: Counter[str] = Counter()
    now = utcnow()
    for result in results:
        op = by_id.get(result.get("op_id", ""))
        status = result.get("status")
        if op is None or status not in ANSWER_STATES:
            continue  # an answer we did not ask for: ignore rather than guess
        if status == OpState.DUPLICATE:
            # A resend whose first answer was lost: the server repeats that answer.
            # Keep its conflict or rejection, or it would vanish from the open issues.
            if result.get("conflict"):
                status = OpState.CONFLICT
            elif result.get("error"):
                status = OpState.REJECTED
        op.state = status
        op.result = json.dumps(result, ensure_ascii=False)
        op.answered_at = now
        session.add(op)
        counts[status] += 1
    # Record versions are not raised here: another device may have changed other
    # fields in between, and only the pull brings the whole record at that version.
    session.flush()
    return counts


def _typed_fields(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Server JSON to Python values, by the shared field definitions; unknown names dropped."""
    model = FIELDS_BY_ENTITY[entity]
    known = {k: v for k, v in fields.items() if k in model.model_fields}
    try:
        parsed = model.model_validate(known)
    except pydantic.ValidationError as exc:
        raise ValueError(f"server sent invalid {entity} fields") from exc
    return {name: getattr(parsed, name) for name in known}


def apply_changes(session: Session, changes: list[dict[str, Any]]) -> int:
    """Apply one pulled page. Foreign keys are checked at commit (parents may follow)."""
    session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    applied = 0
    for change in changes:
        entity, record_id = change["entity"], change["id"]
        if change.get("removed"):
            applied += drop_household(session, record_id)
            continue
        if entity not in ENTITIES:
            continue  # a newer server's entity this app does not know yet
        applied += _apply_record(
            session,
            entity,
            record_id,
            int(change["version"]),
            bool(change.get("deleted")),
            change.get("fields") or {},
        )
    session.flush()
    return applied


def _apply_record(
    session: Session,
    entity: str,
    record_id: str,
    version: int,
    deleted: bool,
    fields: dict[str, Any],
) -> int:
    model = ENTITIES[entity]
    values = _typed_fields(entity, fields)
    record = session.get(model, record_id)
    if record is None:
        record = model(id=record_id, server_version=version, **values)
        if deleted:
            record.deleted_at = utcnow()
        session.add(record)
        session.flush()
        _reindex(session, entity, record)
        return 1
    if record.server_version is not None and record.server_version >= version:
        return 0  # already have this version or a newer one
    pending = outbox.pending_fields(session, entity, record_id)
    has_pending = bool(pending) or _has_pending_ops(session, entity, record_id)
    for name, value in values.items():
        if name not in pending:
            setattr(record, name, value)
    if deleted and not has_pending:
        record.deleted_at = record.deleted_at or utcnow()
    record.server_version = version
    record.updated_at = utcnow()
    session.add(record)
    session.flush()
    _reindex(session, entity, record)
    return 1


def _has_pending_ops(session: Session, entity: str, record_id: str) -> bool:
    stmt = select(OutboxOp.seq).where(
        OutboxOp.state == OpState.PENDING,
        OutboxOp.entity == entity,
        OutboxOp.entity_id == record_id,
    )
    return session.exec(stmt).first() is not None


def _reindex(session: Session, entity: str, record: SyncedRecord) -> None:
    if isinstance(record, Household):
        search.index_household(session, record)
    elif isinstance(record, Person):
        search.index_person(session, record)


def drop_household(session: Session, household_id: str) -> int:
    """The household left this collector's scope: remove the local copy, unless it holds
    unsent changes (those must reach the server first; the next sync removes it)."""
    ids: dict[str, list[str]] = {"household": [household_id]}
    for entity, model in (("person", Person), ("visit", Visit), ("collection", Collection)):
        ids[entity] = list(session.exec(select(model.id).where(model.household_id == household_id)))
    for entity, entity_ids in ids.items():
        if (
            entity_ids
            and session.exec(
                select(OutboxOp.seq).where(
                    OutboxOp.state == OpState.PENDING,
                    OutboxOp.entity == entity,
                    OutboxOp.entity_id.in_(entity_ids),
                )
            ).first()
            is not None
        ):
            return 0
    session.flush()
    conn = session.connection()
    for person_id in ids["person"]:
        search.remove(session, "p:" + person_id)
    search.remove(session, "h:" + household_id)
    for model in (Collection, Visit, Person):
        conn.execute(sa.delete(model).where(model.household_id == household_id))
    conn.execute(sa.delete(Household).where(Household.id == household_id))
    session.expunge_all()  # the identity map may hold rows deleted behind its back
    return 1
