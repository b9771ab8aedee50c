"""village: the collector's own list of villages per commune, in route order

Local only: never queued in the outbox (domain.md §5: villages have no national list).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "village",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_village_commune_position", "village", ["commune", "position"])


def downgrade() -> None:
    op.drop_index("ix_village_commune_position", table_name="village")
    op.drop_table("village")
