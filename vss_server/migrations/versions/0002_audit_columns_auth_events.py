"""audit entries get op_id and field names as columns; account events get their own table

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Frozen: never edit; add a new revision instead.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("op_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("field_names", sa.Text(), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_audit_entry_op_id"), ["op_id"], unique=False)
        batch_op.create_index("ix_audit_entry_record", ["entity", "entity_id"], unique=False)

    # Entries of pushed ops kept their op id and field names as JSON in ``detail``.
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, detail FROM audit_entry WHERE detail LIKE '{%'"))
    for row_id, detail in rows.all():
        try:
            data = json.loads(detail)
        except ValueError:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("op_id"), str):
            continue
        names = [str(n) for n in data.get("fields") or []]
        conn.execute(
            sa.text("UPDATE audit_entry SET op_id = :o, field_names = :f WHERE id = :i"),
            {"o": data["op_id"][:36], "f": ",".join(names), "i": row_id},
        )

    op.create_table(
        "auth_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auth_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_event_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_event_user_id"))
    op.drop_table("auth_event")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_record")
        batch_op.drop_index(batch_op.f("ix_audit_entry_op_id"))
        batch_op.drop_column("field_names")
        batch_op.drop_column("op_id")
