"""district campaigns: campaign, campaign_commune (issue 15)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

A supervisor's campaign: name, local dates (both inclusive), the communes it covers and
its targets per metric. Not in the change feed; the ``campaign_version`` counter in
server_meta moves on with every change (vss_server.campaigns).

Frozen: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "campaign_commune",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "province", "commune", name="uq_campaign_commune"),
    )
    op.create_index("ix_campaign_commune_campaign_id", "campaign_commune", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_commune_campaign_id", table_name="campaign_commune")
    op.drop_table("campaign_commune")
    op.drop_table("campaign")
