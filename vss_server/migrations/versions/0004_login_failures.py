"""login limiter counts in the database, shared by every server process (issue 11)

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-15

Frozen: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("drained_at", sa.Float(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_login_failure_drained_at", "login_failure", ["drained_at"])


def downgrade() -> None:
    op.drop_index("ix_login_failure_drained_at", table_name="login_failure")
    op.drop_table("login_failure")
