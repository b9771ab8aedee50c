"""outreach events: event; visit.event_id, visit.referred_by; household.met_at_event (issue 15)

An event is a synced record like a visit, with no household. Walk-ins are visits that
name their event; a referral names the participant (a person) who brought the family;
a household first met at an event names it. Existing rows get NULL: door visits and
households from a list. Nothing before this version could hold an event, so the pull
cursor stays: no full resync of the scope over a slow link.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.Column("village", sa.String(length=80), nullable=False),
        sa.Column("partner", sa.String(length=120), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_event_starts_at", "event", ["starts_at"])
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("event_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("referred_by", sa.String(length=36), nullable=True))
        batch.create_index("ix_visit_event_id", ["event_id"])
    with op.batch_alter_table("household") as batch:
        batch.add_column(sa.Column("met_at_event", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("household") as batch:
        batch.drop_column("met_at_event")
    with op.batch_alter_table("visit") as batch:
        batch.drop_index("ix_visit_event_id")
        batch.drop_column("referred_by")
        batch.drop_column("event_id")
    op.drop_index("ix_event_starts_at", table_name="event")
    op.drop_table("event")
