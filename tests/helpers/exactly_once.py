"""The exactly-once check of a laptop's outbox against the server's record of applied ops
(tests/test_sync_crash.py, tests/helpers/device_fleet.py)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from vss_desktop.store.models import OutboxOp


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
