"""the supervisors' console: areas of accounts, organisations, console sessions, what
laptops report of themselves at each sync (issue 14)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Existing supervisors get the area "everywhere", so they keep seeing everything.

Frozen: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("organisation", sa.String(length=24), nullable=False, server_default="")
        )
    op.create_table(
        "user_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "province", "commune", name="uq_user_area"),
    )
    op.create_index("ix_user_area_user_id", "user_area", ["user_id"])
    op.execute(
        "INSERT INTO user_area (user_id, province, commune)"
        " SELECT id, '', '' FROM user_account WHERE role = 'supervisor'"
    )
    op.create_table(
        "console_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_console_session_user_id", "console_session", ["user_id"])
    op.create_index("ix_visit_visited_at", "visit", ["visited_at"])
    with op.batch_alter_table("device") as batch:
        batch.add_column(
            sa.Column("app_version", sa.String(length=32), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("status_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("pending_ops", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("oldest_pending_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_visit_visited_at", table_name="visit")
    with op.batch_alter_table("device") as batch:
        for name in ("oldest_pending_at", "pending_ops", "status_at", "app_version"):
            batch.drop_column(name)
    op.drop_index("ix_console_session_user_id", table_name="console_session")
    op.drop_table("console_session")
    op.drop_index("ix_user_area_user_id", table_name="user_area")
    op.drop_table("user_area")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("organisation")
