"""The exactly-once checks of a laptop against the server: its outbox against the server's
record of applied ops, its records against the server's (tests/test_sync_crash.py,
tests/helpers/device_fleet.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from vss_core.records import field_names
from vss_desktop.store import Store
from vss_desktop.store.models import ENTITIES, OutboxOp


def check_ops_on_server(
    db: sa.Engine, device_id: str, ops: Sequence[OutboxOp], ctx: str
) -> dict[str, str]:
    """Nothing pending; each op of the laptop is on the server once, under its device id,
    and the state the laptop shows is the server's answer: a resent op's "duplicate" must
    not hide a conflict or a rejection whose first answer was lost. The server's status
    of each op."""
    assert [op.seq for op in ops if op.state == "pending"] == [], ctx
    with db.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT op_id, status FROM applied_op WHERE device_id = :d"),
            {"d": device_id},
        ).all()
    server_status = {op_id: status for op_id, status in rows}
    assert len(rows) == len(server_status) == len(ops), ctx
    assert set(server_status) == {op.op_id for op in ops}, ctx
    mismatched = [
        (op.seq, op.state, server_status[op.op_id])
        for op in ops
        if op.state != server_status[op.op_id]
        and not (op.state == "duplicate" and server_status[op.op_id] == "applied")
    ]
    assert mismatched == [], ctx
    return server_status


def check_laptop_equals(store: Store, remote: dict[str, dict[str, Any]], ctx: str) -> None:
    """The laptop holds exactly the server's records ``remote`` (entity -> id -> server
    row), each at the server's version, deleted or not alike, field by field."""
    with store.read() as session:
        local = {
            entity: {r.id: r for r in session.exec(select(model))}
            for entity, model in ENTITIES.items()
        }
    for entity in ENTITIES:
        assert set(local[entity]) == set(remote[entity]), (ctx, entity)
        for record_id, mine in local[entity].items():
            theirs = remote[entity][record_id]
            assert mine.server_version == theirs.version, (ctx, entity, record_id)
            assert (mine.deleted_at is not None) == theirs.deleted, (ctx, entity, record_id)
            for name in field_names(entity):
                assert getattr(mine, name) == getattr(theirs, name), (ctx, entity, name)
