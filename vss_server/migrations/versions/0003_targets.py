"""targets per metric and period, set by supervisors for one collector or for all

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Frozen: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "target",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=True),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("period_kind", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "collector", "metric", "period_kind", "period_start", name="uq_target_key"
        ),
    )
    # NULLs are distinct in a unique constraint: one row per key for every collector.
    op.create_index(
        "uq_target_key_every_collector",
        "target",
        ["metric", "period_kind", "period_start"],
        unique=True,
        sqlite_where=sa.text("collector IS NULL"),
        postgresql_where=sa.text("collector IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_target_key_every_collector", table_name="target")
    op.drop_table("target")
