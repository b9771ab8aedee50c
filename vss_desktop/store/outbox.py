"""The outbox: every local change, queued for the server in the change's own transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from vss_core import wire
from vss_core.clock import utcnow
from vss_core.enums import OpKind, OpState
from vss_desktop.store.models import OutboxOp, new_id


def enqueue(
    session: Session,
    entity: str,
    entity_id: str,
    kind: OpKind,
    fields: dict[str, Any],
    base_version: int | None,
) -> OutboxOp:
    op = OutboxOp(**op_row(entity, entity_id, kind, fields, base_version))
    session.add(op)
    session.flush()  # assigns seq inside the same transaction
    return op


def op_row(
    entity: str,
    entity_id: str,
    kind: OpKind,
    fields: dict[str, Any],
    base_version: int | None,
) -> dict[str, Any]:
    """An op's column values but ``seq``, for :func:`enqueue` or :func:`insert_many`."""
    return {
        "op_id": new_id(),
        "entity": entity,
        "entity_id": entity_id,
        "kind": kind,
        "base_version": base_version,
        "fields": json.dumps(wire.encode_fields(fields), ensure_ascii=False),
        "recorded_at": utcnow(),
        "state": OpState.PENDING,
        "result": "",
        "answered_at": None,
        "resolved_at": None,
    }


def insert_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert many :func:`op_row` ops in one statement; their ``seq`` follow the list's
    order (SQLite numbers the rows of an executemany in turn), as separate enqueues would."""
    if rows:
        table = OutboxOp.__table__  # type: ignore[attr-defined]
        session.connection().execute(sa.insert(table), rows)


def pending_count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(OutboxOp).where(OutboxOp.state == OpState.PENDING)
    ).one()


def oldest_pending_at(session: Session) -> datetime | None:
    """When the oldest change still to send was made (None: nothing to send)."""
    return session.exec(
        select(func.min(OutboxOp.recorded_at)).where(OutboxOp.state == OpState.PENDING)
    ).one()


def pending_ops(session: Session, limit: int = 500) -> list[OutboxOp]:
    stmt = (
        select(OutboxOp)
        .where(OutboxOp.state == OpState.PENDING)
        .order_by(col(OutboxOp.seq).asc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def pending_fields(session: Session, entity: str, entity_id: str) -> set[str]:
    """Fields of a record with unsent local changes (pulls must not overwrite them)."""
    names: set[str] = set()
    stmt = select(OutboxOp.fields).where(
        OutboxOp.state == OpState.PENDING,
        OutboxOp.entity == entity,
        OutboxOp.entity_id == entity_id,
    )
    for fields in session.exec(stmt):
        names.update(json.loads(fields))
    return names


def last_answered_seq(session: Session, above: int) -> int | None:
    """The newest op above local seq ``above`` the server has answered (None: none)."""
    return session.exec(
        select(func.max(OutboxOp.seq)).where(
            OutboxOp.state != OpState.PENDING, col(OutboxOp.seq) > above
        )
    ).one()


def resend(session: Session, first_seq: int, last_seq: int) -> int:
    """Put the answered ops from ``first_seq`` to ``last_seq`` (local seqs) back to pending:
    the server lost them (it was restored from a backup taken before they reached it).

    Every op stays in the outbox once answered, so this is always possible. Their stored
    answers stay until the server's new ones replace them; resent, an op the server still
    has is answered ``duplicate`` with its first answer, the others are applied.
    """
    table = OutboxOp.__table__  # type: ignore[attr-defined]
    done = session.connection().execute(
        sa.update(table)
        .where(
            table.c.seq >= first_seq,
            table.c.seq <= last_seq,
            table.c.state != OpState.PENDING,
        )
        .values(state=OpState.PENDING)
    )
    session.expire_all()
    return int(done.rowcount or 0)
