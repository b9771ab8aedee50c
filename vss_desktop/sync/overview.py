"""What the window shows and settles about sync (Qt-free): its status, the open issues
(conflicts and rejections) and their resolution, the log of runs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from vss_core.clock import utcnow
from vss_core.enums import OpState
from vss_core.records import FIELDS_BY_ENTITY
from vss_desktop.store import Store, outbox, services
from vss_desktop.store.models import ENTITIES, Household, OutboxOp, Person, SyncRun
from vss_desktop.sync import state


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    server_url: str
    username: str
    last_sync_at: datetime | None
    pending: int
    open_issues: int
    auto_sync: bool


@dataclass(frozen=True)
class FieldConflict:
    field: str
    mine: Any
    server: Any


@dataclass(frozen=True)
class Issue:
    """A change the server did not take as sent: a conflict to settle or a rejection."""

    seq: int
    kind: str  # "conflict" | "rejected"
    entity: str
    entity_id: str
    label: str  # whose record it is (a name), for the collector to recognise it
    recorded_at: datetime
    conflicts: list[FieldConflict]
    error_code: str
    error_message: str


def status(store: Store) -> SyncStatus:
    with store.read() as session:
        last = state.get(session, state.LAST_SYNC_AT)
        issues = session.exec(
            select(sa.func.count())
            .select_from(OutboxOp)
            .where(
                col(OutboxOp.state).in_([OpState.CONFLICT, OpState.REJECTED]),
                col(OutboxOp.resolved_at).is_(None),
            )
        ).one()
        return SyncStatus(
            configured=bool(
                state.get(session, state.SERVER_URL) and state.get(session, state.TOKEN)
            ),
            server_url=state.get(session, state.SERVER_URL),
            username=state.get(session, state.USERNAME),
            last_sync_at=datetime.fromisoformat(last) if last else None,
            pending=outbox.pending_count(session),
            open_issues=issues,
            auto_sync=state.get(session, state.AUTO_SYNC, "1") == "1",
        )


def set_auto_sync(store: Store, enabled: bool) -> None:
    with store.write() as session:
        state.put(session, state.AUTO_SYNC, "1" if enabled else "0")


def _label(session: Any, entity: str, entity_id: str) -> str:
    record = session.get(ENTITIES[entity], entity_id) if entity in ENTITIES else None
    if isinstance(record, Person):
        return record.full_name
    if isinstance(record, Household):
        return record.head_name
    household = session.get(Household, getattr(record, "household_id", "")) if record else None
    return household.head_name if household else ""


def open_issues(store: Store) -> list[Issue]:
    with store.read() as session:
        rows = session.exec(
            select(OutboxOp)
            .where(
                col(OutboxOp.state).in_([OpState.CONFLICT, OpState.REJECTED]),
                col(OutboxOp.resolved_at).is_(None),
            )
            .order_by(col(OutboxOp.seq))
        ).all()
        issues = []
        for op in rows:
            answer = json.loads(op.result or "{}")
            error = answer.get("error") or {}
            issues.append(
                Issue(
                    seq=op.seq or 0,
                    kind=op.state,
                    entity=op.entity,
                    entity_id=op.entity_id,
                    label=_label(session, op.entity, op.entity_id),
                    recorded_at=op.recorded_at,
                    conflicts=[
                        FieldConflict(name, values.get("client"), values.get("server"))
                        for name, values in (answer.get("conflict") or {}).items()
                    ],
                    error_code=error.get("code", ""),
                    error_message=error.get("message", ""),
                )
            )
        return issues


def resolve_conflict(store: Store, seq: int, keep_mine: list[str]) -> None:
    """Settle a conflict: the fields in ``keep_mine`` go out again as a new update (with
    the current base version); the others keep the server's value. Then it is closed."""
    with store.write() as session:
        op = session.get(OutboxOp, seq)
        if op is None or op.state != OpState.CONFLICT or op.resolved_at is not None:
            raise services.NotFound("no open conflict with this number")
        answer = json.loads(op.result or "{}")
        conflicts = answer.get("conflict") or {}
        record = session.get(ENTITIES[op.entity], op.entity_id)
        if record is not None and record.deleted_at is None:
            fields_model = FIELDS_BY_ENTITY[op.entity]
            wanted = {name: conflicts[name]["client"] for name in keep_mine if name in conflicts}
            current = {n: getattr(record, n) for n in fields_model.model_fields}
            typed = fields_model.model_validate(current | wanted)  # JSON values back to dates...
            services.update_in_session(
                session, op.entity, record, {name: getattr(typed, name) for name in wanted}
            )
        op.resolved_at = utcnow()
        session.add(op)


def dismiss_issue(store: Store, seq: int) -> None:
    """The collector has read a rejection (or accepts the server's values): close it."""
    with store.write() as session:
        op = session.get(OutboxOp, seq)
        if op is None or op.state not in (OpState.CONFLICT, OpState.REJECTED):
            raise services.NotFound("no such issue")
        op.resolved_at = op.resolved_at or utcnow()
        session.add(op)


def sync_log(store: Store, limit: int = 100) -> list[SyncRun]:
    with store.read() as session:
        return list(session.exec(select(SyncRun).order_by(col(SyncRun.id).desc()).limit(limit)))
